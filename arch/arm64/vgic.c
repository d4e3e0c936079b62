// SPDX-License-Identifier: MIT
/*
 * The virtual GICv3 register model of an arm64 partition (see vgic.h for
 * the model and its limits): distributor and redistributor MMIO emulation
 * and the translation of the model to and from list-register values.
 * No system registers here: vcpu.c moves the list registers.
 *
 * GIC architecture specification IHI 0069H: 12.1.2 (reserved offsets
 * RAZ/WI), 12.1.3 (access sizes), 12.9 (GICD_*), 12.10/12.11 (GICR_*),
 * 12.4.6 (ICH_LR<n>_EL2).
 */
#include <string.h>
#include "arch/arm64/vgic.h"

#define PRIO_MASK	0xf8u	/* five priority bits, as the virtual CPU interface keeps */
#define IROUTER_IRM	(1ull << 31)		/* Interrupt_Routing_Mode: 1 of N */
#define IROUTER_BITS	(0x000000ff00ffffffull | IROUTER_IRM)	/* Aff3, IRM, Aff2, Aff1, Aff0 */

int vgic_init(struct vgic *d, unsigned int ncpus)
{
	if (ncpus < 1 || ncpus > VGIC_MAX_CPUS)
		return -1;
	memset(d, 0, sizeof(*d));
	d->ncpus = ncpus;
	for (unsigned int c = 0; c < ncpus; c++) {
		d->cpu[c].priv.edge = 0xffffu;		/* SGIs are edge-triggered */
		d->cpu[c].waker = GICR_WAKER_PS;	/* asleep at reset, like the hardware */
	}
	d->cpu[0].spis = ~0u;			/* every IROUTER is 0 at reset: vCPU 0 */
	return 0;
}

/* ---- 32-interrupt bank registers shared by GICD and the GICR SGI frame ---- */

enum bank_reg { B_ISENABLER, B_ICENABLER, B_ISPENDR, B_ICPENDR, B_ISACTIVER, B_ICACTIVER };

static uint32_t bank_read(const struct vgic_bank *b, enum bank_reg r)
{
	switch (r) {
	case B_ISENABLER:
	case B_ICENABLER:
		return b->enable;
	case B_ISPENDR:
	case B_ICPENDR:
		return b->pend | b->line;
	default:
		return b->active;
	}
}

static void bank_write(struct vgic_bank *b, enum bank_reg r, uint32_t v, uint32_t writable)
{
	v &= writable;
	switch (r) {
	case B_ISENABLER: b->enable |= v; break;
	case B_ICENABLER: b->enable &= ~v; break;
	case B_ISPENDR: b->pend |= v; break;
	case B_ICPENDR: b->pend &= ~v; break;	/* a level line stays (it is the input) */
	case B_ISACTIVER: b->active |= v; break;
	case B_ICACTIVER: b->active &= ~v; break;
	}
}

/* Offset 0x100..0x3ff of a bank-register block: which register, which 32-bit index. */
static bool bank_decode(uint64_t off, enum bank_reg *r, unsigned int *idx)
{
	if (off < 0x100 || off >= 0x400)
		return false;
	*r = (enum bank_reg)((off - 0x100) / 0x80);
	*idx = (unsigned int)((off & 0x7f) / 4);
	return true;
}

/* Access-size rules (12.1.3): 4 aligned everywhere, 1 for priorities, 8 where the register is 64-bit. */
static bool size_ok(uint64_t off, unsigned int size, bool byte_ok, bool dword_ok)
{
	if (size == 4)
		return (off & 3) == 0;
	if (size == 1)
		return byte_ok;
	if (size == 8)
		return dword_ok && (off & 7) == 0;
	return false;
}

static bool is_prio(uint64_t off, uint64_t base, uint64_t len)
{
	return off >= base && off < base + len;
}

/* ---- Distributor ---- */

