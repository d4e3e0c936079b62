// SPDX-License-Identifier: MIT
/*
 * Per-CPU round-robin scheduling of pinned vCPUs (see hyp/sched.h).
 * Fairness comes from the fixed list order: after a vCPU runs, the search
 * for the next one starts after it, so every runnable vCPU gets a stay
 * before any gets a second one; each stay lasts at most its partition's time
 * slice whenever the CPU is shared.
 */
#include <string.h>
#include "hyp/sched.h"
#include "hyp/partition.h"
#include "hyp/part_boot.h"
#include "hyp/log.h"

static struct sched_cpu cpus[SCHED_MAX_CPUS];
static unsigned int ncpus;
static bool cpus_written;	/* cpus[] no longer as .bss left it */

int sched_init(unsigned int n)
{
	if (!n || n > SCHED_MAX_CPUS)
		return -1;
	/* The first call finds cpus[] as .bss left it, zero; later calls (host tests) clear it. */
	if (cpus_written)
		memset(cpus, 0, sizeof(cpus));
	cpus_written = true;
	ncpus = n;
	return 0;
}

int sched_attach(struct vcpu *v)
{
	struct sched_cpu *c;
	int ret = -1;

	if (v->pcpu >= ncpus)
		return -1;
	c = &cpus[v->pcpu];
	spin_lock(&c->lock);
	if (c->n < SCHED_MAX_PER_CPU) {
		c->vcpu[c->n++] = v;
		c->last = c->n - 1;	/* the first round starts with the first attached */
		ret = 0;
	}
	spin_unlock(&c->lock);
	return ret;
}

struct vcpu *sched_current(unsigned int cpu)
{
	return cpu < ncpus ? READ_ONCE(cpus[cpu].current) : NULL;
}

const struct sched_cpu *sched_cpu_info(unsigned int cpu)
{
	return cpu < ncpus ? &cpus[cpu] : NULL;
}

/* Next runnable vCPU after c->last, loaded; NULL if none. The list is fixed after boot. */
static struct vcpu *pick(struct sched_cpu *c, unsigned int *idx, unsigned int *shared)
{
	struct vcpu *v = NULL;
	unsigned int i, n;

	n = READ_ONCE(c->n);
	*shared = n;
	for (i = 1; i <= n; i++) {
		unsigned int k = (c->last + i) % n;

		if (!vcpu_runnable(c->vcpu[k]))
			continue;
		if (!part_vcpu_get(c->vcpu[k]))
			continue;
		v = c->vcpu[k];
		*idx = k;
		break;
	}
	return v;
}

bool sched_run_once(unsigned int cpu)
{
	struct sched_cpu *c;
	struct vcpu *v;
	unsigned int idx = 0, shared = 0;
	uint32_t slice_us;

	if (cpu >= ncpus)
		return false;
	c = &cpus[cpu];
	v = pick(c, &idx, &shared);
	if (!v) {
		c->idles++;
		return false;
	}
	BUG_ON(v->pcpu != cpu);
	c->last = idx;
	c->switches++;
	v->wfi = false;
	slice_us = v->part->mf->time_slice_us;
	if (shared > 1 && slice_us) {
		v->slice_end_ns = arch_timer_now_ns() + (uint64_t)slice_us * 1000;
		arch_timer_oneshot(v->slice_end_ns);
	} else {
		v->slice_end_ns = 0;
		arch_timer_oneshot(0);
	}
	WRITE_ONCE(c->current, v);
	(void)vcpu_run(v);
	WRITE_ONCE(c->current, NULL);
	arch_timer_oneshot(0);
	part_vcpu_put(v);
	return true;
}

void sched_loop(unsigned int cpu)
{
	const struct part_env *e = part_env();

	for (;;) {
		if (sched_run_once(cpu))
			continue;
		/* Idle: hold no VMID, so a rollover need not keep one for this CPU. */
		if (e)
			vmid_cpu_idle(e->vmids, cpu);
		if (cpu == 0)
			part_boot_watch();	/* console input; the end when none is left */
		arch_cpu_idle();
	}
}
