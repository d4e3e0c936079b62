// SPDX-License-Identifier: MIT
/*
 * AMD nested page tables: the long-mode 4-level format walked by the nested
 * paging hardware (AMD64 APM vol. 2, 5.3 "Long-Mode Page Translation", 5.4
 * "Page-Translation-Table Entry Fields", 15.25.5 "Nested Table Walk"). The
 * only file that knows these bits.
 *
 * Nested walks are user accesses, so U/S is set at every level; permissions
 * (R/W, NX) live in the leaves, table entries allow everything. Accessed is
 * preset everywhere. Without PT_CFG_HWDIRTY writable leaves are created with
 * D already set, so the hardware never writes them; with it they start clean
 * and D is the hardware dirty state. Device memory: PCD|PWT (PAT entry 3,
 * UC in the default PAT), never executable.
 */
#include "arch/x86/pt_npt.h"

#define NPT_P		(1ull << 0)
#define NPT_RW		(1ull << 1)
#define NPT_US		(1ull << 2)
#define NPT_PWT		(1ull << 3)
#define NPT_PCD		(1ull << 4)
#define NPT_A		(1ull << 5)
#define NPT_D		(1ull << 6)
#define NPT_PS		(1ull << 7)
#define NPT_NX		(1ull << 63)
#define NPT_ADDR	0x000ffffffffff000ull	/* bits 51:12 */

static unsigned npt_configure(const struct pt *pt)
{
	if (pt->cfg & ~(PT_CFG_HWDIRTY | PT_CFG_NO_HUGE) || pt->start != 0 || pt->ia_bits != 48)
		return 0;
	if (pt->cfg & PT_CFG_NO_HUGE)
		return 1u << 3;
	return (1u << 1) | (1u << 2) | (1u << 3);
}

static pte_t npt_empty(const struct pt *pt, unsigned level)
{
	return 0;
}

static enum pt_kind npt_kind(const struct pt *pt, unsigned level, pte_t e)
{
	if (!(e & NPT_P))
		return PT_KIND_INVALID;
	if (level == 3 || (level != 0 && (e & NPT_PS)))
		return PT_KIND_LEAF;
	return PT_KIND_TABLE;
}

static pte_t npt_mk_table(const struct pt *pt, unsigned level, hpa_t table)
{
	return (table.v & NPT_ADDR) | NPT_P | NPT_RW | NPT_US | NPT_A;
}

static pte_t npt_mk_leaf(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot)
{
	pte_t e = (pa.v & NPT_ADDR) | NPT_P | NPT_US | NPT_A;

	if (level != 3)
		e |= NPT_PS;
	if (prot & PT_W) {
		e |= NPT_RW;
		if (!pt->hw_dirty || (prot & PT_DIRTY))
			e |= NPT_D;
	}
	if (!(prot & PT_X) || (prot & PT_DEV))
		e |= NPT_NX;
	if (prot & PT_DEV)
		e |= NPT_PCD | NPT_PWT;
	return e;
}

static hpa_t npt_oa(const struct pt *pt, unsigned level, pte_t e)
{
	/* Large leaves: bit 12 is PAT, bits below the page size are reserved. */
	if (level != 3 && (e & NPT_PS))
		return hpa(e & NPT_ADDR & ~((1ull << pt->fmt->lv[level].shift) - 1));
	return hpa(e & NPT_ADDR);
}

static unsigned npt_prot(const struct pt *pt, unsigned level, pte_t e)
{
	unsigned prot = PT_R;

	if (e & NPT_RW)
		prot |= PT_W;
	if (!(e & NPT_NX))
		prot |= PT_X;
	if (e & NPT_PCD)
		prot |= PT_DEV;
	if (pt->hw_dirty && (e & NPT_D) && (e & NPT_RW))
		prot |= PT_DIRTY;
	return prot;
}

static pte_t npt_reprot(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear)
{
	if (npt_kind(pt, level, e) != PT_KIND_LEAF)
		return e;
	if (clear & PT_W)
		e &= ~(NPT_RW | NPT_D);
	else if ((clear & PT_DIRTY) && pt->hw_dirty)
		e &= ~NPT_D;
	if ((set & PT_W) && !(e & NPT_RW)) {
		e |= NPT_RW;
		if (!pt->hw_dirty || (set & PT_DIRTY))
			e |= NPT_D;
	}
	if (clear & PT_X)
		e |= NPT_NX;
	if ((set & PT_X) && !(e & NPT_PCD))
		e &= ~NPT_NX;
	return e;
}

static uint64_t npt_root_reg(const struct pt *pt)
{
	return pt->root.v & NPT_ADDR;
}

const struct pt_fmt pt_fmt_npt = {
	.name = "amd-npt",
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
	.configure = npt_configure,
	.empty = npt_empty,
	.kind = npt_kind,
	.mk_table = npt_mk_table,
	.mk_leaf = npt_mk_leaf,
	.oa = npt_oa,
	.prot = npt_prot,
	.reprot = npt_reprot,
	.root_reg = npt_root_reg,
};
