// SPDX-License-Identifier: MIT
/*
 * Unit tests for mm/frame.c over simulated physical memory
 * (tests/unit/lib/physmem.c). A reference model keeps one state per frame
 * (usable, reserved, bitmap, allocated) computed from the inputs alone, and
 * predicts every frame_alloc() answer (first fit: lowest range, lowest
 * aligned run), every free count and every bitmap bit. Memory the allocator
 * must not touch (reserved ranges, partial frames) is filled with a pattern
 * and checked afterwards; allocated frames must come back zeroed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <cmocka.h>
#include "mm/frame.h"
#include "host_stubs.h"
#include "physmem.h"

#define FILL_RAM	0xa5	/* initial content of simulated RAM */
#define FR		PAGE_SIZE

enum fstate { F_USABLE, F_RESV, F_BITMAP, F_ALLOC };

struct mrange {
	uint64_t first, end;	/* whole frames [first, end), pfn */
	uint8_t *st;		/* enum fstate per frame */
	bool present;		/* can hold its bitmap: part of the pool */
};

struct model {
	unsigned int n;
	struct mrange r[FRAME_MAX_RANGES];
};

static struct frame_pool pool;

static uint64_t nbitmap_frames(uint64_t nframes)
{
	/* One bit per frame, in 64-bit words, in whole frames. */
	return ((nframes + 63) / 64 * 8 + FR - 1) / FR;
}

static bool touched(const struct boot_rsv *rsv, unsigned int nrsv, uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < nrsv; i++) {
		uint64_t lo = pfn * FR, hi = lo + (FR - 1);

		if (rsv[i].size && rsv[i].base <= hi && lo <= rsv[i].base + (rsv[i].size - 1))
			return true;
	}
	return false;
}

static int cmp_mrange(const void *a, const void *b)
{
	const struct mrange *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static void model_build(struct model *m, const struct boot_range *mem, unsigned int nmem,
			const struct boot_rsv *rsv, unsigned int nrsv)
{
	unsigned int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < nmem; i++) {
		uint64_t lo = mem[i].base, last = mem[i].base + (mem[i].size - 1);
		uint64_t first = lo / FR + (lo % FR != 0);
		uint64_t end = last / FR + (last % FR == FR - 1);
		struct mrange *r;
		uint64_t f, run = 0, nbm;

		if (!mem[i].size || first >= end)
			continue;
		r = &m->r[m->n++];
		r->first = first;
		r->end = end;
		r->st = calloc(end - first, 1);
		assert_non_null(r->st);
		nbm = nbitmap_frames(end - first);
		for (f = first; f < end; f++) {
			r->st[f - first] = touched(rsv, nrsv, f) ? F_RESV : F_USABLE;
			run = r->st[f - first] == F_USABLE ? run + 1 : 0;
			if (run >= nbm)
				r->present = true;
		}
	}
	qsort(m->r, m->n, sizeof(m->r[0]), cmp_mrange);
}

static void model_free(struct model *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		free(m->r[i].st);
	m->n = 0;
}

static uint64_t model_nfree(const struct model *m)
{
	uint64_t n = 0, f;
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->r[i].present)
			for (f = 0; f < m->r[i].end - m->r[i].first; f++)
				n += m->r[i].st[f] == F_USABLE;
	return n;
}

static uint8_t *model_state(struct model *m, uint64_t pfn)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (pfn >= m->r[i].first && pfn < m->r[i].end)
			return &m->r[i].st[pfn - m->r[i].first];
	return NULL;
}

/* First fit: lowest range, lowest aligned pfn with count usable frames. */
static bool model_alloc(struct model *m, uint64_t count, uint64_t align, uint64_t *pa)
{
	uint64_t apfn = align / FR;
	unsigned int i;

	for (i = 0; i < m->n; i++) {
		struct mrange *r = &m->r[i];
		uint64_t pfn = (r->first + apfn - 1) / apfn * apfn, k;

		if (!r->present)
			continue;
		while (pfn < r->end && count <= r->end - pfn) {
			for (k = 0; k < count && r->st[pfn + k - r->first] == F_USABLE; k++)
				;
			if (k == count) {
				for (k = 0; k < count; k++)
					r->st[pfn + k - r->first] = F_ALLOC;
				*pa = pfn * FR;
				return true;
			}
			pfn = (pfn + k + 1 + apfn - 1) / apfn * apfn;
		}
	}
	return false;
}

