// SPDX-License-Identifier: MIT
/*
 * The arm64 stage-2 descriptor format, 4 KiB granule (Arm ARM D8.3
 * "Translation table descriptor formats", D8.4.2 "Stage 2 memory region
 * attributes", D8.4.1.2 "Stage 2 data access permissions", D8.5 "Hardware
 * updates of the Access flag and dirty state"). This file is the only place
 * that knows these bits; the engine (mm/pt.c) sees geometry and constructors.
 *
 * Choices: every leaf has AF=1 (no access-flag faults); normal memory is
 * write-back inner+outer, inner shareable; device memory is Device-nGnRE and
 * never executable. With PT_CFG_HWDIRTY every writable leaf carries DBM and
 * S2AP[1] means "dirty" (FEAT_HAFDBS, VTCR_EL2.HD=1).
 */
#include "arch/arm64/pt_s2.h"

#define S2_VALID	(1ull << 0)
#define S2_TABLE	(1ull << 1)	/* levels 0-2: table; level 3: page */
#define S2_MEMATTR(x)	((uint64_t)(x) << 2)
#define S2_MEMATTR_MASK	S2_MEMATTR(0xf)
#define S2_MEMATTR_WB	S2_MEMATTR(0xf)	/* Normal, outer WB, inner WB */
#define S2_MEMATTR_DEV	S2_MEMATTR(0x1)	/* Device-nGnRE */
#define S2_AP_R		(1ull << 6)	/* S2AP[0] */
#define S2_AP_W		(1ull << 7)	/* S2AP[1] */
#define S2_SH_IS	(3ull << 8)
#define S2_AF		(1ull << 10)
#define S2_DBM		(1ull << 51)
#define S2_XN		(2ull << 53)	/* XN[1:0] = 0b10: not executable at EL1 or EL0 */
#define S2_XN_MASK	(3ull << 53)
#define S2_OA_MASK	0x0000fffffffff000ull	/* OA[47:12] */

static unsigned s2_configure(const struct pt *pt)
{
	if (pt->cfg & ~(PT_CFG_HWDIRTY | PT_CFG_NO_HUGE))
		return 0;
	/* VTCR_EL2.SL0 with 4 KiB granules: start at level 0, 1 or 2. */
	if (pt->start > 2)
		return 0;
	/* Level 0 cannot be concatenated (Arm ARM D8.2.6). */
	if (pt->start == 0 && pt->root_bits > 9)
		return 0;
	if (pt->cfg & PT_CFG_NO_HUGE)
		return 1u << 3;
	return (1u << 1) | (1u << 2) | (1u << 3);
}

static pte_t s2_empty(const struct pt *pt, unsigned level)
{
	return 0;
}

static enum pt_kind s2_kind(const struct pt *pt, unsigned level, pte_t e)
{
	if (!(e & S2_VALID))
		return PT_KIND_INVALID;
	if (level == 3)
		return (e & S2_TABLE) ? PT_KIND_LEAF : PT_KIND_INVALID;
	if (e & S2_TABLE)
		return PT_KIND_TABLE;
	return level == 0 ? PT_KIND_INVALID : PT_KIND_LEAF;
}

static pte_t s2_mk_table(const struct pt *pt, unsigned level, hpa_t table)
{
	return (table.v & S2_OA_MASK) | S2_TABLE | S2_VALID;
}

static pte_t s2_mk_leaf(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot)
{
	pte_t e = (pa.v & S2_OA_MASK) | S2_VALID | S2_AF;

	if (level == 3)
		e |= S2_TABLE;
	if (prot & PT_DEV)
		e |= S2_MEMATTR_DEV | S2_XN;
	else
		e |= S2_MEMATTR_WB | S2_SH_IS;
	if (prot & PT_R)
		e |= S2_AP_R;
	if (prot & PT_W) {
		if (pt->hw_dirty) {
			e |= S2_DBM;
			if (prot & PT_DIRTY)
				e |= S2_AP_W;
		} else {
			e |= S2_AP_W;
		}
	}
	if (!(prot & PT_X))
		e |= S2_XN;
	return e;
}

static hpa_t s2_oa(const struct pt *pt, unsigned level, pte_t e)
{
	return hpa(e & S2_OA_MASK);
}

