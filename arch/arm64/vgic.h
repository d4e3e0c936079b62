/* SPDX-License-Identifier: MIT */
/*
 * The virtual GICv3 of an arm64 partition: the emulated distributor (GICD,
 * one per partition) and redistributors (GICR, one RD + SGI frame pair per
 * vCPU) on the partition's MMIO bus, the per-vCPU interrupt state, and the
 * two pure translations between that state and the GICv3 list registers
 * (ICH_LR<n>_EL2): vgic_flush() before entry, vgic_sync() after exit.
 * vcpu.c owns the system registers (it reads and writes the LRs, VMCR,
 * APRs and ICH_HCR_EL2); this file is plain C, tested on the host.
 *
 * The model (GIC architecture specification IHI 0069H):
 *  - One security state (GICD_CTLR.DS = 1), affinity routing only
 *    (ARE RAO/WI), Group 1 only (IGROUPR RAO/WI, EnableGrp0 RAZ/WI).
 *  - INTIDs 0-15 SGIs (edge), 16-31 PPIs, 32-63 SPIs (GICD_TYPER
 *    ITLinesNumber = 1); no LPIs, no extended ranges.
 *  - Only the SPIs the partition owns exist (vgic_own_spi(): its console's
 *    interrupt, its doorbells, its devices' interrupts, from the manifest):
 *    every register bit, priority, configuration and route of another SPI
 *    reads as zero and ignores writes, like an unimplemented INTID (12.9).
 *  - SPI routing: IROUTER Aff0 names the vCPU (Aff1-3 must be 0); IRM = 1
 *    (1 of N, GICD_TYPER.No1N = 0) delivers to the lowest-numbered vCPU
 *    whose redistributor is awake (vCPU 0 if none is).
 *  - An SPI's input line (vgic_set_spi_level, e.g. the vPL011) is kept
 *    apart from its pending latch: a level-configured SPI (GICD_ICFGR) is
 *    pending while the line is high, so it is pending again after the
 *    guest's EOI if the line is still high; an edge-configured one latches
 *    pending on a rising line. A list register never consumes the line.
 *    Doorbells (vgic_pend_spi) set the latch.
 *  - A passthrough device's SPI (vgic_own_spi_hw) is HW-linked to the
 *    physical SPI of the same number, as the virtual timer's PPI: the
 *    arch acknowledges the physical one, leaves it active and calls
 *    vgic_spi_hw_fire(); its list register carries HW = 1, so the guest's
 *    deactivation deactivates the physical interrupt (12.4.6).
 *  - Every register is 32-bit and aligned unless the spec allows more:
 *    IPRIORITYR also bytes, IROUTER and GICR_TYPER also 64-bit. Any other
 *    size or alignment is refused (the access aborts); an unknown or
 *    reserved offset reads as zero and ignores writes (12.1.2).
 *  - Pending = the latch (ISPENDR, SGIs, software) or the line (a level
 *    input driven by vcpu.c: the virtual timer).
 *  - ISACTIVER/ICACTIVER act on the state as of the owning vCPU's last
 *    exit; a change made by another vCPU while the owner runs with that
 *    interrupt in a list register is overtaken by the list register.
 *
 * Locking: vgic.lock serialises every access to one partition's state; it
 * is a leaf lock (nothing is taken inside it): taken from the stage-2
 * fault path and the entry path with no other lock held, inside the
 * vPL011's lock when its line changes, and inside the partition's lock for
 * console input, doorbells and passthrough SPIs (docs/architecture.md).
 */
#ifndef ARCH_ARM64_VGIC_H
#define ARCH_ARM64_VGIC_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"
#include "hyp/partition.h"

#define VGIC_GICD_BASE		0x08000000ull	/* QEMU virt's layout */
#define VGIC_GICD_SIZE		0x10000ull
#define VGIC_GICR_BASE		0x080a0000ull
#define VGIC_GICR_STRIDE	0x20000ull	/* RD_base + SGI_base frames */
#define VGIC_MAX_CPUS		8
#define VGIC_NR_SPI		32
#define VGIC_NR_IRQ		(32 + VGIC_NR_SPI)
#define VGIC_MAX_LR		16

