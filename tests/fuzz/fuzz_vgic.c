// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "vgic": the arm64 virtual GICv3 (arch/arm64/vgic.c)
 * against the reference model the host test uses
 * (tests/unit/arm64/vgic/vgic_ref.h, per INTID, from IHI 0069H), extended
 * here with what the register model leaves out: SPI input lines (4.1), the
 * private lines vcpu.c drives, and the list registers (12.4.6).
 *
 * Input: byte 0 the number of vCPUs (1-4), bytes 1-4 the SPIs the
 * partition owns, 5-8 which of them start edge-triggered, 9-12 which are
 * HW-linked passthrough SPIs (level); then operations:
 * distributor and redistributor reads and writes of every size and offset,
 * SPI line changes, doorbells and passthrough firings (owned or not),
 * private lines and latches, and "the guest runs on vCPU c": vgic_flush() into n list
 * registers (0..16), the guest acknowledges / EOIs some of them, then
 * vgic_sync().
 *
 * Checked on every operation:
 *  - every register access is refused or accepted as the model says and
 *    reads what the model reads (an SPI the partition does not own reads as
 *    zero everywhere); after each operation ISENABLER1 / ISPENDR1 /
 *    ISACTIVER1 agree with the model, and no unowned SPI is enabled,
 *    pending, active, line-high or routed inside the vGIC;
 *  - a flush writes exactly the list registers the model predicts (active
 *    ones first in INTID order, then the deliverable ones by priority,
 *    lower INTID first; state, priority and group of each), zeroes the
 *    rest of the n it was given, never writes past them, never names an
 *    interrupt twice or an SPI not owned or routed elsewhere, and sets
 *    *more exactly when something was left out;
 *  - vgic_set_spi_level / vgic_pend_spi / vgic_busy / vgic_deliverable /
 *    vgic_spi_target answer as the model says.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/arm64/vgic.h"
#include "tests/unit/arm64/vgic/vgic_ref.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(c, ...)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "vgic invariant: " __VA_ARGS__);	\
			fprintf(stderr, " (step %u)\n", step);		\
			abort();					\
		}							\
	} while (0)

static unsigned int step;
static bool trace;		/* FUZZ_TRACE=1: print each operation */
static struct vgic g;
static struct ref r;

/* ---- The model's view of delivery --------------------------------------- */

static bool m_spi_pending(const struct ref_irq *q)
{
	return q->pend || q->fire || (q->line && !q->edge);
}

/* SPIs HW-linked to the physical SPI of the same number (vgic_own_spi_hw). */
static uint32_t hwspi;

/* The vCPU owned SPI i goes to, or -1 (IROUTER: IRM = bit 31, Aff0 = vCPU, other affinities 0). */
static int m_spi_target(unsigned int i)
{
	uint64_t rt = r.spi[i].route;

	if (!((r.owned >> i) & 1))
		return -1;
	if (rt & (1ull << 31)) {
		for (unsigned int c = 0; c < r.n; c++)
			if (!r.sleep[c])
				return (int)c;
		return 0;
	}
	return rt < r.n ? (int)rt : -1;
}

/* Model record of interrupt id (0..63) as vCPU c sees it; NULL if not its. */
static struct ref_irq *m_irq(unsigned int c, unsigned int id)
{
	if (id < 32)
		return &r.priv[c][id];
	return m_spi_target(id - 32) == (int)c ? &r.spi[id - 32] : NULL;
}

static bool m_pending(unsigned int id, const struct ref_irq *q)
{
	return id < 32 ? q->pend || q->line : m_spi_pending(q);
}

static bool m_ready(unsigned int c, unsigned int id)
{
	struct ref_irq *q = m_irq(c, id);

	return q && r.g1 && !r.sleep[c] && m_pending(id, q) && q->en && !q->act;
}

/* ---- Operations ----------------------------------------------------------- */

static const uint64_t dhot[] = { 0, 4, 8, 0x10, 0x80, 0x84, 0x100, 0x104, 0x108, 0x180, 0x184, 0x200, 0x204,
				 0x280, 0x284, 0x300, 0x304, 0x380, 0x384, 0x400, 0x41f, 0x420, 0x43d, 0x7fc,
				 0x800, 0xc00, 0xc04, 0xc08, 0xc0c, 0xc10, 0x6000, 0x6100, 0x6104, 0x61f8,
				 0x61fc, 0x6200, 0xfff8, 0xffe8, 0xfffc, 0xfffe, 0xffff, 0x10000 };
