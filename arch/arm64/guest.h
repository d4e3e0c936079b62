/* SPDX-License-Identifier: MIT */
/*
 * The arm64 guest world switch shared by guest.S and vcpu.c: the register
 * frame the guest-exit vectors fill (offsets used by assembly, checked by
 * static asserts in vcpu.c), the entry function, the guest vector table and
 * the FP/SIMD save area with its fpctx_* functions (the only FP/SIMD code in
 * the hypervisor, exempted by scripts/check-nofp.sh).
 */
#ifndef ARCH_ARM64_GUEST_H
#define ARCH_ARM64_GUEST_H

#define GCTX_X(n)	((n) * 8)
#define GCTX_SP_EL0	(31 * 8)
#define GCTX_PC		(32 * 8)	/* ELR_EL2 */
#define GCTX_PSTATE	(33 * 8)	/* SPSR_EL2 */
#define GCTX_ESR	(34 * 8)
#define GCTX_FAR	(35 * 8)
#define GCTX_HPFAR	(36 * 8)
#define GCTX_HOST_SP	(37 * 8)
#define GCTX_HC_EXITS	(38 * 8)	/* &vcpu->stats.exits[VCPU_EXIT_HYPERCALL] */
#define GCTX_SIZE	(39 * 8)

/*
 * The calls the exit vector answers itself (guest.S, fast path), with the
 * values it returns; vcpu.c checks them against hyp/hypercall.h and
 * trap_decode.h. ESR_EL2 of "HVC #0" from AArch64: EC 0x16, IL 1, ISS 0.
 */
#define FAST_ESR_HVC0_TOP	0x5a		/* ESR_EL2[31:24] */
#define FAST_HC_VERSION_HI	0xc600		/* HC_VERSION >> 16 (low half 0) */
#define FAST_HC_ABI_VERSION_HI	0x0001		/* HC_ABI_VERSION >> 16 (low half 0) */
#define FAST_PSCI_VERSION_HI	0x8400		/* PSCI_VERSION_FN >> 16 (low half 0) */
#define FAST_PSCI_V1_1		0x00010001	/* PSCI_VERSION_1_1 */
#define FAST_EC_DABT_LOW	0x24

/* Offset of struct arm64_percpu.guest_ctx (arm64.h). */
#define PCPU_GUEST_CTX	56

/* Guest-exit kinds returned by arm64_guest_run(): the vector index (8..15). */
#define GEXIT_SYNC	8
#define GEXIT_IRQ	9
#define GEXIT_FIQ	10
#define GEXIT_SERROR	11
#define GEXIT_SYNC32	12
#define GEXIT_IRQ32	13
#define GEXIT_FIQ32	14
#define GEXIT_SERROR32	15

#ifndef __ASSEMBLY__
#include "hyp/compiler.h"

/* What the exit vectors save and arm64_guest_run() loads. */
struct arm64_gctx {
	uint64_t x[31];
	uint64_t sp_el0;
	uint64_t pc;		/* ELR_EL2 */
	uint64_t pstate;	/* SPSR_EL2 */
	uint64_t esr, far, hpfar;	/* of the last exit */
	uint64_t host_sp;
	uint64_t *hc_exits;	/* counted by the fast path for the null hypercall */
};

/* The guest's FP/SIMD registers. */
struct arm64_fpctx {
	uint64_t v[64];		/* q0-q31 */
	uint64_t fpsr, fpcr;
};

/*
 * Enter the guest described by c (EL1 system registers, VTTBR/VTCR and
 * HCR_EL2 already set up by the caller, interrupts masked) and return the
 * exit kind (GEXIT_*) once it traps back, with c updated. VBAR_EL2 must be
 * arm64_guest_vectors.
 */
unsigned int arm64_guest_run(struct arm64_gctx *c);

/* VBAR_EL2 while guests may run: current-EL entries go to arm64_vectors. */
extern char arm64_guest_vectors[];

/*
 * Called by the exit vector for a data abort from AArch64 with only x0-x18
 * and x30 saved in g (guest.S): completes a decoded read of a device the
 * arch emulates itself (the vPL011) without the world switch. Returns 0 to
 * send the exit down the full path with nothing changed; otherwise the read
 * is done, ELR_EL2 stepped and the value is in g->x[rt]: 1 when the vector's
 * restore of x0-x18/x30 delivers it (or the target is XZR), or rt (19-29)
 * when the vector must load that callee-saved register from g.
 */
unsigned int arm64_fast_dabt(struct arm64_gctx *g);

/* Save / load the FP/SIMD registers of a guest (CPTR_EL2.TFP must be 0). */
void fpctx_save(struct arm64_fpctx *f);
void fpctx_load(const struct arm64_fpctx *f);
#endif

#endif
