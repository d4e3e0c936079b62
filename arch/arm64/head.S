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
/* Bytes of arm64_percpu[0] head.S invalidates before the MMU-off set-up (mmu.c asserts the size). */
#define PCPU_EARLY_INVAL	128
/* The stack until the MMU is on (arm64_mmu_early() and its callees: about 400 bytes, -fstack-usage). */
#define EARLY_STACK_SIZE	4096
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
	 * Relocated: the loader cleaned the image to the point of coherency
	 * (booting.rst), but a clean line may still hold a value from before
	 * the rewrite above, which went straight to memory (MMU off: Device).
	 * Drop the lines of everything .rela.dyn may have written (the loaded
	 * image) before anything is read through the cache.
	 */
	cbz	x22, 3f
	adr_l	x0, _image_start
	adr_l	x1, _bss_start
	sub	x1, x1, x0
	bl	arm64_dcache_inval_poc
3:	/*
	 * Until the MMU is on, run on early_stack: it is part of the loaded
	 * image (zeros in the file), which the loader cleaned to the point of
	 * coherency (booting.rst), so no line an earlier owner left dirty can
	 * be written back over it; and nothing reads it once the MMU is on.
	 * The boot CPU's crash stack and per-CPU block are written with the
	 * MMU off (a crash dump; arm64_percpu_boot_init) but are not in the
	 * loaded image: drop any line there before the first write (Arm ARM
	 * D7.5.9, DC IVAC; with the MMU off our own accesses allocate none).
	 */
	adr_l	x2, early_stack_top
	mov	sp, x2
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	cmp	x1, #2
	b.ne	wrong_el
	adr_l	x0, arm64_cpu_stacks	/* slot 0: the boot CPU's */
	add	x0, x0, #(STACK_TOP_OFF + STACK_GUARD_SIZE)
	mov	x1, #CRASH_STACK_SIZE
	bl	arm64_dcache_inval_poc
	adr_l	x0, arm64_percpu
	mov	x1, #PCPU_EARLY_INVAL
	bl	arm64_dcache_inval_poc
	bl	el2_regs_init
	adr_l	x2, arm64_percpu
	msr	tpidr_el2, x2
	bl	arm64_percpu_boot_init	/* for a crash dump before .bss is cleared */
	adr_l	x2, arm64_vectors
	msr	vbar_el2, x2
	isb
	/*
	 * The EL2 tables (mmu.c, MMU off; it invalidates what it wrote), then
	 * the MMU, then the boot CPU's own stack, then .bss cleared with DC
	 * ZVA, which needs Normal memory (on Device memory it faults: Arm ARM
	 * C5.3, DC ZVA) and leaves no line to maintain: the way Linux clears
	 * .bss in __primary_switched. A mapping failure leaves the MMU off;
	 * arm64_boot_c reports it.
	 */
	mov	x0, x19
	bl	arm64_mmu_early
	cbnz	w0, 4f
	bl	arm64_mmu_enable
	adr_l	x2, arm64_cpu_stacks
	add	x2, x2, #STACK_TOP_OFF
	mov	sp, x2
	bl	arm64_bss_clear
	b	5f
4:	bl	mmu_off_fallback
5:	bl	arm64_percpu_boot_init	/* again: .bss was cleared */
	mov	x0, x19
	bl	arm64_boot_c
	b	.

wrong_el:
	mov	x19, x1
	bl	mmu_off_clear		/* no cache maintenance outside EL2: as before, plain stores */
	mov	x0, x19
	bl	arm64_wrong_el
	b	.

/*
 * The failure path that stays with the MMU off (no EL2 tables): move to
 * the boot CPU's stack and clear .bss (but the stacks and .bss.noinit) with
 * plain stores, because DC ZVA faults on Device memory. Both are dropped
 * from the caches first, so no dirty line of an earlier owner can be
 * written back over them later. Returns on the new stack; x0-x4, x20
 * clobbered. mmu_off_clear (wrong EL) skips the maintenance.
 */
mmu_off_fallback:
	mov	x20, x30
	adr_l	x0, arm64_cpu_stacks
	add	x0, x0, #STACK_GUARD_SIZE
	mov	x1, #BOOT_STACK_SIZE
	bl	arm64_dcache_inval_poc
	adr_l	x0, _bss_zero_start
	adr_l	x1, _bss_end
	sub	x1, x1, x0
	bl	arm64_dcache_inval_poc
	b	1f
mmu_off_clear:
	mov	x20, x30
1:	adr_l	x2, arm64_cpu_stacks
	add	x2, x2, #STACK_TOP_OFF
	mov	sp, x2
	adr_l	x2, _bss_zero_start
	adr_l	x3, _bss_end
2:	cmp	x2, x3
	b.hs	3f
	stp	xzr, xzr, [x2]
	stp	xzr, xzr, [x2, #16]
	stp	xzr, xzr, [x2, #32]
	stp	xzr, xzr, [x2, #48]
	add	x2, x2, #64
	b	2b
3:	ret	x20

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
 * sixteen lines per iteration while sixteen whole lines remain (two
 * instructions per line is the floor: DC takes no offset), then one by one.
 * Leaf: x0-x4 only, no stack (head.S calls it before there is one).
 */
	.macro dc_line op
	dc	\op, x0
	add	x0, x0, x2
	.endm

	.macro dcache_by_line op
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x2, #4
	lsl	x2, x2, x3
	add	x1, x0, x1
	sub	x3, x2, #1
	bic	x0, x0, x3
	sub	x4, x1, x2, lsl #4	/* last start of sixteen whole lines (x1 >= 16 lines: no wrap) */
	cmp	x1, x2, lsl #4
	b.lo	1f
3:	cmp	x0, x4
	b.hi	1f
	.rept	16
	dc_line	\op
	.endr
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

/*
 * The boot CPU's stack until its MMU is on: in .data, so it is in the
 * loaded image (see primary_entry).
 */
	.section .data.early_stack, "aw"
	.balign	16
early_stack:
	.space	EARLY_STACK_SIZE
early_stack_top:
