/* SPDX-License-Identifier: MIT */
/*
 * Simulated host-physical memory for unit tests (tests/unit/lib/physmem.c):
 * a few arenas at chosen physical addresses backed by host memory, and the
 * mm_phys_to_virt() / mm_virt_to_phys() hooks over them. A translation of an
 * address outside every arena fails the running test, so code that touches
 * memory it does not manage is caught.
 */
#ifndef TESTS_PHYSMEM_H
#define TESTS_PHYSMEM_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define PHYSMEM_MAX_ARENAS 32

/*
 * Back [base, base + size) (base + size may be 2^64) with host memory
 * filled with `fill` (0: left as fresh zero pages); returns the host address
 * of base, which has the same offset in a 4 KiB page as base. Fails the test if
 * the range overlaps an arena or the table is full.
 */
void *physmem_add(uint64_t base, uint64_t size, uint8_t fill);

/* Drop every arena (call at the end of each test). */
void physmem_reset(void);

/* mm_sync_guest_frames() calls since the last physmem_reset(), in order. */
#define PHYSMEM_MAX_SYNCS 256
struct sync_rec {
	uint64_t pa, size;
	bool exec;
};
extern struct sync_rec physmem_syncs[PHYSMEM_MAX_SYNCS];
extern unsigned int physmem_nsyncs;

/* Whether one recorded call covered [pa, pa + size) (with exec, if asked). */
bool physmem_synced(uint64_t pa, uint64_t size, bool exec);

/* True if [pa, pa + len) lies inside one arena. */
bool physmem_contains(uint64_t pa, uint64_t len);

/* Host pointer for pa (which must lie in an arena), without failing. */
uint8_t *physmem_ptr(uint64_t pa);

/* Number of calls to mm_phys_to_virt() since the last reset. */
extern unsigned long physmem_p2v_calls;

#endif
