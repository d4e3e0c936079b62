// SPDX-License-Identifier: MIT
/*
 * Host tests of the page-table engine (mm/pt.c) with every format
 * (arch/arm64/pt_s2.c, arch/x86/pt_npt.c, arch/x86/pt_ept.c,
 * arch/s390/pt_dat.c) and a fake format with scrambled bits. After every
 * step the tables are read back through an independent reference walker
 * (ref_*.c) and compared with a flat model; TLB hook calls are checked for
 * coverage; caches short of the bound must leave everything unchanged; no
 * frame leaks.
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
#include "arch/arm64/pt_s2.h"
#include "arch/s390/pt_dat.h"

#define KB (1ull << 10)
#define MB (1ull << 20)
#define GB (1ull << 30)
#define KEEP (PT_R | PT_W | PT_X | PT_DEV)

static unsigned caps(const struct tcase *tc)
{
	return tc->fmt->prot_caps & KEEP;
}

/* ------------------------------------------------------------------ randomized */

struct rstate {
	const struct tcase *tc;
	struct pt pt;
	struct pt_cache cache;
	struct model m, before;
	uint64_t seed;
	unsigned steps, nmap, nunmap, nprot, nsplit, nmask, nfail;
	bool inject;		/* also try every cache shortfall before each operation */
};

static uint64_t rnd(struct rstate *s, uint64_t n)
{
	return n ? rnd_next(&s->seed) % n : 0;
}

static void pick_range(struct rstate *s, uint64_t *ga, uint64_t *size)
{
	const struct tcase *tc = s->tc;
	uint64_t w = tc->win_size, r = rnd(s, 10);

	if (r < 4)
		*size = (1 + rnd(s, 32)) * 4 * KB;
	else if (r < 7)
		*size = (1 + rnd(s, 3)) * 2 * MB + (rnd(s, 2) ? 0 : rnd(s, 8) * 4 * KB);
	else if (r < 8 && w >= 2 * GB)
		*size = GB * (1 + rnd(s, 2)) - (rnd(s, 2) ? 0 : 2 * MB);
	else
		*size = (1 + rnd(s, 2048)) * 4 * KB;
	if (*size > w)
		*size = w / 2;
	uint64_t off = rnd(s, (w - *size) / (4 * KB) + 1) * 4 * KB;
	r = rnd(s, 10);
	if (r < 4)
		off &= ~(2 * MB - 1);
	else if (r < 5)
		off &= ~(GB - 1);
	*ga = tc->win_base + off;
}

static uint64_t pick_pa(struct rstate *s, uint64_t ga)
{
	uint64_t pa = rnd(s, 1ull << 27) << 12;	/* below 2^39 */
	uint64_t r = rnd(s, 4);

	if (r == 0)
		return pa;
	if (r == 1)
		return (pa & ~(GB - 1)) | (ga & (GB - 1));
	return (pa & ~(2 * MB - 1)) | (ga & (2 * MB - 1));
}

static unsigned pick_prot(struct rstate *s)
{
	unsigned p = PT_R;

	if (rnd(s, 2))
		p |= PT_W;
	if (rnd(s, 8) == 0)
		return p | PT_DEV;
	if (rnd(s, 2))
		p |= PT_X;
	return p;
}

static void frames_in_use_check(struct rstate *s)
{
	/* Frames neither free nor cached are the tables; tables never exceed them. */
	uint64_t used = env.free_at_start - frame_pool_free(&env.pool) - env_cache_frames(&s->cache);

	assert_true(used >= s->pt.ntables);
}

/* ------------------------------------------------------------------ pt_walk */

struct wrec {
	unsigned flags, level;
	uint64_t addr;
	enum pt_kind kind;
};

struct wlog {
	struct wrec r[8192];
	unsigned n, stop_at;
};

static int record_visit(struct pt_visit *v)
{
	struct wlog *w = v->arg;

	assert_true(w->n < ARRAY_SIZE(w->r));
	w->r[w->n++] = (struct wrec){ v->flags, v->level, v->addr, v->kind };
	if (w->stop_at && w->n == w->stop_at)
		return -99;
	return 0;
}

