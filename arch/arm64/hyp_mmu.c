// SPDX-License-Identifier: MIT
/*
 * The hypervisor's EL2 stage-1 tables: descriptor encoding, the static table
 * pool, and the map / look-up / tear-down walks (see hyp_mmu.h). Pure C: the
 * only hardware hooks are hyp_mmu_sync() and hyp_mmu_zero_table(). Every walk
 * is a loop over the four levels; nothing recurses. Runs of entries are
 * handled a table at a time, and each table page remembers the span of
 * entries ever written in it, so mapping into the untouched part of an
 * existing table needs no scan.
 *
 * A map request is validated first (alignment, address size, conflicts with
 * existing entries, an upper bound of the table pages it may need) and only
 * then applied, so it either completes or leaves the tables unchanged.
 */
#include "arch/arm64/hyp_mmu.h"

/* Stage-1 descriptor bits (Arm ARM D8.3, VMSAv8-64 descriptor formats). */
#define DESC_VALID	(1ull << 0)
#define DESC_TABLE	(1ull << 1)	/* table (levels 0-2) or page (level 3) */
#define DESC_ATTR(i)	((uint64_t)(i) << 2)	/* AttrIndx[2:0] into MAIR_EL2 */
#define DESC_ATTR_MASK	(7ull << 2)
#define DESC_AP1	(1ull << 6)	/* AP[1]: RES1 in the EL2 (single privilege) regime */
#define DESC_RDONLY	(1ull << 7)	/* AP[2]: read-only */
#define DESC_SH_INNER	(3ull << 8)	/* inner shareable */
#define DESC_AF		(1ull << 10)	/* access flag (no hardware AF management) */
#define DESC_XN		(1ull << 54)	/* execute-never (the EL2 regime has one XN bit) */
#define DESC_OA_MASK	0x0000fffffffff000ull

#define LEVELS		4
#define ENTRIES		512
#define FIRST_BLOCK_LEVEL 1	/* 4 KiB granule: blocks at levels 1 and 2 only */

/*
 * Table pages for the whole hypervisor: the QEMU virt machine needs about a
 * dozen (image in pages, RAM in blocks, a few MMIO windows); the rest covers
 * up to BOOT_MAX_MEM RAM ranges with unaligned ends.
 *
 * The first HYP_MMU_IMAGE_TABLES pages are part of the loaded image (.data,
 * zeros in the file), like Linux's early page tables: the boot protocol has
 * them cleaned to the point of coherency and they hold zeros until handed
 * out, so the tables built with the MMU off need neither zeroing nor cache
 * maintenance before they are written (mmu.c only invalidates them
 * afterwards). The others are .bss.noinit (head.S never clears them) and
 * are zeroed through hyp_mmu_zero_table() when handed out.
 */
#define POOL_PAGES	96
#define POOL_BSS_PAGES	(POOL_PAGES - HYP_MMU_IMAGE_TABLES)

static uint64_t pool_img[HYP_MMU_IMAGE_TABLES][ENTRIES] __aligned(4096) __section(".data.hyp_tables");
static uint64_t pool_bss[POOL_BSS_PAGES][ENTRIES] __aligned(4096) __section(".bss.noinit");

/*
 * Written with the MMU off, so kept out of the .bss that head.S clears once
 * the MMU is on (mmu.c invalidates .data.early after the early tables).
 */
static struct {
	unsigned int next;		/* pages [next, POOL_PAGES) never handed out since hyp_mmu_init() */
	unsigned int nfreed;		/* freed[0..nfreed) were given back */
	unsigned int img_fresh;		/* pool_img[img_fresh..] still hold the zeros the loader wrote */
	unsigned int oa_bits;
	uint64_t *root;
	uint16_t freed[POOL_PAGES];
	/*
	 * Per page handed out: entries [lo, hi) hold everything written since
	 * (lo = ENTRIES, hi = 0: nothing). Entries only ever go from invalid
	 * to valid, so no valid entry lies outside: a run outside [lo, hi)
	 * is known to be all invalid without reading it, and [lo, hi) is
	 * all the cache maintenance after an MMU-off build must cover.
	 */
	uint16_t lo[POOL_PAGES], hi[POOL_PAGES];
} pool __section(".data.early");

