// SPDX-License-Identifier: MIT
/*
 * Hypercalls (hyp/hypercall.c) from scripted fake guests with hostile
 * arguments: bad pointers, lengths, wraparound, device memory, emulated
 * devices, unmapped ranges, the other partition's addresses, read-only
 * buffers, unknown IDs and missing privileges. Each must return the
 * documented code (docs/hypercalls.md), change nothing when it fails, and
 * leave the other partition's memory unchanged (checksum).
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

#define RAM0	0x40000000ull
#define RO	0x70000000ull
#define LAZY	0x60000000ull
#define PASS	0x8000000ull
#define EMU	0x9000000ull
#define VRAM	0x50000000ull
#define DEV_HPA	0x9000000ull

static struct manifest m;
static const char hello[] = "hello\n";
static const char lazy_text[] = "lazy\n";

static int emu_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	*val = 0;
	return 0;
}

static const struct mmio_ops emu_ops = { emu_read, NULL };

static void add_emu(struct partition *p)
{
	if (p->id == 0)
		assert_int_equal(part_mmio_register(p, EMU, 0x1000, &emu_ops, NULL), 0);
}

static void setup(unsigned int privileges)
{
	struct mf_partition *c, *v;

	fake_setup(16 << 20, 2, 8);
	physmem_add(DEV_HPA, 0x1000, 0x41);
	memset(&m, 0, sizeof(m));
	m.nparts = 2;
	c = &m.part[0];
	v = &m.part[1];
	fake_mf_part(c, "caller", RAM0, 0x10000);
	c->privileges = privileges;
	c->nmem = 3;
	c->mem[1] = (struct mf_mem){ .gpa = RO, .size = 0x1000, .access = MF_ACC_R };
	c->mem[2] = (struct mf_mem){ .gpa = LAZY, .size = 0x4000, .access = MF_ACC_R | MF_ACC_W, .lazy = true };
	c->nimages = 2;
	c->image[0] = (struct mf_image){ .name = "a", .load = RAM0 + 0x100, .data = hello, .size = 6 };
	c->image[1] = (struct mf_image){ .name = "b", .load = LAZY + 0x2000, .data = lazy_text, .size = 5 };
	c->ndevices = 1;
	c->dev[0] = (struct mf_device){ .hpa = DEV_HPA, .gpa = PASS, .size = 0x1000 };
	fake_mf_part(v, "victim", VRAM, 0x10000);
	v->pcpu[0] = 1;
	fk.part_init_hook = add_emu;
}

static uint64_t victim_sum(void)
{
	return fake_checksum(part_find(1)->ram[0].hpa.v, 0x10000);
}

static void victim_fill(void)
{
	for (uint64_t i = 0; i < 0x10000; i++)
		*physmem_ptr(part_find(1)->ram[0].hpa.v + i) = (uint8_t)(i * 7 + 3);
}

/* Run the caller's script to its end on CPU 0. */
static struct fake_vcpu *run_caller(void)
{
	unsigned int n = 0;

	while (fake_run(0))
		assert_true(++n < 100);
	return fake_part_vcpu(0, 0);
}

static int64_t st(const struct fake_vcpu *f, unsigned int i)
{
	assert_int_equal(f->res[i], FAKE_RES_DONE);
	return (int64_t)f->r[i][0];
}

/* ---- Console writes ------------------------------------------------------ */

