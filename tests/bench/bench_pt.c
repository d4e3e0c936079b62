// SPDX-License-Identifier: MIT
/*
 * Host benchmark of the page-table engine (mm/pt.c) with the real formats,
 * for `make bench` (scripts/bench.sh runs it under valgrind --tool=callgrind
 * with --toggle-collect=bench_measured, so only the measured operation is
 * counted, deterministically).
 *
 *   bench_pt FORMAT SCENARIO     prints "pages N" (the divisor) on stdout
 *
 * FORMAT: arm64 | npt | ept | s390 (s390 with EDAT-1 for the block cases).
 * SCENARIO: map4k map2m unmap4k wp4k split2m harvest0 harvest1 harvest100.
 * The harvest scenarios run the engine side of a dirty-log harvest of a
 * 4 GiB slot mapped with 4 KiB pages (write-protect mode): pt_harvest_bitmap()
 * (snapshot and clear each non-zero bitmap word, write-protect its pages),
 * then one TLB flush (pt_flush_commit); the dirty pages were made writable
 * again beforehand, as their write faults would have.
 *
 * The environment (bench_env.c) is the cheapest correct one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include "mm/pt.h"
#include "hyp/log.h"
#include "bench_env.h"
#include "arch/arm64/pt_s2.h"
#include "arch/x86/pt_npt.h"
#include "arch/x86/pt_ept.h"
#include "arch/s390/pt_dat.h"

struct bench {
	struct pt pt;
	struct pt_cache c;
	const char *scn;
	uint64_t ga, pa, size;
	uint64_t *bitmap, nwords;
};

static void topup(struct bench *b, const struct pt_need *need)
{
	if (pt_cache_topup(&b->c, &balloc, need))
		fatal("bench: arena too small");
}

static void must(int ret, const char *what)
{
	if (ret)
		fatal("bench: %s failed: %d", what, ret);
}

static void map_range(struct bench *b, uint64_t ga, uint64_t pa, uint64_t size)
{
	struct pt_need need;

	pt_need_map(&b->pt, gpa(ga), hpa(pa), size, &need);
	topup(b, &need);
	must(pt_map(&b->pt, &b->c, gpa(ga), hpa(pa), size, PT_R | PT_W | PT_X), "map");
}

/* The measured part: everything callgrind counts happens below this call. */
__attribute__((noinline)) void bench_measured(struct bench *b)
{
	const char *s = b->scn;

	if (!strcmp(s, "map4k") || !strcmp(s, "map2m")) {
		must(pt_map(&b->pt, &b->c, gpa(b->ga), hpa(b->pa), b->size, PT_R | PT_W | PT_X), "map");
	} else if (!strcmp(s, "unmap4k")) {
		must(pt_unmap(&b->pt, &b->c, gpa(b->ga), b->size), "unmap");
	} else if (!strcmp(s, "wp4k")) {
		must(pt_protect(&b->pt, &b->c, gpa(b->ga), b->size, 0, PT_W, NULL, NULL), "protect");
	} else if (!strcmp(s, "split2m")) {
		must(pt_split(&b->pt, &b->c, gpa(b->ga), b->size), "split");
	} else {
		/* Harvest: KVM's steps 1, 2 and 4 on the engine (step 3, the copy, is the caller's). */
		struct pt_flush fl = { 0 };

		pt_harvest_bitmap(&b->pt, &fl, gpa(b->ga), b->bitmap, b->bitmap + b->nwords, b->nwords,
				  false, NULL, NULL);
		pt_flush_commit(&b->pt, &fl);
	}
}

static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

