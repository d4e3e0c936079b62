// SPDX-License-Identifier: MIT
/*
 * Dirty logging of partition RAM regions on request (see hyp/part_dirty.h):
 * region look-up and validation, the target's locks around the mm/ steps
 * (mm/dirty.h), the table-cache top-up before each of them, and the copy of
 * a harvested bitmap into the caller's checked guest buffer.
 */
#include <string.h>
#include "hyp/part_dirty.h"
#include "hyp/hypercall.h"
#include "hyp/log.h"

_Static_assert(HC_DIRTY_MODE_WP == DIRTY_MODE_WP && HC_DIRTY_MODE_HW == DIRTY_MODE_HW_SCAN,
	       "hc dirty modes are the mm/ modes");

/* The manifest's writable RAM region of p that starts at ga, or NULL. Immutable data: no lock. */
static const struct mf_mem *region_find(const struct partition *p, uint64_t ga)
{
	const struct mf_partition *mp = p->mf;

	if (!is_aligned(ga, PAGE_SIZE))
		return NULL;
	for (unsigned int i = 0; i < mp->nmem && i < MF_MAX_MEM; i++) {
		const struct mf_mem *m = &mp->mem[i];

		if (m->gpa == ga && m->size >= PAGE_SIZE && is_aligned(m->size, PAGE_SIZE))
			return (m->access & MF_ACC_W) ? m : NULL;
	}
	return NULL;
}

/*
 * The memslot of region m in p's current contents, or NULL when p has none
 * (never built, destroyed, or a failed rebuild). Mmu lock held.
 */
static struct memslot *slot_get(struct partition *p, const struct mf_mem *m)
{
	struct memslot *s;

	if (!p->pt_live)
		return NULL;
	s = memslot_find(&p->slots, m->gpa >> PAGE_SHIFT);
	if (!s || s->base_gfn != m->gpa >> PAGE_SHIFT || s->npages != m->size >> PAGE_SHIFT)
		return NULL;
	return s;
}

static bool slot_logs(const struct memslot *s)
{
	return s && (s->flags & MEMSLOT_DIRTY_LOG);
}

/* Take p's lock and then its mmu lock if p has contents; -PART_ESTATE (nothing held) if it is empty. */
static int lock_contents(struct partition *p)
{
	spin_lock(&p->lock);
	if (p->state == PART_EMPTY) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	spin_lock(&p->mmu_lock);
	return 0;
}

int part_dirty_start(struct partition *p, uint64_t region, uint64_t *npages, enum dirty_mode *mode)
{
	const struct mf_mem *m = region_find(p, region);
	struct memslot *slot;
	struct pt_need need;
	enum dirty_mode md;
	int ret;

	*npages = 0;
	*mode = DIRTY_MODE_OFF;
	if (!m)
		return -PART_EINVAL;
	ret = lock_contents(p);
	if (ret)
		return ret;
	slot = slot_get(p, m);
	if (!slot || slot_logs(slot)) {
		ret = -PART_ESTATE;
		goto out;
	}
	/* The best the tree offers (mm/dirty.h): a hardware dirty state if it has one. */
	md = p->pt.hw_dirty ? DIRTY_MODE_HW_SCAN : DIRTY_MODE_WP;
	dirty_need_enable(&p->s2, slot, &need);
	if (part_cache_topup(p, &need)) {
		ret = -PART_ENOMEM;
		goto out;
	}
	ret = dirty_log_enable(&p->s2, &p->cache, slot, md, NULL, 0);
	if (ret) {
		/* Frames for the bitmap; anything else would be a region the tree cannot hold. */
		ret = ret == -DIRTY_ENOMEM ? -PART_ENOMEM : -PART_EINVAL;
		goto out;
	}
	*npages = slot->npages;
	*mode = md;
out:
	spin_unlock(&p->mmu_lock);
	spin_unlock(&p->lock);
	return ret;
}

/* The harvest's copy step: keep a pointer to the snapshot; the partition lock keeps it valid. */
struct harvest {
	const uint64_t *bits;
	uint64_t nwords;
};

