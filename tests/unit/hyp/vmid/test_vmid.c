// SPDX-License-Identifier: MIT
/*
 * Host tests for hyp/vmid.c against a model of per-CPU TLBs: every CPU caches
 * translations tagged by id; entering a guest with an id whose cached entries
 * belong to another partition is an isolation failure. Random schedules with
 * fixed seeds run many more partitions than ids, across many generations.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hyp/vmid.h"

void arch_cpu_relax(void) {}

#define NPART_MAX 64
#define NIDS_MAX 256

struct model {
	unsigned int ncpus, nids;
	int tlb[VMID_MAX_CPUS][NIDS_MAX];	/* partition+1 whose entries CPU caches for id; 0 none */
	int running[VMID_MAX_CPUS];		/* partition+1 running on CPU; 0 idle */
	uint32_t running_id[VMID_MAX_CPUS];
	unsigned int violations;
};

/* CPU `cpu` enters partition p; honour_flush = false simulates a broken CPU. */
static void enter(struct vmid_space *s, struct vmid *v, struct model *m, unsigned int cpu, int p,
		  bool honour_flush)
{
	bool flush;
	uint32_t id = vmid_get(s, &v[p], cpu, &flush);
	unsigned int c;

	assert_true(id >= s->first && id < m->nids);
	if (flush && honour_flush)
		memset(m->tlb[cpu], 0, sizeof(m->tlb[cpu]));
	if (m->tlb[cpu][id] && m->tlb[cpu][id] != p + 1)
		m->violations++;
	/* Two CPUs running different partitions never share an id. */
	for (c = 0; c < m->ncpus; c++)
		if (c != cpu && m->running[c] && m->running[c] != p + 1 && m->running_id[c] == id)
			m->violations++;
	m->tlb[cpu][id] = p + 1;
	m->running[cpu] = p + 1;
	m->running_id[cpu] = id;
}

static void test_init_rejects_bad_parameters(void **state)
{
	static struct vmid_space s;

	assert_int_equal(vmid_space_init(&s, 0, 0, 1), VMID_ERR_PARAM);
	assert_int_equal(vmid_space_init(&s, 17, 0, 1), VMID_ERR_PARAM);
	assert_int_equal(vmid_space_init(&s, 8, 2, 1), VMID_ERR_PARAM);
	assert_int_equal(vmid_space_init(&s, 8, 0, 0), VMID_ERR_PARAM);
	assert_int_equal(vmid_space_init(&s, 8, 0, 65), VMID_ERR_PARAM);
	/* 2 bits, first 1: ids 1..3 for 3 CPUs leaves none free. */
	assert_int_equal(vmid_space_init(&s, 2, 1, 3), VMID_ERR_PARAM);
	assert_int_equal(vmid_space_init(&s, 2, 1, 2), VMID_OK);
	assert_int_equal(vmid_space_init(&s, 16, 0, 64), VMID_OK);
}

static void test_pin_errors(void **state)
{
	static struct vmid_space s;
	struct vmid a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	bool flush;

	assert_int_equal(vmid_space_init(&s, 3, 1, 4), VMID_OK); /* ids 1..7 */
	assert_int_equal(vmid_pin(&s, &a, 0), VMID_ERR_RANGE);
	assert_int_equal(vmid_pin(&s, &a, 8), VMID_ERR_RANGE);
	assert_int_equal(vmid_pin(&s, &a, 5), VMID_OK);
	assert_true(a.pinned);
	assert_int_equal(vmid_pin(&s, &b, 5), VMID_ERR_TAKEN);
	assert_false(b.pinned);
	assert_int_equal(vmid_pin(&s, &b, 6), VMID_OK);
	/* 7 ids - 2 pinned = 5 > 4 CPUs; a third pin would leave 4. */
	assert_int_equal(vmid_pin(&s, &c, 7), VMID_ERR_FULL);
	assert_int_equal(vmid_get(&s, &a, 0, &flush), 5);
	assert_int_equal(vmid_get(&s, &b, 1, &flush), 6);
	/* A partition that already has a tag cannot be pinned. */
	(void)vmid_get(&s, &d, 2, &flush);
	assert_int_equal(vmid_pin(&s, &d, 7), VMID_ERR_TAKEN);
}

