// SPDX-License-Identifier: MIT
/*
 * Simulated physical memory for host unit tests; implements the mm/addr.h
 * hooks by table lookup so that physical and host addresses differ and no
 * identity mapping hides a wrong translation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>
#include "mm/addr.h"
#include "physmem.h"

struct arena {
	uint64_t base;
	uint64_t last;		/* last byte, so an arena may end at 2^64 - 1 */
	uint8_t *host;		/* host address of base */
	uint8_t *map;		/* the mapping: host - (base % 4096) */
	size_t maplen;
	size_t len;
};

static struct arena arenas[PHYSMEM_MAX_ARENAS];
struct sync_rec physmem_syncs[PHYSMEM_MAX_SYNCS];
unsigned int physmem_nsyncs;
static unsigned int narenas;
unsigned long physmem_p2v_calls;

void *physmem_add(uint64_t base, uint64_t size, uint8_t fill)
{
	struct arena *a;
	unsigned int i;

	assert_true(size > 0 && size <= (1ull << 34));
	assert_true(base + (size - 1) >= base);
	assert_true(narenas < PHYSMEM_MAX_ARENAS);
	for (i = 0; i < narenas; i++)
		assert_false(base <= arenas[i].last && arenas[i].base <= base + (size - 1));
	a = &arenas[narenas++];
	a->base = base;
	a->last = base + (size - 1);
	a->len = size;
	/* Same offset within a 4 KiB page as the physical address, like a real mapping. */
	a->maplen = size + (base & 4095);
	a->map = mmap(NULL, a->maplen, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(a->map != MAP_FAILED);
	a->host = a->map + (base & 4095);
	if (fill)
		memset(a->host, fill, size);
	return a->host;
}

void physmem_reset(void)
{
	unsigned int i;

	for (i = 0; i < narenas; i++)
		munmap(arenas[i].map, arenas[i].maplen);
	narenas = 0;
	physmem_p2v_calls = 0;
	physmem_nsyncs = 0;
}

static struct arena *find_pa(uint64_t pa, uint64_t len)
{
	unsigned int i;

	for (i = 0; i < narenas; i++)
		if (pa >= arenas[i].base && pa <= arenas[i].last &&
		    (len == 0 || len - 1 <= arenas[i].last - pa))
			return &arenas[i];
	return NULL;
}

bool physmem_contains(uint64_t pa, uint64_t len)
{
	return find_pa(pa, len) != NULL;
}

uint8_t *physmem_ptr(uint64_t pa)
{
	struct arena *a = find_pa(pa, 1);

	return a ? a->host + (pa - a->base) : NULL;
}

void *mm_phys_to_virt(hpa_t pa)
{
	struct arena *a = find_pa(pa.v, 1);

	physmem_p2v_calls++;
	if (!a)
		fail_msg("mm_phys_to_virt(0x%llx): not simulated memory", (unsigned long long)pa.v);
	return a->host + (pa.v - a->base);
}

/* The arch hook: the whole run must be simulated memory (one arena). */
void mm_zero_frames(hpa_t pa, uint64_t nframes)
{
	struct arena *a = find_pa(pa.v, nframes << PAGE_SHIFT);

	physmem_p2v_calls++;
	if (!a || (pa.v & (PAGE_SIZE - 1)))
		fail_msg("mm_zero_frames(0x%llx, %llu): not simulated memory or not page aligned",
			 (unsigned long long)pa.v, (unsigned long long)nframes);
	memset(a->host + (pa.v - a->base), 0, (size_t)(nframes << PAGE_SHIFT));
}

/* The arch hook: one arena, no page crossing (as the contract says). */
void mm_copy_to_frames(hpa_t pa, const void *src, uint64_t len)
{
	struct arena *a = find_pa(pa.v, len);

	if (!a || (len && (pa.v & (PAGE_SIZE - 1)) + len > PAGE_SIZE))
		fail_msg("mm_copy_to_frames(0x%llx, %llu): not simulated memory or crosses a page",
			 (unsigned long long)pa.v, (unsigned long long)len);
	memcpy(a->host + (pa.v - a->base), src, (size_t)len);
}

/*
 * The arch hook, recorded: tests check that guest RAM was made visible
 * after it was last written and before it was mapped (physmem_synced()).
 */
void mm_sync_guest_frames(hpa_t pa, uint64_t size, bool exec)
{
	if (!find_pa(pa.v, size) || (pa.v & (PAGE_SIZE - 1)) || (size & (PAGE_SIZE - 1)) || !size)
		fail_msg("mm_sync_guest_frames(0x%llx, 0x%llx): not simulated memory or not page aligned",
			 (unsigned long long)pa.v, (unsigned long long)size);
	if (physmem_nsyncs < PHYSMEM_MAX_SYNCS)
		physmem_syncs[physmem_nsyncs] = (struct sync_rec){ pa.v, size, exec };
	physmem_nsyncs++;
}

bool physmem_synced(uint64_t pa, uint64_t size, bool exec)
{
	for (unsigned int i = 0; i < physmem_nsyncs && i < PHYSMEM_MAX_SYNCS; i++) {
		const struct sync_rec *r = &physmem_syncs[i];

		if (pa >= r->pa && pa - r->pa < r->size && size <= r->size - (pa - r->pa) && (r->exec || !exec))
			return true;
	}
	return false;
}

hpa_t mm_virt_to_phys(const void *va)
{
	const uint8_t *p = va;
	unsigned int i;

	for (i = 0; i < narenas; i++)
		if (p >= arenas[i].host && p < arenas[i].host + arenas[i].len)
			return hpa(arenas[i].base + (uint64_t)(p - arenas[i].host));
	fail_msg("mm_virt_to_phys(%p): not simulated memory", va);
	return hpa(0);
}