static const uint64_t rhot[] = { 0, 4, 8, 0xc, 0x10, 0x14, 0xffe8, 0x10080, 0x10100, 0x10180, 0x10200, 0x10280,
				 0x10300, 0x10380, 0x10400, 0x1040d, 0x1041f, 0x10420, 0x10c00, 0x10c04,
				 0x10c08, 0x1fffc, 0x1ffff };
static const unsigned int sizes[8] = { 4, 4, 1, 8, 2, 3, 16, 0 };

static void mmio(struct fz *f, bool gicr, uint8_t op)
{
	bool write = op & 0x10;
	unsigned int size = sizes[(op >> 5) & 7], k = fz_u8(f);
	uint64_t off, v = write ? fz_u64(f) : 0, a = 0x1234, b = 0x5678;
	int e1, e2;

	if (gicr)
		off = (k & 0x80) ? fz_u32(f) % (r.n * 0x20000 + 0x100)
				 : (uint64_t)((k >> 5) & 3) * 0x20000 + rhot[k % (sizeof(rhot) / sizeof(rhot[0]))];
	else
		off = (k & 0x80) ? fz_u32(f) % 0x10010 : dhot[k % (sizeof(dhot) / sizeof(dhot[0]))];
	if ((k & 0xc0) == 0xc0 && (k & 1))
		off = ~0ull - (k & 7);
	if (write) {
		e1 = (gicr ? &vgic_gicr_ops : &vgic_gicd_ops)->write(&g, off, size, v);
		e2 = gicr ? ref_gicr(&r, true, off, size, v, &b) : ref_gicd(&r, true, off, size, v, &b);
		a = b;
	} else {
		e1 = (gicr ? &vgic_gicr_ops : &vgic_gicd_ops)->read(&g, off, size, &a);
		e2 = gicr ? ref_gicr(&r, false, off, size, 0, &b) : ref_gicd(&r, false, off, size, 0, &b);
	}
	check(e1 == e2 && (e1 || a == b), "%s %s off 0x%llx size %u: %d/0x%llx, model %d/0x%llx",
	      gicr ? "GICR" : "GICD", write ? "write" : "read", (unsigned long long)off, size, e1,
	      (unsigned long long)a, e2, (unsigned long long)b);
}

