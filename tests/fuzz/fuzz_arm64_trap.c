// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "arm64_trap": the arm64 exit arithmetic of
 * arch/arm64/trap_decode.c on any syndrome and register state. The input
 * is a sequence of records, each one of:
 *  - a stage-2 abort: ESR_EL2 (any 64 bits, or a data / instruction abort
 *    EC with any ISS), FAR, HPFAR and a register file;
 *  - a synchronous external abort or undefined instruction to inject: PC,
 *    PSTATE, VBAR_EL1, FAR, fetch / write;
 *  - a trapped MRS / MSR (EC 0x18 ISS, any 25 bits or one with op0 = 2) on
 *    a vCPU's emulated debug registers, with any BRPs / WRPs;
 *  - an emulated load's completion (data, size, SSE, SF).
 * Every result is checked against the field definitions of the Arm ARM
 * (DDI 0487), written out here independently of the decoder:
 *   ESR_ELx: EC [31:26], IL [25], ISS [24:0]; data abort ISS: ISV [24],
 *   SAS [23:22], SSE [21], SRT [20:16], SF [15], CM [8], S1PTW [7], WnR [6],
 *   DFSC [5:0] (0b0001xx translation, 0b0010xx access flag, 0b0011xx
 *   permission); HPFAR_EL2.FIPA [43:4] = IPA [51:12];
 *   exception entry (D1.10): vector offsets 0x000 / 0x200 / 0x400 / 0x600,
 *   SPSR = PSTATE, ELR = PC, PSTATE.M = EL1h with D, A, I, F set;
 *   system register ISS (EC 0x18): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 *   CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read); the debug
 *   register encodings and fields of "AArch64 Self-hosted Debug".
 * A model of the debug register file (one per input) checks that every
 * read returns what was written (masked to the register's fields), that
 * refused or foreign accesses change nothing, and what each encoding is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arch/arm64/trap_decode.h"
#include "mm/pt.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(c, ...)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "arm64_trap invariant: " __VA_ARGS__);	\
			fprintf(stderr, " (record %u)\n", rec);		\
			abort();					\
		}							\
	} while (0)

static unsigned int rec;

/* ---- Stage-2 aborts -------------------------------------------------------- */

static void s2_abort(struct fz *f)
{
	uint8_t how = fz_u8(f);
	uint64_t esr, far = fz_u64(f), hpfar = fz_u64(f), ipa, regs[31], seed = fz_u64(f);
	struct vcpu_exit x, before;
	struct arm64_mmio_pend pend = { true };
	unsigned int ec, fsc, sas, srt;
	bool dabt, iabt, isv, s1ptw, cm, wnr, s2kind;
	int r;

	if (how & 1)
		esr = fz_u64(f);
	else	/* a lower-EL abort class with any ISS, IL set */
		esr = ((uint64_t)((how & 2) ? 0x24 : 0x20) << 26) | (1u << 25) | (fz_u32(f) & 0x1ffffff);
	for (unsigned int i = 0; i < 31; i++)
		regs[i] = seed * (2 * i + 1) ^ ((uint64_t)i << 56);
	ec = (esr >> 26) & 0x3f;
	fsc = esr & 0x3f;
	dabt = ec == 0x24;
	iabt = ec == 0x20;
	isv = (esr >> 24) & 1;
	sas = (esr >> 22) & 3;
	srt = (esr >> 16) & 0x1f;
	cm = (esr >> 8) & 1;
	s1ptw = (esr >> 7) & 1;
	wnr = (esr >> 6) & 1;
	s2kind = (fsc >> 2) == 1 || (fsc >> 2) == 2 || (fsc >> 2) == 3;

	/* FSC classes and HPFAR validity (translation / access flag always, permission only on a walk). */
	check(arm64_fsc_kind(fsc) == ((fsc >> 2) == 1 ? FSC_KIND_TRANSLATION : (fsc >> 2) == 2 ? FSC_KIND_ACCESS :
				       (fsc >> 2) == 3 ? FSC_KIND_PERMISSION : FSC_KIND_OTHER), "fsc 0x%x", fsc);
	check(arm64_hpfar_valid(esr) == (s2kind && ((fsc >> 2) != 3 || s1ptw)), "hpfar valid for esr 0x%llx",
	      (unsigned long long)esr);
	ipa = arm64_hpfar_ipa(hpfar);
	check(ipa == ((hpfar >> 4) & ((1ull << 40) - 1)) << 12, "FIPA of 0x%llx", (unsigned long long)hpfar);

	memset(&x, 0x77, sizeof(x));
	before = x;
	r = arm64_decode_s2_abort(esr, far, ipa, regs, &x, &pend);
	if (!(dabt || iabt) || !s2kind) {
		check(r == -1 && !memcmp(&x, &before, sizeof(x)) && pend.sf, "esr 0x%llx is no stage-2 fault: %d",
		      (unsigned long long)esr, r);
		return;
	}
	check(r == 0 && x.reason == VCPU_EXIT_S2_FAULT, "esr 0x%llx: %d", (unsigned long long)esr, r);
	check(x.s2.gpa == (ipa | (far & 0xfff)), "gpa 0x%llx", (unsigned long long)x.s2.gpa);
	if (iabt) {
		/* A fetch needs execute; a stage-1 walk for it reads the tables. */
		check(x.s2.access == (s1ptw ? PT_R : PT_X) && !x.s2.isv, "instruction abort access %u", x.s2.access);
		return;
	}
	/* Cache maintenance reports WnR = 1 but writes nothing; a walk that writes descriptors is a write. */
	check(x.s2.access == (cm ? PT_R : wnr ? PT_W : PT_R), "data abort access %u (esr 0x%llx)", x.s2.access,
	      (unsigned long long)esr);
	/* ISV: the syndrome describes the access only when it is not a walk nor cache maintenance. */
	check(x.s2.isv == (isv && !s1ptw && !cm), "isv %d for esr 0x%llx", x.s2.isv, (unsigned long long)esr);
	if (!x.s2.isv) {
		check(!x.s2.size && !x.s2.data && !x.s2.sign_extend && !pend.sf, "fields without ISV");
		return;
	}
	check(x.s2.size == 1u << sas && x.s2.reg == srt && x.s2.sign_extend == ((esr >> 21) & 1) &&
	      pend.sf == ((esr >> 15) & 1), "access fields of esr 0x%llx", (unsigned long long)esr);
	if (wnr) {
		uint64_t v = srt == 31 ? 0 : regs[srt];

		if (sas < 3)
			v &= (1ull << (8 << sas)) - 1;
		check(x.s2.data == v, "store data 0x%llx, want 0x%llx", (unsigned long long)x.s2.data,
		      (unsigned long long)v);
	} else {
		check(x.s2.data == 0, "load with data");
	}
}

