// SPDX-License-Identifier: MIT
/*
 * The generic partition bring-up and the end of the machine
 * (hyp/part_boot.c, part_is_any_alive in hyp/partition.c) on the fake
 * architecture:
 *  - part_is_any_alive() against a model that knows only the operations
 *    the test made (create, start, stop, fault with either policy, restart,
 *    a vCPU loaded and put back, destroy), never the partitions' fields:
 *    a fixed walk through the cases that matter, then a long random one;
 *  - part_boot_watch(): console input moved in bounded batches to the
 *    partition with the focus, nothing else while a partition is alive,
 *    and the exact lines and a clean stop (status 0) once none is;
 *  - part_boot_run() from boot to the stop: the order of the bring-up hooks,
 *    the online CPU prefix, the log lines the QEMU tests assert, the boot
 *    CPU's scheduler running its partition, a released secondary preparing
 *    itself and running the partition pinned to it, the veto, and the two
 *    fatal set-up errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "host_stubs.h"
#include "boot/bootinfo.h"
#include "hyp/part_boot.h"

#define RAM0	0x40000000ull
#define NP	4

static struct manifest m;

/* Turns itself off at once (PSCI SYSTEM_OFF). */
static const struct fake_step off_prog[] = {
	{ F_BURN, { 5000 } },
	{ F_SYS, { VCPU_SYS_OFF } },
};

static void parts(unsigned int n)
{
	memset(&m, 0, sizeof(m));
	m.nparts = n;
	for (unsigned int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%u", i);
		fake_mf_part(&m.part[i], name, RAM0, 0x10000);
	}
}

/* Position of s in the log (fails if absent). */
static size_t log_pos(const char *s)
{
	const char *l = fake_log(), *at = strstr(l, s);

	if (!at)
		fail_msg("not in the log: \"%s\"\n%s", s, l);
	return (size_t)(at - l);
}

/* ---- part_is_any_alive() against a model ---------------------------------- */

struct model {
	enum part_state state;
	bool pending;	/* restart pending */
	bool loaded;	/* the test holds vCPU 0 on its CPU (part_vcpu_get) */
};

static struct model mo[NP];

static bool model_alive(void)
{
	for (unsigned int i = 0; i < NP; i++)
		if (mo[i].state == PART_RUNNING || mo[i].state == PART_CREATED || mo[i].pending)
			return true;
	return false;
}

static bool model_only_pending(void)
{
	bool pending = false;

	for (unsigned int i = 0; i < NP; i++) {
		if (mo[i].state == PART_RUNNING || mo[i].state == PART_CREATED)
			return false;
		pending |= mo[i].pending;
	}
	return pending;
}

enum op { OP_CREATE, OP_START, OP_STOP, OP_FAULT, OP_RESTART, OP_GET, OP_PUT, OP_DESTROY, OP_NR };

/* Apply op to partition i, the model predicting the result; check both agree. */
static void apply(unsigned int i, enum op op)
{
	struct partition *p = part_find(i);
	struct vcpu *v = &p->vcpu[0];
	struct model *s = &mo[i];
	bool restart_policy = m.part[i].fault == MF_FAULT_RESTART;
	int ret;

	switch (op) {
	case OP_CREATE:
		ret = part_create(p);
		if (s->state == PART_EMPTY) {
			assert_int_equal(ret, 0);
			s->state = PART_CREATED;
		} else {
			assert_int_equal(ret, -PART_ESTATE);
		}
		break;
	case OP_START:
		ret = part_start(p);
		if (s->state == PART_CREATED) {
			assert_int_equal(ret, 0);
			s->state = PART_RUNNING;
		} else {
			assert_int_equal(ret, -PART_ESTATE);
		}
		break;
	case OP_STOP:
		ret = part_stop(p, "test");
		if (s->state == PART_RUNNING) {
			assert_int_equal(ret, 0);
			s->state = PART_HALTED;
		} else {
			assert_int_equal(ret, -PART_ESTATE);
		}
		break;
	case OP_FAULT:
		part_fault(p, "test");
		if (s->state != PART_RUNNING)
			break;
		if (!restart_policy)
			s->state = PART_CRASHED;
		else if (s->loaded)
			s->state = PART_CRASHED, s->pending = true;
		/* else: rebuilt at once, running again */
		break;
	case OP_RESTART:
		ret = part_restart(p, "test");
		if ((s->state == PART_RUNNING || s->state == PART_HALTED || s->state == PART_CRASHED) &&
		    !s->pending) {
			assert_int_equal(ret, 0);
			if (!s->loaded)
				s->state = PART_RUNNING;	/* rebuilt at once */
			else if (s->state == PART_RUNNING)
				s->state = PART_HALTED, s->pending = true;
			else
				s->pending = true;	/* stopped, but its vCPU is still on its CPU */
		} else {
			assert_int_equal(ret, -PART_ESTATE);
		}
		break;
	case OP_GET:
		if (part_vcpu_get(v)) {
			assert_true(s->state == PART_RUNNING && !s->loaded);
			s->loaded = true;
		} else {
			assert_false(s->state == PART_RUNNING && !s->loaded);
		}
		break;
	case OP_PUT:
		if (!s->loaded)
			break;
		part_vcpu_put(v);
		s->loaded = false;
		if (s->pending)
			s->state = PART_RUNNING, s->pending = false;
		break;
	case OP_DESTROY:
		ret = part_destroy(p);
		if (s->state == PART_CREATED || s->state == PART_HALTED || s->state == PART_CRASHED) {
			if (s->loaded) {
				assert_int_equal(ret, -PART_EBUSY);
			} else {
				assert_int_equal(ret, 0);
				s->state = PART_EMPTY;
				s->pending = false;
			}
		} else {
			assert_int_equal(ret, -PART_ESTATE);
		}
		break;
	default:
		fail();
	}
	assert_int_equal(part_state(p), s->state);
	assert_int_equal(part_is_any_alive(), model_alive());
}

static void alive_setup(void)
{
	fake_setup(16 << 20, 1, 8);
	parts(NP);
	for (unsigned int i = 0; i < NP; i++)
		m.part[i].fault = i % 2 ? MF_FAULT_RESTART : MF_FAULT_HALT;
	assert_int_equal(part_system_init(&fk.env, &m), 0);
	memset(mo, 0, sizeof(mo));
}

static void alive_teardown(void)
{
	for (unsigned int i = 0; i < NP; i++)
		apply(i, OP_PUT);
	fake_teardown();
}

static void test_alive_cases(void **state)
{
	alive_setup();
	assert_false(part_is_any_alive());		/* all EMPTY */
	apply(0, OP_CREATE);
	assert_true(part_is_any_alive());		/* CREATED: about to start */
	apply(0, OP_START);
	assert_true(part_is_any_alive());
	apply(1, OP_CREATE);
	apply(1, OP_START);
	apply(0, OP_STOP);				/* p0 HALTED, p1 RUNNING */
	assert_true(part_is_any_alive());
	apply(1, OP_GET);
	apply(1, OP_FAULT);				/* restart policy, vCPU on its CPU */
	assert_int_equal(part_state(part_find(1)), PART_CRASHED);
	assert_true(model_only_pending());
	assert_true(part_is_any_alive());		/* crashed, but its restart is pending */
	apply(1, OP_PUT);				/* the restart happens */
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	assert_true(part_is_any_alive());
	apply(1, OP_GET);
	apply(1, OP_RESTART);				/* a requested restart, pending too */
	assert_int_equal(part_state(part_find(1)), PART_HALTED);
	assert_true(part_is_any_alive());
	apply(1, OP_PUT);
	apply(1, OP_FAULT);				/* not loaded: rebuilt at once */
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	assert_true(part_is_any_alive());
	apply(1, OP_GET);
	apply(1, OP_STOP);				/* halted, its vCPU not yet off its CPU */
	assert_false(part_is_any_alive());		/* HALTED + HALTED + EMPTY x2 */
	apply(1, OP_RESTART);				/* waits for the vCPU to leave */
	assert_int_equal(part_state(part_find(1)), PART_HALTED);
	assert_true(part_is_any_alive());
	apply(1, OP_PUT);				/* rebuilt only now */
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	apply(1, OP_STOP);
	assert_false(part_is_any_alive());
	apply(2, OP_CREATE);
	apply(2, OP_START);
	apply(2, OP_FAULT);				/* halt policy */
	assert_int_equal(part_state(part_find(2)), PART_CRASHED);
	assert_false(part_is_any_alive());		/* halted, crashed and empty */
	apply(0, OP_DESTROY);
	assert_false(part_is_any_alive());
	apply(0, OP_CREATE);
	assert_true(part_is_any_alive());
	alive_teardown();
}

static void test_alive_random(void **state)
{
	unsigned int seen_true = 0, seen_false = 0, seen_pending = 0;
	unsigned int seed = 12345;

	alive_setup();
	for (unsigned int n = 0; n < 20000; n++) {
		seed = seed * 1103515245u + 12345u;
		apply((seed >> 16) % NP, (enum op)((seed >> 8) % OP_NR));
		fk.now += 1000;
		if (model_alive())
			seen_true++;
		else
			seen_false++;
		seen_pending += model_only_pending();
	}
	/* The walk went through every kind of answer. */
	assert_true(seen_true > 1000);
	assert_true(seen_false > 100);
	assert_true(seen_pending > 10);
	alive_teardown();
}

