/* SPDX-License-Identifier: MIT */
/*
 * arm64-internal entry points of the guest-running code (vcpu.c) used by
 * the boot path (setup.c, smp.c, part_boot.c).
 */
#ifndef ARCH_ARM64_VCPU_ARM64_H
#define ARCH_ARM64_VCPU_ARM64_H

#include "hyp/compiler.h"

/*
 * Decide the VMID width once, on the boot CPU: ID_AA64MMFR1_EL1.VMIDBits
 * (8 or 16), capped by the build option ARM64_VMID_BITS and by
 * cmdline_cap (bulkhead.vmid-bits=; 0 = no cap). Returns the width.
 */
unsigned int arm64_vmid_bits_probe(unsigned int cmdline_cap);

/* The width arm64_vmid_bits_probe() chose. */
unsigned int arm64_vmid_bits(void);

/*
 * EL2 set-up for running guests on the calling CPU [init_hyp_mode]:
 * HCR_EL2, CNTHCTL_EL2, MDCR_EL2, VPIDR_EL2, the guest vectors, the GICv3
 * CPU interface and redistributor (and, on the boot CPU first, the
 * distributor). Interrupts stay masked at EL2.
 */
void arm64_hyp_cpu_init(bool boot_cpu);

#endif
