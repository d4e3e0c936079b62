// SPDX-License-Identifier: MIT
/*
 * Dirty logging core (see dirty.h): per-slot bitmaps, enabling and disabling
 * logging on a slot, recording writes from the permission-fault path and
 * from hardware dirty state, ingesting log buffers, and the four-step
 * get-and-clear. Page-table changes go through the engine (mm/pt.h), which
 * orders them with the TLB invalidation; this file never sees an entry.
 */
#include <string.h>
#include "hyp/log.h"
#include "mm/dirty.h"
#include "mm/pagetrack.h"

void s2_space_init(struct s2_space *s, struct pt *pt, struct memslots *slots,
		   struct pagetrack *track)
{
	memset(s, 0, sizeof(*s));
	s->pt = pt;
	s->slots = slots;
	s->track = track;
}

/* ---------------------------------------------------------------------------
 * Bitmap helpers. Bits are set atomically and the harvest takes whole words
 * with an exchange, so a reader polling dirty_test() without the mmu lock
 * never sees a torn word.
 */
static inline void bit_set(uint64_t *bm, uint64_t i)
{
	__atomic_fetch_or(&bm[i / 64], 1ull << (i % 64), __ATOMIC_RELAXED);
}

static inline bool bit_test(const uint64_t *bm, uint64_t i)
{
	return (__atomic_load_n(&bm[i / 64], __ATOMIC_RELAXED) >> (i % 64)) & 1;
}

/* Set bits [first, first + n). */
static void bits_set(uint64_t *bm, uint64_t first, uint64_t n)
{
	while (n) {
		uint64_t bit = first % 64, k = 64 - bit < n ? 64 - bit : n;
		uint64_t m = (k == 64 ? ~0ull : ((1ull << k) - 1)) << bit;

		__atomic_fetch_or(&bm[first / 64], m, __ATOMIC_RELAXED);
		first += k;
		n -= k;
	}
}

static inline bool slot_logging(const struct memslot *slot)
{
	return (slot->flags & MEMSLOT_DIRTY_LOG) && slot->dirty_bitmap;
}

static inline bool mode_hw(enum dirty_mode m)
{
	return m == DIRTY_MODE_HW_SCAN || m == DIRTY_MODE_HW_LOG;
}

/* slot is a slot of s (not a stale or foreign pointer). */
static bool slot_of(const struct s2_space *s, const struct memslot *slot)
{
	return slot && memslot_find(s->slots, slot->base_gfn) == slot;
}

/* The slot's range lies inside the tree's input address range. */
static bool slot_in_tree(const struct s2_space *s, const struct memslot *slot)
{
	uint64_t last = (slot->base_gfn + slot->npages) - 1;

	if (s->pt->ia_bits >= 64)
		return true;
	return last < (1ull << (s->pt->ia_bits - PAGE_SHIFT));
}

static bool cache_has(const struct pt_cache *c, const struct pt_need *need)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		if (c->count[o] < need->n[o])
			return false;
	return true;
}

static void need_add(struct pt_need *sum, const struct pt_need *n)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		sum->n[o] += n->n[o];
}

bool dirty_test(const struct memslot *slot, uint64_t gfn)
{
	if (!slot_logging(slot) || !memslot_has(slot, gfn))
		return false;
	return bit_test(slot->dirty_bitmap, gfn - slot->base_gfn);
}

bool dirty_page_needs_wp(const struct memslot *slot, uint64_t gfn)
{
	return slot_logging(slot) && slot->dirty_mode == DIRTY_MODE_WP &&
	       memslot_has(slot, gfn) && !bit_test(slot->dirty_bitmap, gfn - slot->base_gfn);
}

bool dirty_mark(struct s2_space *s, uint64_t gfn)
{
	struct memslot *slot = memslot_find(s->slots, gfn);

	if (!slot || !slot_logging(slot))
		return false;
	bit_set(slot->dirty_bitmap, gfn - slot->base_gfn);
	return true;
}

