/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entry: the Multiboot v1 and Multiboot2 headers, the 32-bit entry
 * both loaders jump to (protected mode, paging off, EAX = magic, EBX =
 * boot information), and the switch to long mode (Intel SDM vol. 3A 10.8.5
 * "Initializing IA-32e Mode", AMD APM vol. 2 14.6 "Enabling and Activating
 * Long Mode"). The boot page tables identity-map the first 4 GiB with
 * 2 MiB pages; arch/x86/mmu.c replaces them with the final W^X map.
 */
#include "arch/x86/x86.h"

#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	0x00000003	/* page-aligned modules, memory information */
#define MB2_MAGIC	0xe85250d6

	.section .multiboot, "a"
	/* Multiboot v1 header (Multiboot Specification 0.6.96, 3.1.1). */
	.balign 4
	.globl mb1_header, mb2_header
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long 0x100000000 - (MB1_MAGIC + MB1_FLAGS)

	/* Multiboot2 header (Multiboot2 Specification 2.0, 3.1). */
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long mb2_header_end - mb2_header
	.long 0x100000000 - (MB2_MAGIC + (mb2_header_end - mb2_header))
	/* Information request (3.1.4), optional: cmdline, modules, mmap, ACPI. */
	.balign 8
mb2_info_req:
	.short 1, 1
	.long mb2_info_req_end - mb2_info_req
	.long 1, 3, 6, 14, 15
mb2_info_req_end:
	.balign 8
	.short 0, 0			/* end tag */
	.long 8
mb2_header_end:

	.section .text.entry, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl %eax, x86_boot_magic
	movl %ebx, x86_boot_info_pa

	/* Zero .bss (loaders should, but the stack and page tables live there). */
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl $x86_boot_stack_top, %esp

	/* Long mode present? (CPUID 0x80000001 EDX bit 29) */
	movl $0x80000000, %eax
	cpuid
	cmpl $0x80000001, %eax
	jb no_long_mode
	movl $0x80000001, %eax
	cpuid
	testl $X86_CPUID_EXT_LM, %edx
	jz no_long_mode
	movl %edx, %ebp			/* keep the NX bit for EFER below */

	/* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories of 2 MiB pages. */
	movl $x86_boot_pdpt + 3, %eax	/* present, writable */
	movl %eax, x86_boot_pml4
	movl $x86_boot_pd + 3, %eax
	xorl %ecx, %ecx
1:	movl %eax, x86_boot_pdpt(, %ecx, 8)
	addl $4096, %eax
	incl %ecx
	cmpl $4, %ecx
	jb 1b
	movl $0x83, %eax		/* present, writable, 2 MiB page */
	xorl %ecx, %ecx
2:	movl %eax, x86_boot_pd(, %ecx, 8)
	addl $0x200000, %eax
	incl %ecx
	cmpl $2048, %ecx
	jb 2b

	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $x86_boot_pml4, %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	testl $X86_CPUID_EXT_NX, %ebp
	jz 3f
	orl $X86_EFER_NXE, %eax
3:	wrmsr
	movl %cr0, %eax
	andl $~(X86_CR0_CD | X86_CR0_NW), %eax	/* caches on, whatever the loader left */
	orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl %eax, %cr0
	lgdt x86_gdt_ptr
	ljmp $X86_SEL_CODE64, $start64

no_long_mode:
	movl $msg_no_lm, %esi
4:	lodsb
	testb %al, %al
	jz 6f
	movb %al, %bl
	movw $0x3fd, %dx
5:	inb %dx, %al
	testb $0x20, %al
	jz 5b
	movw $0x3f8, %dx
	movb %bl, %al
	outb %al, %dx
	jmp 4b
6:	movw $X86_DEBUG_EXIT_PORT, %dx
	movl $1, %eax
	outl %eax, %dx
7:	hlt
	jmp 7b

	.code64
start64:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $x86_boot_stack_top, %rsp
	xorl %ebp, %ebp
	/* GS base -> per-CPU area of CPU 0 (arch_cpu_id() reads %gs:0). */
	movl $X86_MSR_GS_BASE, %ecx
	movl $x86_percpu, %eax
	xorl %edx, %edx
	wrmsr
	movl x86_boot_magic(%rip), %edi
	movl x86_boot_info_pa(%rip), %esi
	call x86_boot
8:	cli
	hlt
	jmp 8b

	.section .rodata
msg_no_lm:
	.asciz "\r\nbulkhead: fatal: this CPU has no long mode (x86_64); cannot boot\r\n"

	.data
	.balign 8
	.globl x86_gdt_ptr
x86_gdt_ptr:
	.short X86_GDT_ENTRIES * 8 - 1
	.quad x86_gdt
	.balign 8
	.globl x86_gdt
x86_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: flat data */
	.quad 0x00cf9a000000ffff	/* 0x18: flat 32-bit code */
	.fill 2 * X86_MAX_CPUS, 8, 0	/* TSS descriptors, filled by cpu.c */
x86_boot_magic:
	.long 0
x86_boot_info_pa:
	.long 0

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl x86_boot_pml4, x86_boot_pdpt, x86_boot_pd
x86_boot_pml4:
	.skip 4096
x86_boot_pdpt:
	.skip 4096
x86_boot_pd:
	.skip 4 * 4096

	.section .bss.stack, "aw", @nobits
	.balign 4096
	.globl x86_boot_stack_guard, x86_boot_stack_top
x86_boot_stack_guard:
	.skip 4096			/* unmapped by mmu.c: overflow faults */
	.skip X86_STACK_SIZE
x86_boot_stack_top:
