/* SPDX-License-Identifier: MIT */
/*
 * The per-physical-CPU scheduler. Every vCPU is pinned to one CPU (manifest
 * "cpus") and attached to that CPU's list once, when its partition slot is
 * set up. A CPU runs the runnable vCPUs of its list round-robin, in list
 * order starting after the one that ran last; when more than one vCPU is
 * attached, each stay is bounded by its partition's time slice through the
 * arch one-shot timer. A vCPU that waits (WFI/WFE, HLT) or yields gives the
 * rest of its slice to the next one; with nothing runnable the CPU idles in
 * arch_cpu_idle() (CPU 0 first does part_boot_watch(), hyp/part_boot.h). The CPU's currently running vCPU is recorded
 * [kvm_arm_get_running_vcpu].
 *
 * Lock: sched_cpu.lock serialises attaching (boot CPU, part_system_init());
 * the lists do not change after that, so picking takes no lock. A vCPU
 * whose partition is destroyed stays attached and is simply not runnable.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"
#include "hyp/manifest.h"

struct vcpu;

#define SCHED_MAX_CPUS		MF_PLAT_MAX_CPUS
#define SCHED_MAX_PER_CPU	(MF_MAX_PARTITIONS * MF_MAX_VCPUS)

struct sched_cpu {
	struct spinlock lock;
	unsigned int n;				/* set by sched_attach() at boot */
	struct vcpu *vcpu[SCHED_MAX_PER_CPU];	/* set by sched_attach() at boot */
	/* Owned by this CPU. */
	unsigned int last;			/* list index of the vCPU that ran last */
	struct vcpu *current;			/* read by any CPU (READ_ONCE) */
	uint64_t switches;			/* stays started */
	uint64_t idles;				/* rounds with nothing runnable */
};

/* Reset every CPU's list (boot CPU, before any attach). ncpus <= SCHED_MAX_CPUS. */
int sched_init(unsigned int ncpus) __must_check;

/* Attach v to its CPU's list (v->pcpu). 0, or -1 if the CPU or list is out of range / full. */
int sched_attach(struct vcpu *v) __must_check;

/* The vCPU currently running on cpu, or NULL [kvm_arm_get_running_vcpu]. Any CPU. */
struct vcpu *sched_current(unsigned int cpu);

/*
 * One scheduling round on the calling CPU `cpu`: pick the next runnable vCPU
 * after the last one, load it, arm the slice timer when the CPU is shared,
 * run it (vcpu_run) until it gives the CPU up, unload it. Returns true if a
 * vCPU ran, false if none was runnable (the caller idles).
 */
bool sched_run_once(unsigned int cpu);

/*
 * The CPU's loop, never returns: run vCPUs, idle when none is runnable
 * (CPU 0 first does its watch, part_boot_watch: console input, and the
 * stop when no partition is left).
 */
__noreturn void sched_loop(unsigned int cpu);

/* Statistics of a CPU (for tests and the log): stays started, idle rounds. */
const struct sched_cpu *sched_cpu_info(unsigned int cpu);

#endif
