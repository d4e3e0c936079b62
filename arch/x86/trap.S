/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry: one 16-byte stub per IDT vector pushes a
 * zero error code where the CPU pushes none (Intel SDM vol. 3A 6.13, table
 * 6-1: vectors 8, 10-14, 17, 21, 29, 30 push one), then the vector, and
 * joins a common path that saves every general-purpose register into a
 * struct x86_trap_frame and calls x86_trap().
 */
#include "arch/x86/x86.h"

#define ERRCODE_VECTORS	0x60227d00	/* bit n set: the CPU pushes an error code */

	.text
	.balign 16
	.globl x86_trap_stubs
x86_trap_stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if vec < 32
	.if ((ERRCODE_VECTORS >> vec) & 1) == 0
	pushq $0
	.endif
	.else
	pushq $0
	.endif
	pushq $vec
	jmp x86_trap_common
	.set vec, vec + 1
	.endr
	.balign 16
	.globl x86_trap_stubs_end
x86_trap_stubs_end:

x86_trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	movq %rsp, %rdi
	call x86_trap
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector, error code */
	iretq