/*
 * The generic walk [gmap_table_walk]: LEAF visits tile the range exactly
 * once in address order, every TABLE_PRE is followed by its children and
 * then its TABLE_POST, a negative visitor result stops the walk, and bad
 * ranges are refused.
 */
static void test_walk(void **state)
{
	const struct tcase *tc = *state;
	const struct pt_fmt *f = tc->fmt;
	struct pt pt;
	struct pt_cache c = { 0 };
	struct pt_need need;
	struct wlog *w = calloc(1, sizeof(*w));
	uint64_t ga = tc->win_base + 4 * MB, lo = ga - 64 * KB, size = 4 * MB + 128 * KB, next = lo;
	unsigned depth[PT_MAX_LEVELS] = { 0 };

	assert_non_null(w);
	env_setup(32 * MB);
	assert_int_equal(pt_create(&pt, f, tc->ia_bits, tc->cfg, &env.alloc), 0);
	pt_need_map(&pt, gpa(ga), hpa(0x40000000), 2 * MB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0x40000000), 2 * MB, PT_R), 0);
	pt_need_map(&pt, gpa(ga + 2 * MB + 8 * KB), hpa(0x1000), 12 * KB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&pt, &c, gpa(ga + 2 * MB + 8 * KB), hpa(0x1000), 12 * KB, PT_R), 0);

	assert_int_equal(pt_walk(&pt, lo, size, PT_WALK_LEAF | PT_WALK_TABLE_PRE | PT_WALK_TABLE_POST,
				 record_visit, w), 0);
	for (unsigned i = 0; i < w->n; i++) {
		const struct wrec *r = &w->r[i];
		uint64_t span = 1ull << f->lv[r->level].shift;

		assert_true(r->level >= pt.start && r->level < f->nlevels);
		assert_true(is_aligned(r->addr, span));
		if (r->flags == PT_WALK_TABLE_PRE) {
			assert_int_equal(r->kind, PT_KIND_TABLE);
			depth[r->level]++;
			continue;
		}
		if (r->flags == PT_WALK_TABLE_POST) {
			assert_true(depth[r->level] > 0);
			depth[r->level]--;
			/* Its children came right before it and lie inside its span. */
			assert_true(i > 0 && w->r[i - 1].level > r->level);
			assert_true(w->r[i - 1].addr >= r->addr && w->r[i - 1].addr - r->addr < span);
			continue;
		}
		assert_int_equal(r->flags, PT_WALK_LEAF);
		assert_true(r->kind != PT_KIND_TABLE);
		/* LEAF visits tile [lo, lo + size) in order, each entry overlapping the range. */
		assert_true(r->addr <= next && next < r->addr + span);
		next = r->addr + span;
	}
	assert_true(next >= lo + size);
	for (unsigned l = 0; l < PT_MAX_LEVELS; l++)
		assert_int_equal(depth[l], 0);
	/* The 4 KiB pages mapped above are leaves at the last level. */
	unsigned leaves = 0;
	for (unsigned i = 0; i < w->n; i++)
		leaves += w->r[i].flags == PT_WALK_LEAF && w->r[i].kind == PT_KIND_LEAF &&
			  w->r[i].level == f->nlevels - 1 && w->r[i].addr >= ga + 2 * MB;
	assert_int_equal(leaves, 3);

	/* A negative result stops the walk and comes back. */
	w->n = 0;
	w->stop_at = 3;
	assert_int_equal(pt_walk(&pt, lo, size, PT_WALK_LEAF | PT_WALK_TABLE_PRE, record_visit, w), -99);
	assert_int_equal(w->n, 3);
	/* Bad ranges. */
	assert_int_equal(pt_walk(&pt, lo, 0, PT_WALK_LEAF, record_visit, w), -PT_EINVAL);
	assert_int_equal(pt_walk(&pt, UINT64_MAX - 4095, 8192, PT_WALK_LEAF, record_visit, w), -PT_EINVAL);
	if (tc->ia_bits < 64)
		assert_int_equal(pt_walk(&pt, 1ull << tc->ia_bits, 4096, PT_WALK_LEAF, record_visit, w),
				 -PT_EINVAL);
	free(w);
	pt_destroy(&pt);
	pt_cache_drain(&c, &env.alloc);
	env_teardown(true);
}

