// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/arm64/hyp_mmu.c, the hypervisor's EL2 stage-1 tables.
 *
 * The reference is independent of the code under test: a per-page model of
 * what was asked for (output address and permission), and a table decoder
 * written here from the Arm ARM (D8.3 VMSAv8-64 descriptors, 4 KiB granule,
 * four levels; AP[2] = bit 7, AF = bit 10, XN = bit 54 in the EL2 regime,
 * AttrIndx = bits 4:2 into MAIR_EL2). Every page of the region under test is
 * decoded from the raw descriptors and compared with the model; W^X (no
 * page writable and executable) is checked on the raw bits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arm64/hyp_mmu.h"

static unsigned int syncs;

void hyp_mmu_sync(void)
{
	syncs++;
}

/* Pages passed to hyp_mmu_zero_table() (the arch hook), newest last. */
#define ZEROED_MAX	4096
static const void *zeroed[ZEROED_MAX];
static unsigned int nzeroed;

void hyp_mmu_zero_table(void *table)
{
	assert_true(((uintptr_t)table & 4095) == 0);
	memset(table, 0, 4096);
	if (nzeroed < ZEROED_MAX)
		zeroed[nzeroed++] = table;
}

/* ---- independent decoder ---- */

struct xlat {
	bool valid;
	uint64_t pa;
	unsigned int level;	/* level of the leaf: 1 = 1 GiB block, 2 = 2 MiB block, 3 = page */
	uint64_t desc;
};

static struct xlat walk(uint64_t va)
{
	const uint64_t *t = (const uint64_t *)(uintptr_t)hyp_mmu_root();
	struct xlat x = { 0 };
	unsigned int level;

	for (level = 0; level < 4; level++) {
		unsigned int shift = 39 - 9 * level;
		uint64_t d = t[(va >> shift) & 511];

		if (!(d & 1))
			return x;
		if (level < 3 && (d & 2)) {
			t = (const uint64_t *)(uintptr_t)(d & 0x0000fffffffff000ull);
			continue;
		}
		if (level == 0 || (level == 3 && !(d & 2)))
			return x;	/* block at level 0 / reserved encoding at level 3 */
		x.valid = true;
		x.level = level;
		x.desc = d;
		x.pa = (d & 0x0000fffffffff000ull & ~((1ull << shift) - 1)) | (va & ((1ull << shift) - 1));
		return x;
	}
	return x;
}

static bool d_writable(uint64_t d) { return !(d & (1ull << 7)); }
static bool d_exec(uint64_t d) { return !(d & (1ull << 54)); }
static unsigned int d_attr(uint64_t d) { return (d >> 2) & 7; }

/* Expected raw properties of a permission. */
static void expect_prot(uint64_t d, enum hyp_prot p)
{
	assert_true(d & (1ull << 10));		/* AF set: no access-flag faults */
	assert_true(d & (1ull << 6));		/* AP[1] RES1 in the EL2 regime */
	assert_false(d_writable(d) && d_exec(d));	/* W^X */
	switch (p) {
	case HYP_PROT_RX:
		assert_false(d_writable(d));
		assert_true(d_exec(d));
		assert_int_equal(d_attr(d), 2);	/* MAIR index 2: normal write-back */
		break;
	case HYP_PROT_RO:
		assert_false(d_writable(d));
		assert_false(d_exec(d));
		assert_int_equal(d_attr(d), 2);
		break;
	case HYP_PROT_RW:
		assert_true(d_writable(d));
		assert_false(d_exec(d));
		assert_int_equal(d_attr(d), 2);
		break;
	case HYP_PROT_DEV:
		assert_false(d_exec(d));
		assert_int_equal(d_attr(d), 1);	/* MAIR index 1: Device-nGnRE */
		break;
	}
}

/* ---- the model: a window of pages starting at BASE ---- */

#define BASE	0x40000000ull
#define NPAGES	(2u << 18)	/* 2 GiB of 4 KiB pages: two level-1 entries */

static int8_t model[NPAGES];	/* -1 unmapped, else enum hyp_prot */