static const struct fake_step cons_prog[] = {
	/* 0 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0x100, 6 } },
	/* 1 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0x100, 0 } },
	/* 2 */ { F_HC, { HC_CONSOLE_WRITE, RAM0, HC_CONSOLE_MAX + 1 } },
	/* 3 */ { F_HC, { HC_CONSOLE_WRITE, VRAM, 6 } },
	/* 4 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0xfffc, 8 } },
	/* 5 */ { F_HC, { HC_CONSOLE_WRITE, 0xfffffffffffffff0ull, 0x20 } },
	/* 6 */ { F_HC, { HC_CONSOLE_WRITE, PASS, 4 } },
	/* 7 */ { F_HC, { HC_CONSOLE_WRITE, EMU, 4 } },
	/* 8 */ { F_HC, { HC_CONSOLE_WRITE, LAZY + 0x2000, 5 } },
	/* 9 */ { F_HC, { HC_CONSOLE_WRITE, 1ull << 48, 1 } },
	/* 10 */ { F_HC, { HC_CONSOLE_WRITE, ~0ull, 1 } },
	/* 11 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0x10000, ~0ull } },
	/* 12 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0x100, HC_CONSOLE_MAX } },	/* up to the end of RAM: fine */
	/* 13 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0xf000, HC_CONSOLE_MAX + 0 } },	/* last page exactly */
	/* 14 */ { F_HC, { HC_CONSOLE_WRITE, RAM0 + 0xf001, HC_CONSOLE_MAX } },	/* one byte past */
	{ F_END, { 0 } },
};

static void test_console_write(void **state)
{
	struct fake_vcpu *f;
	uint64_t sum;

	setup(0);
	fake_prog(0, 0, cons_prog, ARRAY_SIZE(cons_prog), true);
	fake_boot(&m);
	victim_fill();
	sum = victim_sum();
	f = run_caller();
	assert_int_equal(st(f, 0), HC_OK);
	assert_int_equal(f->r[0][1], 6);
	assert_int_equal(st(f, 1), HC_OK);
	assert_int_equal(f->r[1][1], 0);
	assert_int_equal(st(f, 2), HC_INVALID);
	assert_int_equal(st(f, 3), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 4), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 5), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 6), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 7), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 8), HC_OK);
	assert_int_equal(f->r[8][1], 5);
	assert_int_equal(st(f, 9), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 10), HC_BAD_ADDRESS);
	assert_int_equal(st(f, 11), HC_INVALID);
	assert_int_equal(st(f, 12), HC_OK);
	assert_int_equal(st(f, 13), HC_OK);
	assert_int_equal(st(f, 14), HC_BAD_ADDRESS);
	for (unsigned int i = 2; i < 12; i++)
		if (i != 8)
			assert_int_equal(f->r[i][1], 0);
	/* The good writes printed; the failed ones printed nothing. */
	assert_true(fake_console_has("[caller] hello\n"));
	assert_true(fake_console_has("[caller] lazy\n"));
	/* The lazy page was mapped for the hypercall (a guest fault would count in lazy_maps). */
	assert_int_equal(fake_translate(part_find(0), LAZY + 0x2000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(part_find(0), LAZY + 0x1000, NULL, NULL), 0);
	assert_int_equal(part_find(0)->vcpu[0].stats.lazy_maps, 0);
	assert_int_equal(fk.cons.cons[0].tx_chars, 6 + 5 + HC_CONSOLE_MAX * 2);
	assert_int_equal(victim_sum(), sum);
	assert_int_equal(part_state(part_find(0)), PART_RUNNING);
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	fake_teardown();
}

/* ---- Identity, list, statistics; privileges missing ------------------------ */

