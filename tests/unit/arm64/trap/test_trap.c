// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/arm64/trap_decode.c against the Arm ARM's field
 * definitions, written out here independently of the code under test:
 *   ESR_ELx: EC [31:26], IL [25], ISS [24:0]; data abort ISS: ISV 24,
 *   SAS 23:22, SSE 21, SRT 20:16, SF 15, AR 14, FnV 10, CM 8, S1PTW 7,
 *   WnR 6, DFSC 5:0 (DDI 0487 D13.2.37 "ISS encoding for an exception from
 *   a Data Abort"); HPFAR_EL2.FIPA [43:4] = IPA[51:12];
 *   exception entry: vector base + 0x000 (current EL, SP_EL0), 0x200
 *   (current EL, SP_ELx), 0x400 (lower EL AArch64), 0x600 (lower EL
 *   AArch32), synchronous offset 0; SPSR M[3:0] EL0t 0, EL1t 4, EL1h 5.
 * ESR values are built by the encoder below from those positions; a few
 * are also given as literal constants taken from real traps (QEMU,
 * Linux's esr.h examples) so the encoder itself is checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arm64/trap_decode.h"
#include "mm/pt.h"

struct dabt {
	unsigned ec, isv, sas, sse, srt, sf, cm, s1ptw, wnr, fsc;
};

static uint64_t enc(const struct dabt *d)
{
	return ((uint64_t)d->ec << 26) | (1ull << 25) | ((uint64_t)d->isv << 24) |
	       ((uint64_t)d->sas << 22) | ((uint64_t)d->sse << 21) | ((uint64_t)d->srt << 16) |
	       ((uint64_t)d->sf << 15) | ((uint64_t)d->cm << 8) | ((uint64_t)d->s1ptw << 7) |
	       ((uint64_t)d->wnr << 6) | d->fsc;
}

static uint64_t regs[31];

static void setup_regs(void)
{
	for (int i = 0; i < 31; i++)
		regs[i] = 0x1111111111111111ull * (uint64_t)(i % 15 + 1) + (uint64_t)i;
}

static void test_encoder_matches_literals(void **st)
{
	/* str w1, [x0] to an unmapped IPA, translation fault level 3: 0x93810047 | IL. */
	struct dabt d = { .ec = 0x24, .isv = 1, .sas = 2, .srt = 1, .wnr = 1, .fsc = 0x07 };
	(void)st;
	assert_int_equal(enc(&d), 0x93810047ull);
	/* ldr x2, [x3] translation fault level 2: ISV, SAS=3, SRT=2, SF */
	d = (struct dabt){ .ec = 0x24, .isv = 1, .sas = 3, .srt = 2, .sf = 1, .fsc = 0x06 };
	assert_int_equal(enc(&d), 0x93C28006ull);
}

static void test_hpfar(void **st)
{
	(void)st;
	/* FIPA holds IPA[51:12] at [43:4]: IPA 0x9000000 -> HPFAR 0x90000. */
	assert_int_equal(arm64_hpfar_ipa(0x90000), 0x9000000ull);
	assert_int_equal(arm64_hpfar_ipa(0x0000ffffffffff0ull | 0xf), 0xffffffffff000ull);
	assert_int_equal(arm64_hpfar_ipa(0xfff0000000000000ull), 0);
}

static void test_fsc_kinds(void **st)
{
	(void)st;
	for (unsigned l = 0; l < 4; l++) {
		assert_int_equal(arm64_fsc_kind(0x04 | l), FSC_KIND_TRANSLATION);
		assert_int_equal(arm64_fsc_kind(0x08 | l), FSC_KIND_ACCESS);
		assert_int_equal(arm64_fsc_kind(0x0c | l), FSC_KIND_PERMISSION);
		assert_int_equal(arm64_fsc_kind(0x00 | l), FSC_KIND_OTHER);	/* address size */
	}
	assert_int_equal(arm64_fsc_kind(0x10), FSC_KIND_OTHER);	/* SEA */
	assert_int_equal(arm64_fsc_kind(0x21), FSC_KIND_OTHER);	/* alignment */
	assert_int_equal(arm64_fsc_kind(0x30), FSC_KIND_OTHER);	/* TLB conflict */
}

static void test_hpfar_valid(void **st)
{
	struct dabt d = { .ec = 0x24, .fsc = 0x07 };
	(void)st;
	assert_true(arm64_hpfar_valid(enc(&d)));
	d.fsc = 0x0b;	/* access flag */
	assert_true(arm64_hpfar_valid(enc(&d)));
	d.fsc = 0x0f;	/* permission, on the access itself */
	assert_false(arm64_hpfar_valid(enc(&d)));
	d.s1ptw = 1;	/* permission, on a stage-1 walk */
	assert_true(arm64_hpfar_valid(enc(&d)));
	d = (struct dabt){ .ec = 0x24, .fsc = 0x10 };
	assert_false(arm64_hpfar_valid(enc(&d)));
}

/* Every size, register and sign/width combination of a decoded load or store. */
static void test_decode_loads_stores(void **st)
{
	(void)st;
	setup_regs();
	for (unsigned sas = 0; sas < 4; sas++)
		for (unsigned srt = 0; srt < 32; srt++)
			for (unsigned wnr = 0; wnr < 2; wnr++)
				for (unsigned sse = 0; sse < 2; sse++)
					for (unsigned sf = 0; sf < 2; sf++) {
						struct dabt d = { .ec = 0x24, .isv = 1, .sas = sas, .sse = sse,
								  .srt = srt, .sf = sf, .wnr = wnr, .fsc = 0x06 };
						struct vcpu_exit x;
						struct arm64_mmio_pend p;
						unsigned size = 1u << sas;
						uint64_t want = 0;

						memset(&x, 0xa5, sizeof(x));
						assert_int_equal(arm64_decode_s2_abort(enc(&d), 0xffff000012345abcull,
										       0x9000000, regs, &x, &p), 0);
						assert_int_equal(x.reason, VCPU_EXIT_S2_FAULT);
						assert_int_equal(x.s2.gpa, 0x9000abcull);
						assert_int_equal(x.s2.access, wnr ? PT_W : PT_R);
						assert_true(x.s2.isv);
						assert_int_equal(x.s2.size, size);
						assert_int_equal(x.s2.reg, srt);
						assert_int_equal(x.s2.sign_extend, sse);
						assert_int_equal(p.sf, sf);
						if (wnr && srt != 31) {
							want = regs[srt];
							if (size < 8)
								want &= (1ull << (8 * size)) - 1;
						}
						if (wnr)
							assert_int_equal(x.s2.data, want);
					}
}

static void test_decode_no_isv(void **st)
{
	struct dabt d = { .ec = 0x24, .wnr = 1, .fsc = 0x05 };
	struct vcpu_exit x;
	struct arm64_mmio_pend p;
	(void)st;
	setup_regs();
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0x10, 0x40000000, regs, &x, &p), 0);
	assert_false(x.s2.isv);
	assert_int_equal(x.s2.access, PT_W);
	assert_int_equal(x.s2.gpa, 0x40000010ull);
	/* stage-1 walk: never emulated, even with ISV set */
	d = (struct dabt){ .ec = 0x24, .isv = 1, .sas = 3, .s1ptw = 1, .fsc = 0x07 };
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0x123, 0x50000000, regs, &x, &p), 0);
	assert_false(x.s2.isv);
	assert_int_equal(x.s2.access, PT_R);
	/* cache maintenance counts as a read, whatever WnR says */
	d = (struct dabt){ .ec = 0x24, .cm = 1, .wnr = 1, .fsc = 0x07 };
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0x40, 0x50000000, regs, &x, &p), 0);
	assert_false(x.s2.isv);
	assert_int_equal(x.s2.access, PT_R);
}