/* Run op with every cache short of need by one frame (each order) and empty: must fail unchanged. */
typedef int (*op_fn)(struct rstate *s, uint64_t ga, uint64_t size, uint64_t pa, unsigned a, unsigned b);

static void shortfall(struct rstate *s, const struct pt_need *need, op_fn op, uint64_t ga,
		      uint64_t size, uint64_t pa, unsigned a, unsigned b)
{
	uint64_t total = 0;

	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		total += need->n[o];
	if (!total)
		return;
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++) {
		struct pt_need less = *need;
		uint64_t cuts[4] = { 1, need->n[o], need->n[o] / 2, 2 };

		for (unsigned k = 0; k < 4; k++) {
			uint64_t ntables = s->pt.ntables;

			if (!need->n[o] || !cuts[k] || cuts[k] > need->n[o] || (k > 0 && cuts[k] == cuts[k - 1]))
				continue;
			less.n[o] = need->n[o] - cuts[k];
			env_cache_exact(&s->cache, &less);
			env_events_clear();
			assert_int_equal(op(s, ga, size, pa, a, b), -PT_ENOMEM);
			assert_int_equal(env.nev, 0);
			assert_int_equal(s->pt.ntables, ntables);
			tc_check(s->tc, &s->pt, &s->m, caps(s->tc));
			s->nfail++;
		}
	}
}

/* A topup that fails at every possible allocation leaves no leak and no change. */
static void topup_failures(struct rstate *s, const struct pt_need *need)
{
	uint64_t total = 0, before;

	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		total += need->n[o];
	pt_cache_drain(&s->cache, &env.alloc);
	before = frame_pool_free(&env.pool);
	for (uint64_t k = 0; k < total && k < 8; k++) {
		env.fail_at = (long)k;
		env.nalloc = 0;
		assert_int_equal(pt_cache_topup(&s->cache, &env.alloc, need), -PT_ENOMEM);
		assert_int_equal(env_cache_frames(&s->cache) + frame_pool_free(&env.pool), before);
		pt_cache_drain(&s->cache, &env.alloc);
		assert_int_equal(frame_pool_free(&env.pool), before);
	}
	env.fail_at = -1;
}

static int op_map(struct rstate *s, uint64_t ga, uint64_t size, uint64_t pa, unsigned prot, unsigned b)
{
	return pt_map(&s->pt, &s->cache, gpa(ga), hpa(pa), size, prot);
}

static int op_unmap(struct rstate *s, uint64_t ga, uint64_t size, uint64_t pa, unsigned a, unsigned b)
{
	return pt_unmap(&s->pt, &s->cache, gpa(ga), size);
}

static int op_protect(struct rstate *s, uint64_t ga, uint64_t size, uint64_t pa, unsigned set, unsigned clear)
{
	return pt_protect(&s->pt, &s->cache, gpa(ga), size, set, clear, NULL, NULL);
}

static int op_split(struct rstate *s, uint64_t ga, uint64_t size, uint64_t pa, unsigned a, unsigned b)
{
	return pt_split(&s->pt, &s->cache, gpa(ga), size);
}

static void after_op(struct rstate *s, uint64_t ga, uint64_t size)
{
	uint64_t span = s->tc->max_leaf;

	tc_check(s->tc, &s->pt, &s->m, caps(s->tc));
	tc_check_tlb(s->tc, &s->before, &s->m, align_down(ga, span), align_up(ga + size, span) - 1);
	frames_in_use_check(s);
}

