/* SPDX-License-Identifier: MIT */
/*
 * arm64 stage-2 translation table format (VMSAv8-64, 4 KiB granule) for the
 * generic engine (mm/pt.h), and the VTCR_EL2 / VTTBR_EL2 values that go with
 * a table tree. Pure C: the host tests compile it.
 */
#ifndef ARCH_ARM64_PT_S2_H
#define ARCH_ARM64_PT_S2_H

#include "mm/pt.h"

/* IPA 32..48 bits; leaves at levels 1 (1 GiB), 2 (2 MiB), 3 (4 KiB). */
extern const struct pt_fmt pt_fmt_arm64_s2;

/*
 * VTCR_EL2 for a tree made with pt_fmt_arm64_s2: T0SZ, SL0 (start level and
 * concatenation follow pt->start / pt->root_bits), inner-shareable
 * write-back walks, 4 KiB granule, PS from pa_bits (32..48), HA/HD when the
 * tree uses hardware dirty state. Arm ARM D13.2 (VTCR_EL2).
 */
uint64_t arm64_s2_vtcr(const struct pt *pt, unsigned pa_bits);

/* VTTBR_EL2: root address and the tree's VMID (pt->tag). */
uint64_t arm64_s2_vttbr(const struct pt *pt);

#endif
