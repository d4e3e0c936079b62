// SPDX-License-Identifier: MIT
/*
 * Host tests of the dirty-logging core (mm/dirty.c) together with page
 * tracking (mm/pagetrack.c) and the stage-2 write-fault entry point, on every
 * engine format: write-protect mode everywhere, both hardware-dirty modes on
 * the formats that have hardware dirty state (arm64 DBM, NPT D, EPT A/D).
 *
 * Guest writes go through the independent reference walker (ref_*.c), which
 * refuses writes to protected pages and sets dirty state as the hardware
 * does; a refused write goes to s2_write_fault(), then is retried. Intel PML
 * is simulated: every dirty-state transition 0 -> 1 of the reference walker
 * is logged into a 512-entry page with dirty_pml_log() and ingested on
 * "PML full" and before each harvest.
 *
 * The reference model is a set of pages written since the last harvest and
 * a set of (owner, page) tracking records. After every step: every page is
 * writable exactly when the model allows it (write-protect mode: writable
 * only if already logged), and the log holds exactly the written pages
 * (bitmap, plus in hardware modes the dirty state not yet collected). Every
 * harvest returns exactly the pages written since the previous one, so no
 * page is lost across harvests, splits, permission changes, tracking,
 * disable/enable cycles, or a failed copy-out. Operations are first tried
 * with a cache one frame short (and a failing bitmap allocation), which must
 * change nothing.
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

#define MB (1ull << 20)
#define NOWN 3
#define NCAND 11
#define ALL_PROT (PT_R | PT_W | PT_X | PT_DEV | PT_DIRTY)

struct dstate {
	struct s2f f;
	enum dirty_mode mode;
	uint64_t seed;
	bool logging;
	bool inject;
	uint64_t storage[2 * ((S2F_L_PAGES + 63) / 64) + 1];
	/* Model. */
	bool rdirty[S2F_L_PAGES];
	uint8_t reg[S2F_NPAGES], en[S2F_NPAGES];	/* owner bitmasks */
	struct dirty_stats st;				/* expected counters */
	/* Simulated PML page. */
	uint64_t pml[DIRTY_PML_ENTRIES];
	uint16_t pml_idx;
	/* Handler calls. */
	unsigned calls[NOWN];
	uint64_t last_ga[NOWN];
	uint8_t last_data[NOWN][8];
	/* Counters for the report line. */
	unsigned nwrite, nfault, nemul, nharvest, nfailcopy, ntrack, nrefused, ningest, ncycle, nperm;
};

static struct dstate *cur;
static const char owners[NOWN] = { 0 };
static const unsigned cand[NCAND] = {
	0, 1, 2, 100, 511, 512, 1000, S2F_L_PAGES - 1,
	S2F_L_PAGES + 0, S2F_L_PAGES + 5, S2F_L_PAGES + S2F_P_PAGES - 1,
};

static uint64_t rnd(struct dstate *s, uint64_t n)
{
	return n ? rnd_next(&s->seed) % n : 0;
}

static int handler(void *priv, gpa_t ga, const void *data, unsigned bytes)
{
	unsigned k = (unsigned)((const char *)priv - owners);

	assert_true(k < NOWN);
	assert_int_equal(bytes, 8);
	cur->calls[k]++;
	cur->last_ga[k] = ga.v;
	memcpy(cur->last_data[k], data, 8);
	return 0;
}

static unsigned popc(unsigned v)
{
	return (unsigned)__builtin_popcount(v);
}

static bool in_l(unsigned i)
{
	return i < S2F_L_PAGES;
}

static bool need_zero(const struct pt_need *n)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		if (n->n[o])
			return false;
	return true;
}

/* The cache one frame short of need in some order; false if need is empty. */
static bool cache_short(struct dstate *s, const struct pt_need *need)
{
	struct pt_need less = *need;
	unsigned o;

	if (need_zero(need))
		return false;
	do
		o = (unsigned)rnd(s, PT_MAX_ORDER + 1);
	while (!need->n[o]);
	less.n[o]--;
	s2f_exact(&s->f, &less);
	return true;
}

static bool pml_pending(const struct dstate *s, uint64_t gfn)
{
	for (unsigned k = (unsigned)s->pml_idx + 1; k < DIRTY_PML_ENTRIES; k++)
		if (s->pml[k] >> 12 == gfn)
			return true;
	return false;
}

