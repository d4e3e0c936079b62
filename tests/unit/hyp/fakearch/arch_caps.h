/* SPDX-License-Identifier: MIT */
/*
 * The fake architecture's compile-time answers (hyp/arch.h): it runs
 * partitions (fake_arch.c implements hyp/arch_vcpu.h).
 */
#ifndef ARCH_CAPS_H
#define ARCH_CAPS_H

#include <stdbool.h>

static inline bool arch_runs_partitions(void)
{
	return true;
}

#endif
