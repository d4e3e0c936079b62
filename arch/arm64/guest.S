/* SPDX-License-Identifier: MIT */
/*
 * The arm64 world switch: arm64_guest_run() enters a guest at EL1 with ERET,
 * and the lower-EL entries of arm64_guest_vectors (VBAR_EL2) bring it back:
 * they save the guest's general registers, SP_EL0, ELR/SPSR/ESR/FAR/HPFAR
 * into the running vCPU's frame (TPIDR_EL2 -> per-CPU block -> guest_ctx)
 * and return the vector index to the C caller on the hypervisor stack that
 * arm64_guest_run() left in SP_EL2. Entries for exceptions taken from EL2
 * itself go on to the crash-dumping arm64_vectors (vectors.S).
 *
 * CPTR_EL2.TFP is cleared only while the guest runs, so FP/SIMD use by the
 * hypervisor still traps (and crash-dumps) everywhere else. The guest's
 * FP/SIMD registers are moved only by fpctx_save / fpctx_load.
 *
 * Arm ARM D1.10 (exception entry, VBAR_ELx layout: 16 entries of 0x80 bytes,
 * 2 KiB aligned), C6.2 ERET.
 */
#include "arch/arm64/arm64.h"
#include "arch/arm64/guest.h"

#define CPTR_EL2_GUEST	(CPTR_EL2_BOOT & ~(1 << 10))

	.text
	.global arm64_guest_run