static uint32_t gicd_typer(const struct vgic *d)
{
	return (VGIC_NR_SPI / 32) |			/* ITLinesNumber: 32 * (N + 1) INTIDs */
	       ((d->ncpus - 1) << 5) |			/* CPUNumber (legacy; ARE is on) */
	       (9u << 19);				/* IDbits: 10 bits of INTID; No1N = 0 */
}

static int gicd_check(uint64_t off, unsigned int size)
{
	bool prio = is_prio(off, GICD_IPRIORITYR_OFF, 0x400);
	bool router = off >= GICD_IROUTER_OFF && off < GICD_IROUTER_OFF + 8 * 1020;

	if (off >= VGIC_GICD_SIZE || size > VGIC_GICD_SIZE - off || !size_ok(off, size, prio, router))
		return -1;
	return 0;
}

/* Owned SPIs that are pending: the latch, or a level-configured one's line. Lock held. */
static uint32_t spi_pending(const struct vgic *d)
{
	return (d->spi.pend | (d->level & ~d->spi.edge) | d->spi.line) & d->owned;
}

/* SPI slot of INTID intid if the partition owns it, else -1. */
static int spi_slot(const struct vgic *d, unsigned int intid)
{
	if (intid < 32 || intid >= VGIC_NR_IRQ || !(d->owned & (1u << (intid - 32))))
		return -1;
	return (int)(intid - 32);
}

static int gicd_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	struct vgic *d = ctx;
	enum bank_reg r;
	unsigned int idx;
	uint64_t v = 0;

	if (gicd_check(off, size))
		return -1;
	spin_lock(&d->lock);
	if (off == GICD_CTLR_OFF) {
		v = d->ctlr | VGIC_CTLR_ARE | VGIC_CTLR_DS;
	} else if (off == GICD_TYPER_OFF) {
		v = gicd_typer(d);
	} else if (off == GICD_IIDR_OFF) {
		v = VGIC_IIDR;
	} else if (off == GICD_PIDR2_OFF) {
		v = VGIC_PIDR2;
	} else if (off >= GICD_IGROUPR_OFF && off < GICD_IGROUPR_OFF + 0x80) {
		v = (off - GICD_IGROUPR_OFF) / 4 == 1 ? d->owned : 0;	/* owned SPIs: Group 1 */
	} else if (bank_decode(off, &r, &idx)) {
		/* 0: private (in the GICR with ARE); 1: the owned SPIs. */
		if (idx == 1)
			v = (r == B_ISPENDR || r == B_ICPENDR ? spi_pending(d) : bank_read(&d->spi, r)) & d->owned;
	} else if (is_prio(off, GICD_IPRIORITYR_OFF, 0x400)) {
		for (unsigned int i = 0; i < size; i++) {
			int s = spi_slot(d, (unsigned int)(off - GICD_IPRIORITYR_OFF) + i);

			if (s >= 0)
				v |= (uint64_t)d->spi.prio[s] << (8 * i);
		}
	} else if (off >= GICD_ICFGR_OFF + 8 && off < GICD_ICFGR_OFF + 16) {
		unsigned int first = (unsigned int)(off - GICD_ICFGR_OFF - 8) * 4;	/* SPI 0 or 16 */

		for (unsigned int i = 0; i < 16; i++)
			if (d->spi.edge & d->owned & (1u << (first + i)))
				v |= 2ull << (2 * i);
	} else if (off >= GICD_IROUTER_OFF && off < GICD_IROUTER_OFF + 8 * VGIC_NR_IRQ) {
		unsigned int intid = (unsigned int)((off - GICD_IROUTER_OFF) / 8);

		if (spi_slot(d, intid) >= 0) {
			v = d->route[intid - 32];
			if (off & 4)
				v >>= 32;
			else if (size == 4)
				v &= 0xffffffffull;
		}
	}
	spin_unlock(&d->lock);
	*val = v;
	return 0;
}

