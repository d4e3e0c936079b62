/* SPDX-License-Identifier: MIT */
/*
 * arm64-internal declarations shared by the files of arch/arm64/: system
 * register access, the per-CPU block (TPIDR_EL2 points at it), the platform
 * description parsed from the DTB, and the entry points between head.S and
 * C. Nothing outside arch/arm64/ includes this header.
 */
#ifndef ARCH_ARM64_ARM64_H
#define ARCH_ARM64_ARM64_H

/* Offsets into struct arm64_percpu used by assembly (checked by static asserts). */
#define PCPU_CRASH_SP	8
#define PCPU_STACK_TOP	16

/* Size of struct arm64_regs, the crash frame built by vectors.S. */
#define REGS_X(n)	((n) * 8)
#define REGS_SP		(31 * 8)
#define REGS_ELR	(32 * 8)
#define REGS_SPSR	(33 * 8)
#define REGS_ESR	(34 * 8)
#define REGS_FAR	(35 * 8)
#define REGS_KIND	(36 * 8)
#define REGS_SIZE	(38 * 8)	/* keeps sp 16-byte aligned */

/*
 * Every CPU's stacks live in one slot of arm64_cpu_stacks (bss), laid out
 * [guard][stack][guard][crash stack], each guard an unmapped page: running
 * off the bottom of either stack faults at once instead of corrupting
 * memory, and the crash stack stays usable for the dump.
 */
#define STACK_GUARD_SIZE	0x1000
#define BOOT_STACK_SIZE		0x4000
#define CRASH_STACK_SIZE	0x1000
#define STACK_TOP_OFF		(STACK_GUARD_SIZE + BOOT_STACK_SIZE)			/* 0x5000 */
#define CRASH_TOP_OFF		(STACK_TOP_OFF + STACK_GUARD_SIZE + CRASH_STACK_SIZE)	/* 0x7000 */
#define STACK_SLOT_SIZE		CRASH_TOP_OFF

/*
 * SCTLR_EL2 with HCR_EL2.E2H = 0 (Arm ARM DDI 0487, register SCTLR_EL2): the RES1 bits, then
 * M (MMU), C (data cache), SA (SP alignment check), I (instruction cache),
 * WXN (writable implies execute-never: a second line of W^X defence).
 */
#define SCTLR_EL2_RES1		0x30c50830ull
#define SCTLR_EL2_M		(1ull << 0)
#define SCTLR_EL2_C		(1ull << 2)
#define SCTLR_EL2_SA		(1ull << 3)
#define SCTLR_EL2_I		(1ull << 12)
#define SCTLR_EL2_WXN		(1ull << 19)
#define SCTLR_EL2_OFF		SCTLR_EL2_RES1
#define SCTLR_EL2_ON		(SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C | SCTLR_EL2_SA | \
				 SCTLR_EL2_I | SCTLR_EL2_WXN)

/* HCR_EL2 at boot: only RW (EL1 is AArch64); no stage 2, no traps yet. */
#define HCR_EL2_BOOT		(1ull << 31)
/*
 * CPTR_EL2 with E2H = 0 (Arm ARM, register CPTR_EL2): RES1 bits 13:12 and 9:0 (bit 8 = TZ also
 * traps SVE), plus TFP (bit 10): FP/SIMD use at EL2 traps, so a stray FP
 * instruction in the hypervisor shows up as a crash dump (EC 0x07).
 */
#define CPTR_EL2_BOOT		0x37ffull

#ifndef __ASSEMBLY__

#include "hyp/compiler.h"
#include "boot/bootinfo.h"

#define read_sysreg(r) ({ uint64_t __v; __asm__ volatile("mrs %0, " #r : "=r"(__v)); __v; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" : : "r"((uint64_t)(v)))

static inline void isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" : : : "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" : : : "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" : : : "memory"); }

/* MPIDR affinity fields Aff3..Aff0 (Arm ARM, register MPIDR_EL1); the rest are flags. */
#define MPIDR_AFF_MASK	0xff00ffffffull