static void do_op(struct rstate *s, op_fn op, const struct pt_need *need, uint64_t ga, uint64_t size,
		  uint64_t pa, unsigned a, unsigned b)
{
	if (s->inject) {
		shortfall(s, need, op, ga, size, pa, a, b);
		if (rnd(s, 4) == 0)
			topup_failures(s, need);
	}
	/* Exactly the bound: proves the bound holds (the engine BUGs on an empty cache). */
	env_cache_exact(&s->cache, need);
	model_copy(&s->before, &s->m);
	env_events_clear();
	assert_int_equal(op(s, ga, size, pa, a, b), 0);
}

static void check_lookups(struct rstate *s)
{
	struct ref_ctx c;

	tc_ctx(s->tc, &s->pt, &c);
	for (unsigned i = 0; i < 16; i++) {
		uint64_t ga = s->tc->win_base + rnd(s, s->tc->win_size), mpa;
		unsigned mprot;
		struct pt_xlate x;
		struct ref_res r;
		bool mapped = model_lookup(&s->m, ga & ~0xfffull, &mpa, &mprot);
		int ret = pt_lookup(&s->pt, gpa(ga), &x);
		enum ref_status st = s->tc->ref->translate(&c, ga, &r);

		if (!mapped) {
			assert_int_equal(ret, -PT_ENOENT);
			assert_int_equal(st, REF_FAULT);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(st, REF_OK);
		assert_int_equal(x.pa.v, mpa + (ga & 0xfff));
		assert_int_equal(r.pa, x.pa.v);
		assert_int_equal(x.prot & KEEP, mprot);
		assert_int_equal(r.prot & KEEP, mprot);
		assert_int_equal(r.size, x.size);
	}
}

static void random_run(const struct tcase *tc, uint64_t seed, unsigned steps, bool inject)
{
	struct rstate *s = calloc(1, sizeof(*s));
	struct pt_need need;

	assert_non_null(s);
	env_setup(512 * MB);
	s->tc = tc;
	s->seed = seed;
	s->inject = inject;
	model_init(&s->m);
	model_init(&s->before);
	assert_int_equal(pt_create(&s->pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	tc_check(tc, &s->pt, &s->m, caps(tc));

	for (s->steps = 0; s->steps < steps; s->steps++) {
		uint64_t ga, size, pa, r = rnd(s, 100);
		unsigned prot;

		pick_range(s, &ga, &size);
		if (r < 35) {
			pa = pick_pa(s, ga);
			prot = pick_prot(s);
			pt_need_map(&s->pt, gpa(ga), hpa(pa), size, &need);
			do_op(s, op_map, &need, ga, size, pa, prot, 0);
			model_map(&s->m, ga, size, pa, prot & caps(tc));
			s->nmap++;
		} else if (r < 55) {
			pt_need_edges(&s->pt, gpa(ga), size, &need);
			do_op(s, op_unmap, &need, ga, size, 0, 0, 0);
			model_unmap(&s->m, ga, size);
			s->nunmap++;
		} else if (r < 75) {
			unsigned set = 0, clear = 0;

			switch (rnd(s, 4)) {
			case 0: clear = PT_W; break;
			case 1: set = PT_W; break;
			case 2: clear = PT_X; break;
			default: set = PT_X | PT_W; break;
			}
			pt_need_edges(&s->pt, gpa(ga), size, &need);
			do_op(s, op_protect, &need, ga, size, 0, set, clear);
			/* Device memory never becomes executable. */
			model_protect(&s->m, ga, size, set & caps(tc) & ~PT_X, clear & caps(tc));
			if ((set & PT_X) && (caps(tc) & PT_X)) {
				/* X is added only to non-device runs. */
				struct model tmp;

				model_init(&tmp);
				for (size_t i = 0; i < s->m.n; i++) {
					struct mrun rr = s->m.r[i];
					uint64_t lo = rr.va > ga ? rr.va : ga;
					uint64_t hi = rr.va + rr.len < ga + size ? rr.va + rr.len : ga + size;

					if (lo >= hi || (rr.prot & PT_DEV)) {
						model_append(&tmp, rr.va, rr.len, rr.pa, rr.prot);
						continue;
					}
					if (rr.va < lo)
						model_append(&tmp, rr.va, lo - rr.va, rr.pa, rr.prot);
					model_append(&tmp, lo, hi - lo, rr.pa + (lo - rr.va), rr.prot | PT_X);
					if (hi < rr.va + rr.len)
						model_append(&tmp, hi, rr.va + rr.len - hi, rr.pa + (hi - rr.va), rr.prot);
				}
				model_copy(&s->m, &tmp);
				model_fini(&tmp);
			}
			s->nprot++;
		} else if (r < 85) {
			if (size > 64 * MB)
				size = 64 * MB;
			pt_need_split(&s->pt, gpa(ga), size, &need);
			do_op(s, op_split, &need, ga, size, 0, 0, 0);
			s->nsplit++;
		} else {
			/* Masked write-protect of 64 pages after splitting them to pages. */
			uint64_t base = align_down(ga, 256 * KB), mask = rnd_next(&s->seed);
			struct pt_flush fl = { 0 };

			pt_need_split(&s->pt, gpa(base), 256 * KB, &need);
			do_op(s, op_split, &need, base, 256 * KB, 0, 0, 0);
			after_op(s, base, 256 * KB);
			model_copy(&s->before, &s->m);
			env_events_clear();
			pt_wp_masked(&s->pt, &fl, gpa(base), mask, NULL, NULL);
			pt_flush_commit(&s->pt, &fl);
			for (unsigned i = 0; i < 64; i++)
				if ((mask >> i) & 1)
					model_protect(&s->m, base + i * 4 * KB, 4 * KB, 0, PT_W);
			ga = base;
			size = 256 * KB;
			s->nmask++;
		}
		after_op(s, ga, size);
		if (s->steps % 8 == 0)
			check_lookups(s);
	}

	/* Unmap everything: only the root remains. */
	pt_need_edges(&s->pt, gpa(tc->win_base), tc->win_size, &need);
	do_op(s, op_unmap, &need, tc->win_base, tc->win_size, 0, 0, 0);
	model_unmap(&s->m, tc->win_base, tc->win_size);
	after_op(s, tc->win_base, tc->win_size);
	assert_int_equal(s->pt.ntables, 1);

	pt_destroy(&s->pt);
	assert_int_equal(s->pt.ntables, 0);
	pt_cache_drain(&s->cache, &env.alloc);
	print_message("%s seed %#llx: %u steps (%u map, %u unmap, %u protect, %u split, %u masked), %u refused with a short cache\n",
		      tc->name, (unsigned long long)seed, s->steps, s->nmap, s->nunmap, s->nprot, s->nsplit,
		      s->nmask, s->nfail);
	model_fini(&s->m);
	model_fini(&s->before);
	free(s);
	env_teardown(true);
}

static void test_random(void **state)
{
	const struct tcase *tc = *state;

	random_run(tc, 0x9e3779b97f4a7c15ull, 1000, false);
	random_run(tc, 0x123456789abcdefull, 1000, false);
}

static void test_alloc_failure(void **state)
{
	const struct tcase *tc = *state;

	random_run(tc, 0xfeedface12345678ull, 200, true);
}

/* ------------------------------------------------------------------ directed */

static void test_arm64_geometry(void **state)
{
	/* T0SZ/SL0 as VTCR_EL2 allows: the reference walker derives the geometry from VTCR alone. */
	static const struct { unsigned ia, start, root_bits, root_frames; } g[] = {
		{ 32, 2, 11, 4 }, { 34, 2, 13, 16 }, { 35, 1, 5, 1 }, { 39, 1, 9, 1 }, { 40, 1, 10, 2 },
		{ 42, 1, 12, 8 }, { 43, 1, 13, 16 }, { 44, 0, 5, 1 }, { 48, 0, 9, 1 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(g); i++) {
		struct pt pt;
		struct pt_cache c = { 0 };
		struct pt_need need;
		struct ref_ctx rc;
		struct ref_res r;
		uint64_t top = (1ull << g[i].ia) - 2 * MB;

		env_setup(64 * MB);
		assert_int_equal(pt_create(&pt, &pt_fmt_arm64_s2, g[i].ia, 0, &env.alloc), 0);
		assert_int_equal(pt.start, g[i].start);
		assert_int_equal(pt.root_bits, g[i].root_bits);
		assert_int_equal(1u << pt.root_order, g[i].root_frames);
		assert_true(is_aligned(pt.root.v, PAGE_SIZE * g[i].root_frames));
		/* Map the top 2 MiB and the bottom page; both translate through the reference walker. */
		pt_need_map(&pt, gpa(top), hpa(0x40000000), 2 * MB, &need);
		assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
		assert_int_equal(pt_map(&pt, &c, gpa(top), hpa(0x40000000), 2 * MB, PT_R | PT_W), 0);
		pt_need_map(&pt, gpa(0), hpa(0x1000), 4096, &need);
		assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
		assert_int_equal(pt_map(&pt, &c, gpa(0), hpa(0x1000), 4096, PT_R), 0);
		rc.reg = arm64_s2_vttbr(&pt);
		rc.reg2 = arm64_s2_vtcr(&pt, 40);
		rc.feat = 0;
		assert_int_equal(ref_arm64.translate(&rc, top + 0x1234, &r), REF_OK);
		assert_int_equal(r.pa, 0x40001234);
		assert_int_equal(r.size, 2 * MB);
		assert_int_equal(ref_arm64.translate(&rc, 0x10, &r), REF_OK);
		assert_int_equal(r.pa, 0x1010);
		assert_int_equal(ref_arm64.translate(&rc, 1ull << g[i].ia, &r), REF_FAULT);
		/* Out of the input range: refused. */
		assert_int_equal(pt_map(&pt, &c, gpa(1ull << g[i].ia), hpa(0), 4096, PT_R), -PT_EINVAL);
		pt_destroy(&pt);
		pt_cache_drain(&c, &env.alloc);
		env_teardown(true);
	}
	/* Unsupported sizes and options. */
	env_setup(16 * MB);
	struct pt pt;
	assert_int_equal(pt_create(&pt, &pt_fmt_arm64_s2, 31, 0, &env.alloc), -PT_EINVAL);
	assert_int_equal(pt_create(&pt, &pt_fmt_arm64_s2, 49, 0, &env.alloc), -PT_EINVAL);
	assert_int_equal(pt_create(&pt, &pt_fmt_arm64_s2, 40, PT_CFG_EDAT1, &env.alloc), -PT_EINVAL);
	env_teardown(true);
}

static void test_s390_geometry(void **state)
{
	static const struct { unsigned ia, start; uint64_t dt; } g[] = {
		{ 31, 3, 0 }, { 42, 2, 1 }, { 53, 1, 2 }, { 64, 0, 3 }, { 40, 2, 1 }, { 50, 1, 2 },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(g); i++) {
		struct pt pt;

		env_setup(16 * MB);
		assert_int_equal(pt_create(&pt, &pt_fmt_s390_dat, g[i].ia, 0, &env.alloc), 0);
		assert_int_equal(pt.start, g[i].start);
		assert_int_equal(1u << pt.root_order, 4);	/* 2048 entries */
		assert_int_equal((pt_root_reg(&pt) >> 2) & 3, g[i].dt);
		assert_int_equal(pt_root_reg(&pt) & 3, 3);
		pt_destroy(&pt);
		env_teardown(true);
	}
	env_setup(16 * MB);
	struct pt pt;
	assert_int_equal(pt_create(&pt, &pt_fmt_s390_dat, 30, 0, &env.alloc), -PT_EINVAL);
	assert_int_equal(pt_create(&pt, &pt_fmt_s390_dat, 40, PT_CFG_HWDIRTY, &env.alloc), -PT_EINVAL);
	env_teardown(true);
}

/* Largest leaf the alignment allows; device never executable; bad arguments refused. */
static void test_map_blocks(void **state)
{
	const struct tcase *tc = *state;
	struct pt pt;
	struct pt_cache c = { 0 };
	struct pt_need need;
	struct pt_xlate x;
	uint64_t ga = tc->win_base;

	env_setup(64 * MB);
	assert_int_equal(pt_create(&pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	pt_need_map(&pt, gpa(ga), hpa(GB), GB + 2 * MB + 8 * KB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(GB), GB + 2 * MB + 8 * KB, PT_R | PT_W), 0);
	assert_int_equal(pt_lookup(&pt, gpa(ga + 5), &x), 0);
	assert_int_equal(x.pa.v, GB + 5);
	assert_int_equal(x.size, tc->max_leaf);
	assert_int_equal(pt_lookup(&pt, gpa(ga + GB + 4096), &x), 0);
	assert_int_equal(x.size, tc->max_leaf >= 2 * MB ? 2 * MB : tc->max_leaf);
	assert_int_equal(pt_lookup(&pt, gpa(ga + GB + 2 * MB + 4096), &x), 0);
	assert_int_equal(x.size, 4096);
	assert_int_equal(pt_lookup(&pt, gpa(ga + GB + 2 * MB + 8 * KB), &x), -PT_ENOENT);

	/* Device: never executable. */
	pt_need_map(&pt, gpa(ga + 2 * GB), hpa(0xfe000000), 64 * KB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map_device(&pt, &c, gpa(ga + 2 * GB), hpa(0xfe000000), 64 * KB, true), 0);
	assert_int_equal(pt_lookup(&pt, gpa(ga + 2 * GB), &x), 0);
	assert_false(x.prot & PT_X);
	assert_int_equal(x.prot & PT_DEV, tc->fmt->prot_caps & PT_DEV);
	pt_need_edges(&pt, gpa(ga + 2 * GB), 64 * KB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_protect(&pt, &c, gpa(ga + 2 * GB), 64 * KB, PT_X, 0, NULL, NULL), 0);
	assert_int_equal(pt_lookup(&pt, gpa(ga + 2 * GB), &x), 0);
	assert_false(x.prot & PT_X);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0), 4096, PT_R | PT_X | PT_DEV), -PT_EINVAL);

	/* Bad arguments. */
	assert_int_equal(pt_map(&pt, &c, gpa(ga + 1), hpa(0), 4096, PT_R), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0x800), 4096, PT_R), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0), 0, PT_R), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0), 4096, PT_W), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(0), 4096, PT_R | 0x100), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(UINT64_MAX & ~0xfffull), 8192, PT_R), -PT_EINVAL);
	assert_int_equal(pt_map(&pt, &c, gpa(UINT64_MAX & ~0xfffull), hpa(0), 8192, PT_R), -PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, &c, gpa(ga), 4095), -PT_EINVAL);
	assert_int_equal(pt_protect(&pt, &c, gpa(ga), 4096, 0, PT_R, NULL, NULL), -PT_EINVAL);
	assert_int_equal(pt_protect(&pt, &c, gpa(ga), 4096, PT_W, PT_W, NULL, NULL), -PT_EINVAL);

	pt_destroy(&pt);
	pt_cache_drain(&c, &env.alloc);
	env_teardown(true);
}