static void model_reset(void)
{
	memset(model, -1, sizeof(model));
}

static void model_set(uint64_t start, uint64_t end, enum hyp_prot p)
{
	for (uint64_t a = start; a < end; a += PAGE_SIZE)
		model[(a - BASE) >> PAGE_SHIFT] = (int8_t)p;
}

static void check_all(void)
{
	for (uint64_t i = 0; i < NPAGES; i++) {
		uint64_t va = BASE + (i << PAGE_SHIFT);
		struct xlat x = walk(va + 0x123);
		uint64_t pa;
		enum hyp_prot p;

		if (model[i] < 0) {
			assert_false(x.valid);
			assert_false(hyp_mmu_lookup(va, &pa, &p));
			continue;
		}
		assert_true(x.valid);
		assert_int_equal(x.pa, va + 0x123);	/* identity */
		expect_prot(x.desc, (enum hyp_prot)model[i]);
		assert_true(hyp_mmu_lookup(va, &pa, &p));
		assert_int_equal(pa, va);
		assert_int_equal(p, model[i]);
	}
}

static int setup(void **state)
{
	assert_int_equal(hyp_mmu_init(44), 0);
	model_reset();
	return 0;
}

/* The boot layout: image W^X, RAM around it in blocks, MMIO as device. */
static void test_boot_layout(void **state)
{
	unsigned int before = hyp_mmu_pool_free();
	void *va;

	assert_int_equal(hyp_map_range(0x40200000, 0x40208000, HYP_PROT_RX), 0);
	assert_int_equal(hyp_map_range(0x40208000, 0x4020a000, HYP_PROT_RO), 0);
	assert_int_equal(hyp_map_range(0x4020a000, 0x40273000, HYP_PROT_RW), 0);
	model_set(0x40200000, 0x40208000, HYP_PROT_RX);
	model_set(0x40208000, 0x4020a000, HYP_PROT_RO);
	model_set(0x4020a000, 0x40273000, HYP_PROT_RW);
	/* RAM: 1 GiB minus the image, as mmu.c maps it. */
	assert_int_equal(hyp_map_range(0x40000000, 0x40200000, HYP_PROT_RW), 0);
	assert_int_equal(hyp_map_range(0x40273000, 0x80000000, HYP_PROT_RW), 0);
	model_set(0x40000000, 0x40200000, HYP_PROT_RW);
	model_set(0x40273000, 0x80000000, HYP_PROT_RW);
	/* Device window inside the model (pretend MMIO at 2 GiB). */
	assert_int_equal(hyp_map_io(hpa(0x80000010), 0x2000, &va), 0);
	assert_ptr_equal(va, (void *)(uintptr_t)0x80000010);
	model_set(0x80000000, 0x80003000, HYP_PROT_DEV);
	check_all();

	/* Blocks where aligned: the 2 MiB slots after the image are blocks. */
	assert_int_equal(walk(0x40000000).level, 2);
	assert_int_equal(walk(0x40400000).level, 2);
	assert_int_equal(walk(0x7fe00000).level, 2);
	assert_int_equal(walk(0x40200000).level, 3);
	/* Root, one L1, one L2 for the first GiB, one L3 for the image, L2+L3 for MMIO. */
	assert_int_equal(before - hyp_mmu_pool_free(), 5);
	assert_true(syncs > 0);
}

/* A whole aligned GiB becomes one level-1 block. */
static void test_gib_block(void **state)
{
	assert_int_equal(hyp_map_range(0x40000000, 0x80000000, HYP_PROT_RW), 0);
	assert_int_equal(walk(0x40000000).level, 1);
	model_set(0x40000000, 0x80000000, HYP_PROT_RW);
	check_all();
}

