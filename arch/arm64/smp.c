// SPDX-License-Identifier: MIT
/*
 * CPUs on arm64: the per-CPU blocks (TPIDR_EL2 points at the running CPU's),
 * logical ids (0 = boot CPU, then the DTB's /cpus order), starting the
 * secondary CPUs with PSCI CPU_ON at EL2 and waiting for each to report in,
 * then releasing them into the scheduler (arch_cpu_online,
 * arch_smp_release: hyp/part_boot.c).
 *
 * A secondary starts at arm64_secondary_entry (head.S) with the MMU off,
 * reads its own struct arm64_percpu (context id) and arm64_mmu_regs, which
 * the boot CPU cleaned to the point of coherency, turns the MMU on with the
 * shared tables, and reports in here.
 */
#include <stddef.h>
#include <string.h>
#include "hyp/arch.h"
#include "hyp/arch_vcpu.h"
#include "hyp/log.h"
#include "arch/arm64/arm64.h"

/* How long the boot CPU waits for all secondaries together. */
#define SMP_TIMEOUT_MS	5000


_Static_assert(offsetof(struct arm64_percpu, crash_sp) == PCPU_CRASH_SP, "head.S/vectors.S offset");
_Static_assert(offsetof(struct arm64_percpu, stack_top) == PCPU_STACK_TOP, "head.S offset");
_Static_assert(sizeof(struct arm64_regs) == REGS_SIZE, "vectors.S frame size");
_Static_assert(offsetof(struct arm64_regs, kind) == REGS_KIND, "vectors.S frame layout");
_Static_assert(offsetof(struct arm64_mmu_regs, sctlr) == 24, "head.S arm64_mmu_enable");

_Static_assert(STACK_SLOT_SIZE % 4096 == 0 && STACK_TOP_OFF % 4096 == 0, "stack guards are pages");

struct arm64_percpu arm64_percpu[BOOT_MAX_CPUS];
/* Mapped by mmu.c with the guard pages left out (linker: .bss.stacks). */
uint8_t arm64_cpu_stacks[BOOT_MAX_CPUS][STACK_SLOT_SIZE] __aligned(4096) __section(".bss.stacks");

static void percpu_stacks(struct arm64_percpu *pc, unsigned int id)
{
	pc->stack_top = (uint64_t)(uintptr_t)(arm64_cpu_stacks[id] + STACK_TOP_OFF);
	pc->crash_sp = (uint64_t)(uintptr_t)(arm64_cpu_stacks[id] + CRASH_TOP_OFF);
}

void arm64_percpu_boot_init(void)
{
	struct arm64_percpu *pc = &arm64_percpu[0];

	pc->self = (uint64_t)(uintptr_t)pc;
	percpu_stacks(pc, 0);
	pc->mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	pc->id = 0;
	pc->online = 1;
}

unsigned int arch_cpu_id(void)
{
	return this_cpu()->id;
}

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

static inline unsigned int current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> 2) & 3;
}

/* Set by arch_smp_release(): what a released secondary runs. */
static void (*secondary_fn)(unsigned int cpu);
static unsigned int secondary_ncpus;

bool arch_cpu_online(unsigned int cpu)
{
	return cpu < arm64_plat.ncpus && cpu < BOOT_MAX_CPUS &&
	       __atomic_load_n(&arm64_percpu[cpu].online, __ATOMIC_ACQUIRE);
}

void arch_smp_release(void (*fn)(unsigned int cpu), unsigned int ncpus)
{
	secondary_ncpus = ncpus;
	__atomic_store_n(&secondary_fn, fn, __ATOMIC_RELEASE);
	dsb_sy();
	__asm__ volatile("sev" : : : "memory");
}

/*
 * The boot idle loop: wait with interrupts masked until the boot CPU
 * releases this CPU into the scheduler (SEV wakes the WFE).
 */
