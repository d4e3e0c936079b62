/* SPDX-License-Identifier: MIT */
/*
 * s390x's compile-time answers to generic code (documented in hyp/arch.h;
 * the include path -Iarch/s390/include picks this file).
 */
#ifndef ARCH_CAPS_H
#define ARCH_CAPS_H

#include <stdbool.h>

/*
 * No SIE run loop yet (QEMU's TCG has no SIE; hyp/arch_vcpu.h is not
 * implemented): the manifest is checked, nothing is started, and no
 * partition code is linked.
 */
static inline bool arch_runs_partitions(void)
{
	return false;
}

#endif
