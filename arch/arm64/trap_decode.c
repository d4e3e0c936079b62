// SPDX-License-Identifier: MIT
/*
 * Pure decode / injection arithmetic of arm64 guest exits (see
 * trap_decode.h): stage-2 aborts, emulated-load completion, synchronous
 * external abort injection, PSCI, and the emulated debug registers. No
 * system register is touched here;
 * arch/arm64/vcpu.c feeds in the saved registers and applies the results.
 */
#include <string.h>
#include "arch/arm64/trap_decode.h"
#include "mm/pt.h"

bool arm64_hpfar_valid(uint64_t esr)
{
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	enum arm64_fsc_kind k = arm64_fsc_kind(iss & ISS_FSC_MASK);

	if (k == FSC_KIND_OTHER)
		return false;
	return (iss & ISS_S1PTW) || k != FSC_KIND_PERMISSION;
}

int arm64_decode_s2_abort(uint64_t esr, uint64_t far, uint64_t ipa_page, const uint64_t regs[31],
			  struct vcpu_exit *x, struct arm64_mmio_pend *pend)
{
	unsigned int ec = ESR_EC(esr);
	uint32_t iss = (uint32_t)ESR_ISS(esr);
	bool ifetch = ec == EC_IABT_LOW;

	if (ec != EC_IABT_LOW && ec != EC_DABT_LOW)
		return -1;
	if (arm64_fsc_kind(iss & ISS_FSC_MASK) == FSC_KIND_OTHER)
		return -1;

	x->reason = VCPU_EXIT_S2_FAULT;
	x->s2.gpa = (ipa_page & ~0xfffull) | (far & 0xfffull);
	x->s2.isv = false;
	x->s2.sign_extend = false;
	x->s2.size = 0;
	x->s2.reg = 0;
	x->s2.data = 0;
	pend->sf = false;
	if (ifetch) {
		/* A fetch, or a stage-1 walk for one: either way the page must be readable code. */
		x->s2.access = (iss & ISS_S1PTW) ? PT_R : PT_X;
		return 0;
	}
	if (iss & ISS_CM) {
		x->s2.access = PT_R;	/* cache maintenance: needs the page, writes nothing */
		return 0;
	}
	x->s2.access = (iss & ISS_WNR) ? PT_W : PT_R;
	if (!(iss & ISS_ISV) || (iss & ISS_S1PTW))
		return 0;
	x->s2.isv = true;
	x->s2.size = (uint8_t)(1u << ((iss >> ISS_SAS_SHIFT) & 3));
	x->s2.sign_extend = (iss & ISS_SSE) != 0;
	x->s2.reg = (uint8_t)((iss >> ISS_SRT_SHIFT) & 0x1f);
	pend->sf = (iss & ISS_SF) != 0;
	if (iss & ISS_WNR) {
		uint64_t v = x->s2.reg == 31 ? 0 : regs[x->s2.reg];	/* SRT 31 is XZR/WZR here */

		x->s2.data = x->s2.size == 8 ? v : v & ((1ull << (x->s2.size * 8)) - 1);
	}
	return 0;
}

/*
 * Exception entry to EL1 for a synchronous exception (Arm ARM D1.10): the
 * vector offset and whether it came from EL1; false when the guest cannot
 * take one (see arm64_sea_build()).
 */
static bool sync_entry(const struct arm64_sea_in *in, uint64_t *off, bool *from_el1)
{
	unsigned int mode = (unsigned int)in->pstate & PSR_MODE_MASK;

	if (!in->vbar || (in->vbar & 0x7ff))
		return false;
	switch (mode) {
	case PSR_MODE_EL1t:
		*off = 0x000;
		*from_el1 = true;
		break;
	case PSR_MODE_EL1h:
		*off = 0x200;
		*from_el1 = true;
		break;
	case PSR_MODE_EL0t:
		*off = 0x400;
		*from_el1 = false;
		break;
	default:
		if (!(mode & PSR_MODE32))
			return false;	/* EL2/EL3 or reserved encodings: not a guest state */
		*off = 0x600;
		*from_el1 = false;
		break;
	}
	/* A fault at EL1 inside the vector table itself would be delivered there again. */
	return !(*from_el1 && in->pc - in->vbar < 0x800);
}

static void sync_deliver(const struct arm64_sea_in *in, uint64_t off, uint64_t esr,
			 struct arm64_sea_out *out)
{
	out->esr_el1 = esr;
	out->far_el1 = in->far;
	out->elr_el1 = in->pc;
	out->spsr_el1 = in->pstate;
	out->pc = in->vbar + off;
	out->pstate = PSR_MODE_EL1h | PSR_DAIF;
}

bool arm64_sea_build(const struct arm64_sea_in *in, struct arm64_sea_out *out)
{
	uint64_t off, ec, esr;
	bool from_el1;

	if (!sync_entry(in, &off, &from_el1))
		return false;
	if (in->ifetch)
		ec = from_el1 ? EC_IABT_CUR : EC_IABT_LOW;
	else
		ec = from_el1 ? EC_DABT_CUR : EC_DABT_LOW;
	esr = (ec << ESR_EC_SHIFT) | ESR_IL | FSC_SEA;
	if (!in->ifetch && in->write)
		esr |= ISS_WNR;
	sync_deliver(in, off, esr, out);
	return true;
}