static const struct fake_step info_prog[] = {
	/* 0 */ { F_HC, { HC_PART_SELF } },
	/* 1 */ { F_HC, { HC_PART_INFO, 1, RAM0 + 0x200, 64 } },
	/* 2 */ { F_HC, { HC_PART_INFO, 2, RAM0 + 0x300, 64 } },
	/* 3 */ { F_HC, { HC_PART_INFO, ~0ull, RAM0 + 0x300, 64 } },
	/* 4 */ { F_HC, { HC_PART_INFO, 0, RAM0 + 0x300, 63 } },
	/* 5 */ { F_HC, { HC_PART_INFO, 0, RO, 64 } },			/* read-only buffer */
	/* 6 */ { F_HC, { HC_PART_INFO, 0, LAZY + 0x3fe0, 64 } },	/* half past the lazy RAM */
	/* 7 */ { F_HC, { HC_PART_INFO, 0, VRAM + 0x100, 64 } },		/* the victim's RAM address */
	/* 8 */ { F_HC, { HC_PART_INFO, 0, PASS, 64 } },			/* device memory */
	/* 9 */ { F_HC, { HC_PART_INFO, 0, 0xffffffffffffffe0ull, 64 } },	/* wraps */
	/* 10 */ { F_HC, { HC_PART_STATS, 1, RAM0 + 0x400, 96 } },	/* not privileged */
	/* 11 */ { F_HC, { HC_PART_STATS, 0, RAM0 + 0x400, 96 } },	/* own: allowed */
	/* 12 */ { F_HC, { HC_PART_STATS, 0, RAM0 + 0x400, 95 } },
	/* 13 */ { F_HC, { HC_PART_STATS, 7, RAM0 + 0x400, 96 } },
	/* 14 */ { F_HC, { HC_PART_STOP, 1 } },
	/* 15 */ { F_HC, { HC_PART_RESTART, 1 } },
	/* 16 */ { F_HC, { HC_PART_STOP, 16 } },
	/* 17 */ { F_HC, { HC_FID(HC_NCALLS) } },
	/* 18 */ { F_HC, { HC_FID(0xffff) } },
	/* 19 */ { F_HC, { 0xC5000000 } },				/* other owner */
	/* 20 */ { F_HC, { 0 } },
	/* 21 */ { F_HC, { HC_PART_INFO, 0, RAM0 + 0xffc0, 64 } },	/* exactly fits */
	{ F_END, { 0 } },
};

static void test_info_stats_unprivileged(void **state)
{
	const struct hc_part_info *info;
	const struct hc_part_stats *sts;
	struct fake_vcpu *f;
	struct partition *c;
	uint64_t sum;
	uint8_t before[64];

	setup(0);
	fake_prog(0, 0, info_prog, ARRAY_SIZE(info_prog), true);
	fake_boot(&m);
	c = part_find(0);
	victim_fill();
	sum = victim_sum();
	/* Garbage in the never-touched lazy page: its first touch must zero it. */
	memset(physmem_ptr(c->ram[2].hpa.v + 0x3fe0), 0xab, 0x20);
	memset(before, 0, sizeof(before));
	f = run_caller();

	assert_int_equal(st(f, 0), HC_OK);
	assert_int_equal(f->r[0][1], 0);
	assert_int_equal(f->r[0][2], 2);
	assert_int_equal(st(f, 1), HC_OK);
	assert_int_equal(f->r[1][1], 64);
	info = (const struct hc_part_info *)fake_guest_ptr(c, RAM0 + 0x200);
	assert_int_equal(info->id, 1);
	assert_int_equal(info->state, HC_STATE_RUNNING);
	assert_int_equal(info->nvcpus, 1);
	assert_string_equal(info->name, "victim");
	for (unsigned int i = 2; i <= 4; i++)
		assert_int_equal(st(f, i), HC_INVALID);
	for (unsigned int i = 5; i <= 9; i++)
		assert_int_equal(st(f, i), HC_BAD_ADDRESS);
	/* Validate first: the half-mapped buffer was not partly written (zero since its first touch). */
	assert_memory_equal(physmem_ptr(c->ram[2].hpa.v + 0x3fe0), before, 0x20);
	assert_int_equal(st(f, 10), HC_DENIED);
	assert_int_equal(st(f, 11), HC_OK);
	sts = (const struct hc_part_stats *)fake_guest_ptr(c, RAM0 + 0x400);
	/* Steps 0-11 are hypercall exits; the 12th is being handled as it is counted. */
	assert_int_equal(sts->exits[VCPU_EXIT_HYPERCALL], 12);
	assert_int_equal(sts->exits[VCPU_EXIT_S2_FAULT], 0);
	assert_int_equal(sts->exits[7], 0);
	assert_int_equal(st(f, 12), HC_INVALID);
	assert_int_equal(st(f, 13), HC_INVALID);
	assert_int_equal(st(f, 14), HC_DENIED);
	assert_int_equal(st(f, 15), HC_DENIED);
	assert_int_equal(st(f, 16), HC_INVALID);
	for (unsigned int i = 17; i <= 20; i++)
		assert_int_equal(st(f, i), HC_NOT_SUPPORTED);
	assert_int_equal(st(f, 21), HC_OK);
	assert_int_equal(part_state(part_find(1)), PART_RUNNING);
	assert_int_equal(part_find(1)->restarts, 0);
	assert_int_equal(victim_sum(), sum);
	/* Nothing was injected: bad arguments are error codes, not faults. */
	assert_int_equal(c->vcpu[0].stats.aborts, 0);
	fake_teardown();
}

