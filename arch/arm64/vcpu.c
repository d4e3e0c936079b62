// SPDX-License-Identifier: MIT
/*
 * Running guests on arm64 at EL2: the hooks of hyp/arch_vcpu.h.
 *
 *  - EL2 set-up on every CPU [init_hyp_mode] (arch_cpu_guest_init, called
 *    by hyp/part_boot.c): HCR_EL2 (stage 2 on, IRQ/FIQ/
 *    SError routed here, WFI/WFE, SMC, set/way and ACTLR traps), CNTHCTL_EL2
 *    (the EL1 physical timer trapped, counters readable), VPIDR_EL2,
 *    MDCR_EL2, the guest vectors, and the GICv3 CPU interface and
 *    redistributor for the two interrupts the hypervisor takes: its EL2
 *    physical timer (PPI 26, time slices) and SGI 0 (kicks).
 *  - The VMID width from ID_AA64MMFR1_EL1.VMIDBits, capped at build time
 *    (make ARM64_VMID_BITS=n) and on the command line (bulkhead.vmid-bits=n)
 *    (arch_vmid_bits).
 *  - VTCR_EL2 per partition from its stage-2 table (pt_s2.c) and the CPU's
 *    PARange; VTTBR_EL2 = the table root with the VMID of this stay.
 *  - The vCPU context: general registers, SP_EL0, PC, PSTATE (always saved
 *    by the exit vectors, guest.S), and the EL1 system registers, virtual
 *    timer and FP/SIMD registers, switched lazily: they stay in the CPU
 *    until another vCPU runs there (per-CPU el1_owner). A reset (from any
 *    CPU, while the vCPU is not loaded) only sets reset_el1; the owning CPU
 *    loads the reset values at the next entry.
 *  - Exit decode [kvm_handle_guest_abort, kvm_hvc_call_handler]: stage-2
 *    aborts (trap_decode.c), HVC/SMC (PSCI answered here, everything else
 *    a hypercall exit), WFI, trapped system instructions, interrupts.
 *  - The virtual GICv3's hardware half (vgic.c holds the model): list
 *    registers filled before and read back after every stay, ICH_VMCR/APRs
 *    switched with the EL1 state, the virtual timer's PPI 27 delivered
 *    through an HW list register (its physical active state follows the
 *    vCPU), trapped ICC_SGI1R_EL1 writes turned into SGIs between vCPUs,
 *    the SPIs of the partition's sources: the vPL011's line (uart_irq),
 *    channel doorbells (arch_part_irq_pulse) and passthrough devices'
 *    physical SPIs, HW-linked (pirq_*).
 *  - The MMIO exit fast path arm64_fast_dabt() (called from guest.S, which
 *    also answers HC_VERSION and PSCI_VERSION itself) [fixup_guest_exit].
 *
 * Arm ARM DDI 0487: D13.2 (HCR_EL2, VTCR_EL2, VTTBR_EL2, CNTHCTL_EL2,
 * MDCR_EL2, ID_AA64MMFR0/1_EL1), D1.10 (exception entry); GICv3
 * architecture IHI 0069 (GICR_WAKER, GICR_TYPER, ICC_* registers).
 */
#include <string.h>
#include <stddef.h>
#include "hyp/arch.h"
#include "hyp/arch_vcpu.h"
#include "hyp/partition.h"
#include "hyp/part_boot.h"
#include "hyp/sched.h"
#include "hyp/vpl011.h"
#include "hyp/hypercall.h"
#include "hyp/log.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/guest.h"
#include "arch/arm64/pt_s2.h"
#include "arch/arm64/trap_decode.h"
#include "arch/arm64/vcpu_arm64.h"
#include "arch/arm64/vgic.h"

_Static_assert(offsetof(struct arm64_percpu, guest_ctx) == PCPU_GUEST_CTX, "guest.S offset");
_Static_assert(offsetof(struct arm64_gctx, sp_el0) == GCTX_SP_EL0, "guest.S frame");
_Static_assert(offsetof(struct arm64_gctx, pc) == GCTX_PC, "guest.S frame");
_Static_assert(offsetof(struct arm64_gctx, esr) == GCTX_ESR, "guest.S frame");
_Static_assert(offsetof(struct arm64_gctx, hpfar) == GCTX_HPFAR, "guest.S frame");
_Static_assert(offsetof(struct arm64_gctx, host_sp) == GCTX_HOST_SP, "guest.S frame");
_Static_assert(offsetof(struct arm64_gctx, hc_exits) == GCTX_HC_EXITS, "guest.S frame");
_Static_assert(sizeof(struct arm64_gctx) == GCTX_SIZE, "guest.S frame");
/* What the exit-vector fast path (guest.S) answers must be what the slow path answers. */
_Static_assert(HC_VERSION == ((unsigned int)FAST_HC_VERSION_HI << 16) && HC_OK == 0 &&
	       HC_ABI_VERSION == ((unsigned int)FAST_HC_ABI_VERSION_HI << 16) && VCPU_HC_NRET == 4, "guest.S HC_VERSION");
_Static_assert(PSCI_VERSION_FN == ((unsigned int)FAST_PSCI_VERSION_HI << 16) && PSCI_VERSION_1_1 == (unsigned int)FAST_PSCI_V1_1,
	       "guest.S PSCI_VERSION");
_Static_assert(EC_DABT_LOW == FAST_EC_DABT_LOW && ((EC_HVC64 << 2) | 2) == FAST_ESR_HVC0_TOP, "guest.S ESR");
_Static_assert(offsetof(struct arm64_fpctx, fpsr) == 512, "guest.S fp frame");

/* HCR_EL2 while guests may run (Arm ARM D13.2.48). */
#define HCR_VM		(1ull << 0)
#define HCR_SWIO	(1ull << 1)
#define HCR_FMO		(1ull << 3)
#define HCR_IMO		(1ull << 4)
#define HCR_AMO		(1ull << 5)
#define HCR_FB		(1ull << 9)
#define HCR_BSU_IS	(1ull << 10)
#define HCR_TWI		(1ull << 13)
#define HCR_TWE		(1ull << 14)
#define HCR_TSC		(1ull << 19)
#define HCR_TIDCP	(1ull << 20)
#define HCR_TACR	(1ull << 21)
#define HCR_TSW		(1ull << 22)
#define HCR_RW		(1ull << 31)
#define HCR_GUEST	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
			 HCR_TWI | HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW)

/* CNTHCTL_EL2 (E2H = 0): EL1PCTEN = 1 (counter readable), EL1PCEN = 0 (physical timer traps). */
#define CNTHCTL_GUEST	1ull
/*
 * MDCR_EL2: TDRA | TDOSA | TDA (debug registers trap), and TPM | TPMCR (the
 * PMU traps: it is neither partitioned nor switched) unless
 * bulkhead.guest-pmu=on lends it to guests for benchmarks; HPMN = all
 * counters.
 */
#define MDCR_GUEST	((1ull << 11) | (1ull << 10) | (1ull << 9))
#define MDCR_TPM_TPMCR	((1ull << 6) | (1ull << 5))

/* Reset SCTLR_EL1: RES1 bits only (MMU, caches, alignment checks off). */
#define SCTLR_EL1_RESET	0x30d00800ull
#define PSTATE_RESET	(PSR_MODE_EL1h | PSR_DAIF)

/* The hypervisor's interrupts (GICv3 INTIDs). */
#define INTID_KICK	0	/* SGI 0 */
#define INTID_MAINT	25	/* GIC maintenance interrupt PPI (QEMU virt: PPI 9) */
#define INTID_HYPTIMER	26	/* EL2 physical timer PPI */
#define INTID_VTIMER	27	/* EL1 virtual timer PPI: the running guest's, HW-linked to its vINTID 27 */
#define INTID_SPURIOUS	1023

#ifndef ARM64_VMID_BITS
#define ARM64_VMID_BITS	16
#endif

/* ---- Per-vCPU and per-partition state (static: never freed, see reset_el1) ---- */

struct arm64_el1 {
	uint64_t sctlr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, cpacr, esr, far, afsr0, afsr1, par;
	uint64_t cntkctl, csselr, sp_el1, elr, spsr, cntv_ctl, cntv_cval;
};

