// SPDX-License-Identifier: MIT
/*
 * Reference walkers for AMD nested paging and Intel EPT, written from the
 * manuals: AMD64 APM vol. 2, 5.3.3/5.3.4 (4-level long-mode walk, 2 MiB and
 * 1 GiB pages), 5.4 (entry fields, reserved bits), 5.6 (U/S, R/W, NX combine
 * across levels), 15.25.5 (nested walks are user accesses, A/D updates);
 * Intel SDM vol. 3C 29.3.2 (EPT walk), 29.3.3.1 (EPT misconfigurations),
 * 29.3.5 (EPT accessed/dirty flags), 25.6.11 (EPTP).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "mm/pt.h"
#include "ref.h"

#define ADDR(d)	((d) & 0x000ffffffffff000ull)

/* ------------------------------------------------------------------ NPT */

struct npt_walk {
	uint64_t dpa[4];	/* where each level's entry was read */
	unsigned levels;
};

static enum ref_status npt_walk(const struct ref_ctx *c, uint64_t ia, struct ref_res *r, struct npt_walk *w)
{
	uint64_t table = ADDR(c->reg);
	bool wr = true, nx = false;

	if (ia >> 48) {
		r->why = "gPA above 48 bits";
		return REF_FAULT;
	}
	for (unsigned level = 0; level < 4; level++) {
		unsigned shift = 39 - 9 * level;
		uint64_t dpa = table + ((ia >> shift) & 511) * 8, d = ref_read64(dpa);

		if (w) {
			w->dpa[level] = dpa;
			w->levels = level + 1;
		}
		if (!(d & 1)) {
			r->why = "not present";
			return REF_FAULT;
		}
		if (!(d & 4)) {
			r->why = "U/S clear in a nested table (nested walks are user accesses)";
			return REF_BAD;
		}
		wr = wr && (d & 2);
		nx = nx || (d >> 63);
		bool leaf = level == 3 || (level > 0 && (d & 0x80));

		if (level == 0 && (d & 0x80)) {
			r->why = "PML4E.PS is reserved";
			return REF_BAD;
		}
		if (!leaf) {
			table = ADDR(d);
			continue;
		}
		uint64_t size = 1ull << shift, base;

		if (level == 3) {
			base = ADDR(d);
		} else {
			/* Bit 12 is PAT; bits 13 .. shift-1 are reserved. */
			if (d & (size - 1) & ~0x1fffull) {
				r->why = "reserved bits in a large-page entry";
				return REF_BAD;
			}
			base = ADDR(d) & ~(size - 1);
		}
		r->size = size;
		r->pa = base + (ia & (size - 1));
		r->prot = PT_R | (wr ? PT_W : 0) | (nx ? 0 : PT_X) | ((d & 0x10) ? PT_DEV : 0) |
			  ((wr && (d & 0x40)) ? PT_DIRTY : 0);
		return REF_OK;
	}
	return REF_BAD;
}

static enum ref_status npt_translate(const struct ref_ctx *c, uint64_t ia, struct ref_res *r)
{
	return npt_walk(c, ia, r, NULL);
}

static void set_bits(uint64_t pa, uint64_t bits)
{
	for (;;) {
		uint64_t d = ref_read64(pa);

		if ((d & bits) == bits || ref_cas64(pa, d, d | bits))
			return;
	}
}

static enum ref_status npt_access(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r)
{
	struct npt_walk w;
	enum ref_status st = npt_walk(c, ia, r, &w);

	if (st)
		return st;
	if (acc & ~r->prot & (PT_W | PT_X))
		return REF_PERM;
	for (unsigned l = 0; l < w.levels; l++)
		set_bits(w.dpa[l], 0x20);			/* A */
	if (acc & PT_W) {
		set_bits(w.dpa[w.levels - 1], 0x40);		/* D */
		r->prot |= PT_DIRTY;
	}
	return REF_OK;
}

struct x86dump {
	bool ept;
	bool ad;
	ref_leaf_fn fn;
	void *arg;
	const char **why;
	long tables;
};

static int npt_dump_table(struct x86dump *s, uint64_t table, unsigned level, uint64_t base, bool wr, bool nx)
{
	unsigned shift = 39 - 9 * level;

	s->tables++;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t d = ref_read64(table + i * 8), va = base + (i << shift);
		bool w2 = wr && (d & 2), nx2 = nx || (d >> 63);
		struct ref_leaf l;

		if (!(d & 1))
			continue;
		if (!(d & 4) || (level == 0 && (d & 0x80))) {
			*s->why = "U/S clear or PML4E.PS set";
			return -1;
		}
		if (level < 3 && !(level > 0 && (d & 0x80))) {
			if (npt_dump_table(s, ADDR(d), level + 1, va, w2, nx2))
				return -1;
			continue;
		}
		l.size = 1ull << shift;
		if (level < 3 && (d & (l.size - 1) & ~0x1fffull)) {
			*s->why = "reserved bits in a large-page entry";
			return -1;
		}
		l.va = va;
		l.pa = ADDR(d) & ~(l.size - 1);
		l.prot = PT_R | (w2 ? PT_W : 0) | (nx2 ? 0 : PT_X) | ((d & 0x10) ? PT_DEV : 0) |
			 ((w2 && (d & 0x40)) ? PT_DIRTY : 0);
		s->fn(s->arg, &l);
	}
	return 0;
}

static long npt_dump(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why)
{
	struct x86dump s = { .fn = fn, .arg = arg, .why = why };

	if (npt_dump_table(&s, ADDR(c->reg), 0, 0, true, false))
		return -1;
	return s.tables;
}

const struct ref_fmt ref_npt = {
	.name = "amd-npt",
	.translate = npt_translate,
	.access = npt_access,
	.dump = npt_dump,
};