/* Identification the guest sees (chosen here: not a physical GIC's). */
#define VGIC_IIDR		0x0100b042u	/* ProductID 1, Implementer 0x042 */
#define VGIC_PIDR2		0x3bu		/* ArchRev 3 (GICv3) */

/* Distributor offsets (IHI 0069H 12.9). */
#define GICD_CTLR_OFF		0x0000
#define GICD_TYPER_OFF		0x0004
#define GICD_IIDR_OFF		0x0008
#define GICD_IGROUPR_OFF	0x0080
#define GICD_ISENABLER_OFF	0x0100
#define GICD_ICENABLER_OFF	0x0180
#define GICD_ISPENDR_OFF	0x0200
#define GICD_ICPENDR_OFF	0x0280
#define GICD_ISACTIVER_OFF	0x0300
#define GICD_ICACTIVER_OFF	0x0380
#define GICD_IPRIORITYR_OFF	0x0400
#define GICD_ICFGR_OFF		0x0c00
#define GICD_IROUTER_OFF	0x6000
#define GICD_PIDR2_OFF		0xffe8

#define VGIC_CTLR_EN_G1		(1u << 1)
#define VGIC_CTLR_ARE		(1u << 4)
#define VGIC_CTLR_DS		(1u << 6)

/* Redistributor offsets (12.10, 12.11); SGI frame offsets include the 64 KiB. */
#define GICR_CTLR_OFF		0x0000
#define GICR_IIDR_OFF		0x0004
#define GICR_TYPER_OFF		0x0008
#define GICR_WAKER_OFF		0x0014
#define GICR_PIDR2_OFF		0xffe8
#define GICR_SGI_OFF		0x10000
#define GICR_WAKER_PS		(1u << 1)	/* ProcessorSleep */
#define GICR_WAKER_CA		(1u << 2)	/* ChildrenAsleep */

/* ICH_LR<n>_EL2 fields (12.4.6). */
#define ICH_LR_STATE_P		(1ull << 62)
#define ICH_LR_STATE_A		(1ull << 63)
#define ICH_LR_HW		(1ull << 61)
#define ICH_LR_GROUP1		(1ull << 60)
#define ICH_LR_PRIO_SHIFT	48
#define ICH_LR_PINTID_SHIFT	32
#define ICH_LR_EOI		(1ull << 41)

/* One interrupt's bits in a 32-interrupt bank. */
struct vgic_bank {
	uint32_t enable, pend, line, active, edge;
	uint32_t hw;		/* line driven by the physical INTID of the same number (LR HW bit) */
	uint8_t prio[32];
};

struct vgic_cpu {
	struct vgic_bank priv;		/* SGIs and PPIs */
	uint32_t waker;			/* GICR_WAKER.ProcessorSleep */
	uint32_t spis;			/* SPIs whose IROUTER (IRM = 0) names this vCPU (kept with route[]) */
};

struct vgic {
	struct spinlock lock;
	/* Immutable after vgic_init(). */
	unsigned int ncpus;
	/* Protected by lock. */
	uint32_t owned;			/* SPIs that exist (bit n = INTID 32 + n); set before the guest runs */
	uint32_t ctlr;			/* EnableGrp1 */
	struct vgic_bank spi;		/* INTIDs 32-63 (line, hw: HW-linked SPIs only; see level) */
	uint32_t level;			/* SPI input lines (vgic_set_spi_level), never consumed */
	uint32_t irm;			/* SPIs routed 1 of N (IROUTER.IRM = 1) */
	uint64_t route[VGIC_NR_SPI];	/* IROUTER: affinity (Aff0 = vCPU index) and IRM */
	uint32_t lr_latch;		/* level SPIs whose latch a list register reports as pending (vgic_flush):
					   only their latch can be taken by the guest (vgic_sync) */
	struct vgic_cpu cpu[VGIC_MAX_CPUS];
};

/* Reset state for a partition of ncpus vCPUs (1..VGIC_MAX_CPUS); -1 otherwise. */
int vgic_init(struct vgic *d, unsigned int ncpus) __must_check;

/* Size of the redistributor region for d (ncpus frames pairs). */
static inline uint64_t vgic_gicr_size(const struct vgic *d)
{
	return (uint64_t)d->ncpus * VGIC_GICR_STRIDE;
}