/* Record [ga, ga + size) in the hardware-mode logging slots it touches. */
void dirty_hw_report(void *arg, uint64_t ga, uint64_t size)
{
	struct s2_space *s = arg;
	uint64_t gfn = ga >> PAGE_SHIFT, end = gfn + (size >> PAGE_SHIFT);

	while (gfn < end) {
		struct memslot *slot = memslot_find(s->slots, gfn);
		uint64_t n;

		if (!slot) {
			/* A block reaching past a slot: skip to the next slot. */
			uint64_t next = end;

			for (unsigned i = 0; i < s->slots->n; i++) {
				const struct memslot *o = memslot_nth(s->slots, i);

				if (o->base_gfn > gfn && o->base_gfn < next)
					next = o->base_gfn;
			}
			gfn = next;
			continue;
		}
		n = slot->base_gfn + slot->npages - gfn;
		if (n > end - gfn)
			n = end - gfn;
		if (slot_logging(slot) && mode_hw(slot->dirty_mode))
			bits_set(slot->dirty_bitmap, gfn - slot->base_gfn, n);
		gfn += n;
	}
}

/* ---------------------------------------------------------------------------
 * Enable / disable [kvm_mmu_wp_memory_region]
 */
void dirty_need_enable(const struct s2_space *s, const struct memslot *slot, struct pt_need *need)
{
	struct pt_need edges;

	pt_need_split(s->pt, memslot_gpa(slot), memslot_bytes(slot), need);
	pt_need_edges(s->pt, memslot_gpa(slot), memslot_bytes(slot), &edges);
	need_add(need, &edges);
}

int dirty_log_enable(struct s2_space *s, struct pt_cache *c, struct memslot *slot,
		     enum dirty_mode mode, uint64_t *storage, uint64_t storage_words)
{
	struct pt *pt = s->pt;
	uint64_t words, bytes;
	struct pt_need need;
	struct pt_flush fl = { 0 };
	hpa_t frames = hpa(0);
	unsigned nframes = 0;
	uint64_t *bm;
	int ret;

	/* Validate. */
	if (!slot_of(s, slot) || !c || !slot_in_tree(s, slot))
		return -DIRTY_EINVAL;
	if (slot->flags & MEMSLOT_DIRTY_LOG)
		return -DIRTY_EBUSY;
	if (slot->flags & MEMSLOT_READONLY)
		return -DIRTY_EINVAL;
	if (mode != DIRTY_MODE_WP && !(mode_hw(mode) && pt->hw_dirty))
		return -DIRTY_EINVAL;
	words = dirty_bitmap_words(slot->npages);
	bytes = 2 * words * sizeof(uint64_t);
	if (storage && (storage_words < 2 * words || !is_aligned((uintptr_t)storage, 8)))
		return -DIRTY_EINVAL;
	if (!storage && align_up(bytes, PAGE_SIZE) / PAGE_SIZE > UINT32_MAX)
		return -DIRTY_ENOMEM;
	dirty_need_enable(s, slot, &need);
	if (!cache_has(c, &need))
		return -DIRTY_ENOMEM;
	if (!storage) {
		nframes = (unsigned)(align_up(bytes, PAGE_SIZE) / PAGE_SIZE);
		if (pt->alloc.alloc(pt->alloc.ctx, nframes, PAGE_SIZE, &frames))
			return -DIRTY_ENOMEM;
		storage = mm_phys_to_virt(frames);
	}

	/* Act: nothing below can fail. */
	bm = storage;
	memset(bm, 0, bytes);
	ret = pt_split(pt, c, memslot_gpa(slot), memslot_bytes(slot));
	BUG_ON(ret);
	if (mode == DIRTY_MODE_WP) {
		/* Dirty state the hardware held before logging began is dropped. */
		ret = pt_protect(pt, c, memslot_gpa(slot), memslot_bytes(slot), 0, PT_W, NULL, NULL);
		BUG_ON(ret);
	} else {
		pt_collect_dirty(pt, &fl, memslot_gpa(slot), memslot_bytes(slot), NULL, NULL);
		pt_flush_commit(pt, &fl);
	}
	slot->dirty_bitmap = bm;
	slot->dirty_words = words;
	slot->dirty_frames = frames;
	slot->dirty_nframes = nframes;
	slot->dirty_mode = mode;
	__atomic_store_n(&slot->flags, slot->flags | MEMSLOT_DIRTY_LOG, __ATOMIC_RELEASE);
	return 0;
}

/* Called for each run [gfn, gfn + n) of slot pages that no tracker counts. */
typedef int (*run_fn)(struct s2_space *s, struct pt_cache *c, uint64_t gfn, uint64_t n,
		      struct pt_need *need);