struct arm64_vcpu {
	struct arm64_gctx g;		/* owned by v->pcpu; written by reset only while not loaded */
	struct arm64_el1 el1;		/* valid while not the owner of a CPU */
	struct arm64_fpctx fp;
	struct vcpu *v;
	uint64_t vmpidr;
	uint32_t step;			/* bytes to add to PC when the exit completes as NEXT */
	struct arm64_mmio_pend pend;
	/* The virtual CPU interface (switched with the EL1 state, see el1_switch). */
	uint64_t vmcr;			/* ICH_VMCR_EL2 */
	uint64_t ap0r[4], ap1r[4];	/* ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 */
	bool vt_phys_active;		/* physical INTID 27 acknowledged for this vCPU, not yet deactivated */
	bool vt_fired;			/* ... and not yet made the line of its virtual INTID 27 */
	unsigned int nlr_used;		/* list registers vgic_enter() filled */
	bool reset_el1;			/* load reset EL1/FP state at the next entry */
	bool smc;			/* the pending call came by SMC */
	struct arm64_dbg_regs dbg;	/* the guest's (trapped, emulated) debug registers */
};

struct arm64_part {
	uint64_t vtcr;
	uint64_t uart_base;		/* IPA of uart when has_uart */
	bool has_uart;
	bool has_gic;			/* the virtual GICv3 is on its MMIO bus */
	unsigned int uart_irq;		/* the console's SPI (vpl011_set_irq), 0: none */
	struct vpl011 uart;
	struct vgic gic;
};

/* Not cleared at boot (head.S skips .bss.noinit): arch_vcpu_create() clears a slot before use. */
static struct arm64_vcpu vcpus[PART_MAX][MF_MAX_VCPUS] __section(".bss.noinit");
static struct arm64_part parts[PART_MAX];
static const struct arm64_fpctx fp_zero;

static unsigned int vmid_bits = 8;
static unsigned int pa_bits = 40;
static uint64_t cnt_freq = 62500000;
static bool gic_ok;
/* From ICH_VTR_EL2 (boot CPU): list registers and active-priority registers per group. */
static unsigned int ich_nlr, ich_napr;
/* Breakpoints and watchpoints a guest's emulated debug registers have (ID_AA64DFR0_EL1, boot CPU). */
static unsigned int dbg_nbrp = 1, dbg_nwrp = 1;
/* Each CPU's own redistributor (RD_base), written once by that CPU. */
static uint64_t gicr_rd[BOOT_MAX_CPUS];

/* ---- small helpers ---- */

static inline uint32_t mmio_r32(uint64_t a) { return *(volatile uint32_t *)(uintptr_t)a; }
static inline void mmio_w32(uint64_t a, uint32_t v) { *(volatile uint32_t *)(uintptr_t)a = v; }
static inline uint64_t mmio_r64(uint64_t a) { return *(volatile uint64_t *)(uintptr_t)a; }

static inline uint64_t ticks_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

static uint64_t ticks_to_ns(uint64_t t)
{
	return t / cnt_freq * 1000000000ull + (t % cnt_freq) * 1000000000ull / cnt_freq;
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / 1000000000ull * cnt_freq + (ns % 1000000000ull) * cnt_freq / 1000000000ull;
}

/* ---- GICv3: the hypervisor's own interrupts ---- */

static void lr_write(unsigned int n, uint64_t v);

#define GICD_CTLR		0x0
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_ARE		(1u << 4)
#define GICD_CTLR_G1		(1u << 1)
#define GICR_WAKER		0x14
#define GICR_TYPER		0x8
#define GICR_SGI		0x10000
#define GICR_IGROUPR0		(GICR_SGI + 0x80)
#define GICR_ISENABLER0		(GICR_SGI + 0x100)
#define GICR_ICENABLER0		(GICR_SGI + 0x180)
#define GICR_ISACTIVER0		(GICR_SGI + 0x300)
#define GICR_ICACTIVER0		(GICR_SGI + 0x380)
#define GICR_IPRIORITYR		(GICR_SGI + 0x400)

static bool wait_clear(uint64_t reg, uint32_t bit)
{
	for (unsigned int i = 0; i < 1000000; i++)
		if (!(mmio_r32(reg) & bit))
			return true;
	return false;
}

static uint64_t gicr_find(uint64_t mpidr)
{
	uint64_t aff = (mpidr & 0xffffff) | (((mpidr >> 32) & 0xff) << 24);
	uint64_t off = 0;

	while (off + 0x20000 <= arm64_plat.gicr_size) {
		uint64_t rd = arm64_plat.gicr_base + off;
		uint64_t typer = mmio_r64(rd + GICR_TYPER);

		if ((typer >> 32) == aff)
			return rd;
		if (typer & (1u << 4))	/* Last */
			break;
		off += (typer & (1u << 1)) ? 0x40000 : 0x20000;	/* VLPIS: four frames */
	}
	return 0;
}