/* MMIO-bus callbacks: vgic_gicd_ops (ctx = struct vgic) and vgic_gicr_ops (ctx = struct vgic). */
extern const struct mmio_ops vgic_gicd_ops;
extern const struct mmio_ops vgic_gicr_ops;

/*
 * Set the line level of private interrupt intid (16..31) of vCPU cpu;
 * hw links it to the physical INTID of the same number (list register HW
 * bit: the guest's deactivation deactivates the physical interrupt).
 * Takes d->lock.
 */
void vgic_set_line(struct vgic *d, unsigned int cpu, unsigned int intid, bool level, bool hw);

/* Make SGI/PPI intid (0..31) of vCPU cpu pending (the latch). Takes d->lock. */
void vgic_pend_private(struct vgic *d, unsigned int cpu, unsigned int intid);

/*
 * Make SPI intid (32..VGIC_NR_IRQ-1) exist for the partition, configured
 * edge-triggered (doorbells) or level-sensitive (device lines); the guest
 * may reprogram the configuration in GICD_ICFGR. Call before the guest runs
 * (arch_part_init). Returns 0, or -1 for an INTID outside the SPI range.
 * Takes d->lock.
 */
int vgic_own_spi(struct vgic *d, unsigned int intid, bool edge) __must_check;

/*
 * Make SPI intid exist as a level SPI HW-linked to the physical SPI of the
 * same number (a passthrough device's). 0, or -1 outside the SPI range.
 * Call before the guest runs. Takes d->lock.
 */
int vgic_own_spi_hw(struct vgic *d, unsigned int intid) __must_check;

/*
 * The physical SPI intid (HW-linked, see vgic_own_spi_hw) was acknowledged
 * and is held active for the guest: pending until a list register takes
 * it. false (nothing done) if intid is not such an SPI of d. Takes d->lock.
 */
bool vgic_spi_hw_fire(struct vgic *d, unsigned int intid);

/*
 * Make owned SPI intid pending (the latch: an edge, a doorbell). Returns 1
 * if it became pending, 0 if the latch was already set (nothing new to
 * wake anyone for), -1 (ignored) if the SPI is not owned. Takes d->lock.
 */
int vgic_pend_spi(struct vgic *d, unsigned int intid);

/*
 * Drive the input line of owned SPI intid (others ignored). Returns true
 * when the SPI became pending by it (a level-configured SPI's line rising,
 * or an edge-configured one latched), so the caller kicks its target
 * vCPU. Takes d->lock.
 */
bool vgic_set_spi_level(struct vgic *d, unsigned int intid, bool level);

/*
 * The vCPU SPI intid is routed to now (IROUTER, or the 1-of-N choice), or
 * -1 if it is not owned or routed to no vCPU of the partition. Takes d->lock.
 */
int vgic_spi_target(struct vgic *d, unsigned int intid);

/* True if private interrupt intid of vCPU cpu is pending (latch or line) or active. Takes d->lock. */
bool vgic_busy(struct vgic *d, unsigned int cpu, unsigned int intid);

/*
 * True if vCPU cpu has an interrupt the virtual CPU interface would signal:
 * pending, not active, enabled, group 1 enabled in the distributor, its
 * redistributor awake, and priority below pmr when grp1 (the guest's
 * ICC_IGRPEN1_EL1) is set. Takes d->lock.
 */
bool vgic_deliverable(struct vgic *d, unsigned int cpu, unsigned int pmr, bool grp1);

/*
 * Move the interrupts vCPU cpu should see into list-register values
 * lr[0..nlr-1] (unused ones 0): all its active ones first, then pending
 * deliverable ones by priority. Their pending and active state leaves the
 * model (the list registers own it until vgic_sync()). *more is set when
 * deliverable interrupts were left out (the caller asks for an underflow
 * maintenance interrupt). Returns the number of list registers used.
 * Takes d->lock.
 */
unsigned int vgic_flush(struct vgic *d, unsigned int cpu, uint64_t *lr, unsigned int nlr, bool *more);

/* Fold list-register values read back after an exit into the model (OR-merge). Takes d->lock. */
void vgic_sync(struct vgic *d, unsigned int cpu, const uint64_t *lr, unsigned int n);

#endif
