/* SPDX-License-Identifier: MIT */
/*
 * Test environment for the page-table engine tests: simulated physical
 * memory with the real frame allocator (mm/frame.c) behind a pt_alloc that
 * can be told to fail, and recording implementations of the arch TLB hooks
 * (arch_pt_break, arch_pt_tlb_flush_range, arch_pt_tlb_flush_all).
 */
#ifndef TESTS_PT_ENV_H
#define TESTS_PT_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include "mm/pt.h"
#include "mm/frame.h"

#define ENV_ARENA_BASE	0x880000000ull	/* above 32 bits on purpose */

enum tlb_ev_type { TLB_EV_BREAK, TLB_EV_FLUSH, TLB_EV_FLUSH_ALL };

struct tlb_ev {
	enum tlb_ev_type type;
	const struct pt *pt;
	unsigned level;
	uint64_t addr, size;	/* break: the entry's span */
	pte_t old;
};

struct env {
	struct frame_pool pool;
	struct pt_alloc alloc;
	uint64_t free_at_start;
	long fail_at;		/* allocation number (from 0) that fails; -1: none */
	long nalloc;
	struct tlb_ev *ev;
	size_t nev, cap;
};

extern struct env env;

/* Fresh arena of size bytes and a frame pool over it. */
void env_setup(uint64_t size);
/* Drop the arena (after checking nothing leaked, when check_leaks). */
void env_teardown(bool check_leaks);
/* Frames in the cache (all orders). */
uint64_t env_cache_frames(const struct pt_cache *c);
/* Fill c with exactly need (draining any surplus first). */
void env_cache_exact(struct pt_cache *c, const struct pt_need *need);
void env_events_clear(void);

#endif
