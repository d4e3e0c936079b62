// SPDX-License-Identifier: MIT
/*
 * Reference stage-2 walker, arm64, 4 KiB granule, written from the Arm ARM:
 * D8.2 (translation table walk, VTCR_EL2.T0SZ/SL0, concatenated initial
 * tables), D8.3 (descriptor formats), D8.4 (stage-2 attributes, S2AP, XN),
 * D8.5 (hardware dirty state with DBM when VTCR_EL2.HD = 1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "physmem.h"
#include "mm/pt.h"
#include "ref.h"

uint64_t ref_read64(uint64_t pa)
{
	uint8_t *p = physmem_ptr(pa);

	if (!p || !physmem_contains(pa, 8))
		fail_msg("reference walker: table read at 0x%llx outside memory", (unsigned long long)pa);
	return *(uint64_t *)p;
}

bool ref_cas64(uint64_t pa, uint64_t old, uint64_t new)
{
	uint64_t *p = (uint64_t *)physmem_ptr(pa);

	return __atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#define OA(d)	((d) & 0x0000fffffffff000ull)

struct a64cfg {
	unsigned ia, start, root_bits;
	uint64_t root;
	bool hd;
};

static enum ref_status a64_cfg(const struct ref_ctx *c, struct a64cfg *g, const char **why)
{
	uint64_t vtcr = c->reg2, t0sz = vtcr & 0x3f, sl0 = (vtcr >> 6) & 3, tg0 = (vtcr >> 14) & 3;
	unsigned ntables;

	*why = NULL;
	if (tg0 != 0) {
		*why = "VTCR_EL2.TG0 is not 4 KiB";
		return REF_BAD;
	}
	if (sl0 == 3) {
		*why = "VTCR_EL2.SL0 reserved";
		return REF_BAD;
	}
	g->ia = 64 - (unsigned)t0sz;
	g->start = 2 - (unsigned)sl0;
	if (g->ia > 48 || g->ia < 16) {
		*why = "T0SZ out of range";
		return REF_BAD;
	}
	/* Index bits resolved at the initial level: ia - (12 + 9 * (3 - start)). */
	int bits = (int)g->ia - (12 + 9 * (3 - (int)g->start));
	if (bits < 1) {
		*why = "SL0 starts below the input size";
		return REF_BAD;
	}
	g->root_bits = (unsigned)bits;
	ntables = bits > 9 ? 1u << (bits - 9) : 1;
	if (ntables > 16 || (g->start == 0 && ntables > 1)) {
		*why = "inconsistent T0SZ/SL0 (too many concatenated tables)";
		return REF_BAD;
	}
	g->root = c->reg & 0x0000fffffffffffeull;
	if (g->root & ((ntables * 4096ull) - 1)) {
		*why = "VTTBR BADDR not aligned to the concatenated root";
		return REF_BAD;
	}
	g->hd = (vtcr >> 22) & 1;
	return REF_OK;
}

/* Decode a leaf's attributes; REF_BAD for reserved encodings. */
static enum ref_status a64_leaf(const struct a64cfg *g, uint64_t d, unsigned *prot, const char **why)
{
	unsigned memattr = (d >> 2) & 0xf, sh = (d >> 8) & 3, ap = (d >> 6) & 3, xn = (d >> 53) & 3;
	bool dbm = (d >> 51) & 1;

	*prot = 0;
	if ((memattr & 0xc) && !(memattr & 0x3)) {
		*why = "MemAttr reserved combination";
		return REF_BAD;
	}
	if (sh == 1) {
		*why = "SH = 0b01 reserved";
		return REF_BAD;
	}
	if (!((d >> 10) & 1)) {
		*why = "AF = 0 (access flag fault)";
		return REF_FAULT;
	}
	if (ap & 1)
		*prot |= PT_R;
	if ((ap & 2) || (dbm && g->hd))
		*prot |= PT_W;
	if (dbm && g->hd && (ap & 2))
		*prot |= PT_DIRTY;
	if (xn == 0)
		*prot |= PT_X;
	if (!(memattr & 0xc))
		*prot |= PT_DEV;
	return REF_OK;
}

static enum ref_status a64_walk(const struct ref_ctx *c, uint64_t ia, struct ref_res *r, uint64_t *descpa)
{
	struct a64cfg g;
	enum ref_status st = a64_cfg(c, &g, &r->why);
	uint64_t table;