static void gic_dist_init(void)
{
	uint64_t d = arm64_plat.gicd_base;

	mmio_w32(d + GICD_CTLR, mmio_r32(d + GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_G1);
	gic_ok = wait_clear(d + GICD_CTLR, GICD_CTLR_RWP);
}

static bool gic_cpu_init(void)
{
	uint64_t rd = gicr_find(read_sysreg(mpidr_el1));

	if (!rd)
		return false;
	mmio_w32(rd + GICR_WAKER, mmio_r32(rd + GICR_WAKER) & ~2u);	/* ProcessorSleep = 0 */
	if (!wait_clear(rd + GICR_WAKER, 4u))				/* ChildrenAsleep */
		return false;
	/*
	 * The kick SGI, the EL2 timer, the maintenance interrupt and the running
	 * guest's virtual timer (delivered through a HW list register), group 1,
	 * mid priority. Nothing active from before.
	 */
	const uint32_t mine = (1u << INTID_KICK) | (1u << INTID_HYPTIMER) | (1u << INTID_MAINT) | (1u << INTID_VTIMER);

	mmio_w32(rd + GICR_ICENABLER0, ~mine);
	mmio_w32(rd + GICR_IGROUPR0, ~0u);
	mmio_w32(rd + GICR_ICACTIVER0, ~0u);
	*(volatile uint8_t *)(uintptr_t)(rd + GICR_IPRIORITYR + INTID_KICK) = 0x80;
	*(volatile uint8_t *)(uintptr_t)(rd + GICR_IPRIORITYR + INTID_HYPTIMER) = 0x80;
	*(volatile uint8_t *)(uintptr_t)(rd + GICR_IPRIORITYR + INTID_MAINT) = 0x80;
	*(volatile uint8_t *)(uintptr_t)(rd + GICR_IPRIORITYR + INTID_VTIMER) = 0x80;
	mmio_w32(rd + GICR_ISENABLER0, mine);
	if (arch_cpu_id() < BOOT_MAX_CPUS)
		gicr_rd[arch_cpu_id()] = rd;
	/* ICC_SRE_EL2: SRE | DFB | DIB | Enable (EL1 may use its system-register interface). */
	write_sysreg(s3_4_c12_c9_5, 0xfull);
	isb();
	if (!ich_nlr) {
		/* First CPU (the boot CPU): the ICH_* registers are usable now that ICC_SRE_EL2.SRE = 1. */
		uint64_t vtr = read_sysreg(s3_4_c12_c11_1);	/* ICH_VTR_EL2 */
		unsigned int pre = (unsigned int)((vtr >> 26) & 7) + 1;

		ich_nlr = (unsigned int)(vtr & 0x1f) + 1;
		if (ich_nlr > VGIC_MAX_LR)
			ich_nlr = VGIC_MAX_LR;
		/* PREbits (28:26) + 1 preemption bits: 5 -> one APR per group, 6 -> two, 7 -> four. */
		ich_napr = pre >= 7 ? 4 : pre == 6 ? 2 : 1;
	}
	write_sysreg(s3_0_c4_c6_0, 0xffull);		/* ICC_PMR_EL1: all priorities */
	write_sysreg(s3_0_c12_c12_3, 0ull);		/* ICC_BPR1_EL1 */
	/*
	 * ICC_CTLR_EL1.EOImode = 1: EOIR only drops the priority and ICC_DIR_EL1
	 * deactivates, so the virtual timer's INTID 27 can stay active until the
	 * guest deactivates its virtual twin through the HW list register
	 * (IHI 0069H 4.1.1 "Physical CPU interface", 12.4.6 ICH_LR<n>_EL2.HW).
	 */
	write_sysreg(s3_0_c12_c12_4, 2ull);		/* ICC_CTLR_EL1: EOImode 1 */
	write_sysreg(s3_4_c12_c11_0, 0ull);		/* ICH_HCR_EL2: virtual interface off */
	for (unsigned int i = 0; i < ich_nlr; i++)
		lr_write(i, 0ull);
	write_sysreg(s3_0_c12_c12_7, 1ull);		/* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

/* ---- EL2 set-up [init_hyp_mode] ---- */

unsigned int arch_vmid_bits(void)
{
	return vmid_bits;
}

unsigned int arm64_vmid_bits_probe(unsigned int cmdline_cap)
{
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	unsigned int hw = ((mmfr1 >> 4) & 0xf) == 2 ? 16 : 8;
	unsigned int bits = hw;

	if (ARM64_VMID_BITS >= 1 && ARM64_VMID_BITS < bits)
		bits = ARM64_VMID_BITS;
	if (cmdline_cap >= 1 && cmdline_cap < bits)
		bits = cmdline_cap;
	vmid_bits = bits;
	return bits;
}

void arch_cpu_guest_init(bool boot_cpu)
{
	if (boot_cpu) {
		uint64_t f = read_sysreg(cntfrq_el0);

		uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);

		cnt_freq = f >= 1000 ? f : 62500000;
		pa_bits = arm64_mmu_early_state.pa_bits;
		/* BRPs [15:12], WRPs [23:20]: the number minus one (ID regs are not trapped: the guest reads these). */
		dbg_nbrp = (unsigned int)((dfr0 >> 12) & 0xf) + 1;
		dbg_nwrp = (unsigned int)((dfr0 >> 20) & 0xf) + 1;
		gic_dist_init();
	}
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(cnthctl_el2, CNTHCTL_GUEST);
	write_sysreg(cntvoff_el2, 0ull);
	write_sysreg(cnthp_ctl_el2, 0ull);
	write_sysreg(mdcr_el2, MDCR_GUEST | (arm64_opt.guest_pmu ? 0 : MDCR_TPM_TPMCR) |
		     ((read_sysreg(pmcr_el0) >> 11) & 0x1f));
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(vttbr_el2, 0ull);
	write_sysreg(vbar_el2, (uint64_t)(uintptr_t)arm64_guest_vectors);
	isb();
	if (!gic_ok || !gic_cpu_init())
		log_printf("cpu %u: GICv3 redistributor not usable: no time slices or kicks here\n",
			   arch_cpu_id());
	/* Nothing from before may be cached for any VMID. */
	__asm__ volatile("tlbi alle1\n\tdsb nsh\n\tisb" : : : "memory");
}

/* ---- Partition hooks ---- */

int arch_part_s2_config(unsigned int ipa_bits, const struct pt_fmt **fmt, unsigned int *ia_bits,
			unsigned int *cfg)
{
	if (ipa_bits > pa_bits || ipa_bits > pt_fmt_arm64_s2.max_ia_bits)
		return -1;
	*fmt = &pt_fmt_arm64_s2;
	*ia_bits = ipa_bits < pt_fmt_arm64_s2.min_ia_bits ? pt_fmt_arm64_s2.min_ia_bits : ipa_bits;
	*cfg = 0;
	return 0;
}

/*
 * Wake the vCPU SPI intid is routed to after it became pending: a kick if
 * it is on another CPU (it exits and takes it) or sleeping in WFI here
 * (the idle loop wakes and re-checks it); a vCPU running here picks it up
 * at its next entry.
 */
static void spi_kick(struct partition *p, struct arm64_part *ap, unsigned int intid)
{
	int t = vgic_spi_target(&ap->gic, intid);
	struct vcpu *v;

	if (t < 0 || (unsigned int)t >= p->nvcpus)
		return;
	v = &p->vcpu[t];
	dsb_ishst();
	if (v->pcpu != arch_cpu_id() || READ_ONCE(v->wfi))
		arch_cpu_kick(v->pcpu);
}

/* The vPL011's UARTINTR (vpl011_set_irq; ctx = the partition): the level of the console's SPI. */
static void uart_irq(void *ctx, bool level)
{
	struct partition *p = ctx;
	struct arm64_part *ap = p->arch;

	if (vgic_set_spi_level(&ap->gic, ap->uart_irq, level))
		spi_kick(p, ap, ap->uart_irq);
}

/*
 * Input queued for p's console (vcons_set_rx_notify, on the CPU polling the
 * physical console): under p's lock, so a restart cannot re-initialise the
 * vPL011 and the vGIC meanwhile (lock order: partition, vPL011, vGIC).
 */
static void uart_rx_notify(void *ctx)
{
	struct partition *p = ctx;
	struct arm64_part *ap;

	spin_lock(&p->lock);
	ap = p->arch;
	if (p->arch_live && ap && ap->has_uart && ap->uart_irq)
		vpl011_rx_event(&ap->uart);
	spin_unlock(&p->lock);
}

/*
 * Passthrough SPIs [kvm_vgic_map_phys_irq for SPIs]: the physical SPI of a
 * device a partition owns is enabled at the distributor, group 1, routed to
 * the CPU its vCPU 0 is pinned to. gic_drain() acknowledges it, drops the
 * priority but leaves it active (EOImode 1) and makes it the line of the
 * vSPI of the same number (vgic_spi_hw_fire); the list register carries
 * HW = 1, so the guest's EOI deactivates the physical interrupt, which can
 * then fire again. While active it cannot fire, so a guest that never
 * takes it cannot storm the CPU. Written under the owner's lock
 * (arch_part_init / _fini), read by gic_drain on any CPU.
 */
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_IROUTER		0x6000

static struct partition *pirq_owner[VGIC_NR_IRQ];

static void pirq_bit(unsigned int reg, unsigned int intid)
{
	mmio_w32(arm64_plat.gicd_base + reg + 4 * (intid / 32), 1u << (intid % 32));
}

/* Forward physical SPI intid to p (its vGIC owns it as HW-linked). Partition lock held. */
static void pirq_attach(struct partition *p, unsigned int intid)
{
	uint64_t d = arm64_plat.gicd_base;
	unsigned int pcpu = p->nvcpus ? p->vcpu[0].pcpu : 0;
	uint64_t m = pcpu < BOOT_MAX_CPUS ? arm64_percpu[pcpu].mpidr : 0;

	pirq_bit(GICD_ICENABLER, intid);
	pirq_bit(GICD_ICACTIVER, intid);
	mmio_w32(d + GICD_IGROUPR + 4 * (intid / 32), mmio_r32(d + GICD_IGROUPR + 4 * (intid / 32)) | (1u << (intid % 32)));
	*(volatile uint8_t *)(uintptr_t)(d + GICD_IPRIORITYR + intid) = 0x80;
	*(volatile uint64_t *)(uintptr_t)(d + GICD_IROUTER + 8 * intid) = (m & 0xffffffull) | (((m >> 32) & 0xff) << 32);
	__atomic_store_n(&pirq_owner[intid], p, __ATOMIC_RELEASE);
	dsb_ishst();
	pirq_bit(GICD_ISENABLER, intid);
}

/* Stop forwarding p's SPIs: disabled, not pending, not active (a guest that never EOIed). Lock held. */
static void pirq_detach(struct partition *p)
{
	for (unsigned int i = 32; i < VGIC_NR_IRQ; i++) {
		if (__atomic_load_n(&pirq_owner[i], __ATOMIC_ACQUIRE) != p)
			continue;
		pirq_bit(GICD_ICENABLER, i);
		__atomic_store_n(&pirq_owner[i], NULL, __ATOMIC_RELEASE);
		pirq_bit(GICD_ICPENDR, i);
		pirq_bit(GICD_ICACTIVER, i);
	}
}

/*
 * gic_drain() acknowledged physical SPI intid (priority dropped, still
 * active): true if it was a partition's, now the line of its vSPI; false
 * if it must be deactivated here (nobody to give it to).
 */
static bool pirq_fire(unsigned int intid)
{
	struct partition *p = intid < VGIC_NR_IRQ ? __atomic_load_n(&pirq_owner[intid], __ATOMIC_ACQUIRE) : NULL;
	struct arm64_part *ap;
	bool ok = false;

	if (!p)
		return false;
	spin_lock(&p->lock);
	ap = p->arch;
	if (p->arch_live && ap && ap->has_gic && pirq_owner[intid] == p && vgic_spi_hw_fire(&ap->gic, intid)) {
		spi_kick(p, ap, intid);
		ok = true;
	}
	spin_unlock(&p->lock);
	return ok;
}

bool arch_part_irq_pulse(struct partition *p, unsigned int intid)
{
	struct arm64_part *ap = p->arch;
	int r;

	if (!p->arch_live || !ap || !ap->has_gic)
		return false;
	r = vgic_pend_spi(&ap->gic, intid);
	if (r > 0)
		spi_kick(p, ap, intid);	/* already pending: its vCPU knows (rings cannot storm its CPU) */
	return r >= 0;
}

/*
 * The SPIs p's manifest gives it exist in its vGIC: the console's (level,
 * the vPL011's line), its channel doorbells (edge), its devices' (level,
 * HW-linked to the physical SPI, pirq_attach). One outside the vGIC's
 * 32-63 is logged and left out. Partition lock held (arch_part_init).
 */
static void spis_own(struct partition *p, struct arm64_part *ap)
{
	const struct mf_partition *mp = p->mf;
	const struct manifest *m = part_manifest();
	const struct part_env *e = part_env();

	if (mp->console.present && mp->console.has_irq && ap->has_uart) {
		if (vgic_own_spi(&ap->gic, mp->console.irq, false)) {
			log_printf("partition %u: console interrupt %u is not an SPI of the virtual GIC (32-%u)\n",
				   p->id, mp->console.irq, VGIC_NR_IRQ - 1);
		} else {
			ap->uart_irq = mp->console.irq;
			vpl011_set_irq(&ap->uart, uart_irq, p);
			vcons_set_rx_notify(e->cons, (unsigned int)p->cons, uart_rx_notify, p);
		}
	}
	for (unsigned int i = 0; m && i < m->nchannels && i < MF_MAX_CHANNELS; i++)
		for (unsigned int j = 0; j < m->chan[i].npeers && j < MF_MAX_PEERS; j++) {
			const struct mf_peer *pe = &m->chan[i].peer[j];

			if (pe->part == p->id && pe->has_doorbell && vgic_own_spi(&ap->gic, pe->doorbell, true))
				log_printf("partition %u: doorbell interrupt %u is not an SPI of the virtual GIC (32-%u)\n",
					   p->id, pe->doorbell, VGIC_NR_IRQ - 1);
		}
	for (unsigned int i = 0; i < mp->ndevices && i < MF_MAX_DEVICES; i++)
		for (unsigned int j = 0; j < mp->dev[i].nirqs && j < MF_MAX_DEV_IRQS; j++) {
			unsigned int intid = mp->dev[i].irq[j];

			if (vgic_own_spi_hw(&ap->gic, intid))
				log_printf("partition %u: device interrupt %u is not an SPI of the virtual GIC (32-%u)\n",
					   p->id, intid, VGIC_NR_IRQ - 1);
			else if (__atomic_load_n(&pirq_owner[intid], __ATOMIC_ACQUIRE))
				log_printf("partition %u: device interrupt %u is forwarded to another partition\n",
					   p->id, intid);
			else
				pirq_attach(p, intid);
		}
}

int arch_part_init(struct partition *p)
{
	struct arm64_part *ap;
	const struct part_env *e = part_env();
	const struct mf_console *mc = &p->mf->console;

	if (p->id >= PART_MAX)
		return -1;
	ap = &parts[p->id];
	memset(ap, 0, sizeof(*ap));
	ap->vtcr = arm64_s2_vtcr(&p->pt, pa_bits) | (vmid_bits == 16 ? (1ull << 19) : 0);
	p->arch = ap;
	if (mc->present && p->cons >= 0 && e && e->cons) {
		vpl011_init(&ap->uart, e->cons, (unsigned int)p->cons);
		if (part_mmio_register(p, mc->has_base ? mc->base : VPL011_DEFAULT_BASE, VPL011_SIZE,
				       &vpl011_ops, &ap->uart))
			return -1;
		ap->uart_base = mc->has_base ? mc->base : VPL011_DEFAULT_BASE;
		ap->has_uart = true;
	}
	/*
	 * The virtual GICv3 where QEMU's virt board has its GIC (only with a
	 * physical GICv3 and its virtual CPU interface to back it). Neither
	 * failure below happens for a validated manifest: vcpus is 1 to
	 * MF_MAX_VCPUS (<= VGIC_MAX_CPUS, tests/unit/hyp/manifest), and the
	 * validator refuses any guest range over the distributor or this
	 * partition's redistributors (MF_ERR_EMULATED, hyp/manifest_layout.c).
	 * Should one happen all the same, creating the partition fails
	 * (part_mmio_register logs which range was in the way) rather than
	 * running a guest without the GIC it was promised.
	 */
	if (gic_ok && ich_nlr) {
		if (vgic_init(&ap->gic, p->nvcpus)) {
			log_printf("partition %u: virtual GIC: %u vCPUs not supported\n", p->id, p->nvcpus);
			return -1;
		}
		if (part_mmio_register(p, VGIC_GICD_BASE, VGIC_GICD_SIZE, &vgic_gicd_ops, &ap->gic) ||
		    part_mmio_register(p, VGIC_GICR_BASE, vgic_gicr_size(&ap->gic), &vgic_gicr_ops, &ap->gic))
			return -1;
		ap->has_gic = true;
		spis_own(p, ap);
	}
	return 0;
}

void arch_part_fini(struct partition *p)
{
	if (gic_ok)
		pirq_detach(p);
	p->arch = NULL;
}

/* ---- The physical interrupts and the virtual CPU interface ---- */

#define DRAIN_KICK	1u	/* SGI 0 */
#define DRAIN_HYPTIMER	2u	/* the time-slice timer */
#define DRAIN_GUEST	4u	/* the running guest's virtual timer or the maintenance interrupt */

/* ICH_LR<n>_EL2 by number (IHI 0069H 12.4.6: n 0-7 in CRm 12, 8-15 in CRm 13). */
static uint64_t lr_read(unsigned int n)
{
	switch (n) {
	case 0: return read_sysreg(s3_4_c12_c12_0);
	case 1: return read_sysreg(s3_4_c12_c12_1);
	case 2: return read_sysreg(s3_4_c12_c12_2);
	case 3: return read_sysreg(s3_4_c12_c12_3);
	case 4: return read_sysreg(s3_4_c12_c12_4);
	case 5: return read_sysreg(s3_4_c12_c12_5);
	case 6: return read_sysreg(s3_4_c12_c12_6);
	case 7: return read_sysreg(s3_4_c12_c12_7);
	case 8: return read_sysreg(s3_4_c12_c13_0);
	case 9: return read_sysreg(s3_4_c12_c13_1);
	case 10: return read_sysreg(s3_4_c12_c13_2);
	case 11: return read_sysreg(s3_4_c12_c13_3);
	case 12: return read_sysreg(s3_4_c12_c13_4);
	case 13: return read_sysreg(s3_4_c12_c13_5);
	case 14: return read_sysreg(s3_4_c12_c13_6);
	default: return read_sysreg(s3_4_c12_c13_7);
	}
}

static void lr_write(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0: write_sysreg(s3_4_c12_c12_0, v); break;
	case 1: write_sysreg(s3_4_c12_c12_1, v); break;
	case 2: write_sysreg(s3_4_c12_c12_2, v); break;
	case 3: write_sysreg(s3_4_c12_c12_3, v); break;
	case 4: write_sysreg(s3_4_c12_c12_4, v); break;
	case 5: write_sysreg(s3_4_c12_c12_5, v); break;
	case 6: write_sysreg(s3_4_c12_c12_6, v); break;
	case 7: write_sysreg(s3_4_c12_c12_7, v); break;
	case 8: write_sysreg(s3_4_c12_c13_0, v); break;
	case 9: write_sysreg(s3_4_c12_c13_1, v); break;
	case 10: write_sysreg(s3_4_c12_c13_2, v); break;
	case 11: write_sysreg(s3_4_c12_c13_3, v); break;
	case 12: write_sysreg(s3_4_c12_c13_4, v); break;
	case 13: write_sysreg(s3_4_c12_c13_5, v); break;
	case 14: write_sysreg(s3_4_c12_c13_6, v); break;
	default: write_sysreg(s3_4_c12_c13_7, v); break;
	}
}

