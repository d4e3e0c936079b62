/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own EL2 stage-1 translation tables (one table tree,
 * shared by every CPU, loaded into TTBR0_EL2). Hypervisor virtual addresses
 * equal physical addresses (identity map), so mm_phys_to_virt() is the
 * identity. Permissions follow W^X: a page is either writable or executable,
 * never both (SCTLR_EL2.WXN enforces it once more in hardware).
 *
 * Format: VMSAv8-64 stage 1, 4 KiB granule, 48-bit input addresses, four
 * levels (Arm ARM D8.2 "Translation table descriptor formats"); blocks of
 * 1 GiB (level 1) and 2 MiB (level 2) are used where alignment allows.
 *
 * Table pages come from a static pool inside the image, so the tables can be
 * built before the MMU is on and before the frame allocator exists. The
 * first HYP_MMU_IMAGE_TABLES of them are in the loaded image itself (zeros
 * in the file), so the tables built with the MMU off start clean to the
 * point of coherency (booting.rst) and need no zeroing.
 *
 * Locking: mappings are created by the boot CPU only, before the secondary
 * CPUs start; nothing here takes a lock. Existing valid entries are never
 * changed (a request that would change one fails with HYP_MMU_EEXIST), so no
 * break-before-make or TLB invalidation is ever needed: an entry only goes
 * from invalid to valid, followed by a DSB (see hyp_mmu_sync()).
 *
 * This file is pure C (no system registers, no assembly) so the host unit
 * tests compile the real descriptor format.
 */
#ifndef ARCH_ARM64_HYP_MMU_H
#define ARCH_ARM64_HYP_MMU_H

#include "hyp/compiler.h"
#include "mm/addr.h"

/* Errors (negative return values). */
#define HYP_MMU_EINVAL	22	/* unaligned, empty, wrapping, or beyond the address size */
#define HYP_MMU_ENOMEM	12	/* the static table pool is too small */
#define HYP_MMU_EEXIST	17	/* overlaps an existing mapping with other attributes */

/* What a hypervisor mapping may do. Writable is never executable. */
enum hyp_prot {
	HYP_PROT_RX,	/* text: read + execute */
	HYP_PROT_RO,	/* read-only data, execute-never */
	HYP_PROT_RW,	/* data and RAM: read + write, execute-never */
	HYP_PROT_DEV,	/* MMIO: Device-nGnRE, read + write, execute-never */
};

/*
 * MAIR_EL2 attribute indices the descriptors use (Arm ARM, register MAIR_EL2):
 * 0 Device-nGnRnE, 1 Device-nGnRE, 2 Normal write-back read/write-allocate,
 * 3 Normal non-cacheable.
 */
#define HYP_MAIR_VALUE	0x44ff0400ull
#define HYP_ATTR_DEVICE_nGnRE	1
#define HYP_ATTR_NORMAL		2

#define HYP_VA_BITS	48

/*
 * Table pages that are part of the loaded image (.data.hyp_tables): enough
 * for the mappings made with the MMU off on the QEMU virt layout (root,
 * level 1, two level 2, four level 3).
 */
#define HYP_MMU_IMAGE_TABLES	8

/* A range of hypervisor addresses (for cache maintenance of the tables). */
struct hyp_mmu_span {
	uint64_t start;
	uint64_t size;
};

/*
 * Start with an empty tree; pa_bits is the physical address size the CPU
 * implements (ID_AA64MMFR0_EL1.PARange). Boot CPU, MMU off. Returns 0 or
 * -HYP_MMU_EINVAL (pa_bits out of range).
 */
int hyp_mmu_init(unsigned int pa_bits) __must_check;

/* Physical address of the root (level 0) table, for TTBR0_EL2. */
uint64_t hyp_mmu_root(void);

/* Table pages still free in the static pool. */
unsigned int hyp_mmu_pool_free(void);

/*
 * Map [start, end) of the hypervisor's own address space (identity) with
 * prot. Equivalent of KVM's create_hyp_mappings(): there the kernel's virtual
 * range is duplicated into the hyp address space; here hypervisor virtual is
 * physical, so the range is mapped onto itself. start/end page aligned.
 * Either maps the whole range or changes nothing: returns 0, -HYP_MMU_EINVAL,
 * -HYP_MMU_ENOMEM or -HYP_MMU_EEXIST (an identical existing mapping is not
 * an error). Boot CPU, before the secondaries start.
 */
int hyp_map_range(uint64_t start, uint64_t end, enum hyp_prot prot) __must_check;

/*
 * Map device registers at pa (size bytes, rounded out to pages) as
 * Device-nGnRE, execute-never, and return the hypervisor address in *va.
 * Equivalent of KVM's create_hyp_io_mappings() (which also returns a kernel
 * address: we have only one). Same errors and context as hyp_map_range().
 */
int hyp_map_io(hpa_t pa, uint64_t size, void **va) __must_check;

/*
 * Map size bytes at pa (rounded out to pages) read-only and executable, and
 * return the hypervisor address in *va. Equivalent of KVM's
 * create_hyp_exec_mappings() (used there for the vector slots). Same errors
 * and context as hyp_map_range().
 */
int hyp_map_exec(hpa_t pa, uint64_t size, void **va) __must_check;

/*
 * Remove every mapping and give every table page back to the pool; the tree
 * is empty afterwards (hyp_mmu_init() state). Equivalent of KVM's
 * free_hyp_pgds(). Only while no CPU uses the tables (MMU off, e.g. on a
 * failed boot); the caller guarantees it.
 */
void hyp_unmap_all(void);

/*
 * Look up the translation of va: returns true and the physical address and
 * protection if mapped. For diagnostics and tests.
 */
bool hyp_mmu_lookup(uint64_t va, uint64_t *pa, enum hyp_prot *prot);

/*
 * The part of table page i (0, 1, ... in the order handed out since
 * hyp_mmu_init(), freed ones included) written since it was handed out,
 * in *span (size 0: nothing); false once i is past the pages handed out.
 * For the cache maintenance after building tables with the MMU off
 * (mmu.c). Boot CPU.
 */
bool hyp_mmu_table_span(unsigned int i, struct hyp_mmu_span *span);

/*
 * Make new entries visible to the table walker (DSB ISHST; ISB). Provided by
 * arch/arm64/mmu.c (a no-op in host tests).
 */
void hyp_mmu_sync(void);

/*
 * Zero a 4 KiB table page before it is handed out (one that may hold old
 * contents). Provided by arch/arm64/mmu.c, which picks what is correct in
 * the current MMU state (memset in host tests).
 */
void hyp_mmu_zero_table(void *table);

#endif
