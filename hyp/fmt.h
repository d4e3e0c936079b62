/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's printf-style formatter: no floating point, no allocation,
 * no global state (any CPU, any context, reentrant), every loop bounded.
 * Output goes to a sink in chunks (the console, or a bounded buffer), so the
 * log is printed without an intermediate copy.
 *
 * Supported: the C99 conversions d i u o x X c s p %, the flags - + space #
 * 0, a width and a precision (a number or *), and the length modifiers hh h
 * l ll z j t. Widths and precisions above FMT_FIELD_MAX are taken as
 * FMT_FIELD_MAX. %p prints like newlib's: 0x and lower-case hex digits (0x0
 * for NULL); a NULL %s prints "(null)", cut to the precision.
 * Anything else (floating point, %n, %L..., wide characters) prints the
 * visible marker "%!<conversion>" and ends the output there: no further
 * argument is read, so a bad format can never read arguments of the wrong
 * type. GCC checks every caller's format (__printf).
 */
#ifndef HYP_FMT_H
#define HYP_FMT_H

#include <stdarg.h>
#include <stddef.h>
#include "hyp/compiler.h"

/* Largest width or precision honoured (keeps every padding loop short). */
#define FMT_FIELD_MAX	4096

struct fmt_sink;

/* Receives n > 0 bytes of output, in order; s is not NUL-terminated. */
typedef void fmt_write_fn(struct fmt_sink *sink, const char *s, size_t n);

/* Where fmt_vformat() sends its output. Embed it in a larger struct for state. */
struct fmt_sink {
	fmt_write_fn *write;
};

/*
 * Format fmt with the arguments ap into sink, in chunks. Returns the number
 * of bytes produced (what a big enough snprintf() buffer would hold). Any
 * context; reentrant.
 */
size_t fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap);

/*
 * snprintf()/vsnprintf() semantics on fmt_vformat(): writes at most size
 * bytes into buf, always NUL-terminated when size > 0, and returns the length
 * the whole output has (so a return value >= size means it was cut). Like
 * newlib's, a size above INT_MAX is refused: returns -1 and writes nothing.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
