// SPDX-License-Identifier: MIT
/*
 * Host tests of the page-tracking core and the stage-2 write-fault entry
 * point (mm/pagetrack.c), with dirty logging (mm/dirty.c), on every engine
 * format. Directed scenarios: registration rules and exact errors, counts
 * with several trackers, handler dispatch, the composition rules with dirty
 * logging in both directions, every decision of s2_write_fault() including
 * hostile accesses, and refusals that change nothing. Writability is read
 * back through the independent reference walker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "physmem.h"
#include "host_stubs.h"
#include "s2_fixture.h"

static struct s2f *fx;
static char owner[3];

struct hcall {
	unsigned owner;
	uint64_t ga;
	unsigned bytes;
	uint8_t data[8];
};
static struct hcall calls[16];
static unsigned ncalls;
static int fail_owner = -1;

static int handler(void *priv, gpa_t ga, const void *data, unsigned bytes)
{
	struct hcall *c = &calls[ncalls < 16 ? ncalls : 15];
	unsigned k = (unsigned)((const char *)priv - owner);

	ncalls++;
	c->owner = k;
	c->ga = ga.v;
	c->bytes = bytes;
	memcpy(c->data, data, bytes < 8 ? bytes : 8);
	return (int)k == fail_owner ? -5 : 0;
}

static void topup_page(uint64_t gfn)
{
	struct pt_need need;

	pagetrack_need(&fx->sp, gfn, &need);
	s2f_topup(fx, &need);
}

static bool writable(uint64_t gfn)
{
	unsigned prot;

	assert_true(s2f_ref_prot(fx, gfn, &prot));
	return prot & PT_W;
}

/* A guest write through the reference walker; faults go to s2_write_fault(). */
static enum s2_wf guest_write(uint64_t gfn, unsigned off, uint64_t val)
{
	struct ref_res r;
	enum s2_wf res;
	uint64_t ga = (gfn << 12) + off;

	if (fx->tc->ref->access(&fx->ctx, ga, PT_W, &r) == REF_OK)
		return (enum s2_wf)-1;	/* no fault */
	topup_page(gfn);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(ga), &val, 8, &res), 0);
	if (res == S2_WF_RETRY)
		assert_int_equal(fx->tc->ref->access(&fx->ctx, ga, PT_W, &r), REF_OK);
	return res;
}

static void track(unsigned k, uint64_t gfn, bool on)
{
	topup_page(gfn);
	if (on)
		assert_int_equal(pagetrack_enable(&fx->sp, &fx->cache, &owner[k], gfn), 0);
	else
		assert_int_equal(pagetrack_disable(&fx->sp, &fx->cache, &owner[k], gfn), 0);
}

static uint64_t out[(S2F_L_PAGES + 63) / 64];

static int copy(void *arg, const uint64_t *bits, uint64_t n)
{
	assert_int_equal(n, ARRAY_SIZE(out));
	memcpy(out, bits, n * 8);
	return 0;
}

static uint64_t harvest_has(uint64_t gfn)
{
	uint64_t i = gfn - fx->L->base_gfn;

	assert_int_equal(dirty_log_get_and_clear(&fx->sp, fx->L, copy, NULL), 0);
	return (out[i / 64] >> (i % 64)) & 1;
}

static void enable_log(enum dirty_mode mode)
{
	struct pt_need need;

	dirty_need_enable(&fx->sp, fx->L, &need);
	s2f_topup(fx, &need);
	assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, fx->L, mode, NULL, 0), 0);
}

static void disable_log(void)
{
	struct pt_need need;

	dirty_need_disable(&fx->sp, fx->L, &need);
	s2f_topup(fx, &need);
	assert_int_equal(dirty_log_disable(&fx->sp, &fx->cache, fx->L), 0);
}

static int setup(void **state)
{
	fx = calloc(1, sizeof(*fx));
	assert_non_null(fx);
	s2f_setup(fx, *state);
	ncalls = 0;
	fail_owner = -1;
	return 0;
}

