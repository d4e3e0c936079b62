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

/* x0 = frame, x1 = exit kind; guest x0/x1 on the stack. */
guest_exit:
	stp	x2, x3, [x0, #GCTX_X(2)]
	stp	x4, x5, [x0, #GCTX_X(4)]
	stp	x6, x7, [x0, #GCTX_X(6)]
	stp	x8, x9, [x0, #GCTX_X(8)]
	stp	x10, x11, [x0, #GCTX_X(10)]
	stp	x12, x13, [x0, #GCTX_X(12)]
	stp	x14, x15, [x0, #GCTX_X(14)]
	stp	x16, x17, [x0, #GCTX_X(16)]
	stp	x18, x19, [x0, #GCTX_X(18)]
	stp	x20, x21, [x0, #GCTX_X(20)]
	stp	x22, x23, [x0, #GCTX_X(22)]
	stp	x24, x25, [x0, #GCTX_X(24)]
	stp	x26, x27, [x0, #GCTX_X(26)]
	stp	x28, x29, [x0, #GCTX_X(28)]
	str	x30, [x0, #GCTX_X(30)]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #GCTX_X(0)]
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

	/* Exception from the guest (SP_EL2 = the stack arm64_guest_run left). */
	.macro vguest kind
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_GUEST_CTX]
	mov	x1, #\kind
	b	guest_exit
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
	vguest	GEXIT_SYNC
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
