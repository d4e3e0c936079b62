/* SPDX-License-Identifier: MIT */
/*
 * Dirty logging core: which guest pages of a memslot were written since the
 * last harvest. Each logging slot has a bitmap (bit i = page base_gfn + i)
 * plus a snapshot half of the same size, in storage the caller gives or
 * frames from the table's allocator (never a heap).
 *
 * Three ways to learn about writes (enum dirty_mode, memslot.h):
 *  - WP: the slot is write-protected and split to 4 KiB pages; the first
 *    write to a page takes a stage-2 permission fault, which records it and
 *    makes the page writable again (s2_write_fault() in mm/pagetrack.h).
 *  - HW_SCAN: tables with PT_CFG_HWDIRTY (NPT/EPT D bits, arm64 DBM); the
 *    harvest first collects and clears the hardware dirty state of the slot.
 *    Its cost grows with the slot size (a table walk).
 *  - HW_LOG: the same tables, fed by a log of guest-physical addresses
 *    (Intel PML, or an emulated PML) through dirty_ingest(); the harvest
 *    only scans the bitmap and clears the D bits of the harvested pages.
 *
 * Get-and-clear follows the four steps of kvm_vm_ioctl_get_dirty_log: per
 * bitmap word, (1) snapshot and clear it, (2) write-protect (or clear the D
 * bits of) the pages it names; then (3) copy the snapshot out, and (4) flush
 * the TLB, even when the copy failed. A failed copy puts the snapshot back
 * into the live bitmap, so no page is lost.
 *
 * Locking: a struct s2_space and its slots' bitmaps are used under the
 * partition's mmu lock (the engine's rule for struct pt), log ingestion
 * included: dirty_log_disable() may free a bitmap. Bits are still set and
 * taken with atomic operations, so a reader that only tests bits (a
 * migration thread polling dirty_test() while the slot logs) sees whole
 * words.
 */
#ifndef MM_DIRTY_H
#define MM_DIRTY_H

#include "hyp/compiler.h"
#include "mm/addr.h"
#include "mm/memslot.h"
#include "mm/pt.h"

/* Error codes (negative return values). */
#define DIRTY_EINVAL	22	/* bad argument, wrong mode, slot not logging, ... */
#define DIRTY_ENOMEM	12	/* cache below the need, or no frames for the bitmap */
#define DIRTY_EBUSY	16	/* slot already logging */
#define DIRTY_EFAULT	14	/* the copy-out failed (snapshot restored) */
#define DIRTY_ENOSPC	28	/* emulated PML buffer full */

/* Entries in one Intel PML page (SDM vol. 3C 29.3.6 "Page-Modification Logging"). */
#define DIRTY_PML_ENTRIES	512
/* Largest buffer dirty_ingest() takes in one call. */
#define DIRTY_INGEST_MAX	4096

struct pagetrack;

/* Counters of the log-buffer ingestion (never reset by this module). */
struct dirty_stats {
	uint64_t ingested;	/* entries that marked a page of a logging slot */
	uint64_t ign_outside;	/* entries outside every logging slot */
	uint64_t ign_unaligned;	/* entries with bits 11:0 set */
	uint64_t rejected;	/* buffers refused whole (too long, NULL) */
};

/*
 * A partition's second-stage view: its table tree, its memslots, its page
 * tracking. Set up by the partition, then used under its mmu lock.
 */
struct s2_space {
	struct pt *pt;
	struct memslots *slots;
	struct pagetrack *track;	/* NULL: no page tracking */
	struct dirty_stats stats;
};

/* Tie a tree, a memslot table and a tracking table (may be NULL) together. */
void s2_space_init(struct s2_space *s, struct pt *pt, struct memslots *slots,
		   struct pagetrack *track);

/* Words in one half of the bitmap of an npages slot; the storage takes twice that. */
static inline uint64_t dirty_bitmap_words(uint64_t npages)
{
	return (npages + 63) / 64;
}

/*
 * Frames the cache must hold for dirty_log_enable() on slot (no side
 * effects): splitting the slot plus the edges of its write-protection.
 */
void dirty_need_enable(const struct s2_space *s, const struct memslot *slot, struct pt_need *need);

/*
 * Start dirty logging on slot in mode [kvm_mmu_wp_memory_region]: split the
 * slot's blocks so dirty state is per 4 KiB page; WP mode write-protects
 * every page, the hardware modes drop the dirty state from before. The
 * bitmap lives in storage (storage_words >= 2 * dirty_bitmap_words(), 8-byte
 * aligned), or, when storage is NULL, in contiguous frames from the tree's
 * allocator. Validated first: on error nothing changed. Mmu lock held.
 * Returns 0, -DIRTY_EINVAL (slot not in s, read-only, outside the tree's
 * input range, hardware mode on a tree without hardware dirty state, storage
 * too small), -DIRTY_EBUSY (already logging), -DIRTY_ENOMEM (cache below
 * dirty_need_enable(), or no frames for the bitmap).
 */
