// SPDX-License-Identifier: MIT
/*
 * The vCPU run loop and exit dispatch (see hyp/vcpu.h). The loop is the
 * benchmarked path: a hypercall or an emulated MMIO access costs one
 * arch_vcpu_enter() call, one counter increment, one switch and the
 * handler; the state checks after it are two loads. Everything rare
 * (faults, power events, unknown exits) is out of line.
 */
#include <stdio.h>
#include "hyp/vcpu.h"
#include "hyp/partition.h"
#include "hyp/hypercall.h"
#include "hyp/log.h"

static const char *const exit_names[VCPU_EXIT_NR] = {
	[VCPU_EXIT_HYPERCALL] = "hypercall",
	[VCPU_EXIT_S2_FAULT] = "stage-2 fault",
	[VCPU_EXIT_WFI] = "wfi",
	[VCPU_EXIT_TIMER] = "timer",
	[VCPU_EXIT_IRQ] = "irq",
	[VCPU_EXIT_SYSTEM] = "system event",
	[VCPU_EXIT_UNKNOWN] = "unknown",
};

const char *vcpu_exit_name(unsigned int reason)
{
	return reason < VCPU_EXIT_NR ? exit_names[reason] : "?";
}

static const char *access_name(uint32_t access)
{
	switch (access) {
	case PT_R: return "read";
	case PT_W: return "write";
	case PT_X: return "instruction fetch";
	default: return "access";
	}
}

/* A stage-2 fault nothing may satisfy: the guest gets an abort, or crashes. */
static __attribute__((noinline)) void s2_violation(struct vcpu *v, struct vcpu_exit *x)
{
	char why[96];

	x->resume = VCPU_RESUME_AS_IS;
	if (arch_vcpu_inject_abort(v, x)) {
		v->stats.aborts++;
		return;
	}
	snprintf(why, sizeof(why), "vCPU %u: %s at 0x%llx with no abort handler", v->idx,
		 access_name(x->s2.access), (unsigned long long)x->s2.gpa);
	part_fault(v->part, why);
}

static __attribute__((noinline)) void s2_fault(struct vcpu *v, struct vcpu_exit *x)
{
	switch (part_handle_s2_fault(v, x)) {
	case PART_S2_RETRY:
		x->resume = VCPU_RESUME_AS_IS;
		break;
	case PART_S2_EMULATED:
		x->resume = VCPU_RESUME_NEXT;
		break;
	case PART_S2_VIOLATION:
	default:
		s2_violation(v, x);
		break;
	}
}

static int cpu_state(struct partition *p, uint64_t idx)
{
	int ret;

	if (idx >= p->nvcpus)
		return VCPU_SYS_RET_INVALID;
	spin_lock(&p->lock);
	ret = p->vcpu[idx].on ? 0 : 1;
	spin_unlock(&p->lock);
	return ret;
}

int vcpu_power_on(struct partition *p, unsigned int idx, uint64_t entry, uint64_t ctx)
{
	struct vcpu *t;

	if (idx >= p->nvcpus)
		return VCPU_SYS_RET_INVALID;
	t = &p->vcpu[idx];
	spin_lock(&p->lock);
	if (p->state != PART_RUNNING) {
		spin_unlock(&p->lock);
		return VCPU_SYS_RET_INVALID;
	}
	if (t->on) {
		spin_unlock(&p->lock);
		return VCPU_SYS_RET_ALREADY_ON;
	}
	if (t->loaded) {
		spin_unlock(&p->lock);
		return VCPU_SYS_RET_ON_PENDING;
	}
	arch_vcpu_reset(t, entry, &ctx, 1);
	t->exit.reason = VCPU_EXIT_NONE;
	t->exit.resume = VCPU_RESUME_AS_IS;
	t->wfi = false;
	t->on = true;
	spin_unlock(&p->lock);
	if (t->pcpu != arch_cpu_id())
		arch_cpu_kick(t->pcpu);
	return VCPU_SYS_RET_OK;
}

