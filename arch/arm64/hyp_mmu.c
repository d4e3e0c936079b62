// SPDX-License-Identifier: MIT
/*
 * The hypervisor's EL2 stage-1 tables: descriptor encoding, the static table
 * pool, and the map / look-up / tear-down walks (see hyp_mmu.h). Pure C: the
 * only hardware hook is hyp_mmu_sync(). Every walk is a loop over the four
 * levels; nothing recurses.
 *
 * A map request is validated first (alignment, address size, conflicts with
 * existing entries, an upper bound of the table pages it may need) and only
 * then applied, so it either completes or leaves the tables unchanged.
 */
#include <string.h>
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
 */
#define POOL_PAGES	96

/* Not cleared at boot (head.S skips .bss.noinit): table_alloc() zeroes each page it hands out. */
static uint64_t pool[POOL_PAGES][ENTRIES] __aligned(4096) __section(".bss.noinit");
static uint16_t pool_freelist[POOL_PAGES];
static unsigned int pool_nfree;
static uint64_t *root;
static unsigned int oa_bits;

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
	uint64_t *t;

	if (!pool_nfree)
		return NULL;
	t = pool[pool_freelist[--pool_nfree]];
	memset(t, 0, sizeof(pool[0]));
	return t;
}

static void table_free(uint64_t *t)
{
	unsigned int i = (unsigned int)(((uintptr_t)t - (uintptr_t)pool) / sizeof(pool[0]));

	memset(t, 0, sizeof(pool[0]));
	pool_freelist[pool_nfree++] = (uint16_t)i;
}

int hyp_mmu_init(unsigned int pa_bits)
{
	unsigned int i;

	if (pa_bits < 32 || pa_bits > HYP_VA_BITS)
		return -HYP_MMU_EINVAL;
	oa_bits = pa_bits;
	pool_nfree = 0;
	for (i = POOL_PAGES; i > 0; i--)
		pool_freelist[pool_nfree++] = (uint16_t)(i - 1);
	root = table_alloc();
	return 0;
}

uint64_t hyp_mmu_root(void)
{
	return (uint64_t)(uintptr_t)root;
}

unsigned int hyp_mmu_pool_free(void)
{
	return pool_nfree;
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
 * table in one call), or a negative error to stop the walk.
 */
typedef int (*range_visit_fn)(uint64_t *t, unsigned int idx, unsigned int level, uint64_t va, uint64_t pa,
			      uint64_t size, uint64_t attrs, uint64_t *done);

/* Entries of the last-level table t[idx..] that [va, va + size) covers (page aligned). */
static inline unsigned int leaf_run(unsigned int idx, uint64_t size)
{
	uint64_t n = size >> PAGE_SHIFT;

	return n < ENTRIES - idx ? (unsigned int)n : ENTRIES - idx;
}

/*
 * Walk [va, va + size) -> pa through the tables, calling fn as above. The
 * table of each level on the way down is kept, so consecutive entries of
 * one table (a run of 4 KiB pages) cost one step each instead of a walk
 * from the root; the walk climbs back up when va leaves the region the
 * current table covers. fn only ever changes the entry it is given.
 */
static inline __attribute__((always_inline)) int walk_range(uint64_t va, uint64_t pa, uint64_t size,
							     uint64_t attrs, range_visit_fn fn)
{
	uint64_t *tabs[LEVELS];
	unsigned int level = 0;

	tabs[0] = root;
	while (size) {
		uint64_t *t = tabs[level];
		unsigned int idx = level_index(va, level);
		uint64_t lsz = level_size(level), step;

		if (!desc_is_table(t[idx], level)) {
			uint64_t done = 0;
			int r = fn(t, idx, level, va, pa, size, attrs, &done);

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
		level++;
	}
	return 0;
}

/*
 * Checks, with no side effects, that mapping the range conflicts with no
 * existing entry: every valid leaf in it must already map the same address
 * with the same attributes. Goes on through the following entries of the
 * same table (a run) until the range ends or an entry is a table.
 */
static inline int conflict_visit(uint64_t *t, unsigned int idx, unsigned int level, uint64_t va, uint64_t pa,
				 uint64_t size, uint64_t attrs, uint64_t *done)
{
	uint64_t lsz = level_size(level), left = size;
	unsigned int n = 0;

	if (level == LEVELS - 1) {	/* pages: the common long run, kept tight */
		n = leaf_run(idx, size);
		for (unsigned int i = 0; i < n; i++) {
			uint64_t d = t[idx + i];

			if (!(d & DESC_VALID))
				continue;
			if (!desc_is_leaf(d, level) || (d & DESC_OA_MASK) != pa + ((uint64_t)i << PAGE_SHIFT) ||
			    leaf_attrs(d) != attrs)
				return -HYP_MMU_EEXIST;
		}
		*done = (uint64_t)n << PAGE_SHIFT;
		return 0;
	}
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
 * so the walk comes back to it.
 */
static inline int map_visit(uint64_t *t, unsigned int idx, unsigned int level, uint64_t va, uint64_t pa,
			    uint64_t size, uint64_t attrs, uint64_t *done)
{
	uint64_t lsz = level_size(level), left = size;
	bool blocks = level >= FIRST_BLOCK_LEVEL || level == LEVELS - 1;
	unsigned int n = 0;
	uint64_t *nt;

	if (level == LEVELS - 1) {	/* pages: the common long run, kept tight */
		n = leaf_run(idx, size);
		for (unsigned int i = 0; i < n; i++)
			if (!desc_is_leaf(t[idx + i], level))
				t[idx + i] = mk_leaf(pa + ((uint64_t)i << PAGE_SHIFT), level, attrs);
		*done = (uint64_t)n << PAGE_SHIFT;
		return 0;
	}
	do {
		uint64_t d = t[idx + n], step = lsz - (va & (lsz - 1));

		if (desc_is_table(d, level))
			break;
		if (!desc_is_leaf(d, level)) {
			if (!blocks || !is_aligned(va, lsz) || !is_aligned(pa, lsz) || left < lsz) {
				if (n)
					break;
				nt = table_alloc();
				/* Cannot happen: tables_needed() was checked. */
				if (!nt)
					return -HYP_MMU_ENOMEM;
				t[idx] = (uint64_t)(uintptr_t)nt | DESC_TABLE | DESC_VALID;
				return 1;
			}
			t[idx + n] = mk_leaf(pa, level, attrs);
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
	uint64_t limit = 1ull << oa_bits;
	uint64_t attrs = prot_attrs(prot);
	int err;

	if (!root || size == 0 || !is_aligned(va | pa | size, PAGE_SIZE) ||
	    !range_ok(va, size) || !range_ok(pa, size) ||
	    va + size - 1 >= limit || pa + size - 1 >= limit)
		return -HYP_MMU_EINVAL;
	if (prot > HYP_PROT_DEV)
		return -HYP_MMU_EINVAL;
	err = walk_range(va, pa, size, attrs, conflict_visit);
	if (err)
		return err;
	if (tables_needed(va, size) > pool_nfree)
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
	if (!root)
		return;
	for (;;) {
		uint64_t *path[LEVELS];
		unsigned int pidx[LEVELS];
		unsigned int level = 0;
		uint64_t *t = root;
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
	memset(root, 0, sizeof(pool[0]));
	hyp_mmu_sync();
}

bool hyp_mmu_lookup(uint64_t va, uint64_t *pa, enum hyp_prot *prot)
{
	uint64_t *t = root;
	unsigned int level;

	if (!root || va >> HYP_VA_BITS)
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
