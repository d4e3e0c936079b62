// SPDX-License-Identifier: MIT
/*
 * Turning the EL2 MMU on: which ranges the hypervisor maps at boot and with
 * what permissions (W^X), the translation control registers every CPU
 * loads, and the identity mm_phys_to_virt()/mm_virt_to_phys() hooks.
 *
 * Boot order (head.S): arm64_mmu_early() with the MMU off maps the image
 * (text RX, rodata RO, data/bss RW+XN but the CPU stack slots), the boot
 * CPU's stacks (a guard page below each), the early UART (Device) and a
 * read-only window over the DTB; head.S then turns the MMU on and clears
 * .bss (arm64_bss_clear). Once the DTB is parsed, arm64_mmu_map_ram() (from
 * arm64_boot_c) maps the stacks of the other CPUs it describes (those of
 * absent CPUs stay unmapped), every RAM range RW+XN (except the image and
 * the DTB window, which keep their stricter permissions) and the
 * platform's MMIO as Device-nGnRE XN.
 *
 * Caches and the MMU-off phase (Arm ARM DDI 0487, "The effects of
 * disabling an address translation stage" in the VMSAv8-64 chapter, and
 * D7.5.9 "Data and unified caches"): with the MMU off every data access of
 * EL2 is Device-nGnRnE, so it neither looks up nor allocates cache lines,
 * but lines another owner left behind stay valid: a dirty one may later be
 * written back over what we wrote, a clean one shadows it once the MMU is
 * on. So, as in Linux's head.S, everything written with the MMU off is
 * either in the loaded image, which booting.rst has the loader clean to the
 * point of coherency so none of it is dirty (.data.early, the in-image
 * table pages, head.S's early stack), or dropped from the caches before it
 * is first written (the boot CPU's crash stack and per-CPU block by head.S,
 * .bss.noinit table pages by hyp_mmu_zero_table()); and all of it that is
 * read with the MMU on (the tables, .data.early) is invalidated afterwards,
 * at the end of arm64_mmu_early(). .bss is cleared only with the MMU on, by
 * DC ZVA on cacheable memory, so it needs no maintenance at all.
 */
#include <string.h>
#include "mm/addr.h"
#include "hyp/log.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/hyp_mmu.h"
#include "arch/arm64/mmu.h"

/* Largest DTB we accept (as Linux's MAX_FDT_SIZE). */
#define DTB_MAX_SIZE	(2ull << 20)

/* head.S invalidates this much of arm64_percpu[0] before its MMU-off set-up (PCPU_EARLY_INVAL). */
_Static_assert(sizeof(struct arm64_percpu) <= 128, "head.S PCPU_EARLY_INVAL");

/* Written with the MMU off: in the image, not .bss (cleared after it). */
struct arm64_mmu_regs arm64_mmu_regs __section(".data.early");
struct arm64_mmu_early arm64_mmu_early_state __section(".data.early");

/* linker/arm64.ld: the in-image .data.early section, the part of .bss head.S has cleared. */
extern char _early_data_start[], _early_data_end[], _bss_zero_start[];

void *mm_phys_to_virt(hpa_t pa)
{
	return (void *)(uintptr_t)pa.v;
}

hpa_t mm_virt_to_phys(const void *va)
{
	return hpa((uint64_t)(uintptr_t)va);
}

/*
 * DC ZVA zeroes one block of 4 << DCZID_EL0.BS bytes (64 on the Cortex-A57
 * and QEMU) per instruction; DCZID_EL0.DZP set means it is prohibited (Arm
 * ARM, register DCZID_EL0; DC ZVA in C5.3). It needs a Normal mapping, which
 * RAM has once arm64_mmu_map_ram() ran, before the frame allocator exists;
 * at EL2 no control bit traps it. Two instructions per block is the floor
 * (DC ZVA takes no offset): one page per loop iteration for 64-byte blocks,
 * sixteen blocks for blocks up to 256 bytes (a page is still a whole number
 * of iterations), eight for 512; larger blocks (up to the architectural
 * 2 KiB) go one at a time. The stores are ordered like ordinary ones, so no
 * barrier is needed for this CPU; whoever hands the frames to another
 * observer already orders it (a lock or a barrier).
 */
