/* SPDX-License-Identifier: MIT */
/*
 * arm64's compile-time answers to generic code (documented in hyp/arch.h;
 * the include path -Iarch/arm64/include picks this file).
 */
#ifndef ARCH_CAPS_H
#define ARCH_CAPS_H

#include <stdbool.h>

/* EL2 runs guests: arch/arm64/vcpu.c implements hyp/arch_vcpu.h. */
static inline bool arch_runs_partitions(void)
{
	return true;
}

#endif
