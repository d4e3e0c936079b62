// SPDX-License-Identifier: MIT
/*
 * The per-CPU scheduler (hyp/sched.c) on the fake architecture and its fake
 * clock: round-robin fairness against the arithmetic of the slices
 * (a vCPU that always computes gets exactly its slice per round), pinning,
 * WFI giving the CPU away, idling, yields, the current-vCPU record, and
 * partitions leaving and rejoining the rotation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "hyp/hypercall.h"

#define RAM0	0x40000000ull

static struct manifest m;

/* Computes for ever. */
static const struct fake_step busy_prog[] = {
	{ F_BURN, { 1000000 } },
	{ F_JUMP, { 0 } },
};

/* Computes, then yields, for ever (for a vCPU alone on its CPU). */
static const struct fake_step polite_prog[] = {
	{ F_BURN, { 30000 } },
	{ F_HC, { HC_YIELD } },
	{ F_JUMP, { 0 } },
};

/* Computes a little, then waits for an interrupt, for ever. */
static const struct fake_step sleepy_prog[] = {
	{ F_BURN, { 10000 } },
	{ F_WFI, { 0 } },
	{ F_JUMP, { 0 } },
};

/* Computes a little, then spins waiting for an event, for ever. */
static const struct fake_step spinner_prog[] = {
	{ F_BURN, { 5000 } },
	{ F_WFE, { 0 } },
	{ F_JUMP, { 0 } },
};

static void parts(unsigned int n)
{
	memset(&m, 0, sizeof(m));
	m.nparts = n;
	for (unsigned int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "s%u", i);
		fake_mf_part(&m.part[i], name, RAM0, 0x10000);
	}
}