static void route_write(struct vgic *d, unsigned int spi, uint64_t off, unsigned int size, uint64_t val)
{
	uint64_t cur = d->route[spi];

	if (size == 8)
		cur = val;
	else if (off & 4)
		cur = (cur & 0xffffffffull) | (val << 32);
	else
		cur = (cur & ~0xffffffffull) | (val & 0xffffffffull);
	d->route[spi] = cur & IROUTER_BITS;
	/* The per-vCPU masks the entry path reads (an affinity that is no vCPU gets none). */
	for (unsigned int c = 0; c < d->ncpus; c++)
		d->cpu[c].spis = (d->cpu[c].spis & ~(1u << spi)) | ((uint32_t)(d->route[spi] == c) << spi);
	d->irm = (d->irm & ~(1u << spi)) | ((uint32_t)!!(d->route[spi] & IROUTER_IRM) << spi);
}

static int gicd_write(void *ctx, uint64_t off, unsigned int size, uint64_t val)
{
	struct vgic *d = ctx;
	enum bank_reg r;
	unsigned int idx;

	if (gicd_check(off, size))
		return -1;
	spin_lock(&d->lock);
	if (off == GICD_CTLR_OFF) {
		d->ctlr = (uint32_t)val & VGIC_CTLR_EN_G1;
	} else if (bank_decode(off, &r, &idx)) {
		if (idx == 1)
			bank_write(&d->spi, r, (uint32_t)val, d->owned);
	} else if (is_prio(off, GICD_IPRIORITYR_OFF, 0x400)) {
		for (unsigned int i = 0; i < size; i++) {
			int s = spi_slot(d, (unsigned int)(off - GICD_IPRIORITYR_OFF) + i);

			if (s >= 0)
				d->spi.prio[s] = (uint8_t)(val >> (8 * i)) & PRIO_MASK;
		}
	} else if (off >= GICD_ICFGR_OFF + 8 && off < GICD_ICFGR_OFF + 16) {
		unsigned int first = (unsigned int)(off - GICD_ICFGR_OFF - 8) * 4;

		for (unsigned int i = 0; i < 16; i++) {
			uint32_t bit = (1u << (first + i)) & d->owned;

			d->spi.edge = (val & (2ull << (2 * i))) ? d->spi.edge | bit : d->spi.edge & ~bit;
		}
	} else if (off >= GICD_IROUTER_OFF && off < GICD_IROUTER_OFF + 8 * VGIC_NR_IRQ) {
		int s = spi_slot(d, (unsigned int)((off - GICD_IROUTER_OFF) / 8));

		if (s >= 0)
			route_write(d, (unsigned int)s, off, size, val);
	}
	/* Everything else: RAZ/WI (IGROUPR RAO/WI, ICFGR0/1 and bank 0 RES0 with ARE, SPIs not owned). */
	spin_unlock(&d->lock);
	return 0;
}

const struct mmio_ops vgic_gicd_ops = { .read = gicd_read, .write = gicd_write };

/* ---- Redistributors ---- */

static int gicr_check(const struct vgic *d, uint64_t off, unsigned int size, unsigned int *cpu, uint64_t *o)
{
	uint64_t in;

	if (off >= vgic_gicr_size(d) || size > vgic_gicr_size(d) - off)
		return -1;
	*cpu = (unsigned int)(off / VGIC_GICR_STRIDE);
	in = off % VGIC_GICR_STRIDE;
	if (!size_ok(in, size, is_prio(in, GICR_SGI_OFF + 0x400, 0x20),
		     in == GICR_TYPER_OFF))
		return -1;
	*o = in;
	return 0;
}

static uint64_t gicr_typer(const struct vgic *d, unsigned int cpu)
{
	return ((uint64_t)cpu << 32) |			/* Affinity_Value: Aff0 = vCPU index */
	       ((uint64_t)cpu << 8) |			/* Processor_Number */
	       (cpu + 1 == d->ncpus ? (1u << 4) : 0);	/* Last */
}

