// SPDX-License-Identifier: MIT
/*
 * Dirty-state semantics of the page-table engine, for every format: guest
 * writes are performed by the independent reference walkers (which set the
 * hardware dirty state like the MMU: arm64 DBM, NPT D, EPT D with A/D on, or
 * fault on a write-protected page). The test keeps a flat record of the pages
 * written since the last harvest and checks that every harvest
 * (pt_harvest_bitmap, after pt_collect_dirty or a PML-style log in the
 * hardware modes) reports exactly those pages: a page written after a
 * harvest is in the next one, and none is lost across harvests, block
 * splits and permission changes.
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
#include "pt_check.h"

#define KB (1ull << 10)
#define MB (1ull << 20)
#define SLOT_PAGES 2048ull		/* 8 MiB */
#define NWORDS (SLOT_PAGES / 64)

enum mode { M_WP, M_HW_SCAN, M_HW_LOG };

struct dstate {
	const struct tcase *tc;
	enum mode mode;
	struct pt pt;
	struct pt_cache c;
	struct ref_ctx rc;
	uint64_t base, seed;
	uint64_t bits[NWORDS], snap[NWORDS];
	uint8_t written[SLOT_PAGES];	/* the flat record */
	uint64_t log[SLOT_PAGES * 4];	/* PML-style log of GPAs */
	uint64_t nlog;
	unsigned harvests, writes, faults, splits, prots;
};

static void mark(void *arg, uint64_t ga, uint64_t size)
{
	struct dstate *d = arg;

	for (uint64_t a = ga; a < ga + size; a += 4096) {
		assert_true(a >= d->base && a < d->base + SLOT_PAGES * 4096);
		uint64_t p = (a - d->base) >> 12;

		d->bits[p / 64] |= 1ull << (p % 64);
	}
}

static void topup_edges(struct dstate *d, uint64_t ga, uint64_t size)
{
	struct pt_need need;

	pt_need_edges(&d->pt, gpa(ga), size, &need);
	assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
}

/* A guest write, as the MMU does it; a write-protect fault is handled like the dirty-log fault path. */
static void guest_write(struct dstate *d, uint64_t p)
{
	uint64_t ga = d->base + p * 4096 + (rnd_next(&d->seed) & 0xff8);
	struct ref_res r, before;
	enum ref_status st;
	bool was_dirty;

	assert_int_equal(d->tc->ref->translate(&d->rc, ga, &before), REF_OK);
	was_dirty = before.prot & PT_DIRTY;
	st = d->tc->ref->access(&d->rc, ga, PT_W, &r);
	if (st == REF_PERM) {
		assert_int_equal(d->mode, M_WP);
		/* The fault handler: record, then make the page writable. */
		mark(d, ga & ~0xfffull, 4096);
		topup_edges(d, ga & ~0xfffull, 4096);
		assert_int_equal(pt_protect(&d->pt, &d->c, gpa(ga & ~0xfffull), 4096, PT_W, 0, NULL, NULL), 0);
		st = d->tc->ref->access(&d->rc, ga, PT_W, &r);
		d->faults++;
	}
	assert_int_equal(st, REF_OK);
	if (d->mode == M_HW_LOG && !was_dirty) {
		/* PML logs the GPA when the dirty flag goes from 0 to 1. */
		assert_true(d->nlog < ARRAY_SIZE(d->log));
		d->log[d->nlog++] = ga;
	}
	d->written[p] = 1;
	d->writes++;
}