/* ---- With privileges ----------------------------------------------------------- */

static const struct fake_step priv_prog[] = {
	/* 0 */ { F_HC, { HC_PART_STATS, 1, RAM0 + 0x400, 96 } },
	/* 1 */ { F_HC, { HC_PART_STOP, 1 } },
	/* 2 */ { F_HC, { HC_PART_STOP, 1 } },		/* already halted */
	/* 3 */ { F_HC, { HC_PART_INFO, 1, RAM0 + 0x200, 64 } },
	/* 4 */ { F_HC, { HC_PART_RESTART, 1 } },
	/* 5 */ { F_HC, { HC_PART_RESTART, 9 } },
	/* 6 */ { F_HC, { HC_PART_STATS, 1, RO, 96 } },	/* privileged, but a read-only buffer */
	{ F_END, { 0 } },
};

static const struct fake_step victim_prog[] = {
	{ F_HC, { HC_VERSION } },
	{ F_WFI, { 0 } },
	{ F_END, { 0 } },
};

static void test_privileged(void **state)
{
	const struct hc_part_stats *sts;
	const struct hc_part_info *info;
	struct fake_vcpu *f;
	struct partition *c, *v;

	setup(MF_PRIV_STOP | MF_PRIV_RESTART | MF_PRIV_READ_STATS);
	fake_prog(0, 0, priv_prog, ARRAY_SIZE(priv_prog), true);
	fake_prog(1, 0, victim_prog, ARRAY_SIZE(victim_prog), true);
	fake_boot(&m);
	c = part_find(0);
	v = part_find(1);
	assert_true(fake_run(1));	/* the victim: one hypercall, then it waits */
	f = run_caller();
	assert_int_equal(st(f, 0), HC_OK);
	sts = (const struct hc_part_stats *)fake_guest_ptr(c, RAM0 + 0x400);
	assert_int_equal(sts->exits[VCPU_EXIT_HYPERCALL], 1);
	assert_int_equal(sts->exits[VCPU_EXIT_WFI], 1);
	assert_int_equal(st(f, 1), HC_OK);
	assert_int_equal(st(f, 2), HC_BAD_STATE);
	assert_int_equal(st(f, 3), HC_OK);
	info = (const struct hc_part_info *)fake_guest_ptr(c, RAM0 + 0x200);
	assert_int_equal(info->state, HC_STATE_HALTED);
	assert_int_equal(st(f, 4), HC_OK);
	assert_int_equal(st(f, 5), HC_INVALID);
	assert_int_equal(st(f, 6), HC_BAD_ADDRESS);
	assert_int_equal(part_state(v), PART_RUNNING);
	assert_int_equal(v->restarts, 1);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"victim\": stopped by another partition: halted\n"));
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"victim\": restarted by another partition: restarting\n"));
	/* The restarted victim runs again from its entry. */
	assert_true(fake_run(1));
	assert_int_equal(fake_vcpu(&v->vcpu[0])->res[0], FAKE_RES_DONE);
	fake_teardown();
}

/* Without privileges a partition may still stop or restart itself. */
static const struct fake_step self_restart_prog[] = {
	{ F_STORE, { RAM0 + 0x900, 8, 0x5555 } },
	{ F_HC, { HC_PART_RESTART, 0 } },
	{ F_END, { 0 } },
};