/*
 * One per CPU, indexed by the logical CPU id; TPIDR_EL2 holds its address.
 * The first three fields are read by assembly before the MMU is on.
 */
struct arm64_percpu {
	uint64_t self;		/* immutable: this block's address */
	uint64_t crash_sp;	/* immutable: top of the exception (crash) stack */
	uint64_t stack_top;	/* immutable: top of the normal stack */
	uint64_t mpidr;		/* immutable: MPIDR affinity from the DTB */
	unsigned int id;	/* immutable: logical id, 0 = boot CPU */
	/* Written once by the CPU itself, read by the boot CPU. */
	uint32_t online;
	/* Owned by the CPU itself (exception path). */
	uint32_t in_crash;
	/* Owned by the boot CPU (smp start). */
	int64_t psci_ret;
	/* Owned by the CPU itself: the frame of the guest it runs (guest.S, PCPU_GUEST_CTX). */
	void *guest_ctx;
	/* Owned by the CPU itself (vcpu.c): whose EL1/FP state the registers hold. */
	void *el1_owner;
	uint64_t vtcr;		/* VTCR_EL2 last written */
	uint64_t vttbr;		/* VTTBR_EL2 last written by vcpu.c (0: unknown) */
};

extern struct arm64_percpu arm64_percpu[BOOT_MAX_CPUS];
extern uint8_t arm64_cpu_stacks[BOOT_MAX_CPUS][STACK_SLOT_SIZE];

static inline struct arm64_percpu *this_cpu(void)
{
	return (struct arm64_percpu *)read_sysreg(tpidr_el2);
}

/* ---- platform description (dtb.c) ---- */

/*
 * How PSCI is reached. Only SMC works from EL2: an HVC at EL2 is taken to
 * EL2 itself (Arm ARM, A64 instruction HVC), so a DTB saying "hvc"
 * describes firmware for an EL1 kernel under a hypervisor, not for us.
 */
enum psci_conduit { PSCI_NONE = 0, PSCI_SMC };

struct arm64_platform {
	/* Immutable after arm64_dtb_parse(). */
	enum psci_conduit conduit;
	bool psci_v02;			/* standard function ids (PSCI 0.2+) */
	uint32_t psci_cpu_on;		/* CPU_ON function id */
	unsigned int ncpus;		/* entries of mpidr[]; [0] is the boot CPU */
	uint64_t mpidr[BOOT_MAX_CPUS];
	uint64_t uart_base, uart_size;	/* console PL011 */
	const char *uart_from;		/* how it was found, for the log */
	uint64_t gicd_base, gicd_size;	/* GICv3 distributor */
	uint64_t gicr_base, gicr_size;	/* first redistributor region */
	const char *model;
};

extern struct arm64_platform arm64_plat;

/*
 * Parse the platform DTB at dtb (mapped, avail bytes readable) into
 * arm64_plat and *bi. Boot CPU, MMU on. Reports every bad input through
 * fatal(), naming the node, the property and the reason; returns only on
 * success.
 */
void arm64_dtb_parse(const void *dtb, size_t avail, struct boot_info *bi);

/* ---- command line (setup.c) ---- */

/*
 * Options from /chosen bootargs the arm64 code acts on:
 *   bulkhead.exit=semihosting  end a failure stop with a semihosting SYS_EXIT
 *                              carrying the status (QEMU exits with it);
 *                              never executed unless given (see psci.c)
 *   bulkhead.crashtest[=read|write-text|exec-data|stack|secondary]
 *                              fault on purpose once the CPUs are up (tests
 *                              the crash dump, W^X and the stack guards;
 *                              "secondary": cpu 1 reads an unmapped address)
 *   bulkhead.vmid-bits=N       use at most N (1..16) VMID bits (tests of VMID
 *                              generations); the build option ARM64_VMID_BITS
 *                              caps it too
 *   bulkhead.partitions=off    read and check the manifest, start nothing
 *   bulkhead.guest-pmu=on      let guests use the PMU, EL2 counting included
 *                              (benchmarks only: it is shared, not switched)
 */
