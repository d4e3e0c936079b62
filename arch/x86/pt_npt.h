/* SPDX-License-Identifier: MIT */
/*
 * AMD nested page table format (long-mode 4-level) for the generic engine
 * (mm/pt.h). Pure C: the host tests compile it.
 */
#ifndef ARCH_X86_PT_NPT_H
#define ARCH_X86_PT_NPT_H

#include "mm/pt.h"

/* 48-bit guest-physical space; leaves at 1 GiB, 2 MiB, 4 KiB. nCR3 = root. */
extern const struct pt_fmt pt_fmt_npt;

#endif
