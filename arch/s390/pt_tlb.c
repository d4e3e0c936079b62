// SPDX-License-Identifier: MIT
/*
 * s390 implementation of the page-table engine's TLB hooks (mm/pt.h) for DAT
 * tables. A valid entry is never overwritten in place: INVALIDATE PAGE TABLE
 * ENTRY (page entries) and INVALIDATE DAT TABLE ENTRY (region and segment
 * entries) set its invalid bit and purge every CPU's TLB entries formed
 * through it (z/Architecture Principles of Operation, chapter 10, "IPTE",
 * "IDTE"); the engine then stores the replacement. Whole-space purges use
 * COMPARE AND SWAP AND PURGE with the purge bit set ("CSP"), which purges
 * the TLBs of all CPUs in the configuration.
 */
#include "mm/pt.h"

#define LV_PAGE		4

/* Purge every TLB of the configuration (CSP with bit 63 of R2 set). */
static void purge_all(void)
{
	static uint32_t dummy;
	register uint64_t r0 __asm__("0") = 0;
	register uint64_t r1 __asm__("1") = 0;
	uint64_t addr = (uint64_t)(uintptr_t)&dummy | 1;

	__asm__ volatile("csp %0,%2" : "+d"(r0), "+m"(dummy) : "d"(addr), "d"(r1) : "cc", "memory");
}

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	pte_t old = __atomic_load_n(ptep, __ATOMIC_RELAXED);
	uint64_t entry_pa = mm_virt_to_phys(ptep).v;

	if (level == LV_PAGE) {
		/* R1: page-table origin (low bits ignored); R2: the page's address. */
		__asm__ volatile("ipte %[pto],%[va]"
				 : "+m"(*ptep)
				 : [pto] "a"(entry_pa), [va] "a"(addr & ~0xfffull)
				 : "memory");
	} else {
		unsigned shift = pt->fmt->lv[level].shift;
		uint64_t idx = (addr >> shift) & ((1ull << pt->fmt->lv[level].idx_bits) - 1);
		/* R1: origin of the table holding the entry with its designation type (3 - level). */
		uint64_t r1 = (entry_pa - idx * sizeof(pte_t)) | ((uint64_t)(3 - level) << 2);

		__asm__ volatile(".insn rrf,0xb98e0000,%[r1],%[r2],0,0"
				 : "+m"(*ptep)
				 : [r1] "a"(r1), [r2] "a"(addr & ~((1ull << shift) - 1))
				 : "cc", "memory");
	}
	__atomic_store_n(ptep, empty, __ATOMIC_RELEASE);
	return old;
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	purge_all();
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	purge_all();
}
