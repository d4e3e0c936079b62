// SPDX-License-Identifier: MIT
/*
 * Firmware calls and stopping the machine on arm64: PSCI (Arm DEN 0022,
 * "Power State Coordination Interface") by SMC, the conduit the DTB must
 * name, and the optional semihosting exit for test harnesses.
 *
 * Stopping (arch_stop):
 *  - with "bulkhead.exit=semihosting" on the command line, a failure
 *    (status != 0) ends with a semihosting SYS_EXIT carrying the status
 *    (QEMU with -semihosting-config enable=on exits with it). HLT #0xf000
 *    is executed only then: on real hardware without a debugger it is
 *    UNDEFINED, and with halting debug enabled it would stop the core, so
 *    it is never executed unless asked. A DTB that cannot be read has no
 *    readable command line either, so such a failure ends as below.
 *  - otherwise PSCI SYSTEM_OFF by SMC (QEMU exits with status 0; a failure
 *    has already been reported on the console), also when the DTB could
 *    not be read: at EL2, SMC is the only conduit that reaches firmware.
 *  - if firmware does not power off, the CPU parks in WFI with interrupts
 *    masked, after saying so.
 */
#include "hyp/arch.h"
#include "arch/arm64/arm64.h"

/* PSCI 0.2+ function ids (DEN 0022, 5.1). */
#define PSCI_FN_SYSTEM_OFF	0x84000008u

/* Semihosting (Arm "Semihosting for AArch32 and AArch64", SYS_EXIT 0x18). */
#define SEMIHOSTING_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

/*
 * SMC Calling Convention (DEN 0028): arguments in x0-x3, result in x0;
 * x4-x17 may be clobbered by SMCCC v1.0 firmware. SMC is the only conduit
 * from EL2 (arm64.h, enum psci_conduit).
 */
static int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : :
			 "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
			 "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

int64_t arm64_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return psci_smc(arm64_plat.psci_cpu_on, mpidr, entry, context);
}

const char *arm64_psci_strerror(int64_t ret)
{
	static const char *const names[] = {
		"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED", "ALREADY_ON",
		"ON_PENDING", "INTERNAL_FAILURE", "NOT_PRESENT", "DISABLED", "INVALID_ADDRESS",
	};

	if (ret <= 0 && ret > -(int64_t)ARRAY_SIZE(names))
		return names[-ret];
	return "unknown PSCI status";
}

static void semihosting_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

/* Set while a CPU is inside arch_stop(): a trap there must not stop again. */
static uint32_t stopping;

bool arm64_is_stopping(void)
{
	return READ_ONCE(stopping) != 0;
}

__noreturn void arm64_halt(void)
{
	__asm__ volatile("msr daifset, #0xf");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_stop(int status)
{
	__asm__ volatile("msr daifset, #0xf");
	WRITE_ONCE(stopping, 1);
	if (arm64_opt.semihosting_exit && status)
		semihosting_exit(status);
	/* Raw output: the caller may be a crash dump taken with the console lock held. */
	if (status)
		arm64_console_puts_raw("bulkhead: stopping after a failure; powering off\n");
	/*
	 * PSCI 0.1 has no SYSTEM_OFF. With no readable DTB the PSCI version is
	 * unknown: try it anyway (a trap lands in arm64_exception(), which
	 * sees arm64_is_stopping() and halts).
	 */
	if (arm64_plat.conduit == PSCI_NONE || arm64_plat.psci_v02)
		psci_smc(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	arm64_console_puts_raw("bulkhead: PSCI SYSTEM_OFF did not power off; halting\n");
	arm64_halt();
}