_Static_assert(HYP_MMU_IMAGE_TABLES >= 1 && HYP_MMU_IMAGE_TABLES < POOL_PAGES, "pool split");

static inline uint64_t *pool_page(unsigned int i)
{
	return i < HYP_MMU_IMAGE_TABLES ? pool_img[i] : pool_bss[i - HYP_MMU_IMAGE_TABLES];
}

static inline unsigned int pool_index(const uint64_t *t)
{
	uintptr_t a = (uintptr_t)t;

	if (a >= (uintptr_t)pool_img && a < (uintptr_t)pool_img + sizeof(pool_img))
		return (unsigned int)((a - (uintptr_t)pool_img) / sizeof(pool_img[0]));
	return HYP_MMU_IMAGE_TABLES + (unsigned int)((a - (uintptr_t)pool_bss) / sizeof(pool_bss[0]));
}

static inline unsigned int level_shift(unsigned int level)
{
	return 12 + 9 * (LEVELS - 1 - level);
}

static inline uint64_t level_size(unsigned int level)
{
	return 1ull << level_shift(level);
}

static inline unsigned int level_index(uint64_t va, unsigned int level)
{
	return (va >> level_shift(level)) & (ENTRIES - 1);
}

static inline uint64_t *table_of(uint64_t desc)
{
	return (uint64_t *)(uintptr_t)(desc & DESC_OA_MASK);
}

static inline bool desc_is_table(uint64_t desc, unsigned int level)
{
	return level < LEVELS - 1 && (desc & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE);
}

static inline bool desc_is_leaf(uint64_t desc, unsigned int level)
{
	if (!(desc & DESC_VALID))
		return false;
	if (level == LEVELS - 1)
		return (desc & DESC_TABLE) != 0;	/* 0b01 at level 3 is reserved */
	return (desc & DESC_TABLE) == 0 && level >= FIRST_BLOCK_LEVEL;
}

/* Attribute bits of a leaf for prot (everything except the address and type). */
static uint64_t prot_attrs(enum hyp_prot prot)
{
	uint64_t a = DESC_AF | DESC_AP1 | DESC_SH_INNER;

	switch (prot) {
	case HYP_PROT_RX:
		return a | DESC_ATTR(HYP_ATTR_NORMAL) | DESC_RDONLY;
	case HYP_PROT_RO:
		return a | DESC_ATTR(HYP_ATTR_NORMAL) | DESC_RDONLY | DESC_XN;
	case HYP_PROT_RW:
		return a | DESC_ATTR(HYP_ATTR_NORMAL) | DESC_XN;
	case HYP_PROT_DEV:
		return a | DESC_ATTR(HYP_ATTR_DEVICE_nGnRE) | DESC_XN;
	}
	return 0;
}

static uint64_t mk_leaf(uint64_t pa, unsigned int level, uint64_t attrs)
{
	return (pa & DESC_OA_MASK) | attrs | DESC_VALID | (level == LEVELS - 1 ? DESC_TABLE : 0);
}

static uint64_t leaf_attrs(uint64_t desc)
{
	return desc & ~(DESC_OA_MASK | DESC_VALID | DESC_TABLE);
}

static uint64_t *table_alloc(void)
{
	unsigned int i;
	uint64_t *t;

	if (pool.nfreed)
		i = pool.freed[--pool.nfreed];
	else if (pool.next < POOL_PAGES)
		i = pool.next++;
	else
		return NULL;
	t = pool_page(i);
	pool.lo[i] = ENTRIES;
	pool.hi[i] = 0;
	if (i < HYP_MMU_IMAGE_TABLES && i >= pool.img_fresh)
		pool.img_fresh = i + 1;	/* as loaded: all zeros, never written */
	else
		hyp_mmu_zero_table(t);
	return t;
}

