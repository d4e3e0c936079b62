// SPDX-License-Identifier: MIT
/*
 * Checking helpers for the page-table tests (see pt_check.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "pt_check.h"
#include "arch/arm64/pt_s2.h"
#include "arch/x86/pt_npt.h"
#include "arch/x86/pt_ept.h"
#include "arch/s390/pt_dat.h"
#include "fake_fmt.h"

static void ctx_arm64(const struct pt *pt, struct ref_ctx *c, unsigned feat)
{
	c->reg = arm64_s2_vttbr(pt);
	c->reg2 = arm64_s2_vtcr(pt, 48);
	c->feat = feat;
}

static void ctx_root(const struct pt *pt, struct ref_ctx *c, unsigned feat)
{
	c->reg = pt_root_reg(pt);
	c->reg2 = 0;
	c->feat = feat;
}

#define GB (1ull << 30)
#define MB (1ull << 20)

const struct tcase tcases[] = {
	{ "arm64-40", &pt_fmt_arm64_s2, &ref_arm64, 40, 0, 0, 0x4000000000ull - 4 * GB, 4 * GB, GB, ctx_arm64 },
	{ "arm64-32", &pt_fmt_arm64_s2, &ref_arm64, 32, 0, 0, 0, 4 * GB, 2 * MB, ctx_arm64 },
	{ "arm64-48-dbm", &pt_fmt_arm64_s2, &ref_arm64, 48, PT_CFG_HWDIRTY, REF_F_HWDIRTY, 0x7fff00000000ull, 4 * GB, GB, ctx_arm64 },
	{ "arm64-44-nohuge", &pt_fmt_arm64_s2, &ref_arm64, 44, PT_CFG_NO_HUGE, 0, 0x80000000000ull, 64 * MB, 4096, ctx_arm64 },
	{ "npt", &pt_fmt_npt, &ref_npt, 48, 0, REF_F_HWDIRTY, 0x123400000000ull, 4 * GB, GB, ctx_root },
	{ "npt-hwdirty", &pt_fmt_npt, &ref_npt, 48, PT_CFG_HWDIRTY, REF_F_HWDIRTY, 0x40000000ull, 4 * GB, GB, ctx_root },
	{ "ept", &pt_fmt_ept, &ref_ept, 48, 0, 0, 0x800000000000ull - 4 * GB, 4 * GB, GB, ctx_root },
	{ "ept-ad", &pt_fmt_ept, &ref_ept, 48, PT_CFG_HWDIRTY, REF_F_HWDIRTY, 0x100000000ull, 4 * GB, GB, ctx_root },
	{ "s390-64", &pt_fmt_s390_dat, &ref_s390, 64, 0, 0, 0x8123456700000000ull, 64 * MB, 4096, ctx_root },
	{ "s390-edat1-42", &pt_fmt_s390_dat, &ref_s390, 42, PT_CFG_EDAT1, REF_F_EDAT1, 0x20000000000ull, 512 * MB, MB, ctx_root },
	{ "s390-31", &pt_fmt_s390_dat, &ref_s390, 31, PT_CFG_EDAT1, REF_F_EDAT1, 0x40000000ull, 64 * MB, MB, ctx_root },
	{ "fake", &pt_fmt_fake, &ref_fake, 48, 0, 0, 0x555500000000ull, 4 * GB, GB, ctx_root },
};
const unsigned ntcases = sizeof(tcases) / sizeof(tcases[0]);

const struct tcase *tcase_find(const char *name)
{
	for (unsigned i = 0; i < ntcases; i++)
		if (!strcmp(tcases[i].name, name))
			return &tcases[i];
	fail_msg("no test case %s", name);
	return NULL;
}

bool tc_wanted(const struct tcase *tc)
{
	const char *only = getenv("PT_ONLY");

	return !only || strstr(tc->name, only);
}

struct CMUnitTest tc_unit_test(const char *fn_name, CMUnitTestFunction fn, CMFixtureFunction setup,
			       CMFixtureFunction teardown, const struct tcase *tc)
{
	char *nm = malloc(80);	/* lives as long as the test run */

	assert_non_null(nm);
	snprintf(nm, 80, "%s/%s", fn_name, tc->name);
	return (struct CMUnitTest){ nm, fn, setup, teardown, (void *)tc };
}

void tc_ctx(const struct tcase *tc, const struct pt *pt, struct ref_ctx *c)
{
	tc->ctx(pt, c, tc->feat);
}

struct dump_arg {
	struct model *m;
	unsigned keep;
	uint64_t prev_end;
	bool first;
};

static void dump_leaf(void *arg, const struct ref_leaf *l)
{
	struct dump_arg *d = arg;

	if (!d->first && l->va < d->prev_end)
		fail_msg("reference dump not in address order at %#llx", (unsigned long long)l->va);
	d->first = false;
	d->prev_end = l->va + l->size;
	model_append(d->m, l->va, l->size, l->pa, l->prot & d->keep);
}

