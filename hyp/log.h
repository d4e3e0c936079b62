/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's log on the physical console. Lines from different CPUs
 * never interleave: each call formats (hyp/fmt.h: no floating point; an
 * unsupported conversion prints "%!<c>" and ends the call's output) straight
 * to the console under the console lock. Each call prints at most 511 bytes.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <stdarg.h>
#include "hyp/compiler.h"

/* printf-style output to the physical console. Any CPU, any context. */
void log_printf(const char *fmt, ...) __printf(1, 2);
void log_vprintf(const char *fmt, va_list ap) __printf(1, 0);

/*
 * Called by a CPU about to print a crash dump (it will then stop the
 * machine): takes the console lock if it comes free within a bounded wait and
 * never gives it back, so no other CPU's log line lands inside the dump. If
 * this CPU crashed while printing (it holds the lock), returns at once; if
 * the lock does not come free (a CPU may have crashed while holding it), the
 * dump is printed anyway. Any context.
 */
void log_crash_begin(void);

/*
 * A fatal error the hypervisor cannot continue from (bad boot information, a
 * broken invariant): prints "bulkhead: fatal: <message>" and stops the machine
 * with a failure status.
 */
__noreturn void fatal(const char *fmt, ...) __printf(1, 2);

/* Always-on assertion for the hypervisor's own invariants (never for input). */
#define BUG_ON(cond)                                                        \
	do {                                                                \
		if (unlikely(cond))                                         \
			fatal("BUG at %s:%d: %s", __FILE__, __LINE__, #cond); \
	} while (0)

#endif
