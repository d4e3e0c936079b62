/* SPDX-License-Identifier: MIT */
/*
 * Pure arithmetic of the arm64 guest exits (no system registers, no asm, so
 * the host tests compile it): decoding a lower-EL stage-2 abort from
 * ESR_EL2 / FAR_EL2 / HPFAR_EL2 into the generic exit record
 * [kvm_handle_guest_abort], completing an emulated MMIO load (size, sign
 * and register width), building the synchronous external abort an EL1
 * guest takes [kvm_inject_dabt / inject_abt64], and decoding the PSCI calls
 * a guest makes by HVC or SMC (Arm DEN 0022 PSCI 1.1, DEN 0028 SMCCC), and
 * the per-vCPU emulation of the trapped debug registers.
 *
 * Field definitions: Arm ARM DDI 0487, register ESR_EL2 ("ISS encoding for
 * an exception from a Data Abort" / "... Instruction Abort"), HPFAR_EL2,
 * SPSR_EL1, and D1.10 "Exception entry" with the vector offsets of
 * D1.10.2 "Exception vectors".
 */
#ifndef ARCH_ARM64_TRAP_DECODE_H
#define ARCH_ARM64_TRAP_DECODE_H

#include "hyp/compiler.h"
#include "hyp/arch_vcpu.h"

/* ESR_ELx fields. */
#define ESR_EC_SHIFT		26
#define ESR_EC(esr)		((unsigned int)((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL			(1ull << 25)
#define ESR_ISS(esr)		((esr) & 0x1ffffffull)

/* Exception classes handled for a guest. */
#define EC_UNKNOWN		0x00
#define EC_WFX			0x01
#define EC_FP_ASIMD		0x07
#define EC_HVC64		0x16
#define EC_SMC64		0x17
#define EC_SYS64		0x18
#define EC_IABT_LOW		0x20
#define EC_IABT_CUR		0x21
#define EC_DABT_LOW		0x24
#define EC_DABT_CUR		0x25

/* Data / instruction abort ISS bits. */
#define ISS_ISV			(1u << 24)
#define ISS_SAS_SHIFT		22
#define ISS_SSE			(1u << 21)
#define ISS_SRT_SHIFT		16
#define ISS_SF			(1u << 15)
#define ISS_FNV			(1u << 10)
#define ISS_CM			(1u << 8)
#define ISS_S1PTW		(1u << 7)
#define ISS_WNR			(1u << 6)
#define ISS_FSC_MASK		0x3fu
#define FSC_SEA			0x10u	/* synchronous external abort, not on a table walk */

/* PSTATE / SPSR bits (AArch64). */
#define PSR_MODE_MASK		0x1fu
#define PSR_MODE_EL0t		0x0u
#define PSR_MODE_EL1t		0x4u
#define PSR_MODE_EL1h		0x5u
#define PSR_MODE32		0x10u	/* M[4]: the interrupted state was AArch32 */
#define PSR_F			(1u << 6)
#define PSR_I			(1u << 7)
#define PSR_A			(1u << 8)
#define PSR_D			(1u << 9)
#define PSR_DAIF		(PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_IL			(1u << 20)
#define PSR_SS			(1u << 21)

/* The class of a fault status code (DFSC / IFSC). */
enum arm64_fsc_kind {
	FSC_KIND_TRANSLATION,	/* 0b0001LL */
	FSC_KIND_ACCESS,	/* 0b0010LL access flag */
	FSC_KIND_PERMISSION,	/* 0b0011LL */
	FSC_KIND_OTHER,		/* external abort, alignment, TLB conflict, ... */
};

/* Classify a DFSC / IFSC (ISS[5:0]). Pure; inline for the exit fast path. */
static inline enum arm64_fsc_kind arm64_fsc_kind(unsigned int fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: return FSC_KIND_TRANSLATION;
	case 0x08: return FSC_KIND_ACCESS;
	case 0x0c: return FSC_KIND_PERMISSION;
	default: return FSC_KIND_OTHER;
	}
}

/*
 * Is HPFAR_EL2 valid for this abort? It is for translation and access flag
 * faults and for any fault on a stage-1 table walk (S1PTW); for a stage-2
 * permission fault on the access itself it may be UNKNOWN, and the IPA must
 * then come from an address translation of FAR (as KVM's __get_fault_info).
 */
bool arm64_hpfar_valid(uint64_t esr);

/* IPA of the faulting page from HPFAR_EL2.FIPA (bits [43:4] = IPA[51:12]). */
static inline uint64_t arm64_hpfar_ipa(uint64_t hpfar)
{
	return (hpfar & 0x00000ffffffffff0ull) << 8;	/* FIPA[43:4] -> IPA[51:12] */
}

/* Extra decode the arm64 side keeps to complete an emulated load. */
struct arm64_mmio_pend {
	bool sf;		/* the target is a 64-bit X register (ISS.SF) */
};

