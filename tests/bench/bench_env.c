// SPDX-License-Identifier: MIT
/*
 * The benchmark environment shared by the tests/bench programs: physical memory is
 * one aligned host buffer at a fixed offset (as the hypervisor's linear map),
 * frames come from a bump allocator, the TLB hooks only count, fatal()
 * aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "bench_env.h"
#include "hyp/log.h"


uint8_t *arena;
static uint64_t bump;
uint64_t ntlb;

void *mm_phys_to_virt(hpa_t pa)
{
	return arena + (pa.v - ARENA_BASE);
}

hpa_t mm_virt_to_phys(const void *va)
{
	return hpa((uint64_t)((const uint8_t *)va - arena) + ARENA_BASE);
}

void fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	ntlb++;
	return __atomic_exchange_n(ptep, empty, __ATOMIC_ACQ_REL);
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	ntlb++;
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	ntlb++;
}

/* Bump allocator with a free list per size (frames are never handed back in a bench run). */
static int b_alloc(void *ctx, unsigned nframes, uint64_t align, hpa_t *pa)
{
	uint64_t a = (bump + align - 1) & ~(align - 1);

	if (a + nframes * 4096ull > ARENA_SIZE)
		return -1;
	memset(arena + a, 0, nframes * 4096ull);
	bump = a + nframes * 4096ull;
	*pa = hpa(ARENA_BASE + a);
	return 0;
}

static void b_free(void *ctx, hpa_t pa, unsigned nframes)
{
}

const struct pt_alloc balloc = { b_alloc, b_free, NULL };


void bench_env_init(void)
{
	if (posix_memalign((void **)&arena, 1 << 20, ARENA_SIZE))
		abort();
}