long tc_dump(const struct tcase *tc, const struct pt *pt, struct model *out, unsigned keep)
{
	struct ref_ctx c;
	struct dump_arg d = { out, keep, 0, true };
	const char *why = NULL;
	long n;

	tc_ctx(tc, pt, &c);
	out->n = 0;
	n = tc->ref->dump(&c, dump_leaf, &d, &why);
	if (n < 0)
		fail_msg("%s: reference walker rejects the tables: %s", tc->name, why ? why : "?");
	return n;
}

void tc_check(const struct tcase *tc, const struct pt *pt, const struct model *m, unsigned keep)
{
	struct model got;
	char msg[512];
	long n;

	model_init(&got);
	n = tc_dump(tc, pt, &got, keep);
	if (!model_equal(m, &got, msg, sizeof(msg))) {
		model_fini(&got);
		fail_msg("%s: tables differ from the model: %s", tc->name, msg);
	}
	model_fini(&got);
	if ((uint64_t)n != pt->ntables)
		fail_msg("%s: reference walker reaches %ld tables, engine counts %llu", tc->name, n,
			 (unsigned long long)pt->ntables);
}

struct ival {
	uint64_t lo, hi;	/* [lo, hi] */
};

static int ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static size_t ival_merge(struct ival *v, size_t n)
{
	size_t o = 0;

	qsort(v, n, sizeof(*v), ival_cmp);
	for (size_t i = 0; i < n; i++) {
		if (o && v[i].lo <= v[o - 1].hi + 1 && v[o - 1].hi != UINT64_MAX) {
			if (v[i].hi > v[o - 1].hi)
				v[o - 1].hi = v[i].hi;
		} else if (o && v[o - 1].hi == UINT64_MAX) {
			continue;
		} else {
			v[o++] = v[i];
		}
	}
	return o;
}

static bool covered(const struct ival *v, size_t n, uint64_t lo, uint64_t hi)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].lo <= lo && hi <= v[i].hi)
			return true;
	return false;
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void tc_check_tlb(const struct tcase *tc, const struct model *before, const struct model *after,
		  uint64_t lo, uint64_t hi)
{
	size_t nb = 0, nf = 0, nbound = 0;
	struct ival *brk = calloc(env.nev + 1, sizeof(*brk)), *all = calloc(env.nev + 1, sizeof(*all));
	uint64_t *bound = calloc(2 * (before->n + after->n) + 2, sizeof(*bound));
	bool flush_all = false;

	assert_non_null(brk);
	assert_non_null(all);
	assert_non_null(bound);
	for (size_t i = 0; i < env.nev; i++) {
		const struct tlb_ev *e = &env.ev[i];

		if (e->type == TLB_EV_FLUSH_ALL) {
			flush_all = true;
			continue;
		}
		if (e->type == TLB_EV_FLUSH) {
			if (tc->fmt->bbm == PT_BBM_ALWAYS)
				fail_msg("%s: range flush in a format that breaks every change", tc->name);
			if (e->addr < lo || e->addr + (e->size - 1) > hi)
				fail_msg("%s: flush [%#llx, +%#llx) outside [%#llx, %#llx]", tc->name,
					 (unsigned long long)e->addr, (unsigned long long)e->size,
					 (unsigned long long)lo, (unsigned long long)hi);
		} else {
			brk[nb++] = (struct ival){ e->addr, e->addr + (e->size - 1) };
		}
		all[nf++] = (struct ival){ e->addr, e->addr + (e->size - 1) };
	}
	nb = ival_merge(brk, nb);
	nf = ival_merge(all, nf);

	for (size_t i = 0; i < before->n; i++) {
		bound[nbound++] = before->r[i].va;
		bound[nbound++] = before->r[i].va + before->r[i].len;
	}
	for (size_t i = 0; i < after->n; i++) {
		bound[nbound++] = after->r[i].va;
		bound[nbound++] = after->r[i].va + after->r[i].len;
	}
	qsort(bound, nbound, sizeof(*bound), u64_cmp);
	for (size_t i = 0; i + 1 < nbound; i++) {
		uint64_t s = bound[i], e = bound[i + 1] - 1, bpa, apa;
		unsigned bp, ap;
		bool bm, am;

		if (bound[i + 1] == s)
			continue;
		bm = model_lookup(before, s, &bpa, &bp);
		am = model_lookup(after, s, &apa, &ap);
		if (!bm)
			continue;
		bool moved = am && (apa != bpa || ((ap ^ bp) & PT_DEV));
		bool need = !am || moved || (bp & ~ap & (PT_R | PT_W | PT_X | PT_DIRTY));

		if (!need)
			continue;
		if ((moved && tc->fmt->bbm != PT_BBM_NEVER) || tc->fmt->bbm == PT_BBM_ALWAYS) {
			if (!covered(brk, nb, s, e))
				fail_msg("%s: [%#llx, %#llx] changed without break-before-make", tc->name,
					 (unsigned long long)s, (unsigned long long)e);
		} else if (!flush_all && !covered(all, nf, s, e)) {
			fail_msg("%s: [%#llx, %#llx] lost its translation without TLB invalidation",
				 tc->name, (unsigned long long)s, (unsigned long long)e);
		}
	}
	free(brk);
	free(all);
	free(bound);
}

uint64_t rnd_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}