static int teardown(void **state)
{
	free(fx);
	fx = NULL;
	physmem_reset();
	return 0;
}

static void finish(void)
{
	s2f_teardown(fx);
}

/* ------------------------------------------------------------------ tests */

static void test_register(void **state)
{
	uint64_t g = fx->L->base_gfn + 7, p = fx->P->base_gfn;
	struct pagetrack small;
	struct pagetrack_rec two[2];
	struct s2_space sp2;

	assert_int_equal(pagetrack_register(&fx->sp, &owner[1], g, handler, &owner[1]), 0);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], g, handler, &owner[0]), 0);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[1], g, handler, &owner[1]), -PAGETRACK_EEXIST);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], g, NULL, NULL), -PAGETRACK_EINVAL);
	/* Not guest RAM: between slots, far away, beyond the gfn space. */
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], fx->L->base_gfn + S2F_L_PAGES, handler, NULL),
			 -PAGETRACK_ENOENT);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], ~0ull, handler, NULL), -PAGETRACK_ENOENT);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], 0, handler, NULL),
			 fx->L->base_gfn == 0 ? 0 : -PAGETRACK_ENOENT);
	if (fx->L->base_gfn == 0)
		assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[0], 0), 0);
	assert_non_null(pagetrack_find(&fx->trk, &owner[0], g));
	assert_non_null(pagetrack_find(&fx->trk, &owner[1], g));
	assert_null(pagetrack_find(&fx->trk, &owner[2], g));
	assert_null(pagetrack_find(&fx->trk, &owner[0], g + 1));
	/* Registered is not yet tracked. */
	assert_int_equal(pagetrack_count(&fx->trk, g), 0);
	assert_true(writable(g));
	/* Operations on records that do not exist. */
	topup_page(p);
	assert_int_equal(pagetrack_enable(&fx->sp, &fx->cache, &owner[2], g), -PAGETRACK_ENOENT);
	assert_int_equal(pagetrack_disable(&fx->sp, &fx->cache, &owner[0], p), -PAGETRACK_ENOENT);
	assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[0], p), -PAGETRACK_ENOENT);

	/* A full table. */
	pagetrack_init(&small, two, 2);
	s2_space_init(&sp2, &fx->pt, &fx->ms, &small);
	assert_int_equal(pagetrack_register(&sp2, &owner[0], p, handler, NULL), 0);
	assert_int_equal(pagetrack_register(&sp2, &owner[0], p + 1, handler, NULL), 0);
	assert_int_equal(pagetrack_register(&sp2, &owner[0], p + 2, handler, NULL), -PAGETRACK_ENOSPC);
	/* No tracking table at all. */
	s2_space_init(&sp2, &fx->pt, &fx->ms, NULL);
	assert_int_equal(pagetrack_register(&sp2, &owner[0], p, handler, NULL), -PAGETRACK_EINVAL);

	/* Unregister a record that was never enabled needs no cache. */
	pt_cache_drain(&fx->cache, &env.alloc);
	assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[0], g), 0);
	assert_null(pagetrack_find(&fx->trk, &owner[0], g));
	assert_non_null(pagetrack_find(&fx->trk, &owner[1], g));

	/* An enabled record whose memslot went away can still be dropped. */
	assert_int_equal(pagetrack_register(&fx->sp, &owner[2], p + 4, handler, NULL), 0);
	track(2, p + 4, true);
	assert_int_equal(memslot_remove(&fx->ms, fx->P), 0);
	pt_cache_drain(&fx->cache, &env.alloc);
	assert_int_equal(pagetrack_enable(&fx->sp, &fx->cache, &owner[2], p + 4), -PAGETRACK_ENOENT);
	assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[2], p + 4), 0);
	assert_null(pagetrack_find(&fx->trk, &owner[2], p + 4));
	finish();
}