/* ---- Exception injection --------------------------------------------------- */

static void inject(struct fz *f)
{
	uint8_t flags = fz_u8(f);
	struct arm64_sea_in in;
	struct arm64_sea_out out, before;
	unsigned int mode, m4;
	uint64_t off = 0;
	bool ok, from_el1 = false, want;

	in.pc = fz_u64(f);
	in.pstate = fz_u32(f);
	in.vbar = (flags & 0x10) ? fz_u64(f) : (fz_u64(f) & ~0x7ffull);
	in.far = fz_u64(f);
	in.ifetch = flags & 1;
	in.write = flags & 2;
	if (flags & 0x20)
		in.pc = in.vbar + (fz_u16(f) & 0xfff);	/* near the vector table */
	mode = in.pstate & 0xf;
	m4 = (in.pstate >> 4) & 1;
	/* AArch64 PSTATE.M: 0b0000 EL0t, 0b0100 EL1t, 0b0101 EL1h; M[4] = 1 an AArch32 state (EL0 only here). */
	want = in.vbar && !(in.vbar & 0x7ff);
	if (m4) {
		off = 0x600;
	} else if (mode == 0x0) {
		off = 0x400;
	} else if (mode == 0x4 || mode == 0x5) {
		off = mode == 0x4 ? 0x000 : 0x200;
		from_el1 = true;
	} else {
		want = false;
	}
	if (from_el1 && in.pc - in.vbar < 0x800)
		want = false;	/* a fault in the vectors themselves */
	memset(&out, 0x66, sizeof(out));
	before = out;
	ok = (flags & 4) ? arm64_undef_build(&in, &out) : arm64_sea_build(&in, &out);
	check(ok == want, "inject from pstate 0x%llx vbar 0x%llx pc 0x%llx: %d", (unsigned long long)in.pstate,
	      (unsigned long long)in.vbar, (unsigned long long)in.pc, ok);
	if (!ok) {
		check(!memcmp(&out, &before, sizeof(out)), "refused injection wrote its output");
		return;
	}
	check(out.pc == in.vbar + off && out.elr_el1 == in.pc && out.spsr_el1 == in.pstate &&
	      out.pstate == (0x5 | (0xfu << 6)), "exception entry state");
	if (flags & 4) {
		check(out.esr_el1 == (1u << 25), "undefined: esr 0x%llx", (unsigned long long)out.esr_el1);
	} else {
		unsigned int ec = in.ifetch ? (from_el1 ? 0x21 : 0x20) : (from_el1 ? 0x25 : 0x24);
		uint64_t esr = ((uint64_t)ec << 26) | (1u << 25) | 0x10 | (!in.ifetch && in.write ? 1u << 6 : 0);

		check(out.esr_el1 == esr && out.far_el1 == in.far, "SEA esr 0x%llx, want 0x%llx",
		      (unsigned long long)out.esr_el1, (unsigned long long)esr);
	}
}