/* Conflicts change nothing; identical remaps are accepted. */
static void test_conflicts(void **state)
{
	unsigned int free0;
	uint64_t pa;
	enum hyp_prot p;

	assert_int_equal(hyp_map_range(0x40200000, 0x40208000, HYP_PROT_RX), 0);
	model_set(0x40200000, 0x40208000, HYP_PROT_RX);
	free0 = hyp_mmu_pool_free();
	/* RW over text: refused, and the free range before it is not mapped either. */
	assert_int_equal(hyp_map_range(0x40100000, 0x40201000, HYP_PROT_RW), -HYP_MMU_EEXIST);
	assert_int_equal(hyp_mmu_pool_free(), free0);
	assert_false(hyp_mmu_lookup(0x40100000, &pa, &p));
	/* Same again: fine. A sub-range of it with the same permission: fine. */
	assert_int_equal(hyp_map_range(0x40200000, 0x40208000, HYP_PROT_RX), 0);
	assert_int_equal(hyp_map_range(0x40203000, 0x40204000, HYP_PROT_RX), 0);
	/* Same page, other permission: refused. */
	assert_int_equal(hyp_map_range(0x40203000, 0x40204000, HYP_PROT_RO), -HYP_MMU_EEXIST);
	/* A page range inside a block with other permissions: refused (no splitting). */
	assert_int_equal(hyp_map_range(0x40400000, 0x40600000, HYP_PROT_RW), 0);
	model_set(0x40400000, 0x40600000, HYP_PROT_RW);
	assert_int_equal(hyp_map_range(0x40401000, 0x40402000, HYP_PROT_RX), -HYP_MMU_EEXIST);
	assert_int_equal(hyp_map_range(0x40401000, 0x40402000, HYP_PROT_RW), 0);
	check_all();
}

static void test_invalid(void **state)
{
	void *va;

	assert_int_equal(hyp_map_range(0x40000001, 0x40002000, HYP_PROT_RW), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_range(0x40000000, 0x40000800, HYP_PROT_RW), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_range(0x40001000, 0x40001000, HYP_PROT_RW), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_range(0x40002000, 0x40001000, HYP_PROT_RW), -HYP_MMU_EINVAL);
	/* Beyond the 44-bit physical address size given to hyp_mmu_init(). */
	assert_int_equal(hyp_map_range(1ull << 44, (1ull << 44) + 0x1000, HYP_PROT_RW), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_range((1ull << 44) - 0x1000, (1ull << 44) + 0x1000, HYP_PROT_RW),
			 -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_io(hpa(0x1000), 0, &va), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_io(hpa(UINT64_MAX - 10), 100, &va), -HYP_MMU_EINVAL);
	assert_int_equal(hyp_map_range(0x40000000, 0x40001000, (enum hyp_prot)7), -HYP_MMU_EINVAL);
	assert_int_not_equal(hyp_mmu_init(31), 0);
	assert_int_not_equal(hyp_mmu_init(49), 0);
	assert_int_equal(hyp_mmu_init(44), 0);
	check_all();
}

/* hyp_map_exec rounds out to pages and maps read-only executable. */
static void test_exec(void **state)
{
	void *va;

	assert_int_equal(hyp_map_exec(hpa(0x40300ff0), 0x20, &va), 0);
	assert_ptr_equal(va, (void *)(uintptr_t)0x40300ff0);
	model_set(0x40300000, 0x40302000, HYP_PROT_RX);
	check_all();
}

/* Running out of table pages fails before anything changes. */
static void test_pool_exhaustion(void **state)
{
	unsigned int i, free_before;
	int err = 0;
	uint64_t pa;
	enum hyp_prot p;

	/* One page per 1 GiB above 4 GiB: each needs a new L2 and L3 table. */
	for (i = 0; i < 1000 && !err; i++) {
		uint64_t a = (4ull + i) << 30;

		free_before = hyp_mmu_pool_free();
		err = hyp_map_range(a, a + PAGE_SIZE, HYP_PROT_RW);
		if (err) {
			assert_int_equal(err, -HYP_MMU_ENOMEM);
			assert_int_equal(hyp_mmu_pool_free(), free_before);
			assert_false(hyp_mmu_lookup(a, &pa, &p));
		} else {
			assert_true(hyp_mmu_lookup(a, &pa, &p));
		}
	}
	assert_int_equal(err, -HYP_MMU_ENOMEM);
	/* The model window was never touched. */
	check_all();
}