static void test_counts_and_dispatch(void **state)
{
	uint64_t g = fx->P->base_gfn + 3, v = 0x1122334455667788ull;
	struct s2f_snap snap;
	struct pt_need need;

	for (unsigned k = 0; k < 3; k++)
		assert_int_equal(pagetrack_register(&fx->sp, &owner[2 - k], g, handler, &owner[2 - k]), 0);
	track(2, g, true);
	track(0, g, true);
	track(0, g, true);	/* enabling twice counts once */
	assert_int_equal(pagetrack_count(&fx->trk, g), 2);
	assert_false(writable(g));
	assert_true(writable(g + 1));
	assert_int_equal(pagetrack_next(&fx->trk, fx->P->base_gfn, g + 100), g);
	assert_int_equal(pagetrack_next(&fx->trk, g + 1, g + 100), UINT64_MAX);

	/* A write: stored in guest memory, every enabled handler once, in owner order. */
	assert_int_equal(guest_write(g, 0x10, v), S2_WF_EMULATED);
	assert_int_equal(ncalls, 2);
	assert_int_equal(calls[0].owner, 0);
	assert_int_equal(calls[1].owner, 2);
	assert_int_equal(calls[0].ga, (g << 12) + 0x10);
	assert_int_equal(calls[1].bytes, 8);
	assert_memory_equal(calls[1].data, &v, 8);
	assert_memory_equal(physmem_ptr(memslot_gfn_to_hpa(fx->P, g).v + 0x10), &v, 8);
	assert_false(writable(g));

	/* One handler fails: the others still run, the error comes back, the write happened. */
	fail_owner = 0;
	ncalls = 0;
	{
		enum s2_wf res;
		uint64_t w = 42;

		topup_page(g);
		assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa((g << 12) + 8), &w, 8, &res), -5);
		assert_int_equal(res, S2_WF_EMULATED);
		assert_int_equal(ncalls, 2);
		assert_memory_equal(physmem_ptr(memslot_gfn_to_hpa(fx->P, g).v + 8), &w, 8);
	}
	fail_owner = -1;

	/* A short cache refuses the change and changes nothing. */
	pagetrack_need(&fx->sp, g, &need);
	if (need.n[0] || need.n[1] || need.n[2]) {
		pt_cache_drain(&fx->cache, &env.alloc);
		s2f_snap_take(fx, &snap);
		assert_int_equal(pagetrack_disable(&fx->sp, &fx->cache, &owner[2], g), -PAGETRACK_ENOMEM);
		assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[2], g), -PAGETRACK_ENOMEM);
		assert_int_equal(pagetrack_enable(&fx->sp, &fx->cache, &owner[1], g), -PAGETRACK_ENOMEM);
		s2f_snap_check(fx, &snap);
		s2f_snap_free(&snap);
	}

	/* The page opens only when the last tracker lets go. */
	track(2, g, false);
	assert_int_equal(pagetrack_count(&fx->trk, g), 1);
	assert_false(writable(g));
	topup_page(g);
	assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[0], g), 0);
	assert_int_equal(pagetrack_count(&fx->trk, g), 0);
	assert_true(writable(g));
	ncalls = 0;
	assert_int_equal(guest_write(g, 0, 1), (enum s2_wf)-1);
	assert_int_equal(ncalls, 0);
	finish();
}

