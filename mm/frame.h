/* SPDX-License-Identifier: MIT */
/*
 * Physical frame allocator for the hypervisor's own memory (page tables,
 * partition RAM, per-CPU stacks). Frames are 4 KiB. Ranges come from the boot
 * memory map minus every reserved range (image, DTB / boot information, boot
 * bundle). Contiguous, aligned runs are supported because some table formats
 * need them (arm64 concatenated stage-2 roots, s390 region/segment tables of
 * four frames).
 *
 * Lock order: frame_pool.lock is a leaf lock (nothing is taken under it).
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"
#include "boot/bootinfo.h"
#include "mm/addr.h"

#define FRAME_MAX_RANGES BOOT_MAX_MEM
/* Reserved ranges: the boot ones plus the manifest's fixed host ranges. */
#define FRAME_MAX_RSV	192

struct frame_range {
	uint64_t base;		/* first frame's physical address */
	uint64_t nframes;
	uint64_t nfree;
	uint64_t *bitmap;	/* 1 = allocated or reserved; lives in the range's own memory */
};

struct frame_pool {
	struct spinlock lock;
	unsigned int nranges;
	struct frame_range range[FRAME_MAX_RANGES];	/* protected by lock */

	/* Immutable after frame_pool_init(): frames here are never freed. */
	unsigned int nrsv;
	struct boot_range rsv[FRAME_MAX_RSV];
};

/*
 * Build a pool from RAM ranges minus reserved ranges (both may be unsorted and
 * unaligned: partial frames are dropped). The bitmaps are carved out of the
 * managed memory itself (through mm_phys_to_virt), zeroed with
 * mm_zero_frames() (so that memory must be usable by it: on arm64, mapped
 * Normal) and marked in use.
 * One frame_range per RAM range; reserved frames inside it stay marked in
 * use. A RAM range that cannot hold its own bitmap in unreserved frames
 * contributes nothing and is left out. Boot CPU only, before any other use.
 * Returns 0, or -1 if there is no usable memory, a RAM range wraps or
 * overlaps another, or nmem/nrsv exceed the tables.
 */
int frame_pool_init(struct frame_pool *p, const struct boot_range *mem, unsigned int nmem,
		    const struct boot_rsv *rsv, unsigned int nrsv) __must_check;

/*
 * Allocate `count` contiguous frames whose first frame is aligned to
 * `align` bytes (a power of two >= 4096). Frames are zeroed (after the lock
 * is dropped). Any CPU. Returns 0 and the physical address in *pa, or -1 if
 * no such run is free or count is 0 or align is not a power of two >= 4096.
 * The lowest fitting run of the lowest range is taken (first fit).
 */
int frame_alloc(struct frame_pool *p, unsigned int count, uint64_t align, hpa_t *pa) __must_check;

/*
 * frame_alloc() without the zeroing: the frames hold whatever they held.
 * Only for callers that zero or overwrite every byte before anything can
 * read it (partition RAM: eager regions are zeroed or filled with an image
 * at creation, lazy pages at their first touch, hyp/partition.c).
 */
int frame_alloc_uninit(struct frame_pool *p, unsigned int count, uint64_t align, hpa_t *pa) __must_check;

/*
 * Give back a run from frame_alloc() (same count). Freeing what is not
 * allocated (or a reserved or bitmap frame, or memory outside the pool) is a
 * BUG: the pool is checked first and left unchanged, then BUG_ON fires.
 */
void frame_free(struct frame_pool *p, hpa_t pa, unsigned int count);

/* Frames currently free in the pool (takes the lock). */
uint64_t frame_pool_free(struct frame_pool *p);

/* The hypervisor's pool, set up by boot_main(). */
extern struct frame_pool hyp_frames;

#endif
