// SPDX-License-Identifier: MIT
/*
 * Reading the manifest at boot: turns struct boot_info into the platform the
 * manifest is checked against, reads the boot bundle the architecture found,
 * and either prints the accepted partitions or prints every error and stops
 * the machine before anything starts. Owns boot_manifest.
 */
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "hyp/manifest.h"
#include "mm/addr.h"

struct manifest boot_manifest;
static struct mf_errors boot_errors;
static struct mf_platform boot_platform;

static int (*boot_dma_master)(uint64_t base, uint64_t size, struct boot_range *found);

/* mf_platform.dma_master over boot_info.dma_master. */
static int dma_master(uint64_t base, uint64_t size, struct mf_range *found)
{
	struct boot_range r = { 0, 0 };
	int hit = boot_dma_master(base, size, &r);

	*found = (struct mf_range){ r.base, r.size };
	return hit;
}

void mf_platform_from_boot(struct mf_platform *p, const struct boot_info *bi)
{
	unsigned int i;

	mf_platform_default(p);
	p->granule = PAGE_SIZE;
	p->cpus = bi->cpus_present;
	p->nram = 0;
	for (i = 0; i < bi->nmem && i < BOOT_MAX_MEM && p->nram < MF_PLAT_MAX_RAM; i++)
		p->ram[p->nram++] = (struct mf_range){ bi->mem[i].base, bi->mem[i].size };
	for (i = 0; i < bi->nrsv && i < BOOT_MAX_RSV && p->nrsv < MF_PLAT_MAX_RSV; i++)
		p->rsv[p->nrsv++] = (struct mf_range){ bi->rsv[i].base, bi->rsv[i].size };
	for (i = 0; i < bi->nhyp_dev && i < BOOT_MAX_HYP_DEV && p->ndev < MF_PLAT_MAX_DEV; i++)
		p->dev[p->ndev++] = (struct mf_range){ bi->hyp_dev[i].base, bi->hyp_dev[i].size };
	for (i = 0; i < bi->nhyp_irq && i < BOOT_MAX_HYP_IRQ && p->nirq < MF_PLAT_MAX_IRQ; i++)
		p->irq[p->nirq++] = bi->hyp_irq[i];
	if (bi->ipa_bits_max >= 32 && bi->ipa_bits_max <= 64)
		p->ipa_bits_max = bi->ipa_bits_max;
	if (bi->vmid_max)
		p->vmid_max = bi->vmid_max;
	if (bi->irq_limit)
		p->irq_limit = bi->irq_limit;
	boot_dma_master = bi->dma_master;
	p->dma_master = bi->dma_master ? dma_master : NULL;
	/* What this hypervisor emulates in every partition (hyp/manifest_layout.c). */
	p->layout = mf_arch_layout_find(arch_name);
}

static void log_line(void *ctx, const char *line)
{
	log_printf("%s\n", line);
}

bool mf_boot(const struct boot_info *bi)
{
	const void *blob;

	if (!bi->bundle.size) {
		log_printf("manifest: no boot bundle, so no partitions\n");
		return false;
	}
	mf_platform_from_boot(&boot_platform, bi);
	blob = mm_phys_to_virt(hpa(bi->bundle.base));
	if (mf_load(&boot_manifest, blob, bi->bundle.size, &boot_platform, &boot_errors)) {
		mf_print_errors(&boot_errors, log_line, NULL);
		log_printf("bulkhead: manifest rejected: no partition started; stopping\n");
		arch_stop(1);
	}
	log_printf("manifest: accepted%s%s\n", boot_manifest.model[0] ? ": " : "", boot_manifest.model);
	mf_summary(&boot_manifest, log_line, NULL);
	return true;
}