	if (st)
		return st;
	if (g.ia < 64 && (ia >> g.ia)) {
		r->why = "input address above T0SZ";
		return REF_FAULT;
	}
	table = g.root;
	for (unsigned level = g.start; level <= 3; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		unsigned bits = level == g.start ? g.root_bits : 9;
		uint64_t idx = (ia >> shift) & ((1ull << bits) - 1);
		uint64_t d = ref_read64(table + idx * 8);

		if (!(d & 1)) {
			r->why = "invalid descriptor";
			return REF_FAULT;
		}
		if (level < 3 && (d & 2)) {
			if (d >> 59) {
				r->why = "stage-2 table descriptor bits [63:59] are RES0";
				return REF_BAD;
			}
			table = OA(d);
			continue;
		}
		if (level == 3 && !(d & 2)) {
			r->why = "level 3 descriptor 0b01 is reserved";
			return REF_FAULT;
		}
		if (level == 0) {
			r->why = "block at level 0 (4 KiB granule)";
			return REF_FAULT;
		}
		uint64_t size = 1ull << shift;

		if (OA(d) & (size - 1)) {
			r->why = "block output address not aligned (RES0 bits set)";
			return REF_BAD;
		}
		st = a64_leaf(&g, d, &r->prot, &r->why);
		if (st)
			return st;
		r->pa = OA(d) + (ia & (size - 1));
		r->size = size;
		if (descpa)
			*descpa = table + idx * 8;
		return REF_OK;
	}
	r->why = "walk did not end";
	return REF_BAD;
}

static enum ref_status a64_translate(const struct ref_ctx *c, uint64_t ia, struct ref_res *r)
{
	return a64_walk(c, ia, r, NULL);
}

static enum ref_status a64_access(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r)
{
	uint64_t dpa;
	enum ref_status st = a64_walk(c, ia, r, &dpa);

	if (st)
		return st;
	if ((acc & PT_R) && !(r->prot & PT_R))
		return REF_PERM;
	if ((acc & PT_X) && !(r->prot & PT_X))
		return REF_PERM;
	if (acc & PT_W) {
		uint64_t d = ref_read64(dpa);

		if (d & (1ull << 7))
			return REF_OK;
		if (!(r->prot & PT_W))
			return REF_PERM;
		/* DBM: hardware sets S2AP[1] atomically (D8.5.4). */
		if (!ref_cas64(dpa, d, d | (1ull << 7)))
			fail_msg("DBM update raced");
		r->prot |= PT_DIRTY;
	}
	return REF_OK;
}

struct a64dump {
	struct a64cfg g;
	ref_leaf_fn fn;
	void *arg;
	const char **why;
	long tables;
};

static int a64_dump_table(struct a64dump *s, uint64_t table, unsigned level, uint64_t base)
{
	unsigned shift = 12 + 9 * (3 - level);
	unsigned bits = level == s->g.start ? s->g.root_bits : 9;

	s->tables++;
	for (uint64_t i = 0; i < (1ull << bits); i++) {
		uint64_t d = ref_read64(table + i * 8), va = base + (i << shift);
		struct ref_leaf l;

		if (!(d & 1))
			continue;
		if (level < 3 && (d & 2)) {
			if (d >> 59) {
				*s->why = "table descriptor RES0 bits";
				return -1;
			}
			if (a64_dump_table(s, OA(d), level + 1, va))
				return -1;
			continue;
		}
		if ((level == 3 && !(d & 2)) || level == 0) {
			*s->why = "reserved descriptor (valid but faulting)";
			return -1;
		}
		if (OA(d) & ((1ull << shift) - 1)) {
			*s->why = "block OA misaligned";
			return -1;
		}
		if (a64_leaf(&s->g, d, &l.prot, s->why) != REF_OK)
			return -1;
		l.va = va;
		l.size = 1ull << shift;
		l.pa = OA(d);
		s->fn(s->arg, &l);
	}
	return 0;
}

static long a64_dump(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why)
{
	struct a64dump s = { .fn = fn, .arg = arg, .why = why };

	if (a64_cfg(c, &s.g, why))
		return -1;
	if (a64_dump_table(&s, s.g.root, s.g.start, 0))
		return -1;
	return s.tables;
}

const struct ref_fmt ref_arm64 = {
	.name = "arm64-s2",
	.translate = a64_translate,
	.access = a64_access,
	.dump = a64_dump,
};
