// SPDX-License-Identifier: MIT
/*
 * The vCPU run loop and exit dispatch (hyp/vcpu.c) with scripted fake
 * guests: hypercall completion, MMIO-bus emulation, lazy first-touch
 * mapping, abort injection, power events, exit statistics, and the fault
 * policies (halt, restart, reset-system) with a crashing guest while other
 * partitions run on. Guest memory is read back through the reference
 * stage-2 walker; expected results come from the scripts, not the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "physmem.h"
#include "hyp/hypercall.h"

static struct manifest m;

#define RAM0	0x40000000ull

static void parts(unsigned int n, unsigned int ncpus)
{
	memset(&m, 0, sizeof(m));
	m.nparts = n;
	for (unsigned int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "p%u", i);
		fake_mf_part(&m.part[i], name, RAM0, 0x10000);
		m.part[i].pcpu[0] = i % ncpus;
	}
}

/* Run rounds on cpu until nothing is runnable (bounded). */
static unsigned int drain(unsigned int cpu)
{
	unsigned int n = 0;

	while (fake_run(cpu))
		assert_true(++n < 1000);
	return n;
}

/* ---- Hypercalls complete through the exit record ------------------------ */

static const struct fake_step hc_prog[] = {
	{ F_HC, { HC_VERSION } },
	{ F_HC, { HC_FID(0xff) } },
	{ F_HC, { 0x84000000 } },			/* PSCI range: not ours */
	{ F_HC, { 0xffffffff00000000ull | HC_VERSION } },	/* SMCCC: only W0 counts */
	{ F_HC, { HC_PART_SELF } },
	{ F_END, { 0 } },
};

static void test_hypercall_roundtrip(void **state)
{
	struct fake_vcpu *f;
	struct partition *p;

	fake_setup(8 << 20, 1, 8);
	parts(1, 1);
	fake_prog(0, 0, hc_prog, ARRAY_SIZE(hc_prog), false);
	fake_boot(&m);
	p = part_find(0);
	assert_true(fake_run(0));
	f = fake_part_vcpu(0, 0);
	assert_int_equal(f->res[0], FAKE_RES_DONE);
	assert_int_equal(f->r[0][0], HC_OK);
	assert_int_equal(f->r[0][1], HC_ABI_VERSION);
	assert_int_equal((int64_t)f->r[1][0], HC_NOT_SUPPORTED);
	assert_int_equal((int64_t)f->r[2][0], HC_NOT_SUPPORTED);
	assert_int_equal(f->r[3][0], HC_OK);
	assert_int_equal(f->r[3][1], HC_ABI_VERSION);
	assert_int_equal(f->r[4][0], HC_OK);
	assert_int_equal(f->r[4][1], 0);
	assert_int_equal(f->r[4][2], 1);
	/* Unused result registers are zeroed, not left with guest-visible junk. */
	assert_int_equal(f->r[1][1], 0);
	assert_int_equal(f->r[1][3], 0);
	assert_int_equal(f->pc, 5);
	assert_int_equal(p->vcpu[0].stats.exits[VCPU_EXIT_HYPERCALL], 5);
	assert_int_equal(p->vcpu[0].stats.exits[VCPU_EXIT_WFI], 1);
	assert_int_equal(sched_current(0), NULL);
	assert_int_equal(part_state(p), PART_RUNNING);
	fake_teardown();
}

/* ---- MMIO bus ------------------------------------------------------------ */

struct dev {
	uint64_t last_off, last_val;
	unsigned int last_size, writes, reads;
	bool fail;
};

static struct dev dev0;

static int dev_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	struct dev *d = ctx;

	d->reads++;
	if (d->fail)
		return -1;
	*val = 0x1122334455667788ull + off;	/* the bus truncates to size */
	return 0;
}

static int dev_write(void *ctx, uint64_t off, unsigned int size, uint64_t val)
{
	struct dev *d = ctx;

	d->writes++;
	d->last_off = off;
	d->last_size = size;
	d->last_val = val;
	return d->fail ? -1 : 0;
}

static const struct mmio_ops dev_ops = { dev_read, dev_write };

static void add_dev(struct partition *p)
{
	assert_int_equal(part_mmio_register(p, 0x9000000, 0x1000, &dev_ops, &dev0), 0);
}

