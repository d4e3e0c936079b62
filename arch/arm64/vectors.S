/* SPDX-License-Identifier: MIT */
/*
 * The EL2 exception vector table (VBAR_EL2). Until partitions exist every
 * exception taken to EL2 is a hypervisor bug or a deliberate crash test, so
 * every entry builds a register frame on this CPU's crash stack and calls
 * arm64_exception(), which prints a dump and stops the machine.
 *
 * The crash stack is separate from the normal stack so that a stack overflow
 * or a corrupted SP still produces a dump. x0 and the interrupted SP are
 * parked in TPIDRRO_EL0 / TPIDR_EL0 while switching: those belong to a
 * lower EL's thread state, which this path never returns to.
 * Arm ARM D1 "Exception vectors" (VBAR_ELx offsets): 16 entries of 0x80 bytes, table
 * aligned to 2 KiB.
 */
#include "arch/arm64/arm64.h"

	.macro ventry kind
	.balign	0x80
	msr	tpidrro_el0, x0
	mov	x0, sp
	msr	tpidr_el0, x0
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CRASH_SP]
	mov	sp, x0
	mov	x0, #\kind
	b	crash_entry
	.endm

	.text
	.balign	2048
	.global arm64_vectors
arm64_vectors:
	ventry	0	/* current EL, SP_EL0: synchronous */
	ventry	1	/* IRQ */
	ventry	2	/* FIQ */
	ventry	3	/* SError */
	ventry	4	/* current EL, SP_ELx: synchronous */
	ventry	5
	ventry	6
	ventry	7
	ventry	8	/* lower EL, AArch64: synchronous */
	ventry	9
	ventry	10
	ventry	11
	ventry	12	/* lower EL, AArch32: synchronous */
	ventry	13
	ventry	14
	ventry	15

crash_entry:
	sub	sp, sp, #REGS_SIZE
	str	x0, [sp, #REGS_KIND]
	stp	x1, x2, [sp, #REGS_X(1)]
	stp	x3, x4, [sp, #REGS_X(3)]
	stp	x5, x6, [sp, #REGS_X(5)]
	stp	x7, x8, [sp, #REGS_X(7)]
	stp	x9, x10, [sp, #REGS_X(9)]
	stp	x11, x12, [sp, #REGS_X(11)]
	stp	x13, x14, [sp, #REGS_X(13)]
	stp	x15, x16, [sp, #REGS_X(15)]
	stp	x17, x18, [sp, #REGS_X(17)]
	stp	x19, x20, [sp, #REGS_X(19)]
	stp	x21, x22, [sp, #REGS_X(21)]
	stp	x23, x24, [sp, #REGS_X(23)]
	stp	x25, x26, [sp, #REGS_X(25)]
	stp	x27, x28, [sp, #REGS_X(27)]
	stp	x29, x30, [sp, #REGS_X(29)]
	mrs	x0, tpidrro_el0
	str	x0, [sp, #REGS_X(0)]
	mrs	x0, tpidr_el0
	str	x0, [sp, #REGS_SP]
	mrs	x0, elr_el2
	str	x0, [sp, #REGS_ELR]
	mrs	x0, spsr_el2
	str	x0, [sp, #REGS_SPSR]
	mrs	x0, esr_el2
	str	x0, [sp, #REGS_ESR]
	mrs	x0, far_el2
	str	x0, [sp, #REGS_FAR]
	mov	x29, xzr		/* end of the frame-record chain */
	mov	x0, sp
	bl	arm64_exception
	b	.
