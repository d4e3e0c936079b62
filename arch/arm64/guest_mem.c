// SPDX-License-Identifier: MIT
/*
 * arm64 side of mm_copy_to_frames() and mm_sync_guest_frames() (mm/addr.h).
 * Guest RAM the hypervisor zeroed or filled must reach the point of
 * coherency before the guest can read it, because a guest with its MMU or caches off reads
 * memory non-cacheably and would otherwise see what the RAM held before
 * (a previous owner's data) instead of the hypervisor's dirty cache lines.
 * Instructions fetched from it must not come from stale I-cache lines.
 * Arm ARM (DDI 0487) D7.5.9 "Data and unified caches" (cache maintenance to
 * the PoC), D7.5.10 / B2.4.4 "Instruction cache maintenance" and CTR_EL0.DIC;
 * KVM does the same in clean_dcache_guest_page / invalidate_icache_guest_page.
 */
#include "mm/addr.h"
#include "arch/arm64/arm64.h"

void mm_copy_to_frames(hpa_t pa, const void *src, uint64_t len)
{
	uint8_t *d = mm_phys_to_virt(pa);
	const uint8_t *s = src;
	uint64_t t0, t1, t2, t3, t4, t5, t6, t7;

	/*
	 * 64 bytes per iteration with general registers (never FP/SIMD).
	 * Unaligned LDP/STP are fine here: both sides are Normal memory and
	 * SCTLR_EL2.A is clear (Arm ARM B2.5.2 "Alignment of data accesses").
	 */
	for (; len >= 64; len -= 64, s += 64, d += 64)
		__asm__ volatile("ldp %0, %1, [%8]\n\tldp %2, %3, [%8, #16]\n\t"
				 "ldp %4, %5, [%8, #32]\n\tldp %6, %7, [%8, #48]\n\t"
				 "stp %0, %1, [%9]\n\tstp %2, %3, [%9, #16]\n\t"
				 "stp %4, %5, [%9, #32]\n\tstp %6, %7, [%9, #48]"
				 : "=&r"(t0), "=&r"(t1), "=&r"(t2), "=&r"(t3),
				   "=&r"(t4), "=&r"(t5), "=&r"(t6), "=&r"(t7)
				 : "r"(s), "r"(d) : "memory");
	while (len--)
		*d++ = *s++;
}

void mm_sync_guest_frames(hpa_t pa, uint64_t size, bool exec)
{
	if (!size)
		return;
	/* DC CVAC over the range, then DSB SY (head.S). */
	arm64_dcache_clean_poc(mm_phys_to_virt(pa), size);
	/*
	 * CTR_EL0.DIC: instruction cache invalidation to the PoU is not needed
	 * for instruction/data coherence. Otherwise invalidate all instruction
	 * caches of the Inner Shareable domain: correct for every I-cache type
	 * (an aliasing VIPT cache cannot be invalidated by the hypervisor's
	 * own VA), and rare (partition creation, executable first touches).
	 */
	if (exec && !((read_sysreg(ctr_el0) >> 29) & 1))
		__asm__ volatile("ic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}
