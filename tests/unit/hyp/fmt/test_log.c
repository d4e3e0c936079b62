// SPDX-License-Identifier: MIT
/*
 * Host tests for hyp/log.c on a fake console (arch_console_putc into a
 * buffer, so the generic arch_console_write loop is used): "\n" becomes
 * "\r\n", one call prints at most 511 bytes, fatal() prints its three parts
 * and stops with status 1, and log_crash_begin() takes the console lock,
 * returns at once on the CPU that holds it, and gives up after its bounded
 * wait when another CPU holds it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hyp/arch.h"
#include "hyp/log.h"

static char con[4096];
static size_t con_len;
static unsigned int cpu;
static unsigned long relaxes;
static jmp_buf stop_jmp;
static int stop_status = -1;

const char arch_name[] = "host";

void arch_console_putc(char c)
{
	assert_true(con_len + 1 < sizeof(con));
	con[con_len++] = c;
	con[con_len] = 0;
}

unsigned int arch_cpu_id(void)
{
	return cpu;
}

void arch_cpu_relax(void)
{
	relaxes++;
}

void arch_stop(int status)
{
	stop_status = status;
	longjmp(stop_jmp, 1);
}

static int reset(void **state)
{
	con_len = 0;
	con[0] = 0;
	relaxes = 0;
	return 0;
}

static void test_newlines_and_format(void **state)
{
	log_printf("Bulkhead %s (%s) booting in %s\n", "0.1.0", "arm64", "EL2");
	log_printf("  ram      0x%016llx-0x%016llx (%llu MiB)\n", 0x40000000ull, 0x7fffffffull, 1024ull);
	log_printf("two\nlines %u%%\n", 7u);
	assert_string_equal(con, "Bulkhead 0.1.0 (arm64) booting in EL2\r\n"
			    "  ram      0x0000000040000000-0x000000007fffffff (1024 MiB)\r\n"
			    "two\r\nlines 7%\r\n");
	assert_int_equal(relaxes, 0);	/* the lock was free each time */
}

/* As the 512-byte buffer did: 511 bytes of output per call, the rest cut. */
static void test_long_line_is_cut(void **state)
{
	char big[700], want[600];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	log_printf("[%s]\n", big);
	memset(want, 'z', sizeof(want));
	want[0] = '[';
	want[511] = 0;
	assert_int_equal(con_len, 511);
	assert_string_equal(con, want);
	/* A '\n' inside the first 511 bytes still becomes "\r\n" (one more byte out). */
	reset(NULL);
	big[509] = '\n';
	log_printf("%s", big);
	assert_int_equal(con_len, 512);
	assert_int_equal(con[509], '\r');
	assert_int_equal(con[510], '\n');
	assert_int_equal(con[511], 'z');
}

static void test_fatal(void **state)
{
	if (!setjmp(stop_jmp))
		fatal("no usable memory for the frame allocator (%u ranges)", 3u);
	assert_int_equal(stop_status, 1);
	assert_string_equal(con, "bulkhead: fatal: no usable memory for the frame allocator (3 ranges)\r\n");
	/* The lock was given back before stopping. */
	log_printf("after\n");
	assert_string_equal(con + strlen(con) - 7, "after\r\n");
	assert_int_equal(relaxes, 0);
}

/* Last: the crash path keeps the console lock for good. */
static void test_crash_begin(void **state)
{
	cpu = 1;
	log_crash_begin();			/* free: taken at once */
	assert_int_equal(relaxes, 0);
	log_crash_begin();			/* cpu 1 holds it (crashed while printing): at once */
	assert_int_equal(relaxes, 0);
	cpu = 0;
	log_crash_begin();			/* held by cpu 1: bounded wait, then go on */
	assert_int_equal(relaxes, 20000000ul);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_newlines_and_format, reset),
		cmocka_unit_test_setup(test_long_line_is_cut, reset),
		cmocka_unit_test_setup(test_fatal, reset),
		cmocka_unit_test_setup(test_crash_begin, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
