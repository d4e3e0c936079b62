/* SPDX-License-Identifier: MIT */
/*
 * s390 DAT table format (region-first/second/third, segment and page tables)
 * for the generic engine (mm/pt.h). Pure C: the host tests compile it.
 */
#ifndef ARCH_S390_PT_DAT_H
#define ARCH_S390_PT_DAT_H

#include "mm/pt.h"

/*
 * Input sizes 31..64 bits pick the top table (segment, region-third,
 * -second, -first); pt_root_reg() gives the ASCE. Leaves: 4 KiB pages, and
 * 1 MiB segments with PT_CFG_EDAT1.
 */
extern const struct pt_fmt pt_fmt_s390_dat;

#endif