/*
 * Bring up simulated RAM for mem[] (filled with FILL_RAM), init the pool and
 * the model, and check the pool's ranges and bitmaps against the model.
 */
static int setup(struct model *m, const struct boot_range *mem, unsigned int nmem,
		 const struct boot_rsv *rsv, unsigned int nrsv)
{
	unsigned int i, k = 0;
	int r;

	physmem_reset();
	for (i = 0; i < nmem; i++)
		if (mem[i].size)
			physmem_add(mem[i].base, mem[i].size, FILL_RAM);
	model_build(m, mem, nmem, rsv, nrsv);
	r = frame_pool_init(&pool, mem, nmem, rsv, nrsv);
	if (r)
		return r;
	assert_int_equal(pool.lock.next, pool.lock.owner);
	for (i = 0; i < m->n; i++) {
		struct mrange *mr = &m->r[i];
		struct frame_range *pr;
		uint64_t bm, nbm, f;

		if (!mr->present)
			continue;
		assert_true(k < pool.nranges);
		pr = &pool.range[k++];
		assert_int_equal(pr->base, mr->first * FR);
		assert_int_equal(pr->nframes, mr->end - mr->first);
		/* The bitmap lives in usable frames of its own range. */
		bm = mm_virt_to_phys(pr->bitmap).v;
		nbm = nbitmap_frames(pr->nframes);
		assert_int_equal(bm % FR, 0);
		assert_true(bm / FR >= mr->first && bm / FR + nbm <= mr->end);
		for (f = bm / FR; f < bm / FR + nbm; f++) {
			assert_int_equal(mr->st[f - mr->first], F_USABLE);
			mr->st[f - mr->first] = F_BITMAP;
		}
	}
	assert_int_equal(k, pool.nranges);
	assert_int_equal(frame_pool_free(&pool), model_nfree(m));
	return 0;
}

/* Every bitmap bit is set exactly for frames that are not usable. */
static void check_bitmaps(const struct model *m)
{
	unsigned int i, k = 0;

	for (i = 0; i < m->n; i++) {
		const struct mrange *mr = &m->r[i];
		const struct frame_range *pr;
		uint64_t f, nfree = 0;

		if (!mr->present)
			continue;
		pr = &pool.range[k++];
		for (f = 0; f < pr->nframes; f++) {
			bool bit = (pr->bitmap[f / 64] >> (f % 64)) & 1;

			assert_int_equal(bit, mr->st[f] != F_USABLE);
			nfree += mr->st[f] == F_USABLE;
		}
		assert_int_equal(pr->nfree, nfree);
	}
	assert_int_equal(pool.lock.next, pool.lock.owner);
}

/* Bytes of RAM outside whole usable frames still hold FILL_RAM. */
static void check_untouched(const struct boot_range *mem, unsigned int nmem, struct model *m)
{
	unsigned int i;

	for (i = 0; i < nmem; i++) {
		uint64_t off;

		for (off = 0; off < mem[i].size; off += 64) {
			uint64_t pa = mem[i].base + off;
			uint8_t *st = model_state(m, pa / FR);

			if (st && *st != F_RESV)
				continue;	/* a frame the allocator may own */
			if (*physmem_ptr(pa) != FILL_RAM)
				fail_msg("byte at 0x%llx was written", (unsigned long long)pa);
		}
	}
}

