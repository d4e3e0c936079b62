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

/* ---- Dirty logging (HC_DIRTY_*) ---------------------------------------------- */

#define DLOG		0x58000000ull	/* the caller's second writable region, logged by itself */
#define DLOG_PAGES	32
#define WRAM		0x5c000000ull	/* the victim's lazy region, logged by the caller */
#define WRAM_PAGES	8

static void dirty_setup(unsigned int privileges)
{
	struct mf_partition *c = &m.part[0], *v = &m.part[1];

	setup(privileges);
	c->mem[3] = (struct mf_mem){ .gpa = DLOG, .size = DLOG_PAGES * 0x1000ull, .access = MF_ACC_R | MF_ACC_W };
	c->nmem = 4;
	v->mem[1] = (struct mf_mem){ .gpa = WRAM, .size = WRAM_PAGES * 0x1000ull,
				     .access = MF_ACC_R | MF_ACC_W, .lazy = true };
	v->nmem = 2;
}

static struct fake_step dstep[2];

/* Run one step on vCPU 0 of partition pid (on its CPU) and return its fake state. */
static struct fake_vcpu *run_step(unsigned int pid, struct fake_step s)
{
	struct vcpu *v = &part_find(pid)->vcpu[0];
	struct fake_vcpu *f = fake_vcpu(v);

	dstep[0] = s;
	dstep[1] = (struct fake_step){ F_END, { 0 } };
	f->prog = dstep;
	f->nsteps = 2;
	f->pc = 0;
	f->res[0] = FAKE_RES_NONE;
	v->exit.reason = VCPU_EXIT_NONE;
	v->wfi = false;
	assert_true(fake_run(v->pcpu));
	assert_int_equal(f->res[0], FAKE_RES_DONE);
	return f;
}

/* A hypercall of the caller: status, r1 and r2 out. */
static int64_t dhc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t *r1, uint64_t *r2)
{
	struct fake_vcpu *f = run_step(0, (struct fake_step){ F_HC, { fid, a1, a2, a3, a4 } });

	if (r1)
		*r1 = f->r[0][1];
	if (r2)
		*r2 = f->r[0][2];
	return (int64_t)f->r[0][0];
}

static void dstore(unsigned int pid, uint64_t ga, uint64_t val)
{
	(void)run_step(pid, (struct fake_step){ F_STORE, { ga, 8, val } });
}

/* The bitmap as the guest sees it: bit n of byte n / 8 (documented layout, read byte by byte). */
static uint64_t guest_bits(struct partition *p, uint64_t ga, unsigned int npages)
{
	uint64_t bits = 0;

	for (unsigned int n = 0; n < npages; n++)
		if ((*fake_guest_ptr(p, ga + n / 8) >> (n % 8)) & 1)
			bits |= 1ull << n;
	return bits;
}

/* Writable pages of [base, base + npages pages) in the guest's view (unmapped: not writable). */
static uint64_t writable_bits(struct partition *p, uint64_t base, unsigned int npages)
{
	uint64_t bits = 0;
	unsigned int prot;

	for (unsigned int n = 0; n < npages; n++)
		if (!fake_translate(p, base + n * 0x1000ull, NULL, &prot) && (prot & PT_W))
			bits |= 1ull << n;
	return bits;
}

static uint64_t mapped_bits(struct partition *p, uint64_t base, unsigned int npages)
{
	uint64_t bits = 0;

	for (unsigned int n = 0; n < npages; n++)
		if (!fake_translate(p, base + n * 0x1000ull, NULL, NULL))
			bits |= 1ull << n;
	return bits;
}