/*
 * Decode a lower-EL data abort (EC 0x24) or instruction abort (EC 0x20)
 * taken to EL2 into x (reason VCPU_EXIT_S2_FAULT): gpa = ipa_page | the page
 * offset of far; access PT_X for a fetch, PT_W for a write (WnR, also for a
 * stage-1 walk that writes descriptors), PT_R otherwise (cache maintenance
 * counts as a read); isv/size/reg/sign_extend from ISS when ISV says they
 * are valid and the access is neither a stage-1 walk nor cache maintenance;
 * data = the stored value of a decoded write (regs[srt], 0 for XZR, masked
 * to the access size). Returns 0, or -1 if this is not a stage-2 fault
 * (another EC, or a fault status that is not translation / access flag /
 * permission: an external abort or TLB conflict): x is then unchanged.
 * Pure.
 */
int arm64_decode_s2_abort(uint64_t esr, uint64_t far, uint64_t ipa_page, const uint64_t regs[31],
			  struct vcpu_exit *x, struct arm64_mmio_pend *pend) __must_check;

/*
 * The value an emulated load of `size` bytes leaves in its target register:
 * data truncated to size, sign-extended when sse, and then truncated to 32
 * bits for a W register (!sf: writing Wn zeroes the upper half). Pure.
 */
static inline uint64_t arm64_mmio_load_value(uint64_t data, unsigned int size, bool sse, bool sf)
{
	unsigned int bits = size * 8;
	uint64_t v = data;

	if (bits < 64) {
		v &= (1ull << bits) - 1;
		if (sse && (v >> (bits - 1)) & 1)
			v |= ~0ull << bits;
	}
	if (!sf)
		v &= 0xffffffffull;
	return v;
}

/* The guest state a synchronous external abort is built from. */
struct arm64_sea_in {
	uint64_t pc;		/* ELR_EL2: the faulting instruction */
	uint64_t pstate;	/* SPSR_EL2: the guest's PSTATE at the fault */
	uint64_t vbar;		/* VBAR_EL1 */
	uint64_t far;		/* FAR_EL2: the faulting virtual address */
	bool ifetch;		/* instruction abort (else data abort) */
	bool write;		/* data abort caused by a write */
};

/* The guest state after taking it. */
struct arm64_sea_out {
	uint64_t esr_el1, far_el1, elr_el1, spsr_el1;
	uint64_t pc;		/* VBAR_EL1 + vector offset */
	uint64_t pstate;	/* EL1h, DAIF masked */
};

/*
 * Build the synchronous external abort (FSC 0x10) an EL1 guest takes for
 * the fault in `in`, as exception entry to EL1 would (Arm ARM D1.10):
 * EC 0x24/0x20 when taken from EL0, 0x25/0x21 from EL1; vector offset 0x000
 * (EL1t), 0x200 (EL1h), 0x400 (AArch64 EL0), 0x600 (AArch32 EL0).
 * Returns false when the guest cannot take it: VBAR_EL1 is 0 (no handler
 * installed), not 2 KiB aligned, the fault came from EL2/EL3 modes a guest
 * cannot be in, or it hit the guest's own vector table at EL1 (a fault
 * inside the handler: delivering it again would loop). Pure.
 */
bool arm64_sea_build(const struct arm64_sea_in *in, struct arm64_sea_out *out) __must_check;

/*
 * Build the undefined-instruction exception (ESR_EL1 EC 0x00, IL = 1) an EL1
 * guest takes for an instruction the hypervisor does not emulate, such as an
 * access to a trapped system register [kvm_inject_undefined]: same vector
 * choice and same refusals as arm64_sea_build(); in->far, ifetch and write
 * are ignored (FAR_EL1 is UNKNOWN for EC 0x00 and set to in->far). Pure.
 */
bool arm64_undef_build(const struct arm64_sea_in *in, struct arm64_sea_out *out) __must_check;

/*
 * The self-hosted debug registers a guest sees. MDCR_EL2.TDA, TDOSA and
 * TDRA trap every access to them (the hypervisor neither partitions nor
 * switches the hardware's breakpoints), so each vCPU gets this emulated
 * file instead, as KVM keeps vcpu debug state while the guest is not
 * debugging [trap_bvr, trap_oslar_el1, trap_raz_wi]: a guest kernel
 * programs and reads back its breakpoints and watchpoints, the OS lock and
 * MDSCR_EL1, but they never take effect (no debug exceptions reach it).
 * Arm ARM DDI 0487, "AArch64 Self-hosted Debug" and the AArch64 debug
 * register descriptions: encodings of DBGBVR<n>_EL1 (op0 2, op1 0, CRn 0,
 * CRm n, op2 4), DBGBCR (5), DBGWVR (6), DBGWCR (7), MDSCR_EL1 (2,0,0,2,2),
 * OSLAR/OSLSR/OSDLR/DBGPRCR_EL1 (2,0,1,{0,1,3,4},4), ...
 */