static bool all_zero(uint64_t pa, uint64_t len)
{
	const uint8_t *p = physmem_ptr(pa);
	uint64_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static void teardown(struct model *m)
{
	model_free(m);
	physmem_reset();
}

/* ------------------------------------------------------------------------- */

static void test_init_simple(void **state)
{
	struct boot_range mem[] = { { 0x40000000, 1 << 20 } };
	struct model m;
	hpa_t pa;

	assert_int_equal(setup(&m, mem, 1, NULL, 0), 0);
	assert_int_equal(pool.nranges, 1);
	/* 256 frames, one holds the bitmap. */
	assert_int_equal(frame_pool_free(&pool), 255);
	assert_int_equal(frame_alloc(&pool, 1, FR, &pa), 0);
	assert_true(pa.v >= 0x40000000 && pa.v < 0x40100000);
	assert_true(all_zero(pa.v, FR));
	assert_int_equal(frame_pool_free(&pool), 254);
	frame_free(&pool, pa, 1);
	assert_int_equal(frame_pool_free(&pool), 255);
	check_bitmaps(&m);
	teardown(&m);
}

static void test_partial_frames_dropped(void **state)
{
	/* Neither end aligned: 0x10000800..0x100ff7ff holds frames 0x10001000..0x100fefff. */
	struct boot_range mem[] = {
		{ 0x10000800, 0xff000 },
		{ 0x20000001, 0xfff },		/* no whole frame at all */
		{ 0x30000000, 0x1fff },		/* one whole frame: bitmap only */
		{ 0x40000fff, 0x2002 },		/* frames 0x40001000, 0x40002000 */
	};
	struct model m;
	uint64_t n = 0;
	hpa_t pa;

	assert_int_equal(setup(&m, mem, 4, NULL, 0), 0);
	assert_int_equal(pool.nranges, 3);
	assert_int_equal(pool.range[0].base, 0x10001000);
	assert_int_equal(pool.range[0].nframes, 0xfe);
	assert_int_equal(pool.range[1].nframes, 1);
	assert_int_equal(pool.range[2].base, 0x40001000);
	assert_int_equal(pool.range[2].nframes, 2);
	assert_int_equal(frame_pool_free(&pool), 0xfd + 0 + 1);
	while (frame_alloc(&pool, 1, FR, &pa) == 0) {
		uint64_t want;

		assert_true(model_alloc(&m, 1, FR, &want));
		assert_int_equal(pa.v, want);
		memset(physmem_ptr(pa.v), 0x11, FR);
		n++;
	}
	assert_int_equal(n, 0xfe);
	assert_int_equal(frame_pool_free(&pool), 0);
	check_bitmaps(&m);
	check_untouched(mem, 4, &m);
	teardown(&m);
}

static void test_reserved_excluded(void **state)
{
	struct boot_range mem[] = { { 0x80000000, 4 << 20 }, { 0x90000000, 1 << 20 } };
	struct boot_rsv rsv[] = {
		{ 0x80000000, 0x3000, "first frames (where a bitmap would go)" },
		{ 0x80010800, 0x10, "inside one frame" },
		{ 0x80020fff, 0x2, "straddles two frames" },
		{ 0x803ff000, 0x200000, "over the end of range 0" },
		{ 0x8fffffff, 0x2000, "just before range 1" },
		{ 0x70000000, 0x1000, "outside RAM" },
		{ 0x80100000, 0x100000, "1 MiB in the middle" },
		{ 0x80100000, 0x1000, "overlapping another reserved range" },
		{ 0x80150000, 0, "empty" },
	};
	unsigned int nrsv = ARRAY_SIZE(rsv);
	struct model m;
	uint64_t n = 0, want;
	hpa_t pa;

	assert_int_equal(setup(&m, mem, 2, rsv, nrsv), 0);
	/* The bitmap is not in the reserved first frames. */
	assert_true(mm_virt_to_phys(pool.range[0].bitmap).v >= 0x80003000);
	/* Exhaust with single frames: exactly the model's usable frames. */
	while (frame_alloc(&pool, 1, FR, &pa) == 0) {
		assert_true(model_alloc(&m, 1, FR, &want));
		assert_int_equal(pa.v, want);
		assert_false(touched(rsv, nrsv, pa.v / FR));
		assert_true(all_zero(pa.v, FR));
		n++;
	}
	assert_false(model_alloc(&m, 1, FR, &want));
	/* 1024 + 256 frames, minus reserved 3+1+2+1+256 and 2, minus 2 bitmaps. */
	assert_int_equal(n, 1024 + 256 - (3 + 1 + 2 + 1 + 256) - 2 - 2);
	check_bitmaps(&m);
	check_untouched(mem, 2, &m);
	teardown(&m);
}

static void test_init_errors(void **state)
{
	struct boot_range one[] = { { 0x1000000, 1 << 20 } };
	struct boot_range overlap[] = { { 0x1000000, 1 << 20 }, { 0x10ff000, 0x2000 } };
	struct boot_range wrap[] = { { 0xfffffffffff00000ull, 0x100001 } };
	struct boot_range tiny[] = { { 0x1000000, 0x1000 } };
	struct boot_range many[FRAME_MAX_RANGES + 1];
	struct boot_rsv all[] = { { 0x1000000, 1 << 20, "all" } };
	static struct boot_rsv manyr[FRAME_MAX_RSV + 1];
	struct boot_rsv rwrap[] = { { 0xfffffffffffff000ull, 0x1001, "wrap" } };
	struct model m;
	unsigned int i;

	physmem_reset();
	assert_int_equal(frame_pool_init(&pool, one, 0, NULL, 0), -1);
	assert_int_equal(setup(&m, one, 1, all, 1), -1);
	teardown(&m);
	assert_int_equal(frame_pool_init(&pool, overlap, 2, NULL, 0), -1);
	assert_int_equal(frame_pool_init(&pool, wrap, 1, NULL, 0), -1);
	assert_int_equal(setup(&m, tiny, 1, NULL, 0), -1);	/* bitmap eats the only frame */
	teardown(&m);
	for (i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct boot_range){ 0x1000000 + (uint64_t)i * 0x100000, 0x100000 };
	physmem_reset();
	assert_int_equal(frame_pool_init(&pool, many, ARRAY_SIZE(many), NULL, 0), -1);
	for (i = 0; i < ARRAY_SIZE(manyr); i++)
		manyr[i] = (struct boot_rsv){ 0x1000000, 0x1000, "r" };
	assert_int_equal(frame_pool_init(&pool, one, 1, manyr, ARRAY_SIZE(manyr)), -1);
	assert_int_equal(frame_pool_init(&pool, one, 1, rwrap, 1), -1);
	/* None of these touched memory. */
	assert_int_equal(physmem_p2v_calls, 0);
	/* The maximum table sizes are accepted. */
	for (i = 0; i < FRAME_MAX_RANGES; i++)
		physmem_add(many[i].base, many[i].size, FILL_RAM);
	assert_int_equal(frame_pool_init(&pool, many, FRAME_MAX_RANGES, manyr, FRAME_MAX_RSV), 0);
	assert_int_equal(pool.nranges, FRAME_MAX_RANGES);
	assert_int_equal(frame_pool_free(&pool), FRAME_MAX_RANGES * 255 - 1);
	physmem_reset();
}

static void test_unsorted_ranges(void **state)
{
	struct boot_range mem[] = {
		{ 0x300000000ull, 1 << 20 }, { 0x100000000ull, 1 << 20 }, { 0x200000000ull, 1 << 20 },
	};
	struct model m;
	hpa_t pa;

	assert_int_equal(setup(&m, mem, 3, NULL, 0), 0);
	assert_int_equal(pool.range[0].base, 0x100000000ull);
	assert_int_equal(pool.range[1].base, 0x200000000ull);
	assert_int_equal(pool.range[2].base, 0x300000000ull);
	/* A run too big for the lowest range's remainder comes from the next. */
	assert_int_equal(frame_alloc(&pool, 255, FR, &pa), 0);
	assert_int_equal(pa.v >> 32, 1);
	assert_int_equal(frame_alloc(&pool, 2, FR, &pa), 0);
	assert_int_equal(pa.v >> 32, 2);
	assert_int_equal(frame_alloc(&pool, 256, FR, &pa), -1);	/* no range has 256 free */
	teardown(&m);
}

static void test_alignment(void **state)
{
	/* 16 MiB starting 1 MiB past a 2 MiB boundary. */
	struct boot_range mem[] = { { 0x40100000, 16 << 20 } };
	static const uint64_t bad_align[] = { 0, 1, 2048, 4095, 3 * 4096, 4096 + 1, ~0ull };
	struct model m;
	hpa_t pa, runs[8];
	unsigned int i;

	assert_int_equal(setup(&m, mem, 1, NULL, 0), 0);
	for (i = 0; i < ARRAY_SIZE(bad_align); i++)
		assert_int_equal(frame_alloc(&pool, 1, bad_align[i], &pa), -1);
	assert_int_equal(frame_alloc(&pool, 0, FR, &pa), -1);
	/* Seven 2 MiB-aligned 2 MiB runs fit between 0x40200000 and 0x41100000. */
	for (i = 0; i < 8; i++) {
		int r = frame_alloc(&pool, 512, 2 << 20, &runs[i]);

		if (i < 7) {
			assert_int_equal(r, 0);
			assert_int_equal(runs[i].v, 0x40200000 + (uint64_t)i * (2 << 20));
			assert_true(all_zero(runs[i].v, 2 << 20));
		} else {
			assert_int_equal(r, -1);
		}
	}
	/* Too strict an alignment for this memory. */
	assert_int_equal(frame_alloc(&pool, 1, 1ull << 30, &pa), -1);
	assert_int_equal(frame_alloc(&pool, 1, 1ull << 63, &pa), -1);
	/* Frames below the first aligned run are still there. */
	assert_int_equal(frame_alloc(&pool, 4, 16384, &pa), 0);
	assert_int_equal(pa.v % 16384, 0);
	assert_true(pa.v < 0x40200000);
	frame_free(&pool, pa, 4);
	for (i = 0; i < 7; i++)
		frame_free(&pool, runs[i], 512);
	assert_int_equal(frame_pool_free(&pool), 4096 - 1);
	teardown(&m);
}

static void test_address_zero_and_top(void **state)
{
	/* RAM at 0 (any alignment fits) and RAM ending at the last byte of 2^64. */
	struct boot_range mem[] = { { 0, 1 << 20 }, { 0xffffffffff000000ull, 16 << 20 } };
	struct model m;
	hpa_t pa, top;
	uint64_t want;

	assert_int_equal(setup(&m, mem, 2, NULL, 0), 0);
	assert_int_equal(pool.nranges, 2);
	assert_int_equal(pool.range[1].nframes, 4096);
	/* Both bitmaps sit in the first frame of their range. */
	assert_int_equal(frame_alloc(&pool, 1, 1ull << 63, &pa), -1);
	assert_int_equal(frame_alloc(&pool, 1, 1ull << 24, &pa), -1);
	assert_int_equal(frame_alloc(&pool, 2, 1ull << 20, &pa), 0);
	assert_true(model_alloc(&m, 2, 1ull << 20, &want));
	assert_int_equal(pa.v, want);
	assert_int_equal(pa.v, 0xffffffffff100000ull);
	/* The run up to the very last frame of the address space. */
	assert_int_equal(frame_alloc(&pool, 4096 - 258, FR, &top), 0);
	assert_true(model_alloc(&m, 4096 - 258, FR, &want));
	assert_int_equal(top.v, want);
	assert_int_equal(top.v, 0xffffffffff000000ull + 258 * FR);
	assert_int_equal(top.v + (4096ull - 258) * FR, 0);	/* ends exactly at 2^64 */
	/* The rest: 255 frames in each range. */
	assert_int_equal(frame_alloc(&pool, 255, FR, &pa), 0);
	assert_int_equal(pa.v, FR);
	assert_int_equal(frame_alloc(&pool, 255, FR, &pa), 0);
	assert_int_equal(pa.v, 0xffffffffff001000ull);
	assert_int_equal(frame_pool_free(&pool), 0);
	memset(physmem_ptr(0xfffffffffffff000ull), 0x33, FR);
	frame_free(&pool, top, 4096 - 258);
	assert_int_equal(frame_alloc(&pool, 4096 - 258, FR, &top), 0);
	assert_true(all_zero(0xfffffffffffff000ull, FR));
	teardown(&m);
}

static void test_free_bugs(void **state)
{
	struct boot_range mem[] = { { 0x40000000, 2 << 20 }, { 0x50000000, 1 << 20 } };
	struct boot_rsv rsv[] = { { 0x40100000, 0x1000, "image" } };
	struct model m;
	hpa_t a, b, bm;
	uint64_t before, snap[2][8];
	unsigned int bugs = host_fatal_count;

	assert_int_equal(setup(&m, mem, 2, rsv, 1), 0);
	assert_int_equal(frame_alloc(&pool, 4, FR, &a), 0);
	assert_int_equal(frame_alloc(&pool, 1, FR, &b), 0);
	bm = mm_virt_to_phys(pool.range[0].bitmap);
	before = frame_pool_free(&pool);
	memcpy(snap[0], pool.range[0].bitmap, sizeof(snap[0]));
	memcpy(snap[1], pool.range[1].bitmap, sizeof(snap[1]));

	assert_int_equal(b.v, a.v + 4 * FR);
	EXPECT_BUG(frame_free(&pool, hpa(b.v + FR), 1));	/* never allocated */
	EXPECT_BUG(frame_free(&pool, b, 2));			/* run reaches a free frame */
	EXPECT_BUG(frame_free(&pool, a, 6));
	EXPECT_BUG(frame_free(&pool, hpa(a.v + 1), 1));		/* unaligned */
	EXPECT_BUG(frame_free(&pool, a, 0));			/* empty */
	EXPECT_BUG(frame_free(&pool, hpa(0x40100000), 1));	/* reserved */
	EXPECT_BUG(frame_free(&pool, bm, 1));			/* the bitmap */
	EXPECT_BUG(frame_free(&pool, hpa(0x60000000), 1));	/* not RAM */
	EXPECT_BUG(frame_free(&pool, hpa(0x501ff000), 2));	/* past the range's end */
	EXPECT_BUG(frame_free(&pool, hpa(0x401ff000), 0x10000)); /* across ranges */
	EXPECT_BUG(frame_free(&pool, hpa(0xfffffffffffff000ull), 2));
	assert_int_equal(host_fatal_count, bugs + 11);
	assert_non_null(strstr(host_last_fatal, "BUG at"));

	/* Nothing changed, and the lock was released each time. */
	assert_int_equal(frame_pool_free(&pool), before);
	assert_memory_equal(snap[0], pool.range[0].bitmap, sizeof(snap[0]));
	assert_memory_equal(snap[1], pool.range[1].bitmap, sizeof(snap[1]));
	assert_int_equal(pool.lock.next, pool.lock.owner);

	/* Proper frees work; freeing again is a double free. */
	frame_free(&pool, a, 4);
	EXPECT_BUG(frame_free(&pool, a, 4));
	EXPECT_BUG(frame_free(&pool, hpa(a.v + 3 * FR), 1));
	frame_free(&pool, b, 1);
	EXPECT_BUG(frame_free(&pool, b, 1));
	assert_int_equal(frame_pool_free(&pool), before + 5);
	teardown(&m);
}

/* Many frames: bitmaps of several frames, word boundaries everywhere. */
static void test_large_range(void **state)
{
	/* 40000 frames: 625 words, 5000 bytes, 2 bitmap frames. */
	struct boot_range mem[] = { { 0x100000000ull, 40000ull * FR } };
	struct model m;
	hpa_t pa[64];
	uint64_t want, n = 0;
	unsigned int i;

	physmem_reset();
	physmem_add(mem[0].base, mem[0].size, 0);
	model_build(&m, mem, 1, NULL, 0);
	assert_int_equal(frame_pool_init(&pool, mem, 1, NULL, 0), 0);
	for (i = 0; i < 2; i++)
		m.r[0].st[(mm_virt_to_phys(pool.range[0].bitmap).v - mem[0].base) / FR + i] = F_BITMAP;
	assert_int_equal(frame_pool_free(&pool), 40000 - 2);
	/* Runs that straddle 64-frame words. */
	for (i = 0; i < 64; i++) {
		unsigned int count = 1 + (i * 37) % 130;

		assert_int_equal(frame_alloc(&pool, count, FR, &pa[i]), 0);
		assert_true(model_alloc(&m, count, FR, &want));
		assert_int_equal(pa[i].v, want);
		n += count;
	}
	check_bitmaps(&m);
	for (i = 0; i < 64; i += 2) {
		unsigned int count = 1 + (i * 37) % 130;

		frame_free(&pool, pa[i], count);
		memset(model_state(&m, pa[i].v / FR), F_USABLE, count);
	}
	check_bitmaps(&m);
	/* One run larger than any hole left. */
	assert_int_equal(frame_alloc(&pool, 30000, FR, &pa[0]), 0);
	assert_true(model_alloc(&m, 30000, FR, &want));
	assert_int_equal(pa[0].v, want);
	check_bitmaps(&m);
	teardown(&m);
}

/* Random alloc/free sequences against the model, several layouts. */
static uint64_t rng;

static uint64_t rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? rng % n : 0;
}

