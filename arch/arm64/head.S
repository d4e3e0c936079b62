/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry: the Linux arm64 Image header (so QEMU's -kernel and U-Boot's
 * booti start us at EL2 with x0 = DTB, MMU and data cache off), the boot
 * CPU's first instructions, the PSCI CPU_ON entry of the other CPUs, turning
 * the MMU on, and data-cache maintenance by address.
 *
 * Placement: "anywhere" (flags bit 3): a loader may put the image at any
 * 2 MiB aligned base + text_offset in RAM (QEMU -kernel: RAM base + 2 MiB,
 * U-Boot booti: near where it was loaded). It is linked at 0x40200000 (QEMU
 * virt's choice, so there it runs unrelocated) as a static PIE: code reaches
 * everything PC-relatively (adrp), and the absolute addresses stored in
 * data, rodata and literal pools are listed in .rela.dyn as
 * R_AARCH64_RELATIVE entries, which primary_entry rewrites for the real
 * load address before any C code runs. Hypervisor virtual addresses stay
 * equal to physical ones wherever the image lands; only a load address that
 * is not 4 KiB aligned (adrp works on 4 KiB pages) is refused, and a
 * loader must not do that (booting.rst requires a 2 MiB aligned base).
 * Documentation/arch/arm64/booting.rst in Linux describes the header.
 */
#include "arch/arm64/arm64.h"

#ifndef EARLY_UART_BASE
#define EARLY_UART_BASE	0x09000000	/* ARM64_EARLY_UART in arch/arm64/image.mk */
#endif

#define TEXT_OFFSET	0x200000
/* flags: bit 0 = 0 little endian, bits 2:1 = 1 4 KiB pages, bit 3 = 1 anywhere */
#define IMAGE_FLAGS	((1 << 1) | (1 << 3))
#define R_AARCH64_NONE		0
#define R_AARCH64_RELATIVE	1027

	.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
	.endm

	.section .head.text, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	TEXT_OFFSET		/* text_offset */
	.quad	_image_size		/* image_size: file + bss, from the linker */
	.quad	IMAGE_FLAGS		/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE/COFF header */

	.text
/*
 * Boot CPU, from the loader: x0 = DTB physical address, MMU off, D-cache
 * off, all CPUs but this one off (booting.rst "CPU mode").
 */
primary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	/*
	 * Relocate first. x20 = where we run, x21 = where we were linked
	 * (a literal: read before the loop below rewrites it).
	 */
	adr	x20, _start
	ldr	x21, =_start
	tst	x20, #0xfff
	b.ne	misaligned
	sub	x22, x20, x21
	cbz	x22, 2f
	adr_l	x2, _rela_start
	adr_l	x3, _rela_end
1:	cmp	x2, x3
	b.hs	2f
	ldp	x4, x5, [x2], #16	/* r_offset, r_info */
	ldr	x6, [x2], #8		/* r_addend */
	cmp	x5, #R_AARCH64_NONE
	b.eq	1b
	cmp	x5, #R_AARCH64_RELATIVE
	b.ne	bad_reloc
	add	x6, x6, x22
	str	x6, [x4, x22]
	b	1b
2:	/*
	 * .bss next (no stack use yet), but not the CPU stacks
	 * [_stacks_start, _stacks_end): nothing reads a stack before
	 * writing it, and they are 1.75 MiB of the 2.5. DC ZVA is no use
	 * here: with the MMU off every access is Device-nGnRnE, where it
	 * faults. Nor .bss.noinit (the EL2 table pool, whose pages are
	 * zeroed when handed out). _bss_zero_start and _bss_end are 64-byte
	 * aligned (linker).
	 */
	adr_l	x2, _bss_start
	adr_l	x3, _stacks_start
3:	cmp	x2, x3
	b.hs	4f
	stp	xzr, xzr, [x2], #16
	b	3b
4:	adr_l	x2, _bss_zero_start
	adr_l	x3, _bss_end
5:	cmp	x2, x3
	b.hs	6f
	stp	xzr, xzr, [x2]
	stp	xzr, xzr, [x2, #16]
	stp	xzr, xzr, [x2, #32]
	stp	xzr, xzr, [x2, #48]
	add	x2, x2, #64
	b	5b
6:	adr_l	x2, arm64_cpu_stacks	/* slot 0: the boot CPU's */
	add	x2, x2, #STACK_TOP_OFF
	mov	sp, x2
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	cmp	x1, #2
	b.ne	7f
	bl	el2_regs_init
	adr_l	x2, arm64_percpu
	msr	tpidr_el2, x2
	bl	arm64_percpu_boot_init
	adr_l	x2, arm64_vectors
	msr	vbar_el2, x2
	isb
	mov	x0, x19
	bl	arm64_boot_c
	b	.
7:	mov	x0, x1
	bl	arm64_wrong_el
	b	.

/*
 * Before relocation, with a stack of nothing: say why on the early UART
 * (adr reaches the text byte-exactly at any load address) and power off
 * through PSCI by SMC, the only conduit that reaches firmware from EL2.
 */
misaligned:
	adr	x1, msg_misaligned
	b	early_fail
bad_reloc:
	adr	x1, msg_bad_reloc
early_fail:
#if EARLY_UART_BASE
	ldr	x2, =EARLY_UART_BASE
6:	ldrb	w3, [x1], #1
	cbz	w3, 7f
	str	w3, [x2]
	b	6b
7:
#endif
	ldr	x0, =0x84000008		/* PSCI SYSTEM_OFF */
	smc	#0
8:	wfi
	b	8b

msg_misaligned:
	.asciz	"bulkhead: fatal: loaded at an address that is not 4 KiB aligned; powering off\r\n"
msg_bad_reloc:
	.asciz	"bulkhead: fatal: image has a relocation other than R_AARCH64_RELATIVE; powering off\r\n"
	.balign	4

/*
 * Other CPUs, from PSCI CPU_ON at EL2 with the MMU off: x0 = the context id,
 * the physical address of this CPU's struct arm64_percpu (cleaned to the
 * point of coherency by the boot CPU, as is arm64_mmu_regs).
 */
	.global arm64_secondary_entry
arm64_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	ldr	x2, [x19, #PCPU_STACK_TOP]
	mov	sp, x2
	bl	el2_regs_init
	msr	tpidr_el2, x19
	adr_l	x2, arm64_vectors
	msr	vbar_el2, x2
	isb
	bl	arm64_mmu_enable
	mov	x0, x19
	bl	arm64_secondary_c
	b	.

/* EL2 control registers to known values (MMU off), leaf function. */
el2_regs_init:
	ldr	x2, =SCTLR_EL2_OFF
	msr	sctlr_el2, x2
	isb
	ldr	x2, =HCR_EL2_BOOT
	msr	hcr_el2, x2
	ldr	x2, =CPTR_EL2_BOOT
	msr	cptr_el2, x2
	msr	vttbr_el2, xzr
	msr	cntvoff_el2, xzr
	isb
	ret

/*
 * Turn this CPU's MMU and caches on with the shared EL2 tables. Identity
 * map, so execution continues at the next instruction. Stale TLB and
 * instruction-cache contents from before are discarded first (Arm ARM D8
 * "Translation Lookaside Buffers"; booting.rst allows the I-cache to be on).
 */
	.global arm64_mmu_enable
arm64_mmu_enable:
	adr_l	x0, arm64_mmu_regs
	ldr	x1, [x0, #0]
	msr	mair_el2, x1
	ldr	x1, [x0, #8]
	msr	tcr_el2, x1
	ldr	x1, [x0, #16]
	msr	ttbr0_el2, x1
	isb
	tlbi	alle2
	dsb	nsh
	ic	iallu
	dsb	nsh
	isb
	ldr	x1, [x0, #24]
	msr	sctlr_el2, x1
	isb
	ret

/*
 * x0 = start, x1 = size: by the smallest data-cache line (CTR_EL0.DminLine),
 * four lines per iteration while four whole lines remain, then one by one.
 */
	.macro dcache_by_line op
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	add	x1, x0, x1
	sub	x3, x2, #1
	bic	x0, x0, x3
	sub	x4, x1, x2, lsl #2	/* last start of four whole lines (x1 >= 4 lines: no wrap) */
	cmp	x1, x2, lsl #2
	b.lo	1f
3:	cmp	x0, x4
	b.hi	1f
	dc	\op, x0
	add	x0, x0, x2
	dc	\op, x0
	add	x0, x0, x2
	dc	\op, x0
	add	x0, x0, x2
	dc	\op, x0
	add	x0, x0, x2
	b	3b
1:	cmp	x0, x1
	b.hs	2f
	dc	\op, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
	.endm

	.global arm64_dcache_clean_poc
arm64_dcache_clean_poc:
	dcache_by_line cvac

	.global arm64_dcache_inval_poc
arm64_dcache_inval_poc:
	dcache_by_line ivac

	.ltorg

/*
 * Vectors for arm64_wrong_el() at EL1: any exception there (e.g. the HVC
 * finding no hypervisor) parks the CPU instead of running random code.
 */
	.balign	2048
	.global arm64_el1_park_vectors
arm64_el1_park_vectors:
	.rept	16
	.balign	0x80
1:	wfi
	b	1b
	.endr
