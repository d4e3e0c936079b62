/* SPDX-License-Identifier: MIT */
/*
 * arm64 entry: the Linux arm64 Image header (so QEMU's -kernel and U-Boot's
 * booti start us at EL2 with x0 = DTB, MMU and data cache off), the boot
 * CPU's first instructions, the PSCI CPU_ON entry of the other CPUs, turning
 * the MMU on, and data-cache maintenance by address.
 *
 * Placement: the image is linked at a fixed address, 0x40200000 (QEMU virt
 * RAM base + 2 MiB; see linker/arm64.ld). The header asks for exactly that:
 * text_offset = 2 MiB and flags bit 3 = 0 ("2 MiB aligned base as close as
 * possible to the base of DRAM"), which QEMU and booti honour on virt. Fixed
 * placement keeps every pointer in C a plain address and lets hypervisor
 * virtual equal physical; the boot CPU checks where it really runs
 * (arm64_boot_c) and stops with a message if a loader put it elsewhere.
 * Documentation/arch/arm64/booting.rst in Linux describes the header.
 */
#include "arch/arm64/arm64.h"

#define TEXT_OFFSET	0x200000
/* flags: bit 0 = 0 little endian, bits 2:1 = 1 4 KiB pages, bit 3 = 0 fixed base */
#define IMAGE_FLAGS	(1 << 1)

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
	/* .bss first (no stack use yet): the boot stack lives there. */
	adr_l	x2, _bss_start
	adr_l	x3, _bss_end
1:	cmp	x2, x3
	b.hs	2f
	stp	xzr, xzr, [x2], #16
	b	1b
2:	adr_l	x2, arm64_cpu_stacks	/* slot 0: the boot CPU's */
	add	x2, x2, #STACK_TOP_OFF
	mov	sp, x2
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	cmp	x1, #2
	b.ne	3f
	adr_l	x2, _start		/* where we run ... */
	ldr	x3, =_start		/* ... and where we were linked */
	cmp	x2, x3
	b.ne	4f
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
3:	mov	x0, x1
	bl	arm64_wrong_el
	b	.
4:	mov	x0, x2
	mov	x1, x3
	bl	arm64_wrong_place
	b	.

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
 * instruction-cache contents from before are discarded first (Arm ARM D8.13,
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

/* x0 = start, x1 = size: by the smallest data-cache line (CTR_EL0.DminLine). */
	.macro dcache_by_line op
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	add	x1, x0, x1
	sub	x3, x2, #1
	bic	x0, x0, x3
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