struct live {
	uint64_t pa;
	unsigned int count;
	uint8_t tag;
};

static void run_random(unsigned int seed, const struct boot_range *mem, unsigned int nmem,
		       const struct boot_rsv *rsv, unsigned int nrsv, unsigned int ops)
{
	static struct live live[4096];
	unsigned int nlive = 0, i, k;
	struct model m;
	uint64_t initial, snap_words = 0;
	uint64_t *snap[FRAME_MAX_RANGES];

	rng = 0x9e3779b97f4a7c15ull * (seed + 1);
	assert_int_equal(setup(&m, mem, nmem, rsv, nrsv), 0);
	initial = frame_pool_free(&pool);
	for (i = 0; i < pool.nranges; i++) {
		uint64_t w = (pool.range[i].nframes + 63) / 64;

		snap[i] = malloc(w * 8);
		memcpy(snap[i], pool.range[i].bitmap, w * 8);
		snap_words += w;
	}

	for (k = 0; k < ops; k++) {
		if (nlive < ARRAY_SIZE(live) && (nlive == 0 || rnd(100) < 55)) {
			unsigned int count = rnd(4) ? 1 + (unsigned int)rnd(4) : 1 + (unsigned int)rnd(80);
			uint64_t align = FR << (rnd(3) ? 0 : rnd(10)), want = 0;
			bool expect = model_alloc(&m, count, align, &want);
			hpa_t pa = hpa(0);
			int r = frame_alloc(&pool, count, align, &pa);

			assert_int_equal(r, expect ? 0 : -1);
			if (!expect)
				continue;
			assert_int_equal(pa.v, want);
			assert_int_equal(pa.v % align, 0);
			assert_true(all_zero(pa.v, (uint64_t)count * FR));
			live[nlive] = (struct live){ pa.v, count, (uint8_t)(1 + rnd(255)) };
			memset(physmem_ptr(pa.v), live[nlive].tag, (size_t)count * FR);
			nlive++;
		} else {
			unsigned int j = (unsigned int)rnd(nlive);
			struct live l = live[j];
			const uint8_t *p = physmem_ptr(l.pa);
			uint64_t b;

			/* Nobody else wrote into this run while it was ours. */
			for (b = 0; b < (uint64_t)l.count * FR; b += 61)
				assert_int_equal(p[b], l.tag);
			frame_free(&pool, hpa(l.pa), l.count);
			memset(model_state(&m, l.pa / FR), F_USABLE, l.count);
			live[j] = live[--nlive];
		}
		assert_int_equal(frame_pool_free(&pool), model_nfree(&m));
		if (k % 256 == 0)
			check_bitmaps(&m);
	}
	check_bitmaps(&m);
	/* Give everything back: the pool is as it started. */
	while (nlive) {
		nlive--;
		frame_free(&pool, hpa(live[nlive].pa), live[nlive].count);
		memset(model_state(&m, live[nlive].pa / FR), F_USABLE, live[nlive].count);
	}
	assert_int_equal(frame_pool_free(&pool), initial);
	for (i = 0; i < pool.nranges; i++) {
		assert_memory_equal(snap[i], pool.range[i].bitmap, (pool.range[i].nframes + 63) / 64 * 8);
		free(snap[i]);
	}
	check_bitmaps(&m);
	check_untouched(mem, nmem, &m);
	teardown(&m);
}