/* Tracking and write-protect dirty logging in both directions. */
static void test_compose_wp(void **state)
{
	uint64_t a = fx->L->base_gfn + 5, b = fx->L->base_gfn + 600, c = fx->L->base_gfn + 601;

	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], a, handler, &owner[0]), 0);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], b, handler, &owner[0]), 0);
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], c, handler, &owner[0]), 0);
	track(0, c, true);
	enable_log(DIRTY_MODE_WP);
	assert_false(writable(a));

	/* Untracking a page that dirty logging still protects leaves it protected. */
	track(0, a, true);
	track(0, a, false);
	assert_false(writable(a));
	assert_false(dirty_test(fx->L, a));

	/* Written, logged, opened; tracking closes it; untracking reopens it (already logged). */
	assert_int_equal(guest_write(b, 0, 7), S2_WF_RETRY);
	assert_true(writable(b));
	track(0, b, true);
	assert_false(writable(b));
	ncalls = 0;
	assert_int_equal(guest_write(b, 8, 9), S2_WF_EMULATED);
	assert_int_equal(ncalls, 1);
	track(0, b, false);
	assert_true(writable(b));

	/* A harvest re-protects it; untracking after that must not open it. */
	track(0, b, true);
	assert_true(harvest_has(b));
	track(0, b, false);
	assert_false(writable(b));
	/* A write to a tracked page while logging is logged too. */
	assert_int_equal(guest_write(c, 0, 3), S2_WF_EMULATED);
	assert_true(dirty_test(fx->L, c));
	assert_true(harvest_has(c));
	assert_false(harvest_has(c));

	/* Disabling logging opens every page except the tracked one. */
	disable_log();
	assert_false(writable(c));
	assert_true(writable(a));
	assert_true(writable(b));
	assert_true(writable(fx->L->base_gfn));
	assert_true(writable(fx->L->base_gfn + S2F_L_PAGES - 1));
	track(0, c, false);
	assert_true(writable(c));
	finish();
}

/* Hardware dirty mode: dirty state removed by tracking goes to the log. */
static void test_compose_hw(void **state)
{
	uint64_t a = fx->L->base_gfn + 77;
	struct ref_res r;

	for (int m = 0; m < 2; m++) {
		enable_log(m ? DIRTY_MODE_HW_LOG : DIRTY_MODE_HW_SCAN);
		/* A report over a range that starts outside any slot marks only slot pages. */
		dirty_hw_report(&fx->sp, (fx->L->base_gfn - 300) << 12, (300 + 5) << 12);
		dirty_hw_report(&fx->sp, (fx->L->base_gfn + S2F_L_PAGES - 2) << 12, 1ull << 30);
		for (uint64_t k = 0; k < S2F_L_PAGES; k++)
			assert_int_equal(dirty_test(fx->L, fx->L->base_gfn + k), k < 5 || k >= S2F_L_PAGES - 2);
		assert_false(dirty_test(fx->P, fx->P->base_gfn));
		harvest_has(fx->L->base_gfn);
		assert_false(dirty_test(fx->L, fx->L->base_gfn));
		assert_int_equal(pagetrack_register(&fx->sp, &owner[1], a, handler, &owner[1]), 0);
		/* Written by the guest: only the hardware knows. */
		assert_int_equal(fx->tc->ref->access(&fx->ctx, a << 12, PT_W, &r), REF_OK);
		assert_true(r.prot & PT_DIRTY);
		assert_false(dirty_test(fx->L, a));
		track(1, a, true);
		assert_false(writable(a));
		assert_true(dirty_test(fx->L, a));
		assert_true(harvest_has(a));
		assert_false(harvest_has(a));
		/* Untracked: writable again and clean; the next write is seen by a scan. */
		topup_page(a);
		assert_int_equal(pagetrack_unregister(&fx->sp, &fx->cache, &owner[1], a), 0);
		assert_true(writable(a));
		assert_int_equal(fx->tc->ref->access(&fx->ctx, a << 12, PT_W, &r), REF_OK);
		if (!m)
			assert_true(harvest_has(a));
		disable_log();
	}
	finish();
}