static int untracked_runs(struct s2_space *s, struct pt_cache *c, const struct memslot *slot,
			  run_fn fn, struct pt_need *need)
{
	uint64_t gfn = slot->base_gfn, last = slot->base_gfn + slot->npages - 1;
	int ret;

	while (gfn <= last) {
		uint64_t t = s->track ? pagetrack_next(s->track, gfn, last) : UINT64_MAX;
		uint64_t end = t == UINT64_MAX ? last + 1 : t;

		if (end > gfn) {
			ret = fn(s, c, gfn, end - gfn, need);
			if (ret)
				return ret;
		}
		if (t == UINT64_MAX)
			break;
		gfn = t + 1;
	}
	return 0;
}

static int run_need(struct s2_space *s, struct pt_cache *c, uint64_t gfn, uint64_t n,
		    struct pt_need *need)
{
	struct pt_need e;

	pt_need_edges(s->pt, gpa(gfn << PAGE_SHIFT), n << PAGE_SHIFT, &e);
	need_add(need, &e);
	return 0;
}

static int run_unprotect(struct s2_space *s, struct pt_cache *c, uint64_t gfn, uint64_t n,
			 struct pt_need *need)
{
	return pt_protect(s->pt, c, gpa(gfn << PAGE_SHIFT), n << PAGE_SHIFT, PT_W, 0, NULL, NULL);
}

void dirty_need_disable(const struct s2_space *s, const struct memslot *slot, struct pt_need *need)
{
	memset(need, 0, sizeof(*need));
	if (slot_logging(slot) && slot->dirty_mode == DIRTY_MODE_WP)
		untracked_runs((struct s2_space *)s, NULL, slot, run_need, need);
}

int dirty_log_disable(struct s2_space *s, struct pt_cache *c, struct memslot *slot)
{
	struct pt_need need;
	int ret;

	if (!slot_of(s, slot) || !slot_logging(slot) || !c)
		return -DIRTY_EINVAL;
	dirty_need_disable(s, slot, &need);
	if (!cache_has(c, &need))
		return -DIRTY_ENOMEM;

	/* Writes stop being recorded first, then the pages open up. */
	__atomic_store_n(&slot->flags, slot->flags & ~MEMSLOT_DIRTY_LOG, __ATOMIC_RELEASE);
	if (slot->dirty_mode == DIRTY_MODE_WP) {
		ret = untracked_runs(s, c, slot, run_unprotect, NULL);
		BUG_ON(ret);
	}
	if (slot->dirty_nframes)
		s->pt->alloc.free(s->pt->alloc.ctx, slot->dirty_frames, slot->dirty_nframes);
	slot->dirty_bitmap = NULL;
	slot->dirty_words = 0;
	slot->dirty_frames = hpa(0);
	slot->dirty_nframes = 0;
	slot->dirty_mode = DIRTY_MODE_OFF;
	return 0;
}

/* ---------------------------------------------------------------------------
 * The permission-fault path
 */
int dirty_record_write(struct s2_space *s, struct pt_cache *c, struct memslot *slot, uint64_t gfn)
{
	struct pt_need need;
	int ret;

	if (!slot_of(s, slot) || !slot_logging(slot) || slot->dirty_mode != DIRTY_MODE_WP ||
	    !memslot_has(slot, gfn) || !c)
		return -DIRTY_EINVAL;
	pt_need_edges(s->pt, gpa(gfn << PAGE_SHIFT), PAGE_SIZE, &need);
	if (!cache_has(c, &need))
		return -DIRTY_ENOMEM;
	/* Marked before the page opens: a write that no longer faults is already logged. */
	bit_set(slot->dirty_bitmap, gfn - slot->base_gfn);
	if (s2_page_may_write(s, slot, gfn)) {
		ret = pt_protect(s->pt, c, gpa(gfn << PAGE_SHIFT), PAGE_SIZE, PT_W, 0, NULL, NULL);
		BUG_ON(ret);
	}
	return 0;
}

/* ---------------------------------------------------------------------------
 * Get and clear [kvm_vm_ioctl_get_dirty_log, kvm_get_dirty_log_protect]
 */
