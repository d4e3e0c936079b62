// SPDX-License-Identifier: MIT
/*
 * Portable defaults of the guest-memory hooks of mm/addr.h, for an
 * architecture whose caches are coherent with every guest access and with
 * instruction fetch, so plain stores are all it takes: x86 (EPT/NPT map RAM
 * write-back; instruction fetch snoops stores, SDM Vol. 3 11.6) and s390
 * (storage is coherent; SIE entry serialises, PoP chapter 5). Weak: an
 * architecture with a faster way or with caches to maintain defines its
 * own (arm64: DC ZVA, unaligned pairs, clean to PoC; arch/arm64/mmu.c and
 * guest_mem.c).
 */
#include <string.h>
#include "mm/addr.h"

__attribute__((weak)) void mm_zero_frames(hpa_t pa, uint64_t nframes)
{
	memset(mm_phys_to_virt(pa), 0, (size_t)(nframes << PAGE_SHIFT));
}

__attribute__((weak)) void mm_copy_to_frames(hpa_t pa, const void *src, uint64_t len)
{
	memcpy(mm_phys_to_virt(pa), src, (size_t)len);
}

__attribute__((weak)) void mm_sync_guest_frames(hpa_t pa, uint64_t size, bool exec)
{
	(void)pa;
	(void)size;
	(void)exec;
}
