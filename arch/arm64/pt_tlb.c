// SPDX-License-Identifier: MIT
/*
 * arm64 implementation of the page-table engine's TLB hooks (mm/pt.h) for
 * stage-2 tables: break-before-make and invalidation by IPA. TLBI IPAS2E1IS
 * and VMALLS12E1IS act on the VMID in VTTBR_EL2, so the tree's VTTBR is
 * installed around them with interrupts masked (Arm ARM D8.13 "TLB
 * maintenance"; the sequence is the one in "Using break-before-make when
 * updating translation table entries" and "Invalidation of TLB entries from
 * stage 2 translations": DSB ISHST, TLBI IPAS2E1IS per page, DSB ISH,
 * TLBI VMALLE1IS for the combined stage 1+2 entries, DSB ISH, ISB).
 */
#include "arch/arm64/pt_s2.h"

/* Beyond this many pages a range is invalidated as a whole VMID. */
#define TLBI_MAX_PAGES	64

static inline uint64_t daif_mask(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(daif) : : "memory");
	return daif;
}

static inline void daif_restore(uint64_t daif)
{
	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

/* Install pt's VMID; returns the previous VTTBR_EL2. */
static uint64_t vttbr_enter(const struct pt *pt)
{
	uint64_t old;

	__asm__ volatile("mrs %0, vttbr_el2" : "=r"(old));
	__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(arm64_s2_vttbr(pt)) : "memory");
	return old;
}

static void vttbr_leave(uint64_t old)
{
	__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(old) : "memory");
}

static void s2_inval(const struct pt *pt, uint64_t addr, uint64_t size, bool one_entry)
{
	uint64_t daif = daif_mask(), old = vttbr_enter(pt);

	/* Make the descriptor writes visible to the walkers first. */
	__asm__ volatile("dsb ishst" : : : "memory");
	if (one_entry || size / PAGE_SIZE <= TLBI_MAX_PAGES) {
		/* One TLBI by IPA also removes every TLB entry cached from a block containing it. */
		uint64_t n = one_entry ? 1 : size / PAGE_SIZE;

		for (uint64_t i = 0; i < n; i++)
			__asm__ volatile("tlbi ipas2e1is, %0" : : "r"((addr >> PAGE_SHIFT) + i) : "memory");
		__asm__ volatile("dsb ish\n\ttlbi vmalle1is" : : : "memory");
	} else {
		__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	}
	__asm__ volatile("dsb ish\n\tisb" : : : "memory");
	vttbr_leave(old);
	daif_restore(daif);
}

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	uint64_t span = 1ull << pt->fmt->lv[level].shift;
	pte_t old = __atomic_exchange_n(ptep, empty, __ATOMIC_SEQ_CST);
	/* A table descriptor (bits[1:0] = 0b11 above level 3) may have cached leaves below it. */
	bool table = level < 3 && (old & 3) == 3;

	s2_inval(pt, addr, span, !table);
	return old;
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	s2_inval(pt, addr, size, false);
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	uint64_t daif = daif_mask(), old = vttbr_enter(pt);

	__asm__ volatile("dsb ishst\n\ttlbi vmalls12e1is\n\tdsb ish\n\tisb" : : : "memory");
	vttbr_leave(old);
	daif_restore(daif);
}