#define ZVA1	"dc zva, %0\n\tadd %0, %0, %2\n\t"
#define ZVA4	ZVA1 ZVA1 ZVA1 ZVA1
#define ZVA16	ZVA4 ZVA4 ZVA4 ZVA4
void mm_zero_frames(hpa_t pa, uint64_t nframes)
{
	uint8_t *p = mm_phys_to_virt(pa);
	uint8_t *end = p + (nframes << PAGE_SHIFT);
	uint64_t dczid = read_sysreg(dczid_el0);
	uint64_t bs = 4ull << (dczid & 0xf);

	if (!nframes)
		return;
	if ((dczid & 0x10) || bs > 2048) {
		memset(p, 0, (size_t)(nframes << PAGE_SHIFT));
		return;
	}
	if (bs == 64) {
		__asm__ volatile("1:\n\t" ZVA16 ZVA16 ZVA16 ZVA16 "cmp %0, %1\n\tb.lo 1b"
				 : "+r"(p) : "r"(end), "r"(bs) : "cc", "memory");
		return;
	}
	if (bs <= 256) {
		__asm__ volatile("1:\n\t" ZVA16 "cmp %0, %1\n\tb.lo 1b"
				 : "+r"(p) : "r"(end), "r"(bs) : "cc", "memory");
		return;
	}
	if (bs <= 512) {
		__asm__ volatile("1:\n\t" ZVA4 ZVA4 "cmp %0, %1\n\tb.lo 1b"
				 : "+r"(p) : "r"(end), "r"(bs) : "cc", "memory");
		return;
	}
	for (; p < end; p += bs)
		__asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
}
#undef ZVA16
#undef ZVA4
#undef ZVA1

void hyp_mmu_sync(void)
{
	dsb_ishst();
	isb();
}

/*
 * A table page that may hold old contents (the .bss.noinit part of the
 * pool, or a page used before). With the MMU on: DC ZVA, like any frame.
 * With it off, the page is not in the loaded image, so a line a previous
 * owner left dirty could be written back over the zeros at any time: drop
 * its lines first, then zero it with plain stores (DC ZVA faults on Device
 * memory), as Linux's __create_page_tables does for init_pg_dir. The lines
 * are invalidated once more with the rest of the tables at the end of
 * arm64_mmu_early().
 */
void hyp_mmu_zero_table(void *table)
{
	uint64_t *t = table;

	if (read_sysreg(sctlr_el2) & SCTLR_EL2_M) {
		mm_zero_frames(mm_virt_to_phys(table), 1);
		return;
	}
	arm64_dcache_inval_poc(table, PAGE_SIZE);
	for (unsigned int i = 0; i < PAGE_SIZE / sizeof(*t); i += 8) {
		t[i] = 0;
		t[i + 1] = 0;
		t[i + 2] = 0;
		t[i + 3] = 0;
		t[i + 4] = 0;
		t[i + 5] = 0;
		t[i + 6] = 0;
		t[i + 7] = 0;
	}
}

/*
 * From head.S with the MMU and caches just turned on: clear .bss but the
 * stacks and .bss.noinit. DC ZVA on Normal write-back memory zeroes whole
 * cache lines in the cache, so no line (dirty or stale) of an earlier owner
 * can survive or be written back over it; nothing was written there with
 * the MMU off that is still needed (the boot CPU's per-CPU block is set up
 * again afterwards). The bounds are page aligned (linker).
 */
void arm64_bss_clear(void)
{
	uint64_t s = (uint64_t)(uintptr_t)_bss_zero_start, e = (uint64_t)(uintptr_t)_bss_end;

	mm_zero_frames(hpa(s), (e - s) >> PAGE_SHIFT);
}

/* ID_AA64MMFR0_EL1.PARange -> bits (Arm ARM, register ID_AA64MMFR0_EL1), capped at our 48-bit VA. */
static unsigned int pa_range_bits(unsigned int *field)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned int r = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (r > 5)
		r = 5;
	*field = r;
	return bits[r];
}

static inline uint32_t be32_at(uint64_t pa)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)pa;

	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* CPU i's boot and crash stacks, without the guard page below each. */
static int map_stack_slot(unsigned int i)
{
	uint64_t slot = (uint64_t)(uintptr_t)arm64_cpu_stacks[i];
	int err = hyp_map_range(slot + STACK_GUARD_SIZE, slot + STACK_TOP_OFF, HYP_PROT_RW);

	if (!err)
		err = hyp_map_range(slot + STACK_TOP_OFF + STACK_GUARD_SIZE, slot + CRASH_TOP_OFF, HYP_PROT_RW);
	return err;
}

