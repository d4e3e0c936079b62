// SPDX-License-Identifier: MIT
/*
 * Helpers that fill struct boot_info; shared by every architecture's boot
 * code and tested on the host.
 */
#include <string.h>
#include "boot/bootinfo.h"

int boot_add_rsv(struct boot_info *bi, uint64_t base, uint64_t size, const char *what)
{
	if (bi->nrsv >= BOOT_MAX_RSV || !range_ok(base, size))
		return -1;
	bi->rsv[bi->nrsv++] = (struct boot_rsv){ base, size, what };
	return 0;
}

int boot_add_hyp_dev(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (bi->nhyp_dev >= BOOT_MAX_HYP_DEV || size == 0 || !range_ok(base, size))
		return -1;
	bi->hyp_dev[bi->nhyp_dev++] = (struct boot_range){ base, size };
	return 0;
}

int boot_add_hyp_irq(struct boot_info *bi, uint32_t irq)
{
	if (bi->nhyp_irq >= BOOT_MAX_HYP_IRQ)
		return -1;
	bi->hyp_irq[bi->nhyp_irq++] = irq;
	return 0;
}

int boot_add_mem(struct boot_info *bi, uint64_t base, uint64_t size)
{
	unsigned int i;

	if (bi->nmem >= BOOT_MAX_MEM || size == 0 || !range_ok(base, size))
		return -1;
	for (i = 0; i < bi->nmem; i++)
		if (ranges_overlap(base, size, bi->mem[i].base, bi->mem[i].size))
			return -1;
	for (i = bi->nmem; i > 0 && bi->mem[i - 1].base > base; i--)
		bi->mem[i] = bi->mem[i - 1];
	bi->mem[i] = (struct boot_range){ base, size };
	bi->nmem++;
	return 0;
}