static void collect_report(void *arg, uint64_t ga, uint64_t size)
{
	struct memslot *slot = arg;
	uint64_t gfn = ga >> PAGE_SHIFT, end = gfn + (size >> PAGE_SHIFT);

	/* The collect walk stays inside the slot; clip anyway (blocks). */
	if (gfn < slot->base_gfn)
		gfn = slot->base_gfn;
	if (end > slot->base_gfn + slot->npages)
		end = slot->base_gfn + slot->npages;
	if (gfn < end)
		bits_set(slot->dirty_bitmap, gfn - slot->base_gfn, end - gfn);
}

int dirty_log_get_and_clear(struct s2_space *s, struct memslot *slot, dirty_copy_fn copy, void *arg)
{
	struct pt *pt = s->pt;
	struct pt_flush fl = { 0 };
	uint64_t *live, *snap, n;
	bool hw;
	int ret;

	if (!slot_of(s, slot) || !slot_logging(slot) || !copy)
		return -DIRTY_EINVAL;
	live = slot->dirty_bitmap;
	n = slot->dirty_words;
	snap = live + n;
	hw = mode_hw(slot->dirty_mode);

	/* HW_SCAN: move the tables' dirty state into the bitmap first. */
	if (slot->dirty_mode == DIRTY_MODE_HW_SCAN)
		pt_collect_dirty(pt, &fl, memslot_gpa(slot), memslot_bytes(slot), collect_report, slot);

	/*
	 * Steps 1 and 2, word by word: take each non-zero word (atomic exchange
	 * with 0) into the snapshot, then write-protect its pages (WP) or clear
	 * their hardware dirty state (HW modes) [kvm_mmu_write_protect_pt_masked,
	 * kvm_mmu_clear_dirty_pt_masked]. The dirty state removed is not
	 * reported: those pages are in this snapshot. A clean word costs one
	 * load and one store.
	 */
	pt_harvest_bitmap(pt, &fl, memslot_gpa(slot), live, snap, n, hw, NULL, NULL);

	/* Step 3: copy out. A refused copy puts the pages back into the log. */
	ret = copy(arg, snap, n);
	if (ret) {
		for (uint64_t i = 0; i < n; i++)
			if (snap[i])
				__atomic_fetch_or(&live[i], snap[i], __ATOMIC_RELAXED);
		ret = -DIRTY_EFAULT;
	}

	/* Step 4: flush, whatever happened before. */
	pt_flush_commit(pt, &fl);
	return ret;
}

/* ---------------------------------------------------------------------------
 * Log buffers (Intel PML, SDM vol. 3C 29.3.6; emulated PML for nested guests)
 */
long dirty_ingest(struct s2_space *s, const uint64_t *log, uint64_t n)
{
	struct memslot *slot = NULL;
	long marked = 0;

	if (n > DIRTY_INGEST_MAX || (n && !log)) {
		s->stats.rejected++;
		return -DIRTY_EINVAL;
	}
	for (uint64_t i = 0; i < n; i++) {
		/* The buffer may be guest memory (nested PML): read each entry once. */
		uint64_t ga = __atomic_load_n(&log[i], __ATOMIC_RELAXED);
		uint64_t gfn = ga >> PAGE_SHIFT;

		if (ga & (PAGE_SIZE - 1)) {
			s->stats.ign_unaligned++;
			continue;
		}
		if (!slot || !memslot_has(slot, gfn))
			slot = memslot_find(s->slots, gfn);
		if (!slot || !slot_logging(slot)) {
			s->stats.ign_outside++;
			continue;
		}
		bit_set(slot->dirty_bitmap, gfn - slot->base_gfn);
		marked++;
	}
	s->stats.ingested += (uint64_t)marked;
	return marked;
}

long dirty_ingest_pml(struct s2_space *s, const uint64_t *pml, uint16_t index)
{
	/* The CPU writes entry index, then decrements; 0xffff after entry 0. */
	unsigned first = index >= DIRTY_PML_ENTRIES ? 0 : (unsigned)index + 1;

	if (!pml) {
		s->stats.rejected++;
		return -DIRTY_EINVAL;
	}
	return dirty_ingest(s, pml + first, DIRTY_PML_ENTRIES - first);
}

int dirty_pml_log(uint64_t *pml, uint16_t *index, gpa_t ga)
{
	if (*index >= DIRTY_PML_ENTRIES)
		return -DIRTY_ENOSPC;
	__atomic_store_n(&pml[*index], align_down(ga.v, PAGE_SIZE), __ATOMIC_RELAXED);
	*index = (uint16_t)(*index - 1);
	return 0;
}