/* ---- part_boot_watch() ------------------------------------------------------ */

static void test_watch(void **state)
{
	static uint8_t in[100];
	jmp_buf jb;
	uint8_t c;

	fake_setup(16 << 20, 1, 8);
	parts(2);
	m.console_input = 1;
	fake_boot(&m);
	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)('a' + i % 26);
	fk.input = in;
	fk.ninput = sizeof(in);
	fake_log_clear();

	/* Alive: input is moved, 64 bytes per call, to the focus (p1), nothing else. */
	part_boot_watch();
	assert_int_equal(fk.input_taken, 64);
	part_boot_watch();
	assert_int_equal(fk.input_taken, 100);
	part_boot_watch();
	assert_int_equal(fk.input_taken, 100);
	assert_int_equal(vcons_rx_pending(&fk.cons, (unsigned int)part_find(0)->cons), 0);
	for (unsigned int i = 0; i < VCONS_RX_SIZE; i++) {
		assert_int_equal(vcons_getc(&fk.cons, (unsigned int)part_find(1)->cons, &c), 0);
		assert_int_equal(c, in[i]);
	}
	assert_int_equal(fk.stops, 0);
	assert_string_equal(fake_log(), "");

	/* One crashed, one running: still nothing. */
	part_fault(part_find(0), "test");
	part_boot_watch();
	assert_int_equal(fk.stops, 0);

	/* None left: the two lines, then a clean stop. */
	assert_int_equal(part_stop(part_find(1), "test"), 0);
	fake_log_clear();
	fk.stop_jmp = &jb;
	if (!setjmp(jb)) {
		part_boot_watch();
		fail_msg("part_boot_watch() returned with no partition left");
	}
	fk.stop_jmp = NULL;
	assert_int_equal(fk.stops, 1);
	assert_int_equal(fk.stop_status, 0);
	assert_string_equal(fake_log(), "partitions: VMID generation rollovers: 0, with 8-bit VMIDs\n"
			    "bulkhead: no partition left running; stopping\n");
	fake_teardown();
}

/* ---- part_boot_run() ---------------------------------------------------------- */

static struct boot_info bi;

/* Run part_boot_run() until arch_stop(); returns the status. */
static int run_to_stop(void)
{
	static jmp_buf jb;

	fk.stop_jmp = &jb;
	if (!setjmp(jb)) {
		part_boot_run(&bi, &fk.pool, &m);
		fail_msg("part_boot_run() returned");
	}
	fk.stop_jmp = NULL;
	assert_int_equal(fk.stops, 1);
	return fk.stop_status;
}

static unsigned int cpu1_runs;

/* CPU 0's first idle: meanwhile CPU 1, released, prepares itself and runs its partition. */
static void cpu1_meanwhile(void)
{
	static jmp_buf jb;

	assert_int_equal(fk.releases, 1);
	assert_non_null(fk.release_fn);
	fk.cpu = 1;
	fk.idle_jmp = &jb;
	if (!setjmp(jb))
		fk.release_fn(1);	/* returns here when CPU 1 idles */
	fk.idle_jmp = NULL;
	fk.cpu = 0;
	cpu1_runs = (unsigned int)fake_part_vcpu(1, 0)->enters;
}

static void boot_setup(unsigned int cpus_present)
{
	fake_setup(16 << 20, 1, 8);
	memset(&bi, 0, sizeof(bi));
	bi.cpus_present = cpus_present;
	fk.vmid_bits = 8;
	fk.idle_limit = 100;
	fake_log_clear();
}

