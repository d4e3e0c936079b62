/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers used everywhere (hypervisor and host tests). No
 * architecture knowledge lives here.
 */
#ifndef HYP_COMPILER_H
#define HYP_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define __must_check	__attribute__((warn_unused_result))
#define __noreturn	__attribute__((noreturn))
/* Token-identical to newlib's <sys/cdefs.h>, so either may come first. */
#define __unused	__attribute__((__unused__))
#define __packed	__attribute__((__packed__))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define __section(x)	__attribute__((__section__(x)))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static inline uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }
static inline uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static inline bool is_aligned(uint64_t v, uint64_t a) { return (v & (a - 1)) == 0; }
static inline bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

/* [base, base+size) fits in 64 bits without wrapping. */
static inline bool range_ok(uint64_t base, uint64_t size)
{
	return size == 0 || base + size - 1 >= base;
}

/* Half-open ranges [a, a+as) and [b, b+bs) share at least one byte. */
static inline bool ranges_overlap(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	if (!as || !bs)
		return false;
	return a <= b + bs - 1 && b <= a + as - 1;
}

#define READ_ONCE(x)	__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#endif