static const struct fake_step mmio_prog[] = {
	{ F_LOAD, { 0x9000004, 4 } },		/* 0: 0x5566778c */
	{ F_STORE, { 0x9000008, 1, 0x1ff } },	/* 1: device sees 0xff */
	{ F_LOAD, { 0x9000ff8, 8 } },		/* 2: whole 8 bytes */
	{ F_LOAD, { 0x9000ffc, 8 } },		/* 3: crosses the end: abort */
	{ F_EXEC, { 0x9000000 } },		/* 4: no fetch from a device: abort */
	{ F_LOAD, { 0x9000010, 3 } },		/* 5: odd size: abort */
	{ F_LOAD, { 0x9000020, 2 } },		/* 6: device refuses (fail): abort */
	{ F_END, { 0 } },
};

static void test_mmio_emulation(void **state)
{
	struct fake_vcpu *f;
	struct partition *p;

	fake_setup(8 << 20, 1, 8);
	memset(&dev0, 0, sizeof(dev0));
	parts(1, 1);
	fk.part_init_hook = add_dev;
	fake_prog(0, 0, mmio_prog, 6, true);
	fake_boot(&m);
	p = part_find(0);
	drain(0);
	f = fake_part_vcpu(0, 0);
	assert_int_equal(f->res[0], FAKE_RES_DONE);
	assert_int_equal(f->r[0][0], 0x5566778c);
	assert_int_equal(dev0.writes, 1);
	assert_int_equal(dev0.last_off, 8);
	assert_int_equal(dev0.last_size, 1);
	assert_int_equal(dev0.last_val, 0xff);
	assert_int_equal(f->res[2], FAKE_RES_DONE);
	assert_int_equal(f->r[2][0], 0x1122334455667788ull + 0xff8);
	assert_int_equal(f->res[3], FAKE_RES_ABORT);
	assert_int_equal(f->res[4], FAKE_RES_ABORT);
	assert_int_equal(f->res[5], FAKE_RES_ABORT);
	assert_int_equal(p->vcpu[0].stats.mmio, 3);
	assert_int_equal(p->vcpu[0].stats.aborts, 3);
	assert_int_equal(p->vcpu[0].stats.exits[VCPU_EXIT_S2_FAULT], 6);
	assert_int_equal(part_state(p), PART_RUNNING);

	/* A device callback that fails: the access aborts. */
	dev0.fail = true;
	fake_prog(0, 0, mmio_prog + 6, 2, true);
	assert_int_equal(part_restart(p, "t"), 0);
	drain(0);
	assert_int_equal(fake_part_vcpu(0, 0)->res[0], FAKE_RES_ABORT);
	assert_int_equal(dev0.reads, 3);
	fake_teardown();
}

/* ---- Lazy RAM ------------------------------------------------------------ */

static const uint8_t lazy_img[] = { 0xde, 0xad, 0xbe, 0xef };

static const struct fake_step lazy_prog[] = {
	{ F_STORE, { 0x60000010, 8, 0x0102030405060708ull } },
	{ F_LOAD, { 0x60000010, 8 } },
	{ F_LOAD, { 0x60003000, 4 } },		/* the image, another page */
	{ F_EXEC, { 0x60000000 } },		/* rw region: abort */
	{ F_STORE, { 0x60008000, 1, 1 } },	/* just past the region: abort */
	{ F_LOAD, { 0x60005ff8, 8 } },		/* never touched: zero, whatever the frame held */
	{ F_END, { 0 } },
};