arm64_guest_run:
	stp	x29, x30, [sp, #-96]!
	mov	x29, sp
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x1, sp
	str	x1, [x0, #GCTX_HOST_SP]
	mrs	x1, tpidr_el2
	str	x0, [x1, #PCPU_GUEST_CTX]
	ldr	x1, =CPTR_EL2_GUEST
	msr	cptr_el2, x1
	ldr	x1, [x0, #GCTX_SP_EL0]
	msr	sp_el0, x1
	ldp	x1, x2, [x0, #GCTX_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2
	ldp	x2, x3, [x0, #GCTX_X(2)]
	ldp	x4, x5, [x0, #GCTX_X(4)]
	ldp	x6, x7, [x0, #GCTX_X(6)]
	ldp	x8, x9, [x0, #GCTX_X(8)]
	ldp	x10, x11, [x0, #GCTX_X(10)]
	ldp	x12, x13, [x0, #GCTX_X(12)]
	ldp	x14, x15, [x0, #GCTX_X(14)]
	ldp	x16, x17, [x0, #GCTX_X(16)]
	ldp	x18, x19, [x0, #GCTX_X(18)]
	ldp	x20, x21, [x0, #GCTX_X(20)]
	ldp	x22, x23, [x0, #GCTX_X(22)]
	ldp	x24, x25, [x0, #GCTX_X(24)]
	ldp	x26, x27, [x0, #GCTX_X(26)]
	ldp	x28, x29, [x0, #GCTX_X(28)]
	ldr	x30, [x0, #GCTX_X(30)]
	ldp	x0, x1, [x0, #GCTX_X(0)]
	eret
	dsb	nsh			/* no speculation past ERET */
	isb

/* Save the guest's caller-saved registers x2-x18, x30 into the frame x0. */
	.macro	save_caller
	stp	x2, x3, [x0, #GCTX_X(2)]
	stp	x4, x5, [x0, #GCTX_X(4)]
	stp	x6, x7, [x0, #GCTX_X(6)]
	stp	x8, x9, [x0, #GCTX_X(8)]
	stp	x10, x11, [x0, #GCTX_X(10)]
	stp	x12, x13, [x0, #GCTX_X(12)]
	stp	x14, x15, [x0, #GCTX_X(14)]
	stp	x16, x17, [x0, #GCTX_X(16)]
	str	x18, [x0, #GCTX_X(18)]
	str	x30, [x0, #GCTX_X(30)]
	.endm

/* x0 = frame, x1 = exit kind; guest x0/x1 on the stack. */
guest_exit:
	save_caller
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #GCTX_X(0)]
/* x0 = frame, x1 = exit kind; x0-x18 and x30 saved, the stack back at the host's. */
guest_exit_callee:
	stp	x19, x20, [x0, #GCTX_X(19)]
	stp	x21, x22, [x0, #GCTX_X(21)]
	stp	x23, x24, [x0, #GCTX_X(23)]
	stp	x25, x26, [x0, #GCTX_X(25)]
	stp	x27, x28, [x0, #GCTX_X(27)]
	str	x29, [x0, #GCTX_X(29)]
	mrs	x2, sp_el0
	str	x2, [x0, #GCTX_SP_EL0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #GCTX_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #GCTX_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x0, #GCTX_HPFAR]
	ldr	x2, =CPTR_EL2_BOOT
	msr	cptr_el2, x2
	ldr	x2, [x0, #GCTX_HOST_SP]
	mov	sp, x2
	mov	x0, x1
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	isb
	ret

	.ltorg

	/* Exception from EL2 itself: the crash path of vectors.S, same slot. */
	.macro vhost idx
	.balign	0x80
	b	arm64_vectors + (\idx * 0x80)
	.endm

/*
 * Fast paths for a synchronous exit from AArch64, in the spirit of KVM's
 * fixup_guest_exit(): x0 = the guest's x0, guest x0/x1 on the stack, x1 =
 * clobbered, flags "eq" for an HVC #0 (ESR_EL2[31:0] = 0x5a000000).
 * Each answers a call whose whole meaning is in the registers, exactly as
 * the slow path would, and returns to the guest with ERET; the EL1 state,
 * CPTR_EL2 and the vCPU's mailbox are untouched. Anything else goes on to
 * guest_exit as before.
 *  - HC_VERSION (hyp/hypercall.c hc_dispatch): x0 = HC_OK, x1 = the ABI
 *    version, x2 = x3 = 0; counted as a hypercall exit like the core does.
 *  - PSCI_VERSION (trap_decode.c): x0 = 1.1; the slow path answers it in
 *    the arch without the core, so it is not counted there either.
 *  - A data abort: arm64_fast_dabt() (vcpu.c) with the caller-saved
 *    registers in the frame; when it declines, the full exit continues from
 *    guest_exit_callee with those registers already saved. When the load's
 *    target is one of x19-x29 (live in the CPU, not in the frame) it returns
 *    that number and the value is loaded from the frame into it here.
 */
guest_sync_fast:
	b.ne	2f
	mov	w1, #(FAST_HC_VERSION_HI << 16)
	cmp	w0, w1
	b.eq	1f
	mov	w1, #(FAST_PSCI_VERSION_HI << 16)
	cmp	w0, w1
	b.ne	guest_sync_slow
	mov	x0, #(FAST_PSCI_V1_1 & 0xffff)
	movk	x0, #(FAST_PSCI_V1_1 >> 16), lsl #16
	ldr	x1, [sp, #8]
	add	sp, sp, #16
	eret
	dsb	nsh
	isb
1:	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_CTX]
	ldr	x0, [x0, #GCTX_HC_EXITS]
	ldr	x1, [x0]
	add	x1, x1, #1
	str	x1, [x0]
	mov	x0, #0			/* HC_OK */
	mov	x1, #(FAST_HC_ABI_VERSION_HI << 16)
	mov	x2, xzr
	mov	x3, xzr
	add	sp, sp, #16
	eret
	dsb	nsh
	isb
2:	mrs	x1, esr_el2
	lsr	x1, x1, #26		/* ESR_EL2.EC */
	cmp	x1, #FAST_EC_DABT_LOW
	b.ne	guest_sync_slow
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_CTX]
	save_caller
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #GCTX_X(0)]
	bl	arm64_fast_dabt		/* preserves x19-x29: still the guest's */
	mrs	x2, tpidr_el2
	ldr	x2, [x2, #PCPU_GUEST_CTX]
	cbz	w0, 3f
	cmp	w0, #19			/* 19-29: the load's target is that callee-saved register */
	b.lo	4f
	sub	w0, w0, #19
	adr	x1, 5f
	add	x1, x1, x0, lsl #3	/* two instructions per entry */
	br	x1
5:	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	ldr	x\n, [x2, #GCTX_X(\n)]
	b	4f
	.endr
4:	ldp	x0, x1, [x2, #GCTX_X(0)]
	ldp	x4, x5, [x2, #GCTX_X(4)]
	ldp	x6, x7, [x2, #GCTX_X(6)]
	ldp	x8, x9, [x2, #GCTX_X(8)]
	ldp	x10, x11, [x2, #GCTX_X(10)]
	ldp	x12, x13, [x2, #GCTX_X(12)]
	ldp	x14, x15, [x2, #GCTX_X(14)]
	ldp	x16, x17, [x2, #GCTX_X(16)]
	ldr	x18, [x2, #GCTX_X(18)]
	ldr	x30, [x2, #GCTX_X(30)]
	ldp	x2, x3, [x2, #GCTX_X(2)]
	eret
	dsb	nsh
	isb
3:	mov	x0, x2
	mov	x1, #GEXIT_SYNC
	b	guest_exit_callee

guest_sync_slow:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_CTX]
	mov	x1, #GEXIT_SYNC
	b	guest_exit

	/* Exception from the guest (SP_EL2 = the stack arm64_guest_run left). */
	.macro vguest kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_CTX]
	mov	x1, #\kind
	b	guest_exit
	.endm

	/* Synchronous exception from AArch64: try the fast paths first. */
	.macro vguest_sync
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x1, esr_el2
	tst	x1, #0xffffff		/* ISS[23:0] = 0: the immediate of an HVC is 0 */
	lsr	x1, x1, #24
	sub	x1, x1, #FAST_ESR_HVC0_TOP
	ccmp	x1, #0, #0, eq		/* Z set only if both hold */
	b	guest_sync_fast
	.endm

	.balign	2048
	.global arm64_guest_vectors
arm64_guest_vectors:
	vhost	0
	vhost	1
	vhost	2
	vhost	3
	vhost	4
	vhost	5
	vhost	6
	vhost	7
	vguest_sync
	vguest	GEXIT_IRQ
	vguest	GEXIT_FIQ
	vguest	GEXIT_SERROR
	vguest	GEXIT_SYNC32
	vguest	GEXIT_IRQ32
	vguest	GEXIT_FIQ32
	vguest	GEXIT_SERROR32

/* The guest's FP/SIMD registers (CPTR_EL2.TFP clear around the call). */
	.macro	fp_regs op
	\op	q0, q1, [x0, #0]
	\op	q2, q3, [x0, #32]
	\op	q4, q5, [x0, #64]
	\op	q6, q7, [x0, #96]
	\op	q8, q9, [x0, #128]
	\op	q10, q11, [x0, #160]
	\op	q12, q13, [x0, #192]
	\op	q14, q15, [x0, #224]
	\op	q16, q17, [x0, #256]
	\op	q18, q19, [x0, #288]
	\op	q20, q21, [x0, #320]
	\op	q22, q23, [x0, #352]
	\op	q24, q25, [x0, #384]
	\op	q26, q27, [x0, #416]
	\op	q28, q29, [x0, #448]
	\op	q30, q31, [x0, #480]
	.endm

	.global fpctx_save
	.type	fpctx_save, %function
fpctx_save:
	ldr	x2, =CPTR_EL2_GUEST
	msr	cptr_el2, x2
	isb
	fp_regs	stp
	mrs	x1, fpsr
	str	x1, [x0, #512]
	mrs	x1, fpcr
	str	x1, [x0, #520]
	ldr	x2, =CPTR_EL2_BOOT
	msr	cptr_el2, x2
	isb
	ret
	.size	fpctx_save, . - fpctx_save

	.global fpctx_load
	.type	fpctx_load, %function
fpctx_load:
	ldr	x2, =CPTR_EL2_GUEST
	msr	cptr_el2, x2
	isb
	fp_regs	ldp
	ldr	x1, [x0, #512]
	msr	fpsr, x1
	ldr	x1, [x0, #520]
	msr	fpcr, x1
	ldr	x2, =CPTR_EL2_BOOT
	msr	cptr_el2, x2
	isb
	ret
	.size	fpctx_load, . - fpctx_load
	.ltorg