static const struct fake_step self_stop_prog[] = {
	{ F_HC, { HC_PART_STOP, 0 } },
	{ F_HC, { HC_VERSION } },	/* never reached */
	{ F_END, { 0 } },
};

static void test_self_stop_restart(void **state)
{
	struct partition *c;

	setup(0);
	fake_prog(0, 0, self_restart_prog, ARRAY_SIZE(self_restart_prog), true);
	fake_boot(&m);
	c = part_find(0);
	assert_true(fake_run(0));
	assert_int_equal(c->restarts, 1);
	assert_int_equal(part_state(c), PART_RUNNING);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(c, RAM0 + 0x900), 0);
	fake_teardown();

	setup(0);
	fake_prog(0, 0, self_stop_prog, ARRAY_SIZE(self_stop_prog), true);
	fake_boot(&m);
	c = part_find(0);
	assert_true(fake_run(0));
	assert_int_equal(part_state(c), PART_HALTED);
	assert_int_equal(c->vcpu[0].stats.exits[VCPU_EXIT_HYPERCALL], 1);
	assert_false(fake_run(0));
	fake_teardown();
}

/* HC_YIELD gives the CPU up; the result is delivered when the vCPU next runs. */
static const struct fake_step yield_prog[] = {
	{ F_HC, { HC_YIELD } },
	{ F_HC, { HC_VERSION } },
	{ F_END, { 0 } },
};

static void test_yield(void **state)
{
	struct fake_vcpu *f;
	struct partition *c;

	setup(0);
	fake_prog(0, 0, yield_prog, ARRAY_SIZE(yield_prog), true);
	fake_boot(&m);
	c = part_find(0);
	assert_true(fake_run(0));
	f = fake_vcpu(&c->vcpu[0]);
	assert_int_equal(f->pc, 0);
	assert_int_equal(c->vcpu[0].stats.exits[VCPU_EXIT_HYPERCALL], 1);
	assert_true(vcpu_runnable(&c->vcpu[0]));
	assert_true(fake_run(0));
	assert_int_equal(st(f, 0), HC_OK);
	assert_int_equal(st(f, 1), HC_OK);
	fake_teardown();
}

/*
 * Random buffers around every boundary of the caller's layout, against a
 * model of the documented rules written from the layout alone: a buffer is
 * good iff it does not wrap and every byte lies in a region granting the
 * access (console: read; records: write).
 */
struct mregion {
	uint64_t base, size;
	bool w;
};

static const struct mregion layout[] = {
	{ RAM0, 0x10000, true }, { RO, 0x1000, false }, { LAZY, 0x4000, true },
};