/*
 * MMU off, boot CPU, no console lock yet, .bss not cleared: build the boot
 * mappings. Errors are recorded in arm64_mmu_early_state and reported by
 * arm64_boot_c; a mapping error is also returned (head.S keeps the MMU off).
 */
int arm64_mmu_early(uint64_t dtb)
{
	struct arm64_mmu_early *st = &arm64_mmu_early_state;
	uint64_t img_s = (uint64_t)(uintptr_t)_image_start, img_e = (uint64_t)(uintptr_t)_image_end;
	struct hyp_mmu_span span;
	unsigned int ps;
	void *va;
	int err;

	*st = (struct arm64_mmu_early){ 0 };
	st->pa_bits = pa_range_bits(&ps);
	err = hyp_mmu_init(st->pa_bits);
	if (!err)
		err = hyp_map_range(img_s, (uint64_t)(uintptr_t)_text_end, HYP_PROT_RX);
	if (!err)
		err = hyp_map_range((uint64_t)(uintptr_t)_rodata_start,
				    (uint64_t)(uintptr_t)_rodata_end, HYP_PROT_RO);
	/* Data and bss RW, except the guard page below each stack. */
	if (!err)
		err = hyp_map_range((uint64_t)(uintptr_t)_data_start, (uint64_t)(uintptr_t)_stacks_start,
				    HYP_PROT_RW);
	/* The boot CPU's stacks; the others' once the DTB says which CPUs exist (arm64_mmu_map_ram). */
	if (!err)
		err = map_stack_slot(0);
	if (!err && (uint64_t)(uintptr_t)_stacks_end < img_e)
		err = hyp_map_range((uint64_t)(uintptr_t)_stacks_end, img_e, HYP_PROT_RW);
	if (!err && arm64_early_uart_base())
		err = hyp_map_io(hpa(arm64_early_uart_base()), 0x1000, &va);
	st->map_err = err;

	/* The DTB: checked only as far as needed to map it; parsed later. */
	st->dtb = dtb;
	if (!dtb) {
		st->dtb_err = ARM64_DTB_NULL;
	} else if (!is_aligned(dtb, 8)) {
		st->dtb_err = ARM64_DTB_MISALIGNED;
	} else if (dtb >= (1ull << st->pa_bits) - DTB_MAX_SIZE) {
		st->dtb_err = ARM64_DTB_OUT_OF_RANGE;
	} else if (ranges_overlap(dtb, 64, img_s, img_e - img_s)) {
		st->dtb_err = ARM64_DTB_IN_IMAGE;
	} else {
		/* Header fields read one byte at a time: device memory, MMU off. */
		uint64_t size = 64;	/* enough for fdt_open() to report a bad header */

		if (be32_at(dtb) == 0xd00dfeedu) {
			size = be32_at(dtb + 4);
			if (size > DTB_MAX_SIZE) {
				st->dtb_err = ARM64_DTB_TOO_BIG;
				st->dtb_size = size;
				size = 64;
			} else if (size < 64) {
				size = 64;
			}
		}
		st->win_base = align_down(dtb, PAGE_SIZE);
		st->win_end = align_up(dtb + size, PAGE_SIZE);
		if (ranges_overlap(st->win_base, st->win_end - st->win_base, img_s, img_e - img_s)) {
			st->dtb_err = ARM64_DTB_IN_IMAGE;
			st->win_base = st->win_end = 0;
		} else if (hyp_map_range(st->win_base, st->win_end, HYP_PROT_RO)) {
			st->dtb_err = ARM64_DTB_UNMAPPABLE;
			st->win_base = st->win_end = 0;
		}
	}

	/*
	 * TCR_EL2 with E2H = 0 (Arm ARM, register TCR_EL2): RES1 bits 31 and 23, T0SZ = 16
	 * (48-bit VA), table walks inner/outer write-back write-allocate and
	 * inner shareable, 4 KiB granule, PS = the implemented PA size.
	 */
	arm64_mmu_regs.mair = HYP_MAIR_VALUE;
	arm64_mmu_regs.tcr = (1ull << 31) | (1ull << 23) | ((uint64_t)ps << 16) |
			     (3ull << 12) | (1ull << 10) | (1ull << 8) | (64 - HYP_VA_BITS);
	arm64_mmu_regs.ttbr0 = hyp_mmu_root();
	arm64_mmu_regs.sctlr = SCTLR_EL2_ON;

	/*
	 * Everything above was written with the MMU off, straight to memory:
	 * drop any line that still holds what the loader left (clean, per the
	 * boot protocol, or dropped before the first write), so that the table
	 * walker and the cached view see these writes. The DMB orders the
	 * Device stores before the maintenance (as Linux's head.S does).
	 * Nothing else written so far is read with the MMU on: the stack
	 * frames of this call are gone when head.S turns the MMU on, and .bss
	 * is cleared after it.
	 */
	__asm__ volatile("dmb sy" : : : "memory");
	for (unsigned int i = 0; hyp_mmu_table_span(i, &span); i++)
		if (span.size)
			arm64_dcache_inval_poc((const void *)(uintptr_t)span.start, span.size);
	arm64_dcache_inval_poc(_early_data_start, (uint64_t)(uintptr_t)(_early_data_end - _early_data_start));
	return st->map_err;
}