/* arm64: splitting a block breaks it first; x86 writes the table then flushes; s390 breaks. */
static void test_split_ordering(void **state)
{
	const struct tcase *tc = *state;
	struct pt pt;
	struct pt_cache c = { 0 };
	struct pt_need need;
	uint64_t ga = tc->win_base;
	size_t nbreak = 0, nflush = 0;

	env_setup(64 * MB);
	assert_int_equal(pt_create(&pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	pt_need_map(&pt, gpa(ga), hpa(GB), 2 * MB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_map(&pt, &c, gpa(ga), hpa(GB), 2 * MB, PT_R | PT_W), 0);
	pt_need_split(&pt, gpa(ga), 2 * MB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	env_events_clear();
	assert_int_equal(pt_split(&pt, &c, gpa(ga), 2 * MB), 0);
	for (size_t i = 0; i < env.nev; i++) {
		if (env.ev[i].type == TLB_EV_BREAK) {
			assert_int_equal(env.ev[i].addr, ga + nbreak * env.ev[i].size);
			nbreak++;
			assert_int_equal(env.ev[i].size, tc->max_leaf >= 2 * MB ? 2 * MB : MB);
		} else if (env.ev[i].type == TLB_EV_FLUSH) {
			nflush++;
			assert_int_equal(env.ev[i].addr, ga);
			assert_int_equal(env.ev[i].size, 2 * MB);
		}
	}
	if (tc->fmt->bbm == PT_BBM_NEVER) {
		assert_int_equal(nbreak, 0);
		assert_int_equal(nflush, 1);
	} else if (tc->max_leaf >= 2 * MB) {
		assert_int_equal(nbreak, 1);
		assert_int_equal(nflush, 0);
	} else {
		assert_int_equal(nbreak, 2);	/* s390: two 1 MiB segments */
	}
	/* Write-protecting one page: one invalidation of exactly that page. */
	env_events_clear();
	pt_need_edges(&pt, gpa(ga + 4096), 4096, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(pt_protect(&pt, &c, gpa(ga + 4096), 4096, 0, PT_W, NULL, NULL), 0);
	assert_int_equal(env.nev, 1);
	assert_int_equal(env.ev[0].addr, ga + 4096);
	assert_int_equal(env.ev[0].size, 4096);
	assert_int_equal(env.ev[0].type, tc->fmt->bbm == PT_BBM_ALWAYS ? TLB_EV_BREAK : TLB_EV_FLUSH);
	/* Unmapping everything frees the tables only after one flush of their range. */
	env_events_clear();
	pt_need_edges(&pt, gpa(ga), 2 * MB, &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	uint64_t cached = env_cache_frames(&c);
	assert_int_equal(pt_unmap(&pt, &c, gpa(ga), 2 * MB), 0);
	assert_true(env_cache_frames(&c) > cached);	/* freed tables went back to the cache */
	assert_int_equal(pt.ntables, 1);
	pt_destroy(&pt);
	pt_cache_drain(&c, &env.alloc);
	env_teardown(true);
}

static int setup_case(void **state)
{
	return 0;
}

/* After a failed test: drop its memory so the next one starts clean. */
static int teardown_case(void **state)
{
	physmem_reset();
	return 0;
}

int main(void)
{
	static struct CMUnitTest tests[64];
	unsigned n = 0;
	/* One binary per format family (PT_FAMILY) keeps each run short; PT_ONLY narrows further. */
#ifdef PT_FAMILY
	const char *family = PT_FAMILY;
#else
	const char *family = "";
#endif

	if (strstr("arm64", family))
		tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_arm64_geometry, teardown_case);
	if (strstr("s390", family))
		tests[n++] = (struct CMUnitTest)cmocka_unit_test_teardown(test_s390_geometry, teardown_case);
	for (unsigned i = 0; i < ntcases; i++) {
		const struct tcase *tc = &tcases[i];

		if (!tc_wanted(tc) || !strstr(tc->name, family))
			continue;
#define ADD(fn) (tests[n++] = TC_TEST(fn, setup_case, teardown_case, tc))
		if (tc->ia_bits >= 64 || tc->win_base + 3 * GB < (1ull << tc->ia_bits))
			ADD(test_map_blocks);
		if (tc->max_leaf >= MB)
			ADD(test_split_ordering);
		ADD(test_walk);
		ADD(test_random);
		ADD(test_alloc_failure);
	}
	return _cmocka_run_group_tests("pt", tests, n, NULL, NULL);
}
