// SPDX-License-Identifier: MIT
/*
 * Host benchmark of the dirty-log harvest in every mode (mm/dirty.c on the
 * engine), for `make bench` (scripts/bench-dirty.sh runs it under valgrind
 * --tool=callgrind --toggle-collect=bench_measured, so only the measured
 * call is counted, deterministically). tests/bench/bench_dirty.c measures
 * the write-protect mode with glibc's memcpy as copy-out; this one covers
 * the hardware modes and PML ingestion too.
 *
 *   bench_harvest FORMAT MODE PCT      prints "pages N" and "dirty N"
 *
 * FORMAT: arm64 | npt | ept | s390 (write-protect mode), arm64-dbm |
 * npt-hw | ept-ad (tables with hardware dirty state). MODE: wp | hwlog |
 * hwscan | ingest. PCT: percentage of the pages dirty (random pages, fixed
 * seed; 100 = all).
 *
 * A 4 GiB memslot is mapped (2 MiB blocks) and put into dirty logging
 * (dirty_log_enable() splits it to 4 KiB pages). Then PCT % of its pages are
 * written: in wp mode through the permission-fault path
 * (dirty_record_write(): logged, made writable); in the hardware modes the
 * pages get their hardware dirty state (as a guest write would set it) and,
 * for hwlog, their addresses are ingested as PML would deliver them. The
 * measured call is the whole dirty_log_get_and_clear(): the four steps,
 * re-protection (or dirty-state clearing) and the copy-out of the 128 KiB
 * bitmap included. "ingest" measures dirty_ingest_pml() of full 512-entry
 * PML pages holding PCT % of the slot instead (pages = entries).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_env.h"
#include "hyp/log.h"
#include "mm/dirty.h"
#include "mm/memslot.h"
#include "mm/pt.h"
#include "arch/arm64/pt_s2.h"
#include "arch/x86/pt_npt.h"
#include "arch/x86/pt_ept.h"
#include "arch/s390/pt_dat.h"

#define SLOT_GA (4 * GB)
#define SLOT_SIZE (4 * GB)
#define SLOT_PAGES (SLOT_SIZE >> 12)

static struct pt pt;
static struct pt_cache cache;
static struct memslots slots;
static struct s2_space sp;
static struct memslot *slot;
static uint64_t out[SLOT_PAGES / 64];
static uint64_t pml[DIRTY_PML_ENTRIES];
static const char *mode;
static uint64_t npml;
static uint64_t *pml_list;

static void must(int ret, const char *what)
{
	if (ret)
		fatal("bench_harvest: %s failed: %d", what, ret);
}

static void topup(const struct pt_need *need)
{
	must(pt_cache_topup(&cache, &balloc, need), "cache topup");
}

/*
 * The copy-out, four words per iteration as the hypervisor's own copy
 * (newlib's generic C memcpy) does it: glibc's memcpy uses "rep movsb" for
 * 128 KiB, which callgrind counts once per byte.
 */
__attribute__((optimize("no-tree-loop-distribute-patterns")))
static int copy_out(void *arg, const uint64_t *bits, uint64_t nwords)
{
	uint64_t i = 0;

	for (; i + 4 <= nwords; i += 4) {
		out[i] = bits[i];
		out[i + 1] = bits[i + 1];
		out[i + 2] = bits[i + 2];
		out[i + 3] = bits[i + 3];
	}
	for (; i < nwords; i++)
		out[i] = bits[i];
	return 0;
}

/* The measured part: everything callgrind counts happens below this call. */
__attribute__((noinline)) void bench_measured(void)
{
	if (!strcmp(mode, "ingest")) {
		for (uint64_t k = 0; k < npml; k += DIRTY_PML_ENTRIES) {
			memcpy(pml, pml_list + k, sizeof(pml));
			if (dirty_ingest_pml(&sp, pml, 0xffff) < 0)
				fatal("ingest");
		}
		return;
	}
	must(dirty_log_get_and_clear(&sp, slot, copy_out, NULL), "get_and_clear");
}

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

