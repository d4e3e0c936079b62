/* SPDX-License-Identifier: MIT */
/*
 * Intel EPT format (4-level) for the generic engine (mm/pt.h). Pure C: the
 * host tests compile it. The VMX code that loads the EPTP comes later.
 */
#ifndef ARCH_X86_PT_EPT_H
#define ARCH_X86_PT_EPT_H

#include "mm/pt.h"

/*
 * 48-bit guest-physical space; leaves at 1 GiB, 2 MiB, 4 KiB. pt_root_reg()
 * gives the EPTP (WB walks, 4 levels, A/D enabled with PT_CFG_HWDIRTY).
 */
extern const struct pt_fmt pt_fmt_ept;

#endif