static void test_dirty_self(void **state)
{
	struct partition *c;
	uint64_t r1, r2, want, vsum, faults;
	uint8_t *b;

	dirty_setup(0);
	fake_boot(&m);
	c = part_find(0);
	victim_fill();
	vsum = victim_sum();
	/* Not logging yet; bad regions and ids. */
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 4, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_STOP, 0, DLOG, 0, 0, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_START, 0, RO, 0, 0, NULL, NULL), HC_INVALID);	/* read-only */
	assert_int_equal(dhc(HC_DIRTY_START, 0, DLOG + 0x1000, 0, 0, NULL, NULL), HC_INVALID);	/* not a base */
	assert_int_equal(dhc(HC_DIRTY_START, 0, DLOG + 8, 0, 0, NULL, NULL), HC_INVALID);
	assert_int_equal(dhc(HC_DIRTY_START, 0, PASS, 0, 0, NULL, NULL), HC_INVALID);	/* a device */
	assert_int_equal(dhc(HC_DIRTY_START, 0, EMU, 0, 0, NULL, NULL), HC_INVALID);
	assert_int_equal(dhc(HC_DIRTY_START, 0, VRAM, 0, 0, NULL, NULL), HC_INVALID);	/* the victim's */
	assert_int_equal(dhc(HC_DIRTY_START, 2, DLOG, 0, 0, NULL, NULL), HC_INVALID);	/* no such id */
	assert_int_equal(dhc(HC_DIRTY_START, ~0ull, DLOG, 0, 0, NULL, NULL), HC_INVALID);
	assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), 0xffffffffull);

	/* Start: 32 pages, write protection on this format; everything protected. */
	assert_int_equal(dhc(HC_DIRTY_START, 0, DLOG, 0, 0, &r1, &r2), HC_OK);
	assert_int_equal(r1, DLOG_PAGES);
	assert_int_equal(r2, HC_DIRTY_MODE_WP);
	assert_int_equal(dhc(HC_DIRTY_START, 0, DLOG, 0, 0, &r1, &r2), HC_BAD_STATE);
	assert_int_equal(r1, 0);
	assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), 0);
	assert_int_equal(mapped_bits(c, DLOG, DLOG_PAGES), 0xffffffffull);

	/* Rounds of random page sets: each harvest is exactly the set written since the last. */
	for (unsigned int round = 0; round < 40; round++) {
		uint64_t set = rnd() & 0xffffffffull;

		if (round % 5 == 0)
			set = 0;
		faults = c->vcpu[0].stats.wp_faults;
		for (unsigned int n = 0; n < DLOG_PAGES; n++)
			if ((set >> n) & 1) {
				dstore(0, DLOG + n * 0x1000ull + (rnd() % 512) * 8, rnd());
				if (rnd() % 2)	/* a second write to the page does not fault again */
					dstore(0, DLOG + n * 0x1000ull, round);
			}
		assert_int_equal(c->vcpu[0].stats.wp_faults - faults, __builtin_popcountll(set));
		assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), set);
		memset(physmem_ptr(c->ram[0].hpa.v + 0x800), 0xcc, 16);
		assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 16, &r1, NULL), HC_OK);
		assert_int_equal(r1, 4);
		assert_int_equal(guest_bits(c, RAM0 + 0x800, DLOG_PAGES), set);
		assert_int_equal(*fake_guest_ptr(c, RAM0 + 0x804), 0xcc);	/* only the bitmap's bytes */
		assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), 0);
		assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 4, &r1, NULL), HC_OK);
		assert_int_equal(guest_bits(c, RAM0 + 0x800, DLOG_PAGES), 0);
	}

	/* Bad buffers fail whole and leave the log alone. */
	dstore(0, DLOG + 0x5000, 1);
	dstore(0, DLOG + 0x1f000, 2);
	want = 1ull << 5 | 1ull << 31;
	b = fake_guest_ptr(c, RAM0 + 0x900);
	memset(b, 0x77, 8);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x900, 3, NULL, NULL), HC_INVALID);	/* short */
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x904, 4, NULL, NULL), HC_INVALID);	/* misaligned */
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x901, 8, NULL, NULL), HC_INVALID);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RO, 4, NULL, NULL), HC_BAD_ADDRESS);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, VRAM, 4, NULL, NULL), HC_BAD_ADDRESS);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, PASS, 4, NULL, NULL), HC_BAD_ADDRESS);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, EMU, 4, NULL, NULL), HC_BAD_ADDRESS);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0xfff8, 16, NULL, NULL), HC_OK);	/* only 4 written */
	assert_int_equal(guest_bits(c, RAM0 + 0xfff8, DLOG_PAGES), want);
	dstore(0, DLOG + 0x5000, 1);
	dstore(0, DLOG + 0x1f000, 2);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0xfffe, 4, NULL, NULL), HC_INVALID);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, 0xfffffffffffffff8ull, 8, NULL, NULL), HC_BAD_ADDRESS);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, LAZY + 0x3ff8, 16, NULL, NULL), HC_OK);	/* 4 fit */
	assert_int_equal(guest_bits(c, LAZY + 0x3ff8, DLOG_PAGES), want);
	dstore(0, DLOG + 0x5000, 1);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, 0x40010000ull - 4, 4, NULL, NULL), HC_INVALID);
	assert_memory_equal(b, "\x77\x77\x77\x77\x77\x77\x77\x77", 8);

	/*
	 * A buffer inside the logged region: checked (the page recorded) before
	 * the snapshot, written after it (recorded again): in this harvest and
	 * the next, as any write of the hypervisor into logged memory.
	 */
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, DLOG + 0x3008, 4, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, DLOG + 0x3008, DLOG_PAGES), 1ull << 3 | 1ull << 5);
	assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), 1ull << 3);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 4, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, DLOG_PAGES), 1ull << 3);

	/* Stop: every page writable again, no more faults; the calls see no log. */
	dstore(0, DLOG + 0x7000, 9);
	assert_int_equal(dhc(HC_DIRTY_STOP, 0, DLOG, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(writable_bits(c, DLOG, DLOG_PAGES), 0xffffffffull);
	faults = c->vcpu[0].stats.wp_faults;
	dstore(0, DLOG + 0x8000, 9);
	assert_int_equal(c->vcpu[0].stats.wp_faults, faults);
	assert_int_equal(dhc(HC_DIRTY_STOP, 0, DLOG, 0, 0, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 4, NULL, NULL), HC_BAD_STATE);
	/* Again from scratch: the old pages are not in the new log. */
	assert_int_equal(dhc(HC_DIRTY_START, 0, DLOG, 0, 0, NULL, NULL), HC_OK);
	dstore(0, DLOG + 0x2000, 9);
	assert_int_equal(dhc(HC_DIRTY_GET, 0, DLOG, RAM0 + 0x800, 4, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, DLOG_PAGES), 1ull << 2);
	assert_int_equal(victim_sum(), vsum);
	assert_int_equal(c->vcpu[0].stats.aborts, 0);
	assert_int_equal(part_state(c), PART_RUNNING);
	fake_teardown();
}

/* Another partition's region: the privilege, then the states a monitor meets. */
static void test_dirty_other(void **state)
{
	struct partition *c, *v;
	uint64_t r1, r2, vsum;

	dirty_setup(MF_PRIV_STOP | MF_PRIV_RESTART | MF_PRIV_READ_STATS);	/* all but read-dirty-log */
	fake_boot(&m);
	assert_int_equal(dhc(HC_DIRTY_START, 1, WRAM, 0, 0, NULL, NULL), HC_DENIED);
	assert_int_equal(dhc(HC_DIRTY_START, 1, 0x1234, 0, 0, NULL, NULL), HC_DENIED);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, NULL, NULL), HC_DENIED);
	assert_int_equal(dhc(HC_DIRTY_STOP, 1, WRAM, 0, 0, NULL, NULL), HC_DENIED);
	assert_int_equal(dhc(HC_DIRTY_START, 2, WRAM, 0, 0, NULL, NULL), HC_INVALID);
	assert_int_equal(writable_bits(part_find(1), VRAM, 16), 0xffff);
	fake_teardown();

	dirty_setup(MF_PRIV_READ_DIRTY_LOG | MF_PRIV_STOP | MF_PRIV_RESTART);
	fake_boot(&m);
	c = part_find(0);
	v = part_find(1);
	victim_fill();
	vsum = victim_sum();
	assert_int_equal(dhc(HC_DIRTY_START, 1, DLOG, 0, 0, NULL, NULL), HC_INVALID);	/* the caller's region */
	assert_int_equal(dhc(HC_DIRTY_START, 1, WRAM, 0, 0, &r1, &r2), HC_OK);
	assert_int_equal(r1, WRAM_PAGES);
	assert_int_equal(r2, HC_DIRTY_MODE_WP);
	assert_int_equal(mapped_bits(v, WRAM, WRAM_PAGES), 0);	/* lazy: nothing mapped yet */
	/* First touches: mapped without write permission, then the write is logged. */
	dstore(1, WRAM + 0x1000, 1);
	dstore(1, WRAM + 0x5008, 2);
	assert_int_equal(v->vcpu[0].stats.lazy_maps, 2);
	assert_int_equal(v->vcpu[0].stats.wp_faults, 2);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, &r1, NULL), HC_OK);
	assert_int_equal(r1, 1);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, WRAM_PAGES), 0x22);
	assert_int_equal(writable_bits(v, WRAM, WRAM_PAGES), 0);
	assert_int_equal(*(uint64_t *)fake_guest_ptr(v, WRAM + 0x5008), 2);	/* the data stays */
	dstore(1, WRAM + 0x5000, 3);
	dstore(1, WRAM + 0x6000, 4);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 8, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, WRAM_PAGES), 0x60);
	/* The victim halted: its final writes can still be harvested, then nothing. */
	dstore(1, WRAM + 0x2000, 5);
	assert_int_equal(dhc(HC_PART_STOP, 1, 0, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(part_state(v), PART_HALTED);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, WRAM_PAGES), 0x04);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, NULL, NULL), HC_OK);
	assert_int_equal(guest_bits(c, RAM0 + 0x800, WRAM_PAGES), 0);
	assert_int_equal(victim_sum(), vsum);
	/* A restart rebuilds the contents: logging is gone with them. */
	assert_int_equal(dhc(HC_PART_RESTART, 1, 0, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_STOP, 1, WRAM, 0, 0, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_START, 1, WRAM, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(dhc(HC_DIRTY_STOP, 1, WRAM, 0, 0, NULL, NULL), HC_OK);
	/* Logging on a halted partition's region, and on a destroyed one (no contents). */
	assert_int_equal(dhc(HC_PART_STOP, 1, 0, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(dhc(HC_DIRTY_START, 1, WRAM, 0, 0, NULL, NULL), HC_OK);
	assert_int_equal(part_destroy(v), 0);
	assert_int_equal(dhc(HC_DIRTY_GET, 1, WRAM, RAM0 + 0x800, 1, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_START, 1, WRAM, 0, 0, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(dhc(HC_DIRTY_STOP, 1, WRAM, 0, 0, NULL, NULL), HC_BAD_STATE);
	assert_int_equal(c->vcpu[0].stats.aborts, 0);
	fake_teardown();
}

/*
 * Random operations against a model of the documented rules, written from
 * docs/hypercalls.md alone: per region, whether it logs and which pages were
 * written since the last harvest; a write faults once per page and harvest;
 * a page is writable iff its region does not log or the page is in the log;
 * error precedence: id, privilege, region / length / alignment, state,
 * buffer.
 */
struct dregion {
	unsigned int pid;
	uint64_t base;
	unsigned int npages;
	bool logging;
	uint64_t dirty;
};

/* The caller's writable RAM for buffers (as the model knows it). */
static const struct mregion dlayout[] = {
	{ RAM0, 0x10000, true }, { RO, 0x1000, false }, { LAZY, 0x4000, true },
	{ DLOG, DLOG_PAGES * 0x1000ull, true },
};

static bool dbuf_ok(uint64_t ga, uint64_t len)
{
	if (ga + (len - 1) < ga)
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(dlayout); i++)
		if (ga >= dlayout[i].base && ga + (len - 1) < dlayout[i].base + dlayout[i].size)
			return dlayout[i].w;
	return false;
}

/* Pages of the caller's logged region DLOG that [ga, ga + len) touches. */
static uint64_t dlog_pages(uint64_t ga, uint64_t len)
{
	uint64_t bits = 0;

	for (uint64_t a = ga & ~0xfffull; a < ga + len; a += 0x1000)
		if (a >= DLOG && a < DLOG + DLOG_PAGES * 0x1000ull)
			bits |= 1ull << ((a - DLOG) >> 12);
	return bits;
}

static uint64_t pick_dbuf(void)
{
	static const uint64_t bufs[] = {
		RAM0 + 0x800, RAM0 + 0xfff8, RAM0 + 0xfffc, RAM0 + 0x10000, RO, LAZY, LAZY + 0x3ff8,
		DLOG, DLOG + 0x4ff8, DLOG + 0x1fff8, DLOG + 0x20000, VRAM, WRAM, PASS, EMU, RAM0 + 0x803,
		0xfffffffffffffff8ull,
	};

	return bufs[rnd() % ARRAY_SIZE(bufs)];
}

static void test_dirty_random_against_model(void **state)
{
	struct dregion rg[2] = {
		{ 0, DLOG, DLOG_PAGES, false, 0 },
		{ 1, WRAM, WRAM_PAGES, false, 0 },
	};
	struct partition *c, *v;
	uint64_t vsum, faults[2] = { 0, 0 }, harvested = 0, ok_get = 0;

	dirty_setup(MF_PRIV_READ_DIRTY_LOG);
	fake_boot(&m);
	c = part_find(0);
	v = part_find(1);
	victim_fill();
	vsum = victim_sum();
	for (unsigned int n = 0; n < 4000; n++) {
		unsigned int op = rnd() % 12, ri = rnd() % 2;
		struct dregion *r = &rg[ri];
		struct partition *p = part_find(r->pid);
		uint64_t r1, r2, ga, len, bytes = (r->npages + 7) / 8, buf, before[2];
		int64_t got, want;

		if (op <= 4) {
			/* A guest write to a page of the region, by its owner. */
			unsigned int pg = rnd() % r->npages;

			if (r->logging && !((r->dirty >> pg) & 1))
				faults[r->pid]++;
			dstore(r->pid, r->base + pg * 0x1000ull + (rnd() % 512) * 8, rnd());
			if (r->logging)
				r->dirty |= 1ull << pg;
		} else if (op <= 8) {
			ga = pick_dbuf();
			len = rnd() % 4 ? bytes + rnd() % 3 : rnd() % bytes;
			if (ga >= RAM0 && ga < RAM0 + 0x10000 && ga + 16 <= RAM0 + 0x10000)
				memset(fake_guest_ptr(c, ga), 0x5a, 16);
			before[0] = rg[0].dirty;
			before[1] = rg[1].dirty;
			if (len < bytes || ga % 8)
				want = HC_INVALID;
			else if (!r->logging)
				want = HC_BAD_STATE;
			else if (!dbuf_ok(ga, bytes))
				want = HC_BAD_ADDRESS;
			else
				want = HC_OK;
			got = dhc(HC_DIRTY_GET, r->pid, r->base, ga, len, &r1, NULL);
			if (got != want)
				fail_msg("op %u: get region %u buffer 0x%llx len %llu: got %lld, model %lld", n, ri,
					 (unsigned long long)ga, (unsigned long long)len, (long long)got, (long long)want);
			if (want == HC_OK) {
				/* The check recorded the buffer's pages of DLOG before the snapshot, the copy after it. */
				buf = rg[0].logging ? dlog_pages(ga, bytes) : 0;
				if (ri == 0)
					before[0] |= buf;
				assert_int_equal(r1, bytes);
				assert_int_equal(guest_bits(c, ga, r->npages), before[ri]);
				if (len > bytes && ga >= RAM0 && ga + 16 <= RAM0 + 0x10000)
					assert_int_equal(*fake_guest_ptr(c, ga + bytes), 0x5a);
				r->dirty = 0;
				rg[0].dirty |= buf;
				harvested += __builtin_popcountll(before[ri]);
				ok_get++;
			} else {
				assert_int_equal(r1, 0);
			}
		} else if (op <= 10) {
			want = r->logging ? HC_BAD_STATE : HC_OK;
			got = dhc(HC_DIRTY_START, r->pid, r->base, 0, 0, &r1, &r2);
			assert_int_equal(got, want);
			assert_int_equal(r1, want == HC_OK ? r->npages : 0);
			if (want == HC_OK) {
				assert_int_equal(r2, HC_DIRTY_MODE_WP);
				r->logging = true;
				r->dirty = 0;
			}
		} else {
			want = r->logging ? HC_OK : HC_BAD_STATE;
			got = dhc(HC_DIRTY_STOP, r->pid, r->base, 0, 0, NULL, NULL);
			assert_int_equal(got, want);
			r->logging = false;
		}
		/* Every mapped page's write permission, and the fault counts, as the model says. */
		for (unsigned int k = 0; k < 2; k++) {
			struct partition *q = part_find(rg[k].pid);
			uint64_t all = rg[k].npages == 64 ? ~0ull : (1ull << rg[k].npages) - 1;
			uint64_t want_w = (rg[k].logging ? rg[k].dirty : all) & mapped_bits(q, rg[k].base, rg[k].npages);

			if (writable_bits(q, rg[k].base, rg[k].npages) != want_w)
				fail_msg("op %u: region %u writable 0x%llx, model 0x%llx", n, k,
					 (unsigned long long)writable_bits(q, rg[k].base, rg[k].npages),
					 (unsigned long long)want_w);
		}
		assert_int_equal(c->vcpu[0].stats.wp_faults, faults[0]);
		assert_int_equal(v->vcpu[0].stats.wp_faults, faults[1]);
		(void)p;
	}
	printf("dirty model: %llu good harvests, %llu pages harvested\n", (unsigned long long)ok_get,
	       (unsigned long long)harvested);
	assert_true(ok_get > 200 && harvested > 500);
	assert_int_equal(victim_sum(), vsum);
	assert_int_equal(c->vcpu[0].stats.aborts + v->vcpu[0].stats.aborts, 0);
	fake_teardown();
}


/* ---- Channel doorbells ---------------------------------------------------- */

#define CHAN_GPA	0x60000000ull

static const struct fake_step ring_prog[] = {
	/* 0 */ { F_HC, { HC_CHANNEL_RING, 0 } },		/* victim has doorbell 40 */
	/* 1 */ { F_HC, { HC_CHANNEL_RING, 1 } },		/* not a peer */
	/* 2 */ { F_HC, { HC_CHANNEL_RING, 2 } },		/* own doorbell only: nobody */
	/* 3 */ { F_HC, { HC_CHANNEL_RING, 3 } },		/* no such channel */
	/* 4 */ { F_HC, { HC_CHANNEL_RING, MF_MAX_CHANNELS } },
	/* 5 */ { F_HC, { HC_CHANNEL_RING, 1ull << 32 } },	/* 0 in the low word: still refused */
	/* 6 */ { F_HC, { HC_CHANNEL_RING, ~0ull } },
	/* 7 */ { F_HC, { HC_CHANNEL_RING, 4 } },		/* three peers: two doorbells, one INTID refused */
	/* 8 */ { F_HC, { HC_CHANNEL_RING, 0 } },		/* after the victim stopped: nobody */
	{ F_END, { 0 } },
};

static void chan_add(unsigned int i, const char *name, unsigned int npeers, const struct mf_peer *peers)
{
	struct mf_channel *c = &m.chan[i];

	snprintf(c->name, sizeof(c->name), "%s", name);
	c->size = 0x1000;
	c->npeers = npeers;
	for (unsigned int j = 0; j < npeers; j++) {
		c->peer[j] = peers[j];
		c->peer[j].gpa = CHAN_GPA + 0x10000ull * i;
		c->peer[j].writable = true;
	}
	m.nchannels = i + 1;
}

static void test_channel_ring(void **state)
{
	const struct mf_peer c0[2] = { { .part = 0, .has_doorbell = true, .doorbell = 41 },
				       { .part = 1, .has_doorbell = true, .doorbell = 40 } };
	const struct mf_peer c1[1] = { { .part = 1, .has_doorbell = true, .doorbell = 42 } };
	const struct mf_peer c2[2] = { { .part = 0, .has_doorbell = true, .doorbell = 43 }, { .part = 1 } };
	const struct mf_peer c4[3] = { { .part = 1, .has_doorbell = true, .doorbell = 44 }, { .part = 0 },
				       { .part = 2, .has_doorbell = true, .doorbell = 2000 } };
	struct fake_vcpu *f;

	(void)state;
	setup(0);
	m.nparts = 3;
	fake_mf_part(&m.part[2], "third", VRAM, 0x10000);
	m.part[2].pcpu[0] = 1;
	chan_add(0, "zero", 2, c0);
	chan_add(1, "one", 1, c1);
	chan_add(2, "two", 2, c2);
	chan_add(3, "three", 0, NULL);
	chan_add(4, "four", 3, c4);
	fk.pulse_intid_max = 1019;
	fake_prog(0, 0, ring_prog, 8, true);		/* steps 0-7; step 8 after the victim stops */
	fake_boot(&m);
	f = run_caller();
	assert_int_equal(st(f, 0), HC_OK);
	assert_int_equal(f->r[0][1], 1);
	assert_int_equal(st(f, 1), HC_DENIED);
	assert_int_equal(f->r[1][1], 0);
	assert_int_equal(st(f, 2), HC_OK);
	assert_int_equal(f->r[2][1], 0);
	assert_int_equal(st(f, 3), HC_DENIED);		/* channel 3 exists, with no peers */
	assert_int_equal(st(f, 4), HC_INVALID);
	assert_int_equal(st(f, 5), HC_INVALID);
	assert_int_equal(st(f, 6), HC_INVALID);
	assert_int_equal(st(f, 7), HC_OK);
	assert_int_equal(f->r[7][1], 1);		/* 44 to the victim; 2000 refused by the arch */
	/* Exactly the doorbells of the other peers were pended, never the caller's own. */
	assert_int_equal(fk.npulses, 2);
	assert_int_equal(fk.pulses[0], (1u << 16) | 40);
	assert_int_equal(fk.pulses[1], (1u << 16) | 44);
	/* A peer that is not running is not signalled. */
	assert_int_equal(part_stop(part_find(1), "test"), 0);
	fake_prog(0, 0, ring_prog + 8, 2, true);
	assert_int_equal(part_restart(part_find(0), "test"), 0);
	f = run_caller();
	assert_int_equal(st(f, 0), HC_OK);
	assert_int_equal(f->r[0][1], 0);
	assert_int_equal(fk.npulses, 2);
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
		cmocka_unit_test(test_dirty_self),
		cmocka_unit_test(test_dirty_other),
		cmocka_unit_test(test_dirty_random_against_model),
		cmocka_unit_test(test_channel_ring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
