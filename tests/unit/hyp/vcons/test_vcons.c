// SPDX-License-Identifier: MIT
/*
 * Host tests for hyp/vcons.c: prefixed whole lines, sanitising, splitting,
 * input routing and the Ctrl-T focus sequence, queue overflow.
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
#include "hyp/vcons.h"

/* Hooks hyp/log.c needs: the "physical console" is a buffer. */
static char phys[8192];
static size_t phys_len;
const char arch_name[] = "host";
void arch_console_putc(char c) { if (phys_len + 1 < sizeof(phys)) phys[phys_len++] = c; phys[phys_len] = 0; }
void arch_cpu_relax(void) {}
unsigned int arch_cpu_id(void) { return 0; }
void arch_stop(int status) { abort(); }

static char out[8192];
static void capture(const char *line) { strncat(out, line, sizeof(out) - strlen(out) - 1); }

static struct vcons_mux mux;

static int setup(void **state)
{
	out[0] = 0;
	phys_len = 0;
	phys[0] = 0;
	vcons_mux_init(&mux, capture);
	assert_int_equal(vcons_add(&mux, "rtos"), 0);
	assert_int_equal(vcons_add(&mux, "linux"), 1);
	return 0;
}

static void put(unsigned int idx, const char *s)
{
	while (*s)
		vcons_putc(&mux, idx, (uint8_t)*s++);
}

static void test_lines_are_whole_and_prefixed(void **state)
{
	put(0, "hel");
	put(1, "boot");
	put(0, "lo\r\n");
	put(1, "ing\n");
	assert_string_equal(out, "[rtos] hello\n[linux] booting\n");
}

static void test_controls_are_neutralised(void **state)
{
	put(0, "a\x1b[2Jb\tc\x7f\n");
	assert_string_equal(out, "[rtos] a?[2Jb\tc?\n");
}

static void test_long_lines_split(void **state)
{
	char expect[2 * VCONS_LINE_MAX + 64];
	unsigned int i;

	for (i = 0; i < VCONS_LINE_MAX + 5; i++)
		vcons_putc(&mux, 1, 'x');
	vcons_putc(&mux, 1, '\n');
	snprintf(expect, sizeof(expect), "[linux] %.*s\n[linux] xxxxx\n", VCONS_LINE_MAX,
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	assert_string_equal(out, expect);
}

static void test_flush_and_bad_index(void **state)
{
	put(0, "partial");
	vcons_flush(&mux, 0);
	vcons_flush(&mux, 0);		/* nothing left: no empty line */
	vcons_putc(&mux, 7, 'x');	/* no such console: ignored */
	vcons_putc(&mux, 1000, 'x');
	assert_string_equal(out, "[rtos] partial\n");
}

static void test_input_focus_and_escape(void **state)
{
	uint8_t c;

	vcons_input(&mux, 'a');
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, '2');
	vcons_input(&mux, 'b');
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, VCONS_ESCAPE);	/* literal Ctrl-T */
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, '9');			/* no partition 9: dropped, focus stays */
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, 'n');			/* wraps to the first */
	vcons_input(&mux, 'c');

	assert_int_equal(vcons_getc(&mux, 0, &c), 0);
	assert_int_equal(c, 'a');
	assert_int_equal(vcons_getc(&mux, 0, &c), 0);
	assert_int_equal(c, 'c');
	assert_int_equal(vcons_getc(&mux, 0, &c), -1);
	assert_int_equal(vcons_getc(&mux, 1, &c), 0);
	assert_int_equal(c, 'b');
	assert_int_equal(vcons_getc(&mux, 1, &c), 0);
	assert_int_equal(c, VCONS_ESCAPE);
	assert_int_equal(vcons_getc(&mux, 1, &c), -1);
	assert_int_equal(vcons_getc(&mux, 5, &c), -1);
	assert_string_equal(out, "bulkhead: console input to \"linux\"\n"
				 "bulkhead: console input to \"rtos\"\n");
}