/* Expected effect of ingesting entries (model side, independent of the code). */
static long model_ingest(struct dstate *s, const uint64_t *e, unsigned n)
{
	long marked = 0;

	for (unsigned k = 0; k < n; k++) {
		uint64_t gfn = e[k] >> 12;

		if (e[k] & 0xfff) {
			s->st.ign_unaligned++;
		} else if (s->logging && gfn >= s->f.L->base_gfn && gfn - s->f.L->base_gfn < S2F_L_PAGES) {
			s->rdirty[gfn - s->f.L->base_gfn] = true;
			marked++;
		} else {
			s->st.ign_outside++;
		}
	}
	s->st.ingested += (uint64_t)marked;
	return marked;
}

static void check_stats(struct dstate *s)
{
	assert_int_equal(s->f.sp.stats.ingested, s->st.ingested);
	assert_int_equal(s->f.sp.stats.ign_outside, s->st.ign_outside);
	assert_int_equal(s->f.sp.stats.ign_unaligned, s->st.ign_unaligned);
	assert_int_equal(s->f.sp.stats.rejected, s->st.rejected);
}

/* The CPU's PML-full exit: the hypervisor ingests the page and resets the index. */
static void pml_flush(struct dstate *s)
{
	uint64_t copy[DIRTY_PML_ENTRIES];
	unsigned first = s->pml_idx >= DIRTY_PML_ENTRIES ? 0 : s->pml_idx + 1u;
	long exp;

	memcpy(copy, s->pml, sizeof(copy));
	exp = model_ingest(s, copy + first, DIRTY_PML_ENTRIES - first);
	assert_int_equal(dirty_ingest_pml(&s->f.sp, s->pml, s->pml_idx), exp);
	s->pml_idx = DIRTY_PML_ENTRIES - 1;
	check_stats(s);
}

/* ------------------------------------------------------------ invariants */

static void check_all(struct dstate *s)
{
	struct s2f *f = &s->f;

	for (unsigned i = 0; i < S2F_NPAGES; i++) {
		uint64_t gfn = s2f_gfn(f, i);
		struct memslot *slot = s2f_slot_of(f, i);
		unsigned prot;
		bool w, may;

		if (!s2f_ref_prot(f, gfn, &prot))
			fail_msg("%s: page %u (gfn %#llx) lost its mapping", f->tc->name, i,
				 (unsigned long long)gfn);
		w = prot & PT_W;
		may = slot != f->R && !s->en[i];
		if (!may && w)
			fail_msg("%s: page %u writable although %s", f->tc->name, i,
				 slot == f->R ? "read-only" : "tracked");
		assert_int_equal(pagetrack_count(&f->trk, gfn), popc(s->en[i]));
		if (!in_l(i)) {
			if (may != w)
				fail_msg("%s: page %u (not logging) writable=%d, expected %d", f->tc->name, i, w, may);
			continue;
		}
		if (!s->logging) {
			if (may != w)
				fail_msg("%s: page %u writable=%d with logging off, expected %d", f->tc->name, i, w, may);
			assert_false(dirty_test(f->L, gfn));
			continue;
		}
		bool bit = dirty_test(f->L, gfn);

		if (s->mode == DIRTY_MODE_WP) {
			/* Safety: a page the guest can write without a fault is already logged. */
			if (w && !s->rdirty[i])
				fail_msg("%s: page %u writable but not logged (a write would be lost)", f->tc->name, i);
			if (bit != s->rdirty[i])
				fail_msg("%s: page %u: bit %d, model %d", f->tc->name, i, bit, s->rdirty[i]);
		} else {
			bool pend = s->mode == DIRTY_MODE_HW_SCAN ? (prot & PT_DIRTY) != 0 : pml_pending(s, gfn);

			if (may != w)
				fail_msg("%s: page %u writable=%d in a hardware mode, expected %d", f->tc->name, i, w, may);
			if ((bit || pend) != s->rdirty[i])
				fail_msg("%s: page %u: bit %d pending %d, model %d", f->tc->name, i, bit, pend,
					 s->rdirty[i]);
			if (bit && !s->rdirty[i])
				fail_msg("%s: page %u logged but never written", f->tc->name, i);
		}
	}
	check_stats(s);
}