static int gicr_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	struct vgic *d = ctx;
	struct vgic_cpu *vc;
	unsigned int cpu, idx;
	enum bank_reg r;
	uint64_t o, v = 0;

	if (gicr_check(d, off, size, &cpu, &o))
		return -1;
	vc = &d->cpu[cpu];
	spin_lock(&d->lock);
	if (o == GICR_IIDR_OFF) {
		v = VGIC_IIDR;
	} else if (o == GICR_TYPER_OFF || o == GICR_TYPER_OFF + 4) {
		v = gicr_typer(d, cpu);
		if (o & 4)
			v >>= 32;
		else if (size == 4)
			v &= 0xffffffffull;
	} else if (o == GICR_WAKER_OFF) {
		v = vc->waker ? (GICR_WAKER_PS | GICR_WAKER_CA) : 0;
	} else if (o == GICR_PIDR2_OFF) {
		v = VGIC_PIDR2;
	} else if (o == GICR_SGI_OFF + GICD_IGROUPR_OFF) {
		v = 0xffffffffu;				/* Group 1 */
	} else if (o >= GICR_SGI_OFF && bank_decode(o - GICR_SGI_OFF, &r, &idx)) {
		v = idx == 0 ? bank_read(&vc->priv, r) : 0;
	} else if (is_prio(o, GICR_SGI_OFF + 0x400, 0x20)) {
		unsigned int first = (unsigned int)(o - GICR_SGI_OFF - 0x400);

		for (unsigned int i = 0; i < size; i++)
			v |= (uint64_t)vc->priv.prio[first + i] << (8 * i);
	} else if (o == GICR_SGI_OFF + 0xc00) {
		v = 0xaaaaaaaau;				/* SGIs: edge, fixed */
	} else if (o == GICR_SGI_OFF + 0xc04) {
		for (unsigned int i = 0; i < 16; i++)
			if (vc->priv.edge & (1u << (16 + i)))
				v |= 2ull << (2 * i);
	}
	spin_unlock(&d->lock);
	*val = v;
	return 0;
}

static int gicr_write(void *ctx, uint64_t off, unsigned int size, uint64_t val)
{
	struct vgic *d = ctx;
	struct vgic_cpu *vc;
	unsigned int cpu, idx;
	enum bank_reg r;
	uint64_t o;

	if (gicr_check(d, off, size, &cpu, &o))
		return -1;
	vc = &d->cpu[cpu];
	spin_lock(&d->lock);
	if (o == GICR_WAKER_OFF) {
		vc->waker = (uint32_t)val & GICR_WAKER_PS;	/* ChildrenAsleep follows at once */
	} else if (o >= GICR_SGI_OFF && bank_decode(o - GICR_SGI_OFF, &r, &idx)) {
		if (idx == 0)
			bank_write(&vc->priv, r, (uint32_t)val, 0xffffffffu);
	} else if (is_prio(o, GICR_SGI_OFF + 0x400, 0x20)) {
		unsigned int first = (unsigned int)(o - GICR_SGI_OFF - 0x400);

		for (unsigned int i = 0; i < size; i++)
			vc->priv.prio[first + i] = (uint8_t)(val >> (8 * i)) & PRIO_MASK;
	} else if (o == GICR_SGI_OFF + 0xc04) {
		for (unsigned int i = 0; i < 16; i++) {
			uint32_t bit = 1u << (16 + i);

			vc->priv.edge = (val & (2ull << (2 * i))) ? vc->priv.edge | bit : vc->priv.edge & ~bit;
		}
	}
	/* Everything else RAZ/WI: GICR_CTLR (no LPIs), TYPER/IIDR/PIDR2 read-only, ICFGR0 fixed. */
	spin_unlock(&d->lock);
	return 0;
}

const struct mmio_ops vgic_gicr_ops = { .read = gicr_read, .write = gicr_write };

/* ---- Interrupt state for vcpu.c ---- */

void vgic_set_line(struct vgic *d, unsigned int cpu, unsigned int intid, bool level, bool hw)
{
	uint32_t bit;

	if (cpu >= d->ncpus || intid < 16 || intid >= 32)
		return;
	bit = 1u << intid;
	spin_lock(&d->lock);
	d->cpu[cpu].priv.line = level ? d->cpu[cpu].priv.line | bit : d->cpu[cpu].priv.line & ~bit;
	d->cpu[cpu].priv.hw = hw ? d->cpu[cpu].priv.hw | bit : d->cpu[cpu].priv.hw & ~bit;
	spin_unlock(&d->lock);
}