static void test_input_overflow_drops_and_counts(void **state)
{
	unsigned int i;
	uint8_t c;

	for (i = 0; i < VCONS_RX_SIZE + 10; i++)
		vcons_input(&mux, (uint8_t)('A' + i % 26));
	assert_int_equal(vcons_rx_pending(&mux, 0), VCONS_RX_SIZE);
	assert_int_equal(mux.cons[0].rx_dropped, 10);
	for (i = 0; i < VCONS_RX_SIZE; i++) {
		assert_int_equal(vcons_getc(&mux, 0, &c), 0);
		assert_int_equal(c, 'A' + i % 26);	/* oldest kept, in order */
	}
	assert_int_equal(vcons_rx_pending(&mux, 0), 0);
}

static void test_capacity_and_default_sink(void **state)
{
	unsigned int i;

	vcons_mux_init(&mux, NULL);
	for (i = 0; i < VCONS_MAX; i++)
		assert_int_equal(vcons_add(&mux, "a-very-long-partition-name-that-is-truncated"), (int)i);
	assert_int_equal(vcons_add(&mux, "one-too-many"), -1);
	assert_int_equal(strlen(mux.cons[0].name), VCONS_NAME_MAX - 1);
	vcons_input(&mux, 'x');			/* focus 0 by default */
	assert_int_equal(vcons_rx_pending(&mux, 0), 1);
	put(3, "to the log\n");
	/* The default sink is the hypervisor log, with CR before LF. */
	assert_string_equal(phys, "[a-very-long-partition-name-that] to the log\r\n");
}


/* The receive notification: once per byte queued, for the console that got it, never for dropped bytes. */
static unsigned int notified[2];
static unsigned int notified_pending;	/* queue length seen inside the last notification */

static void note_rx(void *ctx)
{
	unsigned int idx = (unsigned int)(uintptr_t)ctx;

	assert_true(idx < 2);
	notified[idx]++;
	notified_pending = vcons_rx_pending(&mux, idx);	/* the byte is queued before the call */
}

static void test_rx_notify(void **state)
{
	uint8_t c;

	notified[0] = notified[1] = 0;
	vcons_set_rx_notify(&mux, 0, note_rx, (void *)(uintptr_t)0);
	vcons_set_rx_notify(&mux, 1, note_rx, (void *)(uintptr_t)1);
	vcons_set_rx_notify(&mux, 7, note_rx, NULL);	/* no such console: ignored */
	vcons_input(&mux, 'a');
	assert_int_equal(notified[0], 1);
	assert_int_equal(notified_pending, 1);
	vcons_input(&mux, VCONS_ESCAPE);		/* escape and focus switch: nothing queued */
	vcons_input(&mux, '2');
	assert_int_equal(notified[0] + notified[1], 1);
	vcons_input(&mux, 'b');
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, VCONS_ESCAPE);		/* a literal Ctrl-T is queued: notified */
	assert_int_equal(notified[1], 2);
	for (unsigned int i = 0; i < VCONS_RX_SIZE + 5; i++)
		vcons_input(&mux, 'x');
	assert_int_equal(notified[1], VCONS_RX_SIZE);	/* the 7 that did not fit: no notification */
	assert_int_equal(notified[0], 1);
	vcons_set_rx_notify(&mux, 0, NULL, NULL);	/* removed */
	vcons_input(&mux, VCONS_ESCAPE);
	vcons_input(&mux, '1');
	vcons_input(&mux, 'c');
	assert_int_equal(notified[0], 1);
	assert_int_equal(vcons_getc(&mux, 0, &c), 0);
	assert_int_equal(c, 'a');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lines_are_whole_and_prefixed, setup),
		cmocka_unit_test_setup(test_controls_are_neutralised, setup),
		cmocka_unit_test_setup(test_long_lines_split, setup),
		cmocka_unit_test_setup(test_flush_and_bad_index, setup),
		cmocka_unit_test_setup(test_input_focus_and_escape, setup),
		cmocka_unit_test_setup(test_input_overflow_drops_and_counts, setup),
		cmocka_unit_test_setup(test_capacity_and_default_sink, setup),
		cmocka_unit_test_setup(test_rx_notify, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