/* ------------------------------------------------------------ operations */

static void guest_write(struct dstate *s, unsigned i)
{
	struct s2f *f = &s->f;
	uint64_t gfn = s2f_gfn(f, i), ga = (gfn << 12) | (rnd(s, 512) << 3);
	struct memslot *slot = s2f_slot_of(f, i);
	unsigned before = 0;
	struct ref_res r;
	enum ref_status st;
	enum s2_wf res;
	uint8_t data[8];
	struct pt_need need;
	int ret;

	s->nwrite++;
	assert_true(s2f_ref_prot(f, gfn, &before));
	st = f->tc->ref->access(&f->ctx, ga, PT_W, &r);
	if (st == REF_OK) {
		if (slot == f->R || s->en[i])
			fail_msg("%s: guest wrote page %u, which is %s", f->tc->name, i,
				 slot == f->R ? "read-only" : "tracked");
		if (s->logging && s->mode == DIRTY_MODE_WP && in_l(i) && !s->rdirty[i])
			fail_msg("%s: write to page %u did not fault and is not logged", f->tc->name, i);
		if (s->logging && s->mode == DIRTY_MODE_HW_LOG && !(before & PT_DIRTY) && (r.prot & PT_DIRTY)) {
			if (dirty_pml_log(s->pml, &s->pml_idx, gpa(ga)) == -DIRTY_ENOSPC) {
				pml_flush(s);
				assert_int_equal(dirty_pml_log(s->pml, &s->pml_idx, gpa(ga)), 0);
			}
		}
		if (s->logging && in_l(i))
			s->rdirty[i] = true;
		return;
	}
	assert_int_equal(st, REF_PERM);
	s->nfault++;
	for (unsigned k = 0; k < 8; k++)
		data[k] = (uint8_t)rnd(s, 256);

	pt_need_edges(&f->pt, gpa(gfn << 12), 4096, &need);
	bool wp_path = slot != f->R && !s->en[i] && s->logging && s->mode == DIRTY_MODE_WP && in_l(i);

	if (wp_path && s->inject && rnd(s, 3) == 0) {
		struct s2f_snap snap;

		if (cache_short(s, &need)) {
			s2f_snap_take(f, &snap);
			assert_int_equal(s2_write_fault(&f->sp, &f->cache, gpa(ga), data, 8, &res),
					 -PAGETRACK_ENOMEM);
			s2f_snap_check(f, &snap);
			s2f_snap_free(&snap);
			s->nrefused++;
		}
	}
	s2f_topup(f, &need);
	env_events_clear();
	unsigned calls[NOWN];

	memcpy(calls, s->calls, sizeof(calls));
	ret = s2_write_fault(&f->sp, &f->cache, gpa(ga), data, 8, &res);
	assert_int_equal(ret, 0);
	if (slot == f->R) {
		assert_int_equal(res, S2_WF_NOT_OURS);
		return;
	}
	if (s->en[i]) {
		assert_int_equal(res, S2_WF_EMULATED);
		s->nemul++;
		for (unsigned k = 0; k < NOWN; k++) {
			bool on = (s->en[i] >> k) & 1;

			assert_int_equal(s->calls[k], calls[k] + on);
			if (on) {
				assert_int_equal(s->last_ga[k], ga);
				assert_memory_equal(s->last_data[k], data, 8);
			}
		}
		assert_memory_equal(physmem_ptr(memslot_gfn_to_hpa(slot, gfn).v + (ga & 0xfff)), data, 8);
		if (s->logging && in_l(i))
			s->rdirty[i] = true;
		return;
	}
	if (!wp_path)
		fail_msg("%s: write to page %u faulted although nothing protects it", f->tc->name, i);
	assert_int_equal(res, S2_WF_RETRY);
	s->rdirty[i] = true;
	/* The engine invalidated exactly this page. */
	for (size_t k = 0; k < env.nev; k++) {
		const struct tlb_ev *e = &env.ev[k];

		assert_true(e->type != TLB_EV_FLUSH_ALL);
		assert_int_equal(e->addr, gfn << 12);
		assert_int_equal(e->size, 4096);
	}
	assert_int_equal(f->tc->ref->access(&f->ctx, ga, PT_W, &r), REF_OK);
	if (s->mode == DIRTY_MODE_HW_LOG)
		fail_msg("unreachable");
}