static void test_decode_ifetch_and_refusals(void **st)
{
	struct dabt d = { .ec = 0x20, .fsc = 0x0f };
	struct vcpu_exit x;
	struct arm64_mmio_pend p;
	(void)st;
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0x41000004, 0x41000000, regs, &x, &p), 0);
	assert_int_equal(x.s2.access, PT_X);
	assert_false(x.s2.isv);
	assert_int_equal(x.s2.gpa, 0x41000004ull);
	/* Not stage-2 faults: left alone. */
	memset(&x, 0x5a, sizeof(x));
	d = (struct dabt){ .ec = 0x24, .fsc = 0x10 };
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0, 0, regs, &x, &p), -1);
	d = (struct dabt){ .ec = 0x24, .fsc = 0x30 };
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0, 0, regs, &x, &p), -1);
	d = (struct dabt){ .ec = 0x25, .fsc = 0x07 };	/* same-EL abort: not a guest's */
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0, 0, regs, &x, &p), -1);
	d = (struct dabt){ .ec = 0x16 };
	assert_int_equal(arm64_decode_s2_abort(enc(&d), 0, 0, regs, &x, &p), -1);
	assert_int_equal(x.reason, 0x5a5a5a5au);
}

static void test_load_value(void **st)
{
	(void)st;
	/* ldrb w: zero-extend */
	assert_int_equal(arm64_mmio_load_value(0xffffffffffffff80ull, 1, false, false), 0x80);
	/* ldrsb w: sign-extend to 32 bits, upper half zero */
	assert_int_equal(arm64_mmio_load_value(0x80, 1, true, false), 0xffffff80ull);
	/* ldrsb x */
	assert_int_equal(arm64_mmio_load_value(0x80, 1, true, true), 0xffffffffffffff80ull);
	/* ldrsh x, positive */
	assert_int_equal(arm64_mmio_load_value(0x12347fff, 2, true, true), 0x7fff);
	/* ldrsw x */
	assert_int_equal(arm64_mmio_load_value(0x80000000, 4, true, true), 0xffffffff80000000ull);
	/* ldr w */
	assert_int_equal(arm64_mmio_load_value(0x1122334455667788ull, 4, false, false), 0x55667788);
	/* ldr x */
	assert_int_equal(arm64_mmio_load_value(0x1122334455667788ull, 8, false, true), 0x1122334455667788ull);
	assert_int_equal(arm64_mmio_load_value(0x8000000000000000ull, 8, true, true), 0x8000000000000000ull);
}

