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

#endif