/* Zeroed again when handed out. */
static void table_free(uint64_t *t)
{
	unsigned int i = pool_index(t);

	pool.lo[i] = ENTRIES;
	pool.hi[i] = 0;
	pool.freed[pool.nfreed++] = (uint16_t)i;
}

/* Record that entries [idx, idx + n) of pool page pi were written. */
static inline void span_add(unsigned int pi, unsigned int idx, unsigned int n)
{
	if (idx < pool.lo[pi])
		pool.lo[pi] = (uint16_t)idx;
	if (idx + n > pool.hi[pi])
		pool.hi[pi] = (uint16_t)(idx + n);
}

/* Are entries [idx, idx + n) of pool page pi surely all invalid (never written)? */
static inline bool span_clear(unsigned int pi, unsigned int idx, unsigned int n)
{
	return idx >= pool.hi[pi] || idx + n <= pool.lo[pi];
}

int hyp_mmu_init(unsigned int pa_bits)
{
	if (pa_bits < 32 || pa_bits > HYP_VA_BITS)
		return -HYP_MMU_EINVAL;
	pool.oa_bits = pa_bits;
	pool.next = 0;
	pool.nfreed = 0;
	pool.root = table_alloc();
	return 0;
}

bool hyp_mmu_table_span(unsigned int i, struct hyp_mmu_span *span)
{
	if (i >= pool.next)
		return false;
	span->start = (uint64_t)(uintptr_t)(pool_page(i) + pool.lo[i]);
	span->size = pool.hi[i] > pool.lo[i] ? (uint64_t)(pool.hi[i] - pool.lo[i]) * sizeof(uint64_t) : 0;
	return true;
}

uint64_t hyp_mmu_root(void)
{
	return (uint64_t)(uintptr_t)pool.root;
}

unsigned int hyp_mmu_pool_free(void)
{
	return POOL_PAGES - pool.next + pool.nfreed;
}

/*
 * Upper bound of the new tables mapping [va, va + size) may need: one level-1
 * table per 512 GiB region touched, and at most two level-2 and two level-3
 * tables (the partial 1 GiB / 2 MiB regions at either end; fully covered
 * aligned regions become blocks or reuse an existing table).
 */
static uint64_t tables_needed(uint64_t va, uint64_t size)
{
	uint64_t last = va + size - 1;

	return ((last >> level_shift(0)) - (va >> level_shift(0)) + 1) + 2 + 2;
}

/*
 * What a range walk does at t[idx], the first entry on the way to va (at
 * level) that is not a table: 1 after making it a table to descend into, 0 to
 * go on with the rest of the range (after this entry, or after *done bytes
 * when it set *done: a visitor may handle a whole run of entries of this
 * table in one call), or a negative error to stop the walk. pi is t's page
 * in the pool (for its written span, pool.lo/hi).
 */
typedef int (*range_visit_fn)(uint64_t *t, unsigned int pi, unsigned int idx, unsigned int level, uint64_t va,
			      uint64_t pa, uint64_t size, uint64_t attrs, uint64_t *done);

/*
 * Entries of t[idx..] that [va, va + size) covers whole when va and pa are
 * aligned to the level's size (at the last level, always): 0 if the first
 * entry is only partly covered or the addresses are not aligned.
 */
static inline unsigned int whole_run(unsigned int idx, unsigned int level, uint64_t va, uint64_t pa,
				     uint64_t size)
{
	unsigned int shift = level_shift(level);
	uint64_t n;

	if (level < FIRST_BLOCK_LEVEL || ((va | pa) & ((1ull << shift) - 1)))
		return 0;
	n = size >> shift;
	return n < ENTRIES - idx ? (unsigned int)n : ENTRIES - idx;
}

