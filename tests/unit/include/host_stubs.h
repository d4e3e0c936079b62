/* SPDX-License-Identifier: MIT */
/*
 * Host stand-ins for the hypervisor's arch hooks and log (tests/unit/lib/
 * host_stubs.c), shared by unit tests that link generic code but not
 * hyp/log.c. fatal() (and so BUG_ON) fails the running cmocka test, unless a
 * test expects it with EXPECT_BUG(), which catches it and carries on.
 * arch_cpu_id() is 0 and weak: a test arch (tests/unit/hyp/fakearch) may
 * define its own.
 */
#ifndef TESTS_HOST_STUBS_H
#define TESTS_HOST_STUBS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* Where fatal() jumps when a test expects it (NULL: it fails the test). */
extern jmp_buf *host_bug_jmp;
/* Message of the last fatal()/BUG_ON, "bulkhead: fatal: " stripped. */
extern char host_last_fatal[512];
/* Number of fatal() calls since the program started. */
extern unsigned int host_fatal_count;

/* Everything log_printf() printed since the last host_log_clear(). */
const char *host_log(void);
void host_log_clear(void);

/* Run stmt, which must end in fatal() (BUG_ON); fail the test if it returns. */
#define EXPECT_BUG(stmt)                                                    \
	do {                                                                \
		jmp_buf host_jb_;                                           \
		if (!setjmp(host_jb_)) {                                    \
			host_bug_jmp = &host_jb_;                           \
			stmt;                                               \
			host_bug_jmp = NULL;                                \
			fail_msg("expected a BUG from: %s", #stmt);         \
		}                                                           \
		host_bug_jmp = NULL;                                        \
	} while (0)

#endif