/* The guest-owned part of the virtual CPU interface: VMCR and the active priorities (12.4). */
static void vif_save(struct arm64_vcpu *c)
{
	if (!ich_nlr)
		return;		/* no usable GICv3 CPU interface: nothing to switch */
	c->vmcr = read_sysreg(s3_4_c12_c11_7);			/* ICH_VMCR_EL2 */
	c->ap0r[0] = read_sysreg(s3_4_c12_c8_0);
	c->ap1r[0] = read_sysreg(s3_4_c12_c9_0);
	if (ich_napr > 1) {
		c->ap0r[1] = read_sysreg(s3_4_c12_c8_1);
		c->ap1r[1] = read_sysreg(s3_4_c12_c9_1);
	}
	if (ich_napr > 2) {
		c->ap0r[2] = read_sysreg(s3_4_c12_c8_2);
		c->ap1r[2] = read_sysreg(s3_4_c12_c9_2);
		c->ap0r[3] = read_sysreg(s3_4_c12_c8_3);
		c->ap1r[3] = read_sysreg(s3_4_c12_c9_3);
	}
}

static void vif_load(const struct arm64_vcpu *c)
{
	if (!ich_nlr)
		return;
	write_sysreg(s3_4_c12_c11_7, c->vmcr);
	write_sysreg(s3_4_c12_c8_0, c->ap0r[0]);
	write_sysreg(s3_4_c12_c9_0, c->ap1r[0]);
	if (ich_napr > 1) {
		write_sysreg(s3_4_c12_c8_1, c->ap0r[1]);
		write_sysreg(s3_4_c12_c9_1, c->ap1r[1]);
	}
	if (ich_napr > 2) {
		write_sysreg(s3_4_c12_c8_2, c->ap0r[2]);
		write_sysreg(s3_4_c12_c9_2, c->ap1r[2]);
		write_sysreg(s3_4_c12_c8_3, c->ap0r[3]);
		write_sysreg(s3_4_c12_c9_3, c->ap1r[3]);
	}
}

