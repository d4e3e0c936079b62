// SPDX-License-Identifier: MIT
/*
 * The generic part of boot, the same on every architecture: banner, memory
 * map, frame allocator, secondary CPUs. The architecture's entry code calls
 * boot_main() on the boot CPU once its console works and struct boot_info is
 * filled.
 */
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "hyp/manifest.h"
#include "hyp/version.h"
#include "mm/frame.h"

struct frame_pool hyp_frames;

static void print_memory_map(const struct boot_info *bi)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < bi->nmem; i++) {
		log_printf("  ram      0x%016llx-0x%016llx (%llu MiB)\n",
			   (unsigned long long)bi->mem[i].base,
			   (unsigned long long)(bi->mem[i].base + bi->mem[i].size - 1),
			   (unsigned long long)(bi->mem[i].size >> 20));
		total += bi->mem[i].size;
	}
	for (i = 0; i < bi->nrsv; i++)
		log_printf("  reserved 0x%016llx-0x%016llx %s\n",
			   (unsigned long long)bi->rsv[i].base,
			   (unsigned long long)(bi->rsv[i].base + bi->rsv[i].size - 1),
			   bi->rsv[i].what);
	log_printf("memory: %llu MiB in %u range(s)\n", (unsigned long long)(total >> 20), bi->nmem);
}

void boot_main(struct boot_info *bi)
{
	log_printf("\nBulkhead %s (%s) booting in %s\n", BULKHEAD_VERSION, arch_name, bi->mode);
	if (bi->cmdline && bi->cmdline[0])
		log_printf("command line: %s\n", bi->cmdline);
	print_memory_map(bi);
	if (bi->bundle.size)
		log_printf("boot bundle: 0x%llx, %llu bytes\n", (unsigned long long)bi->bundle.base,
			   (unsigned long long)bi->bundle.size);
	else
		log_printf("boot bundle: none\n");
	mf_boot(bi);	/* stops the machine if the manifest has errors */

	if (frame_pool_init(&hyp_frames, bi->mem, bi->nmem, bi->rsv, bi->nrsv))
		fatal("no usable memory for the frame allocator");
	log_printf("frames: %llu free (%llu MiB)\n", (unsigned long long)frame_pool_free(&hyp_frames),
		   (unsigned long long)(frame_pool_free(&hyp_frames) >> (20 - PAGE_SHIFT)));

	bi->cpus_online = arch_smp_start(bi);
	log_printf("CPUs online: %u of %u (%s)\n", bi->cpus_online, bi->cpus_present, bi->mode);
	if (bi->cpus_online != bi->cpus_present)
		log_printf("warning: %u CPU(s) did not start\n", bi->cpus_present - bi->cpus_online);

	log_printf("bulkhead: no partitions to run yet; stopping\n");
	arch_stop(0);
}
