/* SPDX-License-Identifier: MIT */
/*
 * arm64-internal entry points of the guest-running code (vcpu.c) used by
 * the boot path (setup.c). Its bring-up hooks (arch_cpu_guest_init,
 * arch_vmid_bits) are declared in hyp/arch_vcpu.h.
 */
#ifndef ARCH_ARM64_VCPU_ARM64_H
#define ARCH_ARM64_VCPU_ARM64_H

#include "hyp/compiler.h"

/*
 * Decide the VMID width once, on the boot CPU: ID_AA64MMFR1_EL1.VMIDBits
 * (8 or 16), capped by the build option ARM64_VMID_BITS and by
 * cmdline_cap (bulkhead.vmid-bits=; 0 = no cap). Returns the width, which
 * arch_vmid_bits() returns from then on.
 */
unsigned int arm64_vmid_bits_probe(unsigned int cmdline_cap);

#endif