static void harvest(struct dstate *d)
{
	struct pt_flush fl = { 0 };
	static uint8_t live[SLOT_PAGES];

	/* Pages whose translation lets a write through without a fault or a dirty-state change. */
	for (uint64_t p = 0; p < SLOT_PAGES; p++) {
		struct ref_res r;

		assert_int_equal(d->tc->ref->translate(&d->rc, d->base + p * 4096, &r), REF_OK);
		live[p] = d->mode == M_WP ? !!(r.prot & PT_W) : !!(r.prot & PT_DIRTY);
	}

	env_events_clear();
	if (d->mode == M_HW_SCAN)
		pt_collect_dirty(&d->pt, &fl, gpa(d->base), SLOT_PAGES * 4096, mark, d);
	if (d->mode == M_HW_LOG) {
		for (uint64_t i = 0; i < d->nlog; i++)
			mark(d, d->log[i] & ~0xfffull, 4096);
		d->nlog = 0;
	}
	pt_harvest_bitmap(&d->pt, &fl, gpa(d->base), d->bits, d->snap, NWORDS, d->mode != M_WP, NULL, NULL);
	pt_flush_commit(&d->pt, &fl);
	for (uint64_t p = 0; p < SLOT_PAGES; p++) {
		bool got = (d->snap[p / 64] >> (p % 64)) & 1;

		if (got != d->written[p])
			fail_msg("%s mode %d harvest %u: page %llu %s", d->tc->name, d->mode, d->harvests,
				 (unsigned long long)p, got ? "reported but not written" : "written but LOST");
	}
	for (uint64_t w = 0; w < NWORDS; w++)
		assert_int_equal(d->bits[w], 0);
	/* Every page the harvest re-armed is covered by an invalidation. */
	for (uint64_t p = 0; p < SLOT_PAGES; p++) {
		bool covered = false;
		uint64_t a = d->base + p * 4096;

		if (!d->written[p] || !live[p])
			continue;
		for (size_t i = 0; i < env.nev && !covered; i++)
			covered = env.ev[i].type == TLB_EV_FLUSH_ALL ||
				  (a >= env.ev[i].addr && a - env.ev[i].addr < env.ev[i].size);
		if (!covered)
			fail_msg("%s: page %llu re-armed without TLB invalidation", d->tc->name,
				 (unsigned long long)p);
	}
	memset(d->written, 0, sizeof(d->written));
	d->harvests++;
}