/* The guest runs on vCPU c with nlr list registers; ops says what it does with each. */
static void run_guest(struct fz *f, unsigned int c, unsigned int nlr)
{
	uint64_t lr[VGIC_MAX_LR + 4], want[VGIC_MAX_LR];
	unsigned int n, nw = 0, order[64], no = 0;
	bool more, wmore = false, seen[64] = { false };
	uint32_t acts = fz_u32(f);

	/* The model's choice: active ones in INTID order, then ready ones by priority, lower INTID first. */
	for (unsigned int id = 0; id < 64; id++) {
		struct ref_irq *q = c < r.n ? m_irq(c, id) : NULL;

		if (q && q->act)
			order[no++] = id;
	}
	for (;;) {
		unsigned int best = 64, bp = 256;

		for (unsigned int id = 0; id < 64; id++) {
			struct ref_irq *q;

			if (c >= r.n || seen[id] || !m_ready(c, id))
				continue;
			q = m_irq(c, id);
			if (q->prio < bp) {
				best = id;
				bp = q->prio;
			}
		}
		if (best == 64)
			break;
		seen[best] = true;
		order[no++] = best;
	}
	wmore = no > nlr;
	for (unsigned int i = 0; i < no && i < nlr; i++) {
		unsigned int id = order[i];
		struct ref_irq *q = m_irq(c, id);

		bool hw = id >= 32 && ((hwspi >> (id - 32)) & 1);

		want[nw] = id | ICH_LR_GROUP1 | ((uint64_t)q->prio << ICH_LR_PRIO_SHIFT) |
			   (q->act ? ICH_LR_STATE_A : 0) | (m_pending(id, q) ? ICH_LR_STATE_P : 0);
		/* HW = 1 with pINTID; never pending and active together (12.4.6): active wins. */
		if (hw)
			want[nw] = (want[nw] & ~(q->act ? ICH_LR_STATE_P : 0)) | ICH_LR_HW |
				   ((uint64_t)id << ICH_LR_PINTID_SHIFT);
		nw++;
	}

	for (unsigned int i = 0; i < VGIC_MAX_LR + 4; i++)
		lr[i] = 0xa5a5a5a5a5a5a5a5ull;
	n = vgic_flush(&g, c, lr, nlr, &more);
	check(n <= nlr, "flush used %u of %u list registers", n, nlr);
	for (unsigned int i = nlr; i < VGIC_MAX_LR + 4; i++)
		check(lr[i] == 0xa5a5a5a5a5a5a5a5ull, "flush wrote list register %u of %u", i, nlr);
	for (unsigned int i = n; i < nlr; i++)
		check(lr[i] == 0, "unused list register %u not zero", i);
	for (unsigned int i = 0; i < n; i++) {
		unsigned int id = (unsigned int)(lr[i] & 0xffffffffu);

		check(id < 64 && (id < 32 || ((r.owned >> (id - 32)) & 1)), "flush names INTID %u", id);
		for (unsigned int j = 0; j < i; j++)
			check((uint32_t)lr[j] != id, "INTID %u in two list registers", id);
		check(id < 32 || m_spi_target(id - 32) == (int)c, "SPI %u flushed to vCPU %u, routed to %d", id, c,
		      m_spi_target(id - 32));
	}
	check(n == nw && more == wmore, "vCPU %u: flush %u (more %d), model %u (more %d)", c, n, more, nw, wmore);
	for (unsigned int i = 0; i < n; i++)
		check(lr[i] == want[i], "vCPU %u LR%u 0x%llx, model 0x%llx", c, i, (unsigned long long)lr[i],
		      (unsigned long long)want[i]);

	/* The state moved into the list registers: the model's copy of it goes there too. */
	for (unsigned int i = 0; i < n; i++) {
		unsigned int id = (unsigned int)(lr[i] & 0xffffffffu);
		struct ref_irq *q = m_irq(c, id);
		uint64_t st = lr[i] >> 62, st0 = st;
		bool was_latched = q->pend, hw = id >= 32 && ((hwspi >> (id - 32)) & 1);

		/* The guest: acknowledge (P -> A), EOI (A -> idle), or leave it. */
		if ((acts >> (2 * (i % 16))) & 1 && st == 1)
			st = 2;
		if ((acts >> (2 * (i % 16) + 1)) & 1 && (st & 2))
			st &= 1;
		lr[i] = (lr[i] & ~(3ull << 62)) | (st << 62);
		/* Model (non-HW): private: pending comes back as the latch; SPI: see vgic.h. */
		q->act = st & 2;
		if (hw) {
			/*
			 * The firing (and an edge's latch) went into the list register unless
			 * it was active (then the LR carries only the active state). Pending
			 * the guest did not take comes back as the firing (vgic.h); a level
			 * latch goes only when the guest acknowledged the LR that carried it.
			 */
			if (st0 & 1) {
				q->fire = false;
				if (q->edge)
					q->pend = false;	/* an edge's latch moves into the LR too */
			}
			if (st & 1)
				q->fire = true;
			if ((st0 & 1) && !(st & 1))
				q->pend = false;
		} else if (id < 32) {
			q->pend = st & 1;
			q->line = false;
		} else if (q->edge) {
			q->pend = st & 1;
		} else {
			q->pend = (st & 1) ? was_latched : false;
		}
	}
	if (trace)
		for (unsigned int i = 0; i < n; i++)
			fprintf(stderr, "  LR%u 0x%016llx (lr_latch 0x%x)\n", i, (unsigned long long)lr[i], g.lr_latch);
	vgic_sync(&g, c, lr, n);
}