struct copy_arg {
	uint64_t out[(S2F_L_PAGES + 63) / 64];
	bool fail;
	unsigned calls;
};

static int copy_out(void *arg, const uint64_t *bits, uint64_t nwords)
{
	struct copy_arg *a = arg;

	a->calls++;
	assert_int_equal(nwords, (S2F_L_PAGES + 63) / 64);
	if (a->fail)
		return -1;
	memcpy(a->out, bits, nwords * 8);
	return 0;
}

static void harvest(struct dstate *s, bool fail)
{
	struct s2f *f = &s->f;
	struct copy_arg a = { .fail = fail };
	struct model before, after;
	uint64_t lo = f->L->base_gfn << 12, hi = lo + (S2F_L_PAGES << 12) - 1;
	int ret;

	if (s->mode == DIRTY_MODE_HW_LOG && s->logging)
		pml_flush(s);
	model_init(&before);
	model_init(&after);
	tc_dump(f->tc, &f->pt, &before, ALL_PROT);
	env_events_clear();
	ret = dirty_log_get_and_clear(&f->sp, f->L, copy_out, &a);
	if (!s->logging) {
		assert_int_equal(ret, -DIRTY_EINVAL);
		assert_int_equal(a.calls, 0);
		assert_int_equal(env.nev, 0);
		goto out;
	}
	assert_int_equal(a.calls, 1);
	s->nharvest++;
	if (fail) {
		assert_int_equal(ret, -DIRTY_EFAULT);
		s->nfailcopy++;
		/* Nothing lost: every written page is still in the log. */
		for (unsigned i = 0; i < S2F_L_PAGES; i++)
			assert_int_equal(dirty_test(f->L, f->L->base_gfn + i), s->rdirty[i]);
	} else {
		assert_int_equal(ret, 0);
		for (unsigned i = 0; i < S2F_L_PAGES; i++) {
			bool got = (a.out[i / 64] >> (i % 64)) & 1;

			if (got != s->rdirty[i])
				fail_msg("%s: harvest: page %u reported %d, written %d", f->tc->name, i, got,
					 s->rdirty[i]);
		}
		for (unsigned i = S2F_L_PAGES; i < 64 * ((S2F_L_PAGES + 63) / 64); i++)
			assert_false((a.out[i / 64] >> (i % 64)) & 1);
		memset(s->rdirty, 0, sizeof(s->rdirty));
	}
	/* Step 4 ran in both cases: every page that lost a right was invalidated. */
	tc_dump(f->tc, &f->pt, &after, ALL_PROT);
	tc_check_tlb(f->tc, &before, &after, lo, hi);
out:
	model_fini(&before);
	model_fini(&after);
}

static void do_enable(struct dstate *s)
{
	struct s2f *f = &s->f;
	struct pt_need need;
	struct s2f_snap snap;
	bool own = rnd(s, 2);
	uint64_t *stor = own ? s->storage : NULL;
	uint64_t nst = own ? ARRAY_SIZE(s->storage) : 0;

	dirty_need_enable(&f->sp, f->L, &need);
	if (s->inject) {
		if (cache_short(s, &need)) {
			s2f_snap_take(f, &snap);
			assert_int_equal(dirty_log_enable(&f->sp, &f->cache, f->L, s->mode, stor, nst),
					 -DIRTY_ENOMEM);
			s2f_snap_check(f, &snap);
			s2f_snap_free(&snap);
			s->nrefused++;
		}
		s2f_topup(f, &need);
		if (!own) {
			/* The bitmap's frames cannot be had. */
			s2f_snap_take(f, &snap);
			env.nalloc = 0;
			env.fail_at = 0;
			assert_int_equal(dirty_log_enable(&f->sp, &f->cache, f->L, s->mode, NULL, 0),
					 -DIRTY_ENOMEM);
			env.fail_at = -1;
			s2f_snap_check(f, &snap);
			s2f_snap_free(&snap);
			s->nrefused++;
		}
		/* Storage one word short. */
		assert_int_equal(dirty_log_enable(&f->sp, &f->cache, f->L, s->mode, s->storage,
						  2 * ((S2F_L_PAGES + 63) / 64) - 1), -DIRTY_EINVAL);
	}
	s2f_topup(f, &need);
	env_events_clear();
	assert_int_equal(dirty_log_enable(&f->sp, &f->cache, f->L, s->mode, stor, nst), 0);
	assert_int_equal(dirty_log_enable(&f->sp, &f->cache, f->L, s->mode, stor, nst), -DIRTY_EBUSY);
	assert_true(f->L->flags & MEMSLOT_DIRTY_LOG);
	s->logging = true;
	memset(s->rdirty, 0, sizeof(s->rdirty));
	s->pml_idx = DIRTY_PML_ENTRIES - 1;
	/* Dirty state is per 4 KiB page now. */
	for (unsigned i = 0; i < S2F_L_PAGES; i += 37) {
		struct pt_xlate x;

		assert_int_equal(pt_lookup(&f->pt, gpa((f->L->base_gfn + i) << 12), &x), 0);
		assert_int_equal(x.size, 4096);
	}
}

