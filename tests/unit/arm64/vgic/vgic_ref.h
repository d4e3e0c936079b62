/* SPDX-License-Identifier: MIT */
/*
 * The reference model of the arm64 virtual GICv3's registers, shared by the
 * host test (test_vgic.c) and the libFuzzer target tests/fuzz/fuzz_vgic.c.
 * A separate, per-INTID model of the GIC architecture specification
 * (IHI 0069H) written from the spec's register descriptions, not from
 * vgic.c's bitmaps (the rules it follows are listed in test_vgic.c's
 * header). An interrupt's input line (`line`) is kept apart from its
 * software latch (`pend`): a private interrupt's line counts as pending,
 * an SPI's only while it is level-sensitive (4.1); ICPENDR clears the latch.
 * A HW-linked SPI's held physical firing (`fire`) is pending too.
 * Everything is static: include it in one file.
 */
#ifndef TESTS_UNIT_ARM64_VGIC_REF_H
#define TESTS_UNIT_ARM64_VGIC_REF_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "arch/arm64/vgic.h"

struct ref_irq {
	bool en, pend, act, edge;
	bool line;		/* input line (SPIs: counts while level-sensitive) */
	bool fire;		/* a HW-linked SPI's physical firing, held for the guest: pending */
	uint8_t prio;
	uint64_t route;
};

struct ref {
	unsigned int n;
	uint32_t owned;			/* SPIs given with vgic_own_spi() */
	bool g1;
	bool sleep[VGIC_MAX_CPUS];
	struct ref_irq priv[VGIC_MAX_CPUS][32];
	struct ref_irq spi[32];
};

static void ref_init(struct ref *r, unsigned int n)
{
	memset(r, 0, sizeof(*r));
	r->n = n;
	for (unsigned int c = 0; c < n; c++) {
		r->sleep[c] = true;
		for (unsigned int i = 0; i < 16; i++)
			r->priv[c][i].edge = true;
	}
}

/* The record of INTID id as seen through the distributor (SPIs only) or cpu's redistributor. */
static struct ref_irq *ref_irq(struct ref *r, int cpu, unsigned int id)
{
	if (cpu < 0)
		return id >= 32 && id < 64 && ((r->owned >> (id - 32)) & 1) ? &r->spi[id - 32] : NULL;
	return id < 32 ? &r->priv[cpu][id] : NULL;
}

/* A 32-bit bank register at block offset 0x100..0x3ff for INTIDs base..base+31. */
static bool ref_bank(struct ref *r, int cpu, uint64_t o, unsigned int base, bool wr, uint32_t v, uint32_t *out)
{
	unsigned int kind;

	if (o < 0x100 || o >= 0x400)
		return false;
	kind = (unsigned int)((o - 0x100) / 0x80);
	base += (unsigned int)((o & 0x7f) / 4) * 32;
	*out = 0;
	for (unsigned int i = 0; i < 32; i++) {
		struct ref_irq *q = ref_irq(r, cpu, base + i);
		bool bit = (v >> i) & 1;

		if (!q)
			continue;
		if (!wr) {
			bool s = kind < 2 ? q->en : kind < 4 ? q->pend || q->fire || (q->line && (cpu >= 0 || !q->edge)) : q->act;

			*out |= (uint32_t)s << i;
			continue;
		}
		if (!bit)
			continue;
		switch (kind) {
		case 0: q->en = true; break;
		case 1: q->en = false; break;
		case 2: q->pend = true; break;
		case 3: q->pend = false; break;
		case 4: q->act = true; break;
		case 5: q->act = false; break;
		}
	}
	return true;
}