static void test_lazy_first_touch(void **state)
{
	struct mf_partition *mp;
	struct fake_vcpu *f;
	struct partition *p;
	unsigned int prot;
	uint64_t free_before;

	fake_setup(8 << 20, 1, 8);
	parts(1, 1);
	mp = &m.part[0];
	mp->nmem = 2;
	mp->mem[1] = (struct mf_mem){ .gpa = 0x60000000, .size = 0x8000, .access = MF_ACC_R | MF_ACC_W,
				     .lazy = true };
	mp->nimages = 1;
	mp->image[0] = (struct mf_image){ .name = "l", .load = 0x60003000, .data = lazy_img, .size = 4 };
	fake_prog(0, 0, lazy_prog, ARRAY_SIZE(lazy_prog), true);
	fake_boot(&m);
	p = part_find(0);
	free_before = frame_pool_free(&fk.pool);
	drain(0);
	f = fake_part_vcpu(0, 0);
	assert_int_equal(f->res[0], FAKE_RES_DONE);
	assert_int_equal(f->r[1][0], 0x0102030405060708ull);
	assert_int_equal(f->r[2][0], 0xefbeadde);
	assert_int_equal(f->res[3], FAKE_RES_ABORT);
	assert_int_equal(f->res[4], FAKE_RES_ABORT);
	assert_int_equal(f->res[5], FAKE_RES_DONE);
	assert_int_equal(f->r[5][0], 0);
	/* The image's page was mapped at creation; pages 0 and 5 at their first touch. */
	assert_int_equal(p->vcpu[0].stats.lazy_maps, 2);
	/* Exactly those pages are mapped, rw, onto the region's backing. */
	for (uint64_t off = 0; off < 0x8000; off += 0x1000) {
		uint64_t pa;
		int r = fake_translate(p, 0x60000000 + off, &pa, &prot);

		if (off == 0 || off == 0x3000 || off == 0x5000) {
			assert_int_equal(r, 0);
			assert_int_equal(prot & (PT_R | PT_W | PT_X), PT_R | PT_W);
			assert_int_equal(pa, p->ram[1].hpa.v + off);
		} else {
			assert_int_not_equal(r, 0);
		}
	}
	/*
	 * First touch takes only table frames (and the cache's reserve for the
	 * next map), never RAM frames: the backing was allocated at creation.
	 */
	assert_true(free_before - frame_pool_free(&fk.pool) <= 8);
	fake_teardown();
}

/* ---- Violations: aborts, the other partition untouched ------------------ */

static const struct fake_step hostile_prog[] = {
	{ F_STORE, { 0x50000000, 8, 0xbad } },		/* not mapped in the caller */
	{ F_LOAD, { 0x3ffff000, 8 } },			/* just below its RAM */
	{ F_STORE, { RAM0 + 0x10000, 1, 0xbad } },	/* just past its RAM */
	{ F_STORE, { 0x70000000, 4, 0xbad } },		/* its read-only region */
	{ F_EXEC, { 0x70000000 } },			/* not executable */
	{ F_STORE, { 0xfffffffffff8ull, 8, 1 } },	/* top of the IPA space */
	{ F_STORE, { RAM0 + 0x20, 8, 0x600d } },	/* its own RAM: fine */
	{ F_HC, { HC_VERSION } },			/* still alive */
	{ F_END, { 0 } },
};

static void test_violations_inject_aborts(void **state)
{
	struct partition *h, *o;
	struct fake_vcpu *f;
	uint64_t sum, pa;

	fake_setup(8 << 20, 2, 8);
	parts(2, 2);
	m.part[0].nmem = 2;
	m.part[0].mem[1] = (struct mf_mem){ .gpa = 0x70000000, .size = 0x1000, .access = MF_ACC_R };
	m.part[1].mem[0].gpa = 0x50000000;	/* the other partition's RAM is at the hostile address */
	m.part[1].entry = 0x50000000;
	fake_prog(0, 0, hostile_prog, ARRAY_SIZE(hostile_prog), true);
	fake_boot(&m);
	h = part_find(0);
	o = part_find(1);
	memset(fake_guest_ptr(o, 0x50000000), 0x3c, 0x100);
	assert_int_equal(fake_translate(o, 0x50000000, &pa, NULL), 0);
	sum = fake_checksum(pa, 0x10000);
	drain(0);
	f = fake_part_vcpu(0, 0);
	for (unsigned int i = 0; i < 6; i++)
		assert_int_equal(f->res[i], FAKE_RES_ABORT);
	assert_int_equal(f->res[6], FAKE_RES_DONE);
	assert_int_equal(f->res[7], FAKE_RES_DONE);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(h, RAM0 + 0x20), 0x600d);
	assert_int_equal(h->vcpu[0].stats.aborts, 6);
	assert_int_equal(part_state(h), PART_RUNNING);
	assert_int_equal(part_state(o), PART_RUNNING);
	assert_int_equal(fake_checksum(pa, 0x10000), sum);
	/* No violation was logged as a policy action. */
	assert_null(strstr(fake_log(), "halted"));
	fake_teardown();
}

/* ---- Fault policies ------------------------------------------------------ */

