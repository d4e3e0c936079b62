/* SPDX-License-Identifier: MIT */
/* Shared benchmark environment (bench_env.c). */
#ifndef TESTS_BENCH_ENV_H
#define TESTS_BENCH_ENV_H

#include "mm/pt.h"

#define MB (1ull << 20)
#define GB (1ull << 30)
#define ARENA_BASE 0x100000000ull
#define ARENA_SIZE (96 * MB)

extern uint8_t *arena;
extern uint64_t ntlb;			/* TLB hook calls */
extern const struct pt_alloc balloc;	/* bump allocator over the arena */

void bench_env_init(void);

#endif
