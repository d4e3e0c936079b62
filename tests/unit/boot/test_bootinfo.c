// SPDX-License-Identifier: MIT
/*
 * Unit tests for boot/bootinfo.c: boot_add_mem() keeps mem[] sorted and
 * rejects overlapping, wrapping, empty ranges and a full table; boot_add_rsv()
 * rejects wrapping ranges and a full table. Random sequences are checked
 * against a simple model (a list, sorted with qsort at the end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "boot/bootinfo.h"

static void test_mem_sorted(void **state)
{
	struct boot_info bi = { 0 };

	assert_int_equal(boot_add_mem(&bi, 0x80000000, 0x1000), 0);
	assert_int_equal(boot_add_mem(&bi, 0x1000, 0x1000), 0);
	assert_int_equal(boot_add_mem(&bi, 0x40000000, 0x40000000), 0);
	assert_int_equal(boot_add_mem(&bi, 0x100000000ull, 0x1000), 0);
	assert_int_equal(bi.nmem, 4);
	assert_int_equal(bi.mem[0].base, 0x1000);
	assert_int_equal(bi.mem[1].base, 0x40000000);
	assert_int_equal(bi.mem[1].size, 0x40000000);
	assert_int_equal(bi.mem[2].base, 0x80000000);
	assert_int_equal(bi.mem[3].base, 0x100000000ull);
}

static void test_mem_overlap_wrap(void **state)
{
	struct boot_info bi = { 0 };

	assert_int_equal(boot_add_mem(&bi, 0x10000, 0x10000), 0);
	/* Overlaps: inside, straddling either end, covering, identical. */
	assert_int_equal(boot_add_mem(&bi, 0x18000, 0x1000), -1);
	assert_int_equal(boot_add_mem(&bi, 0xf000, 0x2000), -1);
	assert_int_equal(boot_add_mem(&bi, 0x1f000, 0x2000), -1);
	assert_int_equal(boot_add_mem(&bi, 0x0, 0x100000), -1);
	assert_int_equal(boot_add_mem(&bi, 0x10000, 0x10000), -1);
	assert_int_equal(boot_add_mem(&bi, 0x1ffff, 1), -1);
	/* Adjacent on both sides is fine. */
	assert_int_equal(boot_add_mem(&bi, 0x20000, 0x1000), 0);
	assert_int_equal(boot_add_mem(&bi, 0xf000, 0x1000), 0);
	/* Empty and wrapping ranges. */
	assert_int_equal(boot_add_mem(&bi, 0x50000, 0), -1);
	assert_int_equal(boot_add_mem(&bi, 0xfffffffffffff000ull, 0x1001), -1);
	assert_int_equal(boot_add_mem(&bi, ~0ull, ~0ull), -1);
	/* Up to the last byte of the address space is fine. */
	assert_int_equal(boot_add_mem(&bi, 0xfffffffffffff000ull, 0x1000), 0);
	assert_int_equal(bi.nmem, 4);
	assert_int_equal(bi.mem[0].base, 0xf000);
	assert_int_equal(bi.mem[3].base, 0xfffffffffffff000ull);
	/* Rejections left the table alone. */
	assert_int_equal(bi.mem[1].base, 0x10000);
	assert_int_equal(bi.mem[1].size, 0x10000);
}

static void test_mem_full(void **state)
{
	struct boot_info bi = { 0 };
	unsigned int i;

	for (i = 0; i < BOOT_MAX_MEM; i++)
		assert_int_equal(boot_add_mem(&bi, (uint64_t)(BOOT_MAX_MEM - i) << 20, 0x1000), 0);
	assert_int_equal(boot_add_mem(&bi, 0x1000000000ull, 0x1000), -1);
	assert_int_equal(bi.nmem, BOOT_MAX_MEM);
	for (i = 0; i < BOOT_MAX_MEM; i++)
		assert_int_equal(bi.mem[i].base, (uint64_t)(i + 1) << 20);
}

static int cmp_range(const void *a, const void *b)
{
	const struct boot_range *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

/* Model: accept iff non-empty, not wrapping, no overlap with accepted, room left. */
static void test_mem_random_model(void **state)
{
	unsigned int seed;

	for (seed = 1; seed <= 200; seed++) {
		struct boot_info bi = { 0 };
		struct boot_range model[BOOT_MAX_MEM];
		unsigned int n = 0, i, k;
		uint64_t x = seed * 0x9e3779b97f4a7c15ull;

		for (k = 0; k < 100; k++) {
			uint64_t base, size;
			bool ok = true;

			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			base = (x % 64) << 12;
			size = ((x >> 8) % 8) << 12;
			if ((x >> 20) % 16 == 0)
				base = ~0ull - ((x >> 24) % 0x3000);
			if (!size || base + size - 1 < base || n == BOOT_MAX_MEM)
				ok = false;
			for (i = 0; ok && i < n; i++)
				if (base < model[i].base + model[i].size && model[i].base < base + size)
					ok = false;
			assert_int_equal(boot_add_mem(&bi, base, size), ok ? 0 : -1);
			if (ok)
				model[n++] = (struct boot_range){ base, size };
		}
		qsort(model, n, sizeof(model[0]), cmp_range);
		assert_int_equal(bi.nmem, n);
		for (i = 0; i < n; i++) {
			assert_int_equal(bi.mem[i].base, model[i].base);
			assert_int_equal(bi.mem[i].size, model[i].size);
		}
	}
}

static void test_rsv(void **state)
{
	struct boot_info bi = { 0 };
	unsigned int i;

	assert_int_equal(boot_add_rsv(&bi, 0xfffffffffffff000ull, 0x1001, "wrap"), -1);
	assert_int_equal(boot_add_rsv(&bi, 0xfffffffffffff000ull, 0x1000, "top"), 0);
	assert_int_equal(boot_add_rsv(&bi, 0x1000, 0x1000, "image"), 0);
	/* Reserved ranges may overlap each other and are kept in order given. */
	assert_int_equal(boot_add_rsv(&bi, 0x1800, 0x1000, "dtb"), 0);
	assert_int_equal(bi.nrsv, 3);
	assert_int_equal(bi.rsv[0].base, 0xfffffffffffff000ull);
	assert_string_equal(bi.rsv[2].what, "dtb");
	for (i = 3; i < BOOT_MAX_RSV; i++)
		assert_int_equal(boot_add_rsv(&bi, (uint64_t)i << 20, 0x1000, "x"), 0);
	assert_int_equal(boot_add_rsv(&bi, 0x1000000, 0x1000, "full"), -1);
	assert_int_equal(bi.nrsv, BOOT_MAX_RSV);
	assert_int_equal(bi.rsv[BOOT_MAX_RSV - 1].base, (uint64_t)(BOOT_MAX_RSV - 1) << 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_sorted),
		cmocka_unit_test(test_mem_overlap_wrap),
		cmocka_unit_test(test_mem_full),
		cmocka_unit_test(test_mem_random_model),
		cmocka_unit_test(test_rsv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