/* Set or clear the active state of physical INTID 27 in this CPU's redistributor. */
static void vt_phys_set(bool active)
{
	unsigned int cpu = arch_cpu_id();
	uint64_t rd = cpu < BOOT_MAX_CPUS ? gicr_rd[cpu] : 0;

	if (rd)
		mmio_w32(rd + (active ? GICR_ISACTIVER0 : GICR_ICACTIVER0), 1u << INTID_VTIMER);
}

/*
 * Acknowledge every pending physical interrupt (EOImode 1: EOIR drops the
 * priority, DIR deactivates). INTID 27 is the virtual timer of this CPU's
 * EL1-state owner: it stays active, marked for that vCPU, until the guest
 * deactivates its virtual twin (HW list register) or the entry path finds
 * the timer condition gone (vtimer_update). Returns DRAIN_* bits.
 */
static unsigned int gic_drain(void)
{
	struct arm64_vcpu *owner = this_cpu()->el1_owner;
	unsigned int seen = 0;

	for (unsigned int n = 0; n < 16; n++) {
		uint64_t intid = read_sysreg(s3_0_c12_c12_0) & 0xffffff;	/* ICC_IAR1_EL1 */

		if (intid >= 1020)
			break;
		write_sysreg(s3_0_c12_c12_1, intid);	/* ICC_EOIR1_EL1: priority drop */
		if (intid == INTID_VTIMER && owner) {
			owner->vt_phys_active = true;
			owner->vt_fired = true;
			seen |= DRAIN_GUEST;
			continue;
		}
		if (intid >= 32 && pirq_fire((unsigned int)intid)) {
			seen |= DRAIN_GUEST;			/* held active for the guest's EOI */
			continue;
		}
		if (intid == INTID_VTIMER) {
			write_sysreg(cntv_ctl_el0, 0ull);	/* no guest state here: a stray level */
		} else if (intid == INTID_HYPTIMER) {
			write_sysreg(cnthp_ctl_el2, 0ull);	/* deassert the level before deactivating */
			seen |= DRAIN_HYPTIMER;
		} else if (intid == INTID_MAINT) {
			seen |= DRAIN_GUEST;			/* its condition ended with vgic_exit() */
		} else {
			seen |= DRAIN_KICK;
		}
		isb();
		write_sysreg(s3_0_c12_c11_1, intid);	/* ICC_DIR_EL1 */
	}
	isb();
	return seen;
}

/* CNTV_CTL_EL0 of the loaded guest: ENABLE, not IMASK, ISTATUS (Arm ARM D11.2.4). */
static bool vtimer_asserted(void)
{
	isb();
	return (read_sysreg(cntv_ctl_el0) & 7) == 5;
}

/*
 * Before entry (c owns the CPU's EL1 state): a fired virtual timer becomes
 * the line of c's virtual INTID 27, and a physical 27 held active for c is
 * given back once nothing needs it: the guest deactivated its twin (the
 * hardware did the physical one) or the timer condition went away before
 * the guest took it (a level interrupt is resampled, as KVM's
 * kvm_timer_update_irq does).
 */
static void vtimer_update(struct arm64_vcpu *c, struct arm64_part *ap)
{
	unsigned int idx = c->v->idx;
	bool asserted;

	if (c->vt_fired) {
		c->vt_fired = false;
		if (ap->has_gic)
			vgic_set_line(&ap->gic, idx, INTID_VTIMER, true, true);
	}
	if (!c->vt_phys_active)
		return;
	asserted = vtimer_asserted();
	if (ap->has_gic) {
		if (!asserted)
			vgic_set_line(&ap->gic, idx, INTID_VTIMER, false, true);
		if (vgic_busy(&ap->gic, idx, INTID_VTIMER))
			return;
	} else if (asserted) {
		return;		/* no virtual GIC: held active until the guest changes its timer */
	}
	c->vt_phys_active = false;
	vt_phys_set(false);
}

/* Fill the list registers for c and turn the virtual CPU interface on (12.4.4 ICH_HCR_EL2). */
static void vgic_enter(struct arm64_vcpu *c, struct arm64_part *ap)
{
	uint64_t lr[VGIC_MAX_LR];
	bool more;

	vtimer_update(c, ap);
	if (!ap->has_gic)
		return;
	c->nlr_used = vgic_flush(&ap->gic, c->v->idx, lr, ich_nlr, &more);
	for (unsigned int i = 0; i < c->nlr_used; i++)
		lr_write(i, lr[i]);
	/* En, and UIE when interrupts wait for a free list register (a maintenance exit then). */
	write_sysreg(s3_4_c12_c11_0, 1ull | (more ? 2ull : 0));
	isb();
}

/* After an exit: the interface off (no maintenance interrupt), the list registers back into the model. */
static void vgic_exit(struct arm64_vcpu *c, struct arm64_part *ap)
{
	uint64_t lr[VGIC_MAX_LR];
	unsigned int n = c->nlr_used;

	if (!ap->has_gic)
		return;
	write_sysreg(s3_4_c12_c11_0, 0ull);
	if (!n)
		return;		/* nothing was in a list register: nothing to read back */
	for (unsigned int i = 0; i < n; i++) {
		lr[i] = lr_read(i);
		lr_write(i, 0ull);
	}
	isb();
	c->nlr_used = 0;
	vgic_sync(&ap->gic, c->v->idx, lr, n);
}

/* The guest's ICC_IGRPEN1_EL1 and ICC_PMR_EL1 as kept in ICH_VMCR_EL2 (VENG1 bit 1, VPMR 31:24). */
static bool vmcr_deliverable(struct arm64_part *ap, unsigned int idx, uint64_t vmcr)
{
	return ap->has_gic && vgic_deliverable(&ap->gic, idx, (unsigned int)(vmcr >> 24) & 0xff, vmcr & 2);
}

/* ---- vCPU hooks ---- */

int arch_vcpu_create(struct vcpu *v)
{
	struct arm64_vcpu *c;

	if (v->part->id >= PART_MAX || v->idx >= MF_MAX_VCPUS)
		return -1;
	c = &vcpus[v->part->id][v->idx];
	memset(c, 0, sizeof(*c));
	c->g.hc_exits = &v->stats.exits[VCPU_EXIT_HYPERCALL];
	c->v = v;
	c->vmpidr = (1ull << 31) | v->idx;	/* RES1, Aff0 = vCPU index */
	c->step = 0;
	c->reset_el1 = true;
	v->arch = c;
	return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
	v->arch = NULL;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, const uint64_t *args, unsigned int nargs)
{
	struct arm64_vcpu *c = v->arch;

	memset(&c->g, 0, sizeof(c->g));
	c->g.hc_exits = &v->stats.exits[VCPU_EXIT_HYPERCALL];
	for (unsigned int i = 0; i < nargs && i < 4; i++)
		c->g.x[i] = args[i];
	c->g.pc = entry;
	c->g.pstate = PSTATE_RESET;
	c->step = 0;
	arm64_dbg_reset(&c->dbg);
	memset(&c->el1, 0, sizeof(c->el1));	/* what wakeup_pending() may read */
	c->vmcr = 0;
	if (v->part->arch && ((struct arm64_part *)v->part->arch)->has_gic)
		vgic_set_line(&((struct arm64_part *)v->part->arch)->gic, v->idx, INTID_VTIMER, false, true);
	__atomic_store_n(&c->reset_el1, true, __ATOMIC_RELEASE);
}