/* ------------------------------------------------------------------ EPT */

/* Misconfiguration checks of one entry (SDM 29.3.3.1); NULL if fine. */
static const char *ept_misconfig(uint64_t d, unsigned level, bool leaf)
{
	unsigned rwx = d & 7;

	if ((rwx & 2) && !(rwx & 1))
		return "write without read";
	if (rwx == 4)
		return "execute-only (not supported here)";
	if (!leaf) {
		if (level == 0 ? (d & 0xf8) : (d & 0x78))
			return "reserved bits in a non-leaf entry";
		return NULL;
	}
	unsigned mt = (d >> 3) & 7;

	if (mt == 2 || mt == 3 || mt == 7)
		return "reserved memory type";
	if (level < 3 && (d & ((1ull << (39 - 9 * level)) - 1) & ~0xfffull))
		return "reserved bits in a large-page entry";
	return NULL;
}

static enum ref_status ept_eptp(const struct ref_ctx *c, bool *ad, const char **why)
{
	if (((c->reg >> 3) & 7) != 3) {
		*why = "EPTP page-walk length is not 4";
		return REF_BAD;
	}
	if ((c->reg & 7) != 0 && (c->reg & 7) != 6) {
		*why = "EPTP memory type";
		return REF_BAD;
	}
	*ad = (c->reg >> 6) & 1;
	return REF_OK;
}

static enum ref_status ept_walk(const struct ref_ctx *c, uint64_t ia, struct ref_res *r, struct npt_walk *w)
{
	uint64_t table = ADDR(c->reg);
	unsigned rwx = 7;
	bool ad;
	enum ref_status st = ept_eptp(c, &ad, &r->why);

	if (st)
		return st;
	if (ia >> 48) {
		r->why = "gPA above 48 bits";
		return REF_FAULT;
	}
	for (unsigned level = 0; level < 4; level++) {
		unsigned shift = 39 - 9 * level;
		uint64_t dpa = table + ((ia >> shift) & 511) * 8, d = ref_read64(dpa);
		bool leaf = level == 3 || (level > 0 && (d & 0x80));
		const char *bad;

		if (w) {
			w->dpa[level] = dpa;
			w->levels = level + 1;
		}
		if (!(d & 7)) {
			r->why = "not present";
			return REF_FAULT;
		}
		bad = ept_misconfig(d, level, leaf);
		if (bad) {
			r->why = bad;
			return REF_BAD;
		}
		rwx &= d & 7;
		if (!leaf) {
			table = ADDR(d);
			continue;
		}
		r->size = 1ull << shift;
		r->pa = (ADDR(d) & ~(r->size - 1)) + (ia & (r->size - 1));
		r->prot = ((rwx & 1) ? PT_R : 0) | ((rwx & 2) ? PT_W : 0) | ((rwx & 4) ? PT_X : 0) |
			  (((d >> 3) & 7) == 0 ? PT_DEV : 0) | ((ad && (rwx & 2) && (d & 0x200)) ? PT_DIRTY : 0);
		return REF_OK;
	}
	return REF_BAD;
}

static enum ref_status ept_translate(const struct ref_ctx *c, uint64_t ia, struct ref_res *r)
{
	return ept_walk(c, ia, r, NULL);
}

static enum ref_status ept_access(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r)
{
	struct npt_walk w;
	enum ref_status st = ept_walk(c, ia, r, &w);
	bool ad = (c->reg >> 6) & 1;

	if (st)
		return st;
	if (acc & ~r->prot & (PT_R | PT_W | PT_X))
		return REF_PERM;
	if (ad) {
		for (unsigned l = 0; l < w.levels; l++)
			set_bits(w.dpa[l], 0x100);		/* A */
		if (acc & PT_W) {
			set_bits(w.dpa[w.levels - 1], 0x200);	/* D */
			r->prot |= PT_DIRTY;
		}
	}
	return REF_OK;
}

static int ept_dump_table(struct x86dump *s, uint64_t table, unsigned level, uint64_t base, unsigned rwx)
{
	unsigned shift = 39 - 9 * level;

	s->tables++;
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t d = ref_read64(table + i * 8), va = base + (i << shift);
		bool leaf = level == 3 || (level > 0 && (d & 0x80));
		unsigned r2 = rwx & (d & 7);
		struct ref_leaf l;
		const char *bad;

		if (!(d & 7))
			continue;
		bad = ept_misconfig(d, level, leaf);
		if (bad) {
			*s->why = bad;
			return -1;
		}
		if (!leaf) {
			if (ept_dump_table(s, ADDR(d), level + 1, va, r2))
				return -1;
			continue;
		}
		l.va = va;
		l.size = 1ull << shift;
		l.pa = ADDR(d) & ~(l.size - 1);
		l.prot = ((r2 & 1) ? PT_R : 0) | ((r2 & 2) ? PT_W : 0) | ((r2 & 4) ? PT_X : 0) |
			 (((d >> 3) & 7) == 0 ? PT_DEV : 0) | ((s->ad && (r2 & 2) && (d & 0x200)) ? PT_DIRTY : 0);
		s->fn(s->arg, &l);
	}
	return 0;
}

static long ept_dump(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why)
{
	struct x86dump s = { .ept = true, .fn = fn, .arg = arg, .why = why };

	if (ept_eptp(c, &s.ad, why))
		return -1;
	if (ept_dump_table(&s, ADDR(c->reg), 0, 0, 7))
		return -1;
	return s.tables;
}

const struct ref_fmt ref_ept = {
	.name = "intel-ept",
	.translate = ept_translate,
	.access = ept_access,
	.dump = ept_dump,
};
