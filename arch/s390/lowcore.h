/* SPDX-License-Identifier: MIT */
/*
 * The s390x lowcore (prefix area): the first 8 KiB of each CPU's real address
 * space, relocated per CPU by its prefix register. It holds the architected
 * interruption words and PSWs (z/Architecture Principles of Operation,
 * SA22-7832, chapter 3 "Assigned Storage Locations") and, in bytes the
 * architecture leaves to the program, Bulkhead's per-CPU words: the logical
 * CPU number, the stacks the interrupt entries switch to, and the register
 * save areas the entries fill. Shared by assembly (offsets) and C.
 */
#ifndef ARCH_S390_LOWCORE_H
#define ARCH_S390_LOWCORE_H

#define LC_SIZE			0x2000	/* prefix area: two 4 KiB frames, 8 KiB aligned */

/* Architected (PoP "Assigned Storage Locations"). */
#define LC_EXT_PARAMS		0x080	/* external-interruption parameter (u32) */
#define LC_EXT_CPU_ADDR		0x084	/* CPU address of the signalling CPU (u16) */
#define LC_EXT_CODE		0x086	/* external-interruption code (u16) */
#define LC_SVC_ILC		0x088	/* SVC instruction-length code (u16) */
#define LC_SVC_CODE		0x08a	/* SVC interruption code (u16) */
#define LC_PGM_ILC		0x08c	/* program ILC (u16, bits 13-14) */
#define LC_PGM_CODE		0x08e	/* program-interruption code (u16) */
#define LC_DATA_EXC_CODE	0x090	/* data-exception code (u32) */
#define LC_EXC_ACCESS_ID	0x0a0	/* exception access id (u8) */
#define LC_TRANS_EXC_ID		0x0a8	/* translation-exception identification (u64) */
#define LC_SUBCHANNEL_ID	0x0b8	/* I/O: subsystem id (u32) */
#define LC_IO_INT_PARM		0x0bc	/* I/O interruption parameter (u32) */
#define LC_IO_INT_WORD		0x0c0	/* I/O interruption word (u32) */
#define LC_STFL_FAC_LIST	0x0c8	/* STFL facility list (u32) */
#define LC_MCCK_CODE		0x0e8	/* machine-check interruption code (u64) */
#define LC_FAILING_STORAGE	0x0f8	/* failing-storage address (u64) */
#define LC_BREAKING_EVENT	0x110	/* breaking-event address (u64) */

#define LC_RESTART_OLD_PSW	0x120
#define LC_EXT_OLD_PSW		0x130
#define LC_SVC_OLD_PSW		0x140
#define LC_PGM_OLD_PSW		0x150
#define LC_MCCK_OLD_PSW		0x160
#define LC_IO_OLD_PSW		0x170

#define LC_RESTART_NEW_PSW	0x1a0
#define LC_EXT_NEW_PSW		0x1b0
#define LC_SVC_NEW_PSW		0x1c0
#define LC_PGM_NEW_PSW		0x1d0
#define LC_MCCK_NEW_PSW		0x1e0
#define LC_IO_NEW_PSW		0x1f0
#define LC_NEW_PSWS_SIZE	0x60	/* six 16-byte PSWs, restart first */

/*
 * Bulkhead's per-CPU words (0x200-0x3ff: not assigned by the architecture;
 * the architected store-status save area starts at 0x1200).
 */
#define LC_TRAP_GPRS		0x200	/* 16 x u64: GPRs at a fatal interruption */
#define LC_EXT_GPRS		0x280	/* 16 x u64: GPRs at an external interruption */
#define LC_TRAP_STACK		0x300	/* u64: top of the stack fatal entries switch to */
#define LC_BOOT_STACK		0x308	/* u64: top of the stack a restarted CPU starts on */
#define LC_CPU_ID		0x310	/* u32: logical CPU number (0 = boot CPU) */
#define LC_TRAP_DEPTH		0x314	/* u32: fatal interruptions being handled */
#define LC_EXT_SEEN_CODE	0x318	/* u32: last external code seen by a waiter */
#define LC_EXT_SEEN_PARAM	0x31c	/* u32: its parameter */
#define LC_CPU_ADDR		0x320	/* u16: this CPU's physical address (STAP) */
#define LC_TRAP_KIND		0x324	/* u32: which entry ran (S390_TRAP_*) */
#define LC_EXT_WAIT_CODE	0x328	/* u32: external code s390_wait_ext() waits for */

/* Entries that end in the crash report (LC_TRAP_KIND). */
#define S390_TRAP_PGM		1
#define S390_TRAP_MCCK		2
#define S390_TRAP_IO		3
#define S390_TRAP_SVC		4
#define S390_TRAP_RESTART	5
#define S390_TRAP_EXT		6	/* an external interruption nobody waited for */

/* PSW masks (PoP "Program-Status Word"): bit 31 EA + bit 32 BA = 64-bit mode. */
#define PSW_MASK_EXT		0x0100000000000000
#define PSW_MASK_IO		0x0200000000000000
#define PSW_MASK_MCHECK		0x0004000000000000
#define PSW_MASK_WAIT		0x0002000000000000
#define PSW_MASK_64		0x0000000180000000

#ifndef __ASSEMBLY__

#include "hyp/compiler.h"

struct s390_psw {
	uint64_t mask;
	uint64_t addr;
} __aligned(8);

/* A lowcore field of the running CPU (real address: the prefix applies). */
#define LC_U64(off)	(*(volatile uint64_t *)(uintptr_t)(off))
#define LC_U32(off)	(*(volatile uint32_t *)(uintptr_t)(off))
#define LC_U16(off)	(*(volatile uint16_t *)(uintptr_t)(off))
#define LC_U8(off)	(*(volatile uint8_t *)(uintptr_t)(off))
#define LC_PSW(off)	(*(volatile struct s390_psw *)(uintptr_t)(off))

#endif

#endif