static bool model_ok(uint64_t ga, uint64_t len, bool write)
{
	uint64_t a = ga;

	if (!len)
		return true;
	if (ga + (len - 1) < ga)
		return false;
	/* Walk the buffer region by region. */
	while (1) {
		const struct mregion *r = NULL;

		for (unsigned int i = 0; i < ARRAY_SIZE(layout); i++)
			if (a >= layout[i].base && a - layout[i].base < layout[i].size)
				r = &layout[i];
		if (!r || (write && !r->w))
			return false;
		if (ga + (len - 1) - r->base < r->size)
			return true;
		a = r->base + r->size;
	}
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t pick_gpa(void)
{
	static const uint64_t edges[] = {
		RAM0, RAM0 + 0x10000, RO, RO + 0x1000, LAZY, LAZY + 0x4000, PASS, EMU, VRAM, 0,
		1ull << 48, 0xffffffffffffffffull, RAM0 + 0x8000, LAZY + 0x2000,
	};
	uint64_t e = edges[rnd() % ARRAY_SIZE(edges)];
	int64_t d = (int64_t)(rnd() % 257) - 128;

	return rnd() % 4 ? e + (uint64_t)d : e + (rnd() % 0x20000) - 0x10000;
}

static uint64_t pick_len(void)
{
	static const uint64_t lens[] = { 0, 1, 7, 8, 63, 64, 65, 4095, 4096, 4097, 0x10000, ~0ull };

	return rnd() % 3 ? lens[rnd() % ARRAY_SIZE(lens)] : rnd() % 5000;
}

static struct fake_step one[2];

static void test_random_buffers_against_model(void **state)
{
	struct partition *c;
	struct vcpu *v;
	struct fake_vcpu *f;
	uint64_t vsum, tx = 0, ok_cons = 0, ok_info = 0;
	static uint8_t before[0x10000 + 0x1000 + 0x4000];

	setup(0);
	fake_boot(&m);
	c = part_find(0);
	v = &c->vcpu[0];
	victim_fill();
	vsum = victim_sum();
	for (unsigned int n = 0; n < 1500; n++) {
		bool info = rnd() % 2;
		uint64_t ga = pick_gpa(), len = info ? 64 + rnd() % 3 * 100 : pick_len();
		int64_t want;

		/* Snapshot the caller's RAM (all three regions) through their backing. */
		memcpy(before, physmem_ptr(c->ram[0].hpa.v), 0x10000);
		memcpy(before + 0x10000, physmem_ptr(c->ram[1].hpa.v), 0x1000);
		memcpy(before + 0x11000, physmem_ptr(c->ram[2].hpa.v), 0x4000);
		if (info) {
			one[0] = (struct fake_step){ F_HC, { HC_PART_INFO, 1, ga, len } };
			want = model_ok(ga, 64, true) ? HC_OK : HC_BAD_ADDRESS;
		} else {
			one[0] = (struct fake_step){ F_HC, { HC_CONSOLE_WRITE, ga, len } };
			want = len > HC_CONSOLE_MAX ? HC_INVALID : model_ok(ga, len, false) ? HC_OK : HC_BAD_ADDRESS;
		}
		one[1] = (struct fake_step){ F_END, { 0 } };
		f = fake_vcpu(v);
		f->prog = one;
		f->nsteps = 2;
		f->pc = 0;
		f->res[0] = FAKE_RES_NONE;
		v->exit.reason = VCPU_EXIT_NONE;
		v->wfi = false;
		assert_true(fake_run(0));
		if (st(f, 0) != want)
			fail_msg("call %u: %s gpa 0x%llx len 0x%llx: got %lld, model %lld", n,
				 info ? "info" : "console", (unsigned long long)ga, (unsigned long long)len,
				 (long long)st(f, 0), (long long)want);
		if (info && want == HC_OK) {
			/* The record may straddle pages: read it through the guest view byte by byte. */
			const struct hc_part_info *pi;
			uint8_t rec[64];

			for (unsigned int i = 0; i < 64; i++)
				rec[i] = *fake_guest_ptr(c, ga + i);
			pi = (const struct hc_part_info *)rec;
			assert_int_equal(pi->id, 1);
			assert_string_equal(pi->name, "victim");
			ok_info++;
		} else {
			/* A console write or a failed call changes no guest memory. */
			assert_memory_equal(before, physmem_ptr(c->ram[0].hpa.v), 0x10000);
			assert_memory_equal(before + 0x10000, physmem_ptr(c->ram[1].hpa.v), 0x1000);
			assert_memory_equal(before + 0x11000, physmem_ptr(c->ram[2].hpa.v), 0x4000);
		}
		if (!info && want == HC_OK) {
			tx += len;
			ok_cons++;
			assert_int_equal(f->r[0][1], len);
		}
		assert_int_equal(fk.cons.cons[0].tx_chars, tx);
	}
	/* Both outcomes were exercised plenty. */
	assert_true(ok_cons > 100 && ok_info > 50);
	assert_int_equal(victim_sum(), vsum);
	assert_int_equal(part_state(c), PART_RUNNING);
	assert_int_equal(c->vcpu[0].stats.aborts, 0);
	fake_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_console_write),
		cmocka_unit_test(test_info_stats_unprivileged),
		cmocka_unit_test(test_privileged),
		cmocka_unit_test(test_self_stop_restart),
		cmocka_unit_test(test_yield),
		cmocka_unit_test(test_random_buffers_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