void vgic_pend_private(struct vgic *d, unsigned int cpu, unsigned int intid)
{
	if (cpu >= d->ncpus || intid >= 32)
		return;
	spin_lock(&d->lock);
	d->cpu[cpu].priv.pend |= 1u << intid;
	spin_unlock(&d->lock);
}

int vgic_own_spi(struct vgic *d, unsigned int intid, bool edge)
{
	uint32_t m;

	if (intid < 32 || intid >= VGIC_NR_IRQ)
		return -1;
	m = 1u << (intid - 32);
	spin_lock(&d->lock);
	d->owned |= m;
	d->spi.edge = edge ? d->spi.edge | m : d->spi.edge & ~m;
	spin_unlock(&d->lock);
	return 0;
}

int vgic_own_spi_hw(struct vgic *d, unsigned int intid)
{
	if (vgic_own_spi(d, intid, false))
		return -1;
	spin_lock(&d->lock);
	d->spi.hw |= 1u << (intid - 32);
	spin_unlock(&d->lock);
	return 0;
}

bool vgic_spi_hw_fire(struct vgic *d, unsigned int intid)
{
	bool ok;

	spin_lock(&d->lock);
	ok = spi_slot(d, intid) >= 0 && (d->spi.hw & (1u << (intid - 32)));
	if (ok)
		d->spi.line |= 1u << (intid - 32);
	spin_unlock(&d->lock);
	return ok;
}

int vgic_pend_spi(struct vgic *d, unsigned int intid)
{
	int ret = -1;

	spin_lock(&d->lock);
	if (spi_slot(d, intid) >= 0) {
		ret = !(d->spi.pend & (1u << (intid - 32)));
		d->spi.pend |= 1u << (intid - 32);
	}
	spin_unlock(&d->lock);
	return ret;
}

bool vgic_set_spi_level(struct vgic *d, unsigned int intid, bool level)
{
	bool rose = false;
	uint32_t m;

	spin_lock(&d->lock);
	if (spi_slot(d, intid) >= 0) {
		m = 1u << (intid - 32);
		rose = level && !(d->level & m);
		if (rose && (d->spi.edge & m))
			d->spi.pend |= m;	/* an edge-configured SPI latches the rising edge */
		d->level = level ? d->level | m : d->level & ~m;
	}
	spin_unlock(&d->lock);
	return rose;
}

bool vgic_busy(struct vgic *d, unsigned int cpu, unsigned int intid)
{
	const struct vgic_bank *b;
	bool busy;

	if (cpu >= d->ncpus || intid >= 32)
		return false;
	spin_lock(&d->lock);
	b = &d->cpu[cpu].priv;
	busy = ((b->pend | b->line | b->active) >> intid) & 1;
	spin_unlock(&d->lock);
	return busy;
}

/* Deliverable (pending, not active, enabled) interrupts of a bank, when forwarding is on. */
static uint32_t bank_ready(const struct vgic_bank *b)
{
	return (b->pend | b->line) & b->enable & ~b->active;
}

static bool forwarding(const struct vgic *d, unsigned int cpu)
{
	return (d->ctlr & VGIC_CTLR_EN_G1) && !d->cpu[cpu].waker;
}

/* The vCPU 1-of-N SPIs go to: the lowest-numbered one whose redistributor is awake, else 0. */
static unsigned int irm_target(const struct vgic *d)
{
	for (unsigned int c = 0; c < d->ncpus; c++)
		if (!d->cpu[c].waker)
			return c;
	return 0;
}

/* Owned SPIs routed to vCPU cpu (IROUTER Aff0 = cpu, the other affinity fields 0; or 1 of N). */
static uint32_t spi_mine(const struct vgic *d, unsigned int cpu)
{
	uint32_t m = d->cpu[cpu].spis;

	if (d->irm && irm_target(d) == cpu)
		m |= d->irm;
	return m & d->owned;
}

