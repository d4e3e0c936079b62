// SPDX-License-Identifier: MIT
/*
 * Memslots (see memslot.h): a fixed table of a partition's guest RAM regions
 * with an index sorted by base guest frame, searched by bisection. Inserts
 * and removals validate everything first, then change the table in steps
 * that cannot fail.
 */
#include <string.h>
#include "hyp/log.h"
#include "mm/memslot.h"

void memslots_init(struct memslots *ms)
{
	memset(ms, 0, sizeof(*ms));
}

/* Index in ms->order of the first slot whose base_gfn is above gfn. */
static unsigned upper_bound(const struct memslots *ms, uint64_t gfn)
{
	unsigned lo = 0, hi = ms->n;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (ms->slot[ms->order[mid]].base_gfn <= gfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct memslot *memslot_find(const struct memslots *ms, uint64_t gfn)
{
	unsigned i = upper_bound(ms, gfn);
	const struct memslot *s;

	if (i == 0)
		return NULL;
	s = &ms->slot[ms->order[i - 1]];
	return memslot_has(s, gfn) ? (struct memslot *)s : NULL;
}

int memslot_check(const struct memslots *ms, uint64_t base_gfn, uint64_t npages, hpa_t hpa,
		  unsigned flags)
{
	unsigned i;

	if (!npages || npages >= MEMSLOT_GFN_LIMIT || base_gfn >= MEMSLOT_GFN_LIMIT ||
	    npages > MEMSLOT_GFN_LIMIT - base_gfn)
		return -MEMSLOT_EINVAL;
	if (!is_aligned(hpa.v, PAGE_SIZE) || !range_ok(hpa.v, npages << PAGE_SHIFT))
		return -MEMSLOT_EINVAL;
	if (flags & ~MEMSLOT_USER_FLAGS)
		return -MEMSLOT_EINVAL;
	if (ms->n >= MEMSLOT_MAX)
		return -MEMSLOT_ENOSPC;
	/* Only the neighbours in address order can overlap. */
	i = upper_bound(ms, base_gfn);
	if (i > 0) {
		const struct memslot *p = &ms->slot[ms->order[i - 1]];

		if (p->base_gfn + p->npages > base_gfn)
			return -MEMSLOT_EEXIST;
	}
	if (i < ms->n && ms->slot[ms->order[i]].base_gfn - base_gfn < npages)
		return -MEMSLOT_EEXIST;
	return 0;
}

int memslot_insert(struct memslots *ms, uint64_t base_gfn, uint64_t npages, hpa_t hpa,
		   unsigned flags, struct memslot **out)
{
	unsigned i, id;
	struct memslot *s;
	int ret = memslot_check(ms, base_gfn, npages, hpa, flags);

	if (ret)
		return ret;
	for (id = 0; ms->used[id]; id++)
		;
	BUG_ON(id >= MEMSLOT_MAX);
	s = &ms->slot[id];
	memset(s, 0, sizeof(*s));
	s->base_gfn = base_gfn;
	s->npages = npages;
	s->hpa = hpa;
	s->id = id;
	s->flags = flags;
	i = upper_bound(ms, base_gfn);
	memmove(&ms->order[i + 1], &ms->order[i], ms->n - i);
	ms->order[i] = (uint8_t)id;
	ms->used[id] = true;
	ms->n++;
	if (out)
		*out = s;
	return 0;
}

int memslot_remove(struct memslots *ms, struct memslot *slot)
{
	unsigned i;

	if (!slot || slot->id >= MEMSLOT_MAX || &ms->slot[slot->id] != slot || !ms->used[slot->id])
		return -MEMSLOT_ENOENT;
	if (slot->flags & MEMSLOT_DIRTY_LOG)
		return -MEMSLOT_EBUSY;
	for (i = 0; i < ms->n && ms->order[i] != slot->id; i++)
		;
	BUG_ON(i == ms->n);
	memmove(&ms->order[i], &ms->order[i + 1], ms->n - i - 1);
	ms->n--;
	ms->used[slot->id] = false;
	return 0;
}

int memslot_map(struct pt *pt, struct pt_cache *c, const struct memslot *s)
{
	unsigned prot = PT_R | PT_X | ((s->flags & MEMSLOT_READONLY) ? 0 : PT_W);

	return pt_map(pt, c, memslot_gpa(s), s->hpa, memslot_bytes(s), prot);
}