static void do_disable(struct dstate *s)
{
	struct s2f *f = &s->f;
	struct pt_need need;
	struct s2f_snap snap;

	if (s->mode == DIRTY_MODE_HW_LOG)
		pml_flush(s);
	dirty_need_disable(&f->sp, f->L, &need);
	if (s->inject && cache_short(s, &need)) {
		s2f_snap_take(f, &snap);
		assert_int_equal(dirty_log_disable(&f->sp, &f->cache, f->L), -DIRTY_ENOMEM);
		s2f_snap_check(f, &snap);
		s2f_snap_free(&snap);
		s->nrefused++;
	}
	s2f_topup(f, &need);
	assert_int_equal(dirty_log_disable(&f->sp, &f->cache, f->L), 0);
	assert_int_equal(dirty_log_disable(&f->sp, &f->cache, f->L), -DIRTY_EINVAL);
	assert_false(f->L->flags & MEMSLOT_DIRTY_LOG);
	s->logging = false;
	memset(s->rdirty, 0, sizeof(s->rdirty));
}

static void track_op(struct dstate *s)
{
	struct s2f *f = &s->f;
	unsigned i = cand[rnd(s, NCAND)], k = (unsigned)rnd(s, NOWN), bit = 1u << k;
	uint64_t gfn = s2f_gfn(f, i);
	const void *owner = &owners[k];
	struct pt_need need;
	struct s2f_snap snap;
	int op = (int)rnd(s, 4), ret;

	s->ntrack++;
	pagetrack_need(&f->sp, gfn, &need);
	if (op == 0) {
		ret = pagetrack_register(&f->sp, owner, gfn, handler, (void *)owner);
		assert_int_equal(ret, (s->reg[i] & bit) ? -PAGETRACK_EEXIST : 0);
		s->reg[i] |= bit;
		return;
	}
	if (!(s->reg[i] & bit)) {
		s2f_topup(f, &need);
		ret = op == 1 ? pagetrack_enable(&f->sp, &f->cache, owner, gfn) :
		      op == 2 ? pagetrack_disable(&f->sp, &f->cache, owner, gfn) :
				pagetrack_unregister(&f->sp, &f->cache, owner, gfn);
		assert_int_equal(ret, -PAGETRACK_ENOENT);
		return;
	}
	/* Often write the page just before it becomes tracked: its dirty state must survive. */
	if (op == 1 && rnd(s, 2))
		guest_write(s, i);
	/* Enable of an enabled record, disable of a disabled one: no table change needed. */
	bool changes = op == 1 ? !(s->en[i] & bit) : (s->en[i] & bit);

	if (s->inject && changes && cache_short(s, &need)) {
		s2f_snap_take(f, &snap);
		ret = op == 1 ? pagetrack_enable(&f->sp, &f->cache, owner, gfn) :
		      op == 2 ? pagetrack_disable(&f->sp, &f->cache, owner, gfn) :
				pagetrack_unregister(&f->sp, &f->cache, owner, gfn);
		assert_int_equal(ret, -PAGETRACK_ENOMEM);
		s2f_snap_check(f, &snap);
		s2f_snap_free(&snap);
		s->nrefused++;
	}
	s2f_topup(f, &need);
	struct pt_xlate x;

	assert_int_equal(pt_lookup(&f->pt, gpa(gfn << 12), &x), 0);
	env_events_clear();
	if (op == 1) {
		assert_int_equal(pagetrack_enable(&f->sp, &f->cache, owner, gfn), 0);
		s->en[i] |= bit;
	} else if (op == 2) {
		assert_int_equal(pagetrack_disable(&f->sp, &f->cache, owner, gfn), 0);
		s->en[i] &= ~bit;
	} else {
		assert_int_equal(pagetrack_unregister(&f->sp, &f->cache, owner, gfn), 0);
		s->en[i] &= ~bit;
		s->reg[i] &= ~bit;
		assert_null(pagetrack_find(&f->trk, owner, gfn));
	}
	/* Exact invalidation: the page, or the block it was split out of. */
	for (size_t e = 0; e < env.nev; e++) {
		const struct tlb_ev *ev = &env.ev[e];

		assert_true(ev->type != TLB_EV_FLUSH_ALL);
		if (!(ev->addr == gfn << 12 && ev->size == 4096) &&
		    !(ev->addr == align_down(gfn << 12, x.size) && ev->size == x.size))
			fail_msg("%s: tracking gfn %#llx (leaf %#llx) invalidated [%#llx, +%#llx)", f->tc->name,
				 (unsigned long long)gfn, (unsigned long long)x.size,
				 (unsigned long long)ev->addr, (unsigned long long)ev->size);
	}
}