/* hyp_unmap_all empties the tree and returns every table to the pool. */
static void test_unmap_all(void **state)
{
	unsigned int empty = hyp_mmu_pool_free();
	uint64_t pa;
	enum hyp_prot p;
	void *va;

	assert_int_equal(hyp_map_range(0x40200000, 0x40208000, HYP_PROT_RX), 0);
	assert_int_equal(hyp_map_range(0x40000000, 0x40200000, HYP_PROT_RW), 0);
	assert_int_equal(hyp_map_io(hpa(0x09000000), 0x1000, &va), 0);
	assert_int_equal(hyp_map_range(0x8000000000ull, 0x8000001000ull, HYP_PROT_RO), 0);
	assert_true(hyp_mmu_pool_free() < empty);
	hyp_unmap_all();
	assert_int_equal(hyp_mmu_pool_free(), empty);
	assert_false(hyp_mmu_lookup(0x40200000, &pa, &p));
	assert_false(hyp_mmu_lookup(0x09000000, &pa, &p));
	assert_false(hyp_mmu_lookup(0x8000000000ull, &pa, &p));
	check_all();
	/* And the tree is usable again. */
	assert_int_equal(hyp_map_range(0x40200000, 0x40201000, HYP_PROT_RO), 0);
	model_set(0x40200000, 0x40201000, HYP_PROT_RO);
	check_all();
}

/*
 * Random disjoint ranges with random permissions over a 64 MiB window (the
 * static pool is sized for the hypervisor's own few ranges, not for a
 * table per 2 MiB across gigabytes).
 */
#define RWIN	(64ull << 20)

static void test_random(void **state)
{
	unsigned int round;

	srand(12345);
	for (round = 0; round < 40; round++) {
		uint64_t wbase = BASE + (uint64_t)(rand() % 16) * RWIN, cur = wbase;

		assert_int_equal(hyp_mmu_init(44), 0);
		model_reset();
		while (cur < wbase + RWIN) {
			/* Sizes from one page to ~8 MiB, sometimes 2 MiB aligned. */
			uint64_t len = (uint64_t)(1 + rand() % 2048) << PAGE_SHIFT;
			enum hyp_prot p = (enum hyp_prot)(rand() % 4);
			uint64_t end;

			if (rand() % 3 == 0)
				cur = (cur + (2u << 20) - 1) & ~((2ull << 20) - 1);
			if (cur >= wbase + RWIN)
				break;
			end = cur + len;
			if (end > wbase + RWIN)
				end = wbase + RWIN;
			if (rand() % 4) {
				assert_int_equal(hyp_map_range(cur, end, p), 0);
				model_set(cur, end, p);
			}
			cur = end + ((uint64_t)(rand() % 3) << PAGE_SHIFT);
		}
		check_all();
	}
}

/* Table pages reachable from the root (levels 0-2 hold tables). */
static unsigned int collect_tables(const uint64_t **out, unsigned int max)
{
	const uint64_t *stack[4 * 512];
	unsigned int levels[4 * 512], sp = 0, n = 0;

	stack[sp] = (const uint64_t *)(uintptr_t)hyp_mmu_root();
	levels[sp++] = 0;
	while (sp) {
		const uint64_t *t = stack[--sp];
		unsigned int level = levels[sp];

		assert_true(n < max);
		out[n++] = t;
		if (level == 3)
			continue;
		for (unsigned int i = 0; i < 512; i++)
			if ((t[i] & 3) == 3 && level < 3) {
				assert_true(sp < 4 * 512);
				stack[sp] = (const uint64_t *)(uintptr_t)(t[i] & 0x0000fffffffff000ull);
				levels[sp++] = level + 1;
			}
	}
	return n;
}


/*
 * Snapshot of every reachable table: valid entries may only ever go from
 * invalid to valid (hyp_mmu.h: no break-before-make is ever needed), and
 * every table page in use is reachable (none leaked).
 */