bool arm64_undef_build(const struct arm64_sea_in *in, struct arm64_sea_out *out)
{
	uint64_t off;
	bool from_el1;

	if (!sync_entry(in, &off, &from_el1))
		return false;
	/* EC 0x00 "unknown reason", IL set, ISS 0: what an undefined instruction gives. */
	sync_deliver(in, off, ((uint64_t)EC_UNKNOWN << ESR_EC_SHIFT) | ESR_IL, out);
	return true;
}

/* vCPU index of a target MPIDR, or -1 (Aff0 = index; every other bit 0). */
static int target_vcpu(uint64_t mpidr, unsigned int nvcpus)
{
	if (mpidr >> 8)
		return -1;
	if ((mpidr & 0xff) >= nvcpus)
		return -1;
	return (int)(mpidr & 0xff);
}

static bool psci_known(uint32_t fn32)
{
	switch (fn32) {
	case PSCI_VERSION_FN:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

enum arm64_psci_action arm64_psci_decode(uint32_t fid, const uint64_t a[3], unsigned int nvcpus,
					  struct vcpu_exit *x, int64_t *ret)
{
	bool smc64 = (fid & 0x40000000u) != 0;
	uint32_t fn32 = fid & ~0x40000000u;
	uint64_t a1 = a[0], a2 = a[1], a3 = a[2];
	int t;

	/* PSCI owns 0x84000000-0x8400001F (and the SMC64 twins) in the standard service range. */
	if ((fn32 & ~0x1fu) != PSCI_0_2_FN_BASE)
		return PSCI_ACT_NONE;
	if (!smc64) {
		a1 &= 0xffffffffull;
		a2 &= 0xffffffffull;
		a3 &= 0xffffffffull;
	}
	/* Functions that exist only in one width (DEN 0022 table 5.1). */
	if (smc64 && fn32 != PSCI_CPU_ON && fn32 != PSCI_AFFINITY_INFO && fn32 != PSCI_CPU_SUSPEND) {
		*ret = PSCI_RET_NOT_SUPPORTED;
		return PSCI_ACT_RETURN;
	}
	switch (fn32) {
	case PSCI_VERSION_FN:
		*ret = PSCI_VERSION_1_1;
		return PSCI_ACT_RETURN;
	case PSCI_FEATURES: {
		uint32_t q = (uint32_t)a1;
		uint32_t q32 = q & ~0x40000000u;

		if ((q32 & ~0x1fu) == PSCI_0_2_FN_BASE && psci_known(q32) &&
		    (!(q & 0x40000000u) || q32 == PSCI_CPU_ON || q32 == PSCI_AFFINITY_INFO))
			*ret = PSCI_RET_SUCCESS;
		else
			*ret = PSCI_RET_NOT_SUPPORTED;
		return PSCI_ACT_RETURN;
	}
	case PSCI_CPU_OFF:
		x->reason = VCPU_EXIT_SYSTEM;
		x->sys.event = VCPU_SYS_CPU_OFF;
		x->sys.arg[0] = x->sys.arg[1] = x->sys.arg[2] = 0;
		x->sys.ret = 0;
		return PSCI_ACT_EXIT;
	case PSCI_CPU_ON:
		t = target_vcpu(a1, nvcpus);
		if (t < 0) {
			*ret = PSCI_RET_INVALID_PARAMS;
			return PSCI_ACT_RETURN;
		}
		x->reason = VCPU_EXIT_SYSTEM;
		x->sys.event = VCPU_SYS_CPU_ON;
		x->sys.arg[0] = (uint64_t)t;
		x->sys.arg[1] = a2;
		x->sys.arg[2] = a3;
		x->sys.ret = 0;
		return PSCI_ACT_EXIT;
	case PSCI_AFFINITY_INFO:
		t = target_vcpu(a1, nvcpus);
		if (t < 0 || a2 != 0) {	/* only affinity level 0 exists */
			*ret = PSCI_RET_INVALID_PARAMS;
			return PSCI_ACT_RETURN;
		}
		x->reason = VCPU_EXIT_SYSTEM;
		x->sys.event = VCPU_SYS_CPU_STATE;
		x->sys.arg[0] = (uint64_t)t;
		x->sys.arg[1] = x->sys.arg[2] = 0;
		x->sys.ret = 0;
		return PSCI_ACT_EXIT;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		x->reason = VCPU_EXIT_SYSTEM;
		x->sys.event = fn32 == PSCI_SYSTEM_OFF ? VCPU_SYS_OFF : VCPU_SYS_RESET;
		x->sys.arg[0] = x->sys.arg[1] = x->sys.arg[2] = 0;
		x->sys.ret = 0;
		return PSCI_ACT_EXIT;
	default:
		*ret = PSCI_RET_NOT_SUPPORTED;
		return PSCI_ACT_RETURN;
	}
}

/* ---- Debug registers (see trap_decode.h) ---- */

void arm64_dbg_reset(struct arm64_dbg_regs *d)
{
	memset(d, 0, sizeof(*d));
	d->oslk = true;
}

/* Defined bits of DBGBCR<n>_EL1 (BT, LBN, SSC, HMC, BAS, PMC, E) and DBGWCR<n>_EL1 (MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E). */
#define DBGBCR_MASK	0x00ffe1e7ull
#define DBGWCR_MASK	0x1f1fffffull

enum arm64_sysreg_result arm64_dbg_access(struct arm64_dbg_regs *d, uint32_t iss, unsigned int nbrp,
					  unsigned int nwrp, uint64_t authstatus, uint64_t *val)
{
	unsigned int op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned int crn = (iss >> 10) & 0xf, crm = (iss >> 1) & 0xf;
	bool read = iss & 1;
	uint64_t *reg;

	if (op0 != 2)
		return SYSREG_NOT_MINE;
	if (nbrp > ARM64_DBG_MAX_BP)
		nbrp = ARM64_DBG_MAX_BP;
	if (nwrp > ARM64_DBG_MAX_BP)
		nwrp = ARM64_DBG_MAX_BP;
	/* op1 3: the EL0-accessible debug communications channel. */
	if (op1 == 3 && crn == 0) {
		if (crm == 1 && op2 == 0) {		/* MDCCSR_EL0, read-only */
			if (!read)
				return SYSREG_UNDEF;
			*val = 0;
			return SYSREG_DONE;
		}
		if ((crm == 4 || crm == 5) && op2 == 0) {	/* DBGDTR_EL0, DBGDTRRX/TX_EL0 */
			if (read)
				*val = 0;
			return SYSREG_DONE;
		}
		return SYSREG_NOT_MINE;
	}
	if (op1 != 0)
		return SYSREG_NOT_MINE;
	if (crn == 0 && op2 >= 4) {		/* breakpoint / watchpoint n = CRm */
		bool bp = op2 <= 5;

		if (crm >= (bp ? nbrp : nwrp))
			return SYSREG_UNDEF;
		switch (op2) {
		case 4: reg = &d->bvr[crm]; break;
		case 5: reg = &d->bcr[crm]; break;
		case 6: reg = &d->wvr[crm]; break;
		default: reg = &d->wcr[crm]; break;
		}
		if (read)
			*val = *reg;
		else
			*reg = op2 == 5 ? *val & DBGBCR_MASK : op2 == 7 ? *val & DBGWCR_MASK : *val;
		return SYSREG_DONE;
	}
	if (crn == 0 && op2 == 2) {
		if (crm == 2) {			/* MDSCR_EL1 */
			if (read)
				*val = d->mdscr;
			else
				d->mdscr = *val & 0xffffffffull;
			return SYSREG_DONE;
		}
		if (crm == 0 || crm == 3 || crm == 6) {	/* OSDTRRX_EL1, OSDTRTX_EL1, OSECCR_EL1 */
			if (read)
				*val = 0;
			return SYSREG_DONE;
		}
		return SYSREG_NOT_MINE;
	}
	if (crn == 0 && crm == 2 && op2 == 0) {	/* MDCCINT_EL1 */
		if (read)
			*val = 0;
		return SYSREG_DONE;
	}
	if (crn == 1 && op2 == 4) {
		switch (crm) {
		case 0:				/* OSLAR_EL1, write-only */
			if (read)
				return SYSREG_UNDEF;
			d->oslk = *val & 1;
			return SYSREG_DONE;
		case 1:				/* OSLSR_EL1, read-only: OSLM 0b10 (bit 3), OSLK (bit 1) */
			if (!read)
				return SYSREG_UNDEF;
			*val = (1u << 3) | ((uint64_t)d->oslk << 1);
			return SYSREG_DONE;
		case 3:				/* OSDLR_EL1 */
			if (read)
				*val = d->dlk;
			else
				d->dlk = *val & 1;
			return SYSREG_DONE;
		case 4:				/* DBGPRCR_EL1 */
			if (read)
				*val = 0;
			return SYSREG_DONE;
		default:
			return SYSREG_NOT_MINE;
		}
	}
	if (crn == 1 && crm == 0 && op2 == 0) {	/* MDRAR_EL1, read-only: no memory-mapped debug */
		if (!read)
			return SYSREG_UNDEF;
		*val = 0;
		return SYSREG_DONE;
	}
	if (crn == 7 && op2 == 6 && (crm == 8 || crm == 9)) {	/* DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1 */
		if (read)
			*val = 0;
		return SYSREG_DONE;
	}
	if (crn == 7 && crm == 14 && op2 == 6) {	/* DBGAUTHSTATUS_EL1, read-only */
		if (!read)
			return SYSREG_UNDEF;
		*val = authstatus;
		return SYSREG_DONE;
	}
	return SYSREG_NOT_MINE;
}