static void run(const struct tcase *tc, enum mode mode, uint64_t seed)
{
	struct dstate *d = calloc(1, sizeof(*d));
	struct pt_need need;
	struct pt_flush fl = { 0 };

	assert_non_null(d);
	env_setup(64 * MB);
	d->tc = tc;
	d->mode = mode;
	d->seed = seed;
	d->base = tc->win_base + 4 * MB;	/* 2 MiB aligned, so blocks form */
	assert_int_equal(pt_create(&d->pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	tc_ctx(tc, &d->pt, &d->rc);
	pt_need_map(&d->pt, gpa(d->base), hpa(0x40000000), SLOT_PAGES * 4096, &need);
	assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&d->pt, &d->c, gpa(d->base), hpa(0x40000000), SLOT_PAGES * 4096,
				PT_R | PT_W | PT_X), 0);

	/* Logging on: split to pages, then write-protect or clear the dirty state. */
	pt_need_split(&d->pt, gpa(d->base), SLOT_PAGES * 4096, &need);
	assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
	assert_int_equal(pt_split(&d->pt, &d->c, gpa(d->base), SLOT_PAGES * 4096), 0);
	if (mode == M_WP) {
		topup_edges(d, d->base, SLOT_PAGES * 4096);
		assert_int_equal(pt_protect(&d->pt, &d->c, gpa(d->base), SLOT_PAGES * 4096, 0, PT_W, NULL, NULL), 0);
	} else {
		pt_collect_dirty(&d->pt, &fl, gpa(d->base), SLOT_PAGES * 4096, NULL, NULL);
		pt_flush_commit(&d->pt, &fl);
	}
	for (uint64_t p = 0; p < SLOT_PAGES; p++) {
		struct pt_xlate x;

		assert_int_equal(pt_lookup(&d->pt, gpa(d->base + p * 4096), &x), 0);
		assert_int_equal(x.size, 4096);
		assert_false(x.prot & PT_DIRTY);
		assert_int_equal(!!(x.prot & PT_W), mode != M_WP);
	}

	for (unsigned step = 0; step < 3000; step++) {
		uint64_t r = rnd_next(&d->seed) % 100;

		if (r < 70) {
			/* Writes cluster on a few hot pages, like real guests. */
			uint64_t p = rnd_next(&d->seed) % (r < 35 ? 64 : SLOT_PAGES);

			guest_write(d, p);
		} else if (r < 80) {
			harvest(d);
		} else if (r < 90) {
			/* A permission change (page tracking, a manager's protect) and its undo. */
			uint64_t p = rnd_next(&d->seed) % SLOT_PAGES, n = 1 + rnd_next(&d->seed) % 32;

			if (p + n > SLOT_PAGES)
				n = SLOT_PAGES - p;
			topup_edges(d, d->base + p * 4096, n * 4096);
			assert_int_equal(pt_protect(&d->pt, &d->c, gpa(d->base + p * 4096), n * 4096, 0, PT_W,
						    mark, d), 0);
			for (uint64_t q = p; q < p + n; q++) {
				/* WP mode: only pages already dirty may become writable again. */
				if (mode == M_WP && !((d->bits[q / 64] >> (q % 64)) & 1))
					continue;
				topup_edges(d, d->base + q * 4096, 4096);
				assert_int_equal(pt_protect(&d->pt, &d->c, gpa(d->base + q * 4096), 4096, PT_W, 0,
							    NULL, NULL), 0);
			}
			d->prots++;
		} else {
			/* Re-map a 2 MiB piece with a block (same memory), then split it again. */
			uint64_t off = (rnd_next(&d->seed) % (SLOT_PAGES * 4096 / (2 * MB))) * 2 * MB;
			uint64_t ga = d->base + off;

			/* Only when nothing in it is dirty-pending or protected differently: keep it simple. */
			bool clean = true;

			for (uint64_t q = off / 4096; q < (off + 2 * MB) / 4096; q++)
				clean = clean && !d->written[q] && !((d->bits[q / 64] >> (q % 64)) & 1);
			if (clean && mode != M_WP) {
				pt_need_map(&d->pt, gpa(ga), hpa(0x40000000 + off), 2 * MB, &need);
				assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
				assert_int_equal(pt_map(&d->pt, &d->c, gpa(ga), hpa(0x40000000 + off), 2 * MB,
							PT_R | PT_W | PT_X), 0);
				/* A write now dirties the whole block; splitting must keep that. */
				uint64_t q = off / 4096 + rnd_next(&d->seed) % 512;

				guest_write(d, q);
				pt_need_split(&d->pt, gpa(ga), 2 * MB, &need);
				assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
				assert_int_equal(pt_split(&d->pt, &d->c, gpa(ga), 2 * MB), 0);
				/* Block dirty state spreads to all its pages (KVM's dissolve marks them all). */
				if (d->tc->max_leaf >= 2 * MB)
					for (uint64_t k = off / 4096; k < (off + 2 * MB) / 4096; k++)
						d->written[k] = 1;
				if (mode == M_HW_LOG && d->tc->max_leaf >= 2 * MB)
					for (uint64_t k = off / 4096; k < (off + 2 * MB) / 4096; k++)
						if (k != q)
							d->log[d->nlog++] = d->base + k * 4096;
			} else {
				pt_need_split(&d->pt, gpa(ga), 2 * MB, &need);
				assert_int_equal(pt_cache_topup(&d->c, &env.alloc, &need), 0);
				assert_int_equal(pt_split(&d->pt, &d->c, gpa(ga), 2 * MB), 0);
			}
			d->splits++;
		}
	}
	harvest(d);
	harvest(d);	/* nothing written in between: an empty harvest */
	print_message("%s mode %d: %u writes (%u faults), %u harvests, %u permission changes, %u splits\n",
		      tc->name, mode, d->writes, d->faults, d->harvests, d->prots, d->splits);
	pt_destroy(&d->pt);
	pt_cache_drain(&d->c, &env.alloc);
	free(d);
	env_teardown(true);
}

static void test_dirty_wp(void **state)
{
	run(*state, M_WP, 0x1234567);
}

static void test_dirty_hw_scan(void **state)
{
	run(*state, M_HW_SCAN, 0x7654321);
}

static void test_dirty_hw_log(void **state)
{
	run(*state, M_HW_LOG, 0xabcdef);
}