static void check_state(void)
{
	uint64_t v, w;
	uint32_t unowned = ~r.owned;

	/* No SPI the partition does not own has any state inside the vGIC. */
	check(!((g.spi.enable | g.spi.pend | g.spi.active | g.spi.line | g.level | g.irm) & unowned),
	      "unowned SPI state: en 0x%x pend 0x%x act 0x%x line 0x%x level 0x%x irm 0x%x (owned 0x%x)",
	      g.spi.enable, g.spi.pend, g.spi.active, g.spi.line, g.level, g.irm, r.owned);
	for (unsigned int i = 0; i < 32; i++)
		if ((unowned >> i) & 1)
			check(!g.spi.prio[i] && !g.route[i], "unowned SPI %u has priority or route", 32 + i);
	/* The SPI banks read as the model. */
	for (unsigned int k = 0; k < 3; k++) {
		uint64_t off = 0x104 + 0x100 * k;

		check(!vgic_gicd_ops.read(&g, off, 4, &v) && !ref_gicd(&r, false, off, 4, 0, &w) && v == w,
		      "GICD 0x%llx 0x%llx, model 0x%llx", (unsigned long long)off, (unsigned long long)v,
		      (unsigned long long)w);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	unsigned int n = 1 + fz_u8(&f) % 4;
	uint32_t owned = fz_u32(&f), edge = fz_u32(&f), hw = fz_u32(&f) & owned;

	trace = getenv("FUZZ_TRACE") != NULL;

	if (vgic_init(&g, n))
		abort();
	hwspi = hw;
	ref_init(&r, n);
	for (unsigned int i = 0; i < 32; i++) {
		if (!((owned >> i) & 1))
			continue;
		if ((hw >> i) & 1 ? vgic_own_spi_hw(&g, 32 + i) : vgic_own_spi(&g, 32 + i, (edge >> i) & 1))
			abort();
		r.owned |= 1u << i;
		r.spi[i].edge = !((hw >> i) & 1) && ((edge >> i) & 1);
	}
	for (step = 0; !fz_done(&f) && step < 2048; step++) {
		uint8_t op = fz_u8(&f), b = fz_u8(&f);
		unsigned int c = b % 5, id = 32 + (b & 31);	/* c may be one past the vCPUs, or more */
		struct ref_irq *q = ((r.owned >> (id - 32)) & 1) ? &r.spi[id - 32] : NULL;

		if (trace)
			fprintf(stderr, "step %u: op 0x%02x b 0x%02x; before: pend 0x%x act 0x%x fire/line 0x%x latch 0x%x\n",
				step, op, b, g.spi.pend | g.spi.line | (g.level & ~g.spi.edge), g.spi.active, g.spi.line,
				g.spi.pend);
		switch (op & 15) {
		case 0: case 1: case 2:
			mmio(&f, false, op);
			break;
		case 3: case 4:
			mmio(&f, true, op);
			break;
		case 5: {			/* a device drives an SPI line */
			bool level = b & 0x80, rose = q && level && !q->line;

			check(vgic_set_spi_level(&g, id, level) == rose, "set_spi_level %u %d", id, level);
			if (q) {
				if (rose && q->edge)
					q->pend = true;
				q->line = level;
			}
			break;
		}
		case 6: {			/* a doorbell */
			int want = q ? !q->pend : -1;

			check(vgic_pend_spi(&g, (op & 0x80) ? 1020u + b : id) == ((op & 0x80) ? -1 : want),
			      "pend_spi %u", id);
			if (q && !(op & 0x80))
				q->pend = true;
			break;
		}
		case 7: {			/* a private line (the timer), maybe out of range */
			unsigned int pid = (op >> 4) & 1 ? 16 + (b >> 3 & 15) : (b >> 2) & 63;
			bool level = op & 0x80;

			vgic_set_line(&g, c, pid, level, false);
			if (c < n && pid >= 16 && pid < 32)
				r.priv[c][pid].line = level;
			break;
		}
		case 8: {			/* an SGI / PPI latch */
			unsigned int pid = (b >> 2) & 63;

			c = (op >> 4) % 5;
			vgic_pend_private(&g, c, pid);
			if (c < n && pid < 32)
				r.priv[c][pid].pend = true;
			break;
		}
		case 9: case 10: case 11:	/* the guest runs */
			run_guest(&f, c, (op >> 4) & 1 ? (b >> 3) % (VGIC_MAX_LR + 1) : 1 + (b >> 3) % 4);
			break;
		case 12: {			/* the CPU interface's question */
			unsigned int pmr = fz_u8(&f);
			bool grp1 = op & 0x80, any = false;

			for (unsigned int i = 0; c < n && grp1 && i < 64; i++)
				any |= m_ready(c, i) && m_irq(c, i)->prio < pmr;
			check(vgic_deliverable(&g, c, pmr, grp1) == any, "deliverable cpu %u pmr 0x%x", c, pmr);
			break;
		}
		case 13: {
			unsigned int pid = (b >> 2) & 63;
			bool want = c < n && pid < 32 &&
				    (r.priv[c][pid].pend || r.priv[c][pid].line || r.priv[c][pid].act);

			check(vgic_busy(&g, c, pid) == want, "busy cpu %u INTID %u", c, pid);
			break;
		}
		case 15:			/* a passthrough SPI fired (the arch acknowledged the physical one) */
			check(vgic_spi_hw_fire(&g, id) == (q && ((hwspi >> (id - 32)) & 1)), "hw_fire %u", id);
			if (q && ((hwspi >> (id - 32)) & 1))
				q->fire = true;
			break;
		case 14:
			check(vgic_spi_target(&g, id) == m_spi_target(id - 32), "target of SPI %u: %d, model %d", id,
			      vgic_spi_target(&g, id), m_spi_target(id - 32));
			break;
		default:
			break;
		}
		check_state();
	}
	return 0;
}