int dirty_log_enable(struct s2_space *s, struct pt_cache *c, struct memslot *slot,
		     enum dirty_mode mode, uint64_t *storage, uint64_t storage_words) __must_check;

/* Frames the cache must hold for dirty_log_disable() on slot (no side effects). */
void dirty_need_disable(const struct s2_space *s, const struct memslot *slot, struct pt_need *need);

/*
 * Stop dirty logging: pages neither tracked nor read-only become writable
 * again; frames allocated for the bitmap go back. Validated first. Returns
 * 0, -DIRTY_EINVAL (not logging), -DIRTY_ENOMEM (cache below
 * dirty_need_disable()).
 */
int dirty_log_disable(struct s2_space *s, struct pt_cache *c, struct memslot *slot) __must_check;

/* Copy-out of a harvest: 0, or nonzero when the destination refused it. */
typedef int (*dirty_copy_fn)(void *arg, const uint64_t *bits, uint64_t nwords);

/*
 * Get and clear the dirty log of slot [kvm_vm_ioctl_get_dirty_log]: the four
 * steps described at the top of this file. The copy receives
 * dirty_bitmap_words(slot->npages) words (bit i = page base_gfn + i). Mmu
 * lock held; HW_LOG slots should have their log buffers ingested first.
 * Returns 0, -DIRTY_EINVAL (slot not logging, copy NULL; nothing done),
 * -DIRTY_EFAULT (copy failed: pages stayed in the log, TLB flushed).
 */
int dirty_log_get_and_clear(struct s2_space *s, struct memslot *slot, dirty_copy_fn copy,
			    void *arg) __must_check;

/* A page of slot is marked in the live bitmap (false when not logging). */
bool dirty_test(const struct memslot *slot, uint64_t gfn);

/*
 * Mark gfn dirty if its slot is logging (a write the hypervisor made or
 * emulated) [mark_page_dirty]. Mmu lock held; returns whether it was marked.
 */
bool dirty_mark(struct s2_space *s, uint64_t gfn);

/*
 * A WP-mode slot's page must stay write-protected for dirty logging: the
 * slot logs in WP mode and the page has not been marked since the last
 * harvest.
 */
bool dirty_page_needs_wp(const struct memslot *slot, uint64_t gfn);

/*
 * Record a guest write that faulted on gfn of a WP-mode logging slot: mark
 * it, and make the page writable unless page tracking or the slot forbids,
 * with the exact-range TLB invalidation done by the engine. Validated first
 * (nothing marked on error). Returns 0, -DIRTY_EINVAL (not a WP-mode logging
 * slot of s, gfn outside), -DIRTY_ENOMEM (cache below pt_need_edges() of the
 * page).
 */
int dirty_record_write(struct s2_space *s, struct pt_cache *c, struct memslot *slot,
		       uint64_t gfn) __must_check;

/*
 * The engine's pt_dirty_fn for permission changes in a space (arg = the
 * struct s2_space): hardware dirty state that a write-protection removes is
 * recorded in slots logging in a hardware mode.
 */
void dirty_hw_report(void *arg, uint64_t ga, uint64_t size);

/*
 * Ingest a log of n guest-physical addresses (one per written page, bits
 * 11:0 clear, as Intel PML writes them). Entries outside every logging slot,
 * and malformed ones, are ignored and counted in s->stats; duplicates are
 * harmless. Mmu lock held. Returns the number of entries that marked a page,
 * or -DIRTY_EINVAL (n > DIRTY_INGEST_MAX, or log NULL with n != 0; nothing
 * ingested).
 */
long dirty_ingest(struct s2_space *s, const uint64_t *log, uint64_t n);

/*
 * Ingest an Intel-PML-shaped page: DIRTY_PML_ENTRIES entries filled from the
 * top down, index = the PML index field (the next free entry; 0xffff or any
 * value >= 512 once entry 0 was written). Returns as dirty_ingest().
 */
long dirty_ingest_pml(struct s2_space *s, const uint64_t *pml, uint16_t index);

/*
 * Emulated PML for a nested hypervisor [kvm_arch_write_log_dirty]: log ga
 * into its PML page at *index and decrement the index, as the CPU would.
 * Returns 0, or -DIRTY_ENOSPC when the index is out of 0..511 (the caller
 * reflects a PML-full exit, nothing written).
 */
int dirty_pml_log(uint64_t *pml, uint16_t *index, gpa_t ga) __must_check;

#endif