struct arm64_options {
	bool semihosting_exit;
	const char *crashtest;		/* NULL: off */
	unsigned int vmid_bits;		/* bulkhead.vmid-bits=1..16: cap on the VMID width, 0 = none */
	bool no_partitions;		/* bulkhead.partitions=off: check the manifest, run nothing */
	bool guest_pmu;			/* bulkhead.guest-pmu=on: guests may use the PMU (benchmarks) */
};

extern struct arm64_options arm64_opt;

/* Parse the command line options above; unknown words are left alone. */
void arm64_parse_cmdline(const char *cmdline);

/* ---- console (console.c) ---- */

/* Use the PL011 at this (mapped) physical address from now on. */
void arm64_console_set(uint64_t base);
/* Lock-free output for paths that cannot take the console lock. */
void arm64_console_puts_raw(const char *s);

/* ---- PSCI and stopping (psci.c) ---- */

/* PSCI CPU_ON through the platform's conduit; returns the PSCI status. */
int64_t arm64_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Name of a PSCI status ("INVALID_PARAMETERS", ...). */
const char *arm64_psci_strerror(int64_t ret);

/* True once some CPU is inside arch_stop() (a trap there must not stop again). */
bool arm64_is_stopping(void);
/* Mask interrupts and wait forever (the last resort when nothing can power off). */
__noreturn void arm64_halt(void);

/* ---- crash tests (traps.c) ---- */

/*
 * Raise the exception kind names on this CPU ("read", "write-text",
 * "exec-data", "stack"; anything else reads an unmapped address). Returns
 * only if no exception was raised.
 */
void arm64_crashtest(const char *kind);

/* ---- SMP (smp.c) ---- */

/* Set up the boot CPU's per-CPU block (called by head.S, MMU off, and again once .bss is cleared). */
void arm64_percpu_boot_init(void);


/* ---- MMU (hyp_mmu.c, mmu.c) ---- */

/* Register values every CPU loads to turn its MMU on (read by head.S). */
struct arm64_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t sctlr;
};
extern struct arm64_mmu_regs arm64_mmu_regs;

/* ---- head.S ---- */

void arm64_secondary_entry(void);	/* PSCI CPU_ON entry (physical address) */
extern char arm64_el1_park_vectors[];	/* VBAR_EL1 for arm64_wrong_el() */
/* Load arm64_mmu_regs and turn the MMU and caches on (this CPU). */
void arm64_mmu_enable(void);
/* Clean [va, va+size) to the point of coherency (for MMU-off readers). */
void arm64_dcache_clean_poc(const void *va, uint64_t size);
/* Invalidate [va, va+size) to the point of coherency (after MMU-off writes). */
void arm64_dcache_inval_poc(const void *va, uint64_t size);

/*
 * ---- C entry points called from assembly (none returns) ----
 * arm64_boot_c: boot CPU at EL2, stack and bss ready, MMU on (off only if
 *   arm64_mmu_early() failed: arm64_mmu_early_state.map_err).
 * arm64_wrong_el: entered at an EL other than EL2.
 * arm64_secondary_c: a secondary CPU with its MMU on.
 * arm64_exception: any exception taken to EL2 (vectors.S), on the crash stack.
 */

__noreturn void arm64_boot_c(uint64_t dtb_pa);
__noreturn void arm64_wrong_el(uint64_t current_el);
__noreturn void arm64_secondary_c(struct arm64_percpu *pc);

/* The crash frame vectors.S builds on the crash stack. */
struct arm64_regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t kind;		/* vector index 0..15 */
	uint64_t pad;
};
__noreturn void arm64_exception(struct arm64_regs *regs);

/* Linker symbols (linker/arm64.ld). */
extern char _image_start[], _text_end[], _rodata_start[], _rodata_end[];
extern char _data_start[], _image_end[], _bss_start[], _bss_end[];
extern char _stacks_start[], _stacks_end[];

#endif /* !__ASSEMBLY__ */
#endif
