/* SPDX-License-Identifier: MIT */
/*
 * Address types. Host-physical, guest-physical and hypervisor-virtual
 * addresses are distinct one-member structs so they cannot be mixed silently.
 */
#ifndef MM_ADDR_H
#define MM_ADDR_H

#include "hyp/compiler.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ull << PAGE_SHIFT)

typedef struct { uint64_t v; } hpa_t;	/* host-physical address */
typedef struct { uint64_t v; } gpa_t;	/* guest-physical (intermediate physical) address */

static inline hpa_t hpa(uint64_t v) { return (hpa_t){ v }; }
static inline gpa_t gpa(uint64_t v) { return (gpa_t){ v }; }

/*
 * Hypervisor-virtual view of host-physical memory it manages. The hypervisor
 * maps all of RAM at a fixed offset (identity on every architecture today);
 * host unit tests implement this over a simulated physical memory.
 */
void *mm_phys_to_virt(hpa_t pa);
hpa_t mm_virt_to_phys(const void *va);

/*
 * Zero nframes whole frames from the page-aligned pa, through the
 * hypervisor's mapping of RAM, the fastest way the CPU has (arm64: DC ZVA;
 * x86, s390 and host tests: memset). Cannot fail; the frames are zero when
 * it returns (ordered like ordinary stores).
 */
void mm_zero_frames(hpa_t pa, uint64_t nframes);

/*
 * Copy len bytes from src (hypervisor memory, any alignment) to host RAM
 * at pa (any alignment; the run must not cross a page boundary, since
 * only pages are known to be contiguous in the hypervisor's view), the
 * fastest way the CPU has (arm64: unaligned 16-byte pairs, allowed on
 * Normal memory with SCTLR_EL2.A clear; elsewhere memcpy). Guest images
 * come from the boot bundle, where dtc aligns them to 4 bytes only.
 */
void mm_copy_to_frames(hpa_t pa, const void *src, uint64_t len);

/*
 * Make what the hypervisor wrote to [pa, pa + size) (page-aligned) visible
 * to a guest that reads it with its caches off, and (exec) fetchable as
 * instructions: KVM's clean_dcache_guest_page / invalidate_icache_guest_page.
 * Called before guest RAM is mapped. arm64: clean to the point of
 * coherency, invalidate the instruction cache; x86, s390: nothing (mm/addr_default.c; caches
 * are coherent with every guest access). Cannot fail.
 */
void mm_sync_guest_frames(hpa_t pa, uint64_t size, bool exec);

#endif
