/* SPDX-License-Identifier: MIT */
/*
 * Dirty logging of a partition's RAM region on request (the HC_DIRTY_*
 * hypercalls, docs/hypercalls.md): what a checkpoint or migration monitor
 * needs [kvm_vm_ioctl_get_dirty_log, kvm_get_dirty_log_protect]. Start
 * logging on one RAM region of a partition (named by its guest-physical
 * base), get and clear its bitmap into a guest buffer of the caller, stop.
 * The mm/ side (bitmaps, write protection, the four-step get-and-clear with
 * the engine's TLB flush) is mm/dirty.h; this file adds the partition's
 * locks, the state rules and the copy into the caller's memory.
 *
 * The mode is the best the partition's stage-2 tree offers: hardware dirty
 * state scanned at the harvest (DIRTY_MODE_HW_SCAN) on a tree with
 * PT_CFG_HWDIRTY, stage-2 write protection (DIRTY_MODE_WP) otherwise. No log
 * buffer (PML) feeds partitions, so DIRTY_MODE_HW_LOG is never chosen.
 *
 * States: logging needs the partition's contents (any state but EMPTY:
 * CREATED, RUNNING, HALTED, CRASHED), so a monitor may take the final
 * harvest of a partition it stopped. A restart or destroy rebuilds or drops
 * the contents and with them the logging (hyp/partition.c slots_release()):
 * afterwards the calls find the region not logging (-PART_ESTATE).
 *
 * Locking: each call holds the target's partition lock from its first check
 * to its end, so no restart, destroy, or other dirty-log call on the target
 * runs in between (the snapshot half of the bitmap stays valid until the
 * copy-out is done), and takes the target's mmu lock for the mm/ steps. The
 * copy into the caller's buffer (part_guest_access) takes the caller's mmu
 * lock after the target's mmu lock is released, so no two mmu locks are ever
 * held together: partition lock (target) -> mmu lock (target), then
 * partition lock (target) -> mmu lock (caller). Nothing takes a partition
 * lock while holding an mmu lock, so this cannot deadlock.
 *
 * Module prefix: part_dirty_.
 */
#ifndef HYP_PART_DIRTY_H
#define HYP_PART_DIRTY_H

#include "hyp/partition.h"

/* Bytes of the bitmap of a region of size bytes: one bit per 4 KiB page, bit n = page n. */
static inline uint64_t part_dirty_bitmap_bytes(uint64_t size)
{
	return ((size >> PAGE_SHIFT) + 7) / 8;
}

/*
 * Start dirty logging on p's RAM region that begins at region: split it to
 * 4 KiB pages and write-protect it (or reset its hardware dirty state), with
 * an empty bitmap. Validated first; on error nothing changed. *npages gets
 * the region's pages (the bitmap's bits), *mode the enum dirty_mode used.
 * Any CPU, no locks held. Returns 0, -PART_EINVAL (region is not the base of
 * a writable RAM region of p), -PART_ESTATE (p has no contents, or the
 * region logs already), -PART_ENOMEM (no frames for tables or the bitmap).
 */
int part_dirty_start(struct partition *p, uint64_t region, uint64_t *npages,
		     enum dirty_mode *mode) __must_check;

/*
 * Get and clear the dirty bitmap of p's logging region at region into
 * to's guest memory [gpa, gpa + part_dirty_bitmap_bytes()): byte n / 8,
 * bit n % 8 is page n of the region. len is the buffer's size (at least the
 * bitmap's bytes; only those are written); gpa must be 8-byte aligned. The
 * whole buffer is checked against to's stage-2 mappings before the log is
 * touched; if the copy still fails, the harvested pages go back into the
 * log. Every write after the harvest shows up in a later one. *done gets
 * the bytes written. Any CPU, no locks held; to may be p. Returns 0,
 * -PART_EINVAL (no such region, len too short, gpa misaligned), -PART_ESTATE
 * (p has no contents, or the region does not log), -PART_EFAULT (the buffer
 * is not to's writable RAM; nothing harvested).
 */
int part_dirty_get(struct partition *p, uint64_t region, struct partition *to, uint64_t gpa,
		   uint64_t len, uint64_t *done) __must_check;

/*
 * Stop dirty logging on p's region at region: pages become writable again
 * (unless page tracking or the region forbids), the bitmap's frames go
 * back. Any CPU, no locks held. Returns 0, -PART_EINVAL (no such region),
 * -PART_ESTATE (p has no contents, or the region does not log),
 * -PART_ENOMEM (no frames for the table changes; logging goes on).
 */
int part_dirty_stop(struct partition *p, uint64_t region) __must_check;

#endif
