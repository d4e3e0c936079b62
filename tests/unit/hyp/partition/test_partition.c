// SPDX-License-Identifier: MIT
/*
 * Partition life cycle and contents (hyp/partition.c) on the fake
 * architecture: the transition table against an independent list, every
 * operation in every state, the stage-2 layout a manifest produces (read
 * back with the reference walker, not the engine), failures at each
 * creation step, restart from the images, and the frame count after each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "physmem.h"

static struct manifest m;

static void setup_parts(unsigned int ncpus)
{
	assert_int_equal(part_system_init(&fk.env, &m), 0);
	(void)ncpus;
}

static uint64_t pool_free(void)
{
	return frame_pool_free(&fk.pool);
}

/* ---- The transition table, written out independently ------------------- */

static void test_transition_table(void **state)
{
	static const int legal[][2] = {
		{ PART_EMPTY, PART_CREATED },   { PART_CREATED, PART_RUNNING }, { PART_CREATED, PART_EMPTY },
		{ PART_RUNNING, PART_HALTED },  { PART_RUNNING, PART_CRASHED }, { PART_RUNNING, PART_CREATED },
		{ PART_HALTED, PART_CREATED },  { PART_HALTED, PART_EMPTY },    { PART_CRASHED, PART_CREATED },
		{ PART_CRASHED, PART_EMPTY },
	};
	unsigned int nlegal = 0;

	for (int from = 0; from < PART_NSTATES + 2; from++) {
		for (int to = 0; to < PART_NSTATES + 2; to++) {
			bool expect = false;

			for (unsigned int i = 0; i < ARRAY_SIZE(legal); i++)
				if (legal[i][0] == from && legal[i][1] == to)
					expect = true;
			assert_int_equal(part_transition_ok((enum part_state)from, (enum part_state)to), expect);
			nlegal += expect;
		}
	}
	assert_int_equal(nlegal, ARRAY_SIZE(legal));
	assert_string_equal(part_state_name(PART_CRASHED), "crashed");
	assert_string_equal(part_state_name((enum part_state)99), "?");
}

/* ---- Every operation in every state -------------------------------------- */

static void one_part(void)
{
	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	fake_mf_part(&m.part[0], "solo", 0x40000000, 0x10000);
	setup_parts(1);
}

static void expect_ops(struct partition *p, int create, int start, int stop, int restart, int destroy)
{
	/* Each probe is illegal here (or the expected legal one is checked by the caller). */
	enum part_state s = part_state(p);

	if (create)
		assert_int_equal(part_create(p), create);
	if (start)
		assert_int_equal(part_start(p), start);
	if (stop)
		assert_int_equal(part_stop(p, "t"), stop);
	if (restart)
		assert_int_equal(part_restart(p, "t"), restart);
	if (destroy)
		assert_int_equal(part_destroy(p), destroy);
	assert_int_equal(part_state(p), s);
}

