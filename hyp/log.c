// SPDX-License-Identifier: MIT
/*
 * Console logging: formats with newlib's vsnprintf into a bounded buffer and
 * writes the result under one lock. Lines too long for the buffer are
 * truncated, never split across CPUs.
 */
#include <stdio.h>
#include "hyp/arch.h"
#include "hyp/log.h"
#include "hyp/spinlock.h"

#define LOG_LINE_MAX 512

static struct spinlock console_lock = SPINLOCK_INIT;

static void console_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_console_putc('\r');
		arch_console_putc(*s);
	}
}

void log_vprintf(const char *fmt, va_list ap)
{
	char buf[LOG_LINE_MAX];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	spin_lock(&console_lock);
	console_write(buf);
	spin_unlock(&console_lock);
}

void log_crash_begin(void)
{
	unsigned long spins;

	for (spins = 0; spins < 20000000ul; spins++) {
		if (spin_trylock(&console_lock))
			return;
		arch_cpu_relax();
	}
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	log_printf("bulkhead: fatal: ");
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
	log_printf("\n");
	arch_stop(1);
}