static void el1_save(struct arm64_el1 *s)
{
	s->sctlr = read_sysreg(sctlr_el1);
	s->ttbr0 = read_sysreg(ttbr0_el1);
	s->ttbr1 = read_sysreg(ttbr1_el1);
	s->tcr = read_sysreg(tcr_el1);
	s->mair = read_sysreg(mair_el1);
	s->amair = read_sysreg(amair_el1);
	s->vbar = read_sysreg(vbar_el1);
	s->contextidr = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->cpacr = read_sysreg(cpacr_el1);
	s->esr = read_sysreg(esr_el1);
	s->far = read_sysreg(far_el1);
	s->afsr0 = read_sysreg(afsr0_el1);
	s->afsr1 = read_sysreg(afsr1_el1);
	s->par = read_sysreg(par_el1);
	s->cntkctl = read_sysreg(cntkctl_el1);
	s->csselr = read_sysreg(csselr_el1);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr = read_sysreg(elr_el1);
	s->spsr = read_sysreg(spsr_el1);
	s->cntv_ctl = read_sysreg(cntv_ctl_el0);
	s->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Stop its timer while others run (its interrupt is not enabled, but be tidy). */
	write_sysreg(cntv_ctl_el0, 0ull);
}

static void el1_load(const struct arm64_el1 *s)
{
	write_sysreg(sctlr_el1, s->sctlr);
	write_sysreg(ttbr0_el1, s->ttbr0);
	write_sysreg(ttbr1_el1, s->ttbr1);
	write_sysreg(tcr_el1, s->tcr);
	write_sysreg(mair_el1, s->mair);
	write_sysreg(amair_el1, s->amair);
	write_sysreg(vbar_el1, s->vbar);
	write_sysreg(contextidr_el1, s->contextidr);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(cpacr_el1, s->cpacr);
	write_sysreg(esr_el1, s->esr);
	write_sysreg(far_el1, s->far);
	write_sysreg(afsr0_el1, s->afsr0);
	write_sysreg(afsr1_el1, s->afsr1);
	write_sysreg(par_el1, s->par);
	write_sysreg(cntkctl_el1, s->cntkctl);
	write_sysreg(csselr_el1, s->csselr);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr);
	write_sysreg(spsr_el1, s->spsr);
	write_sysreg(cntv_cval_el0, s->cntv_cval);
	write_sysreg(cntv_ctl_el0, s->cntv_ctl);
}

/* Make c's EL1 and FP/SIMD state the CPU's (lazy: only when another vCPU had it). */
static void el1_switch(struct arm64_percpu *pc, struct arm64_vcpu *c)
{
	struct arm64_vcpu *o = pc->el1_owner;
	bool reset = __atomic_load_n(&c->reset_el1, __ATOMIC_ACQUIRE);

	if (o == c && !reset)
		return;
	if (o && o != c) {
		el1_save(&o->el1);
		fpctx_save(&o->fp);
		vif_save(o);
	}
	if (reset) {
		memset(&c->el1, 0, sizeof(c->el1));
		c->el1.sctlr = SCTLR_EL1_RESET;
		el1_load(&c->el1);
		fpctx_load(&fp_zero);
		c->vmcr = 0;
		memset(c->ap0r, 0, sizeof(c->ap0r));
		memset(c->ap1r, 0, sizeof(c->ap1r));
		c->vt_phys_active = false;
		c->vt_fired = false;
		__atomic_store_n(&c->reset_el1, false, __ATOMIC_RELAXED);
	} else {
		el1_load(&c->el1);
		fpctx_load(&c->fp);
	}
	vif_load(c);
	/* Physical INTID 27 is active exactly while the owner's virtual timer interrupt is held (12.4.6 HW). */
	vt_phys_set(c->vt_phys_active);
	write_sysreg(vmpidr_el2, c->vmpidr);
	pc->el1_owner = c;
}

/* Complete the previous exit (hyp/arch_vcpu.h). */
static void complete(struct arm64_vcpu *c, struct vcpu_exit *x)
{
	if (x->reason == VCPU_EXIT_NONE || x->resume != VCPU_RESUME_NEXT) {
		x->reason = VCPU_EXIT_NONE;
		c->step = 0;
		return;
	}
	switch (x->reason) {
	case VCPU_EXIT_HYPERCALL:
		for (unsigned int i = 0; i < VCPU_HC_NRET; i++)
			c->g.x[i] = x->hc.r[i];
		break;
	case VCPU_EXIT_S2_FAULT:
		if (x->s2.access == PT_R && x->s2.isv && x->s2.reg < 31)
			c->g.x[x->s2.reg] = arm64_mmio_load_value(x->s2.data, x->s2.size, x->s2.sign_extend,
								  c->pend.sf);
		break;
	case VCPU_EXIT_SYSTEM:
		if (x->sys.event == VCPU_SYS_CPU_ON || x->sys.event == VCPU_SYS_CPU_STATE)
			c->g.x[0] = (uint64_t)x->sys.ret;
		break;
	default:
		break;
	}
	c->g.pc += c->step;
	c->step = 0;
	x->reason = VCPU_EXIT_NONE;
}

/* IPA of a stage-2 permission fault, by a stage-1 walk of FAR (HPFAR may be UNKNOWN). */
static bool far_to_ipa(uint64_t far, bool write, uint64_t *ipa)
{
	uint64_t par, saved = read_sysreg(par_el1);

	if (write)
		__asm__ volatile("at s1e1w, %0" : : "r"(far));
	else
		__asm__ volatile("at s1e1r, %0" : : "r"(far));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & 1)
		return false;
	*ipa = par & 0x0000fffffffff000ull;
	return true;
}

/*
 * A guest's ICC_SGI1R_EL1 write (trapped: HCR_EL2.IMO = 1 sends EL1's SGI
 * generation to EL2, Arm ARM D13.2.48 / IHI 0069H 12.2.20 "traps"): SGI
 * INTID[27:24] to the vCPUs named by TargetList[15:0] + RS[47:44] with
 * Aff1/2/3 = 0 (our vCPUs' affinity is Aff0 = index), or to every other
 * vCPU when IRM[40] = 1. Each target gets it pending in its redistributor
 * and its CPU a kick, so a running target exits and takes it, and a
 * sleeping one is re-checked by the scheduler (arch_vcpu_wakeup_pending).
 */
static void sgi_send(struct vcpu *v, uint64_t val)
{
	struct partition *p = v->part;
	struct arm64_part *ap = p->arch;
	unsigned int intid = (unsigned int)(val >> 24) & 0xf, rs = (unsigned int)(val >> 44) & 0xf;
	bool all = val & (1ull << 40);

	if (!ap->has_gic)
		return;
	if (!all && (val & ((0xffull << 16) | (0xffull << 32) | (0xffull << 48))))
		return;		/* Aff1, Aff2 or Aff3 non-zero: no vCPU of ours */
	for (unsigned int t = 0; t < p->nvcpus && t < VGIC_MAX_CPUS; t++) {
		if (all ? t == v->idx : (t / 16 != rs || !((val >> (t % 16)) & 1)))
			continue;
		vgic_pend_private(&ap->gic, t, intid);
		dsb_ishst();
		if (p->vcpu[t].pcpu != arch_cpu_id())
			arch_cpu_kick(p->vcpu[t].pcpu);
	}
}

/*
 * Trapped MSR/MRS/SYS (EC 0x18): set/way cache maintenance, ACTLR_EL1, SGI
 * generation, the debug registers (emulated per vCPU, trap_decode.c) and
 * PMUSERENR_EL0. 0 = handled.
 */
