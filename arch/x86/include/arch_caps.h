/* SPDX-License-Identifier: MIT */
/*
 * x86_64's compile-time answers to generic code (documented in hyp/arch.h;
 * the include path -Iarch/x86/include picks this file).
 */
#ifndef ARCH_CAPS_H
#define ARCH_CAPS_H

#include <stdbool.h>

/*
 * No SVM run loop yet (hyp/arch_vcpu.h is not implemented): the manifest
 * is checked, nothing is started, and no partition code is linked.
 */
static inline bool arch_runs_partitions(void)
{
	return false;
}

#endif