/* ---- Debug registers -------------------------------------------------------- */

/* DBGBCR<n>_EL1 fields: BT [23:20], LBN [19:16], SSC [15:14], HMC [13], BAS [8:5], PMC [2:1], E [0]. */
#define BCR_FIELDS	((0xfull << 20) | (0xfull << 16) | (3ull << 14) | (1ull << 13) | (0xfull << 5) | (3ull << 1) | 1)
/* DBGWCR<n>_EL1: MASK [28:24], WT [20], LBN [19:16], SSC [15:14], HMC [13], BAS [12:5], LSC [4:3], PAC [2:1], E [0]. */
#define WCR_FIELDS	((0x1full << 24) | (1ull << 20) | (0xfull << 16) | (3ull << 14) | (1ull << 13) | \
			 (0xffull << 5) | (3ull << 3) | (3ull << 1) | 1)

static struct arm64_dbg_regs dr;
static struct {
	uint64_t bvr[16], bcr[16], wvr[16], wcr[16], mdscr;
	bool oslk, dlk;
} md;

enum kind { K_NONE, K_UNDEF, K_RW, K_RAZWI, K_RO, K_WO };

static void dbg(struct fz *f)
{
	uint8_t how = fz_u8(f), nb = fz_u8(f);
	unsigned int nbrp = nb & 0x1f, nwrp = (nb >> 3) & 0x1f, nbk, nwk;
	uint32_t iss;
	unsigned int op0, op1, crn, crm, op2;
	uint64_t val = fz_u64(f), wval, auth = fz_u32(f), *reg = NULL, mask = ~0ull, roval = 0;
	enum kind k = K_NONE;
	enum arm64_sysreg_result r;
	struct arm64_dbg_regs before;
	bool read;

	if (how & 1) {
		iss = fz_u32(f) & 0x1ffffff;
	} else {	/* op0 = 2: the debug space, any op1 / CRn / CRm / op2 / Rt / direction */
		iss = (2u << 20) | (fz_u32(f) & 0x1ffffff & ~(3u << 20));
		if (how & 2)	/* op1 0 or 3, CRn 0, 1 or 7: where the registers are */
			iss = (iss & ~((7u << 14) | (0xfu << 10))) | ((how & 4 ? 3u : 0u) << 14) |
			      ((unsigned int)((how >> 3) % 3 == 0 ? 0 : (how >> 3) % 3 == 1 ? 1 : 7) << 10);
	}
	op0 = (iss >> 20) & 3;
	op2 = (iss >> 17) & 7;
	op1 = (iss >> 14) & 7;
	crn = (iss >> 10) & 0xf;
	crm = (iss >> 1) & 0xf;
	read = iss & 1;
	nbk = nbrp > 16 ? 16 : nbrp;
	nwk = nwrp > 16 ? 16 : nwrp;

	if (op0 != 2) {
		k = K_NONE;
	} else if (op1 == 0 && crn == 0 && op2 >= 4) {
		bool bp = op2 <= 5;

		if (crm >= (bp ? nbk : nwk)) {
			k = K_UNDEF;
		} else {
			k = K_RW;
			reg = op2 == 4 ? &md.bvr[crm] : op2 == 5 ? &md.bcr[crm] : op2 == 6 ? &md.wvr[crm] : &md.wcr[crm];
			mask = op2 == 5 ? BCR_FIELDS : op2 == 7 ? WCR_FIELDS : ~0ull;
		}
	} else if (op1 == 0 && crn == 0 && crm == 2 && op2 == 2) {		/* MDSCR_EL1 */
		k = K_RW;
		reg = &md.mdscr;
		mask = 0xffffffffull;
	} else if (op1 == 0 && crn == 0 && op2 == 2 && (crm == 0 || crm == 3 || crm == 6)) {
		k = K_RAZWI;							/* OSDTRRX, OSDTRTX, OSECCR */
	} else if (op1 == 0 && crn == 0 && crm == 2 && op2 == 0) {
		k = K_RAZWI;							/* MDCCINT_EL1 */
	} else if (op1 == 0 && crn == 1 && op2 == 4 && crm == 0) {
		k = K_WO;							/* OSLAR_EL1 */
	} else if (op1 == 0 && crn == 1 && op2 == 4 && crm == 1) {
		k = K_RO;							/* OSLSR_EL1 */
		roval = (1u << 3) | ((uint64_t)md.oslk << 1);			/* OSLM = 0b10, OSLK */
	} else if (op1 == 0 && crn == 1 && op2 == 4 && crm == 3) {
		k = K_RW;							/* OSDLR_EL1.DLK */
	} else if (op1 == 0 && crn == 1 && op2 == 4 && crm == 4) {
		k = K_RAZWI;							/* DBGPRCR_EL1 */
	} else if (op1 == 0 && crn == 1 && crm == 0 && op2 == 0) {
		k = K_RO;							/* MDRAR_EL1 */
	} else if (op1 == 0 && crn == 7 && op2 == 6 && (crm == 8 || crm == 9)) {
		k = K_RAZWI;							/* DBGCLAIMSET / CLR */
	} else if (op1 == 0 && crn == 7 && op2 == 6 && crm == 14) {
		k = K_RO;							/* DBGAUTHSTATUS_EL1 */
		roval = auth;
	} else if (op1 == 3 && crn == 0 && crm == 1 && op2 == 0) {
		k = K_RO;							/* MDCCSR_EL0 */
	} else if (op1 == 3 && crn == 0 && (crm == 4 || crm == 5) && op2 == 0) {
		k = K_RAZWI;							/* DBGDTR(RX/TX)_EL0 */
	}
	if ((k == K_RO && !read) || (k == K_WO && read))
		k = K_UNDEF;

	before = dr;
	wval = val;
	r = arm64_dbg_access(&dr, iss, nbrp, nwrp, auth, &val);
	check(r == (k == K_NONE ? SYSREG_NOT_MINE : k == K_UNDEF ? SYSREG_UNDEF : SYSREG_DONE),
	      "iss 0x%x (op0 %u op1 %u CRn %u CRm %u op2 %u %s, BRPs %u WRPs %u): %d, model kind %d", iss, op0, op1,
	      crn, crm, op2, read ? "read" : "write", nbrp, nwrp, r, k);
	if (r != SYSREG_DONE || read || k == K_RAZWI)
		check(!memcmp(&dr, &before, sizeof(dr)), "iss 0x%x changed the registers", iss);
	if (r != SYSREG_DONE || !read)
		check(val == wval, "iss 0x%x wrote *val", iss);
	if (r != SYSREG_DONE)
		return;
	if (read) {
		uint64_t want = k == K_RAZWI ? 0 : k == K_RO ? roval : reg ? *reg : md.dlk;

		check(val == want, "iss 0x%x read 0x%llx, model 0x%llx", iss, (unsigned long long)val,
		      (unsigned long long)want);
	} else if (reg) {
		*reg = wval & mask;
	} else if (k == K_WO) {
		md.oslk = wval & 1;
	} else if (k == K_RW) {
		md.dlk = wval & 1;
	}
	check(dr.oslk == md.oslk && dr.dlk == md.dlk && dr.mdscr == md.mdscr && !memcmp(dr.bvr, md.bvr, sizeof(md.bvr)) &&
	      !memcmp(dr.bcr, md.bcr, sizeof(md.bcr)) && !memcmp(dr.wvr, md.wvr, sizeof(md.wvr)) &&
	      !memcmp(dr.wcr, md.wcr, sizeof(md.wcr)), "iss 0x%x: register file differs from the model", iss);
}