/* Does any of p[0..n) have its valid bit set? Eight entries per step. */
static inline bool any_valid(const uint64_t *p, unsigned int n)
{
	const uint64_t *end = p + n;
	uint64_t a = 0, b = 0;

	for (; n & 7; n--)
		a |= *p++;
	for (; p < end; p += 8) {
		a |= p[0] | p[1] | p[2] | p[3];
		b |= p[4] | p[5] | p[6] | p[7];
	}
	return ((a | b) & DESC_VALID) != 0;
}

/*
 * p[i] = d + i * step for i < n: the leaves of a run, eight per step (two
 * running values, so each pair is one store-pair and two additions).
 */
static inline void fill_run(uint64_t *p, unsigned int n, uint64_t d, uint64_t step)
{
	uint64_t *end = p + n;
	uint64_t a, b, step2 = step << 1;

	for (; n & 7; n--, d += step)
		*p++ = d;
	a = d;
	b = d + step;
	for (; p < end; p += 8) {
		p[0] = a;
		p[1] = b;
		a += step2;
		b += step2;
		p[2] = a;
		p[3] = b;
		a += step2;
		b += step2;
		p[4] = a;
		p[5] = b;
		a += step2;
		b += step2;
		p[6] = a;
		p[7] = b;
		a += step2;
		b += step2;
	}
}

/*
 * Walk [va, va + size) -> pa through the tables, calling fn as above. The
 * table of each level on the way down is kept, so consecutive entries of
 * one table (a run of 4 KiB pages) cost one step each instead of a walk
 * from the root; the walk climbs back up when va leaves the region the
 * current table covers. fn only ever changes the entries it is given.
 */
static inline __attribute__((always_inline)) int walk_range(uint64_t va, uint64_t pa, uint64_t size,
							     uint64_t attrs, range_visit_fn fn)
{
	uint64_t *tabs[LEVELS];
	unsigned int pis[LEVELS];
	unsigned int level = 0;

	tabs[0] = pool.root;
	pis[0] = pool_index(pool.root);
	while (size) {
		uint64_t *t = tabs[level];
		unsigned int idx = level_index(va, level);
		uint64_t lsz = level_size(level), step;

		if (!desc_is_table(t[idx], level)) {
			uint64_t done = 0;
			int r = fn(t, pis[level], idx, level, va, pa, size, attrs, &done);

			if (r < 0)
				return r;
			if (r == 0) {
				step = done ? done : lsz - (va & (lsz - 1));
				if (step > size)
					step = size;
				va += step;
				pa += step;
				size -= step;
				while (level > 0 && !(va & (level_size(level - 1) - 1)))
					level--;
				continue;
			}
		}
		if (level + 1 >= LEVELS)
			return -HYP_MMU_EINVAL;	/* cannot happen: no tables at the last level */
		tabs[level + 1] = table_of(t[idx]);
		pis[level + 1] = pool_index(tabs[level + 1]);
		level++;
	}
	return 0;
}

/*
 * Checks, with no side effects, that mapping the range conflicts with no
 * existing entry: every valid leaf in it must already map the same address
 * with the same attributes. Goes on through the following entries of the
 * same table (a run) until the range ends or an entry is a table. A run of
 * whole entries that are all invalid (the usual case) costs nothing when it
 * lies outside what was ever written in the table, else one quick scan.
 */
