/* SPDX-License-Identifier: MIT */
/*
 * Page-tracking core: mediated devices (drivers/gvt/) and other trackers ask
 * to see every guest write to chosen guest pages (e.g. the guest's GPU page
 * tables). A tracker registers a page with a handler; enabling the record
 * write-protects the page in stage 2, and a write to it is then emulated
 * here and dispatched to the handlers of every enabled record of the page.
 *
 * Several trackers may track one page: the page's count is the number of
 * its enabled records, and the page is writable only when that count is 0,
 * its slot is not read-only, and dirty logging does not need it protected
 * (dirty_page_needs_wp()). So untracking a page that dirty logging still
 * protects leaves it protected, and disabling dirty logging leaves tracked
 * pages protected.
 *
 * It also owns the generic stage-2 write-fault entry point,
 * s2_write_fault(), which decides between page tracking, dirty logging and
 * "not ours".
 *
 * Records live in an array the caller gives (no heap), sorted by (gfn,
 * owner): look-ups are O(log n), inserts and removals O(n). Locking: the
 * partition's mmu lock, as for struct s2_space (mm/dirty.h).
 */
#ifndef MM_PAGETRACK_H
#define MM_PAGETRACK_H

#include "hyp/compiler.h"
#include "mm/addr.h"
#include "mm/dirty.h"
#include "mm/pt.h"

/* Error codes (negative return values). */
#define PAGETRACK_EINVAL	22	/* bad argument; write crossing a page */
#define PAGETRACK_ENOENT	2	/* no such record; page in no memslot */
#define PAGETRACK_EEXIST	17	/* this owner already registered the page */
#define PAGETRACK_ENOSPC	28	/* record array full */
#define PAGETRACK_ENOMEM	12	/* cache below pagetrack_need() */

/*
 * Called after a guest write of bytes bytes (data) at ga reached guest
 * memory [intel_vgpu_page_track_handler]. Returns 0 or a negative error.
 */
typedef int (*pagetrack_fn)(void *priv, gpa_t ga, const void *data, unsigned bytes);

struct pagetrack_rec {
	uint64_t gfn;
	const void *owner;	/* who tracks it (e.g. a vGPU) */
	pagetrack_fn handler;
	void *priv;
	bool enabled;		/* counts towards the page's count, page protected */
};

struct pagetrack {
	struct pagetrack_rec *rec;	/* sorted by (gfn, owner) */
	unsigned n, cap;
};

/* An empty table over storage[cap] (owned by the caller, outlives t). */
void pagetrack_init(struct pagetrack *t, struct pagetrack_rec *storage, unsigned cap);

/* owner's record of gfn, or NULL [intel_vgpu_find_page_track]. */
struct pagetrack_rec *pagetrack_find(const struct pagetrack *t, const void *owner, uint64_t gfn);

/* Enabled records of gfn: the page's tracking count. */
unsigned pagetrack_count(const struct pagetrack *t, uint64_t gfn);

/* The first gfn in [gfn, last] with a nonzero count, or UINT64_MAX. */
uint64_t pagetrack_next(const struct pagetrack *t, uint64_t gfn, uint64_t last);

/*
 * Register gfn for owner with handler, not yet enabled
 * [intel_vgpu_register_page_track]. Returns 0, -PAGETRACK_EINVAL (no
 * handler, no tracking table), -PAGETRACK_ENOENT (gfn in no memslot, or
 * outside the tree), -PAGETRACK_EEXIST, -PAGETRACK_ENOSPC.
 */
int pagetrack_register(struct s2_space *s, const void *owner, uint64_t gfn, pagetrack_fn handler,
		       void *priv) __must_check;

/* Frames the cache must hold to enable, disable or unregister one page. */
void pagetrack_need(const struct s2_space *s, uint64_t gfn, struct pt_need *need);

/*
 * Enable owner's record of gfn: count it and write-protect the page (exact
 * TLB invalidation by the engine; hardware dirty state removed goes to the
 * dirty log) [intel_vgpu_enable_page_track]. Enabling an enabled record
 * does nothing. Returns 0, -PAGETRACK_ENOENT, -PAGETRACK_ENOMEM (nothing
 * changed).
 */
int pagetrack_enable(struct s2_space *s, struct pt_cache *c, const void *owner,
		     uint64_t gfn) __must_check;

/*
 * Disable owner's record of gfn: uncount it; the page becomes writable if
 * nothing else needs it protected [intel_vgpu_disable_page_track]. Returns
 * 0, -PAGETRACK_ENOENT, -PAGETRACK_ENOMEM (nothing changed).
 */
int pagetrack_disable(struct s2_space *s, struct pt_cache *c, const void *owner,
		      uint64_t gfn) __must_check;

/*
 * Disable (if enabled) and remove owner's record of gfn
 * [intel_vgpu_unregister_page_track]. Returns as pagetrack_disable().
 */
int pagetrack_unregister(struct s2_space *s, struct pt_cache *c, const void *owner,
			 uint64_t gfn) __must_check;

/*
 * Call the handler of every enabled record of ga's page, in owner order.
 * Returns the number of handlers called, or the first handler's negative
 * error (the others still run).
 */
int pagetrack_dispatch(struct s2_space *s, gpa_t ga, const void *data, unsigned bytes);

/* What s2_write_fault() decided. */
enum s2_wf {
	S2_WF_NOT_OURS = 0,	/* not a write we protect: the caller injects a fault / emulates MMIO */
	S2_WF_RETRY,		/* dirty logging recorded it; the page is writable: re-execute */
	S2_WF_EMULATED,		/* tracked page: the write is done and dispatched; skip the instruction */
};

/*
 * The generic stage-2 write-permission-fault entry point, for a guest write
 * of bytes bytes (data, decoded by the caller; only needed for tracked
 * pages) at ga. Tracked page: the write is stored into guest memory, the
 * page is marked dirty if its slot logs, the handlers run (*res =
 * EMULATED). WP-mode logging slot: dirty_record_write() (*res = RETRY). A
 * page that is already writable (a fault that raced with another CPU): RETRY.
 * Anything else, read-only slots and addresses in no slot included: NOT_OURS.
 * Returns 0 (see *res), -PAGETRACK_EINVAL (tracked page and data NULL, bytes
 * 0 or crossing the page: nothing written), -PAGETRACK_ENOMEM (cache below
 * pt_need_edges() of the page: nothing changed, top up and retry), or a
 * handler's error (the write was emulated, *res = EMULATED).
 */
int s2_write_fault(struct s2_space *s, struct pt_cache *c, gpa_t ga, const void *data,
		   unsigned bytes, enum s2_wf *res) __must_check;

/*
 * The page gfn of slot may be writable now: the slot is not read-only, no
 * tracker counts it, and dirty logging does not need it protected.
 */
bool s2_page_may_write(const struct s2_space *s, const struct memslot *slot, uint64_t gfn);

#endif