static void test_sea(void **st)
{
	struct arm64_sea_in in = { .pc = 0x40001234, .pstate = 0x3c5 /* EL1h, DAIF */, .vbar = 0x40010000,
				   .far = 0xffff000000001000ull, .ifetch = false, .write = true };
	struct arm64_sea_out o;
	(void)st;

	assert_true(arm64_sea_build(&in, &o));
	/* EC 0x25 (same EL), IL, WnR, FSC 0x10 */
	assert_int_equal(o.esr_el1, 0x96000050ull);
	assert_int_equal(o.far_el1, in.far);
	assert_int_equal(o.elr_el1, in.pc);
	assert_int_equal(o.spsr_el1, 0x3c5);
	assert_int_equal(o.pc, 0x40010200ull);
	assert_int_equal(o.pstate, 0x3c5ull);

	in.pstate = 0x4;	/* EL1t, interrupts enabled */
	in.write = false;
	assert_true(arm64_sea_build(&in, &o));
	assert_int_equal(o.esr_el1, 0x96000010ull);
	assert_int_equal(o.pc, 0x40010000ull);
	assert_int_equal(o.spsr_el1, 0x4);
	assert_int_equal(o.pstate, 0x3c5ull);

	in.pstate = 0x0;	/* EL0t */
	in.ifetch = true;
	assert_true(arm64_sea_build(&in, &o));
	assert_int_equal(o.esr_el1, 0x82000010ull);	/* EC 0x20 */
	assert_int_equal(o.pc, 0x40010400ull);

	in.pstate = 0x10;	/* AArch32 User */
	in.ifetch = false;
	assert_true(arm64_sea_build(&in, &o));
	assert_int_equal(o.esr_el1, 0x92000010ull);	/* EC 0x24 */
	assert_int_equal(o.pc, 0x40010600ull);

	in.pstate = 0x5;	/* instruction abort at EL1h */
	in.ifetch = true;
	assert_true(arm64_sea_build(&in, &o));
	assert_int_equal(o.esr_el1, 0x86000010ull);	/* EC 0x21 */
}