/* The model's view of s2_page_may_write(). */
static bool s2f_page_may_write_model(const struct dstate *s, unsigned i)
{
	if (s2f_slot_of(&s->f, i) == s->f.R || s->en[i])
		return false;
	return !(s->logging && s->mode == DIRTY_MODE_WP && in_l(i) && !s->rdirty[i]);
}

/*
 * The partition changes permissions or splits inside the slot: execute
 * toggles, and a write-protect of a range followed by re-opening the pages
 * that may be written (hardware dirty state dropped on the way is reported).
 */
static void perm_op(struct dstate *s)
{
	struct s2f *f = &s->f;
	uint64_t first = rnd(s, S2F_L_PAGES), n = 1 + rnd(s, 600);
	struct pt_need need;

	if (first + n > S2F_L_PAGES)
		n = S2F_L_PAGES - first;
	gpa_t ga = gpa((f->L->base_gfn + first) << 12);

	s->nperm++;
	pt_need_edges(&f->pt, ga, n << 12, &need);
	s2f_topup(f, &need);
	switch (rnd(s, 4)) {
	case 0:
		assert_int_equal(pt_protect(&f->pt, &f->cache, ga, n << 12, 0, PT_X, dirty_hw_report, &f->sp), 0);
		break;
	case 1:
		assert_int_equal(pt_protect(&f->pt, &f->cache, ga, n << 12, PT_X, 0, dirty_hw_report, &f->sp), 0);
		break;
	case 2:
		pt_need_split(&f->pt, ga, n << 12, &need);
		s2f_topup(f, &need);
		assert_int_equal(pt_split(&f->pt, &f->cache, ga, n << 12), 0);
		break;
	default:
		assert_int_equal(pt_protect(&f->pt, &f->cache, ga, n << 12, 0, PT_W, dirty_hw_report, &f->sp), 0);
		for (uint64_t p = 0; p < n; p++) {
			uint64_t gfn = f->L->base_gfn + first + p;

			bool may = s2f_page_may_write_model(s, (unsigned)(first + p));

			assert_int_equal(s2_page_may_write(&f->sp, f->L, gfn), may);
			if (!may)
				continue;
			pt_need_edges(&f->pt, gpa(gfn << 12), 4096, &need);
			s2f_topup(f, &need);
			assert_int_equal(pt_protect(&f->pt, &f->cache, gpa(gfn << 12), 4096, PT_W, 0, NULL, NULL), 0);
		}
		break;
	}
}