static __noreturn void cpu_idle(unsigned int id)
{
	void (*fn)(unsigned int);

	for (;;) {
		fn = __atomic_load_n(&secondary_fn, __ATOMIC_ACQUIRE);
		if (fn && id < READ_ONCE(secondary_ncpus))
			fn(id);
		__asm__ volatile("wfe" : : : "memory");
	}
}

void arm64_secondary_c(struct arm64_percpu *pc)
{
	log_printf("cpu %u: online at EL%u (mpidr 0x%llx)\n", pc->id, current_el(),
		   (unsigned long long)(read_sysreg(mpidr_el1) & MPIDR_AFF_MASK));
	__atomic_store_n(&pc->online, 1, __ATOMIC_RELEASE);
	if (pc->id == 1 && arm64_opt.crashtest && !strcmp(arm64_opt.crashtest, "secondary"))
		arm64_crashtest("read");
	cpu_idle(pc->id);
}

static uint64_t counter_ms(uint64_t freq)
{
	isb();
	return read_sysreg(cntpct_el0) / (freq / 1000);
}

unsigned int arch_smp_start(struct boot_info *bi)
{
	uint64_t entry = (uint64_t)(uintptr_t)arm64_secondary_entry;
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t deadline;
	unsigned int i, online = 1, waiting = 0;

	if (freq < 1000)
		freq = 62500000;	/* firmware left CNTFRQ unset: assume QEMU virt's */
	arm64_dcache_clean_poc(&arm64_mmu_regs, sizeof(arm64_mmu_regs));

	for (i = 1; i < arm64_plat.ncpus; i++) {
		struct arm64_percpu *pc = &arm64_percpu[i];

		pc->self = (uint64_t)(uintptr_t)pc;
		pc->id = i;
		pc->mpidr = arm64_plat.mpidr[i];
		pc->online = 0;
		percpu_stacks(pc, i);
		arm64_dcache_clean_poc(pc, sizeof(*pc));
		pc->psci_ret = arm64_psci_cpu_on(pc->mpidr, entry, pc->self);
		if (pc->psci_ret == 0)
			waiting++;
	}

	deadline = counter_ms(freq) + SMP_TIMEOUT_MS;
	while (waiting) {
		waiting = 0;
		for (i = 1; i < arm64_plat.ncpus; i++)
			if (arm64_percpu[i].psci_ret == 0 &&
			    !__atomic_load_n(&arm64_percpu[i].online, __ATOMIC_ACQUIRE))
				waiting++;
		if (waiting && counter_ms(freq) >= deadline)
			break;
		arch_cpu_relax();
	}

	for (i = 1; i < arm64_plat.ncpus; i++) {
		struct arm64_percpu *pc = &arm64_percpu[i];

		if (pc->psci_ret == 0 && __atomic_load_n(&pc->online, __ATOMIC_ACQUIRE))
			online++;
		else if (pc->psci_ret == 0)
			log_printf("cpu %u (mpidr 0x%llx) did not come up: no report within %u ms\n",
				   i, (unsigned long long)pc->mpidr, SMP_TIMEOUT_MS);
		else
			log_printf("cpu %u (mpidr 0x%llx) did not come up: PSCI CPU_ON returned %lld (%s)\n",
				   i, (unsigned long long)pc->mpidr, (long long)pc->psci_ret,
				   arm64_psci_strerror(pc->psci_ret));
	}

	if (arm64_opt.crashtest && !strcmp(arm64_opt.crashtest, "secondary")) {
		/* cpu 1 faults on purpose: give its crash dump time to stop the machine. */
		deadline = counter_ms(freq) + SMP_TIMEOUT_MS;
		while (counter_ms(freq) < deadline)
			arch_cpu_relax();
		log_printf("crashtest: cpu 1 raised no exception\n");
	} else if (arm64_opt.crashtest) {
		arm64_crashtest(arm64_opt.crashtest);
	}
	return online;
}
