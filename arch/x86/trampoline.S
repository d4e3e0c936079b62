/* SPDX-License-Identifier: MIT */
/*
 * Application-processor start code. smp.c copies it to X86_TRAMPOLINE_PA
 * (below 1 MiB, 4 KiB aligned) and sends INIT-SIPI-SIPI with vector
 * X86_TRAMPOLINE_PA >> 12 (Intel SDM vol. 3A 9.4.4 "MP Initialization
 * Example"; AMD APM vol. 2 15.27.8 / 16.5). The AP starts in real mode at
 * CS:IP = 0x0800:0000, loads the hypervisor's GDT, enters protected mode,
 * then long mode with the boot CPU's CR3/CR4/EFER, and calls the C entry
 * with its stack and logical number, all read from the data block that
 * smp.c fills at X86_TRAMPOLINE_PA + X86_TRAMP_DATA (layout in x86.h).
 * Nothing here is executed in place: it is position-dependent on
 * X86_TRAMPOLINE_PA.
 */
#include "arch/x86/x86.h"

#define TRAMP(label)	(X86_TRAMPOLINE_PA + ((label) - x86_trampoline_start))
#define TDATA(field)	(X86_TRAMPOLINE_PA + X86_TRAMP_DATA + (field))

	.section .rodata.x86_trampoline, "a"
	.globl x86_trampoline_start, x86_trampoline_end
	.code16
x86_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	lgdtl X86_TRAMP_DATA + X86_TD_GDTR
	movl %cr0, %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $X86_SEL_CODE32, $TRAMP(tramp32)

	.code32
tramp32:
	movl $X86_SEL_DATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl TDATA(X86_TD_CR4), %eax
	movl %eax, %cr4
	movl TDATA(X86_TD_CR3), %eax
	movl %eax, %cr3
	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl TDATA(X86_TD_EFER), %eax
	wrmsr
	/* INIT leaves CD and NW set (SDM vol. 3A 10.1.1, table 10-1): caches on. */
	movl %cr0, %eax
	andl $~(X86_CR0_CD | X86_CR0_NW), %eax
	orl $(X86_CR0_PG | X86_CR0_WP | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmp $X86_SEL_CODE64, $TRAMP(tramp64)

	.code64
tramp64:
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq TDATA(X86_TD_STACK), %rsp
	movl TDATA(X86_TD_CPU), %edi
	movq TDATA(X86_TD_ENTRY), %rax
	xorl %ebp, %ebp
	callq *%rax
1:	cli
	hlt
	jmp 1b
x86_trampoline_end:
