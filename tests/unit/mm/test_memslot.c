// SPDX-License-Identifier: MIT
/*
 * Host tests of the memslot table (mm/memslot.c): randomized inserts,
 * removals and look-ups with fixed seeds against a reference list searched
 * linearly; every hostile argument refused with the exact error and the
 * table left byte-for-byte unchanged; memslot_map() checked through the
 * independent reference walker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "physmem.h"
#include "host_stubs.h"
#include "mm/memslot.h"
#include "mm/dirty.h"
#include "pt_check.h"

struct rslot {
	uint64_t base, n, hpa;
	unsigned flags;
	struct memslot *got;
};

struct ref {
	struct rslot s[MEMSLOT_MAX];
	unsigned n;
};

static uint64_t seed;

static uint64_t rnd(uint64_t n)
{
	return n ? rnd_next(&seed) % n : 0;
}

/* The rules of memslot_check(), written out independently. */
static int ref_check(const struct ref *r, uint64_t base, uint64_t n, uint64_t hpa, unsigned flags)
{
	const unsigned __int128 lim = (unsigned __int128)1 << 52;

	if (n == 0 || (unsigned __int128)base + n > lim)
		return -MEMSLOT_EINVAL;
	if (hpa % 4096 || (unsigned __int128)hpa + ((unsigned __int128)n << 12) > ((unsigned __int128)1 << 64))
		return -MEMSLOT_EINVAL;
	if (flags & ~MEMSLOT_READONLY)
		return -MEMSLOT_EINVAL;
	if (r->n == MEMSLOT_MAX)
		return -MEMSLOT_ENOSPC;
	for (unsigned i = 0; i < r->n; i++)
		if (base < r->s[i].base + r->s[i].n && r->s[i].base < base + n)
			return -MEMSLOT_EEXIST;
	return 0;
}

static const struct rslot *ref_find(const struct ref *r, uint64_t gfn)
{
	for (unsigned i = 0; i < r->n; i++)
		if (gfn >= r->s[i].base && gfn - r->s[i].base < r->s[i].n)
			return &r->s[i];
	return NULL;
}

static void check_find(const struct memslots *ms, const struct ref *r, uint64_t gfn)
{
	const struct rslot *x = ref_find(r, gfn);
	struct memslot *s = memslot_find(ms, gfn);

	if (!x) {
		if (s)
			fail_msg("gfn %#llx: found a slot at %#llx, the reference has none",
				 (unsigned long long)gfn, (unsigned long long)s->base_gfn);
		return;
	}
	assert_ptr_equal(s, x->got);
	assert_int_equal(s->base_gfn, x->base);
	assert_int_equal(s->npages, x->n);
	assert_int_equal(s->hpa.v, x->hpa);
	assert_int_equal(s->flags, x->flags);
	assert_true(memslot_has(s, gfn));
	assert_int_equal(memslot_gfn_to_hpa(s, gfn).v, x->hpa + ((gfn - x->base) << 12));
	assert_ptr_equal(memslot_find_gpa(ms, gpa((gfn << 12) | 0xabc)), s);
}

static void check_table(const struct memslots *ms, const struct ref *r)
{
	assert_int_equal(ms->n, r->n);
	for (unsigned i = 1; i < ms->n; i++)
		assert_true(memslot_nth(ms, i - 1)->base_gfn + memslot_nth(ms, i - 1)->npages <=
			    memslot_nth(ms, i)->base_gfn);
	for (unsigned i = 0; i < r->n; i++) {
		const struct rslot *x = &r->s[i];

		check_find(ms, r, x->base);
		check_find(ms, r, x->base + x->n - 1);
		if (x->base)
			check_find(ms, r, x->base - 1);
		check_find(ms, r, x->base + x->n);
		check_find(ms, r, x->base + rnd(x->n));
	}
	for (unsigned k = 0; k < 32; k++)
		check_find(ms, r, rnd(1 << 14));
}

static void pick(uint64_t *base, uint64_t *n, uint64_t *hpa, unsigned *flags)
{
	static const uint64_t lim = 1ull << 52;

	*base = rnd(1 << 14);
	*n = 1 + rnd(rnd(4) ? 64 : 2048);
	*hpa = rnd(1ull << 40) << 12;
	*flags = rnd(3) ? 0 : MEMSLOT_READONLY;
	switch (rnd(24)) {
	case 0: *n = 0; break;
	case 1: *base = lim - rnd(4); break;
	case 2: *n = lim - *base + rnd(2); break;
	case 3: *hpa |= 1 + rnd(4095); break;
	case 4: *hpa = (0ull - (*n << 12)) + (rnd(2) << 12); break;
	case 5: *flags |= MEMSLOT_DIRTY_LOG; break;
	case 6: *flags = 1u << (2 + rnd(30)); break;
	case 7: *n = ~0ull - rnd(3); break;
	default: break;
	}
}

static void test_random(void **state)
{
	static const uint64_t seeds[] = { 0x51075ull, 0xabcdef12345ull, 0x1ull << 40 | 3 };

	for (unsigned si = 0; si < ARRAY_SIZE(seeds); si++) {
		struct memslots ms, copy;
		struct ref r = { .n = 0 };
		unsigned ok = 0, refused = 0, removed = 0;

		seed = seeds[si];
		memslots_init(&ms);
		for (unsigned step = 0; step < 4000; step++) {
			if (rnd(10) < 7 || r.n == 0) {
				uint64_t base, n, pa;
				unsigned flags;
				struct memslot *s = (void *)&copy;
				int exp, got;

				pick(&base, &n, &pa, &flags);
				exp = ref_check(&r, base, n, pa, flags);
				assert_int_equal(memslot_check(&ms, base, n, hpa(pa), flags), exp);
				memcpy(&copy, &ms, sizeof(ms));
				got = memslot_insert(&ms, base, n, hpa(pa), flags, &s);
				assert_int_equal(got, exp);
				if (got) {
					/* Validate first: a refused insert changed nothing. */
					assert_memory_equal(&copy, &ms, sizeof(ms));
					assert_ptr_equal(s, (void *)&copy);
					refused++;
				} else {
					r.s[r.n++] = (struct rslot){ base, n, pa, flags, s };
					ok++;
				}
			} else {
				unsigned k = (unsigned)rnd(r.n);

				assert_int_equal(memslot_remove(&ms, r.s[k].got), 0);
				assert_int_equal(memslot_remove(&ms, r.s[k].got), -MEMSLOT_ENOENT);
				r.s[k] = r.s[--r.n];
				removed++;
			}
			check_table(&ms, &r);
		}
		print_message("seed %#llx: %u inserted, %u refused, %u removed\n", (unsigned long long)seeds[si],
			      ok, refused, removed);
	}
}