static void test_ops_in_every_state(void **state)
{
	struct partition *p;
	uint64_t free_created;

	fake_setup(16 << 20, 1, 8);
	one_part();
	p = part_find(0);
	assert_non_null(p);
	assert_null(part_find(1));
	assert_int_equal(part_count(), 1);

	/* EMPTY: only create. */
	assert_int_equal(part_state(p), PART_EMPTY);
	expect_ops(p, 0, -PART_ESTATE, -PART_ESTATE, -PART_ESTATE, -PART_ESTATE);
	assert_int_equal(part_create(p), 0);
	free_created = pool_free();
	assert_true(free_created < fk.pool_free_at_start - 16);	/* 16 RAM frames + tables */

	/* CREATED: start or destroy. */
	assert_int_equal(part_state(p), PART_CREATED);
	expect_ops(p, -PART_ESTATE, 0, -PART_ESTATE, -PART_ESTATE, 0);
	assert_int_equal(part_start(p), 0);

	/* RUNNING: stop, restart, fault; not create/start/destroy. */
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_true(p->vcpu[0].on);
	expect_ops(p, -PART_ESTATE, -PART_ESTATE, 0, 0, -PART_ESTATE);
	assert_int_equal(part_stop(p, "operator"), 0);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"solo\": operator: halted\n"));

	/* HALTED: restart or destroy. */
	assert_int_equal(part_state(p), PART_HALTED);
	assert_false(vcpu_runnable(&p->vcpu[0]));
	expect_ops(p, -PART_ESTATE, -PART_ESTATE, -PART_ESTATE, 0, 0);
	assert_int_equal(part_restart(p, "operator"), 0);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"solo\": operator: restarting\n"));
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_int_equal(p->restarts, 1);
	assert_int_equal(pool_free(), free_created);

	/* RUNNING -> CRASHED by the (halt) fault policy; a second fault changes nothing. */
	part_fault(p, "boom");
	assert_int_equal(part_state(p), PART_CRASHED);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"solo\": boom: halted\n"));
	fake_log_clear();
	part_fault(p, "again");
	assert_int_equal(part_state(p), PART_CRASHED);
	assert_null(strstr(fake_log(), "again"));

	/* CRASHED: restart or destroy. */
	expect_ops(p, -PART_ESTATE, -PART_ESTATE, -PART_ESTATE, 0, 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(part_state(p), PART_EMPTY);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	assert_int_equal(fk.live_arch_parts, 0);
	assert_int_equal(fk.live_arch_vcpus, 0);

	/* A destroyed slot can be created again. */
	assert_int_equal(part_create(p), 0);
	assert_int_equal(part_start(p), 0);
	assert_int_equal(part_stop(p, NULL), 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

/* ---- What a manifest partition becomes ------------------------------------ */

#define FIXED_HPA	0x200000000ull
#define DEV_HPA		0x9000000ull

static const uint8_t image0[] = "bulkhead test image: hello from partition memory";
static const uint8_t image1[5000] = { [0] = 1, [4095] = 2, [4096] = 3, [4999] = 4 };

static void layout_manifest(void)
{
	struct mf_partition *mp;

	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	mp = &m.part[0];
	fake_mf_part(mp, "layout", 0x40000000, 0x10000);
	mp->nboot_args = 2;
	mp->boot_arg[0] = 0x40008000;
	mp->boot_arg[1] = 7;
	mp->entry = 0x40000100;
	mp->nmem = 4;
	mp->mem[1] = (struct mf_mem){ .gpa = 0x50000000, .size = 0x4000, .access = MF_ACC_R };
	mp->mem[2] = (struct mf_mem){ .gpa = 0x60000000, .size = 0x8000, .access = MF_ACC_R | MF_ACC_W,
				     .lazy = true };
	mp->mem[3] = (struct mf_mem){ .gpa = 0x70000000, .size = 0x2000, .access = MF_ACC_R | MF_ACC_W,
				     .fixed_hpa = true, .hpa = FIXED_HPA };
	mp->nimages = 2;
	mp->image[0] = (struct mf_image){ .name = "a", .load = 0x40001000, .data = image0, .size = sizeof(image0) };
	mp->image[1] = (struct mf_image){ .name = "b", .load = 0x60001000, .data = image1, .size = sizeof(image1) };
	mp->ndevices = 1;
	mp->dev[0] = (struct mf_device){ .hpa = DEV_HPA, .gpa = 0x8000000, .size = 0x1000 };
}

static void test_create_layout(void **state)
{
	struct partition *p;
	struct fake_vcpu *f;
	uint64_t pa, pa0 = 0;
	unsigned int prot;
	uint8_t *fixed;

	fake_setup(16 << 20, 1, 8);
	fixed = physmem_add(FIXED_HPA, 0x2000, 0xcc);
	physmem_add(DEV_HPA, 0x1000, 0xdd);
	layout_manifest();
	setup_parts(1);
	p = part_find(0);
	assert_int_equal(part_create(p), 0);

	/* Region 0: mapped rwx, contiguous backing, zeroed except the image. */
	for (uint64_t off = 0; off < 0x10000; off += 0x1000) {
		assert_int_equal(fake_translate(p, 0x40000000 + off, &pa, &prot), 0);
		assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R | PT_W | PT_X);
		if (!off)
			pa0 = pa;
		assert_int_equal(pa, pa0 + off);
	}
	assert_memory_equal(fake_guest_ptr(p, 0x40001000), image0, sizeof(image0));
	assert_int_equal(*fake_guest_ptr(p, 0x40000fff), 0);
	assert_int_equal(*fake_guest_ptr(p, 0x40001000 + sizeof(image0)), 0);
	/* Region 1: read-only. */
	assert_int_equal(fake_translate(p, 0x50003000, NULL, &prot), 0);
	assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R);
	/* Region 2: lazy; only the pages its image touches (1 and 2) are there yet. */
	assert_int_equal(p->ram[2].lazy, true);
	for (uint64_t off = 0; off < 0x8000; off += 0x1000)
		assert_int_equal(fake_translate(p, 0x60000000 + off, NULL, NULL) == 0, off == 0x1000 || off == 0x2000);
	assert_memory_equal(fake_guest_ptr(p, 0x60001000), image1, sizeof(image1));
	assert_int_equal(*fake_guest_ptr(p, 0x60001000 + sizeof(image1)), 0);
	assert_int_equal(*fake_guest_ptr(p, 0x60002fff), 0);
	/* Untouched lazy pages are not zeroed yet (the pool's fill is still there). */
	assert_int_equal(*physmem_ptr(p->ram[2].hpa.v + 0x0000), 0x5a);
	assert_int_equal(*physmem_ptr(p->ram[2].hpa.v + 0x7fff), 0x5a);

	/*
	 * Every mapped RAM page against a model built here from the manifest
	 * alone: zero except image bytes, made visible to a caches-off guest
	 * (executable if the region is) before use.
	 */
	for (unsigned int ri = 0; ri < 3; ri++) {
		const struct mf_mem *mm = &m.part[0].mem[ri];

		for (uint64_t off = 0; off < mm->size; off += 0x1000) {
			uint8_t want[0x1000] = { 0 };
			uint64_t ga = mm->gpa + off;

			if (fake_translate(p, ga, &pa, NULL))
				continue;
			for (unsigned int ii = 0; ii < m.part[0].nimages; ii++) {
				const struct mf_image *im = &m.part[0].image[ii];

				for (uint64_t b = 0; b < 0x1000; b++)
					if (ga + b >= im->load && ga + b - im->load < im->size)
						want[b] = ((const uint8_t *)im->data)[ga + b - im->load];
			}
			assert_memory_equal(fake_guest_ptr(p, ga), want, sizeof(want));
			assert_true(physmem_synced(pa, 0x1000, (mm->access & MF_ACC_X) != 0));
		}
	}

	/* First touch of a lazy page: garbage before, zero after, synced, mapped. */
	{
		struct vcpu_exit x = { 0 };
		unsigned int nsync = physmem_nsyncs;

		x.s2.gpa = 0x60005008;
		x.s2.access = PT_R;
		assert_int_equal(part_handle_s2_fault(&p->vcpu[0], &x), PART_S2_RETRY);
		assert_int_equal(fake_translate(p, 0x60005000, &pa, &prot), 0);
		assert_int_equal(pa, p->ram[2].hpa.v + 0x5000);
		for (unsigned int b = 0; b < 0x1000; b++)
			assert_int_equal(*fake_guest_ptr(p, 0x60005000 + b), 0);
		assert_int_equal(physmem_nsyncs, nsync + 1);
		assert_true(physmem_synced(pa, 0x1000, false));
		/* Its neighbours stay untouched. */
		assert_int_equal(*physmem_ptr(p->ram[2].hpa.v + 0x4fff), 0x5a);
		assert_int_equal(*physmem_ptr(p->ram[2].hpa.v + 0x6000), 0x5a);
		assert_int_equal(p->vcpu[0].stats.lazy_maps, 1);
	}
	/* Region 3: the fixed host range, zeroed. */
	assert_int_equal(fake_translate(p, 0x70001000, &pa, &prot), 0);
	assert_int_equal(pa, FIXED_HPA + 0x1000);
	assert_int_equal(prot & (PT_R | PT_W | PT_X), PT_R | PT_W);
	for (unsigned int i = 0; i < 0x2000; i++)
		assert_int_equal(fixed[i], 0);
	/* The passthrough device: device memory, writable, never executable. */
	assert_int_equal(fake_translate(p, 0x8000000, &pa, &prot), 0);
	assert_int_equal(pa, DEV_HPA);
	assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R | PT_W | PT_DEV);
	/* Nothing else. */
	assert_int_not_equal(fake_translate(p, 0x40010000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(p, 0x3ffff000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(p, 0x8001000, NULL, NULL), 0);

	/* vCPU 0 reset at the entry with the boot arguments. */
	f = fake_vcpu(&p->vcpu[0]);
	assert_int_equal(f->entry, 0x40000100);
	assert_int_equal(f->nargs, 2);
	assert_int_equal(f->args[0], 0x40008000);
	assert_int_equal(f->args[1], 7);
	assert_int_equal(f->resets, 1);

	/* Destroy gives every pool frame back and leaves the fixed range alone. */
	memset(fixed, 0x11, 0x2000);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	assert_int_equal(fixed[0], 0x11);
	fake_teardown();
}

/* ---- Creation failures at each step leave nothing behind ------------------ */

static void test_create_failures(void **state)
{
	struct partition *p;

	/* Not enough frames for the RAM. */
	fake_setup(1 << 20, 1, 8);
	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	fake_mf_part(&m.part[0], "big", 0x40000000, 2 << 20);
	setup_parts(1);
	p = part_find(0);
	assert_int_equal(part_create(p), -PART_ENOMEM);
	assert_int_equal(part_state(p), PART_EMPTY);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	assert_non_null(strstr(fake_log(), "partition \"big\": cannot be created (out of memory)"));
	fake_teardown();

	/* The architecture refuses the IPA size / the format. */
	fake_setup(8 << 20, 1, 8);
	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	fake_mf_part(&m.part[0], "p", 0x40000000, 0x10000);
	m.part[0].ipa_bits = 52;
	setup_parts(1);
	p = part_find(0);
	assert_int_equal(part_create(p), -PART_EINVAL);
	m.part[0].ipa_bits = 40;
	fk.fail_s2_config = true;
	assert_int_equal(part_create(p), -PART_EINVAL);
	fk.fail_s2_config = false;
	assert_int_equal(pool_free(), fk.pool_free_at_start);

	/* arch_part_init fails: fini is still called, nothing leaks. */
	fk.fail_part_init = true;
	assert_int_equal(part_create(p), -PART_EINVAL);
	assert_non_null(strstr(fake_log(), "cannot be created (configuration not supported)"));
	assert_int_equal(fk.live_arch_parts, 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fk.fail_part_init = false;
	fake_teardown();

	/* The second vCPU's arch state cannot be created. */
	fake_setup(8 << 20, 2, 8);
	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	fake_mf_part(&m.part[0], "duo", 0x40000000, 0x10000);
	m.part[0].nvcpus = 2;
	m.part[0].pcpu[1] = 1;
	setup_parts(2);
	p = part_find(0);
	fk.fail_vcpu_create = 1;
	assert_int_equal(part_create(p), -PART_ENOMEM);
	assert_int_equal(part_state(p), PART_EMPTY);
	assert_int_equal(fk.live_arch_vcpus, 0);
	assert_int_equal(fk.live_arch_parts, 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	/* And then it works. */
	assert_int_equal(part_create(p), 0);
	assert_int_equal(fk.live_arch_vcpus, 2);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

static void test_system_init_errors(void **state)
{
	fake_setup(8 << 20, 2, 3);
	memset(&m, 0, sizeof(m));
	m.nparts = 2;
	fake_mf_part(&m.part[0], "a", 0x40000000, 0x10000);
	fake_mf_part(&m.part[1], "b", 0x40000000, 0x10000);
	m.part[1].pcpu[0] = 2;	/* only CPUs 0 and 1 */
	assert_int_equal(part_system_init(&fk.env, &m), -PART_EINVAL);
	assert_non_null(strstr(fake_log(), "partition \"b\": vCPU 0: cpu 2 cannot run vCPUs"));
	fake_teardown();

	fake_setup(8 << 20, 2, 3);
	m.part[1].pcpu[0] = 1;
	m.part[0].vmid = 5;
	m.part[1].vmid = 5;
	assert_int_equal(part_system_init(&fk.env, &m), -PART_EINVAL);
	assert_non_null(strstr(fake_log(), "partition \"b\": cannot pin vmid 5"));
	fake_teardown();

	fake_setup(8 << 20, 2, 3);
	m.part[1].vmid = 8;	/* 3 bits: ids 1..7 */
	assert_int_equal(part_system_init(&fk.env, &m), -PART_EINVAL);
	fake_teardown();

	assert_int_equal(part_system_init(NULL, &m), -PART_EINVAL);
}

/* ---- Shared-memory channels ------------------------------------------------ */

#define CHAN_FIXED	0x300000000ull

static int chan_dummy_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	(void)ctx; (void)off; (void)size;
	*val = 0;
	return 0;
}

static const struct mmio_ops chan_dummy_ops = { .read = chan_dummy_read };

static void channel_manifest(void)
{
	memset(&m, 0, sizeof(m));
	m.nparts = 3;
	fake_mf_part(&m.part[0], "writer", 0x40000000, 0x10000);
	fake_mf_part(&m.part[1], "reader", 0x40000000, 0x10000);
	fake_mf_part(&m.part[2], "outsider", 0x40000000, 0x10000);
	m.nchannels = 2;
	m.chan[0] = (struct mf_channel){ .name = "ring", .size = 0x3000, .npeers = 2 };
	m.chan[0].peer[0] = (struct mf_peer){ .part = 0, .gpa = 0x50000000, .writable = true };
	m.chan[0].peer[1] = (struct mf_peer){ .part = 1, .gpa = 0x60000000, .writable = false };
	m.chan[1] = (struct mf_channel){ .name = "fixed", .size = 0x1000, .hpa = CHAN_FIXED, .fixed_hpa = true,
					 .npeers = 2 };
	m.chan[1].peer[0] = (struct mf_peer){ .part = 1, .gpa = 0x70000000, .writable = true };
	m.chan[1].peer[1] = (struct mf_peer){ .part = 2, .gpa = 0x70000000, .writable = true };
}

static void test_channels(void **state)
{
	struct partition *w, *r, *o;
	uint64_t pa, pa0, free_init;
	unsigned int prot;
	uint8_t *fixed;

	fake_setup(16 << 20, 1, 8);
	fixed = physmem_add(CHAN_FIXED, 0x1000, 0xee);
	channel_manifest();
	setup_parts(1);
	/* Backed once at system init: 3 frames from the pool; the fixed one zeroed; both synced. */
	free_init = pool_free();
	assert_int_equal(fk.pool_free_at_start - free_init, 3);
	for (unsigned int i = 0; i < 0x1000; i++)
		assert_int_equal(fixed[i], 0);
	assert_true(physmem_synced(CHAN_FIXED, 0x1000, false));
	w = part_find(0);
	r = part_find(1);
	o = part_find(2);
	assert_int_equal(part_create(w), 0);
	assert_int_equal(part_create(r), 0);
	assert_int_equal(part_create(o), 0);

	/* Both peers see the same frames, each with its own access; never executable or device. */
	assert_int_equal(fake_translate(w, 0x50000000, &pa0, &prot), 0);
	assert_true(physmem_synced(pa0, 0x3000, false));
	for (uint64_t off = 0; off < 0x3000; off += 0x1000) {
		assert_int_equal(fake_translate(w, 0x50000000 + off, &pa, &prot), 0);
		assert_int_equal(pa, pa0 + off);
		assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R | PT_W);
		assert_int_equal(fake_translate(r, 0x60000000 + off, &pa, &prot), 0);
		assert_int_equal(pa, pa0 + off);
		assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R);
		assert_int_equal(*fake_guest_ptr(r, 0x60000000 + off), 0);
	}
	/* Not a peer: not mapped; nor past the channel's end. */
	assert_int_not_equal(fake_translate(o, 0x50000000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(o, 0x60000000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(w, 0x50003000, NULL, NULL), 0);
	assert_int_not_equal(fake_translate(r, 0x60003000, NULL, NULL), 0);
	/* The fixed channel: its host range, at each peer's base. */
	assert_int_equal(fake_translate(r, 0x70000000, &pa, &prot), 0);
	assert_int_equal(pa, CHAN_FIXED);
	assert_int_equal(fake_translate(o, 0x70000000, &pa, &prot), 0);
	assert_int_equal(pa, CHAN_FIXED);
	assert_int_equal(prot & (PT_R | PT_W | PT_X | PT_DEV), PT_R | PT_W);

	/* An emulated device may not sit over a channel window. */
	assert_int_equal(part_mmio_register(r, 0x60000000, 0x1000, &chan_dummy_ops, NULL), -PART_EINVAL);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"reader\": emulated device at 0x60000000 (4096 bytes) "
				       "overlaps the partition's memory, devices, channels or another emulated device\n"));
	assert_int_equal(part_mmio_register(o, 0x60000000, 0x1000, &chan_dummy_ops, NULL), 0);

	/* What the writer wrote survives the writer's restart and the reader's destroy. */
	memcpy(fake_guest_ptr(w, 0x50001000), "message", 8);
	assert_int_equal(part_start(w), 0);
	assert_int_equal(part_restart(w, "test"), 0);
	assert_int_equal(part_destroy(r), 0);
	assert_int_equal(part_create(r), 0);
	assert_memory_equal(fake_guest_ptr(r, 0x60001000), "message", 8);
	assert_int_equal(fake_translate(w, 0x50001000, &pa, NULL), 0);
	assert_int_equal(pa, pa0 + 0x1000);

	/* Destroying every peer gives back only partition frames, never the channel's. */
	assert_int_equal(part_stop(w, "test"), 0);
	assert_int_equal(part_destroy(w), 0);
	assert_int_equal(part_destroy(r), 0);
	assert_int_equal(part_destroy(o), 0);
	assert_int_equal(pool_free(), free_init);
	fake_teardown();

	/* No memory for a channel: an error naming it, and nothing kept. */
	fake_setup(16 << 20, 1, 8);
	physmem_add(CHAN_FIXED, 0x1000, 0xee);
	channel_manifest();
	m.chan[0].size = 64ull << 20;
	assert_int_equal(part_system_init(&fk.env, &m), -PART_ENOMEM);
	assert_non_null(strstr(fake_log(), "bulkhead: channel \"ring\": out of memory for 65536 KiB"));
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

/* ---- Restart rebuilds from the images -------------------------------------- */

static void test_restart_restores_images(void **state)
{
	struct partition *p;
	uint64_t free_running;
	uint8_t *g;

	fake_setup(16 << 20, 1, 8);
	layout_manifest();
	physmem_add(FIXED_HPA, 0x2000, 0xcc);
	physmem_add(DEV_HPA, 0x1000, 0);
	setup_parts(1);
	p = part_find(0);
	assert_int_equal(part_create(p), 0);
	assert_int_equal(part_start(p), 0);
	free_running = pool_free();

	/* The guest scribbles over its image and elsewhere. */
	g = fake_guest_ptr(p, 0x40001000);
	memset(g, 0x77, sizeof(image0));
	*fake_guest_ptr(p, 0x4000f000) = 0x99;
	*fake_guest_ptr(p, 0x70000010) = 0x55;
	fake_vcpu(&p->vcpu[0])->pc = 9;

	assert_int_equal(part_restart(p, "test"), 0);
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_memory_equal(fake_guest_ptr(p, 0x40001000), image0, sizeof(image0));
	assert_int_equal(*fake_guest_ptr(p, 0x4000f000), 0);
	assert_int_equal(*fake_guest_ptr(p, 0x70000010), 0);
	assert_int_equal(fake_vcpu(&p->vcpu[0])->pc, 0);
	assert_int_equal(fake_vcpu(&p->vcpu[0])->entry, 0x40000100);
	assert_int_equal(pool_free(), free_running);
	assert_int_equal(fk.live_arch_vcpus, 1);
	assert_int_equal(fk.live_arch_parts, 1);

	/* Ten more restarts: still no frame lost. */
	for (int i = 0; i < 10; i++)
		assert_int_equal(part_restart(p, "again"), 0);
	assert_int_equal(p->restarts, 11);
	assert_int_equal(pool_free(), free_running);
	assert_int_equal(part_stop(p, "done"), 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

/* A restart asked for while a vCPU is on its CPU waits for it to leave. */
static void test_restart_deferred(void **state)
{
	struct partition *p;
	struct vcpu *v;

	fake_setup(8 << 20, 2, 8);
	one_part();
	p = part_find(0);
	v = &p->vcpu[0];
	assert_int_equal(part_create(p), 0);
	assert_int_equal(part_start(p), 0);
	fk.cpu = 0;
	assert_true(part_vcpu_get(v));
	assert_false(part_vcpu_get(v));		/* loaded once only */
	assert_int_equal(p->nrunning, 1);

	fk.cpu = 1;	/* asked from another CPU */
	assert_int_equal(part_restart(p, "remote"), 0);
	assert_int_equal(part_state(p), PART_HALTED);
	assert_true(p->restart_pending);
	assert_int_equal(fk.kicks[0], 1);
	assert_int_equal(part_restart(p, "twice"), -PART_ESTATE);
	assert_int_equal(part_destroy(p), -PART_EBUSY);
	assert_int_equal(p->restarts, 0);

	fk.cpu = 0;
	part_vcpu_put(v);
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_false(p->restart_pending);
	assert_int_equal(p->restarts, 1);
	assert_int_equal(p->nrunning, 0);

	/* Stop while loaded: HALTED at once, the CPU is kicked, put does nothing more. */
	assert_true(part_vcpu_get(v));
	fk.cpu = 1;
	assert_int_equal(part_stop(p, "remote"), 0);
	assert_int_equal(fk.kicks[0], 2);
	assert_int_equal(part_destroy(p), -PART_EBUSY);
	fk.cpu = 0;
	part_vcpu_put(v);
	assert_int_equal(part_state(p), PART_HALTED);
	assert_false(part_vcpu_get(v));
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

/* ---- MMIO bus registration -------------------------------------------------- */

static int dummy_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	*val = 0;
	return 0;
}

static const struct mmio_ops dummy_ops = { dummy_read, NULL };
static unsigned int hook_calls;

static void register_uart(struct partition *p)
{
	hook_calls++;
	assert_int_equal(part_mmio_register(p, 0x9000000, 0x1000, &dummy_ops, NULL), 0);
}

static void test_mmio_register(void **state)
{
	struct partition *p;

	fake_setup(8 << 20, 1, 8);
	layout_manifest();
	physmem_add(FIXED_HPA, 0x2000, 0);
	physmem_add(DEV_HPA, 0x1000, 0);
	hook_calls = 0;
	fk.part_init_hook = register_uart;
	setup_parts(1);
	p = part_find(0);
	assert_int_equal(part_create(p), 0);
	assert_int_equal(p->nmmio, 1);
	/* Overlaps: RAM, lazy RAM, the passthrough device, the registered device. */
	assert_int_equal(part_mmio_register(p, 0x4000f000, 0x2000, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 0x60000000, 0x10, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 0x7ffff00, 0x200, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 0x9000ffc, 4, &dummy_ops, NULL), -PART_EINVAL);
	/* Bad ranges: empty, wrapping, beyond the IPA size, no ops, unaligned. */
	assert_int_equal(part_mmio_register(p, 0xa000000, 0, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, ~0ull - 0xff, 0x1000, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 1ull << 40, 0x1000, &dummy_ops, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 0xa000000, 0x1000, NULL, NULL), -PART_EINVAL);
	assert_int_equal(part_mmio_register(p, 0xa000002, 0x10, &dummy_ops, NULL), -PART_EINVAL);
	/* Fill the table. */
	for (unsigned int i = 1; i < PART_MAX_MMIO; i++)
		assert_int_equal(part_mmio_register(p, 0xa000000 + i * 0x1000, 0x1000, &dummy_ops, NULL), 0);
	assert_int_equal(part_mmio_register(p, 0xb000000, 0x1000, &dummy_ops, NULL), -PART_EINVAL);
	/* Restart: registrations dropped, arch_part_init registers again. */
	assert_int_equal(part_start(p), 0);
	assert_int_equal(part_restart(p, "t"), 0);
	assert_int_equal(p->nmmio, 1);
	assert_int_equal(hook_calls, 2);
	assert_int_equal(part_stop(p, "t"), 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(pool_free(), fk.pool_free_at_start);
	fake_teardown();
}

/* ---- VMIDs -------------------------------------------------------------------- */

static void test_vmid_pinned_and_allocated(void **state)
{
	struct partition *a, *b;

	fake_setup(8 << 20, 2, 4);
	memset(&m, 0, sizeof(m));
	m.nparts = 2;
	fake_mf_part(&m.part[0], "pinned", 0x40000000, 0x10000);
	fake_mf_part(&m.part[1], "free", 0x40000000, 0x10000);
	m.part[0].vmid = 9;
	m.part[1].pcpu[0] = 1;
	setup_parts(2);
	a = part_find(0);
	b = part_find(1);
	assert_int_equal(part_create(a), 0);
	assert_int_equal(part_create(b), 0);
	assert_int_equal(part_start(a), 0);
	assert_int_equal(part_start(b), 0);
	fk.cpu = 0;
	assert_true(part_vcpu_get(&a->vcpu[0]));
	fk.cpu = 1;
	assert_true(part_vcpu_get(&b->vcpu[0]));
	assert_int_equal(a->vcpu[0].hw_vmid, 9);
	assert_int_not_equal(b->vcpu[0].hw_vmid, 9);
	assert_int_not_equal(b->vcpu[0].hw_vmid, 0);
	assert_int_equal(a->pt.tag, 9);
	part_vcpu_put(&b->vcpu[0]);
	fk.cpu = 0;
	part_vcpu_put(&a->vcpu[0]);
	fake_teardown();
}

/* A restart whose rebuild fails leaves a crashed, empty-handed partition that can try again. */
static void test_restart_failure(void **state)
{
	struct partition *p;

	fake_setup(8 << 20, 1, 8);
	one_part();
	p = part_find(0);
	assert_int_equal(part_create(p), 0);
	assert_int_equal(part_start(p), 0);
	fk.fail_part_init = true;
	/* Restart = stop + rebuild: the stop stands, the partition stays halted. */
	assert_int_equal(part_restart(p, "t"), -PART_EINVAL);
	assert_int_equal(part_state(p), PART_HALTED);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"solo\": restart failed (configuration not supported): halted\n"));
	assert_false(p->pt_live);
	assert_false(vcpu_runnable(&p->vcpu[0]));
	assert_int_equal(fk.live_arch_parts, 0);
	assert_int_equal(fk.live_arch_vcpus, 0);
	assert_int_equal(frame_pool_free(&fk.pool), fk.pool_free_at_start);
	/* A guest buffer check on a partition without tables fails cleanly. */
	assert_int_equal(part_guest_read(p, 0x40000000, &(uint64_t){ 0 }, 8), -PART_EFAULT);
	fk.fail_part_init = false;
	assert_int_equal(part_restart(p, "t"), 0);
	assert_int_equal(part_state(p), PART_RUNNING);
	/* The restart fault policy failing to rebuild: crashed. */
	m.part[0].fault = MF_FAULT_RESTART;
	fk.fail_part_init = true;
	part_fault(p, "boom");
	assert_int_equal(part_state(p), PART_CRASHED);
	fk.fail_part_init = false;
	assert_int_equal(fk.live_arch_vcpus, 0);
	assert_int_equal(part_restart(p, "t"), 0);
	assert_int_equal(part_state(p), PART_RUNNING);
	assert_int_equal(part_stop(p, "t"), 0);
	assert_int_equal(part_destroy(p), 0);
	assert_int_equal(frame_pool_free(&fk.pool), fk.pool_free_at_start);
	fake_teardown();
}

/*
 * Random operations on four partitions against a model of the life cycle
 * written here from the documented rules (not from the code's table).
 */
enum op { OP_CREATE, OP_START, OP_STOP, OP_RESTART, OP_FAULT, OP_DESTROY, OP_N };

static void test_random_ops_model(void **state)
{
	enum part_state model[4];
	unsigned int seed = 12345;

	fake_setup(32 << 20, 2, 4);
	memset(&m, 0, sizeof(m));
	m.nparts = 4;
	for (unsigned int i = 0; i < 4; i++) {
		fake_mf_part(&m.part[i], i & 1 ? "odd" : "even", 0x40000000, 0x10000 << i);
		m.part[i].pcpu[0] = i & 1;
		m.part[i].fault = i < 2 ? MF_FAULT_HALT : MF_FAULT_RESTART;
		model[i] = PART_EMPTY;
	}
	setup_parts(2);
	for (unsigned int n = 0; n < 3000; n++) {
		unsigned int i, op;
		struct partition *p;
		enum part_state s, want;
		int ret, want_ret;

		seed = seed * 1103515245 + 12345;
		i = (seed >> 16) % 4;
		op = (seed >> 8) % OP_N;
		p = part_find(i);
		s = model[i];
		want = s;
		want_ret = -PART_ESTATE;
		switch (op) {
		case OP_CREATE:
			if (s == PART_EMPTY) {
				want = PART_CREATED;
				want_ret = 0;
			}
			ret = part_create(p);
			break;
		case OP_START:
			if (s == PART_CREATED) {
				want = PART_RUNNING;
				want_ret = 0;
			}
			ret = part_start(p);
			break;
		case OP_STOP:
			if (s == PART_RUNNING) {
				want = PART_HALTED;
				want_ret = 0;
			}
			ret = part_stop(p, "r");
			break;
		case OP_RESTART:
			if (s == PART_RUNNING || s == PART_HALTED || s == PART_CRASHED) {
				want = PART_RUNNING;
				want_ret = 0;
			}
			ret = part_restart(p, "r");
			break;
		case OP_FAULT:
			/* halt policy: crashed; restart policy: running again (no vCPU on a CPU). */
			if (s == PART_RUNNING)
				want = m.part[i].fault == MF_FAULT_HALT ? PART_CRASHED : PART_RUNNING;
			part_fault(p, "r");
			ret = want_ret = 0;
			break;
		default:
			if (s == PART_CREATED || s == PART_HALTED || s == PART_CRASHED) {
				want = PART_EMPTY;
				want_ret = 0;
			}
			ret = part_destroy(p);
			break;
		}
		assert_int_equal(ret, want_ret);
		assert_int_equal(part_state(p), want);
		model[i] = want;
		if (n % 7 == 0)
			fake_run(n % 2);
	}
	for (unsigned int i = 0; i < 4; i++) {
		struct partition *p = part_find(i);

		if (part_state(p) == PART_RUNNING)
			assert_int_equal(part_stop(p, "end"), 0);
		if (part_state(p) != PART_EMPTY)
			assert_int_equal(part_destroy(p), 0);
	}
	assert_int_equal(frame_pool_free(&fk.pool), fk.pool_free_at_start);
	assert_int_equal(fk.live_arch_vcpus, 0);
	assert_int_equal(fk.live_arch_parts, 0);
	fake_teardown();
}

/* Boot: every partition created and started in order; a bad one is skipped. */
static void test_boot_all(void **state)
{
	fake_setup(8 << 20, 2, 8);
	memset(&m, 0, sizeof(m));
	m.nparts = 3;
	fake_mf_part(&m.part[0], "first", 0x40000000, 0x10000);
	fake_mf_part(&m.part[1], "toowide", 0x40000000, 0x10000);
	fake_mf_part(&m.part[2], "third", 0x40000000, 0x10000);
	m.part[1].ipa_bits = 52;
	m.console_input = 2;
	m.part[2].nvcpus = 2;
	m.part[2].pcpu[1] = 1;
	setup_parts(2);
	assert_int_equal(fk.cons.n, 3);
	assert_int_equal(fk.cons.focus, 2);	/* the manifest's console_input */
	assert_int_equal(part_boot_all(), 2);
	assert_int_equal(part_state(part_find(0)), PART_RUNNING);
	assert_int_equal(part_state(part_find(1)), PART_EMPTY);
	assert_int_equal(part_state(part_find(2)), PART_RUNNING);
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"first\": started (1 vCPU)\n"));
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"toowide\": cannot be created (configuration not supported)\n"));
	assert_non_null(strstr(fake_log(), "bulkhead: partition \"third\": started (2 vCPUs)\n"));
	/* Only vCPU 0 is powered on; the others wait for CPU_ON. */
	assert_true(part_find(2)->vcpu[0].on);
	assert_false(part_find(2)->vcpu[1].on);
	fake_teardown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_ops_in_every_state),
		cmocka_unit_test(test_create_layout),
		cmocka_unit_test(test_create_failures),
		cmocka_unit_test(test_system_init_errors),
		cmocka_unit_test(test_restart_restores_images),
		cmocka_unit_test(test_restart_deferred),
		cmocka_unit_test(test_mmio_register),
		cmocka_unit_test(test_vmid_pinned_and_allocated),
		cmocka_unit_test(test_boot_all),
		cmocka_unit_test(test_restart_failure),
		cmocka_unit_test(test_random_ops_model),
		cmocka_unit_test(test_channels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