static struct snap {
	const uint64_t *t;
	uint64_t e[512];
} snaps[96];
static unsigned int nsnaps;

static void snapshot(void)
{
	const uint64_t *tabs[128];

	nsnaps = collect_tables(tabs, 128);
	assert_int_equal(nsnaps, 96 - hyp_mmu_pool_free());
	for (unsigned int i = 0; i < nsnaps; i++) {
		snaps[i].t = tabs[i];
		memcpy(snaps[i].e, tabs[i], sizeof(snaps[i].e));
	}
}

static void check_unchanged_valid(void)
{
	const uint64_t *tabs[128];

	assert_int_equal(collect_tables(tabs, 128), 96 - hyp_mmu_pool_free());
	for (unsigned int i = 0; i < nsnaps; i++)
		for (unsigned int j = 0; j < 512; j++)
			if (snaps[i].e[j] & 1)
				assert_int_equal(snaps[i].t[j], snaps[i].e[j]);
}

/*
 * Random ranges that overlap what is already mapped: the model decides the
 * outcome page by page (refused exactly when some page of the range is
 * mapped with another permission; blocks, tables and runs are the code's
 * business) and a refused request must change nothing.
 */
static void test_random_overlap(void **state)
{
	unsigned int round, refused = 0, mapped = 0;

	srand(777);
	for (round = 0; round < 30; round++) {
		uint64_t wbase = BASE + (uint64_t)(rand() % 16) * RWIN;
		unsigned int req;

		assert_int_equal(hyp_mmu_init(44), 0);
		model_reset();
		for (req = 0; req < 60; req++) {
			uint64_t start = wbase + ((uint64_t)(rand() % (RWIN >> PAGE_SHIFT)) << PAGE_SHIFT);
			uint64_t len = (uint64_t)(1 + rand() % 1536) << PAGE_SHIFT;
			enum hyp_prot p = (enum hyp_prot)(rand() % 2 + 2 * (rand() % 4 == 0));
			bool clash = false;
			unsigned int free0 = hyp_mmu_pool_free();
			int err;

			if (rand() % 2)
				start &= ~((2ull << 20) - 1);
			if (start + len > wbase + RWIN)
				len = wbase + RWIN - start;
			snapshot();
			for (uint64_t a = start; a < start + len; a += PAGE_SIZE) {
				int8_t m = model[(a - BASE) >> PAGE_SHIFT];

				clash |= m >= 0 && m != (int8_t)p;
			}
			err = hyp_map_range(start, start + len, p);
			check_unchanged_valid();
			if (clash) {
				assert_int_equal(err, -HYP_MMU_EEXIST);
				assert_int_equal(hyp_mmu_pool_free(), free0);
				refused++;
			} else {
				assert_int_equal(err, 0);
				model_set(start, start + len, p);
				mapped++;
			}
		}
		check_all();
	}
	/* Both outcomes were exercised, often. */
	assert_true(refused > 300 && mapped > 300);
}

/*
 * A table page that held entries before (an earlier tree, or freed by
 * hyp_unmap_all) is zeroed through the arch hook before it is linked in
 * again; only the in-image pages never handed out since the image was
 * loaded skip it. Stale entries would show up in check_all() as mappings
 * the model does not have.
 */