int main(int argc, char **argv)
{
	const struct pt_fmt *fmt;
	unsigned ia = 48, cfg = 0, pct;
	enum dirty_mode dm;
	struct pt_need need;
	uint64_t seed = 42, dirty = 0;
	const char *f;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_harvest FORMAT wp|hwlog|hwscan|ingest PCT\n");
		return 2;
	}
	f = argv[1];
	mode = argv[2];
	pct = (unsigned)atoi(argv[3]);
	bench_env_init();
	if (!strcmp(f, "arm64") || !strcmp(f, "arm64-dbm")) {
		fmt = &pt_fmt_arm64_s2;
		ia = 40;
	} else if (!strcmp(f, "npt") || !strcmp(f, "npt-hw")) {
		fmt = &pt_fmt_npt;
	} else if (!strcmp(f, "ept") || !strcmp(f, "ept-ad")) {
		fmt = &pt_fmt_ept;
	} else if (!strcmp(f, "s390")) {
		fmt = &pt_fmt_s390_dat;
		ia = 42;
		cfg = PT_CFG_EDAT1;
	} else {
		fprintf(stderr, "unknown format %s\n", f);
		return 2;
	}
	if (strchr(f, '-'))
		cfg |= PT_CFG_HWDIRTY;
	if (!strcmp(mode, "wp"))
		dm = DIRTY_MODE_WP;
	else if (!strcmp(mode, "hwscan"))
		dm = DIRTY_MODE_HW_SCAN;
	else if (!strcmp(mode, "hwlog") || !strcmp(mode, "ingest"))
		dm = DIRTY_MODE_HW_LOG;
	else
		return 2;
	if (dm != DIRTY_MODE_WP && !(cfg & PT_CFG_HWDIRTY)) {
		fprintf(stderr, "%s has no hardware dirty state\n", f);
		return 2;
	}

	must(pt_create(&pt, fmt, ia, cfg, &balloc), "create");
	memslots_init(&slots);
	s2_space_init(&sp, &pt, &slots, NULL);
	must(memslot_insert(&slots, SLOT_GA >> 12, SLOT_PAGES, hpa(16 * GB), 0, &slot), "insert");
	pt_need_map(&pt, memslot_gpa(slot), slot->hpa, SLOT_SIZE, &need);
	topup(&need);
	must(memslot_map(&pt, &cache, slot), "map");
	dirty_need_enable(&sp, slot, &need);
	topup(&need);
	must(dirty_log_enable(&sp, &cache, slot, dm, NULL, 0), "enable");

	pml_list = calloc(SLOT_PAGES + DIRTY_PML_ENTRIES, sizeof(uint64_t));
	if (!pml_list)
		return 1;
	for (uint64_t p = 0; p < SLOT_PAGES; p++) {
		uint64_t ga = SLOT_GA + (p << 12);

		if (!(pct >= 100 || (pct && lcg(&seed) % 100 < pct)))
			continue;
		dirty++;
		if (dm == DIRTY_MODE_WP && pct >= 100) {
			pml_list[npml++] = ga;	/* logged below, as a million faults would */
		} else if (dm == DIRTY_MODE_WP) {
			pt_need_edges(&pt, gpa(ga), 4096, &need);
			topup(&need);
			must(dirty_record_write(&sp, &cache, slot, ga >> 12), "record");
		} else if (pct < 100) {
			/* The guest's write sets the page's hardware dirty state. */
			pt_need_map(&pt, gpa(ga), hpa(slot->hpa.v + (p << 12)), 4096, &need);
			topup(&need);
			must(pt_map(&pt, &cache, gpa(ga), hpa(slot->hpa.v + (p << 12)), 4096,
				    PT_R | PT_W | PT_X | PT_DIRTY), "dirty");
			pml_list[npml++] = ga;
		} else {
			pml_list[npml++] = ga;
		}
	}
	if (dm == DIRTY_MODE_WP && pct >= 100) {
		/* Every page logged and writable again, as after a write fault on each. */
		for (uint64_t k = 0; k < npml; k += DIRTY_INGEST_MAX)
			if (dirty_ingest(&sp, pml_list + k, DIRTY_INGEST_MAX) != DIRTY_INGEST_MAX)
				fatal("mark");
		pt_need_edges(&pt, memslot_gpa(slot), SLOT_SIZE, &need);
		topup(&need);
		must(pt_protect(&pt, &cache, memslot_gpa(slot), SLOT_SIZE, PT_W, 0, NULL, NULL), "open");
		npml = 0;
	}
	if (dm != DIRTY_MODE_WP && pct >= 100) {
		pt_need_map(&pt, memslot_gpa(slot), slot->hpa, SLOT_SIZE, &need);
		topup(&need);
		must(pt_map(&pt, &cache, memslot_gpa(slot), slot->hpa, SLOT_SIZE,
			    PT_R | PT_W | PT_X | PT_DIRTY), "dirty all");
	}
	/* The map above may have merged pages into blocks: split again (dirty state kept). */
	pt_need_split(&pt, memslot_gpa(slot), SLOT_SIZE, &need);
	topup(&need);
	must(pt_split(&pt, &cache, memslot_gpa(slot), SLOT_SIZE), "split");
	if (!strcmp(mode, "hwlog")) {
		/* PML delivered these addresses before the harvest (PML-full exits). */
		for (uint64_t k = 0; k < npml; k += DIRTY_INGEST_MAX) {
			uint64_t n = npml - k < DIRTY_INGEST_MAX ? npml - k : DIRTY_INGEST_MAX;

			if (dirty_ingest(&sp, pml_list + k, n) != (long)n)
				fatal("ingest");
		}
	}
	/* Full PML pages only. */
	npml = npml / DIRTY_PML_ENTRIES * DIRTY_PML_ENTRIES;

	bench_measured();

	if (!strcmp(mode, "ingest")) {
		printf("pages %llu\ndirty %llu\n", (unsigned long long)(npml ? npml : 1),
		       (unsigned long long)npml);
		return 0;
	}
	/* The copy holds exactly the dirty pages. */
	uint64_t got = 0;

	for (uint64_t i = 0; i < SLOT_PAGES / 64; i++)
		got += (uint64_t)__builtin_popcountll(out[i]);
	if (got != dirty)
		fatal("bench_harvest: harvested %llu pages, %llu were dirty", (unsigned long long)got,
		      (unsigned long long)dirty);
	printf("pages %llu\ndirty %llu\n", (unsigned long long)SLOT_PAGES, (unsigned long long)dirty);
	return 0;
}