static void test_hostile(void **state)
{
	struct memslots ms, other, copy;
	struct memslot *s, *a = NULL, *o = NULL;

	memslots_init(&ms);
	memslots_init(&other);
	assert_int_equal(memslot_insert(&ms, 0x100, 0x10, hpa(0x10000), 0, &a), 0);
	assert_int_equal(memslot_insert(&other, 0x100, 0x10, hpa(0x10000), 0, &o), 0);
	memcpy(&copy, &ms, sizeof(ms));

	/* Overlap at each edge, containment, and touching neighbours. */
	assert_int_equal(memslot_insert(&ms, 0xff, 2, hpa(0), 0, NULL), -MEMSLOT_EEXIST);
	assert_int_equal(memslot_insert(&ms, 0x10f, 1, hpa(0), 0, NULL), -MEMSLOT_EEXIST);
	assert_int_equal(memslot_insert(&ms, 0x0, 0x1000, hpa(0), 0, NULL), -MEMSLOT_EEXIST);
	assert_int_equal(memslot_insert(&ms, 0x104, 1, hpa(0), 0, NULL), -MEMSLOT_EEXIST);
	/* Sizes and addresses that wrap, misalign or exceed the gfn space. */
	assert_int_equal(memslot_insert(&ms, 0x200, 0, hpa(0), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, MEMSLOT_GFN_LIMIT, 1, hpa(0), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, MEMSLOT_GFN_LIMIT - 1, 2, hpa(0), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, 0x200, ~0ull, hpa(0), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, 0x200, 1, hpa(0x10008), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, 0x200, 2, hpa(0xfffffffffffff000ull), 0, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, 0x200, 1, hpa(0), MEMSLOT_DIRTY_LOG, NULL), -MEMSLOT_EINVAL);
	assert_int_equal(memslot_insert(&ms, 0x200, 1, hpa(0), 0x80000000u, NULL), -MEMSLOT_EINVAL);
	assert_memory_equal(&copy, &ms, sizeof(ms));
	/* The last page of the gfn space and the last host frame are fine. */
	assert_int_equal(memslot_insert(&ms, MEMSLOT_GFN_LIMIT - 1, 1, hpa(0xfffffffffffff000ull), 0, &s), 0);
	assert_ptr_equal(memslot_find(&ms, MEMSLOT_GFN_LIMIT - 1), s);
	assert_null(memslot_find(&ms, MEMSLOT_GFN_LIMIT));
	assert_null(memslot_find(&ms, ~0ull));
	assert_int_equal(memslot_insert(&ms, 0x110, 1, hpa(0), 0, NULL), 0);	/* touching */
	assert_int_equal(memslot_insert(&ms, 0xff, 1, hpa(0), 0, NULL), 0);	/* touching */

	/* Removal: foreign, NULL, logging. */
	memcpy(&copy, &ms, sizeof(ms));
	assert_int_equal(memslot_remove(&ms, o), -MEMSLOT_ENOENT);
	assert_int_equal(memslot_remove(&ms, NULL), -MEMSLOT_ENOENT);
	a->flags |= MEMSLOT_DIRTY_LOG;
	memcpy(&copy, &ms, sizeof(ms));
	assert_int_equal(memslot_remove(&ms, a), -MEMSLOT_EBUSY);
	assert_memory_equal(&copy, &ms, sizeof(ms));
	a->flags &= ~MEMSLOT_DIRTY_LOG;
	assert_int_equal(memslot_remove(&ms, a), 0);
	assert_null(memslot_find(&ms, 0x100));
	assert_int_equal(memslot_remove(&ms, a), -MEMSLOT_ENOENT);

	/* Full table. */
	memslots_init(&ms);
	for (unsigned i = 0; i < MEMSLOT_MAX; i++)
		assert_int_equal(memslot_insert(&ms, (uint64_t)(MEMSLOT_MAX - i) * 16, 8, hpa(0), 0, NULL), 0);
	memcpy(&copy, &ms, sizeof(ms));
	assert_int_equal(memslot_check(&ms, 0x100000, 1, hpa(0), 0), -MEMSLOT_ENOSPC);
	assert_int_equal(memslot_insert(&ms, 0x100000, 1, hpa(0), 0, NULL), -MEMSLOT_ENOSPC);
	assert_memory_equal(&copy, &ms, sizeof(ms));
	for (unsigned i = 0; i < MEMSLOT_MAX; i++) {
		s = memslot_nth(&ms, i);
		assert_int_equal(s->base_gfn, (uint64_t)(i + 1) * 16);
		assert_ptr_equal(memslot_find(&ms, s->base_gfn + 7), s);
		assert_null(memslot_find(&ms, s->base_gfn + 8));
	}
}

/* memslot_map() through the reference walker: largest leaves, RWX or RX. */
static void test_map(void **state)
{
	const struct tcase *tc = tcase_find("arm64-40");
	struct memslots ms;
	struct memslot *a, *b;
	struct pt pt;
	struct pt_cache c = { 0 };
	struct pt_need need;
	struct model m;
	uint64_t base = tc->win_base;

	env_setup(32ull << 20);
	model_init(&m);
	assert_int_equal(pt_create(&pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	memslots_init(&ms);
	assert_int_equal(memslot_insert(&ms, base >> 12, 1024 + 3, hpa(0x40000000), 0, &a), 0);
	assert_int_equal(memslot_insert(&ms, (base >> 12) + 2048, 16, hpa(0x7000), MEMSLOT_READONLY, &b), 0);
	pt_need_map(&pt, memslot_gpa(a), a->hpa, memslot_bytes(a), &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(memslot_map(&pt, &c, a), 0);
	pt_need_map(&pt, memslot_gpa(b), b->hpa, memslot_bytes(b), &need);
	assert_int_equal(pt_cache_topup(&c, &env.alloc, &need), 0);
	assert_int_equal(memslot_map(&pt, &c, b), 0);
	model_map(&m, base, (1024 + 3) << 12, 0x40000000, PT_R | PT_W | PT_X);
	model_map(&m, base + (2048 << 12), 16 << 12, 0x7000, PT_R | PT_X);
	tc_check(tc, &pt, &m, PT_R | PT_W | PT_X | PT_DEV);
	/* Two 2 MiB blocks and three pages for the first slot. */
	assert_int_equal(pt.ntables, 4);
	pt_destroy(&pt);
	pt_cache_drain(&c, &env.alloc);
	model_fini(&m);
	env_teardown(true);
}

static int teardown(void **state)
{
	physmem_reset();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_random, teardown),
		cmocka_unit_test_teardown(test_hostile, teardown),
		cmocka_unit_test_teardown(test_map, teardown),
	};

	return cmocka_run_group_tests_name("memslot", tests, NULL, NULL);
}