#define ARM64_DBG_MAX_BP	16
struct arm64_dbg_regs {
	uint64_t bvr[ARM64_DBG_MAX_BP], bcr[ARM64_DBG_MAX_BP];
	uint64_t wvr[ARM64_DBG_MAX_BP], wcr[ARM64_DBG_MAX_BP];
	uint64_t mdscr;		/* MDSCR_EL1 (bits 31:0; 63:32 RES0 before Armv8.9) */
	bool oslk;		/* OS Lock: OSLAR_EL1 writes it, OSLSR_EL1.OSLK reads it */
	bool dlk;		/* OSDLR_EL1.DLK */
};

/* Reset state of a vCPU's debug registers: all zero, OS Lock set (Arm ARM: OSLK is 1 after a cold reset). */
void arm64_dbg_reset(struct arm64_dbg_regs *d);

enum arm64_sysreg_result {
	SYSREG_DONE,		/* emulated: a read's value is in *val; step past the instruction */
	SYSREG_UNDEF,		/* an encoding that does not exist here (a breakpoint beyond the
				   implemented ones, a read of a write-only register ...): undefined */
	SYSREG_NOT_MINE,	/* not a debug register: someone else decides */
};

/*
 * Emulate a trapped MRS/MSR (ISS of EC 0x18) on the debug registers of d.
 * nbrp / nwrp: breakpoints and watchpoints the guest is told about
 * (ID_AA64DFR0_EL1.BRPs / WRPs + 1, each at most ARM64_DBG_MAX_BP);
 * authstatus: the DBGAUTHSTATUS_EL1 value to report. For a write, *val is
 * the value written (0 for XZR); for a read, *val receives the value.
 * Registers:
 *   DBGBVR/BCR/WVR/WCR<n>_EL1   read/write, n below nbrp / nwrp (BCR and WCR keep their
 *                               defined bits only); others UNDEF
 *   MDSCR_EL1                   read/write, bits 31:0
 *   OSLAR_EL1 (write-only)      OSLK = bit 0;  OSLSR_EL1 (read-only): OSLM = 0b10 | OSLK << 1
 *   OSDLR_EL1                   DLK = bit 0
 *   MDCCINT_EL1, OSDTRRX/TX_EL1, OSECCR_EL1, DBGPRCR_EL1, DBGCLAIMSET/CLR_EL1,
 *   DBGDTR(RX/TX)_EL0           read as zero, writes ignored (no debug communications channel)
 *   MDRAR_EL1, MDCCSR_EL0       read-only, zero;  DBGAUTHSTATUS_EL1 read-only, authstatus
 * Pure.
 */
enum arm64_sysreg_result arm64_dbg_access(struct arm64_dbg_regs *d, uint32_t iss, unsigned int nbrp,
					  unsigned int nwrp, uint64_t authstatus, uint64_t *val);

/* PSCI function IDs (DEN 0022 5.1); 64-bit variants are 0xC4... */
#define PSCI_0_2_FN_BASE		0x84000000u
#define PSCI_VERSION_FN			0x84000000u
#define PSCI_CPU_SUSPEND		0x84000001u
#define PSCI_CPU_OFF			0x84000002u
#define PSCI_CPU_ON			0x84000003u
#define PSCI_AFFINITY_INFO		0x84000004u
#define PSCI_MIGRATE_INFO_TYPE		0x84000006u
#define PSCI_SYSTEM_OFF			0x84000008u
#define PSCI_SYSTEM_RESET		0x84000009u
#define PSCI_FEATURES			0x8400000Au
#define PSCI_FN64(fn)			((fn) | 0x40000000u)

#define PSCI_RET_SUCCESS		0
#define PSCI_RET_NOT_SUPPORTED		(-1)
#define PSCI_RET_INVALID_PARAMS		(-2)
#define PSCI_RET_DENIED			(-3)
#define PSCI_VERSION_1_1		0x00010001u

enum arm64_psci_action {
	PSCI_ACT_NONE,		/* not a PSCI function ID: an SMCCC call for the core */
	PSCI_ACT_RETURN,	/* answered here: *ret goes to x0 */
	PSCI_ACT_EXIT,		/* x holds a VCPU_EXIT_SYSTEM event for the core */
};

/*
 * Decode an SMCCC call with function ID fid (W0) and arguments a[0..2]
 * (x1-x3) from a vCPU of a partition with nvcpus vCPUs as PSCI 1.1:
 * VERSION (1.1), FEATURES, CPU_ON, CPU_OFF, AFFINITY_INFO, SYSTEM_OFF,
 * SYSTEM_RESET are emulated; any other ID of the standard secure service
 * range PSCI uses (0x84000000-0x8400001F and the 64-bit 0xC4... ones)
 * answers NOT_SUPPORTED. A vCPU's MPIDR is its index in Aff0 (the rest 0),
 * so a target MPIDR with any bit set above Aff0, or an Aff0 beyond nvcpus,
 * is INVALID_PARAMETERS. SMC32 IDs take 32-bit arguments. Pure.
 */
enum arm64_psci_action arm64_psci_decode(uint32_t fid, const uint64_t a[3], unsigned int nvcpus,
					  struct vcpu_exit *x, int64_t *ret);

#endif
