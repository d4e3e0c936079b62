// SPDX-License-Identifier: MIT
/*
 * The generic part of boot, the same on every architecture: banner, memory
 * map, the boot manifest, frame allocator, secondary CPUs, then the
 * partitions (hyp/part_boot.c) or, without a manifest, a clean stop. The
 * architecture's entry code calls boot_main() on the boot CPU once its
 * console works and struct boot_info is filled.
 */
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "hyp/manifest.h"
#include "hyp/part_boot.h"
#include "hyp/version.h"
#include "mm/frame.h"

struct frame_pool hyp_frames;

_Static_assert(BOOT_MAX_RSV + MF_MAX_PARTITIONS * MF_MAX_MEM + MF_MAX_CHANNELS <= FRAME_MAX_RSV,
	       "the frame allocator must hold every boot and manifest reservation");

static struct boot_rsv frame_rsv[FRAME_MAX_RSV];

/*
 * What the frame allocator must never hand out: the boot reservations plus
 * every host range the manifest gives a partition or a channel for good
 * (host-base), so no such range can become another partition's RAM or a page
 * table. The manifest validator has already checked these lie in RAM and
 * clear of the hypervisor's own memory.
 */
static unsigned int collect_reserved(const struct boot_info *bi, bool have_manifest)
{
	const struct manifest *m = &boot_manifest;
	unsigned int n = 0, i, j;

	for (i = 0; i < bi->nrsv; i++)
		frame_rsv[n++] = bi->rsv[i];
	if (!have_manifest)
		return n;
	for (i = 0; i < m->nparts; i++)
		for (j = 0; j < m->part[i].nmem; j++)
			if (m->part[i].mem[j].fixed_hpa)
				frame_rsv[n++] = (struct boot_rsv){ m->part[i].mem[j].hpa,
								    m->part[i].mem[j].size,
								    m->part[i].name };
	for (i = 0; i < m->nchannels; i++)
		if (m->chan[i].fixed_hpa)
			frame_rsv[n++] = (struct boot_rsv){ m->chan[i].hpa, m->chan[i].size,
							    m->chan[i].name };
	for (i = bi->nrsv; i < n; i++)
		log_printf("  reserved 0x%016llx-0x%016llx for \"%s\" (host-base)\n",
			   (unsigned long long)frame_rsv[i].base,
			   (unsigned long long)(frame_rsv[i].base + frame_rsv[i].size - 1), frame_rsv[i].what);
	return n;
}

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
	bool have_manifest;

	log_printf("\nBulkhead %s (%s) booting in %s\n", BULKHEAD_VERSION, arch_name, bi->mode);
	if (bi->cmdline && bi->cmdline[0])
		log_printf("command line: %s\n", bi->cmdline);
	print_memory_map(bi);
	if (bi->bundle.size)
		log_printf("boot bundle: 0x%llx, %llu bytes\n", (unsigned long long)bi->bundle.base,
			   (unsigned long long)bi->bundle.size);
	else
		log_printf("boot bundle: none\n");
	have_manifest = mf_boot(bi);	/* stops the machine if the manifest has errors */

	if (frame_pool_init(&hyp_frames, bi->mem, bi->nmem, frame_rsv, collect_reserved(bi, have_manifest)))
		fatal("no usable memory for the frame allocator");
	log_printf("frames: %llu free (%llu MiB)\n", (unsigned long long)frame_pool_free(&hyp_frames),
		   (unsigned long long)(frame_pool_free(&hyp_frames) >> (20 - PAGE_SHIFT)));

	bi->cpus_online = arch_smp_start(bi);
	log_printf("CPUs online: %u of %u (%s)\n", bi->cpus_online, bi->cpus_present, bi->mode);
	if (bi->cpus_online != bi->cpus_present)
		log_printf("warning: %u CPU(s) did not start\n", bi->cpus_present - bi->cpus_online);

	if (have_manifest)
		part_boot_run(bi, &hyp_frames, &boot_manifest);	/* never returns */
	log_printf("bulkhead: no partitions to run yet; stopping\n");
	arch_stop(0);
}
