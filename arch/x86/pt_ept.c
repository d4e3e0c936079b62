// SPDX-License-Identifier: MIT
/*
 * Intel extended page tables (Intel SDM vol. 3C, 29.3.2 "EPT Translation
 * Mechanism", 29.3.3 "EPT-Induced VM Exits" for misconfigurations, 29.3.5
 * "Accessed and Dirty Flags for EPT", 29.3.7 "EPT and Memory Typing", 25.6.11
 * "Extended-Page-Table Pointer"). The only file that knows these bits.
 *
 * Table entries grant R/W/X (the leaf decides). Leaves carry the memory type
 * with "ignore PAT": WB for RAM, UC for devices (never executable). With
 * PT_CFG_HWDIRTY the EPTP enables accessed/dirty flags: A is preset, D is the
 * hardware dirty state; without it bits 8/9 stay clear (ignored by hardware).
 */
#include "arch/x86/pt_ept.h"

#define EPT_R		(1ull << 0)
#define EPT_W		(1ull << 1)
#define EPT_X		(1ull << 2)
#define EPT_MT(t)	((uint64_t)(t) << 3)
#define EPT_MT_MASK	EPT_MT(7)
#define EPT_MT_UC	0
#define EPT_MT_WB	6
#define EPT_IPAT	(1ull << 6)
#define EPT_PS		(1ull << 7)
#define EPT_A		(1ull << 8)
#define EPT_D		(1ull << 9)
#define EPT_ADDR	0x000ffffffffff000ull

#define EPTP_WB		6ull
#define EPTP_WALK4	(3ull << 3)
#define EPTP_AD		(1ull << 6)

static unsigned ept_configure(const struct pt *pt)
{
	if (pt->cfg & ~(PT_CFG_HWDIRTY | PT_CFG_NO_HUGE) || pt->start != 0 || pt->ia_bits != 48)
		return 0;
	if (pt->cfg & PT_CFG_NO_HUGE)
		return 1u << 3;
	return (1u << 1) | (1u << 2) | (1u << 3);
}

static pte_t ept_empty(const struct pt *pt, unsigned level)
{
	return 0;
}

static enum pt_kind ept_kind(const struct pt *pt, unsigned level, pte_t e)
{
	if (!(e & (EPT_R | EPT_W | EPT_X)))
		return PT_KIND_INVALID;
	if (level == 3 || (level != 0 && (e & EPT_PS)))
		return PT_KIND_LEAF;
	return PT_KIND_TABLE;
}

static pte_t ept_mk_table(const struct pt *pt, unsigned level, hpa_t table)
{
	return (table.v & EPT_ADDR) | EPT_R | EPT_W | EPT_X | (pt->hw_dirty ? EPT_A : 0);
}

static pte_t ept_mk_leaf(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot)
{
	pte_t e = (pa.v & EPT_ADDR) | EPT_IPAT;

	if (level != 3)
		e |= EPT_PS;
	if (prot & PT_R)
		e |= EPT_R;
	if (prot & PT_W)
		e |= EPT_W;
	if ((prot & PT_X) && !(prot & PT_DEV))
		e |= EPT_X;
	e |= (prot & PT_DEV) ? EPT_MT(EPT_MT_UC) : EPT_MT(EPT_MT_WB);
	if (pt->hw_dirty) {
		e |= EPT_A;
		if ((prot & PT_W) && (prot & PT_DIRTY))
			e |= EPT_D;
	}
	return e;
}

static hpa_t ept_oa(const struct pt *pt, unsigned level, pte_t e)
{
	if (level != 3 && (e & EPT_PS))
		return hpa(e & EPT_ADDR & ~((1ull << pt->fmt->lv[level].shift) - 1));
	return hpa(e & EPT_ADDR);
}

static unsigned ept_prot(const struct pt *pt, unsigned level, pte_t e)
{
	unsigned prot = 0;

	if (e & EPT_R)
		prot |= PT_R;
	if (e & EPT_W)
		prot |= PT_W;
	if (e & EPT_X)
		prot |= PT_X;
	if ((e & EPT_MT_MASK) == EPT_MT(EPT_MT_UC))
		prot |= PT_DEV;
	if (pt->hw_dirty && (e & EPT_D) && (e & EPT_W))
		prot |= PT_DIRTY;
	return prot;
}

static pte_t ept_reprot(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear)
{
	if (ept_kind(pt, level, e) != PT_KIND_LEAF)
		return e;
	if (clear & PT_R)
		e &= ~EPT_R;
	if (set & PT_R)
		e |= EPT_R;
	if (clear & PT_W)
		e &= ~(EPT_W | EPT_D);
	else if (clear & PT_DIRTY)
		e &= ~EPT_D;
	if (set & PT_W) {
		e |= EPT_W;
		if (pt->hw_dirty && (set & PT_DIRTY))
			e |= EPT_D;
	}
	if (clear & PT_X)
		e &= ~EPT_X;
	if ((set & PT_X) && (e & EPT_MT_MASK) != EPT_MT(EPT_MT_UC))
		e |= EPT_X;
	return e;
}

static uint64_t ept_root_reg(const struct pt *pt)
{
	return (pt->root.v & EPT_ADDR) | EPTP_WB | EPTP_WALK4 | (pt->hw_dirty ? EPTP_AD : 0);
}

const struct pt_fmt pt_fmt_ept = {
	.name = "intel-ept",
	.nlevels = 4,
	.lv = {
		{ .shift = 39, .idx_bits = 9, .order = 0, .leaf_ok = 0 },
		{ .shift = 30, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
		{ .shift = 21, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
		{ .shift = 12, .idx_bits = 9, .order = 0, .leaf_ok = 1 },
	},
	.max_concat_bits = 0,
	.min_ia_bits = 48,
	.max_ia_bits = 48,
	.bbm = PT_BBM_NEVER,
	.prot_caps = PT_R | PT_W | PT_X | PT_DEV | PT_DIRTY,
	.oa_linear = true,
	.configure = ept_configure,
	.empty = ept_empty,
	.kind = ept_kind,
	.mk_table = ept_mk_table,
	.mk_leaf = ept_mk_leaf,
	.oa = ept_oa,
	.prot = ept_prot,
	.reprot = ept_reprot,
	.root_reg = ept_root_reg,
};
