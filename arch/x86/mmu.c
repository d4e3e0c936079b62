// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own address space on x86_64: an identity map of physical
 * memory (so mm_phys_to_virt is the identity) built once by the boot CPU and
 * shared by every CPU. 4-level paging, AMD APM vol. 2 5.3 / Intel SDM vol. 3A
 * 4.5. The first 4 GiB use 2 MiB pages, RAM above 4 GiB 1 GiB pages (when
 * CPUID 0x80000001 EDX bit 26 says the CPU has them). The 2 MiB regions that
 * hold the image are split into 4 KiB pages so it is mapped W^X: text RX,
 * rodata R+NX, data/bss RW+NX; page 0 and the boot stack's guard page are
 * not mapped; everything else is RW+NX. Regions without RAM are mapped
 * uncacheable (PCD|PWT) since they hold MMIO (local APIC, I/O APIC, PCI).
 *
 * These are static boot tables, not the generic page-table engine: after
 * boot they change only for the AP trampoline page's execute right and for
 * the guard pages under AP stacks (a 2 MiB page split into 4 KiB pages with
 * a table from the frame allocator, one page left unmapped).
 */
#include <string.h>
#include "boot/bootinfo.h"
#include "hyp/log.h"
#include "mm/addr.h"
#include "mm/frame.h"
#include "arch/x86/x86.h"

#define PTE_P		(1ull << 0)
#define PTE_RW		(1ull << 1)
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)
#define PTE_PS		(1ull << 7)
#define PTE_NX		(1ull << 63)
#define PTE_ADDR	0x000ffffffffff000ull

#define SZ_2M		(1ull << 21)
#define SZ_1G		(1ull << 30)
#define SZ_4G		(1ull << 32)
#define SZ_512G		(1ull << 39)
#define IMAGE_PTS	8	/* 4 KiB tables for the image's 2 MiB regions: image below 16 MiB */

static uint64_t pml4[512] __aligned(4096);
static uint64_t pdpt[512] __aligned(4096);
static uint64_t pd[4][512] __aligned(4096);
static uint64_t pt[IMAGE_PTS][512] __aligned(4096);

static uint64_t nx_bit;
static uint64_t *trampoline_pte;


static bool range_has_ram(const struct boot_range *mem, unsigned int nmem, uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < nmem; i++)
		if (ranges_overlap(base, size, mem[i].base, mem[i].size))
			return true;
	return false;
}

static uint64_t table_entry(const void *table)
{
	return (uint64_t)(uintptr_t)table | PTE_P | PTE_RW;
}

/* Leaf attributes of the 4 KiB page at pa inside the image's 2 MiB regions. */
static uint64_t image_page_attr(uint64_t pa)
{
	uint64_t start = (uintptr_t)__image_start, text_end = (uintptr_t)__text_end;
	uint64_t ro_end = (uintptr_t)__rodata_end, end = (uintptr_t)__image_end;

	if (pa == 0 || pa == (uintptr_t)x86_boot_stack_guard)
		return 0;			/* NULL and stack-overflow traps */
	if (pa >= start && pa < text_end)
		return PTE_P;			/* text: read, execute */
	if (pa >= text_end && pa < ro_end)
		return PTE_P | nx_bit;		/* rodata: read only */
	if (pa >= ro_end && pa < end)
		return PTE_P | PTE_RW | nx_bit;	/* data, bss */
	return PTE_P | PTE_RW | nx_bit;		/* low memory around the image */
}

