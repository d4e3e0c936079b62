/* SPDX-License-Identifier: MIT */
/*
 * What the architecture's boot code found, handed to the generic boot_main():
 * the same structure on arm64 (DTB), x86_64 (Multiboot, ACPI) and s390x
 * (SCLP, IPL). Filled once by the boot CPU; read-only after boot_main().
 */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include "hyp/compiler.h"

#define BOOT_MAX_MEM	32	/* RAM ranges */
#define BOOT_MAX_RSV	16	/* ranges the frame allocator must never hand out */
#define BOOT_MAX_CPUS	64
#define BOOT_MAX_HYP_DEV	8	/* device ranges the hypervisor keeps */
#define BOOT_MAX_HYP_IRQ	16	/* interrupts the hypervisor keeps */

struct boot_range {
	uint64_t base;
	uint64_t size;
};

struct boot_rsv {
	uint64_t base;
	uint64_t size;
	const char *what;	/* "image", "dtb", "bundle", "mbinfo", ... */
};

struct boot_info {
	const char *mode;		/* privilege the hypervisor runs in: "EL2", "long mode", ... */
	unsigned int cpus_present;	/* CPUs the platform describes (<= BOOT_MAX_CPUS) */
	unsigned int cpus_online;	/* filled by boot_main() from arch_smp_start() */

	unsigned int nmem;
	struct boot_range mem[BOOT_MAX_MEM];	/* usable RAM, sorted, not overlapping */

	unsigned int nrsv;
	struct boot_rsv rsv[BOOT_MAX_RSV];	/* image, boot information, bundle, ... */

	struct boot_range bundle;	/* the boot bundle (manifest + images); size 0 = none */
	const char *cmdline;		/* boot arguments, "" if none */

	/*
	 * Devices and interrupts the hypervisor keeps for itself (its UART,
	 * interrupt controller, timers): the manifest may never assign them
	 * (hyp/manifest.h). Filled by the architecture's boot code; 0 = none known.
	 */
	unsigned int nhyp_dev;
	struct boot_range hyp_dev[BOOT_MAX_HYP_DEV];
	unsigned int nhyp_irq;
	uint32_t hyp_irq[BOOT_MAX_HYP_IRQ];
	/*
	 * Whether host range [base, base + size) touches a device that can
	 * master DMA (1, its range in *found) or not (0), read from the
	 * firmware's description on demand (only the manifest's passthrough
	 * devices are asked). NULL: the architecture cannot tell.
	 */
	int (*dma_master)(uint64_t base, uint64_t size, struct boot_range *found);

	/*
	 * Limits the manifest is checked against (0 = not known: the manifest
	 * checker's defaults, 48-bit IPA, VMIDs up to 255, 1024 interrupts).
	 */
	unsigned int ipa_bits_max;	/* largest guest-physical address size */
	unsigned int vmid_max;		/* largest VMID / ASID a partition may pin */
	unsigned int irq_limit;		/* interrupt numbers are below this */
};

/* Record a reserved range; returns 0, or -1 when the table is full. */
int boot_add_rsv(struct boot_info *bi, uint64_t base, uint64_t size, const char *what) __must_check;

/*
 * Record a device range / an interrupt the hypervisor keeps for itself (the
 * manifest may never assign them). Returns 0, or -1 when the table is full or
 * the range is empty or wraps.
 */
int boot_add_hyp_dev(struct boot_info *bi, uint64_t base, uint64_t size) __must_check;
int boot_add_hyp_irq(struct boot_info *bi, uint32_t irq) __must_check;

/*
 * Record a RAM range, keeping mem[] sorted. Returns 0, or -1 when the table
 * is full, the range wraps, or it overlaps a range already recorded (the
 * caller reports a bad memory map).
 */
int boot_add_mem(struct boot_info *bi, uint64_t base, uint64_t size) __must_check;

/*
 * The generic part of boot, called by the architecture's entry code on the
 * boot CPU once the console works and bi is filled: prints the banner and the
 * memory map, sets up the frame allocator, starts the other CPUs, and runs
 * the boot manifest's partitions (part_boot_run, hyp/part_boot.h) or, with
 * no manifest, stops the machine cleanly. Never returns.
 */
__noreturn void boot_main(struct boot_info *bi);

#endif