int main(int argc, char **argv)
{
	static struct bench b;
	const struct pt_fmt *fmt;
	unsigned ia = 48, cfg = 0;
	uint64_t pages;
	struct pt_need need;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_pt arm64|npt|ept|s390 SCENARIO\n");
		return 2;
	}
	bench_env_init();
	if (!strcmp(argv[1], "arm64")) {
		fmt = &pt_fmt_arm64_s2;
		ia = 40;
	} else if (!strcmp(argv[1], "npt")) {
		fmt = &pt_fmt_npt;
	} else if (!strcmp(argv[1], "ept")) {
		fmt = &pt_fmt_ept;
	} else if (!strcmp(argv[1], "s390")) {
		fmt = &pt_fmt_s390_dat;
		ia = 42;
		cfg = PT_CFG_EDAT1;
	} else {
		fprintf(stderr, "unknown format %s\n", argv[1]);
		return 2;
	}
	must(pt_create(&b.pt, fmt, ia, cfg, &balloc), "create");
	b.scn = argv[2];
	b.ga = 4 * GB;
	b.size = GB;
	pages = b.size >> 12;
	if (!strcmp(b.scn, "map4k")) {
		b.pa = 8 * GB + 4096;	/* misaligned: 4 KiB pages only */
		pt_need_map(&b.pt, gpa(b.ga), hpa(b.pa), b.size, &need);
		topup(&b, &need);
	} else if (!strcmp(b.scn, "map2m")) {
		b.pa = 8 * GB + 2 * MB;	/* 2 MiB aligned, not 1 GiB: 2 MiB blocks (1 MiB on s390) */
		pt_need_map(&b.pt, gpa(b.ga), hpa(b.pa), b.size, &need);
		topup(&b, &need);
	} else if (!strcmp(b.scn, "unmap4k") || !strcmp(b.scn, "wp4k")) {
		map_range(&b, b.ga, 8 * GB + 4096, b.size);
		pt_need_edges(&b.pt, gpa(b.ga), b.size, &need);
		topup(&b, &need);
	} else if (!strcmp(b.scn, "split2m")) {
		map_range(&b, b.ga, 8 * GB + 2 * MB, b.size);
		pt_need_split(&b.pt, gpa(b.ga), b.size, &need);
		topup(&b, &need);
	} else if (!strncmp(b.scn, "harvest", 7)) {
		unsigned pct = (unsigned)atoi(b.scn + 7);
		uint64_t seed = 42;

		b.size = 4 * GB;
		pages = b.size >> 12;
		map_range(&b, b.ga, 8 * GB + 4096, b.size);
		/* Logging on: everything write-protected. */
		pt_need_edges(&b.pt, gpa(b.ga), b.size, &need);
		topup(&b, &need);
		must(pt_protect(&b.pt, &b.c, gpa(b.ga), b.size, 0, PT_W, NULL, NULL), "wp");
		b.nwords = pages / 64;
		b.bitmap = calloc(2 * b.nwords, sizeof(uint64_t));
		if (!b.bitmap)
			return 1;
		/* pct % of the pages dirty (random pages, fixed seed), made writable by their faults. */
		for (uint64_t p = 0; p < pages; p++) {
			if (pct == 100 || (pct && lcg(&seed) % 100 < pct)) {
				b.bitmap[p / 64] |= 1ull << (p % 64);
				if (pct != 100) {
					pt_need_edges(&b.pt, gpa(b.ga + (p << 12)), 4096, &need);
					topup(&b, &need);
					must(pt_protect(&b.pt, &b.c, gpa(b.ga + (p << 12)), 4096, PT_W, 0, NULL, NULL), "unwp");
				}
			}
		}
		if (pct == 100)
			must(pt_protect(&b.pt, &b.c, gpa(b.ga), b.size, PT_W, 0, NULL, NULL), "unwp");
		uint64_t dirty = 0;
		for (uint64_t i = 0; i < b.nwords; i++)
			dirty += (uint64_t)__builtin_popcountll(b.bitmap[i]);
		printf("dirty %llu\n", (unsigned long long)dirty);
	} else {
		fprintf(stderr, "unknown scenario %s\n", b.scn);
		return 2;
	}
	ntlb = 0;
	bench_measured(&b);
	printf("pages %llu\ntlb %llu\ntables %llu\n", (unsigned long long)pages, (unsigned long long)ntlb,
	       (unsigned long long)b.pt.ntables);
	return 0;
}