static const struct fake_step crash_prog[] = {
	{ F_BURN, { 50000 } },
	{ F_STORE, { 0x50000000, 8, 0xbad } },	/* no handler: crash */
	{ F_END, { 0 } },
};

static const struct fake_step noisy_prog[] = {
	{ F_NOISY, { RAM0 + 0x100, 8 } },
};

/*
 * Partition 0 crashes, partition 1 shares its CPU (time-sliced), partition 2
 * runs on CPU 1. Returns after `rounds` rounds on each CPU.
 */
static void crash_setup(enum mf_fault_policy pol)
{
	fake_setup(16 << 20, 2, 8);
	parts(3, 2);
	m.part[1].pcpu[0] = 0;
	m.part[2].pcpu[0] = 1;
	for (unsigned int i = 0; i < 3; i++)
		m.part[i].time_slice_us = 100;
	m.part[0].fault = pol;
	fake_prog(0, 0, crash_prog, ARRAY_SIZE(crash_prog), false);
	fake_prog(1, 0, noisy_prog, 1, false);
	fake_prog(2, 0, noisy_prog, 1, false);
	fake_boot(&m);
}

static void rounds(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		fake_run(0);
		fake_run(1);
	}
}

static void test_policy_halt(void **state)
{
	uint64_t n1, n2, img;

	crash_setup(MF_FAULT_HALT);
	img = fake_checksum(part_find(2)->ram[0].hpa.v + 0x1000, 0xf000);
	rounds(20);
	assert_int_equal(part_state(part_find(0)), PART_CRASHED);
	assert_non_null(strstr(fake_log(),
		"bulkhead: partition \"p0\": vCPU 0: write at 0x50000000 with no abort handler: halted\n"));
	n1 = fake_part_vcpu(1, 0)->noisy;
	n2 = fake_part_vcpu(2, 0)->noisy;
	assert_true(n1 > 0 && n2 > 0);
	/* The others run on: p1 now has CPU 0 to itself. */
	rounds(20);
	assert_true(fake_part_vcpu(1, 0)->noisy > n1 + 20);
	assert_true(fake_part_vcpu(2, 0)->noisy > n2);
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	assert_int_equal(part_state(part_find(2)), PART_RUNNING);
	/* p2's memory outside the word it writes is unchanged. */
	assert_int_equal(fake_checksum(part_find(2)->ram[0].hpa.v + 0x1000, 0xf000), img);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(part_find(1), RAM0 + 0x100), fake_part_vcpu(1, 0)->noisy);
	assert_int_equal(fk.pinning_errors, 0);
	fake_teardown();
}

static void test_policy_restart(void **state)
{
	uint64_t free_after_first, n1;
	struct partition *p;

	crash_setup(MF_FAULT_RESTART);
	p = part_find(0);
	rounds(3);
	assert_true(p->restarts >= 1);
	assert_non_null(strstr(fake_log(),
		"bulkhead: partition \"p0\": vCPU 0: write at 0x50000000 with no abort handler: restarting\n"));
	assert_int_equal(part_state(p), PART_RUNNING);
	free_after_first = frame_pool_free(&fk.pool);
	n1 = fake_part_vcpu(1, 0)->noisy;
	rounds(40);
	/* It keeps crashing and coming back; nothing leaks; the others run. */
	assert_true(p->restarts >= 5);
	assert_int_equal(frame_pool_free(&fk.pool), free_after_first);
	assert_true(fake_part_vcpu(1, 0)->noisy > n1);
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	assert_int_equal(part_state(part_find(2)), PART_RUNNING);
	assert_int_equal(fk.live_arch_vcpus, 3);

	/*
	 * A crash loop does not drown the console: PART_CRASH_LOG_BURST lines,
	 * then (all within the same fake second) none; a second later one line
	 * that counts the unlogged restarts.
	 */
	rounds(80);
	{
		uint64_t r = p->restarts, lines = 0, unlogged;
		char want[160];

		assert_true(r > PART_CRASH_LOG_BURST + 3);
		assert_true(fk.now < PART_CRASH_LOG_PERIOD_NS);
		for (const char *l = fake_log(); (l = strstr(l, "no abort handler: restarting\n")); l++)
			lines++;
		assert_int_equal(lines, PART_CRASH_LOG_BURST);
		unlogged = r - PART_CRASH_LOG_BURST;
		fk.now += PART_CRASH_LOG_PERIOD_NS;
		while (p->restarts == r)
			rounds(1);
		snprintf(want, sizeof(want), "bulkhead: partition \"p0\": vCPU 0: write at 0x50000000 with no abort "
			 "handler: restarting (%llu more crash restarts were not logged)\n", (unsigned long long)unlogged);
		assert_non_null(strstr(fake_log(), want));
	}
	fake_teardown();
}

