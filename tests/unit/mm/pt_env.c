// SPDX-License-Identifier: MIT
/*
 * Test environment for the page-table engine tests (see pt_env.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "physmem.h"
#include "pt_env.h"

struct env env;

static int env_alloc(void *ctx, unsigned nframes, uint64_t align, hpa_t *pa)
{
	struct env *e = ctx;

	if (e->fail_at >= 0 && e->nalloc++ == e->fail_at)
		return -1;
	return frame_alloc(&e->pool, nframes, align, pa);
}

static void env_free(void *ctx, hpa_t pa, unsigned nframes)
{
	struct env *e = ctx;

	frame_free(&e->pool, pa, nframes);
}

void env_setup(uint64_t size)
{
	struct boot_range mem = { ENV_ARENA_BASE, size };

	free(env.ev);
	memset(&env, 0, sizeof(env));
	physmem_add(ENV_ARENA_BASE, size, 0xa5);
	assert_int_equal(frame_pool_init(&env.pool, &mem, 1, NULL, 0), 0);
	env.alloc = (struct pt_alloc){ env_alloc, env_free, &env };
	env.free_at_start = frame_pool_free(&env.pool);
	env.fail_at = -1;
}

void env_teardown(bool check_leaks)
{
	if (check_leaks)
		assert_int_equal(frame_pool_free(&env.pool), env.free_at_start);
	free(env.ev);
	env.ev = NULL;
	env.nev = env.cap = 0;
	physmem_reset();
}

uint64_t env_cache_frames(const struct pt_cache *c)
{
	uint64_t n = 0;

	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		n += c->count[o] << o;
	return n;
}

void env_cache_exact(struct pt_cache *c, const struct pt_need *need)
{
	pt_cache_drain(c, &env.alloc);
	assert_int_equal(pt_cache_topup(c, &env.alloc, need), 0);
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		assert_int_equal(c->count[o], need->n[o]);
}

void env_events_clear(void)
{
	env.nev = 0;
}

static void ev_add(struct tlb_ev ev)
{
	if (env.nev == env.cap) {
		env.cap = env.cap ? env.cap * 2 : 256;
		env.ev = realloc(env.ev, env.cap * sizeof(*env.ev));
		assert_non_null(env.ev);
	}
	env.ev[env.nev++] = ev;
}

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	pte_t old = __atomic_exchange_n(ptep, empty, __ATOMIC_ACQ_REL);

	ev_add((struct tlb_ev){ TLB_EV_BREAK, pt, level, addr,
				 1ull << pt->fmt->lv[level].shift, old });
	return old;
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	assert_true(size != 0);
	ev_add((struct tlb_ev){ TLB_EV_FLUSH, pt, 0, addr, size, 0 });
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	ev_add((struct tlb_ev){ TLB_EV_FLUSH_ALL, pt, 0, 0, 0, 0 });
}
