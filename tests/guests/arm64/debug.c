// SPDX-License-Identifier: MIT
/*
 * Role 19 "debug" of the arm64 test guest: the self-hosted debug registers
 * the hypervisor emulates per vCPU (MDCR_EL2 traps them all; arch/arm64/
 * trap_decode.c arm64_dbg_access), seen from EL1 as Linux uses them.
 *
 *   x1 = rounds of the isolation loop (0: none)
 *
 * Checks, against the Arm ARM's register descriptions (DDI 0487, AArch64
 * debug registers) and the values the hypervisor documents (docs/arm64.md):
 *   - OSLSR_EL1 = 0xa after reset (OSLM 0b10, OS lock set), 0x8 once
 *     OSLAR_EL1 is written 0 (what Linux's CPU bring-up does);
 *   - MDSCR_EL1 keeps bits 31:0 of what is written;
 *   - every breakpoint / watchpoint ID_AA64DFR0_EL1 announces keeps its own
 *     value register and the defined bits of its control register; the
 *     first one past them is undefined (an EL1 undefined-instruction
 *     exception, ESR_EL1 EC 0x00), as are a read of the write-only OSLAR_EL1
 *     and a write of the read-only OSLSR_EL1;
 *   - MDCCINT_EL1 reads zero after a write, MDCCSR_EL0 reads 0,
 *     PMUSERENR_EL0 reads 0 after a write (no EL0 PMU access while the PMU
 *     is not lent);
 *   - isolation: for x1 rounds it writes a pattern of its own partition id
 *     into MDSCR_EL1, DBGBVR0 and DBGWVR0, yields, and checks them; two
 *     partitions time-sliced on one CPU must each find only their own.
 */
#include "glib.h"

/* MSR (wr) or MRS of the system register named enc, through v. */
#define SYSRW(enc)									\
	do {										\
		if (wr)									\
			__asm__ volatile("msr " enc ", %0" : : "r"(v));			\
		else									\
			__asm__ volatile("mrs %0, " enc : "=r"(v));			\
	} while (0)

