// SPDX-License-Identifier: MIT
/*
 * The guest-physical windows each architecture's hypervisor emulates in
 * every partition without the manifest naming them, as data keyed by
 * architecture name. Compiled into every hypervisor image (which finds its
 * own entry by arch_name, hyp/manifest_boot.c) and into bulkhead-check
 * (which validates bundles of any architecture: --arch or the platform
 * description's "arch"), so the boot-time and offline checks cannot differ.
 * The validator (hyp/manifest.c) refuses any memory region, device, console
 * page or channel window of a partition that overlaps one of them
 * (MF_ERR_EMULATED), so the emulation always finds its range free.
 *
 * Owns only the table. The emulations that place these windows are
 * arch/arm64/vcpu.c (arch_part_init: the virtual GICv3 of arch/arm64/vgic.h
 * and the virtual PL011 of hyp/vpl011.h); tests/unit/hyp/manifest checks
 * the values below against those headers. x86_64 and s390x emulate nothing
 * in guest-physical space yet (no arch_part_init), so their lists are empty.
 * Each entry also gives the interrupt numbers a partition may be given
 * (console irq, doorbell-irq, device irqs), those its emulated interrupt
 * controller delivers; the validator refuses others (MF_ERR_VALUE). The
 * same test checks arm64's against arch/arm64/vgic.h; x86_64 and s390x
 * have none yet (irq_end 0).
 */
#include <string.h>
#include "hyp/manifest.h"

/*
 * QEMU virt's layout, which arm64 guests expect: the GICv3 distributor
 * (64 KiB, IHI 0069H 12.9) and one RD_base + SGI_base frame pair (2 x
 * 64 KiB, 12.10) per vCPU from the redistributor base; the virtual PL011's
 * 4 KiB register page (PL011 TRM 3.2) where QEMU has its UART, used when
 * the manifest's console gives no base.
 */
static const struct mf_window arm64_windows[] = {
	{ "the virtual GIC distributor", 0x08000000, 0x10000, 0, MF_WIN_ALWAYS },
	{ "the virtual GIC redistributors", 0x080a0000, 0, 0x20000, MF_WIN_ALWAYS },
	{ "the console's default page", 0x09000000, 0x1000, 0, MF_WIN_CONSOLE_DEFAULT },
};

/*
 * Interrupts: arm64's virtual GICv3 implements INTIDs 0-63 (GICD_TYPER
 * ITLinesNumber = 1, arch/arm64/vgic.h VGIC_NR_IRQ), and a partition owns
 * only SPIs (32-63, IHI 0069H 2.2, Table 2-1): SGIs and PPIs are the
 * vGIC's own. x86_64 and s390x deliver no interrupt to partitions yet: no
 * range, so only the platform's irq-limit applies there.
 */
static const struct mf_arch_layout layouts[] = {
	{ "arm64", "arm64", ARRAY_SIZE(arm64_windows), arm64_windows, 32, 64, "the SPIs of the virtual GIC" },
	{ "x86_64", "x86", 0, NULL, 0, 0, NULL },
	{ "s390x", "s390", 0, NULL, 0, 0, NULL },
};

const struct mf_arch_layout *mf_arch_layout_find(const char *name)
{
	unsigned int i;

	for (i = 0; name && i < ARRAY_SIZE(layouts); i++)
		if (strcmp(name, layouts[i].arch) == 0 || strcmp(name, layouts[i].alias) == 0)
			return &layouts[i];
	return NULL;
}

uint64_t mf_window_size(const struct mf_window *w, unsigned int nvcpus)
{
	return w->size + w->per_vcpu * nvcpus;
}