/* Undefined instruction (Arm ARM D17.2.37 ESR_ELx: EC 0b000000 "unknown reason", IL 1). */
static void test_undef(void **st)
{
	struct arm64_sea_in in = { .pc = 0x40001234, .pstate = 0x3c5, .vbar = 0x40010000,
				   .far = 0, .ifetch = true, .write = true };
	struct arm64_sea_out o;
	(void)st;

	assert_true(arm64_undef_build(&in, &o));
	assert_int_equal(o.esr_el1, 0x02000000ull);	/* ifetch/write do not leak into the ISS */
	assert_int_equal(o.elr_el1, in.pc);		/* the undefined instruction itself */
	assert_int_equal(o.spsr_el1, 0x3c5);
	assert_int_equal(o.pc, 0x40010200ull);		/* current EL with SP_ELx, synchronous */
	assert_int_equal(o.pstate, 0x3c5ull);
	in.pstate = 0x0;				/* from EL0: lower EL, AArch64 */
	assert_true(arm64_undef_build(&in, &o));
	assert_int_equal(o.pc, 0x40010400ull);
	/* The same refusals as an abort: no vectors, misaligned, EL2, inside the vectors at EL1. */
	in.vbar = 0;
	assert_false(arm64_undef_build(&in, &o));
	in.vbar = 0x40010080;
	assert_false(arm64_undef_build(&in, &o));
	in.vbar = 0x40010000;
	in.pstate = 0x9;
	assert_false(arm64_undef_build(&in, &o));
	in.pstate = 0x5;
	in.pc = 0x40010210;
	assert_false(arm64_undef_build(&in, &o));
}

static void test_sea_refused(void **st)
{
	struct arm64_sea_in in = { .pc = 0x40001234, .pstate = 0x5, .vbar = 0, .far = 0 };
	struct arm64_sea_out o;
	(void)st;
	assert_false(arm64_sea_build(&in, &o));		/* no vectors */
	in.vbar = 0x40010100;
	assert_false(arm64_sea_build(&in, &o));		/* misaligned VBAR */
	in.vbar = 0x40010000;
	in.pc = 0x40010204;
	assert_false(arm64_sea_build(&in, &o));		/* inside its own vectors */
	in.pc = 0x40010800;
	assert_true(arm64_sea_build(&in, &o));		/* just past them is fine */
	in.pstate = 0x9;				/* EL2h: no guest state */
	assert_false(arm64_sea_build(&in, &o));
	in.pstate = 0xd;				/* EL3h */
	assert_false(arm64_sea_build(&in, &o));
	in.pstate = 0x0;				/* EL0 inside the vector address range is fine */
	in.pc = 0x40010204;
	assert_true(arm64_sea_build(&in, &o));
}

static enum arm64_psci_action psci(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, unsigned n,
				   struct vcpu_exit *x, int64_t *ret)
{
	uint64_t a[3] = { a1, a2, a3 };

	memset(x, 0, sizeof(*x));
	*ret = 12345;
	return arm64_psci_decode(fid, a, n, x, ret);
}

