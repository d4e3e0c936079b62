// SPDX-License-Identifier: MIT
/*
 * The fake format (see fake_fmt.h) and its reference decoder.
 *
 * Layout ("manual"): raw fields per level, then e = rotl(raw, rot) ^ key.
 *
 *   level  pfn(36 bits) at  V   T   R   W   X   DEV  rot  key
 *   0      20               3   60  0   63  7   1    13   0x5a5a5a5a5a5a5a5a
 *   1      3                40  1   62  0   50  45   0    0x0123456789abcdef
 *   2      27               5   9   2   20  0   63   41   0xfedcba9876543210
 *   3      11               60  0   50  5   2   48   7    0x0f0f0f0f0f0f0f0f
 *
 * V=0: invalid. Levels 0-2: T=1 table, T=0 leaf (a leaf at level 0 is
 * invalid). Level 3: T must be 1 (page); T=0 with V=1 is invalid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "fake_fmt.h"

struct fake_lv {
	unsigned pfn, v, t, r, w, x, dev, rot;
	uint64_t key;
};

static const struct fake_lv fk[4] = {
	{ 20, 3, 60, 0, 63, 7, 1, 13, 0x5a5a5a5a5a5a5a5aull },
	{ 3, 40, 1, 62, 0, 50, 45, 0, 0x0123456789abcdefull },
	{ 27, 5, 9, 2, 20, 0, 63, 41, 0xfedcba9876543210ull },
	{ 11, 60, 0, 50, 5, 2, 48, 7, 0x0f0f0f0f0f0f0f0full },
};

#define PFN_MASK ((1ull << 36) - 1)

static uint64_t rotl(uint64_t x, unsigned r)
{
	return r ? (x << r) | (x >> (64 - r)) : x;
}

static uint64_t rotr(uint64_t x, unsigned r)
{
	return r ? (x >> r) | (x << (64 - r)) : x;
}

static uint64_t enc(unsigned level, uint64_t raw)
{
	return rotl(raw, fk[level].rot) ^ fk[level].key;
}

static uint64_t dec(unsigned level, uint64_t e)
{
	return rotr(e ^ fk[level].key, fk[level].rot);
}

static inline uint64_t bit(unsigned b)
{
	return 1ull << b;
}

static unsigned fake_configure(const struct pt *pt)
{
	if (pt->cfg & ~PT_CFG_NO_HUGE || pt->start != 0)
		return 0;
	return (pt->cfg & PT_CFG_NO_HUGE) ? 1u << 3 : 0xeu;
}

static pte_t fake_empty(const struct pt *pt, unsigned level)
{
	return enc(level, 0);
}

static enum pt_kind fake_kind(const struct pt *pt, unsigned level, pte_t e)
{
	uint64_t raw = dec(level, e);
	const struct fake_lv *l = &fk[level];

	if (!(raw & bit(l->v)))
		return PT_KIND_INVALID;
	if (level == 3)
		return (raw & bit(l->t)) ? PT_KIND_LEAF : PT_KIND_INVALID;
	if (raw & bit(l->t))
		return PT_KIND_TABLE;
	return level == 0 ? PT_KIND_INVALID : PT_KIND_LEAF;
}

static pte_t fake_mk_table(const struct pt *pt, unsigned level, hpa_t table)
{
	const struct fake_lv *l = &fk[level];

	return enc(level, ((table.v >> 12) & PFN_MASK) << l->pfn | bit(l->v) | bit(l->t));
}

static pte_t fake_mk_leaf(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot)
{
	const struct fake_lv *l = &fk[level];
	uint64_t raw = ((pa.v >> 12) & PFN_MASK) << l->pfn | bit(l->v);

	if (level == 3)
		raw |= bit(l->t);
	if (prot & PT_R)
		raw |= bit(l->r);
	if (prot & PT_W)
		raw |= bit(l->w);
	if ((prot & PT_X) && !(prot & PT_DEV))
		raw |= bit(l->x);
	if (prot & PT_DEV)
		raw |= bit(l->dev);
	return enc(level, raw);
}

static hpa_t fake_oa(const struct pt *pt, unsigned level, pte_t e)
{
	return hpa(((dec(level, e) >> fk[level].pfn) & PFN_MASK) << 12);
}

static unsigned fake_prot(const struct pt *pt, unsigned level, pte_t e)
{
	uint64_t raw = dec(level, e);
	const struct fake_lv *l = &fk[level];

	return ((raw & bit(l->r)) ? PT_R : 0) | ((raw & bit(l->w)) ? PT_W : 0) |
	       ((raw & bit(l->x)) ? PT_X : 0) | ((raw & bit(l->dev)) ? PT_DEV : 0);
}

static pte_t fake_reprot(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear)
{
	if (fake_kind(pt, level, e) != PT_KIND_LEAF)
		return e;
	return fake_mk_leaf(pt, level, fake_oa(pt, level, e), (fake_prot(pt, level, e) & ~clear) | set);
}

static uint64_t fake_root_reg(const struct pt *pt)
{
	return pt->root.v;
}

const struct pt_fmt pt_fmt_fake = {
	.name = "fake",
	.nlevels = 4,
	.lv = {
		{ .shift = 39, .idx_bits = 9 },
		{ .shift = 30, .idx_bits = 9, .leaf_ok = 1 },
		{ .shift = 21, .idx_bits = 9, .leaf_ok = 1 },
		{ .shift = 12, .idx_bits = 9, .leaf_ok = 1 },
	},
	.min_ia_bits = 48,
	.max_ia_bits = 48,
	.bbm = PT_BBM_REMAP,
	.prot_caps = PT_R | PT_W | PT_X | PT_DEV,
	.oa_linear = false,
	.configure = fake_configure,
	.empty = fake_empty,
	.kind = fake_kind,
	.mk_table = fake_mk_table,
	.mk_leaf = fake_mk_leaf,
	.oa = fake_oa,
	.prot = fake_prot,
	.reprot = fake_reprot,
	.root_reg = fake_root_reg,
};

/* ---- reference decoder: reads the layout table above field by field ---- */