/* The generic encodings S2_0_C0_C<n>_<op2> of breakpoint/watchpoint n. */
#define BPW_CASE(n)									\
	case n:										\
		switch (op2) {								\
		case 4: SYSRW("s2_0_c0_c" #n "_4"); break;				\
		case 5: SYSRW("s2_0_c0_c" #n "_5"); break;				\
		case 6: SYSRW("s2_0_c0_c" #n "_6"); break;				\
		default: SYSRW("s2_0_c0_c" #n "_7"); break;				\
		}									\
		break;

/* op2 4 DBGBVR, 5 DBGBCR, 6 DBGWVR, 7 DBGWCR of breakpoint/watchpoint n. */
static uint64_t bpw(unsigned int n, unsigned int op2, bool wr, uint64_t v)
{
	switch (n) {
	BPW_CASE(0) BPW_CASE(1) BPW_CASE(2) BPW_CASE(3) BPW_CASE(4) BPW_CASE(5) BPW_CASE(6) BPW_CASE(7)
	BPW_CASE(8) BPW_CASE(9) BPW_CASE(10) BPW_CASE(11) BPW_CASE(12) BPW_CASE(13) BPW_CASE(14) BPW_CASE(15)
	default: break;
	}
	return v;
}

/* Exactly one undefined-instruction exception (EC 0x00, IL) taken at EL1h since before. */
static bool one_undef(unsigned int before)
{
	return g_last.count == before + 1 && g_last.esr == 0x2000000 && g_last.kind == 4;
}

static bool bpw_undef(unsigned int n, unsigned int op2, bool wr)
{
	unsigned int before = g_last.count;

	g_expect_fault = true;
	(void)bpw(n, op2, wr, 0x1234);
	g_expect_fault = false;
	return one_undef(before);
}

static uint64_t mdscr(bool wr, uint64_t v)
{
	if (wr)
		__asm__ volatile("msr mdscr_el1, %0\n\tisb" : : "r"(v));
	else
		__asm__ volatile("mrs %0, mdscr_el1" : "=r"(v));
	return v;
}

static uint64_t oslsr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, s2_0_c1_c1_4" : "=r"(v));	/* OSLSR_EL1 */
	return v;
}

void debug_role(uint64_t rounds)
{
	unsigned int id = g_self(NULL), nbrp, nwrp, before;
	uint64_t dfr0, v;

	__asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
	nbrp = (unsigned int)((dfr0 >> 12) & 0xf) + 1;
	nwrp = (unsigned int)((dfr0 >> 20) & 0xf) + 1;
	g_printf("debug: %u breakpoints, %u watchpoints (ID_AA64DFR0_EL1 0x%llx)\n", nbrp, nwrp,
		 (unsigned long long)dfr0);

	/* The OS lock: set at reset, cleared by OSLAR_EL1 = 0. */
	G_EQ(oslsr(), 0xa);
	__asm__ volatile("msr s2_0_c1_c0_4, xzr\n\tisb");		/* OSLAR_EL1 */
	G_EQ(oslsr(), 0x8);
	before = g_last.count;
	g_expect_fault = true;
	__asm__ volatile("mrs %0, s2_0_c1_c0_4" : "=r"(v));		/* read of write-only OSLAR */
	__asm__ volatile("msr s2_0_c1_c1_4, %0" : : "r"(1ull));		/* write of read-only OSLSR */
	g_expect_fault = false;
	G_EQ(g_last.count, before + 2);
	G_EQ(g_last.esr, 0x2000000);
	G_EQ(oslsr(), 0x8);

	/* MDSCR_EL1: bits 31:0 kept (Linux sets TDCC, KDE, MDE, SS here). */
	G_EQ(mdscr(true, 0xffffffff0000b001ull), 0xffffffff0000b001ull);
	G_EQ(mdscr(false, 0), 0xb001);
	mdscr(true, 0);

	/* Each breakpoint and watchpoint its own registers. */
	for (unsigned int n = 0; n < nbrp; n++) {
		bpw(n, 4, true, 0xffff800008000000ull + n * 0x100);
		bpw(n, 5, true, ~0ull);
	}
	for (unsigned int n = 0; n < nwrp; n++) {
		bpw(n, 6, true, 0xffff800009000000ull + n * 0x40);
		bpw(n, 7, true, ~0ull);
	}
	for (unsigned int n = 0; n < nbrp; n++) {
		G_EQ(bpw(n, 4, false, 0), 0xffff800008000000ull + n * 0x100);
		G_EQ(bpw(n, 5, false, 0), 0x00ffe1e7ull);	/* BT, LBN, SSC, HMC, BAS, PMC, E */
		bpw(n, 5, true, 0);
	}
	for (unsigned int n = 0; n < nwrp; n++) {
		G_EQ(bpw(n, 6, false, 0), 0xffff800009000000ull + n * 0x40);
		G_EQ(bpw(n, 7, false, 0), 0x1f1fffffull);	/* MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E */
		bpw(n, 7, true, 0);
	}
	if (nbrp < 16) {
		G_CHECK(bpw_undef(nbrp, 4, false));
		G_CHECK(bpw_undef(nbrp, 5, true));
	}
	if (nwrp < 16) {
		G_CHECK(bpw_undef(nwrp, 6, true));
		G_CHECK(bpw_undef(nwrp, 7, false));
	}
	g_printf("debug: OS lock, MDSCR_EL1, %u breakpoints and %u watchpoints as written; the next ones undefined\n",
		 nbrp, nwrp);

	/*
	 * Read-as-zero registers and the PMU's EL0 enable. (QEMU 7.2 does not
	 * implement DBGCLAIMSET/CLR_EL1 or DBGAUTHSTATUS_EL1: they are undefined
	 * at EL1 before any trap, so only the host test checks them.)
	 */
	__asm__ volatile("msr s2_0_c0_c2_0, %0" : : "r"(~0ull));	/* MDCCINT_EL1 */
	__asm__ volatile("mrs %0, s2_0_c0_c2_0" : "=r"(v));
	G_EQ(v, 0);
	__asm__ volatile("mrs %0, s2_3_c0_c1_0" : "=r"(v));		/* MDCCSR_EL0 */
	G_EQ(v, 0);
	__asm__ volatile("msr pmuserenr_el0, %0" : : "r"(0xfull));
	__asm__ volatile("mrs %0, pmuserenr_el0" : "=r"(v));
	G_EQ(v, 0);

	/* Isolation: our own values survive other partitions' turns on this CPU. */
	for (uint64_t r = 0; r < rounds; r++) {
		uint64_t pat = ((uint64_t)(id + 1) << 12) | (r & 0xfff);

		mdscr(true, pat);
		bpw(0, 4, true, pat << 2);
		bpw(0, 6, true, pat << 3);
		g_yield();
		G_EQ(mdscr(false, 0), pat);
		G_EQ(bpw(0, 4, false, 0), pat << 2);
		G_EQ(bpw(0, 6, false, 0), pat << 3);
	}
	if (rounds)
		g_printf("debug: %llu rounds: MDSCR_EL1, DBGBVR0, DBGWVR0 kept across yields\n",
			 (unsigned long long)rounds);
}