static inline int conflict_visit(uint64_t *t, unsigned int pi, unsigned int idx, unsigned int level, uint64_t va,
				 uint64_t pa, uint64_t size, uint64_t attrs, uint64_t *done)
{
	uint64_t lsz = level_size(level), left = size;
	unsigned int n = whole_run(idx, level, va, pa, size);

	if (n && (span_clear(pi, idx, n) || !any_valid(t + idx, n))) {
		*done = (uint64_t)n << level_shift(level);
		return 0;
	}
	if (level == LEVELS - 1) {
		for (unsigned int i = 0; i < n; i++) {
			uint64_t d = t[idx + i];

			if ((d & DESC_VALID) && d != mk_leaf(pa + ((uint64_t)i << PAGE_SHIFT), level, attrs))
				return -HYP_MMU_EEXIST;
		}
		*done = (uint64_t)n << PAGE_SHIFT;
		return 0;
	}
	n = 0;
	do {
		uint64_t d = t[idx + n], step;

		if (desc_is_table(d, level))
			break;	/* not the first: the walk descends into it */
		if (desc_is_leaf(d, level)) {
			uint64_t mapped = (d & DESC_OA_MASK & ~(lsz - 1)) + (va & (lsz - 1));

			if (mapped != pa || leaf_attrs(d) != attrs)
				return -HYP_MMU_EEXIST;
		} else if (d & DESC_VALID) {
			return -HYP_MMU_EEXIST;	/* reserved encoding: never ours */
		}
		step = lsz - (va & (lsz - 1));
		if (step > left)
			step = left;
		va += step;
		pa += step;
		left -= step;
		n++;
	} while (left && idx + n < ENTRIES);
	*done = size - left;
	return 0;
}

/*
 * Applies a checked mapping: an existing leaf is identical (checked), an
 * invalid entry becomes a block (or page) if it fits, else a new table to
 * descend into. Like conflict_visit it goes on through a run of entries of
 * the same table; it stops before an entry that needs a table (or is one),
 * so the walk comes back to it. A run of whole entries is written in one
 * go when all of it is invalid: outside the table's written span (no scan
 * at all, the usual case), or after a scan found no valid entry. Valid
 * entries are never written again, not even with the same value.
 */
static inline int map_visit(uint64_t *t, unsigned int pi, unsigned int idx, unsigned int level, uint64_t va,
			    uint64_t pa, uint64_t size, uint64_t attrs, uint64_t *done)
{
	uint64_t lsz = level_size(level), left = size;
	unsigned int n = whole_run(idx, level, va, pa, size);
	uint64_t *nt;

	if (n && (span_clear(pi, idx, n) || !any_valid(t + idx, n))) {
		fill_run(t + idx, n, mk_leaf(pa, level, attrs), lsz);
		span_add(pi, idx, n);
		*done = (uint64_t)n << level_shift(level);
		return 0;
	}
	n = 0;
	do {
		uint64_t d = t[idx + n], step = lsz - (va & (lsz - 1));

		if (desc_is_table(d, level))
			break;
		if (!desc_is_leaf(d, level)) {
			if (level < FIRST_BLOCK_LEVEL || !is_aligned(va, lsz) || !is_aligned(pa, lsz) || left < lsz) {
				if (n)
					break;
				nt = table_alloc();
				/* Cannot happen: tables_needed() was checked. */
				if (!nt)
					return -HYP_MMU_ENOMEM;
				t[idx] = (uint64_t)(uintptr_t)nt | DESC_TABLE | DESC_VALID;
				span_add(pi, idx, 1);
				return 1;
			}
			t[idx + n] = mk_leaf(pa, level, attrs);
			span_add(pi, idx + n, 1);
		}
		if (step > left)
			step = left;
		va += step;
		pa += step;
		left -= step;
		n++;
	} while (left && idx + n < ENTRIES);
	*done = size - left;
	return 0;
}

