/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's log on the physical console. Lines from different CPUs
 * never interleave: each call formats into a buffer, then prints it whole
 * under the console lock.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <stdarg.h>
#include "hyp/compiler.h"

/* printf-style output to the physical console. Any CPU, any context. */
void log_printf(const char *fmt, ...) __printf(1, 2);
void log_vprintf(const char *fmt, va_list ap);

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