/* ---- Emulated load completion ------------------------------------------------ */

static void load(struct fz *f)
{
	uint8_t how = fz_u8(f);
	uint64_t d = fz_u64(f), v, want;
	unsigned int size = 1u << (how & 3);
	bool sse = how & 4, sf = how & 8;

	v = arm64_mmio_load_value(d, size, sse, sf);
	/* LDR{S}{B,H,W}: the loaded bytes, sign-extended to the register (64 / 32 bits) when signed. */
	want = size == 8 ? d : d & ((1ull << (8 * size)) - 1);
	if (sse && size < 8 && ((want >> (8 * size - 1)) & 1))
		want |= ~0ull << (8 * size);
	if (!sf)
		want &= 0xffffffffull;
	check(v == want, "load 0x%llx size %u sse %d sf %d: 0x%llx", (unsigned long long)d, size, sse, sf,
	      (unsigned long long)v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	arm64_dbg_reset(&dr);
	memset(&md, 0, sizeof(md));
	md.oslk = true;		/* OSLK is 1 after a cold reset */
	for (unsigned int i = 0; i < 16; i++)
		if (dr.bvr[i] || dr.bcr[i] || dr.wvr[i] || dr.wcr[i])
			abort();
	for (rec = 0; !fz_done(&f) && rec < 512; rec++) {
		switch (fz_u8(&f) & 3) {
		case 0: s2_abort(&f); break;
		case 1: inject(&f); break;
		case 2: dbg(&f); break;
		default: load(&f); break;
		}
	}
	return 0;
}