static void test_policy_reset_system(void **state)
{
	jmp_buf jb;

	crash_setup(MF_FAULT_RESET_SYSTEM);
	fk.reset_jmp = &jb;
	if (!setjmp(jb)) {
		rounds(20);
		fail_msg("the system was not reset");
	}
	assert_int_equal(fk.resets, 1);
	assert_non_null(strstr(fake_log(),
		"bulkhead: partition \"p0\": vCPU 0: write at 0x50000000 with no abort handler: resetting the system\n"));
	fake_teardown();
}

static const struct fake_step unknown_prog[] = {
	{ F_HC, { HC_VERSION } },
	{ F_UNKNOWN, { 0xec0000 } },
	{ F_END, { 0 } },
};

static const struct fake_step guest_crash_prog[] = {
	{ F_SYS, { VCPU_SYS_CRASH } },
	{ F_END, { 0 } },
};

static void test_unknown_exit_and_guest_crash(void **state)
{
	fake_setup(8 << 20, 2, 8);
	parts(2, 2);
	fake_prog(0, 0, unknown_prog, ARRAY_SIZE(unknown_prog), true);
	fake_prog(1, 0, guest_crash_prog, ARRAY_SIZE(guest_crash_prog), true);
	m.part[1].fault = MF_FAULT_RESTART;
	fake_boot(&m);
	drain(0);
	assert_int_equal(part_state(part_find(0)), PART_CRASHED);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"p0\": vCPU 0: unhandled exit 0xec0000: halted\n"));
	assert_int_equal(part_find(0)->vcpu[0].stats.exits[VCPU_EXIT_UNKNOWN], 1);
	fake_run(1);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"p1\": vCPU 0: guest crashed: restarting\n"));
	assert_int_equal(part_find(1)->restarts, 1);
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	fake_teardown();
}

/* ---- Power events --------------------------------------------------------- */

static const struct fake_step boot_cpu_prog[] = {
	{ F_SYS, { VCPU_SYS_CPU_STATE, 1 } },			/* 0: off */
	{ F_SYS, { VCPU_SYS_CPU_ON, 1, 0x40002000, 0x55 } },	/* 1: ok */
	{ F_SYS, { VCPU_SYS_CPU_ON, 1, 0x40002000, 0x55 } },	/* 2: already on */
	{ F_SYS, { VCPU_SYS_CPU_ON, 7, 0x40002000, 0 } },	/* 3: no such vCPU */
	{ F_SYS, { VCPU_SYS_CPU_STATE, 1 } },			/* 4: on */
	{ F_SYS, { VCPU_SYS_CPU_STATE, 99 } },			/* 5: invalid */
	{ F_SYS, { VCPU_SYS_CPU_ON, 0, 0, 0 } },		/* 6: itself: already on */
	{ F_WFI, { 0 } },						/* 7 */
	{ F_SYS, { VCPU_SYS_OFF } },				/* 8 */
	{ F_END, { 0 } },
};

static const struct fake_step second_cpu_prog[] = {
	{ F_HC, { HC_VERSION } },
	{ F_SYS, { VCPU_SYS_CPU_OFF } },
	{ F_END, { 0 } },
};