static int map_checked(uint64_t va, uint64_t pa, uint64_t size, enum hyp_prot prot)
{
	uint64_t limit = 1ull << pool.oa_bits;
	uint64_t attrs = prot_attrs(prot);
	int err;

	if (!pool.root || size == 0 || !is_aligned(va | pa | size, PAGE_SIZE) ||
	    !range_ok(va, size) || !range_ok(pa, size) ||
	    va + size - 1 >= limit || pa + size - 1 >= limit)
		return -HYP_MMU_EINVAL;
	if (prot > HYP_PROT_DEV)
		return -HYP_MMU_EINVAL;
	err = walk_range(va, pa, size, attrs, conflict_visit);
	if (err)
		return err;
	if (tables_needed(va, size) > hyp_mmu_pool_free())
		return -HYP_MMU_ENOMEM;
	/* The pool holds enough pages (checked), so this cannot fail. */
	(void)walk_range(va, pa, size, attrs, map_visit);
	hyp_mmu_sync();
	return 0;
}

int hyp_map_range(uint64_t start, uint64_t end, enum hyp_prot prot)
{
	if (end <= start)
		return -HYP_MMU_EINVAL;
	return map_checked(start, start, end - start, prot);
}

static int map_rounded(hpa_t pa, uint64_t size, enum hyp_prot prot, void **va)
{
	uint64_t base = align_down(pa.v, PAGE_SIZE);
	uint64_t end;
	int err;

	if (size == 0 || !range_ok(pa.v, size) || pa.v + size - 1 > UINT64_MAX - PAGE_SIZE)
		return -HYP_MMU_EINVAL;
	end = align_up(pa.v + size, PAGE_SIZE);
	err = map_checked(base, base, end - base, prot);
	if (err)
		return err;
	*va = (void *)(uintptr_t)pa.v;
	return 0;
}

int hyp_map_io(hpa_t pa, uint64_t size, void **va)
{
	return map_rounded(pa, size, HYP_PROT_DEV, va);
}

int hyp_map_exec(hpa_t pa, uint64_t size, void **va)
{
	return map_rounded(pa, size, HYP_PROT_RX, va);
}

void hyp_unmap_all(void)
{
	/*
	 * Free bottom-up without recursion: repeatedly find a table whose
	 * entries are all leaves or invalid, free it and clear its parent
	 * entry. Depth is at most four, so one descent per freed table.
	 */
	if (!pool.root)
		return;
	for (;;) {
		uint64_t *path[LEVELS];
		unsigned int pidx[LEVELS];
		unsigned int level = 0;
		uint64_t *t = pool.root;
		bool descended = true;

		while (descended) {
			unsigned int i;

			descended = false;
			for (i = 0; i < ENTRIES; i++) {
				if (desc_is_table(t[i], level)) {
					path[level] = t;
					pidx[level] = i;
					t = table_of(t[i]);
					level++;
					descended = true;
					break;
				}
			}
		}
		if (level == 0)
			break;
		table_free(t);
		path[level - 1][pidx[level - 1]] = 0;
	}
	hyp_mmu_zero_table(pool.root);
	pool.lo[pool_index(pool.root)] = ENTRIES;
	pool.hi[pool_index(pool.root)] = 0;
	hyp_mmu_sync();
}

bool hyp_mmu_lookup(uint64_t va, uint64_t *pa, enum hyp_prot *prot)
{
	uint64_t *t = pool.root;
	unsigned int level;

	if (!pool.root || va >> HYP_VA_BITS)
		return false;
	for (level = 0; level < LEVELS; level++) {
		uint64_t d = t[level_index(va, level)];
		uint64_t lsz = level_size(level);

		if (desc_is_table(d, level)) {
			t = table_of(d);
			continue;
		}
		if (!desc_is_leaf(d, level))
			return false;
		*pa = (d & DESC_OA_MASK & ~(lsz - 1)) + (va & (lsz - 1));
		if ((d & DESC_ATTR_MASK) == DESC_ATTR(HYP_ATTR_DEVICE_nGnRE))
			*prot = HYP_PROT_DEV;
		else if (!(d & DESC_RDONLY))
			*prot = HYP_PROT_RW;
		else
			*prot = (d & DESC_XN) ? HYP_PROT_RO : HYP_PROT_RX;
		return true;
	}
	return false;
}