static void test_random_vs_model(void **state)
{
	static const struct boot_range mem1[] = { { 0x40000000, 8 << 20 } };
	static const struct boot_range mem3[] = {
		{ 0x88000800, (3 << 20) + 0x123 }, { 0x80000000, 2 << 20 }, { 0x90001000, 0x7f000 },
	};
	static const struct boot_rsv rsv3[] = {
		{ 0x80000000, 0x1000, "a" }, { 0x80081234, 0x9000, "b" },
		{ 0x88100000, 0x100000, "c" }, { 0x90001000, 0x10000, "d" },
	};
	unsigned int seed;

	for (seed = 0; seed < 24; seed++) {
		if (seed % 2)
			run_random(seed, mem1, 1, NULL, 0, 3000);
		else
			run_random(seed, mem3, 3, rsv3, 4, 3000);
	}
}

/*
 * frame_pool_init() alone over random layouts: unaligned RAM ranges, and
 * reserved ranges that overlap each other, straddle words and range ends,
 * lie outside RAM or are empty. setup() and check_bitmaps() compare every
 * bit, the bitmap placement and each range's free count with the per-frame
 * model (a frame counted once however many reserved ranges touch it).
 */
static void test_init_random(void **state)
{
	unsigned int round;

	rng = 0x5eed5eed12345ull;
	for (round = 0; round < 300; round++) {
		struct boot_range mem[4];
		struct boot_rsv rsv[24];
		unsigned int nmem = 1 + (unsigned int)rnd(4), nrsv = (unsigned int)rnd(25), i;
		struct model m;

		for (i = 0; i < nmem; i++) {
			/* Disjoint: one 64 MiB slot each, up to ~9 MiB inside it, any byte offset. */
			uint64_t base = 0x40000000ull + (uint64_t)i * (64ull << 20) + rnd(1ull << 20);

			mem[i] = (struct boot_range){ base, 1 + rnd(rnd(3) ? (8ull << 20) : (64ull << 10)) };
		}
		for (i = 0; i < nrsv; i++) {
			const struct boot_range *r = &mem[rnd(nmem)];
			uint64_t base = r->base + rnd(r->size + (2ull << 20)) - (rnd(4) ? 0 : rnd(1ull << 20));
			uint64_t size = rnd(5) ? rnd(rnd(2) ? 64 * FR : 3ull << 20) : rnd(300);

			if (i && rnd(3) == 0) {
				/* Overlap an earlier one. */
				const struct boot_rsv *o = &rsv[rnd(i)];

				base = o->base + (o->size ? rnd(o->size) : 0);
			}
			rsv[i] = (struct boot_rsv){ base, size, "random" };
		}
		if (setup(&m, mem, nmem, rsv, nrsv)) {
			/* Only when no range can hold its bitmap: nothing usable. */
			assert_int_equal(model_nfree(&m), 0);
			teardown(&m);
			continue;
		}
		check_bitmaps(&m);
		check_untouched(mem, nmem, &m);
		teardown(&m);
	}
}