static void test_power_events(void **state)
{
	struct partition *p;
	struct fake_vcpu *f0, *f1;

	fake_setup(8 << 20, 2, 8);
	parts(1, 2);
	m.part[0].nvcpus = 2;
	m.part[0].pcpu[1] = 1;
	fake_prog(0, 0, boot_cpu_prog, ARRAY_SIZE(boot_cpu_prog), false);
	fake_prog(0, 1, second_cpu_prog, ARRAY_SIZE(second_cpu_prog), false);
	fake_boot(&m);
	p = part_find(0);
	assert_false(fake_run(1));		/* vCPU 1 starts off */
	assert_true(fake_run(0));		/* runs until the WFI */
	f0 = fake_part_vcpu(0, 0);
	f1 = fake_part_vcpu(0, 1);
	assert_int_equal(f0->r[0][0], 1);
	assert_int_equal(f0->r[1][0], VCPU_SYS_RET_OK);
	assert_int_equal((int64_t)f0->r[2][0], VCPU_SYS_RET_ALREADY_ON);
	assert_int_equal((int64_t)f0->r[3][0], VCPU_SYS_RET_INVALID);
	assert_int_equal(f0->r[4][0], 0);
	assert_int_equal((int64_t)f0->r[5][0], VCPU_SYS_RET_INVALID);
	assert_int_equal((int64_t)f0->r[6][0], VCPU_SYS_RET_ALREADY_ON);
	assert_int_equal(f0->pc, 7);
	assert_int_equal(fk.kicks[1], 1);	/* vCPU 1's CPU was woken */
	assert_int_equal(f1->entry, 0x40002000);
	assert_int_equal(f1->nargs, 1);
	assert_int_equal(f1->args[0], 0x55);

	/* vCPU 1 runs on CPU 1 only, then powers off. */
	assert_true(fake_run(1));
	assert_int_equal(f1->res[0], FAKE_RES_DONE);
	assert_false(p->vcpu[1].on);
	assert_false(fake_run(1));
	assert_int_equal(fk.pinning_errors, 0);

	/* vCPU 0 waits: not runnable until a wakeup is pending. */
	assert_false(vcpu_runnable(&p->vcpu[0]));
	assert_false(fake_run(0));
	f0->irq = true;
	assert_true(vcpu_runnable(&p->vcpu[0]));
	assert_true(fake_run(0));	/* past the WFI, then system off */
	assert_int_equal(part_state(p), PART_HALTED);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"p0\": system off: halted\n"));
	assert_int_equal(p->vcpu[0].stats.exits[VCPU_EXIT_SYSTEM], 8);
	fake_teardown();
}

static const struct fake_step reset_prog[] = {
	{ F_STORE, { RAM0 + 0x800, 8, 0x1234 } },
	{ F_SYS, { VCPU_SYS_RESET } },
	{ F_END, { 0 } },
};

static void test_system_reset_restarts(void **state)
{
	struct partition *p;

	fake_setup(8 << 20, 1, 8);
	parts(1, 1);
	fake_prog(0, 0, reset_prog, ARRAY_SIZE(reset_prog), false);
	fake_boot(&m);
	p = part_find(0);
	assert_true(fake_run(0));
	/* The restart happened when the vCPU left the CPU: fresh memory, fresh vCPU. */
	assert_int_equal(p->restarts, 1);
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(p, RAM0 + 0x800), 0);
	assert_int_equal(fake_part_vcpu(0, 0)->pc, 0);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"p0\": system reset: restarting\n"));
	/* Statistics survive the restart. */
	assert_int_equal(p->vcpu[0].stats.exits[VCPU_EXIT_SYSTEM], 1);
	fake_teardown();
}

/* ---- Dirty logging and page tracking through mm/ ------------------------- */

static unsigned int track_calls;
static uint64_t track_ga;
static uint32_t track_val;
static unsigned int track_bytes;
static int track_owner;

static int track_handler(void *priv, gpa_t ga, const void *data, unsigned bytes)
{
	track_calls++;
	track_ga = ga.v;
	track_bytes = bytes;
	memcpy(&track_val, data, bytes < 4 ? bytes : 4);
	return 0;
}

static void log_enable(struct partition *p, uint64_t ga)
{
	struct memslot *slot = memslot_find(&p->slots, ga >> PAGE_SHIFT);
	struct pt_need need;

	assert_non_null(slot);
	dirty_need_enable(&p->s2, slot, &need);
	assert_int_equal(part_cache_topup(p, &need), 0);
	assert_int_equal(dirty_log_enable(&p->s2, &p->cache, slot, DIRTY_MODE_WP, NULL, 0), 0);
}

static void track_enable(struct partition *p, uint64_t ga)
{
	struct pt_need need;

	assert_int_equal(pagetrack_register(&p->s2, &track_owner, ga >> PAGE_SHIFT, track_handler, NULL), 0);
	pagetrack_need(&p->s2, ga >> PAGE_SHIFT, &need);
	assert_int_equal(part_cache_topup(p, &need), 0);
	assert_int_equal(pagetrack_enable(&p->s2, &p->cache, &track_owner, ga >> PAGE_SHIFT), 0);
}