static unsigned s2_prot(const struct pt *pt, unsigned level, pte_t e)
{
	unsigned prot = 0;

	if (e & S2_AP_R)
		prot |= PT_R;
	if (pt->hw_dirty && (e & S2_DBM)) {
		prot |= PT_W;
		if (e & S2_AP_W)
			prot |= PT_DIRTY;
	} else if (e & S2_AP_W) {
		prot |= PT_W;
	}
	if (!(e & S2_XN_MASK))
		prot |= PT_X;
	if (!(e & (S2_MEMATTR(0xc))))
		prot |= PT_DEV;
	return prot;
}

static pte_t s2_reprot(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear)
{
	if (s2_kind(pt, level, e) != PT_KIND_LEAF)
		return e;
	/* The dirty-log case first: write-protect, or clear the dirty state only. */
	if (!set && !(clear & ~(PT_W | PT_DIRTY))) {
		if (clear & PT_W)
			return e & ~(S2_AP_W | S2_DBM);
		return (pt->hw_dirty && (e & S2_DBM)) ? e & ~S2_AP_W : e;
	}
	if (clear & PT_R)
		e &= ~S2_AP_R;
	if (set & PT_R)
		e |= S2_AP_R;
	if (clear & PT_W)
		e &= ~(S2_AP_W | S2_DBM);
	else if ((clear & PT_DIRTY) && pt->hw_dirty && (e & S2_DBM))
		e &= ~S2_AP_W;
	if (set & PT_W) {
		if (!pt->hw_dirty)
			e |= S2_AP_W;
		else if (set & PT_DIRTY)
			e |= S2_DBM | S2_AP_W;
		else if (!(e & S2_DBM))
			e = (e & ~S2_AP_W) | S2_DBM;
	}
	if (clear & PT_X)
		e |= S2_XN;
	if ((set & PT_X) && (e & S2_MEMATTR(0xc)))
		e &= ~S2_XN_MASK;
	return e;
}

uint64_t arm64_s2_vttbr(const struct pt *pt)
{
	return (pt->root.v & S2_OA_MASK) | ((uint64_t)pt->tag << 48);
}

static uint64_t s2_root_reg(const struct pt *pt)
{
	return arm64_s2_vttbr(pt);
}

uint64_t arm64_s2_vtcr(const struct pt *pt, unsigned pa_bits)
{
	static const uint8_t ps_bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t ps = 0, sl0 = 2 - pt->start;	/* SL0: 0 = level 2, 1 = level 1, 2 = level 0 */
	uint64_t v;

	for (unsigned i = 0; i < sizeof(ps_bits); i++)
		if (ps_bits[i] <= pa_bits)
			ps = i;
	v = (64 - pt->ia_bits) | (sl0 << 6) | (1ull << 8) /* IRGN0 WBWA */ |
	    (1ull << 10) /* ORGN0 WBWA */ | (3ull << 12) /* SH0 inner */ | (0ull << 14) /* TG0 4K */ |
	    (ps << 16) | (1ull << 31) /* RES1 */;
	if (pt->hw_dirty)
		v |= (1ull << 21) | (1ull << 22);	/* HA, HD */
	return v;
}

const struct pt_fmt pt_fmt_arm64_s2 = {
	.name = "arm64-s2",
	.nlevels = 4,
	.lv = {
		{ .shift = 39, .idx_bits = 9, .order = 0, .leaf_ok = 0 },
		{ .shift = 30, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
		{ .shift = 21, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
		{ .shift = 12, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
	},
	.max_concat_bits = 4,
	.min_ia_bits = 32,
	.max_ia_bits = 48,
	.bbm = PT_BBM_REMAP,
	.prot_caps = PT_R | PT_W | PT_X | PT_DEV | PT_DIRTY,
	.oa_linear = true,
	.configure = s2_configure,
	.empty = s2_empty,
	.kind = s2_kind,
	.mk_table = s2_mk_table,
	.mk_leaf = s2_mk_leaf,
	.oa = s2_oa,
	.prot = s2_prot,
	.reprot = s2_reprot,
	.root_reg = s2_root_reg,
};
