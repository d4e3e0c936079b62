// SPDX-License-Identifier: MIT
/*
 * Host implementations of the hooks generic code needs (hyp/arch.h,
 * hyp/log.h) for unit tests that do not link hyp/log.c: log output is kept
 * in a buffer, fatal() either fails the test or returns to EXPECT_BUG().
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hyp/arch.h"
#include "hyp/log.h"
#include "host_stubs.h"

jmp_buf *host_bug_jmp;
char host_last_fatal[512];
unsigned int host_fatal_count;

static char log_buf[256 * 1024];
static size_t log_len;

const char arch_name[] = "host";

void arch_cpu_relax(void)
{
}

/* Weak: the fake architecture (tests/unit/hyp/fakearch) simulates several CPUs. */
__attribute__((weak)) unsigned int arch_cpu_id(void)
{
	return 0;
}

void arch_console_putc(char c)
{
	if (log_len + 1 < sizeof(log_buf))
		log_buf[log_len++] = c;
}

void log_vprintf(const char *fmt, va_list ap)
{
	int n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);

	if (n > 0)
		log_len += (size_t)n < sizeof(log_buf) - log_len ? (size_t)n : sizeof(log_buf) - log_len - 1;
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

const char *host_log(void)
{
	return log_buf;
}

void host_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_last_fatal, sizeof(host_last_fatal), fmt, ap);
	va_end(ap);
	host_fatal_count++;
	if (host_bug_jmp) {
		jmp_buf *jb = host_bug_jmp;

		host_bug_jmp = NULL;
		longjmp(*jb, 1);
	}
	fail_msg("unexpected fatal: %s", host_last_fatal);
	abort();
}