static const struct fake_step wp_prog[] = {
	/* 0 */ { F_STORE, { RAM0 + 0x2010, 8, 0xabc } },	/* logged page: recorded, retried */
	/* 1 */ { F_STORE, { RAM0 + 0x2018, 8, 0xdef } },	/* now writable: no exit */
	/* 2 */ { F_STORE, { 0x70000000, 8, 1 } },		/* read-only RAM: abort */
	/* 3 */ { F_STORE, { RAM0 + 0x5008, 4, 0x11223344 } },	/* tracked: emulated */
	/* 4 */ { F_LOAD, { RAM0 + 0x5008, 4 } },		/* reads are not tracked */
	/* 5 */ { F_STORE, { 0x60001000, 1, 0x7f } },		/* lazy + logged: map r/o, then record */
	/* 6 */ { F_HC, { HC_PART_INFO, 0, RAM0 + 0x3000, 64 } },	/* the hypervisor's write is logged */
	/* 7 */ { F_HC, { HC_PART_INFO, 0, RAM0 + 0x5000, 64 } },	/* never into a tracked page */
	/* 8 */ { F_EXEC, { RAM0 + 0x5000 } },			/* fetching is fine */
	{ F_END, { 0 } },
};

static void test_dirty_logging_and_tracking(void **state)
{
	struct memslot *s0, *s2;
	struct fake_vcpu *f;
	struct partition *p;
	unsigned int prot;

	fake_setup(8 << 20, 1, 8);
	parts(1, 1);
	m.part[0].nmem = 3;
	m.part[0].mem[1] = (struct mf_mem){ .gpa = 0x70000000, .size = 0x1000, .access = MF_ACC_R };
	m.part[0].mem[2] = (struct mf_mem){ .gpa = 0x60000000, .size = 0x4000, .access = MF_ACC_R | MF_ACC_W,
					     .lazy = true };
	fake_prog(0, 0, wp_prog, ARRAY_SIZE(wp_prog), true);
	fake_boot(&m);
	p = part_find(0);
	spin_lock(&p->mmu_lock);
	log_enable(p, RAM0);
	log_enable(p, 0x60000000);
	track_enable(p, RAM0 + 0x5000);
	spin_unlock(&p->mmu_lock);
	s0 = memslot_find(&p->slots, RAM0 >> PAGE_SHIFT);
	s2 = memslot_find(&p->slots, 0x60000000 >> PAGE_SHIFT);
	assert_int_equal(fake_translate(p, RAM0 + 0x2000, NULL, &prot), 0);
	assert_int_equal(prot & PT_W, 0);
	assert_false(dirty_test(s0, (RAM0 + 0x2000) >> PAGE_SHIFT));

	track_calls = 0;
	assert_true(fake_run(0));
	f = fake_part_vcpu(0, 0);
	assert_int_equal(f->res[0], FAKE_RES_DONE);
	assert_int_equal(f->res[1], FAKE_RES_DONE);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(p, RAM0 + 0x2010), 0xabc);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(p, RAM0 + 0x2018), 0xdef);
	assert_true(dirty_test(s0, (RAM0 + 0x2000) >> PAGE_SHIFT));
	assert_int_equal(f->res[2], FAKE_RES_ABORT);
	/* The tracked write: done by the hypervisor, handler told, page still protected. */
	assert_int_equal(f->res[3], FAKE_RES_DONE);
	assert_int_equal(track_calls, 1);
	assert_int_equal(track_ga, RAM0 + 0x5008);
	assert_int_equal(track_bytes, 4);
	assert_int_equal(track_val, 0x11223344);
	assert_int_equal(*(uint32_t *)fake_guest_ptr(p, RAM0 + 0x5008), 0x11223344);
	assert_int_equal(fake_translate(p, RAM0 + 0x5000, NULL, &prot), 0);
	assert_int_equal(prot & PT_W, 0);
	assert_true(dirty_test(s0, (RAM0 + 0x5000) >> PAGE_SHIFT));
	assert_int_equal(f->r[4][0], 0x11223344);
	/* Lazy page of a logging slot: mapped read-only first, then the write recorded. */
	assert_int_equal(f->res[5], FAKE_RES_DONE);
	assert_int_equal(*fake_guest_ptr(p, 0x60001000), 0x7f);
	assert_true(dirty_test(s2, 0x60001));
	assert_false(dirty_test(s2, 0x60000));
	/* Hypercall buffers: a logged page is recorded; a tracked page is refused. */
	assert_int_equal((int64_t)f->r[6][0], HC_OK);
	assert_true(dirty_test(s0, (RAM0 + 0x3000) >> PAGE_SHIFT));
	assert_int_equal((int64_t)f->r[7][0], HC_BAD_ADDRESS);
	assert_int_equal(track_calls, 1);
	assert_int_equal(f->res[8], FAKE_RES_DONE);
	assert_false(dirty_test(s0, (RAM0 + 0x4000) >> PAGE_SHIFT));
	assert_int_equal(p->vcpu[0].stats.wp_faults, 3);
	assert_int_equal(p->vcpu[0].stats.lazy_maps, 1);
	assert_int_equal(p->vcpu[0].stats.aborts, 1);

	/* Restart and destroy with logging on: the bitmaps' frames come back. */
	assert_int_equal(part_restart(p, "t"), 0);
	assert_int_equal(p->slots.n, 3);
	assert_int_equal(memslot_find(&p->slots, RAM0 >> PAGE_SHIFT)->dirty_mode, DIRTY_MODE_OFF);
	assert_int_equal(part_stop(p, "t"), 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(frame_pool_free(&fk.pool), fk.pool_free_at_start);
	fake_teardown();
}

