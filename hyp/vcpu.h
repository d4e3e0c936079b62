/* SPDX-License-Identifier: MIT */
/*
 * Virtual CPUs: the generic run loop [kvm_arch_vcpu_ioctl_run] that enters
 * the guest through arch_vcpu_enter() and dispatches the generic exit it
 * returns (hypercall, stage-2 fault, WFI, timer, interrupt, power event,
 * unknown), per-vCPU exit statistics, runnability [kvm_arch_vcpu_runnable]
 * and the power state of secondary vCPUs (PSCI CPU_ON/CPU_OFF style).
 *
 * A vCPU is pinned to one physical CPU for life (manifest "cpus"); only that
 * CPU runs it, so everything marked "owned by v->pcpu" needs no lock.
 */
#ifndef HYP_VCPU_H
#define HYP_VCPU_H

#include "hyp/compiler.h"
#include "hyp/arch_vcpu.h"

struct partition;

/* Exit statistics of one vCPU; a partition's are the sum over its vCPUs. */
struct vcpu_stats {
	uint64_t exits[VCPU_EXIT_NR];	/* by enum vcpu_exit_reason */
	uint64_t mmio;			/* accesses emulated by an MMIO-bus device */
	uint64_t lazy_maps;		/* pages mapped on a guest's first touch (not for hypercall buffers) */
	uint64_t wp_faults;		/* write-protect faults given to dirty logging / page tracking */
	uint64_t aborts;		/* aborts injected into the guest */
};

struct vcpu {
	/* Immutable after the partition slot is set up. */
	struct partition *part;
	unsigned int idx;		/* index in the partition */
	unsigned int pcpu;		/* the physical CPU it is pinned to */

	/* Owned by v->pcpu (read by arch_vcpu_enter()). */
	struct vcpu_exit exit;		/* the mailbox with the arch, see hyp/arch_vcpu.h */
	void *arch;			/* arch_vcpu_create() */
	uint64_t s2_root;		/* stage-2 root register value (pt_root_reg) */
	uint32_t hw_vmid;		/* VMID / ASID for this stay on the CPU */
	bool flush_local;		/* invalidate this CPU's guest TLB before entry */
	bool wfi;			/* waiting after a WFI exit */
	bool yield;			/* gave up its slice (hypercall) */
	uint64_t slice_end_ns;		/* 0: no time slice */
	struct vcpu_stats stats;	/* read locklessly by statistics hypercalls */

	/* Protected by the partition's lock. */
	bool on;			/* powered on (vCPU 0 at start, others by CPU_ON) */
	bool loaded;			/* between part_vcpu_get() and part_vcpu_put() */
};

/* Why vcpu_run() returned to the scheduler. */
enum vcpu_run_ret {
	VCPU_RUN_SLICE,		/* its time slice is over */
	VCPU_RUN_WFI,		/* it waits for an interrupt */
	VCPU_RUN_YIELD,		/* it yielded (hypercall) */
	VCPU_RUN_STOPPED,	/* the vCPU or its partition stopped, crashed or restarts */
};

/*
 * Run v on its CPU until it must give the CPU up [kvm_arch_vcpu_ioctl_run]:
 * enter the guest, count the exit, handle it, repeat. v must have been
 * loaded with part_vcpu_get() on v->pcpu; no lock held. The hot path (a
 * hypercall or an emulated MMIO access) touches only v, its partition's
 * MMIO table and the exit record.
 */
enum vcpu_run_ret vcpu_run(struct vcpu *v);

/*
 * May the scheduler pick v now? Its partition runs, it is powered on, and it
 * is not waiting, or arch_vcpu_wakeup_pending() says its wait is over.
 * [kvm_arch_vcpu_runnable] Any CPU, lockless (a stale answer only costs one
 * scheduling round).
 */
bool vcpu_runnable(struct vcpu *v);

/*
 * Power on vCPU idx of p at entry with one argument (context id) [PSCI
 * CPU_ON]. Returns VCPU_SYS_RET_OK, VCPU_SYS_RET_INVALID (no such vCPU, or
 * the partition is not running), VCPU_SYS_RET_ALREADY_ON, or
 * VCPU_SYS_RET_ON_PENDING (it powered off but has not left its CPU yet). Takes the partition's lock; kicks the vCPU's CPU.
 */
int vcpu_power_on(struct partition *p, unsigned int idx, uint64_t entry, uint64_t ctx);

/* Add v's statistics into *sum (lockless reads of another CPU's counters). */
void vcpu_stats_add(const struct vcpu *v, struct vcpu_stats *sum);

/* Stable name of an exit reason ("hypercall"), for logs and docs. */
const char *vcpu_exit_name(unsigned int reason);

#endif