/* Returns -1 if refused; otherwise 0 and *val for reads. */
static int ref_gicd(struct ref *r, bool wr, uint64_t off, unsigned int size, uint64_t v, uint64_t *val)
{
	bool prio = off >= 0x400 && off < 0x800, router = off >= 0x6000 && off < 0x6000 + 8 * 1020;
	uint32_t w = 0;
	uint64_t out = 0;

	if (off >= 0x10000 || size > 0x10000 - off || !((size == 4 && !(off & 3)) || (size == 1 && prio) ||
				     (size == 8 && router && !(off & 7))))
		return -1;
	if (prio) {
		for (unsigned int i = 0; i < size; i++) {
			struct ref_irq *q = ref_irq(r, -1, (unsigned int)(off - 0x400) + i);

			if (q && wr)
				q->prio = (uint8_t)(v >> (8 * i)) & 0xf8;
			else if (q)
				out |= (uint64_t)q->prio << (8 * i);
		}
	} else if (router) {
		struct ref_irq *q = ref_irq(r, -1, (unsigned int)((off - 0x6000) / 8));

		if (q && wr) {
			uint64_t cur = q->route;

			if (size == 8)
				cur = v;
			else if (off & 4)
				cur = (cur & 0xffffffffull) | (v << 32);
			else
				cur = (cur & ~0xffffffffull) | (uint32_t)v;
			q->route = cur & 0xff80ffffffull;
		} else if (q) {
			out = size == 8 ? q->route : (off & 4) ? q->route >> 32 : (uint32_t)q->route;
		}
	} else if (ref_bank(r, -1, off, 0, wr, (uint32_t)v, &w)) {
		out = w;
	} else if (off == 0) {
		if (wr)
			r->g1 = v & 2;
		out = (r->g1 ? 2 : 0) | 0x10 | 0x40;
	} else if (off == 4) {
		out = 1 | ((r->n - 1) << 5) | (9u << 19);
	} else if (off == 8) {
		out = VGIC_IIDR;
	} else if (off == 0xffe8) {
		out = 0x3b;
	} else if (off == 0x84) {
		out = r->owned;
	} else if (off >= 0xc08 && off < 0xc10) {
		for (unsigned int i = 0; i < 16; i++) {
			struct ref_irq *q = ref_irq(r, -1, 32 + (unsigned int)(off - 0xc08) * 4 + i);

			if (q && wr)
				q->edge = (v >> (2 * i + 1)) & 1;
			else if (q)
				out |= (uint64_t)q->edge << (2 * i + 1);
		}
	}
	*val = wr ? 0 : out;
	return 0;
}

static int ref_gicr(struct ref *r, bool wr, uint64_t off, unsigned int size, uint64_t v, uint64_t *val)
{
	unsigned int cpu = (unsigned int)(off / 0x20000);
	uint64_t o = off % 0x20000, out = 0;
	bool prio = o >= 0x10400 && o < 0x10420;
	uint32_t w;

	if (off >= (uint64_t)r->n * 0x20000 || size > (uint64_t)r->n * 0x20000 - off ||
	    !((size == 4 && !(o & 3)) || (size == 1 && prio) || (size == 8 && o == 8)))
		return -1;
	if (o == 8 || o == 0xc) {
		uint64_t t = ((uint64_t)cpu << 32) | (cpu << 8) | (cpu == r->n - 1 ? 0x10 : 0);

		out = size == 8 ? t : o == 0xc ? t >> 32 : (uint32_t)t;
	} else if (o == 4) {
		out = VGIC_IIDR;
	} else if (o == 0x14) {
		if (wr)
			r->sleep[cpu] = v & 2;
		out = r->sleep[cpu] ? 6 : 0;
	} else if (o == 0xffe8) {
		out = 0x3b;
	} else if (o == 0x10080) {
		out = 0xffffffff;
	} else if (o >= 0x10000 && ref_bank(r, (int)cpu, o - 0x10000, 0, wr, (uint32_t)v, &w)) {
		out = w;
	} else if (prio) {
		for (unsigned int i = 0; i < size; i++) {
			struct ref_irq *q = &r->priv[cpu][o - 0x10400 + i];

			if (wr)
				q->prio = (uint8_t)(v >> (8 * i)) & 0xf8;
			else
				out |= (uint64_t)q->prio << (8 * i);
		}
	} else if (o == 0x10c00) {
		out = 0xaaaaaaaa;
	} else if (o == 0x10c04) {
		for (unsigned int i = 0; i < 16; i++) {
			if (wr)
				r->priv[cpu][16 + i].edge = (v >> (2 * i + 1)) & 1;
			else
				out |= (uint64_t)r->priv[cpu][16 + i].edge << (2 * i + 1);
		}
	}
	*val = wr ? 0 : out;
	return 0;
}

#endif