static __attribute__((noinline)) void sys_event(struct vcpu *v, struct vcpu_exit *x)
{
	struct partition *p = v->part;
	char why[64];
	int ret = 0;

	x->resume = VCPU_RESUME_NEXT;
	switch (x->sys.event) {
	/* -PART_ESTATE below: another CPU stopped the partition first; it stops either way. */
	case VCPU_SYS_OFF:
		ret = part_stop(p, "system off");
		break;
	case VCPU_SYS_RESET:
		ret = part_restart(p, "system reset");
		break;
	case VCPU_SYS_CPU_OFF:
		spin_lock(&p->lock);
		v->on = false;
		spin_unlock(&p->lock);
		break;
	case VCPU_SYS_CPU_ON:
		x->sys.ret = x->sys.arg[0] >= p->nvcpus ? VCPU_SYS_RET_INVALID :
			     vcpu_power_on(p, (unsigned int)x->sys.arg[0], x->sys.arg[1], x->sys.arg[2]);
		break;
	case VCPU_SYS_CPU_STATE:
		x->sys.ret = cpu_state(p, x->sys.arg[0]);
		break;
	case VCPU_SYS_CRASH:
		snprintf(why, sizeof(why), "vCPU %u: guest crashed", v->idx);
		part_fault(p, why);
		break;
	default:
		snprintf(why, sizeof(why), "vCPU %u: unknown system event %u", v->idx, x->sys.event);
		part_fault(p, why);
		break;
	}
	(void)ret;
}

static __attribute__((noinline)) void unknown_exit(struct vcpu *v, struct vcpu_exit *x)
{
	char why[64];

	x->resume = VCPU_RESUME_AS_IS;
	snprintf(why, sizeof(why), "vCPU %u: unhandled exit 0x%llx", v->idx,
		 (unsigned long long)x->unknown.code);
	part_fault(v->part, why);
}

enum vcpu_run_ret vcpu_run(struct vcpu *v)
{
	struct partition *p = v->part;
	struct vcpu_exit *x = &v->exit;

	v->yield = false;
	for (;;) {
		arch_vcpu_enter(v, x);
		if (unlikely(x->reason >= VCPU_EXIT_NR)) {
			x->unknown.code = x->reason;
			x->reason = VCPU_EXIT_UNKNOWN;
		}
		v->stats.exits[x->reason]++;
		switch (x->reason) {
		case VCPU_EXIT_HYPERCALL:
			if (hc_dispatch(v, x) != HC_CONTINUE)
				v->yield = true;
			break;
		case VCPU_EXIT_S2_FAULT:
			s2_fault(v, x);
			break;
		case VCPU_EXIT_WFI:
			x->resume = VCPU_RESUME_NEXT;
			if (x->wait.event) {
				/* Spinning on another vCPU: let it run (KVM's kvm_vcpu_on_spin). */
				v->yield = true;
				break;
			}
			if (!arch_vcpu_wakeup_pending(v)) {
				v->wfi = true;
				return VCPU_RUN_WFI;
			}
			break;
		case VCPU_EXIT_TIMER:
		case VCPU_EXIT_IRQ:
			x->resume = VCPU_RESUME_AS_IS;
			if (v->slice_end_ns && arch_timer_now_ns() >= v->slice_end_ns)
				return VCPU_RUN_SLICE;
			break;
		case VCPU_EXIT_SYSTEM:
			sys_event(v, x);
			break;
		default:
			unknown_exit(v, x);
			break;
		}
		if (unlikely(READ_ONCE(p->state) != PART_RUNNING || !READ_ONCE(v->on)))
			return VCPU_RUN_STOPPED;
		if (unlikely(v->yield))
			return VCPU_RUN_YIELD;
	}
}

bool vcpu_runnable(struct vcpu *v)
{
	if (READ_ONCE(v->part->state) != PART_RUNNING || !READ_ONCE(v->on))
		return false;
	return !READ_ONCE(v->wfi) || arch_vcpu_wakeup_pending(v);
}

void vcpu_stats_add(const struct vcpu *v, struct vcpu_stats *sum)
{
	for (unsigned int i = 0; i < VCPU_EXIT_NR; i++)
		sum->exits[i] += READ_ONCE(v->stats.exits[i]);
	sum->mmio += READ_ONCE(v->stats.mmio);
	sum->lazy_maps += READ_ONCE(v->stats.lazy_maps);
	sum->wp_faults += READ_ONCE(v->stats.wp_faults);
	sum->aborts += READ_ONCE(v->stats.aborts);
}