uint64_t x86_mmu_init(const struct boot_range *mem, unsigned int nmem, bool nx)
{
	uint64_t ram_top = 0, top, pa, end = (uintptr_t)__image_end;
	unsigned int i, j, npt = 0;
	uint32_t r[4];
	bool pg1g;

	nx_bit = nx ? PTE_NX : 0;
	for (i = 0; i < nmem; i++)
		if (mem[i].base + mem[i].size > ram_top)
			ram_top = mem[i].base + mem[i].size;
	cpuid(0x80000001, 0, r);
	pg1g = r[3] & X86_CPUID_EXT_PG1G;

	BUG_ON(align_up(end, SZ_2M) / SZ_2M > IMAGE_PTS);
	pml4[0] = table_entry(pdpt);
	for (i = 0; i < 4; i++) {
		pdpt[i] = table_entry(pd[i]);
		for (j = 0; j < 512; j++) {
			pa = (uint64_t)i * SZ_1G + (uint64_t)j * SZ_2M;
			if (pa < end) {
				/* The image's regions: 4 KiB pages. */
				uint64_t *t = pt[npt++];
				unsigned int k;

				for (k = 0; k < 512; k++)
					t[k] = (pa + k * PAGE_SIZE) | image_page_attr(pa + k * PAGE_SIZE);
				pd[i][j] = table_entry(t);
				continue;
			}
			pd[i][j] = pa | PTE_P | PTE_RW | PTE_PS | nx_bit;
			if (!range_has_ram(mem, nmem, pa, SZ_2M))
				pd[i][j] |= PTE_PCD | PTE_PWT;
		}
	}
	top = SZ_4G;
	if (ram_top > SZ_4G && pg1g) {
		for (i = 4; i < 512 && (uint64_t)i * SZ_1G < ram_top; i++)
			pdpt[i] = (uint64_t)i * SZ_1G | PTE_P | PTE_RW | PTE_PS | nx_bit;
		top = (uint64_t)i * SZ_1G;
	}
	trampoline_pte = &pt[0][X86_TRAMPOLINE_PA / PAGE_SIZE];
	write_cr3((uint64_t)(uintptr_t)pml4);
	return top;
}

void x86_mmu_trampoline_exec(bool exec)
{
	*trampoline_pte = X86_TRAMPOLINE_PA | PTE_P | PTE_RW | (exec ? 0 : nx_bit);
	invlpg(X86_TRAMPOLINE_PA);
}

/* The 4 KiB entry mapping pa (< 4 GiB), splitting its 2 MiB page if needed; NULL if out of memory. */
static uint64_t *pte_for(uint64_t pa)
{
	uint64_t *pde = &pd[pa >> 30][(pa >> 21) & 511];
	uint64_t *t;

	if (*pde & PTE_PS) {
		uint64_t base = *pde & PTE_ADDR & ~(SZ_2M - 1);
		uint64_t attr = *pde & (PTE_P | PTE_RW | PTE_PWT | PTE_PCD | PTE_NX);
		hpa_t tp;
		unsigned int k;

		if (frame_alloc(&hyp_frames, 1, PAGE_SIZE, &tp))
			return NULL;
		t = mm_phys_to_virt(tp);
		for (k = 0; k < 512; k++)
			t[k] = (base + k * PAGE_SIZE) | attr;
		/* Same translations, only smaller: no break-before-make needed (SDM vol. 3A 4.10.2.2). */
		*pde = table_entry(t);
		write_cr3(read_cr3());
	}
	t = mm_phys_to_virt(hpa(*pde & PTE_ADDR));
	return &t[(pa >> 12) & 511];
}

int x86_mmu_set_guard(uint64_t pa, bool guard)
{
	uint64_t *pte;

	if (pa >= SZ_4G || !is_aligned(pa, PAGE_SIZE) || pa < (uintptr_t)__image_end)
		return -1;
	pte = pte_for(pa);
	if (!pte)
		return -1;
	*pte = guard ? 0 : (pa | PTE_P | PTE_RW | nx_bit);
	invlpg(pa);
	return 0;
}

uint64_t x86_mmu_root(void)
{
	return (uint64_t)(uintptr_t)pml4;
}

/* The hypervisor maps physical memory 1:1 (see the top of this file). */
void *mm_phys_to_virt(hpa_t pa)
{
	return (void *)(uintptr_t)pa.v;
}

hpa_t mm_virt_to_phys(const void *va)
{
	return hpa((uint64_t)(uintptr_t)va);
}

/* mm_zero_frames, mm_copy_to_frames, mm_sync_guest_frames: the portable defaults (mm/addr_default.c). */