static const unsigned layout[4][9] = {
	/* pfn, V, T, R, W, X, DEV, rot */
	{ 20, 3, 60, 0, 63, 7, 1, 13 },
	{ 3, 40, 1, 62, 0, 50, 45, 0 },
	{ 27, 5, 9, 2, 20, 0, 63, 41 },
	{ 11, 60, 0, 50, 5, 2, 48, 7 },
};
static const uint64_t keys[4] = {
	0x5a5a5a5a5a5a5a5aull, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0f0f0f0f0f0f0f0full,
};

static int field(uint64_t raw, unsigned b)
{
	return (int)((raw >> b) & 1);
}

static uint64_t unscramble(unsigned level, uint64_t e)
{
	uint64_t x = e ^ keys[level];
	unsigned r = layout[level][7];

	for (unsigned i = 0; i < r; i++)
		x = (x >> 1) | ((x & 1) << 63);
	return x;
}

static enum ref_status rf_walk(const struct ref_ctx *c, uint64_t ia, struct ref_res *r)
{
	uint64_t table = c->reg;

	if (ia >> 48) {
		r->why = "above 48 bits";
		return REF_FAULT;
	}
	for (unsigned level = 0; level < 4; level++) {
		unsigned shift = 39 - 9 * level;
		uint64_t raw = unscramble(level, ref_read64(table + ((ia >> shift) & 511) * 8));
		uint64_t base = ((raw >> layout[level][0]) & PFN_MASK) << 12;

		if (!field(raw, layout[level][1])) {
			r->why = "invalid";
			return REF_FAULT;
		}
		if (level < 3 && field(raw, layout[level][2])) {
			table = base;
			continue;
		}
		if (level == 0 || (level == 3 && !field(raw, layout[level][2]))) {
			r->why = "reserved";
			return REF_FAULT;
		}
		r->size = 1ull << shift;
		if (base & (r->size - 1)) {
			r->why = "misaligned leaf";
			return REF_BAD;
		}
		r->pa = base + (ia & (r->size - 1));
		r->prot = (field(raw, layout[level][3]) ? PT_R : 0) | (field(raw, layout[level][4]) ? PT_W : 0) |
			  (field(raw, layout[level][5]) ? PT_X : 0) | (field(raw, layout[level][6]) ? PT_DEV : 0);
		if ((r->prot & PT_DEV) && (r->prot & PT_X)) {
			r->why = "executable device memory";
			return REF_BAD;
		}
		return REF_OK;
	}
	return REF_BAD;
}

static enum ref_status rf_access(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r)
{
	enum ref_status st = rf_walk(c, ia, r);

	if (st)
		return st;
	return (acc & ~r->prot & (PT_R | PT_W | PT_X)) ? REF_PERM : REF_OK;
}

struct rf_dump {
	ref_leaf_fn fn;
	void *arg;
	const char **why;
	long tables;
};

static int rf_dump_table(struct rf_dump *s, uint64_t table, unsigned level, uint64_t base)
{
	unsigned shift = 39 - 9 * level;

	s->tables++;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t raw = unscramble(level, ref_read64(table + i * 8));
		uint64_t oa = ((raw >> layout[level][0]) & PFN_MASK) << 12;
		struct ref_leaf l;

		if (!field(raw, layout[level][1]))
			continue;
		if (level < 3 && field(raw, layout[level][2])) {
			if (rf_dump_table(s, oa, level + 1, base + (i << shift)))
				return -1;
			continue;
		}
		l.va = base + (i << shift);
		if (level == 0 || (level == 3 && !field(raw, layout[level][2])) || (oa & ((1ull << shift) - 1))) {
			*s->why = "reserved or misaligned leaf";
			return -1;
		}
		l.size = 1ull << shift;
		l.pa = oa;
		l.prot = (field(raw, layout[level][3]) ? PT_R : 0) | (field(raw, layout[level][4]) ? PT_W : 0) |
			 (field(raw, layout[level][5]) ? PT_X : 0) | (field(raw, layout[level][6]) ? PT_DEV : 0);
		s->fn(s->arg, &l);
	}
	return 0;
}

static long rf_dump(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why)
{
	struct rf_dump s = { fn, arg, why, 0 };

	if (rf_dump_table(&s, c->reg, 0, 0))
		return -1;
	return s.tables;
}

const struct ref_fmt ref_fake = {
	.name = "fake",
	.translate = rf_walk,
	.access = rf_access,
	.dump = rf_dump,
};
