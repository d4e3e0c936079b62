/* SPDX-License-Identifier: MIT */
/*
 * arm64 boot-time MMU set-up (mmu.c): what arm64_mmu_early() found with the
 * MMU off, and the later RAM / MMIO mappings.
 */
#ifndef ARCH_ARM64_MMU_H
#define ARCH_ARM64_MMU_H

#include "hyp/compiler.h"
#include "boot/bootinfo.h"

/* Why the DTB pointer could not be mapped (reported once the MMU is on). */
enum arm64_dtb_err {
	ARM64_DTB_OK = 0,
	ARM64_DTB_NULL,		/* x0 = 0: the loader passed no DTB */
	ARM64_DTB_MISALIGNED,	/* not 8-byte aligned (booting.rst requires it) */
	ARM64_DTB_OUT_OF_RANGE,	/* beyond the physical address size */
	ARM64_DTB_IN_IMAGE,	/* overlaps the hypervisor image */
	ARM64_DTB_TOO_BIG,	/* header totalsize above the 2 MiB limit */
	ARM64_DTB_UNMAPPABLE,	/* its window conflicts with another mapping */
};

struct arm64_mmu_early {
	unsigned int pa_bits;	/* implemented physical address size (<= 48) */
	int map_err;		/* mapping the image / early UART failed */
	uint64_t dtb;		/* x0 at entry */
	enum arm64_dtb_err dtb_err;
	uint64_t dtb_size;	/* header totalsize, for ARM64_DTB_TOO_BIG */
	uint64_t win_base, win_end;	/* read-only window mapped over the DTB */
};

/* Immutable after arm64_mmu_early(). */
extern struct arm64_mmu_early arm64_mmu_early_state;

/*
 * Build the boot mappings and fill arm64_mmu_regs, then invalidate every
 * cache line of what it wrote; boot CPU, MMU off, no locks, .bss not yet
 * cleared (called by head.S). Returns 0, or the mapping error (also in
 * arm64_mmu_early_state.map_err), in which case the MMU must stay off.
 */
int arm64_mmu_early(uint64_t dtb);

/* Clear .bss (but the stacks and .bss.noinit) with DC ZVA; head.S, boot CPU, MMU just on. */
void arm64_bss_clear(void);

/* Map every RAM range of bi RW+XN (fatal() on failure). Boot CPU, MMU on. */
void arm64_mmu_map_ram(const struct boot_info *bi);

/* Map MMIO as Device-nGnRE XN (fatal() on failure); returns its address. */
void *arm64_mmu_map_io(uint64_t pa, uint64_t size, const char *what);

/* Text for a negative HYP_MMU_* error. */
const char *arm64_mmu_strerror(int err);

/* Build-time early UART base (console.c). */
uint64_t arm64_early_uart_base(void);

#endif