static void test_round_robin_slices(void **state)
{
	static const uint32_t slice_us[3] = { 100, 250, 100 };
	const struct sched_cpu *c;

	fake_setup(16 << 20, 1, 8);
	parts(3);
	for (unsigned int i = 0; i < 3; i++) {
		m.part[i].time_slice_us = slice_us[i];
		fake_prog(i, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	}
	fake_boot(&m);
	for (unsigned int r = 0; r < 300; r++) {
		uint64_t t0 = fk.now;
		unsigned int who = r % 3;	/* the model: strict rotation in list order */

		assert_true(fake_run(0));
		/* Each stay lasted exactly its partition's slice, armed as the stay began. */
		assert_int_equal(fk.now - t0, slice_us[who] * 1000ull);
		assert_int_equal(fake_part_vcpu(who, 0)->run_ns, (r / 3 + 1) * slice_us[who] * 1000ull);
	}
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(fake_part_vcpu(i, 0)->run_ns, 100 * slice_us[i] * 1000ull);
	c = sched_cpu_info(0);
	assert_int_equal(c->switches, 300);
	assert_int_equal(c->idles, 0);
	assert_int_equal(fk.current_errors, 0);
	assert_null(sched_current(0));
	assert_int_equal(fk.deadline[0], 0);	/* disarmed between stays */
	fake_teardown();
}

static void test_pinning_and_alone(void **state)
{
	fake_setup(16 << 20, 3, 8);
	parts(2);
	/* s0: vCPU 0 on CPU 2 (alone), vCPU 1 on CPU 1; s1 on CPU 1 too. */
	m.part[0].nvcpus = 2;
	m.part[0].pcpu[0] = 2;
	m.part[0].pcpu[1] = 1;
	m.part[1].pcpu[0] = 1;
	m.part[0].time_slice_us = 100;
	m.part[1].time_slice_us = 100;
	fake_prog(0, 0, polite_prog, ARRAY_SIZE(polite_prog), false);
	fake_prog(0, 1, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_prog(1, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_boot(&m);
	assert_int_equal(vcpu_power_on(part_find(0), 1, RAM0, 0), VCPU_SYS_RET_OK);
	for (unsigned int r = 0; r < 50; r++) {
		assert_false(fake_run(0));	/* nothing is pinned to CPU 0 */
		assert_true(fake_run(1));
		assert_true(fake_run(2));
		/* Alone on CPU 2: no time slice is armed. */
		assert_int_equal(fk.deadline[2], 0);
		assert_int_equal(fk.last_deadline, 0);
	}
	assert_int_equal(fk.pinning_errors, 0);
	assert_int_equal(fk.current_errors, 0);
	assert_int_equal(fake_part_vcpu(0, 1)->run_ns, 25 * 100000ull);
	assert_int_equal(fake_part_vcpu(1, 0)->run_ns, 25 * 100000ull);
	assert_true(fake_part_vcpu(0, 0)->run_ns >= 50 * 30000ull);
	assert_int_equal(sched_cpu_info(0)->idles, 50);
	fake_teardown();
}

static void test_wfi_gives_the_cpu_away(void **state)
{
	struct partition *s;
	uint64_t busy_before;

	fake_setup(16 << 20, 1, 8);
	parts(2);
	m.part[0].time_slice_us = 100;
	m.part[1].time_slice_us = 100;
	fake_prog(0, 0, sleepy_prog, ARRAY_SIZE(sleepy_prog), false);
	fake_prog(1, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_boot(&m);
	s = part_find(0);
	assert_true(fake_run(0));	/* s0 computes 10 us, then waits */
	assert_int_equal(fake_part_vcpu(0, 0)->run_ns, 10000 + FAKE_STEP_NS);
	assert_true(s->vcpu[0].wfi);
	assert_false(vcpu_runnable(&s->vcpu[0]));
	for (unsigned int r = 0; r < 10; r++)
		assert_true(fake_run(0));	/* only s1 runs */
	assert_int_equal(fake_part_vcpu(1, 0)->run_ns, 10 * 100000ull);
	assert_int_equal(s->vcpu[0].stats.exits[VCPU_EXIT_WFI], 1);

	/* An interrupt for s0: it gets its turn again. */
	fake_part_vcpu(0, 0)->irq = true;
	busy_before = fake_part_vcpu(1, 0)->run_ns;
	assert_true(fake_run(0));
	assert_true(fake_run(0));
	assert_int_equal(fake_part_vcpu(1, 0)->run_ns, busy_before + 100000);
	assert_true(fake_part_vcpu(0, 0)->run_ns > 10000 + FAKE_STEP_NS);

	/* Both stopped: the CPU idles. */
	assert_int_equal(part_stop(part_find(1), "t"), 0);
	fake_part_vcpu(0, 0)->irq = false;
	while (fake_run(0))
		;
	assert_false(fake_run(0));
	assert_true(sched_cpu_info(0)->idles >= 2);
	fake_teardown();
}

/*
 * WFE yields: a vCPU spinning on an event gives the rest of its slice to
 * the others on its CPU at once, yet stays runnable (no interrupt needed),
 * and alone on its CPU it simply goes on.
 */
static void test_wfe_yields(void **state)
{
	struct partition *s;

	fake_setup(16 << 20, 2, 8);
	parts(3);
	for (unsigned int i = 0; i < 3; i++)
		m.part[i].time_slice_us = 100;
	m.part[2].pcpu[0] = 1;	/* alone on CPU 1 */
	fake_prog(0, 0, spinner_prog, ARRAY_SIZE(spinner_prog), false);
	fake_prog(1, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_prog(2, 0, spinner_prog, ARRAY_SIZE(spinner_prog), false);
	fake_boot(&m);
	s = part_find(0);
	for (unsigned int r = 0; r < 10; r++) {
		uint64_t t0 = fk.now;

		assert_true(fake_run(0));
		if (r % 2 == 0) {
			/* The spinner: 5 us of work and the WFE (and the jump back after the first), then it yields. */
			assert_int_equal(fk.now - t0, 5000 + (r ? 2 : 1) * FAKE_STEP_NS);
			assert_false(s->vcpu[0].wfi);
			assert_true(vcpu_runnable(&s->vcpu[0]));
		} else {
			assert_int_equal(fk.now - t0, 100000);	/* the busy one: its whole slice */
		}
	}
	assert_int_equal(s->vcpu[0].stats.exits[VCPU_EXIT_WFI], 5);
	assert_int_equal(fake_part_vcpu(1, 0)->run_ns, 5 * 100000ull);
	/* Alone: each WFE returns to the same vCPU (a yield with nobody else to run). */
	assert_true(fake_run(1));
	assert_true(part_find(2)->vcpu[0].stats.exits[VCPU_EXIT_WFI] >= 1);
	assert_true(vcpu_runnable(&part_find(2)->vcpu[0]));
	fake_teardown();
}

static void test_stopped_leave_restarted_return(void **state)
{
	uint64_t a, b;

	fake_setup(16 << 20, 1, 8);
	parts(2);
	m.part[0].time_slice_us = 100;
	m.part[1].time_slice_us = 100;
	fake_prog(0, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_prog(1, 0, busy_prog, ARRAY_SIZE(busy_prog), false);
	fake_boot(&m);
	for (unsigned int r = 0; r < 4; r++)
		assert_true(fake_run(0));
	assert_int_equal(part_stop(part_find(0), "t"), 0);
	a = fake_part_vcpu(0, 0)->run_ns;
	b = fake_part_vcpu(1, 0)->run_ns;
	for (unsigned int r = 0; r < 4; r++)
		assert_true(fake_run(0));
	assert_int_equal(fake_part_vcpu(0, 0)->run_ns, a);
	assert_int_equal(fake_part_vcpu(1, 0)->run_ns, b + 4 * 100000ull);
	assert_int_equal(part_restart(part_find(0), "t"), 0);
	for (unsigned int r = 0; r < 4; r++)
		assert_true(fake_run(0));
	/* The restarted vCPU has fresh arch state: it ran 2 slices since. */
	assert_int_equal(fake_part_vcpu(0, 0)->run_ns, 2 * 100000ull);
	fake_teardown();
}

/* Twelve partitions, seven VMIDs (3 bits), two CPUs: generations roll over. */
static const struct fake_step store_prog[] = {
	{ F_NOISY, { RAM0 + 0x80, 8 } },
};

static void test_vmid_rollover(void **state)
{
	struct partition *p;
	unsigned int id;

	fake_setup(64 << 20, 2, 3);
	parts(12);
	for (unsigned int i = 0; i < 12; i++) {
		m.part[i].pcpu[0] = i % 2;
		m.part[i].time_slice_us = 100;
		fake_prog(i, 0, store_prog, 1, false);
	}
	fake_boot(&m);
	for (unsigned int r = 0; r < 120; r++) {
		assert_true(fake_run(0));
		assert_true(fake_run(1));
		if (r == 60)
			assert_int_equal(part_restart(part_find(3), "t"), 0);
	}
	assert_true(fk.vmids.rollovers >= 3);
	assert_int_equal(fk.tlb_errors, 0);
	/* Every partition ran and wrote only its own memory. */
	for (unsigned int i = 0; i < 12; i++) {
		p = part_find(i);
		assert_true(fake_part_vcpu(i, 0)->noisy > 0);
		assert_int_equal(*(uint64_t *)fake_guest_ptr(p, RAM0 + 0x80), fake_part_vcpu(i, 0)->noisy);
	}
	/* The model catches a stale entry (an arch that skipped a needed flush). */
	assert_int_equal(fk.current_errors, 0);
	p = part_find(0);
	fk.cpu = 0;
	assert_true(part_vcpu_get(&p->vcpu[0]));
	id = p->vcpu[0].hw_vmid;
	fk.tlb[0][id] = (struct fake_tlb){ true, 0xdead000 };
	p->vcpu[0].flush_local = false;
	assert_int_equal(vcpu_run(&p->vcpu[0]), VCPU_RUN_YIELD);
	part_vcpu_put(&p->vcpu[0]);
	assert_int_equal(fk.tlb_errors, 1);
	fake_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_robin_slices),
		cmocka_unit_test(test_pinning_and_alone),
		cmocka_unit_test(test_wfi_gives_the_cpu_away),
		cmocka_unit_test(test_wfe_yields),
		cmocka_unit_test(test_stopped_leave_restarted_return),
		cmocka_unit_test(test_vmid_rollover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