/*
 * Cross-CPU stop: p0 (CPU 0) stops p1 by hypercall while p1's vCPU is on
 * CPU 1. CPU 1 is kicked; p1's next exit there is the kick, after which its
 * run loop sees the stop and gives the CPU up. Nobody waited.
 */
static const struct fake_step stopper_prog[] = {
	{ F_HC, { HC_PART_STOP, 1 } },
	{ F_END, { 0 } },
};

static void test_remote_stop_kicks(void **state)
{
	struct partition *p1;
	struct vcpu *v1;

	fake_setup(8 << 20, 2, 8);
	parts(2, 2);
	m.part[0].privileges = MF_PRIV_STOP;
	fake_prog(0, 0, stopper_prog, ARRAY_SIZE(stopper_prog), false);
	fake_prog(1, 0, noisy_prog, 1, false);
	fake_boot(&m);
	p1 = part_find(1);
	v1 = &p1->vcpu[0];
	/* Starting p1 (from CPU 0) kicked CPU 1 awake: forget that one. */
	assert_int_equal(fk.kicks[1], 1);
	fk.kicks[1] = 0;
	fk.kick_pending[1] = false;
	/* p1's vCPU is loaded on CPU 1 (between get and run, or running). */
	fk.cpu = 1;
	assert_true(part_vcpu_get(v1));
	/* Meanwhile CPU 0 runs p0, which stops p1. */
	assert_true(fake_run(0));
	assert_int_equal((int64_t)fake_part_vcpu(0, 0)->r[0][0], HC_OK);
	assert_int_equal(part_state(p1), PART_HALTED);
	assert_int_equal(fk.kicks[1], 1);
	assert_true(fk.kick_pending[1]);
	/* CPU 1 enters p1: the pending kick makes it exit at once, and it stops. */
	fk.cpu = 1;
	assert_int_equal(vcpu_run(v1), VCPU_RUN_STOPPED);
	assert_int_equal(v1->stats.exits[VCPU_EXIT_IRQ], 1);
	assert_int_equal(fake_part_vcpu(1, 0)->noisy, 0);
	part_vcpu_put(v1);
	assert_int_equal(p1->nrunning, 0);
	assert_false(fake_run(1));
	fake_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hypercall_roundtrip),
		cmocka_unit_test(test_mmio_emulation),
		cmocka_unit_test(test_lazy_first_touch),
		cmocka_unit_test(test_violations_inject_aborts),
		cmocka_unit_test(test_policy_halt),
		cmocka_unit_test(test_policy_restart),
		cmocka_unit_test(test_policy_reset_system),
		cmocka_unit_test(test_unknown_exit_and_guest_crash),
		cmocka_unit_test(test_power_events),
		cmocka_unit_test(test_system_reset_restarts),
		cmocka_unit_test(test_dirty_logging_and_tracking),
		cmocka_unit_test(test_remote_stop_kicks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
