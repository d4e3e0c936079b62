/* SPDX-License-Identifier: MIT */
/*
 * Test-guest entry at EL1 (the hypervisor's reset state: EL1h, MMU and
 * caches off, DAIF masked; x0-x3 = the manifest's boot-args, or for a vCPU
 * started by PSCI CPU_ON x0 = its context id). vCPU n (MPIDR_EL1.Aff0)
 * takes the n-th 16 KiB stack; vCPU 0 clears .bss. Exceptions at EL1 go to
 * g_vectors, which saves the registers and calls g_exception() (glib.c).
 * The virtual counter at the first instruction is kept in g_boot_counter.
 */
	.section .text.start, "ax"
	.global _start
_start:
	mrs	x12, cntvct_el0		/* first instruction: boot-time benchmark */
	mrs	x9, mpidr_el1
	and	x9, x9, #0xff
	adrp	x10, __stacks_top
	add	x10, x10, :lo12:__stacks_top
	sub	x10, x10, x9, lsl #14
	mov	sp, x10
	adrp	x10, g_vectors
	add	x10, x10, :lo12:g_vectors
	msr	vbar_el1, x10
	isb
	cbnz	x9, 2f
	adrp	x10, __bss_start
	add	x10, x10, :lo12:__bss_start
	adrp	x11, __bss_end
	add	x11, x11, :lo12:__bss_end
1:	cmp	x10, x11
	b.hs	3f
	stp	xzr, xzr, [x10], #16
	b	1b
3:	adrp	x10, g_boot_counter
	str	x12, [x10, :lo12:g_boot_counter]
	bl	g_main
	b	g_off
2:	mov	x1, x9
	bl	g_secondary_main
	b	g_off

	.text
	.macro	vent kind
	.balign	0x80
	sub	sp, sp, #272
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	vsave
	.endm

	.balign	2048
	.global	g_vectors
g_vectors:
	.irp	k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vent	\k
	.endr

vsave:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x1, sp
	bl	g_exception
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #272
	eret

/* x0 = function ID, x1-x6 arguments; returns x0-x3 into *(x7). */
	.global	g_hvc
g_hvc:
	str	x7, [sp, #-16]!
	hvc	#0
	ldr	x7, [sp], #16
	stp	x0, x1, [x7]
	stp	x2, x3, [x7, #16]
	ret

	.global	g_smc
g_smc:
	str	x7, [sp, #-16]!
	smc	#0
	ldr	x7, [sp], #16
	stp	x0, x1, [x7]
	stp	x2, x3, [x7, #16]
	ret

/* HVC with a non-zero immediate (SMCCC allows only #0): returns x0. */
	.global	g_hvc_imm1
g_hvc_imm1:
	hvc	#1
	ret