static void test_fault_decisions(void **state)
{
	uint64_t p = fx->P->base_gfn + 9, t = fx->P->base_gfn + 10, v = 5;
	uint8_t before[16];
	enum s2_wf res = S2_WF_RETRY;
	struct pt_need need;

	/* Not RAM: no slot, beyond the tree, read-only slot. */
	s2f_topup(fx, &(struct pt_need){ { 8, 0, 4 } });
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa((fx->L->base_gfn + S2F_L_PAGES) << 12), &v, 8, &res), 0);
	assert_int_equal(res, S2_WF_NOT_OURS);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(~0ull & ~0xfffull), &v, 8, &res), 0);
	assert_int_equal(res, S2_WF_NOT_OURS);
	assert_int_equal(guest_write(fx->R->base_gfn + 1, 0, 1), S2_WF_NOT_OURS);

	/* A writable page (a fault that lost a race): retry. */
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(p << 12), &v, 8, &res), 0);
	assert_int_equal(res, S2_WF_RETRY);
	/* Protected by someone else (the partition): not ours. */
	pt_need_edges(&fx->pt, gpa(p << 12), 4096, &need);
	s2f_topup(fx, &need);
	assert_int_equal(pt_protect(&fx->pt, &fx->cache, gpa(p << 12), 4096, 0, PT_W, NULL, NULL), 0);
	assert_int_equal(guest_write(p, 0, 1), S2_WF_NOT_OURS);
	/* Not mapped: not ours either. */
	s2f_topup(fx, &need);
	assert_int_equal(pt_unmap(&fx->pt, &fx->cache, gpa(p << 12), 4096), 0);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(p << 12), &v, 8, &res), 0);
	assert_int_equal(res, S2_WF_NOT_OURS);

	/* Hostile accesses to a tracked page: refused before anything is written. */
	assert_int_equal(pagetrack_register(&fx->sp, &owner[0], t, handler, &owner[0]), 0);
	track(0, t, true);
	memcpy(before, physmem_ptr(memslot_gfn_to_hpa(fx->P, t).v + 4088), 8);
	memcpy(before + 8, physmem_ptr(memslot_gfn_to_hpa(fx->P, t + 1).v), 8);
	ncalls = 0;
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa((t << 12) + 4092), &v, 8, &res), -PAGETRACK_EINVAL);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(t << 12), &v, 0, &res), -PAGETRACK_EINVAL);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(t << 12), NULL, 8, &res), -PAGETRACK_EINVAL);
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(t << 12), &v, 4097, &res), -PAGETRACK_EINVAL);
	assert_int_equal(ncalls, 0);
	assert_memory_equal(physmem_ptr(memslot_gfn_to_hpa(fx->P, t).v + 4088), before, 8);
	assert_memory_equal(physmem_ptr(memslot_gfn_to_hpa(fx->P, t + 1).v), before + 8, 8);
	/* The last bytes of the page are fine. */
	assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa((t << 12) + 4088), &v, 8, &res), 0);
	assert_int_equal(res, S2_WF_EMULATED);
	assert_int_equal(ncalls, 1);

	/* Write-protect logging with a cache that is short: refused, nothing changed. */
	enable_log(DIRTY_MODE_WP);
	pt_need_edges(&fx->pt, gpa(fx->L->base_gfn << 12), 4096, &need);
	if (need.n[0] || need.n[1] || need.n[2]) {
		struct s2f_snap snap;

		pt_cache_drain(&fx->cache, &env.alloc);
		s2f_snap_take(fx, &snap);
		assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa(fx->L->base_gfn << 12), &v, 8, &res),
				 -PAGETRACK_ENOMEM);
		s2f_snap_check(fx, &snap);
		s2f_snap_free(&snap);
	}
	assert_int_equal(guest_write(fx->L->base_gfn, 0, 1), S2_WF_RETRY);
	assert_true(dirty_test(fx->L, fx->L->base_gfn));
	/* The read-only slot and a foreign slot cannot log. */
	assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, fx->R, DIRTY_MODE_WP, NULL, 0), -DIRTY_EINVAL);
	{
		struct memslot foreign = *fx->P;

		assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, &foreign, DIRTY_MODE_WP, NULL, 0),
				 -DIRTY_EINVAL);
		assert_int_equal(dirty_record_write(&fx->sp, &fx->cache, &foreign, foreign.base_gfn),
				 -DIRTY_EINVAL);
	}
	if (!fx->pt.hw_dirty)
		assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, fx->P, DIRTY_MODE_HW_SCAN, NULL, 0),
				 -DIRTY_EINVAL);
	assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, fx->P, (enum dirty_mode)9, NULL, 0), -DIRTY_EINVAL);
	/* A slot beyond the tree's input range can neither log nor be tracked. */
	if (fx->pt.ia_bits < 52) {
		struct memslot *far;
		uint64_t fg = 1ull << (fx->pt.ia_bits - 12);

		assert_int_equal(memslot_insert(&fx->ms, fg, 16, hpa(S2F_RAM), 0, &far), 0);
		assert_int_equal(dirty_log_enable(&fx->sp, &fx->cache, far, DIRTY_MODE_WP, NULL, 0),
				 -DIRTY_EINVAL);
		assert_int_equal(pagetrack_register(&fx->sp, &owner[0], fg + 1, handler, NULL),
				 -PAGETRACK_ENOENT);
		assert_int_equal(s2_write_fault(&fx->sp, &fx->cache, gpa((fg + 1) << 12), &v, 8, &res), 0);
		assert_int_equal(res, S2_WF_NOT_OURS);
		assert_int_equal(memslot_remove(&fx->ms, far), 0);
	}
	/* A logging slot cannot be removed. */
	assert_int_equal(memslot_remove(&fx->ms, fx->L), -MEMSLOT_EBUSY);
	disable_log();
	finish();
}

