// SPDX-License-Identifier: MIT
/*
 * Reference DAT walker for s390, written from the z/Architecture Principles
 * of Operation, chapter 3: "Address-Space-Control Element" (origin, DT, TL),
 * "Translation Process" (ASCE-type exception when the address exceeds the
 * designated table type, region/segment-table length checks against TF/TL,
 * table-type (TT) checks as translation-specification exceptions), "Region-
 * and Segment-Table Entries", "Page-Table Entries" (bit 52 must be zero),
 * "Enhanced DAT" (EDAT-1: segment FC=1 frames and DAT protection in segment
 * and region entries). Bit numbers below are the PoP's, bit 0 = MSB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "mm/pt.h"
#include "ref.h"

/* PoP bit b of a 64-bit value (bit 0 is the most significant). */
static inline uint64_t popbit(uint64_t v, unsigned b)
{
	return (v >> (63 - b)) & 1;
}

/* PoP bits [from, to] of v. */
static inline uint64_t popbits(uint64_t v, unsigned from, unsigned to)
{
	return (v >> (63 - to)) & ((1ull << (to - from + 1)) - 1);
}

/* Index of the address for table type t: 3 = RFX, 2 = RSX, 1 = RTX, 0 = SX, -1 = PX. */
static uint64_t dat_index(uint64_t a, int t)
{
	switch (t) {
	case 3: return popbits(a, 0, 10);
	case 2: return popbits(a, 11, 21);
	case 1: return popbits(a, 22, 32);
	case 0: return popbits(a, 33, 43);
	default: return popbits(a, 44, 51);
	}
}

struct s390walk {
	uint64_t pa, size;
	bool prot;
};

/* Walk; on REF_OK fills w. */
static enum ref_status s390_walk(const struct ref_ctx *c, uint64_t a, struct s390walk *w, const char **why)
{
	uint64_t asce = c->reg, origin = asce & ~0xfffull;
	int dt = (int)popbits(asce, 60, 61), tl = (int)popbits(asce, 62, 63), tf = 0;
	bool edat1 = c->feat & REF_F_EDAT1, prot = false;

	/* Address bits above the designated table's reach: ASCE-type exception. */
	if ((dt == 2 && popbits(a, 0, 10)) || (dt == 1 && popbits(a, 0, 21)) ||
	    (dt == 0 && popbits(a, 0, 32))) {
		*why = "ASCE-type exception";
		return REF_FAULT;
	}
	for (int t = dt; t >= 0; t--) {
		uint64_t idx = dat_index(a, t);
		uint64_t e;

		/* The first two index bits are checked against the table's offset and length. */
		if ((int)(idx >> 9) < tf || (int)(idx >> 9) > tl) {
			*why = "region/segment-translation exception (length)";
			return REF_FAULT;
		}
		e = ref_read64(origin + idx * 8);
		if (popbit(e, 58)) {
			*why = "entry invalid";
			return REF_FAULT;
		}
		if ((int)popbits(e, 60, 61) != t) {
			*why = "table type mismatch (translation-specification exception)";
			return REF_BAD;
		}
		if (edat1 && popbit(e, 54))
			prot = true;
		if (t > 0) {
			if (popbit(e, 53)) {
				*why = "region FC needs EDAT-2";
				return REF_BAD;
			}
			origin = e & ~0xfffull;
			tf = (int)popbits(e, 56, 57);
			tl = (int)popbits(e, 62, 63);
			continue;
		}
		/* Segment-table entry. */
		if (popbit(e, 53)) {
			if (!edat1) {
				*why = "segment FC=1 without EDAT-1";
				return REF_BAD;
			}
			w->pa = e & ~0xfffffull;
			w->size = 1ull << 20;
			w->prot = prot;
			return REF_OK;
		}
		origin = e & ~0x7ffull;
		uint64_t pte = ref_read64(origin + dat_index(a, -1) * 8);

		if (popbit(pte, 53)) {
			*why = "page invalid";
			return REF_FAULT;
		}
		if (popbit(pte, 52) || popbit(pte, 55)) {
			*why = "page-table entry bit 52/55 set (translation-specification exception)";
			return REF_BAD;
		}
		w->pa = pte & ~0xfffull;
		w->size = 4096;
		w->prot = prot || popbit(pte, 54);
		return REF_OK;
	}
	*why = "walk did not end";
	return REF_BAD;
}

static enum ref_status s390_translate(const struct ref_ctx *c, uint64_t ia, struct ref_res *r)
{
	struct s390walk w;
	enum ref_status st = s390_walk(c, ia, &w, &r->why);

	if (st)
		return st;
	r->size = w.size;
	r->pa = w.pa + (ia & (w.size - 1));
	r->prot = PT_R | (w.prot ? 0 : PT_W);
	return REF_OK;
}

static enum ref_status s390_access(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r)
{
	enum ref_status st = s390_translate(c, ia, r);

	if (st)
		return st;
	return ((acc & PT_W) && !(r->prot & PT_W)) ? REF_PERM : REF_OK;
}

struct s390dump {
	const struct ref_ctx *c;
	ref_leaf_fn fn;
	void *arg;
	const char **why;
	long tables;
	uint64_t limit;		/* addresses the ASCE can reach, minus one */
};

/*
 * Enumerate by walking the tables top-down; every leaf found is re-checked
 * with s390_walk (which applies the architectural checks) before reporting.
 */
static int s390_dump_table(struct s390dump *s, uint64_t origin, int t, uint64_t base)
{
	unsigned shift = t >= 0 ? 20 + 11 * (unsigned)t : 12;
	unsigned n = t >= 0 ? 2048 : 256;

	s->tables++;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t e = ref_read64(origin + i * 8), va = base + (i << shift);
		struct s390walk w;
		struct ref_leaf l;

		if (va > s->limit || (i && va == 0))
			break;
		if (t >= 0 ? popbit(e, 58) : popbit(e, 53))
			continue;
		if (t > 0) {
			if (s390_dump_table(s, e & ~0xfffull, t - 1, va))
				return -1;
			continue;
		}
		if (t == 0 && !popbit(e, 53)) {
			if (s390_dump_table(s, e & ~0x7ffull, -1, va))
				return -1;
			continue;
		}
		if (s390_walk(s->c, va, &w, s->why) != REF_OK)
			return -1;
		l.va = va;
		l.size = w.size;
		l.pa = w.pa;
		l.prot = PT_R | (w.prot ? 0 : PT_W);
		s->fn(s->arg, &l);
	}
	return 0;
}

static long s390_dump(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why)
{
	int dt = (int)popbits(c->reg, 60, 61);
	struct s390dump s = { c, fn, arg, why, 0, 0 };
	unsigned reach = 31 + 11 * (unsigned)dt;

	s.limit = reach >= 64 ? UINT64_MAX : (1ull << reach) - 1;
	if (s390_dump_table(&s, c->reg & ~0xfffull, dt, 0))
		return -1;
	return s.tables;
}

const struct ref_fmt ref_s390 = {
	.name = "s390-dat",
	.translate = s390_translate,
	.access = s390_access,
	.dump = s390_dump,
};