static int sys_trap(struct arm64_vcpu *c, uint32_t iss)
{
	unsigned int op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned int crn = (iss >> 10) & 0xf, rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;
	uint64_t val = read || rt == 31 ? 0 : c->g.x[rt];

	/* MDCR_EL2.TDA/TDOSA/TDRA: every debug register. */
	if (op0 == 2) {
		/*
		 * DBGAUTHSTATUS_EL1: the guest's own view (QEMU 7.2 does not
		 * implement the register at EL2): non-secure invasive and
		 * non-invasive debug implemented and enabled (NSID, NSNID =
		 * 0b11), no Secure state (SID, SNID = 0b00).
		 */
		switch (arm64_dbg_access(&c->dbg, iss, dbg_nbrp, dbg_nwrp, 0xfull, &val)) {
		case SYSREG_DONE:
			if (read && rt < 31)
				c->g.x[rt] = val;
			return 0;
		case SYSREG_UNDEF:
		case SYSREG_NOT_MINE:
		default:
			return -1;
		}
	}
	/*
	 * PMUSERENR_EL0 while the PMU is not lent (MDCR_EL2.TPM): reads as 0,
	 * writes ignored. 0 is the truth: EL0 has no PMU access. Linux writes it
	 * at every CPU's bring-up (__cpu_setup, reset_pmuserenr_el0) because
	 * ID_AA64DFR0_EL1 (not trapped) shows the physical PMUv3. Every other
	 * PMU register stays undefined (arm64-part-fault reads PMCR_EL0).
	 */
	if (op0 == 3 && op1 == 3 && crn == 9 && crm == 14 && op2 == 0) {
		if (read && rt < 31)
			c->g.x[rt] = 0;
		return 0;
	}

	/* DC ISW / CSW / CISW: by set/way is meaningless for a guest; the caches are coherent. */
	if (op0 == 1 && op1 == 0 && crn == 7 && (crm == 6 || crm == 10 || crm == 14) && op2 == 2)
		return 0;
	/* ICC_SGI1R_EL1 (write-only); ICC_ASGI1R_EL1 and ICC_SGI0R_EL1 name groups we have no SGIs in: ignored. */
	if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && (op2 == 5 || op2 == 6 || op2 == 7) && !read &&
	    ((struct arm64_part *)c->v->part->arch)->has_gic) {
		if (op2 == 5)
			sgi_send(c->v, rt < 31 ? c->g.x[rt] : 0);
		return 0;
	}
	/* ACTLR_EL1: reads as 0, writes ignored. */
	if (op0 == 3 && op1 == 0 && crn == 1 && crm == 0 && op2 == 1) {
		if (read && rt < 31)
			c->g.x[rt] = 0;
		return 0;
	}
	return -1;
}

/* Enter the guest's EL1 exception vector as built by trap_decode.c (EL1 state live). */
static void deliver_sync(struct arm64_vcpu *c, const struct arm64_sea_out *out)
{
	write_sysreg(esr_el1, out->esr_el1);
	write_sysreg(far_el1, out->far_el1);
	write_sysreg(elr_el1, out->elr_el1);
	write_sysreg(spsr_el1, out->spsr_el1);
	c->g.pc = out->pc;
	c->g.pstate = out->pstate;
	c->step = 0;
}

/*
 * Make the trapped instruction undefined for the guest [kvm_inject_undefined].
 * Called on the vCPU's CPU right after its exit (its EL1 state is in the
 * registers). false if the guest cannot take the exception (no vectors).
 */
static bool inject_undef(struct arm64_vcpu *c)
{
	struct arm64_sea_in in = {
		.pc = c->g.pc, .pstate = c->g.pstate, .vbar = read_sysreg(vbar_el1), .far = 0,
	};
	struct arm64_sea_out out;

	if (!arm64_undef_build(&in, &out))
		return false;
	deliver_sync(c, &out);
	return true;
}

static void unknown(struct vcpu_exit *x, uint64_t code)
{
	x->reason = VCPU_EXIT_UNKNOWN;
	x->unknown.code = code;
}