/* Log buffers with hostile content: outside, unaligned, duplicates, too long. */
static void ingest_op(struct dstate *s)
{
	struct s2f *f = &s->f;
	uint64_t buf[48];
	unsigned n = (unsigned)rnd(s, 48);
	uint64_t far[4] = { 0, 0xfffffffffffff000ull, f->tc->win_base + 60 * MB,
			    (f->L->base_gfn + S2F_L_PAGES) << 12 };
	long exp;

	s->ningest++;
	for (unsigned k = 0; k < n; k++) {
		switch (rnd(s, 8)) {
		case 0: case 1: case 2:
			buf[k] = (f->L->base_gfn + rnd(s, S2F_L_PAGES)) << 12;
			break;
		case 3:
			buf[k] = ((f->L->base_gfn + rnd(s, S2F_L_PAGES)) << 12) | (1 + rnd(s, 4095));
			break;
		case 4:
			buf[k] = s2f_gfn(f, S2F_L_PAGES + (unsigned)rnd(s, S2F_P_PAGES + S2F_R_PAGES)) << 12;
			break;
		case 5:
			buf[k] = far[rnd(s, 4)];
			break;
		default:
			buf[k] = k ? buf[rnd(s, k)] : far[0];	/* duplicate */
			break;
		}
	}
	exp = model_ingest(s, buf, n);
	assert_int_equal(dirty_ingest(&f->sp, buf, n), exp);
	check_stats(s);

	/* A PML page with a hostile index: any value >= 512 means full. */
	if (rnd(s, 3) == 0) {
		static uint64_t page[DIRTY_PML_ENTRIES];
		uint16_t idx = (uint16_t)(rnd(s, 2) ? rnd(s, DIRTY_PML_ENTRIES) : rnd(s, 0x10000));
		unsigned first = idx >= DIRTY_PML_ENTRIES ? 0 : idx + 1u;

		for (unsigned k = 0; k < DIRTY_PML_ENTRIES; k++)
			page[k] = n ? buf[rnd(s, n)] : far[rnd(s, 4)];
		exp = model_ingest(s, page + first, DIRTY_PML_ENTRIES - first);
		assert_int_equal(dirty_ingest_pml(&f->sp, page, idx), exp);
		check_stats(s);
	}

	/* Refused whole: nothing marked. */
	if (rnd(s, 4) == 0) {
		static uint64_t big[DIRTY_INGEST_MAX + 1];
		struct s2f_snap snap;

		for (unsigned k = 0; k < ARRAY_SIZE(big); k++)
			big[k] = (f->L->base_gfn + k % S2F_L_PAGES) << 12;
		s2f_snap_take(f, &snap);
		assert_int_equal(dirty_ingest(&f->sp, big, ARRAY_SIZE(big)), -DIRTY_EINVAL);
		assert_int_equal(dirty_ingest(&f->sp, NULL, 3), -DIRTY_EINVAL);
		s->st.rejected += 2;
		s2f_snap_check(f, &snap);
		s2f_snap_free(&snap);
		check_stats(s);
	}
}