/* Two threads allocating and freeing at once keep the pool consistent. */
static void *hammer(void *arg)
{
	uint64_t x = (uintptr_t)arg, pas[32] = { 0 };
	unsigned int counts[32] = { 0 }, i, k;

	for (k = 0; k < 20000; k++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		i = x % 32;
		if (counts[i]) {
			uint8_t *p = physmem_ptr(pas[i]);

			if (p[0] != (uint8_t)(uintptr_t)arg || p[counts[i] * FR - 1] != (uint8_t)(uintptr_t)arg)
				return (void *)1;
			frame_free(&pool, hpa(pas[i]), counts[i]);
			counts[i] = 0;
		} else {
			hpa_t pa;
			unsigned int c = 1 + (x >> 8) % 4;

			if (frame_alloc(&pool, c, FR, &pa) == 0) {
				uint8_t *p = physmem_ptr(pa.v);

				if (p[0] || p[c * FR - 1])
					return (void *)2;
				memset(p, (uint8_t)(uintptr_t)arg, c * FR);
				pas[i] = pa.v;
				counts[i] = c;
			}
		}
	}
	for (i = 0; i < 32; i++)
		if (counts[i])
			frame_free(&pool, hpa(pas[i]), counts[i]);
	return NULL;
}

static void test_threads(void **state)
{
	struct boot_range mem[] = { { 0x40000000, 1 << 20 } };	/* small: contention for frames */
	struct model m;
	pthread_t t[2];
	void *ret[2];
	uint64_t initial;

	assert_int_equal(setup(&m, mem, 1, NULL, 0), 0);
	initial = frame_pool_free(&pool);
	assert_int_equal(pthread_create(&t[0], NULL, hammer, (void *)(uintptr_t)0x11), 0);
	assert_int_equal(pthread_create(&t[1], NULL, hammer, (void *)(uintptr_t)0x22), 0);
	assert_int_equal(pthread_join(t[0], &ret[0]), 0);
	assert_int_equal(pthread_join(t[1], &ret[1]), 0);
	assert_null(ret[0]);
	assert_null(ret[1]);
	assert_int_equal(frame_pool_free(&pool), initial);
	check_bitmaps(&m);
	teardown(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_simple),
		cmocka_unit_test(test_partial_frames_dropped),
		cmocka_unit_test(test_reserved_excluded),
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_unsorted_ranges),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_address_zero_and_top),
		cmocka_unit_test(test_free_bugs),
		cmocka_unit_test(test_large_range),
		cmocka_unit_test(test_random_vs_model),
		cmocka_unit_test(test_init_random),
		cmocka_unit_test(test_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
