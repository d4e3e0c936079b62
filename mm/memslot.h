/* SPDX-License-Identifier: MIT */
/*
 * Memslots: a partition's guest-physical RAM regions. Each slot is a run of
 * guest frames [base_gfn, base_gfn + npages) backed by contiguous host frames
 * starting at hpa, with flags (read-only, dirty logging). Slots never
 * overlap. They live in a fixed table (stable addresses, so other modules may
 * keep pointers) and an index sorted by base_gfn, so an address is found by
 * binary search in O(log n).
 *
 * This module owns the region bookkeeping; memslot_map() maps a slot into a
 * stage-2 tree for the partition code. The dirty-log fields of a slot belong
 * to mm/dirty.c.
 *
 * Locking: the owner serialises changes (the partition's slots lock, taken
 * before its mmu lock); look-ups run under either lock.
 */
#ifndef MM_MEMSLOT_H
#define MM_MEMSLOT_H

#include "hyp/compiler.h"
#include "mm/addr.h"
#include "mm/pt.h"

#define MEMSLOT_MAX		32	/* slots per partition */

/* Guest frame numbers (gfn) span 64 - PAGE_SHIFT bits. */
#define MEMSLOT_GFN_LIMIT	(1ull << (64 - PAGE_SHIFT))

/* Slot flags. */
#define MEMSLOT_READONLY	(1u << 0)	/* the guest may read, never write */
#define MEMSLOT_DIRTY_LOG	(1u << 1)	/* dirty logging enabled (set by mm/dirty.c only) */
#define MEMSLOT_USER_FLAGS	MEMSLOT_READONLY

/* Error codes (negative return values). */
#define MEMSLOT_EINVAL		22	/* bad argument: size, alignment, wrap, flags */
#define MEMSLOT_EEXIST		17	/* overlaps an existing slot */
#define MEMSLOT_ENOSPC		28	/* table full */
#define MEMSLOT_ENOENT		2	/* no such slot */
#define MEMSLOT_EBUSY		16	/* slot still logging: disable dirty logging first */

/* How a dirty-logging slot learns about writes (mm/dirty.h). */
enum dirty_mode {
	DIRTY_MODE_OFF = 0,
	DIRTY_MODE_WP,		/* write-protect; the permission fault records */
	DIRTY_MODE_HW_SCAN,	/* hardware dirty bits, harvested by a table scan */
	DIRTY_MODE_HW_LOG,	/* hardware dirty bits, fed by a log buffer (PML) */
};

struct memslot {
	/* Immutable while the slot is in the table. */
	uint64_t base_gfn;
	uint64_t npages;
	hpa_t hpa;		/* host-physical address of base_gfn's frame */
	unsigned id;		/* index in struct memslots.slot[] */

	/* Owned by mm/dirty.c, under the mmu lock. */
	unsigned flags;		/* MEMSLOT_* */
	enum dirty_mode dirty_mode;
	uint64_t *dirty_bitmap;	/* live bits, then the snapshot (2 * dirty_words words) */
	uint64_t dirty_words;	/* words per half */
	hpa_t dirty_frames;	/* bitmap frames from the allocator (dirty_nframes != 0) */
	unsigned dirty_nframes;
};

struct memslots {
	unsigned n;				/* slots in use */
	uint8_t order[MEMSLOT_MAX];		/* slot ids sorted by base_gfn */
	bool used[MEMSLOT_MAX];
	struct memslot slot[MEMSLOT_MAX];
};

/* An empty table. */
void memslots_init(struct memslots *ms);

/*
 * Check that a slot [base_gfn, base_gfn + npages) backed at hpa with flags
 * could be inserted: npages > 0, no wrap of either range, hpa page-aligned,
 * only MEMSLOT_USER_FLAGS, no overlap, a free entry. No side effects.
 * Returns 0, -MEMSLOT_EINVAL, -MEMSLOT_EEXIST or -MEMSLOT_ENOSPC.
 */
int memslot_check(const struct memslots *ms, uint64_t base_gfn, uint64_t npages, hpa_t hpa,
		  unsigned flags) __must_check;

/* memslot_check(), then insert; *out (may be NULL) gets the new slot. Same errors. */
int memslot_insert(struct memslots *ms, uint64_t base_gfn, uint64_t npages, hpa_t hpa,
		   unsigned flags, struct memslot **out) __must_check;

/*
 * Remove a slot of this table. 0, -MEMSLOT_ENOENT (not a slot in use here) or
 * -MEMSLOT_EBUSY (dirty logging still enabled: mm/dirty.c owns its bitmap).
 */
int memslot_remove(struct memslots *ms, struct memslot *slot) __must_check;

/* The slot containing gfn, or NULL. O(log n). */
struct memslot *memslot_find(const struct memslots *ms, uint64_t gfn);

/*
 * Map the whole slot into pt with the largest leaves the alignment allows:
 * read/write/execute, without write for MEMSLOT_READONLY. 0, -PT_EINVAL,
 * -PT_ENOMEM (cache below pt_need_map()).
 */
int memslot_map(struct pt *pt, struct pt_cache *c, const struct memslot *s) __must_check;

/* The slot containing the guest-physical address ga, or NULL. */
static inline struct memslot *memslot_find_gpa(const struct memslots *ms, gpa_t ga)
{
	return memslot_find(ms, ga.v >> PAGE_SHIFT);
}

/* The i-th slot in address order (i < ms->n). */
static inline struct memslot *memslot_nth(const struct memslots *ms, unsigned i)
{
	return (struct memslot *)&ms->slot[ms->order[i]];
}

/* gfn lies in slot. */
static inline bool memslot_has(const struct memslot *s, uint64_t gfn)
{
	return gfn >= s->base_gfn && gfn - s->base_gfn < s->npages;
}

/* Guest-physical address of the slot's first byte, and its size in bytes. */
static inline gpa_t memslot_gpa(const struct memslot *s)
{
	return gpa(s->base_gfn << PAGE_SHIFT);
}

static inline uint64_t memslot_bytes(const struct memslot *s)
{
	return s->npages << PAGE_SHIFT;
}

/* Host-physical frame backing gfn, which must lie in the slot. */
static inline hpa_t memslot_gfn_to_hpa(const struct memslot *s, uint64_t gfn)
{
	return hpa(s->hpa.v + ((gfn - s->base_gfn) << PAGE_SHIFT));
}

#endif
