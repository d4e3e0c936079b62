// SPDX-License-Identifier: MIT
/*
 * Page-tracking core and the stage-2 write-fault entry point (see
 * pagetrack.h). The write-protection of a page is decided in one place,
 * s2_page_may_write(), which composes page tracking, dirty logging and the
 * slot's read-only flag; every permission change goes through the engine
 * (mm/pt.h), which orders it with the TLB invalidation.
 */
#include <string.h>
#include "hyp/log.h"
#include "mm/pagetrack.h"

void pagetrack_init(struct pagetrack *t, struct pagetrack_rec *storage, unsigned cap)
{
	t->rec = storage;
	t->n = 0;
	t->cap = storage ? cap : 0;
}

static inline bool rec_before(const struct pagetrack_rec *r, uint64_t gfn, const void *owner)
{
	return r->gfn < gfn || (r->gfn == gfn && (uintptr_t)r->owner < (uintptr_t)owner);
}

/* Index of the first record not before (gfn, owner). */
static unsigned lower_bound(const struct pagetrack *t, uint64_t gfn, const void *owner)
{
	unsigned lo = 0, hi = t->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (rec_before(&t->rec[mid], gfn, owner))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct pagetrack_rec *pagetrack_find(const struct pagetrack *t, const void *owner, uint64_t gfn)
{
	unsigned i = lower_bound(t, gfn, owner);

	if (i < t->n && t->rec[i].gfn == gfn && t->rec[i].owner == owner)
		return &t->rec[i];
	return NULL;
}

unsigned pagetrack_count(const struct pagetrack *t, uint64_t gfn)
{
	unsigned n = 0;

	if (!t)
		return 0;
	for (unsigned i = lower_bound(t, gfn, NULL); i < t->n && t->rec[i].gfn == gfn; i++)
		n += t->rec[i].enabled;
	return n;
}

uint64_t pagetrack_next(const struct pagetrack *t, uint64_t gfn, uint64_t last)
{
	for (unsigned i = lower_bound(t, gfn, NULL); i < t->n && t->rec[i].gfn <= last; i++)
		if (t->rec[i].enabled)
			return t->rec[i].gfn;
	return UINT64_MAX;
}

bool s2_page_may_write(const struct s2_space *s, const struct memslot *slot, uint64_t gfn)
{
	return !(slot->flags & MEMSLOT_READONLY) && !pagetrack_count(s->track, gfn) &&
	       !dirty_page_needs_wp(slot, gfn);
}

/* The page lies in a memslot of s and inside the tree's input range. */
static struct memslot *page_slot(const struct s2_space *s, uint64_t gfn)
{
	if (gfn >= MEMSLOT_GFN_LIMIT)
		return NULL;
	if (s->pt->ia_bits < 64 && gfn >= (1ull << (s->pt->ia_bits - PAGE_SHIFT)))
		return NULL;
	return memslot_find(s->slots, gfn);
}

int pagetrack_register(struct s2_space *s, const void *owner, uint64_t gfn, pagetrack_fn handler,
		       void *priv)
{
	struct pagetrack *t = s->track;
	unsigned i;

	if (!t || !handler)
		return -PAGETRACK_EINVAL;
	if (!page_slot(s, gfn))
		return -PAGETRACK_ENOENT;
	if (pagetrack_find(t, owner, gfn))
		return -PAGETRACK_EEXIST;
	if (t->n >= t->cap)
		return -PAGETRACK_ENOSPC;
	i = lower_bound(t, gfn, owner);
	memmove(&t->rec[i + 1], &t->rec[i], (t->n - i) * sizeof(t->rec[0]));
	t->rec[i] = (struct pagetrack_rec){ gfn, owner, handler, priv, false };
	t->n++;
	return 0;
}

void pagetrack_need(const struct s2_space *s, uint64_t gfn, struct pt_need *need)
{
	pt_need_edges(s->pt, gpa(gfn << PAGE_SHIFT), PAGE_SIZE, need);
}

static bool cache_has(const struct pt_cache *c, const struct pt_need *need)
{
	if (!c)
		return false;
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		if (c->count[o] < need->n[o])
			return false;
	return true;
}

/* A record of s's table, with its page's slot; checks the cache holds the page's need. */
static int rec_check(struct s2_space *s, struct pt_cache *c, const void *owner, uint64_t gfn,
		     struct pagetrack_rec **rec, struct memslot **slot)
{
	struct pt_need need;

	if (!s->track)
		return -PAGETRACK_EINVAL;
	*rec = pagetrack_find(s->track, owner, gfn);
	*slot = page_slot(s, gfn);
	if (!*rec || !*slot)
		return -PAGETRACK_ENOENT;
	pagetrack_need(s, gfn, &need);
	if (!cache_has(c, &need))
		return -PAGETRACK_ENOMEM;
	return 0;
}

int pagetrack_enable(struct s2_space *s, struct pt_cache *c, const void *owner, uint64_t gfn)
{
	struct pagetrack_rec *rec;
	struct memslot *slot;
	int ret = rec_check(s, c, owner, gfn, &rec, &slot);

	if (ret)
		return ret;
	if (rec->enabled)
		return 0;
	rec->enabled = true;
	/* Hardware dirty state the protection removes goes to the dirty log. */
	ret = pt_protect(s->pt, c, gpa(gfn << PAGE_SHIFT), PAGE_SIZE, 0, PT_W, dirty_hw_report, s);
	BUG_ON(ret);
	return 0;
}

/* rec (already checked, cache included) stops counting; open the page if nothing else needs it shut. */
static void rec_disable(struct s2_space *s, struct pt_cache *c, struct pagetrack_rec *rec,
			const struct memslot *slot)
{
	int ret;

	if (!rec->enabled)
		return;
	rec->enabled = false;
	if (s2_page_may_write(s, slot, rec->gfn)) {
		ret = pt_protect(s->pt, c, gpa(rec->gfn << PAGE_SHIFT), PAGE_SIZE, PT_W, 0, NULL, NULL);
		BUG_ON(ret);
	}
}

int pagetrack_disable(struct s2_space *s, struct pt_cache *c, const void *owner, uint64_t gfn)
{
	struct pagetrack_rec *rec;
	struct memslot *slot;
	int ret = rec_check(s, c, owner, gfn, &rec, &slot);

	if (ret)
		return ret;
	rec_disable(s, c, rec, slot);
	return 0;
}

int pagetrack_unregister(struct s2_space *s, struct pt_cache *c, const void *owner, uint64_t gfn)
{
	struct pagetrack *t = s->track;
	struct pagetrack_rec *rec;
	struct memslot *slot;
	unsigned i;
	int ret;

	if (!t)
		return -PAGETRACK_EINVAL;
	rec = pagetrack_find(t, owner, gfn);
	if (!rec)
		return -PAGETRACK_ENOENT;
	if (rec->enabled && page_slot(s, gfn)) {
		ret = rec_check(s, c, owner, gfn, &rec, &slot);
		if (ret)
			return ret;
		rec_disable(s, c, rec, slot);
	}
	/* (A page whose memslot is gone has no mapping left to open.) */
	i = (unsigned)(rec - t->rec);
	memmove(&t->rec[i], &t->rec[i + 1], (t->n - i - 1) * sizeof(t->rec[0]));
	t->n--;
	return 0;
}

int pagetrack_dispatch(struct s2_space *s, gpa_t ga, const void *data, unsigned bytes)
{
	const struct pagetrack *t = s->track;
	uint64_t gfn = ga.v >> PAGE_SHIFT;
	int called = 0, err = 0;

	if (!t)
		return 0;
	for (unsigned i = lower_bound(t, gfn, NULL); i < t->n && t->rec[i].gfn == gfn; i++) {
		const struct pagetrack_rec *r = &t->rec[i];
		int ret;

		if (!r->enabled)
			continue;
		ret = r->handler(r->priv, ga, data, bytes);
		called++;
		if (ret < 0 && !err)
			err = ret;
	}
	return err ? err : called;
}

/* ---------------------------------------------------------------------------
 * The stage-2 write-fault entry point
 */
int s2_write_fault(struct s2_space *s, struct pt_cache *c, gpa_t ga, const void *data,
		   unsigned bytes, enum s2_wf *res)
{
	uint64_t gfn = ga.v >> PAGE_SHIFT;
	struct memslot *slot = page_slot(s, gfn);
	struct pt_xlate x;
	int ret;

	*res = S2_WF_NOT_OURS;
	if (!slot || (slot->flags & MEMSLOT_READONLY))
		return 0;
	/* Only permission faults on mapped pages are ours; the rest is the caller's. */
	if (pt_lookup(s->pt, ga, &x))
		return 0;

	if (pagetrack_count(s->track, gfn)) {
		/* Validate the access, then emulate it: store, log, notify. */
		if (!data || !bytes || bytes > PAGE_SIZE - (ga.v & (PAGE_SIZE - 1)))
			return -PAGETRACK_EINVAL;
		memcpy((uint8_t *)mm_phys_to_virt(memslot_gfn_to_hpa(slot, gfn)) +
			       (ga.v & (PAGE_SIZE - 1)), data, bytes);
		dirty_mark(s, gfn);
		*res = S2_WF_EMULATED;
		ret = pagetrack_dispatch(s, ga, data, bytes);
		return ret < 0 ? ret : 0;
	}

	if ((slot->flags & MEMSLOT_DIRTY_LOG) && slot->dirty_mode == DIRTY_MODE_WP) {
		ret = dirty_record_write(s, c, slot, gfn);
		if (ret)
			return ret == -DIRTY_ENOMEM ? -PAGETRACK_ENOMEM : -PAGETRACK_EINVAL;
		*res = S2_WF_RETRY;
		return 0;
	}

	/* Another CPU opened the page first (or a stale TLB entry): just retry. */
	if (x.prot & PT_W)
		*res = S2_WF_RETRY;
	return 0;
}