const char *arm64_mmu_strerror(int err)
{
	switch (-err) {
	case HYP_MMU_EINVAL: return "invalid range";
	case HYP_MMU_ENOMEM: return "table pool exhausted";
	case HYP_MMU_EEXIST: return "overlaps a mapping with other permissions";
	default: return "unknown error";
	}
}

static void map_ram_or_die(uint64_t base, uint64_t end)
{
	int err = hyp_map_range(base, end, HYP_PROT_RW);

	if (err)
		fatal("EL2 page tables: cannot map RAM 0x%llx-0x%llx: %s",
		      (unsigned long long)base, (unsigned long long)end - 1, arm64_mmu_strerror(err));
}

void arm64_mmu_map_ram(const struct boot_info *bi)
{
	const struct arm64_mmu_early *st = &arm64_mmu_early_state;
	uint64_t holes[2][2] = {
		{ (uint64_t)(uintptr_t)_image_start, (uint64_t)(uintptr_t)_image_end },
		{ st->win_base, st->win_end },
	};
	uint64_t limit = 1ull << st->pa_bits;
	unsigned int i;

	/* Stacks of the other CPUs the DTB describes (slots of absent CPUs stay unmapped). */
	for (i = 1; i < bi->cpus_present && i < BOOT_MAX_CPUS; i++) {
		int err = map_stack_slot(i);

		if (err)
			fatal("EL2 page tables: cannot map the stacks of cpu %u: %s", i, arm64_mmu_strerror(err));
	}
	if (holes[1][0] < holes[0][0]) {
		uint64_t t0 = holes[0][0], t1 = holes[0][1];

		holes[0][0] = holes[1][0];
		holes[0][1] = holes[1][1];
		holes[1][0] = t0;
		holes[1][1] = t1;
	}
	for (i = 0; i < bi->nmem; i++) {
		uint64_t base = align_up(bi->mem[i].base, PAGE_SIZE);
		uint64_t end = align_down(bi->mem[i].base + bi->mem[i].size, PAGE_SIZE);

		if (bi->mem[i].base + bi->mem[i].size > limit)
			fatal("DTB: RAM range 0x%llx-0x%llx is beyond the CPU's %u-bit physical address space",
			      (unsigned long long)bi->mem[i].base,
			      (unsigned long long)(bi->mem[i].base + bi->mem[i].size - 1), st->pa_bits);
		/* Holes are sorted and disjoint: map the gaps between them. */
		for (unsigned int h = 0; h < 2 && base < end; h++) {
			if (holes[h][1] <= base || holes[h][0] >= end)
				continue;
			if (holes[h][0] > base)
				map_ram_or_die(base, holes[h][0]);
			base = holes[h][1];
		}
		if (base < end)
			map_ram_or_die(base, end);
	}
	/*
	 * Touch the first and last page of every range through the new
	 * mappings: a mistake shows up here as a crash dump naming the
	 * address, not later in some allocation.
	 */
	for (i = 0; i < bi->nmem; i++) {
		uint64_t base = align_up(bi->mem[i].base, PAGE_SIZE);
		uint64_t end = align_down(bi->mem[i].base + bi->mem[i].size, PAGE_SIZE);

		if (base < end) {
			(void)*(volatile uint64_t *)mm_phys_to_virt(hpa(base));
			(void)*(volatile uint64_t *)mm_phys_to_virt(hpa(end - 8));
		}
	}
}

void *arm64_mmu_map_io(uint64_t pa, uint64_t size, const char *what)
{
	void *va;
	int err = hyp_map_io(hpa(pa), size, &va);

	if (err)
		fatal("EL2 page tables: cannot map %s at 0x%llx (%llu bytes): %s", what,
		      (unsigned long long)pa, (unsigned long long)size, arm64_mmu_strerror(err));
	return va;
}