static void random_run(const struct tcase *tc, enum dirty_mode mode, uint64_t seed, unsigned steps,
		       uint64_t l_off)
{
	struct dstate *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	cur = s;
	s->mode = mode;
	s->seed = seed;
	s->inject = true;
	s->pml_idx = DIRTY_PML_ENTRIES - 1;
	s2f_setup_at(&s->f, tc, l_off);

	/* Writes before logging begins (dirty blocks in hardware modes) are not logged. */
	for (unsigned k = 0; k < 64; k++)
		guest_write(s, (unsigned)rnd(s, S2F_NPAGES));
	/* Some pages tracked before logging starts. */
	for (unsigned k = 0; k < 6; k++)
		track_op(s);
	check_all(s);
	do_enable(s);
	check_all(s);

	for (unsigned step = 0; step < steps; step++) {
		unsigned r = (unsigned)rnd(s, 100);

		if (r < 45) {
			unsigned i;

			if (rnd(s, 4) == 0)
				i = cand[rnd(s, NCAND)];	/* tracked pages get writes */
			else if (rnd(s, 3) == 0)
				i = (unsigned)rnd(s, 16);	/* a hot set */
			else
				i = (unsigned)rnd(s, S2F_NPAGES);
			guest_write(s, i);
		} else if (r < 55) {
			harvest(s, rnd(s, 5) == 0);
		} else if (r < 72) {
			track_op(s);
		} else if (r < 80) {
			perm_op(s);
		} else if (r < 88) {
			ingest_op(s);
		} else if (r < 90) {
			s->ncycle++;
			if (s->logging)
				do_disable(s);
			else
				do_enable(s);
		} else if (r < 92 && s->mode == DIRTY_MODE_HW_LOG && s->logging) {
			pml_flush(s);
		} else {
			/* A burst of writes to one page, then a harvest: it is in, then out. */
			unsigned i = (unsigned)rnd(s, S2F_L_PAGES);

			for (unsigned k = 0; k < 3; k++)
				guest_write(s, i);
			harvest(s, false);
			if (s->logging && !s->en[i]) {
				guest_write(s, i);
				assert_true(s->rdirty[i]);
			}
		}
		if (step % 4 == 0)
			check_all(s);
	}
	check_all(s);
	harvest(s, false);
	if (!s->logging)
		do_enable(s);
	/* Untrack everything; then every untracked page follows the dirty-log rule only. */
	for (unsigned i = 0; i < S2F_NPAGES; i++)
		for (unsigned k = 0; k < NOWN; k++)
			if (s->reg[i] & (1u << k)) {
				struct pt_need need;

				pagetrack_need(&s->f.sp, s2f_gfn(&s->f, i), &need);
				s2f_topup(&s->f, &need);
				assert_int_equal(pagetrack_unregister(&s->f.sp, &s->f.cache, &owners[k],
								      s2f_gfn(&s->f, i)), 0);
				s->reg[i] &= ~(1u << k);
				s->en[i] &= ~(1u << k);
			}
	assert_int_equal(s->f.trk.n, 0);
	check_all(s);
	do_disable(s);
	check_all(s);
	print_message("%s/%s seed %#llx L+%#llx: %u writes (%u faults, %u emulated), %u harvests (%u failed copies), "
		      "%u tracking ops, %u permission ops, %u ingests, %u log cycles, %u refused\n",
		      tc->name, mode == DIRTY_MODE_WP ? "wp" : mode == DIRTY_MODE_HW_SCAN ? "hw-scan" : "hw-log",
		      (unsigned long long)seed, (unsigned long long)l_off, s->nwrite, s->nfault, s->nemul, s->nharvest, s->nfailcopy,
		      s->ntrack, s->nperm, s->ningest, s->ncycle, s->nrefused);
	s2f_teardown(&s->f);
	cur = NULL;
	free(s);
}

static void test_random_wp(void **state)
{
	const struct tcase *tc = *state;

	random_run(tc, DIRTY_MODE_WP, 0x5eed0001ull, 1500, 0);
	random_run(tc, DIRTY_MODE_WP, 0xd127ull << 20 | 7, 1500, 5 * 4096);
}

static void test_random_hw_scan(void **state)
{
	random_run(*state, DIRTY_MODE_HW_SCAN, 0x5eed0002ull, 1500, 0);
	random_run(*state, DIRTY_MODE_HW_SCAN, 0x5eed0004ull, 800, 0x3f000);
}

static void test_random_hw_log(void **state)
{
	random_run(*state, DIRTY_MODE_HW_LOG, 0x5eed0003ull, 1500, 0);
	random_run(*state, DIRTY_MODE_HW_LOG, 0x77aa55ull, 1500, 9 * 4096);
}

static int teardown_case(void **state)
{
	free(cur);	/* a failed run leaves its state behind */
	cur = NULL;
	physmem_reset();
	env.fail_at = -1;
	return 0;
}

int main(void)
{
	static struct CMUnitTest tests[64];
	unsigned n = 0;

	for (unsigned i = 0; i < ntcases; i++) {
		const struct tcase *tc = &tcases[i];

		if (!tc_wanted(tc))
			continue;
#define ADD(fn) (tests[n++] = TC_TEST(fn, NULL, teardown_case, tc))
		ADD(test_random_wp);
		if (tc->cfg & PT_CFG_HWDIRTY) {
			ADD(test_random_hw_scan);
			ADD(test_random_hw_log);
		}
	}
	return _cmocka_run_group_tests("dirty", tests, n, NULL, NULL);
}