static void test_tables_zeroed(void **state)
{
	const uint64_t *tabs[128];
	unsigned int i, j, n;

	/* Use up more pages than the in-image part holds, with entries everywhere. */
	for (i = 0; i < 3 * HYP_MMU_IMAGE_TABLES; i++) {
		uint64_t a = BASE + (uint64_t)i * (2u << 20);

		assert_int_equal(hyp_map_range(a, a + PAGE_SIZE, HYP_PROT_RX), 0);
	}
	assert_true(hyp_mmu_pool_free() < 96 - 2 * HYP_MMU_IMAGE_TABLES);
	hyp_unmap_all();
	/* Reused pages come back through the freed list: still zeroed. */
	nzeroed = 0;
	assert_int_equal(hyp_map_range(BASE + 0x3000, BASE + 0x5000, HYP_PROT_RW), 0);
	model_set(BASE + 0x3000, BASE + 0x5000, HYP_PROT_RW);
	check_all();
	/* A new tree over the same pages (the root included). */
	nzeroed = 0;
	assert_int_equal(hyp_mmu_init(44), 0);
	model_reset();
	for (i = 0; i < 2 * HYP_MMU_IMAGE_TABLES; i++) {
		uint64_t a = BASE + (uint64_t)i * (2u << 20) + 0x5000;

		assert_int_equal(hyp_map_range(a, a + 2 * PAGE_SIZE, HYP_PROT_RO), 0);
		model_set(a, a + 2 * PAGE_SIZE, HYP_PROT_RO);
	}
	check_all();
	n = collect_tables(tabs, 128);
	assert_true(n > HYP_MMU_IMAGE_TABLES);
	for (i = 0; i < n; i++) {
		bool found = false;

		for (j = 0; j < nzeroed && !found; j++)
			found = zeroed[j] == tabs[i];
		assert_true(found);
	}
}

/*
 * hyp_mmu_table_span() covers every entry written: each valid entry of a
 * reachable table lies in the span of its page (mmu.c invalidates exactly
 * these after building the tables with the MMU off).
 */
static bool in_some_span(const uint64_t *e)
{
	struct hyp_mmu_span sp;

	for (unsigned int i = 0; hyp_mmu_table_span(i, &sp); i++)
		if ((uint64_t)(uintptr_t)e >= sp.start && (uint64_t)(uintptr_t)e + 8 <= sp.start + sp.size)
			return true;
	return false;
}

static void check_spans(void)
{
	const uint64_t *tabs[128];
	unsigned int n = collect_tables(tabs, 128), i, j, pages = 0;
	struct hyp_mmu_span sp;

	for (i = 0; i < n; i++)
		for (j = 0; j < 512; j++)
			if (tabs[i][j] & 1)
				assert_true(in_some_span(&tabs[i][j]));
	while (hyp_mmu_table_span(pages, &sp)) {
		assert_true(sp.size <= 4096);
		pages++;
	}
	assert_true(pages >= n && pages <= 96);
}

static void test_table_spans(void **state)
{
	unsigned int round;

	for (unsigned int i = 0; i < 12; i++) {
		uint64_t a = BASE + (uint64_t)i * (2u << 20);

		assert_int_equal(hyp_map_range(a + 0x1000, a + 0x3000, HYP_PROT_RW), 0);
	}
	check_spans();
	srand(99);
	for (round = 0; round < 20; round++) {
		uint64_t wbase = BASE + (uint64_t)(rand() % 16) * RWIN;

		assert_int_equal(hyp_mmu_init(44), 0);
		for (unsigned int req = 0; req < 40; req++) {
			uint64_t start = wbase + ((uint64_t)(rand() % (RWIN >> PAGE_SHIFT)) << PAGE_SHIFT);
			uint64_t len = (uint64_t)(1 + rand() % 1536) << PAGE_SHIFT;

			if (start + len > wbase + RWIN)
				len = wbase + RWIN - start;
			int err = hyp_map_range(start, start + len, (enum hyp_prot)(rand() % 2));

			assert_true(err == 0 || err == -HYP_MMU_EEXIST);
		}
		check_spans();
		hyp_unmap_all();
		check_spans();
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_boot_layout, setup),
		cmocka_unit_test_setup(test_gib_block, setup),
		cmocka_unit_test_setup(test_conflicts, setup),
		cmocka_unit_test_setup(test_invalid, setup),
		cmocka_unit_test_setup(test_exec, setup),
		cmocka_unit_test_setup(test_pool_exhaustion, setup),
		cmocka_unit_test_setup(test_unmap_all, setup),
		cmocka_unit_test_setup(test_random, setup),
		cmocka_unit_test_setup(test_random_overlap, setup),
		cmocka_unit_test_setup(test_tables_zeroed, setup),
		cmocka_unit_test_setup(test_table_spans, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