static void test_psci(void **st)
{
	struct vcpu_exit x;
	int64_t r;
	(void)st;

	assert_int_equal(psci(0x84000000, 0, 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, 0x10001);
	/* FEATURES */
	static const uint32_t yes[] = { 0x84000000, 0x84000002, 0x84000003, 0xC4000003, 0x84000004,
					0xC4000004, 0x84000008, 0x84000009, 0x8400000A };
	static const uint32_t no[] = { 0x84000001, 0xC4000001, 0x84000005, 0x84000006, 0x84000007,
				       0x8400000B, 0x8400000E, 0x84000012, 0xC4000008, 0x80000000, 0xC6000000 };
	for (unsigned i = 0; i < sizeof(yes) / 4; i++) {
		assert_int_equal(psci(0x8400000A, yes[i], 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
		assert_int_equal(r, 0);
	}
	for (unsigned i = 0; i < sizeof(no) / 4; i++) {
		assert_int_equal(psci(0x8400000A, no[i], 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
		assert_int_equal(r, -1);
	}
	/* CPU_ON, 64- and 32-bit */
	assert_int_equal(psci(0xC4000003, 1, 0x40080000, 0xdeadbeefcafeull, 2, &x, &r), PSCI_ACT_EXIT);
	assert_int_equal(x.reason, VCPU_EXIT_SYSTEM);
	assert_int_equal(x.sys.event, VCPU_SYS_CPU_ON);
	assert_int_equal(x.sys.arg[0], 1);
	assert_int_equal(x.sys.arg[1], 0x40080000);
	assert_int_equal(x.sys.arg[2], 0xdeadbeefcafeull);
	assert_int_equal(psci(0x84000003, 0xffffffff00000001ull, 0x1240080000ull, 0xdeadbeefcafeull, 2, &x, &r),
			 PSCI_ACT_EXIT);
	assert_int_equal(x.sys.arg[0], 1);
	assert_int_equal(x.sys.arg[1], 0x40080000);
	assert_int_equal(x.sys.arg[2], 0xbeefcafeull);
	/* bad targets */
	assert_int_equal(psci(0xC4000003, 2, 0, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	assert_int_equal(psci(0xC4000003, 0x100, 0, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	assert_int_equal(psci(0xC4000003, 1ull << 32, 0, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	assert_int_equal(psci(0xC4000003, 1ull << 40, 0, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	assert_int_equal(psci(0xC4000003, 1ull << 63 | 1, 0, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	/* AFFINITY_INFO */
	assert_int_equal(psci(0xC4000004, 1, 0, 0, 2, &x, &r), PSCI_ACT_EXIT);
	assert_int_equal(x.sys.event, VCPU_SYS_CPU_STATE);
	assert_int_equal(x.sys.arg[0], 1);
	assert_int_equal(psci(0xC4000004, 1, 1, 0, 2, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -2);
	/* OFF / RESET / CPU_OFF */
	assert_int_equal(psci(0x84000008, 0, 0, 0, 1, &x, &r), PSCI_ACT_EXIT);
	assert_int_equal(x.sys.event, VCPU_SYS_OFF);
	assert_int_equal(psci(0x84000009, 0, 0, 0, 1, &x, &r), PSCI_ACT_EXIT);
	assert_int_equal(x.sys.event, VCPU_SYS_RESET);
	assert_int_equal(psci(0x84000002, 0, 0, 0, 1, &x, &r), PSCI_ACT_EXIT);
	assert_int_equal(x.sys.event, VCPU_SYS_CPU_OFF);
	/* SMC64 twins of 32-bit-only functions, CPU_SUSPEND, MIGRATE...: NOT_SUPPORTED */
	assert_int_equal(psci(0xC4000008, 0, 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -1);
	assert_int_equal(psci(0x84000001, 0, 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -1);
	assert_int_equal(psci(0x8400001F, 0, 0, 0, 1, &x, &r), PSCI_ACT_RETURN);
	assert_int_equal(r, -1);
	/* Not PSCI at all */
	assert_int_equal(psci(0x84000020, 0, 0, 0, 1, &x, &r), PSCI_ACT_NONE);
	assert_int_equal(psci(0xC6000001, 0, 0, 0, 1, &x, &r), PSCI_ACT_NONE);
	assert_int_equal(psci(0x80000000, 0, 0, 0, 1, &x, &r), PSCI_ACT_NONE);
	assert_int_equal(r, 12345);
}

/*
 * Debug registers (arm64_dbg_access). ISS of a trapped MSR/MRS (EC 0x18),
 * DDI 0487 "ISS encoding for an exception from MSR, MRS, or System
 * instruction execution in AArch64 state": Op0 [21:20], Op2 [19:17],
 * Op1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read).
 * Register encodings (op0, op1, CRn, CRm, op2) from the register
 * descriptions of chapter D19 ("AArch64 debug registers").
 */
static uint32_t sys_iss(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2, unsigned rt,
			int read)
{
	return ((uint32_t)op0 << 20) | ((uint32_t)op2 << 17) | ((uint32_t)op1 << 14) | ((uint32_t)crn << 10) |
	       ((uint32_t)rt << 5) | ((uint32_t)crm << 1) | (read ? 1u : 0u);
}

static enum arm64_sysreg_result dbg(struct arm64_dbg_regs *d, uint32_t iss, uint64_t *val)
{
	return arm64_dbg_access(d, iss, 6, 4, 0xf, val);
}

#define R 1
#define W 0
static uint64_t dbg_read(struct arm64_dbg_regs *d, unsigned op0, unsigned op1, unsigned crn, unsigned crm,
			 unsigned op2)
{
	uint64_t v = 0x5a5a5a5a5a5a5a5aull;

	assert_int_equal(dbg(d, sys_iss(op0, op1, crn, crm, op2, 3, R), &v), SYSREG_DONE);
	return v;
}
static enum arm64_sysreg_result dbg_write(struct arm64_dbg_regs *d, unsigned op0, unsigned op1, unsigned crn,
					  unsigned crm, unsigned op2, uint64_t v)
{
	return dbg(d, sys_iss(op0, op1, crn, crm, op2, 3, W), &v);
}

static void test_dbg_literals(void **st)
{
	struct arm64_dbg_regs d;
	uint64_t v = 0x1000;

	(void)st;
	/* ESR_EL2 0x62240024, seen when Linux's __cpu_setup runs "msr mdscr_el1, x1": EC 0x18. */
	assert_int_equal(0x62240024u >> 26, 0x18);
	assert_int_equal(0x62240024u & 0x1ffffff, sys_iss(2, 0, 0, 2, 2, 1, W));
	arm64_dbg_reset(&d);
	assert_int_equal(dbg(&d, 0x240024, &v), SYSREG_DONE);
	assert_int_equal(dbg_read(&d, 2, 0, 0, 2, 2), 0x1000);
}

static void test_dbg_mdscr_oslock(void **st)
{
	struct arm64_dbg_regs d;

	(void)st;
	arm64_dbg_reset(&d);
	assert_int_equal(dbg_read(&d, 2, 0, 0, 2, 2), 0);		/* MDSCR_EL1 */
	assert_int_equal(dbg_write(&d, 2, 0, 0, 2, 2, 0xffffffff0000a001ull), SYSREG_DONE);
	assert_int_equal(dbg_read(&d, 2, 0, 0, 2, 2), 0xa001);		/* upper half RES0 */
	/* OS Lock: set after reset; OSLSR_EL1 = OSLM 0b10 (bit 3) | OSLK (bit 1). */
	assert_int_equal(dbg_read(&d, 2, 0, 1, 1, 4), 0xa);
	assert_int_equal(dbg_write(&d, 2, 0, 1, 0, 4, 0), SYSREG_DONE);	/* OSLAR_EL1 = 0 */
	assert_int_equal(dbg_read(&d, 2, 0, 1, 1, 4), 0x8);
	assert_int_equal(dbg_write(&d, 2, 0, 1, 0, 4, 3), SYSREG_DONE);	/* only bit 0 counts */
	assert_int_equal(dbg_read(&d, 2, 0, 1, 1, 4), 0xa);
	/* OSLAR is write-only, OSLSR read-only: the other direction is undefined. */
	{
		uint64_t v = 0;

		assert_int_equal(dbg(&d, sys_iss(2, 0, 1, 0, 4, 0, R), &v), SYSREG_UNDEF);
	}
	assert_int_equal(dbg_write(&d, 2, 0, 1, 1, 4, 0), SYSREG_UNDEF);
	/* OSDLR_EL1: DLK only. */
	assert_int_equal(dbg_write(&d, 2, 0, 1, 3, 4, 0xff), SYSREG_DONE);
	assert_int_equal(dbg_read(&d, 2, 0, 1, 3, 4), 1);
	/* Reset again: everything back. */
	arm64_dbg_reset(&d);
	assert_int_equal(dbg_read(&d, 2, 0, 0, 2, 2), 0);
	assert_int_equal(dbg_read(&d, 2, 0, 1, 3, 4), 0);
	assert_int_equal(dbg_read(&d, 2, 0, 1, 1, 4), 0xa);
}

static void test_dbg_breakpoints(void **st)
{
	struct arm64_dbg_regs d;
	uint64_t v = 0;

	(void)st;
	arm64_dbg_reset(&d);
	/* 6 breakpoints, 4 watchpoints (as on Cortex-A57): each keeps its own value. */
	for (unsigned n = 0; n < 6; n++) {
		assert_int_equal(dbg_write(&d, 2, 0, 0, n, 4, 0xffff000000001000ull + n * 4), SYSREG_DONE);
		assert_int_equal(dbg_write(&d, 2, 0, 0, n, 5, ~0ull), SYSREG_DONE);
	}
	for (unsigned n = 0; n < 4; n++) {
		assert_int_equal(dbg_write(&d, 2, 0, 0, n, 6, 0xffff000000002000ull + n * 8), SYSREG_DONE);
		assert_int_equal(dbg_write(&d, 2, 0, 0, n, 7, ~0ull), SYSREG_DONE);
	}
	for (unsigned n = 0; n < 6; n++) {
		assert_int_equal(dbg_read(&d, 2, 0, 0, n, 4), 0xffff000000001000ull + n * 4);
		/* DBGBCR: BT [23:20], LBN [19:16], SSC [15:14], HMC 13, BAS [8:5], PMC [2:1], E 0. */
		assert_int_equal(dbg_read(&d, 2, 0, 0, n, 5),
				 (0xfull << 20) | (0xfull << 16) | (3ull << 14) | (1ull << 13) | (0xfull << 5) |
				 (3ull << 1) | 1);
	}
	for (unsigned n = 0; n < 4; n++) {
		assert_int_equal(dbg_read(&d, 2, 0, 0, n, 6), 0xffff000000002000ull + n * 8);
		/* DBGWCR: MASK [28:24], WT 20, LBN [19:16], SSC [15:14], HMC 13, BAS [12:5], LSC [4:3], PAC [2:1], E 0. */
		assert_int_equal(dbg_read(&d, 2, 0, 0, n, 7),
				 (0x1full << 24) | (1ull << 20) | (0xfull << 16) | (3ull << 14) | (1ull << 13) |
				 (0xffull << 5) | (3ull << 3) | (3ull << 1) | 1);
	}
	/* Beyond the implemented ones: undefined, nothing stored. */
	assert_int_equal(dbg_write(&d, 2, 0, 0, 6, 4, 1), SYSREG_UNDEF);
	assert_int_equal(dbg_write(&d, 2, 0, 0, 4, 6, 1), SYSREG_UNDEF);
	assert_int_equal(dbg(&d, sys_iss(2, 0, 0, 15, 5, 0, R), &v), SYSREG_UNDEF);
	assert_int_equal(dbg(&d, sys_iss(2, 0, 0, 15, 7, 0, R), &v), SYSREG_UNDEF);
	/* A hostile count is clamped to the 16 the architecture allows. */
	assert_int_equal(arm64_dbg_access(&d, sys_iss(2, 0, 0, 15, 4, 0, W), 1000, 1000, 0, &v), SYSREG_DONE);
	assert_int_equal(arm64_dbg_access(&d, sys_iss(2, 0, 0, 15, 7, 0, W), 1000, 1000, 0, &v), SYSREG_DONE);
}

static void test_dbg_raz_wi_and_refusals(void **st)
{
	/* RAZ/WI: MDCCINT, OSDTRRX, OSDTRTX, OSECCR, DBGPRCR, DBGCLAIMSET, DBGCLAIMCLR, DBGDTR_EL0, DBGDTRRX/TX_EL0. */
	static const unsigned raz_wi[][5] = {
		{ 2, 0, 0, 2, 0 }, { 2, 0, 0, 0, 2 }, { 2, 0, 0, 3, 2 }, { 2, 0, 0, 6, 2 }, { 2, 0, 1, 4, 4 },
		{ 2, 0, 7, 8, 6 }, { 2, 0, 7, 9, 6 }, { 2, 3, 0, 4, 0 }, { 2, 3, 0, 5, 0 },
	};
	/* Read-only: MDRAR_EL1, MDCCSR_EL0 (zero), DBGAUTHSTATUS_EL1 (the value given). */
	static const unsigned ro[][5] = { { 2, 0, 1, 0, 0 }, { 2, 3, 0, 1, 0 }, { 2, 0, 7, 14, 6 } };
	/* Not debug registers: PMCR_EL0, MDCR_EL2-like op1 4, trace (op1 1), an unallocated op0 2 encoding. */
	static const unsigned other[][5] = {
		{ 3, 3, 9, 12, 0 }, { 2, 4, 0, 2, 2 }, { 2, 1, 0, 1, 0 }, { 2, 0, 5, 0, 0 }, { 1, 0, 7, 6, 2 },
	};
	struct arm64_dbg_regs d, before;
	uint64_t v;

	(void)st;
	arm64_dbg_reset(&d);
	for (unsigned i = 0; i < sizeof(raz_wi) / sizeof(raz_wi[0]); i++) {
		const unsigned *e = raz_wi[i];

		memcpy(&before, &d, sizeof(d));
		assert_int_equal(dbg_write(&d, e[0], e[1], e[2], e[3], e[4], ~0ull), SYSREG_DONE);
		assert_memory_equal(&before, &d, sizeof(d));
		assert_int_equal(dbg_read(&d, e[0], e[1], e[2], e[3], e[4]), 0);
	}
	for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		const unsigned *e = ro[i];

		assert_int_equal(dbg_read(&d, e[0], e[1], e[2], e[3], e[4]), i == 2 ? 0xf : 0);
		assert_int_equal(dbg_write(&d, e[0], e[1], e[2], e[3], e[4], 1), SYSREG_UNDEF);
	}
	for (unsigned i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		const unsigned *e = other[i];

		v = 77;
		memcpy(&before, &d, sizeof(d));
		assert_int_equal(dbg(&d, sys_iss(e[0], e[1], e[2], e[3], e[4], 0, R), &v), SYSREG_NOT_MINE);
		assert_int_equal(dbg(&d, sys_iss(e[0], e[1], e[2], e[3], e[4], 0, W), &v), SYSREG_NOT_MINE);
		assert_int_equal(v, 77);
		assert_memory_equal(&before, &d, sizeof(d));
	}
}
#undef R
#undef W

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoder_matches_literals),
		cmocka_unit_test(test_hpfar),
		cmocka_unit_test(test_fsc_kinds),
		cmocka_unit_test(test_hpfar_valid),
		cmocka_unit_test(test_decode_loads_stores),
		cmocka_unit_test(test_decode_no_isv),
		cmocka_unit_test(test_decode_ifetch_and_refusals),
		cmocka_unit_test(test_load_value),
		cmocka_unit_test(test_sea),
		cmocka_unit_test(test_sea_refused),
		cmocka_unit_test(test_undef),
		cmocka_unit_test(test_psci),
		cmocka_unit_test(test_dbg_literals),
		cmocka_unit_test(test_dbg_mdscr_oslock),
		cmocka_unit_test(test_dbg_breakpoints),
		cmocka_unit_test(test_dbg_raz_wi_and_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
