// SPDX-License-Identifier: MIT
/*
 * x86 implementation of the page-table engine's TLB hooks (mm/pt.h) for NPT
 * and EPT. Neither SVM nor VMX can invalidate guest-physical translations of
 * another CPU directly: AMD flushes an ASID through the VMCB TLB_CONTROL field
 * on the next VMRUN (APM vol. 2, 15.16 "TLB Control"), Intel through INVEPT
 * in VMX operation (SDM vol. 3C, 29.4.3). The hooks therefore advance the
 * tree's flush generation (pt->tlb_gen); the vCPU run loop compares it with
 * the generation it last flushed on that CPU before entering the guest and
 * requests the flush. Interrupting vCPUs that are running the partition
 * right now (so they exit and observe the generation) is the vCPU layer's job.
 * x86 formats never need break-before-make (PT_BBM_NEVER); arch_pt_break is
 * implemented for completeness as clear-then-flush.
 */
#include "mm/pt.h"

static void bump(const struct pt *pt)
{
	struct pt *w = (struct pt *)pt;	/* tlb_gen is owned by these hooks */

	__atomic_fetch_add(&w->tlb_gen, 1, __ATOMIC_SEQ_CST);
}

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	pte_t old = __atomic_exchange_n(ptep, empty, __ATOMIC_SEQ_CST);

	bump(pt);
	return old;
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	bump(pt);
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	bump(pt);
}