/* An HVC or SMC: PSCI here, anything else to the core. true = return to the core. */
static bool smccc(struct vcpu *v, struct arm64_vcpu *c, struct vcpu_exit *x, bool smc, uint32_t imm)
{
	uint32_t fid = (uint32_t)c->g.x[0];
	int64_t ret = 0;

	c->smc = smc;
	c->step = smc ? 4 : 0;	/* ELR points at a trapped SMC, after an HVC */
	if (imm) {
		c->g.x[0] = (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED;	/* SMCCC uses immediate 0 only */
		c->g.pc += c->step;
		c->step = 0;
		return false;
	}
	/* Most calls are not PSCI (0x84000000-1F, 0xC4000000-1F): skip its decoder. */
	if ((fid & 0xbfffffe0u) != PSCI_0_2_FN_BASE)
		goto hypercall;
	switch (arm64_psci_decode(fid, &c->g.x[1], v->part->nvcpus, x, &ret)) {
	case PSCI_ACT_RETURN:
		c->g.x[0] = (uint64_t)ret;
		c->g.pc += c->step;
		c->step = 0;
		return false;
	case PSCI_ACT_EXIT:
		return true;
	case PSCI_ACT_NONE:
	default:
hypercall:
		x->reason = VCPU_EXIT_HYPERCALL;
		x->hc.fid = c->g.x[0];
		for (unsigned int i = 0; i < VCPU_HC_NARGS; i++)
			x->hc.a[i] = c->g.x[1 + i];
		return true;
	}
}

/* Decode a synchronous exit. true = x holds an exit for the core; false = re-enter. */
static bool sync_exit(struct vcpu *v, struct arm64_vcpu *c, struct vcpu_exit *x)
{
	uint64_t esr = c->g.esr;
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	uint32_t len = (esr & ESR_IL) ? 4 : 2;	/* a 16-bit T32 instruction from AArch32 EL0 */
	uint64_t ipa = 0;

	switch (ESR_EC(esr)) {
	case EC_HVC64:
		return smccc(v, c, x, false, iss & 0xffff);
	case EC_SMC64:
		return smccc(v, c, x, true, iss & 0xffff);
	case EC_WFX:
		if (!(iss & 1)) {
			c->el1.cntv_ctl = read_sysreg(cntv_ctl_el0);	/* for wakeup_pending() */
			c->el1.cntv_cval = read_sysreg(cntv_cval_el0);
			c->vmcr = ich_nlr ? read_sysreg(s3_4_c12_c11_7) : 0;	/* ICH_VMCR_EL2, likewise */
			/* A virtual interrupt the guest would take now: WFI completes at once. */
			if (vmcr_deliverable(v->part->arch, v->idx, c->vmcr)) {
				c->g.pc += len;
				return false;
			}
		}
		x->reason = VCPU_EXIT_WFI;
		x->wait.event = iss & 1;	/* WFE: the vCPU yields its slice; WFI: it sleeps */
		c->step = len;
		return true;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		if (arm64_hpfar_valid(esr))
			ipa = arm64_hpfar_ipa(c->g.hpfar);
		else if (arm64_fsc_kind(iss & ISS_FSC_MASK) == FSC_KIND_PERMISSION)
			if (!far_to_ipa(c->g.far, ESR_EC(esr) == EC_DABT_LOW && (iss & ISS_WNR), &ipa))
				return false;	/* the guest changed its tables: just retry */
		if (arm64_decode_s2_abort(esr, c->g.far, ipa, c->g.x, x, &c->pend)) {
			unknown(x, esr);
			return true;
		}
		c->step = len;
		return true;
	case EC_SYS64:
		if (!sys_trap(c, iss)) {
			c->g.pc += 4;
			return false;
		}
		/* A register we do not emulate: undefined for the guest, as on hardware without it. */
		if (inject_undef(c))
			return false;
		unknown(x, esr);
		return true;
	default:
		/*
		 * Any other trapped instruction (e.g. an AArch32 EL0 coprocessor
		 * access caught by MDCR_EL2): undefined for the guest, as KVM's
		 * kvm_handle_unknown_ec() does; the fault policy only if the
		 * exception cannot be delivered.
		 */
		if (inject_undef(c))
			return false;
		unknown(x, esr);
		return true;
	}
}

/*
 * The MMIO fast path (guest.S calls it from the exit vector with only the
 * caller-saved registers in g, EL1 state and CPTR_EL2 still the guest's):
 * a decoded load from this partition's vPL011 is completed here, as
 * part_handle_s2_fault() + complete() would, and counted the same way
 * (one stage-2 fault exit, one emulated MMIO access). Everything else, and
 * any access the device refuses (before any side effect), returns false
 * and takes the full exit.
 */
/* Count, step past the load and deliver val to its register (see arm64_fast_dabt). */
static inline unsigned int fast_dabt_done(struct arm64_gctx *g, struct vcpu *v, uint64_t esr, uint64_t val,
					  unsigned int size)
{
	unsigned int rt = (esr >> ISS_SRT_SHIFT) & 0x1f;

	v->stats.exits[VCPU_EXIT_S2_FAULT]++;
	v->stats.mmio++;
	write_sysreg(elr_el2, read_sysreg(elr_el2) + 4);
	if (rt == 31)
		return 1;	/* XZR: the value is dropped */
	g->x[rt] = arm64_mmio_load_value(val, size, esr & ISS_SSE, esr & ISS_SF);
	return rt >= 19 && rt <= 29 ? rt : 1;
}

/* Any other vPL011 register or width: the device's own read (it refuses before any side effect). */
static __attribute__((noinline)) unsigned int fast_dabt_other(struct arm64_gctx *g, struct vcpu *v,
							      struct arm64_part *ap, uint64_t off, uint64_t esr)
{
	unsigned int size = 1u << ((esr >> ISS_SAS_SHIFT) & 3);
	uint64_t val;

	if (off >= VPL011_SIZE || size > VPL011_SIZE - off)
		return 0;	/* not the vPL011: the full path */
	/* UARTDR with an interrupt: the line may drop, the list registers must follow (full path). */
	if (vpl011_read_has_effect(&ap->uart, off) || vpl011_ops.read(&ap->uart, off, size, &val))
		return 0;	/* the full path decides (and injects the abort) */
	return fast_dabt_done(g, v, esr, val, size);
}

unsigned int arm64_fast_dabt(struct arm64_gctx *g)
{
	/* EC, IL, ISV, WnR, FnV, CM, S1PTW and the fault class: a decoded load, translation fault. */
	const uint64_t mask = (0x3full << ESR_EC_SHIFT) | ESR_IL | ISS_ISV | ISS_FNV | ISS_CM | ISS_S1PTW |
			      ISS_WNR | 0x3cu;
	const uint64_t want = ((uint64_t)EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL | ISS_ISV | 0x04u;
	struct arm64_vcpu *c = (struct arm64_vcpu *)((char *)g - offsetof(struct arm64_vcpu, g));
	uint64_t esr = read_sysreg(esr_el2);
	struct arm64_part *ap;
	struct vcpu *v;
	uint64_t off;

	if ((esr & mask) != want)
		return 0;
	v = c->v;
	ap = v->part->arch;
	if (!ap->has_uart)
		return 0;
	off = ((arm64_hpfar_ipa(read_sysreg(hpfar_el2)) & ~0xfffull) | (read_sysreg(far_el2) & 0xfffull)) -
	      ap->uart_base;
	/* UARTFR, 32 bits: the polled console's register, inline and lock-free (no stack frame). */
	if (off != VPL011_FR || ((esr >> ISS_SAS_SHIFT) & 3) != 2)
		return fast_dabt_other(g, v, ap, off, esr);
	return fast_dabt_done(g, v, esr, vpl011_fr(&ap->uart), 4);
}

void arch_vcpu_enter(struct vcpu *v, struct vcpu_exit *x)
{
	struct arm64_vcpu *c = v->arch;
	struct arm64_percpu *pc = this_cpu();
	struct arm64_part *ap = v->part->arch;
	uint64_t vttbr;
	unsigned int kind, seen;

	complete(c, x);
	el1_switch(pc, c);
	if (pc->vtcr != ap->vtcr) {
		write_sysreg(vtcr_el2, ap->vtcr);
		pc->vtcr = ap->vtcr;
	}
	vttbr = (v->s2_root & ~(0xffffull << 48)) | ((uint64_t)v->hw_vmid << 48);
	if (pc->vttbr != vttbr) {
		write_sysreg(vttbr_el2, vttbr);
		pc->vttbr = vttbr;
	}
	if (v->flush_local) {
		/* Every VMID's stage 1+2 entries on this CPU (a new VMID generation). */
		__asm__ volatile("tlbi alle1\n\tdsb nsh\n\tisb" : : : "memory");
		v->flush_local = false;
	}
	for (;;) {
		vgic_enter(c, ap);
		kind = arm64_guest_run(&c->g);
		vgic_exit(c, ap);
		switch (kind) {
		case GEXIT_SYNC:
		case GEXIT_SYNC32:	/* from AArch32 EL0: aborts and WFx decode the same way */
			if (sync_exit(v, c, x))
				return;
			break;
		case GEXIT_IRQ:
		case GEXIT_FIQ:
		case GEXIT_IRQ32:
		case GEXIT_FIQ32:
			seen = gic_drain();
			if (seen == DRAIN_GUEST)
				break;	/* only the guest's own interrupts: straight back in */
			x->reason = (seen & DRAIN_HYPTIMER) ? VCPU_EXIT_TIMER : VCPU_EXIT_IRQ;
			if (pc->id == 0)
				part_boot_poll_input();	/* the PL011 RX interrupt is not used */
			return;
		default:	/* SError: the guest's memory system reported an error */
			unknown(x, ((uint64_t)kind << 32) | (c->g.esr & 0xffffffffull));
			return;
		}
	}
}

bool arch_vcpu_inject_abort(struct vcpu *v, const struct vcpu_exit *x)
{
	struct arm64_vcpu *c = v->arch;
	struct arm64_sea_in in;
	struct arm64_sea_out out;

	/* Called on v's CPU right after its exit: its EL1 state is in the registers. */
	BUG_ON(this_cpu()->el1_owner != c);
	in.pc = c->g.pc;
	in.pstate = c->g.pstate;
	in.vbar = read_sysreg(vbar_el1);
	in.far = c->g.far;
	in.ifetch = ESR_EC(c->g.esr) == EC_IABT_LOW;
	in.write = x->s2.access == PT_W;
	if (!arm64_sea_build(&in, &out))
		return false;
	deliver_sync(c, &out);
	return true;
}

bool arch_vcpu_wakeup_pending(struct vcpu *v)
{
	struct arm64_vcpu *c = v->arch;
	uint64_t ctl;

	if (!c)
		return false;
	ctl = READ_ONCE(c->el1.cntv_ctl);
	/* ENABLE and not IMASK: the guest sleeps until its virtual timer (CNTVOFF = 0). */
	if ((ctl & 3) == 1 && ticks_now() >= READ_ONCE(c->el1.cntv_cval))
		return true;
	/* Or until its virtual GIC has an interrupt for it (an SGI, an SPI). */
	return v->part->arch && vmcr_deliverable(v->part->arch, v->idx, READ_ONCE(c->vmcr));
}

/* ---- Physical CPU hooks ---- */

uint64_t arch_timer_now_ns(void)
{
	return ticks_to_ns(ticks_now());
}

void arch_timer_oneshot(uint64_t deadline_ns)
{
	if (!deadline_ns) {
		write_sysreg(cnthp_ctl_el2, 0ull);
	} else {
		write_sysreg(cnthp_cval_el2, ns_to_ticks(deadline_ns));
		write_sysreg(cnthp_ctl_el2, 1ull);	/* ENABLE, not masked */
	}
	isb();
}

void arch_cpu_kick(unsigned int cpu)
{
	uint64_t m, sgi;

	if (cpu >= arm64_plat.ncpus || cpu >= BOOT_MAX_CPUS)
		return;
	m = arm64_percpu[cpu].mpidr;
	if ((m & 0xff) >= 16)
		return;		/* not reachable by a target list */
	sgi = ((uint64_t)INTID_KICK << 24) | (1ull << (m & 0xf)) | (((m >> 8) & 0xff) << 16) |
	      (((m >> 16) & 0xff) << 32) | (((m >> 32) & 0xff) << 48);
	dsb_ishst();
	write_sysreg(s3_0_c12_c11_5, sgi);	/* ICC_SGI1R_EL1 */
	isb();
}

void arch_cpu_idle(void)
{
	const struct sched_cpu *sc = sched_cpu_info(arch_cpu_id());
	uint64_t wake = 0;

	/* Wake for the earliest virtual-timer deadline of a vCPU waiting here. */
	for (unsigned int i = 0; sc && i < sc->n; i++) {
		struct vcpu *v = sc->vcpu[i];
		struct arm64_vcpu *c = v->arch;

		if (!c || !READ_ONCE(v->wfi) || (READ_ONCE(c->el1.cntv_ctl) & 3) != 1)
			continue;
		if (!wake || c->el1.cntv_cval < wake)
			wake = c->el1.cntv_cval;
	}
	if (arch_cpu_id() == 0) {
		/* CPU 0 polls console input and watches for the end (part_boot_watch): every 10 ms. */
		uint64_t poll = ticks_now() + cnt_freq / 100;

		if (!wake || poll < wake)
			wake = poll;
	}
	if (wake) {
		write_sysreg(cnthp_cval_el2, wake);
		write_sysreg(cnthp_ctl_el2, 1ull);
		isb();
	}
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	(void)gic_drain();
	write_sysreg(cnthp_ctl_el2, 0ull);
	isb();
}

/* PSCI SYSTEM_RESET by SMC (DEN 0022 5.10); the value is loaded right before the call. */
static void psci_system_reset(void)
{
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_RESET;

	__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
			 "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
}

void arch_system_reset(void)
{
	log_printf("bulkhead: system reset\n");
	psci_system_reset();
	/* Firmware may complete the reset a little later (QEMU does): give it a second. */
	for (uint64_t end = ticks_now() + cnt_freq; ticks_now() < end;)
		arch_cpu_relax();
	arm64_console_puts_raw("bulkhead: PSCI SYSTEM_RESET did not reset the machine\n");
	arch_stop(1);
}