/* Deliverable SPIs (pending, not active, enabled): the latch or a level line. Lock held. */
static uint32_t spi_ready(const struct vgic *d)
{
	return spi_pending(d) & d->spi.enable & ~d->spi.active;
}

int vgic_spi_target(struct vgic *d, unsigned int intid)
{
	int t = -1;

	spin_lock(&d->lock);
	if (spi_slot(d, intid) >= 0) {
		uint64_t r = d->route[intid - 32];

		if (r & IROUTER_IRM)
			t = (int)irm_target(d);
		else if (r < d->ncpus)
			t = (int)r;
	}
	spin_unlock(&d->lock);
	return t;
}

bool vgic_deliverable(struct vgic *d, unsigned int cpu, unsigned int pmr, bool grp1)
{
	bool any = false;

	if (cpu >= d->ncpus || !grp1)
		return false;
	spin_lock(&d->lock);
	if (forwarding(d, cpu)) {
		uint32_t p = bank_ready(&d->cpu[cpu].priv), s = spi_ready(d) & spi_mine(d, cpu);

		for (unsigned int i = 0; i < 32 && !any; i++)
			any = ((p >> i) & 1 && d->cpu[cpu].priv.prio[i] < pmr) ||
			      ((s >> i) & 1 && d->spi.prio[i] < pmr);
	}
	spin_unlock(&d->lock);
	return any;
}

/*
 * The list register of owned SPI bit (intid 32 + bit). A software SPI: its
 * active state and an edge's latch move to the list register; a level
 * SPI's latch stays until vgic_sync() sees the guest took it, and its line
 * is the input, never consumed. A HW-linked one (passthrough): its firing
 * moves to the list register, which names the physical INTID.
 */
static uint64_t lr_make_spi(struct vgic *d, unsigned int bit)
{
	uint32_t m = 1u << bit;
	uint64_t lr = (32u + bit) | ICH_LR_GROUP1 | ((uint64_t)d->spi.prio[bit] << ICH_LR_PRIO_SHIFT);

	d->lr_latch &= ~m;
	if (d->spi.hw & m) {
		/*
		 * HW-linked (a passthrough SPI): as lr_make() does for the timer; never
		 * pending + active, so an active one's latch stays here, unreported.
		 */
		lr |= ICH_LR_HW | ((uint64_t)(32u + bit) << ICH_LR_PINTID_SHIFT);
		if (d->spi.active & m) {
			lr |= ICH_LR_STATE_A;
		} else if (spi_pending(d) & m) {
			lr |= ICH_LR_STATE_P;
			d->lr_latch |= d->spi.pend & m;
			if (d->spi.edge & m)
				d->spi.pend &= ~m;	/* configured edge by the guest: the latch moves too */
		}
		if (!(d->spi.active & m))
			d->spi.line &= ~m;	/* the physical one's pending state moved to the list register */
		d->spi.active &= ~m;
		return lr;
	}
	if (d->spi.active & m)
		lr |= ICH_LR_STATE_A;
	if (spi_pending(d) & m) {
		lr |= ICH_LR_STATE_P;
		d->lr_latch |= d->spi.pend & m;
	}
	if (d->spi.edge & m)
		d->spi.pend &= ~m;
	d->spi.active &= ~m;
	return lr;
}

static uint64_t lr_make(struct vgic_bank *b, unsigned int bit, unsigned int intid)
{
	uint32_t m = 1u << bit;
	bool hw = b->hw & m;
	uint64_t lr = intid | ICH_LR_GROUP1 | ((uint64_t)b->prio[bit] << ICH_LR_PRIO_SHIFT);

	if (b->active & m)
		lr |= ICH_LR_STATE_A;
	/* HW=1 with pending+active is not allowed (12.4.6): an active HW interrupt is just active. */
	if ((b->pend | b->line) & m && !(hw && (b->active & m)))
		lr |= ICH_LR_STATE_P;
	if (hw)
		lr |= ICH_LR_HW | ((uint64_t)intid << ICH_LR_PINTID_SHIFT);
	b->pend &= ~m;
	b->line &= ~m;
	b->active &= ~m;
	return lr;
}