static void test_unique_within_generation(void **state)
{
	static struct vmid_space s;
	struct vmid v[255];
	bool seen[256] = { false }, flush;
	unsigned int i;

	memset(v, 0, sizeof(v));
	assert_int_equal(vmid_space_init(&s, 8, 1, 1), VMID_OK);
	for (i = 0; i < 255; i++) {
		uint32_t id = vmid_get(&s, &v[i], 0, &flush);

		assert_true(id >= 1 && id <= 255);
		assert_false(seen[id]);
		seen[id] = true;
		assert_false(flush);
	}
	assert_int_equal(s.rollovers, 0);
	/* The same partition keeps its id while the generation lasts. */
	for (i = 0; i < 255; i++)
		assert_int_equal(vmid_get(&s, &v[i], 0, &flush), vmid_id(&s, v[i].tag));
	/* One more partition: a new generation, and the CPU must flush. */
	{
		struct vmid extra = { 0 };

		(void)vmid_get(&s, &extra, 0, &flush);
		assert_int_equal(s.rollovers, 1);
		assert_true(flush);
	}
}

/* Random schedules; returns the violations the model saw. */
static unsigned int run_schedule(unsigned int bits, unsigned int first, unsigned int ncpus,
				 unsigned int nparts, unsigned int npinned, unsigned int steps,
				 unsigned int seed, bool honour_flush, uint64_t *rollovers)
{
	static struct vmid_space s;
	static struct vmid v[NPART_MAX];
	static struct model m;
	uint32_t pinned_id[NPART_MAX];
	unsigned int i;

	memset(v, 0, sizeof(v));
	memset(&m, 0, sizeof(m));
	m.ncpus = ncpus;
	m.nids = 1u << bits;
	assert_int_equal(vmid_space_init(&s, bits, first, ncpus), VMID_OK);
	for (i = 0; i < npinned; i++) {
		pinned_id[i] = m.nids - 1 - i;
		assert_int_equal(vmid_pin(&s, &v[i], pinned_id[i]), VMID_OK);
	}
	srand(seed);
	for (i = 0; i < steps; i++) {
		unsigned int cpu = (unsigned int)rand() % ncpus;
		int p = rand() % (int)nparts;

		if (rand() % 8 == 0) {
			vmid_cpu_idle(&s, cpu);
			m.running[cpu] = 0;
			continue;
		}
		enter(&s, v, &m, cpu, p, honour_flush);
		if ((unsigned int)p < npinned)
			assert_int_equal(m.running_id[cpu], pinned_id[p]);
	}
	*rollovers = s.rollovers;
	return m.violations;
}

static void test_random_schedules_keep_partitions_apart(void **state)
{
	static const struct { unsigned int bits, first, ncpus, nparts, npinned; } cfg[] = {
		{ 3, 0, 4, 12, 0 },	/* the case: 3-bit VMIDs, 12 partitions */
		{ 3, 1, 4, 12, 1 },
		{ 3, 0, 2, 40, 2 },
		{ 4, 1, 8, 60, 3 },
		{ 2, 0, 1, 9, 1 },
		{ 8, 0, 4, 64, 0 },
	};
	unsigned int i, seed;

	for (i = 0; i < ARRAY_SIZE(cfg); i++) {
		for (seed = 1; seed <= 20; seed++) {
			uint64_t rollovers;
			unsigned int bad = run_schedule(cfg[i].bits, cfg[i].first, cfg[i].ncpus,
							cfg[i].nparts, cfg[i].npinned, 20000, seed,
							true, &rollovers);

			assert_int_equal(bad, 0);
			if (cfg[i].nparts > (1u << cfg[i].bits))
				assert_true(rollovers > 10);	/* many generations really ran */
		}
	}
}

/* The model has teeth: a CPU that ignores the flush request is caught. */
static void test_model_catches_missing_flush(void **state)
{
	uint64_t rollovers;

	assert_true(run_schedule(3, 0, 4, 12, 0, 20000, 7, false, &rollovers) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_parameters),
		cmocka_unit_test(test_pin_errors),
		cmocka_unit_test(test_unique_within_generation),
		cmocka_unit_test(test_random_schedules_keep_partitions_apart),
		cmocka_unit_test(test_model_catches_missing_flush),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