/* The PML page shape: filled top-down, index wraps to 0xffff, full at any index >= 512. */
static void test_pml_shape(void **state)
{
	uint64_t pml[DIRTY_PML_ENTRIES];
	uint16_t idx = DIRTY_PML_ENTRIES - 1;
	uint64_t g = fx->L->base_gfn;

	enable_log(DIRTY_MODE_WP);
	memset(pml, 0xff, sizeof(pml));
	assert_int_equal(dirty_ingest_pml(&fx->sp, pml, idx), 0);	/* empty */
	for (unsigned k = 0; k < DIRTY_PML_ENTRIES; k++)
		assert_int_equal(dirty_pml_log(pml, &idx, gpa(((g + k) << 12) | 0x123)), 0);
	assert_int_equal(idx, 0xffff);
	assert_int_equal(dirty_pml_log(pml, &idx, gpa(g << 12)), -DIRTY_ENOSPC);
	assert_int_equal(idx, 0xffff);
	assert_int_equal(pml[511], g << 12);	/* first logged, page-aligned */
	assert_int_equal(pml[0], (g + 511) << 12);
	assert_int_equal(dirty_ingest_pml(&fx->sp, pml, idx), DIRTY_PML_ENTRIES);
	for (unsigned k = 0; k < 600; k++)
		assert_int_equal(dirty_test(fx->L, g + k), k < DIRTY_PML_ENTRIES);
	/* A partial page: entries above the index only; hostile indexes count as full. */
	assert_int_equal(dirty_ingest_pml(&fx->sp, pml, 500), 11);
	assert_int_equal(dirty_ingest_pml(&fx->sp, pml, 0x8000), DIRTY_PML_ENTRIES);
	assert_int_equal(dirty_ingest_pml(&fx->sp, NULL, 3), -DIRTY_EINVAL);
	assert_int_equal(fx->sp.stats.rejected, 1);
	assert_int_equal(fx->sp.stats.ingested, 2 * DIRTY_PML_ENTRIES + 11);
	disable_log();
	finish();
}

int main(void)
{
	static struct CMUnitTest tests[128];
	unsigned n = 0;

	for (unsigned i = 0; i < ntcases; i++) {
		const struct tcase *tc = &tcases[i];

		if (!tc_wanted(tc))
			continue;
#define ADD(fn) (tests[n++] = TC_TEST(fn, setup, teardown, tc))
		ADD(test_register);
		ADD(test_counts_and_dispatch);
		ADD(test_compose_wp);
		if (tc->cfg & PT_CFG_HWDIRTY)
			ADD(test_compose_hw);
		ADD(test_fault_decisions);
		if (i == 0)
			ADD(test_pml_shape);
	}
	return _cmocka_run_group_tests("pagetrack", tests, n, NULL, NULL);
}