unsigned int vgic_flush(struct vgic *d, unsigned int cpu, uint64_t *lr, unsigned int nlr, bool *more)
{
	struct vgic_cpu *vc;
	unsigned int n = 0;
	uint32_t pa, sa, pr = 0, sr = 0;

	*more = false;
	for (unsigned int i = 0; i < nlr; i++)
		lr[i] = 0;
	if (cpu >= d->ncpus)
		return 0;
	vc = &d->cpu[cpu];
	spin_lock(&d->lock);
	pa = vc->priv.active;
	sa = d->spi.active & spi_mine(d, cpu);
	if (forwarding(d, cpu)) {
		pr = bank_ready(&vc->priv);
		sr = spi_ready(d) & spi_mine(d, cpu);
	}
	/* The common case on every entry: nothing to put in a list register. */
	if (!(pa | sa | pr | sr)) {
		spin_unlock(&d->lock);
		return 0;
	}
	/* Active ones first (their EOI must find them), then the rest by priority, lower INTID first. */
	for (uint32_t m = pa; m && n < nlr; m &= m - 1)
		lr[n++] = lr_make(&vc->priv, (unsigned int)__builtin_ctz(m), (unsigned int)__builtin_ctz(m));
	for (uint32_t m = sa; m && n < nlr; m &= m - 1)
		lr[n++] = lr_make_spi(d, (unsigned int)__builtin_ctz(m));
	while (pr | sr) {
		unsigned int best = 64, bprio = 256;

		for (unsigned int i = 0; i < 32; i++) {
			if ((pr >> i) & 1 && vc->priv.prio[i] < bprio) {
				best = i;
				bprio = vc->priv.prio[i];
			}
		}
		for (unsigned int i = 0; i < 32; i++) {
			if ((sr >> i) & 1 && d->spi.prio[i] < bprio) {
				best = 32 + i;
				bprio = d->spi.prio[i];
			}
		}
		if (n >= nlr) {
			*more = true;
			break;
		}
		if (best < 32) {
			lr[n++] = lr_make(&vc->priv, best, best);
			pr &= ~(1u << best);
		} else {
			lr[n++] = lr_make_spi(d, best - 32);
			sr &= ~(1u << (best - 32));
		}
	}
	if (vc->priv.active || (d->spi.active & spi_mine(d, cpu)))
		*more = true;	/* active ones left out: more than nlr at once */
	spin_unlock(&d->lock);
	return n;
}

void vgic_sync(struct vgic *d, unsigned int cpu, const uint64_t *lr, unsigned int n)
{
	if (cpu >= d->ncpus)
		return;
	spin_lock(&d->lock);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t v = lr[i];
		uint32_t intid = (uint32_t)v;
		struct vgic_bank *b;
		uint32_t m;

		if (intid >= 32 && intid < VGIC_NR_IRQ) {
			m = 1u << (intid - 32);
			/* A level SPI's latch this LR reported: the guest took it (an active HW LR does not carry it). */
			if (!(v & ICH_LR_STATE_P) && !(d->spi.edge & m) && (d->lr_latch & m))
				d->spi.pend &= ~m;
			d->lr_latch &= ~m;
		}
		if (!(v & (ICH_LR_STATE_P | ICH_LR_STATE_A)) || intid >= VGIC_NR_IRQ)
			continue;
		b = intid < 32 ? &d->cpu[cpu].priv : &d->spi;
		m = 1u << (intid & 31);
		if (intid >= 32 && !(d->spi.edge & m) && !(v & ICH_LR_HW)) {
			/* Level SPI: pending stays the latch (kept) or the line. */
		} else if (v & ICH_LR_STATE_P) {
			if (v & ICH_LR_HW)
				b->line |= m;
			else
				b->pend |= m;
		}
		if (v & ICH_LR_STATE_A)
			b->active |= m;
	}
	spin_unlock(&d->lock);
}