static int harvest_note(void *arg, const uint64_t *bits, uint64_t nwords)
{
	struct harvest *h = arg;

	h->bits = bits;
	h->nwords = nwords;
	return 0;
}

/* Bitmap words to guest bytes, in order: byte k holds pages 8k..8k+7, lowest bit first. */
struct emit {
	const uint64_t *bits;
	uint64_t byte;
};

static void emit_chunk(void *c, void *host, size_t n)
{
	struct emit *e = c;
	uint8_t *d = host;

	for (size_t i = 0; i < n; i++, e->byte++)
		d[i] = (uint8_t)(e->bits[e->byte / 8] >> (8 * (e->byte % 8)));
}

static void check_chunk(void *c, void *host, size_t n)
{
	(void)c;
	(void)host;
	(void)n;
}

int part_dirty_get(struct partition *p, uint64_t region, struct partition *to, uint64_t ga,
		   uint64_t len, uint64_t *done)
{
	const struct mf_mem *m = region_find(p, region);
	struct harvest h = { NULL, 0 };
	struct memslot *slot;
	struct emit e;
	uint64_t bytes;
	int ret = 0;

	*done = 0;
	if (!m)
		return -PART_EINVAL;
	bytes = part_dirty_bitmap_bytes(m->size);
	if (len < bytes || !is_aligned(ga, 8))
		return -PART_EINVAL;
	spin_lock(&p->lock);
	if (p->state == PART_EMPTY) {
		ret = -PART_ESTATE;
		goto out;
	}
	spin_lock(&p->mmu_lock);
	ret = slot_logs(slot_get(p, m)) ? 0 : -PART_ESTATE;
	spin_unlock(&p->mmu_lock);
	if (ret)
		goto out;
	/*
	 * The whole buffer first, before the log is touched (lazy pages get
	 * mapped, dirty-logged ones recorded, as for any hypercall buffer).
	 */
	if (part_guest_access(to, ga, bytes, PT_W, check_chunk, NULL)) {
		ret = -PART_EFAULT;
		goto out;
	}
	/* Steps 1-4 of mm/dirty.h; the partition lock kept the slot logging. */
	spin_lock(&p->mmu_lock);
	slot = slot_get(p, m);
	BUG_ON(!slot_logs(slot));
	ret = dirty_log_get_and_clear(&p->s2, slot, harvest_note, &h);
	BUG_ON(ret || !h.bits || h.nwords * 8 < bytes);
	spin_unlock(&p->mmu_lock);
	/*
	 * Copy out with the target's mmu lock released (to may be p). Only a
	 * harvest writes the snapshot and only a disable frees it: both need
	 * the partition lock, which is held.
	 */
	e = (struct emit){ h.bits, 0 };
	if (part_guest_access(to, ga, bytes, PT_W, emit_chunk, &e)) {
		/* The buffer changed since the check: nothing may be lost, put the pages back. */
		spin_lock(&p->mmu_lock);
		for (uint64_t i = 0; i < slot->npages; i++)
			if ((h.bits[i / 64] >> (i % 64)) & 1)
				(void)dirty_mark(&p->s2, slot->base_gfn + i);
		spin_unlock(&p->mmu_lock);
		ret = -PART_EFAULT;
		goto out;
	}
	*done = bytes;
out:
	spin_unlock(&p->lock);
	return ret;
}

int part_dirty_stop(struct partition *p, uint64_t region)
{
	const struct mf_mem *m = region_find(p, region);
	struct memslot *slot;
	struct pt_need need;
	int ret;

	if (!m)
		return -PART_EINVAL;
	ret = lock_contents(p);
	if (ret)
		return ret;
	slot = slot_get(p, m);
	if (!slot_logs(slot)) {
		ret = -PART_ESTATE;
		goto out;
	}
	dirty_need_disable(&p->s2, slot, &need);
	if (part_cache_topup(p, &need)) {
		ret = -PART_ENOMEM;
		goto out;
	}
	ret = dirty_log_disable(&p->s2, &p->cache, slot);
	BUG_ON(ret);	/* logging, and the cache holds the need */
out:
	spin_unlock(&p->mmu_lock);
	spin_unlock(&p->lock);
	return ret;
}
