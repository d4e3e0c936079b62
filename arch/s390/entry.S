/* SPDX-License-Identifier: MIT */
/*
 * s390x entry code: the image header QEMU's -kernel loader expects (entry at
 * 0x10000, Linux-style parameter area at 0x10400 that the loader patches with
 * the initrd location and the -append command line), the boot CPU's first
 * instructions, the secondary-CPU restart entry, and the six interruption
 * entries whose new PSWs live in each CPU's lowcore (z/Architecture
 * Principles of Operation, chapter 6 "Interruptions").
 *
 * Fatal interruptions (program check, machine check, I/O, SVC, stray
 * restart) save the GPRs in the lowcore, switch to the CPU's trap stack and
 * call s390_trap(), which reports and stops. External interruptions are
 * expected only inside s390_wait_ext(): the entry saves the GPRs, calls
 * s390_ext_interrupt() on the interrupted stack, and resumes the waiter with
 * the wait and external-mask bits cleared.
 */
#include "arch/s390/lowcore.h"

#define FAILURE_WAIT_ADDR	0xdead	/* any address whose low 12 bits are not 0xfff */
#define STACK_FRAME		160	/* s390x ELF ABI register save area */

/* ------------------------------------------------------------------------ */
/* 0x10000: the image header, its own load segment (linker/s390.ld).        */

	.section .head.text, "awx"
	.globl _start
_start:
	jg	s390_start			/* 0x10000: QEMU starts here */
	.org	_start + 0x08
	.ascii	"BULKHEAD"			/* 0x10008: signature (informative) */

	/* 0x10400: parameter area, same layout as Linux's struct parmarea. */
	.org	_start + 0x400
	.globl	s390_parmarea
s390_parmarea:
	.quad	0				/* 0x10400 ipl_device */
	.quad	0				/* 0x10408 initrd_start (QEMU -initrd) */
	.quad	0				/* 0x10410 initrd_size */
	.quad	0				/* 0x10418 oldmem_base */
	.quad	0				/* 0x10420 oldmem_size */
	.quad	0				/* 0x10428 kernel_version */
	.quad	0x1000 - 0x480			/* 0x10430 max_command_line_size */
	.org	_start + 0x480
	.globl	s390_cmdline_area
s390_cmdline_area:				/* 0x10480: -append string, NUL-terminated */
	.fill	0x1000 - 0x480, 1, 0

/* ------------------------------------------------------------------------ */
	.section .text.entry, "ax"

/* Boot CPU: 64-bit PSW, DAT off, every interruption masked, prefix 0. */
s390_start:
	/* New PSWs first: from here on nothing faults silently. */
	larl	%r1, s390_new_psws
	mvc	LC_RESTART_NEW_PSW(LC_NEW_PSWS_SIZE), 0(%r1)
	xc	0x200(256), 0x200		/* Bulkhead's lowcore words */
	xc	0x300(256), 0x300
	larl	%r1, boot_trap_stack_top
	stg	%r1, LC_TRAP_STACK
	stap	LC_CPU_ADDR

	/* Clear .bss (256-byte aligned at both ends by the linker script). */
	larl	%r2, __bss_start
	larl	%r3, __bss_end
0:	clgr	%r2, %r3
	jhe	1f
	xc	0(256, %r2), 0(%r2)
	aghi	%r2, 256
	j	0b
1:
	larl	%r15, boot_stack_top
	stg	%r15, LC_BOOT_STACK
	aghi	%r15, -STACK_FRAME
	xc	0(8, %r15), 0(%r15)
	brasl	%r14, s390_boot
	j	fatal_wait

/* A secondary CPU after SIGP RESTART: its lowcore (prefix) is set up. */
	.globl	s390_secondary_entry
s390_secondary_entry:
	lg	%r15, LC_BOOT_STACK
	aghi	%r15, -STACK_FRAME
	xc	0(8, %r15), 0(%r15)
	brasl	%r14, s390_secondary_main
	j	fatal_wait

/* ---- fatal interruptions ------------------------------------------------ */

pgm_entry:
	stmg	%r0, %r15, LC_TRAP_GPRS
	lghi	%r2, S390_TRAP_PGM
	j	trap_common
mcck_entry:
	stmg	%r0, %r15, LC_TRAP_GPRS
	lghi	%r2, S390_TRAP_MCCK
	j	trap_common
io_entry:
	stmg	%r0, %r15, LC_TRAP_GPRS
	lghi	%r2, S390_TRAP_IO
	j	trap_common
svc_entry:
	stmg	%r0, %r15, LC_TRAP_GPRS
	lghi	%r2, S390_TRAP_SVC
	j	trap_common
restart_entry:
	stmg	%r0, %r15, LC_TRAP_GPRS
	lghi	%r2, S390_TRAP_RESTART

/* %r2 = kind. A fault while reporting a fault stops at once. */
trap_common:
	l	%r1, LC_TRAP_DEPTH
	ahi	%r1, 1
	st	%r1, LC_TRAP_DEPTH
	chi	%r1, 1
	jne	fatal_wait
	st	%r2, LC_TRAP_KIND
	lg	%r15, LC_TRAP_STACK
	ltgr	%r15, %r15
	jz	fatal_wait
	aghi	%r15, -STACK_FRAME
	xc	0(8, %r15), 0(%r15)
	brasl	%r14, s390_trap
fatal_wait:
	larl	%r1, failure_wait_psw
	lpswe	0(%r1)

/* ---- external interruptions --------------------------------------------- */

ext_entry:
	stmg	%r0, %r15, LC_EXT_GPRS
	aghi	%r15, -STACK_FRAME		/* no red zone below %r15 in the ABI */
	brasl	%r14, s390_ext_interrupt
	lmg	%r0, %r15, LC_EXT_GPRS
	ni	LC_EXT_OLD_PSW, 0xfe		/* resume with external masked ... */
	ni	LC_EXT_OLD_PSW + 1, 0xfd	/* ... and out of the wait state */
	lpswe	LC_EXT_OLD_PSW

/* ------------------------------------------------------------------------ */
	.section .rodata.s390_psws, "a"
	.balign	8
	.globl	s390_new_psws
s390_new_psws:				/* lowcore 0x1a0..0x1ff, in this order */
	.quad	PSW_MASK_64, restart_entry
	.quad	PSW_MASK_64, ext_entry
	.quad	PSW_MASK_64, svc_entry
	.quad	PSW_MASK_64, pgm_entry
	.quad	PSW_MASK_64, mcck_entry
	.quad	PSW_MASK_64, io_entry
	.globl	s390_restart_trap_psw
s390_restart_trap_psw:
	.quad	PSW_MASK_64, restart_entry
failure_wait_psw:
	.quad	PSW_MASK_WAIT | PSW_MASK_64, FAILURE_WAIT_ADDR

/* ------------------------------------------------------------------------ */
	.section .bss.stack, "aw", @nobits
	.balign	4096
boot_stack:
	.skip	16384
boot_stack_top:
boot_trap_stack:
	.skip	8192
boot_trap_stack_top:
	.section .note.GNU-stack, "", @progbits
