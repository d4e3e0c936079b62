// SPDX-License-Identifier: MIT
/*
 * s390 dynamic address translation tables (z/Architecture Principles of
 * Operation, chapter 3 "Dynamic Address Translation": "Address-Space-Control
 * Element", "Translation Tables" (region-table, segment-table and page-table
 * entries), "Enhanced DAT" (EDAT-1 segment frames)). The only file that knows
 * these bits. Bit numbers in comments are the PoP's (bit 0 = most
 * significant); masks are for the 64-bit value.
 *
 * Region and segment tables are always full (2048 entries, 16 KiB, TF=0,
 * TL=3); page tables have 256 entries (2 KiB) and each takes a whole 4 KiB
 * frame. Only DAT protection exists (no read/execute control without IEP, no
 * memory types): the format represents PT_R and PT_W only. Every change of a
 * valid entry goes through IPTE/IDTE (arch_pt_break).
 */
#include "arch/s390/pt_dat.h"

#define RTE_ORIGIN	0xfffffffffffff000ull	/* bits 0-51 */
#define RTE_P		0x200ull		/* bit 54 (EDAT-1) */
#define RTE_I		0x020ull		/* bit 58 */
#define RTE_TT(t)	((uint64_t)(t) << 2)	/* bits 60-61 */
#define RTE_TL_FULL	0x003ull		/* bits 62-63 */
#define STE_ORIGIN	0xfffffffffffff800ull	/* bits 0-52: page-table origin */
#define STE_SFAA	0xfffffffffff00000ull	/* bits 0-43: segment-frame address (FC=1) */
#define STE_FC		0x400ull		/* bit 53 */
#define STE_P		0x200ull		/* bit 54 */
#define STE_I		0x020ull		/* bit 58 */
#define PTE_ORIGIN	0xfffffffffffff000ull	/* bits 0-51 */
#define PTE_I		0x400ull		/* bit 53 */
#define PTE_P		0x200ull		/* bit 54 */

#define LV_SEGMENT	3
#define LV_PAGE		4

/* Table type of a region level (TT in entries, DT in the ASCE): R1 = 3 ... segment = 0. */
static inline uint64_t dat_type(unsigned level)
{
	return 3 - level;
}

static unsigned dat_configure(const struct pt *pt)
{
	if (pt->cfg & ~(PT_CFG_EDAT1 | PT_CFG_NO_HUGE) || pt->start > LV_SEGMENT)
		return 0;
	if ((pt->cfg & PT_CFG_EDAT1) && !(pt->cfg & PT_CFG_NO_HUGE))
		return (1u << LV_SEGMENT) | (1u << LV_PAGE);
	return 1u << LV_PAGE;
}

static pte_t dat_empty(const struct pt *pt, unsigned level)
{
	if (level == LV_PAGE)
		return PTE_I;
	if (level == LV_SEGMENT)
		return STE_I;
	return RTE_I | RTE_TT(dat_type(level));
}

static enum pt_kind dat_kind(const struct pt *pt, unsigned level, pte_t e)
{
	if (level == LV_PAGE)
		return (e & PTE_I) ? PT_KIND_INVALID : PT_KIND_LEAF;
	if (e & RTE_I)
		return PT_KIND_INVALID;
	if (level == LV_SEGMENT && (e & STE_FC))
		return PT_KIND_LEAF;
	return PT_KIND_TABLE;
}

static pte_t dat_mk_table(const struct pt *pt, unsigned level, hpa_t table)
{
	if (level == LV_SEGMENT)
		return table.v & STE_ORIGIN;
	return (table.v & RTE_ORIGIN) | RTE_TT(dat_type(level)) | RTE_TL_FULL;
}

static pte_t dat_mk_leaf(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot)
{
	if (level == LV_SEGMENT)
		return (pa.v & STE_SFAA) | STE_FC | ((prot & PT_W) ? 0 : STE_P);
	return (pa.v & PTE_ORIGIN) | ((prot & PT_W) ? 0 : PTE_P);
}

static hpa_t dat_oa(const struct pt *pt, unsigned level, pte_t e)
{
	if (level == LV_PAGE)
		return hpa(e & PTE_ORIGIN);
	if (level == LV_SEGMENT)
		return hpa(e & ((e & STE_FC) ? STE_SFAA : STE_ORIGIN));
	return hpa(e & RTE_ORIGIN);
}

static unsigned dat_prot(const struct pt *pt, unsigned level, pte_t e)
{
	return PT_R | ((e & PTE_P) ? 0 : PT_W);	/* P is bit 54 at both leaf levels */
}

static pte_t dat_reprot(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear)
{
	if (dat_kind(pt, level, e) != PT_KIND_LEAF)
		return e;
	/* P is bit 54 in page and segment (FC=1) entries alike. */
	if (clear & PT_W)
		e |= PTE_P;
	if (set & PT_W)
		e &= ~PTE_P;
	return e;
}

static uint64_t dat_root_reg(const struct pt *pt)
{
	/* ASCE: table origin, DT (bits 60-61) = type of the top table, TL = 3. */
	return (pt->root.v & RTE_ORIGIN) | (dat_type(pt->start) << 2) | RTE_TL_FULL;
}

const struct pt_fmt pt_fmt_s390_dat = {
	.name = "s390-dat",
	.nlevels = 5,
	.lv = {
		{ .shift = 53, .idx_bits = 11, .order = 2, .leaf_ok = 0 },	/* region-first */
		{ .shift = 42, .idx_bits = 11, .order = 2, .leaf_ok = 0 },	/* region-second */
		{ .shift = 31, .idx_bits = 11, .order = 2, .leaf_ok = 0 },	/* region-third */
		{ .shift = 20, .idx_bits = 11, .order = 2, .leaf_ok = 1 },	/* segment */
		{ .shift = 12, .idx_bits = 8, .order = 0, .leaf_ok = 1 },	/* page */
	},
	.max_concat_bits = 0,
	.min_ia_bits = 31,
	.max_ia_bits = 64,
	.bbm = PT_BBM_ALWAYS,
	.prot_caps = PT_R | PT_W,
	.oa_linear = true,
	.configure = dat_configure,
	.empty = dat_empty,
	.kind = dat_kind,
	.mk_table = dat_mk_table,
	.mk_leaf = dat_mk_leaf,
	.oa = dat_oa,
	.prot = dat_prot,
	.reprot = dat_reprot,
	.root_reg = dat_root_reg,
};