/*
 * Masked operations whose 64-page word straddles two last-level tables or
 * starts before the table holding its pages, and a harvest over a slot whose
 * base is not 64-page aligned: exactly the selected pages are protected.
 */
static void test_masked_unaligned(void **state)
{
	const struct tcase *tc = *state;
	struct pt pt;
	struct pt_cache c = { 0 };
	struct pt_need need;
	struct ref_ctx rc;
	/* Last-level tables map 2 MiB (1 MiB on s390): start 32 pages before a boundary. */
	uint64_t tspan = 1ull << (tc->fmt->lv[tc->fmt->nlevels - 1].shift + tc->fmt->lv[tc->fmt->nlevels - 1].idx_bits);
	uint64_t ga = tc->win_base + 4 * MB, base = ga + tspan - 32 * 4096;
	static const uint64_t masks[] = { 0xffffffff00000000ull, 0x00000000ffffffffull, 0x8000000180000001ull,
					  ~0ull, 0x0000000100000000ull };
	uint64_t bits[3], snap[3];

	env_setup(32 * MB);
	assert_int_equal(pt_create(&pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	tc_ctx(tc, &pt, &rc);
	pt_need_map(&pt, gpa(ga), hpa(0x40001000), 4 * MB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0x40001000), 4 * MB, PT_R | PT_W), 0);
	for (unsigned k = 0; k < ARRAY_SIZE(masks) + 1; k++) {
		struct pt_flush fl = { 0 };
		uint64_t sel[3] = { 0, 0, 0 };

		pt_need_edges(&pt, gpa(ga), 4 * MB, &need);
		assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
		assert_int_equal(pt_protect(&pt, &c, gpa(ga), 4 * MB, PT_W, 0, NULL, NULL), 0);
		if (k < ARRAY_SIZE(masks)) {
			sel[0] = masks[k];
			if (k & 1)
				pt_clear_dirty_masked(&pt, &fl, gpa(base), masks[k], NULL, NULL);
			else
				pt_wp_masked(&pt, &fl, gpa(base), masks[k], NULL, NULL);
		} else {
			/* A harvest over three words from the unaligned base. */
			bits[0] = sel[0] = 0xf0000000f0000000ull;
			bits[1] = sel[1] = 0x1ull;
			bits[2] = sel[2] = 0x8000000000000001ull;
			pt_harvest_bitmap(&pt, &fl, gpa(base), bits, snap, 3, false, NULL, NULL);
			for (unsigned w = 0; w < 3; w++) {
				assert_int_equal(snap[w], sel[w]);
				assert_int_equal(bits[w], 0);
			}
		}
		pt_flush_commit(&pt, &fl);
		for (uint64_t p = 0; p < 3 * 64; p++) {
			struct ref_res r;
			bool want_ro = (sel[p / 64] >> (p % 64)) & 1;

			assert_int_equal(tc->ref->translate(&rc, base + p * 4096, &r), REF_OK);
			if (want_ro == !!(r.prot & PT_W))
				fail_msg("%s case %u: page %llu of the word is %s", tc->name, k,
					 (unsigned long long)p, want_ro ? "still writable" : "protected");
		}
	}
	pt_destroy(&pt);
	pt_cache_drain(&c, &env.alloc);
	env_teardown(true);
}

static int teardown_case(void **state)
{
	physmem_reset();
	return 0;
}

static int setup_case(void **state)
{
	return 0;
}

int main(void)
{
	static struct CMUnitTest tests[64];
	unsigned n = 0;

	for (unsigned i = 0; i < ntcases; i++) {
		const struct tcase *tc = &tcases[i];

		if (tc->win_size < 16 * MB)
			continue;
#define ADD(fn) (tests[n++] = TC_TEST(fn, setup_case, teardown_case, tc))
		ADD(test_dirty_wp);
		if (!(tc->cfg & PT_CFG_HWDIRTY))
			ADD(test_masked_unaligned);
		if (tc->cfg & PT_CFG_HWDIRTY) {
			ADD(test_dirty_hw_scan);
			ADD(test_dirty_hw_log);
		}
	}
	return _cmocka_run_group_tests("pt_dirty", tests, n, NULL, NULL);
}