static void test_run_to_the_end(void **state)
{
	const struct part_env *e;

	/* CPUs 0, 1 and 3 online, 2 not: only 0 and 1 (the prefix) run vCPUs. */
	boot_setup(4);
	fk.online[1] = true;
	fk.online[3] = true;
	fk.vmid_bits = 5;
	parts(2);
	m.part[1].pcpu[0] = 1;
	fake_prog(0, 0, off_prog, ARRAY_SIZE(off_prog), false);
	fake_prog(1, 0, off_prog, ARRAY_SIZE(off_prog), false);
	fk.idle_hook = cpu1_meanwhile;
	cpu1_runs = 0;
	assert_int_equal(run_to_stop(), 0);

	/* The boot CPU was prepared first, before any partition existed; then CPU 1. */
	assert_int_equal(fk.guest_init_boot, 1);
	assert_int_equal(fk.parts_at_guest_init, 0);
	assert_int_equal(fk.guest_init[0], 1);
	assert_int_equal(fk.guest_init[1], 1);
	assert_int_equal(fk.guest_init[2] + fk.guest_init[3], 0);
	assert_int_equal(fk.releases, 1);
	assert_int_equal(fk.release_ncpus, 2);
	/* Each partition ran on its own CPU, and the end came after both turned off. */
	assert_true(fake_part_vcpu(0, 0)->enters > 0);
	assert_true(cpu1_runs > 0);
	assert_int_equal(fk.pinning_errors, 0);
	assert_int_equal(part_state(part_find(0)), PART_HALTED);
	assert_int_equal(part_state(part_find(1)), PART_HALTED);
	/* The environment: the pool given, a VMID space of the arch's width for 2 CPUs. */
	e = part_env();
	assert_ptr_equal(e->pool, &fk.pool);
	assert_int_equal(e->ncpus, 2);
	assert_int_equal(e->vmids->bits, 5);
	assert_int_equal(e->vmids->ncpus, 2);
	assert_non_null(e->cons);
	/* The lines the QEMU tests assert, in order. */
	assert_true(log_pos("partitions: 5-bit VMIDs, 2 CPU(s) run vCPUs\n") <
		    log_pos("bulkhead: partition \"p0\": started (1 vCPU)\n"));
	assert_true(log_pos("bulkhead: partition \"p0\": started (1 vCPU)\n") <
		    log_pos("bulkhead: partition \"p1\": started (1 vCPU)\n"));
	assert_true(log_pos("bulkhead: partition \"p1\": started (1 vCPU)\n") <
		    log_pos("partitions: 2 of 2 started\n"));
	assert_true(log_pos("partitions: 2 of 2 started\n") <
		    log_pos("bulkhead: partition \"p0\": system off: halted\n"));
	assert_true(log_pos("bulkhead: partition \"p0\": system off: halted\n") <
		    log_pos("bulkhead: partition \"p1\": system off: halted\n"));
	assert_true(log_pos("bulkhead: partition \"p1\": system off: halted\n") <
		    log_pos("partitions: VMID generation rollovers: 0, with 5-bit VMIDs\n"
			    "bulkhead: no partition left running; stopping\n"));
	fake_teardown();
}

static void test_run_alone(void **state)
{
	/* One CPU: no secondary is asked about; a partition that cannot be built is not started. */
	boot_setup(1);
	parts(2);
	m.part[1].mem[0].size = 64ull << 20;	/* more than the pool has */
	fake_prog(0, 0, off_prog, ARRAY_SIZE(off_prog), false);
	assert_int_equal(run_to_stop(), 0);
	assert_int_equal(fk.release_ncpus, 1);
	assert_int_equal(fk.guest_init[0], 1);
	assert_true(log_pos("partitions: 8-bit VMIDs, 1 CPU(s) run vCPUs\n") <
		    log_pos("partitions: 1 of 2 started\n"));
	assert_int_equal(part_state(part_find(1)), PART_EMPTY);
	assert_true(log_pos("partitions: 1 of 2 started\n") <
		    log_pos("bulkhead: no partition left running; stopping\n"));
	fake_teardown();
}

static void test_run_veto(void **state)
{
	boot_setup(2);
	fk.online[1] = true;
	fk.veto = "bulkhead.partitions=off";
	parts(1);
	assert_int_equal(run_to_stop(), 0);
	assert_string_equal(fake_log(), "bulkhead: partitions not started (bulkhead.partitions=off); stopping\n");
	assert_int_equal(fk.guest_init_boot, 0);
	assert_int_equal(fk.releases, 0);
	assert_int_equal(fk.live_arch_parts, 0);
	fake_teardown();
}

static void test_run_fatal(void **state)
{
	/* A VMID width the VMID space refuses. */
	boot_setup(1);
	fk.vmid_bits = 0;
	parts(1);
	EXPECT_BUG(part_boot_run(&bi, &fk.pool, &m));
	assert_string_equal(host_last_fatal, "cannot set up 0-bit VMIDs for 1 CPUs");
	assert_int_equal(fk.stops, 0);
	fake_teardown();

	/* A manifest this machine cannot run: a vCPU pinned to a CPU that is not online. */
	boot_setup(2);
	parts(1);
	m.part[0].pcpu[0] = 1;
	EXPECT_BUG(part_boot_run(&bi, &fk.pool, &m));
	assert_string_equal(host_last_fatal, "partitions: the manifest cannot be run on this machine");
	log_pos("bulkhead: partition \"p0\": vCPU 0: cpu 1 cannot run vCPUs\n");
	assert_int_equal(fk.releases, 0);
	assert_int_equal(fk.stops, 0);
	fake_teardown();
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_alive_cases),
	cmocka_unit_test(test_alive_random),
	cmocka_unit_test(test_watch),
	cmocka_unit_test(test_run_to_the_end),
	cmocka_unit_test(test_run_alone),
	cmocka_unit_test(test_run_veto),
	cmocka_unit_test(test_run_fatal),
};

int main(void)
{
	return cmocka_run_group_tests(tests, NULL, NULL);
}
