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
#define GCTX_SIZE	(38 * 8)

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

/* Save / load the FP/SIMD registers of a guest (CPTR_EL2.TFP must be 0). */
void fpctx_save(struct arm64_fpctx *f);
void fpctx_load(const struct arm64_fpctx *f);
#endif

#endif
