/* SPDX-License-Identifier: MIT */
/*
 * The hooks every architecture implements (arch/<a>/). Generic code (boot/,
 * hyp/, mm/, drivers/) calls only these; it never tests which architecture it
 * was built for. Each hook is implemented once per arch/<a>/.
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include "hyp/compiler.h"

struct boot_info;

/* Short architecture name, e.g. "arm64", "x86_64", "s390x". */
extern const char arch_name[];

/*
 * Write one character to the physical console, polled, no locks (the caller
 * serialises). Usable from the first instruction of C code on the boot CPU.
 */
void arch_console_putc(char c);

/*
 * Write n bytes to the physical console, each '\n' sent as "\r\n" (what a
 * terminal expects), polled, no locks (the caller serialises). Output as
 * arch_console_putc() of each byte, but at a cost per string rather than per
 * byte where the device allows. Same contexts as arch_console_putc().
 * hyp/log.c has a weak generic loop over arch_console_putc().
 */
void arch_console_write(const char *s, size_t n);

/* Logical number of the calling CPU: 0 for the boot CPU, then 1, 2, ... */
unsigned int arch_cpu_id(void);

/* Hint inside spin loops (arm64 yield, x86 pause, s390 nothing). */
void arch_cpu_relax(void);

/*
 * Start every secondary CPU that bi->cpus_present lists into the hypervisor's
 * idle loop, each with its own stack. Returns the number of CPUs online,
 * the boot CPU included. Called once, by the boot CPU, from boot_main().
 */
unsigned int arch_smp_start(struct boot_info *bi);

/*
 * Stop the machine: status 0 is a clean stop (QEMU exits with status 0),
 * anything else a failure (QEMU exits non-zero where the platform allows it).
 * Never returns.
 */
__noreturn void arch_stop(int status);

/*
 * Compile-time answers: each arch/<a>/include/arch_caps.h (found through the
 * include path -Iarch/$(ARCH)/include: every architecture ships the same
 * header name) defines these as static inline functions returning a
 * constant, so that on an architecture that says no the compiler drops the
 * code behind the question and --gc-sections drops what only it reached.
 * Generic code includes "arch_caps.h" only where it asks.
 *
 *   bool arch_runs_partitions(void)
 *	True if the architecture implements every hook of hyp/arch_vcpu.h
 *	(it can run guests). False: hyp/part_boot.c checks the manifest only,
 *	logs that partitions cannot run yet and stops, and no partition code
 *	is linked into the image.
 */

#endif
