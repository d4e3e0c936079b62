// SPDX-License-Identifier: MIT
/*
 * Role 12 "dirty": dirty logging (HC_DIRTY_*, docs/hypercalls.md) seen from
 * inside partitions, as a checkpoint / migration monitor uses it. x1 picks
 * the part, x2 is a 1 MiB RAM region (its base), x3 a parameter:
 *
 *   1 self       x3 = rounds: logs its own region, writes a pseudo-random set
 *                of pages (fixed seed) per round and checks that the harvest
 *                is exactly that set, that the next one is empty, that each
 *                page faulted exactly once per round (statistics), and the
 *                error codes of bad regions, buffers and states
 *   2 self-lazy  the same on a lazy region: first touches are mapped too
 *   3 worker     writes a fixed set of pages of its region over and over
 *                (printed), checking its data, until it has seen x3 rounds of
 *                write-protect faults (a monitor harvesting it), then reports
 *   4 monitor    x3 = the worker's id: needs "read-dirty-log"; harvests the
 *                worker's region until the worker is off: every bitmap holds
 *                only the worker's pages and together all of them; the final
 *                harvest of the halted worker, then nothing
 *   5 intruder   x3 = the worker's id, without the privilege: HC_DENIED; then
 *                bad arguments on its own RAM region (which holds its code,
 *                stack and buffers), which it logs while running from it
 *   6 race       x3 = rounds: vCPU 1 (started by PSCI CPU_ON) writes random
 *                pages of the region as fast as it can, numbering its writes;
 *                vCPU 0 harvests meanwhile: every write completed between two
 *                harvests is in the second (none lost while the other CPU
 *                writes during the harvest), and every page reported was
 *                written around that interval
 *
 * The check counts do not depend on timing, so the case files can pin them.
 */
#include <stdio.h>
#include "glib.h"

#define RAM_BASE	0x40000000ul
#define RAM_SIZE	0x200000ul	/* every dirty bundle gives 2 MiB at RAM_BASE */
#define REGION		0x100000ul	/* the logged region: 1 MiB */
#define PAGES		(REGION / 4096)
#define WORDS		(PAGES / 64)
#define FREQ		62500000ull	/* CNTFRQ of QEMU's virt machine */

/* Page sets: one bit per page, as the hypercall's bitmap (byte n / 8, bit n % 8; little-endian words). */
struct pset {
	uint64_t w[WORDS];
};

static uint64_t rng = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Bits set in v (libgcc's __popcountdi2 uses SIMD, which traps here). */
static unsigned int popcount(uint64_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static bool pset_has(const struct pset *s, unsigned int pg)
{
	return (s->w[pg / 64] >> (pg % 64)) & 1;
}

static unsigned int pset_count(const struct pset *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < WORDS; i++)
		n += popcount(s->w[i]);
	return n;
}

static void pset_fill(struct pset *s, uint64_t v)
{
	for (unsigned int i = 0; i < WORDS; i++)
		s->w[i] = v;
}

static bool pset_empty(const struct pset *s)
{
	return pset_count(s) == 0;
}

/* Pages in a but not in b. */
static unsigned int pset_minus(const struct pset *a, const struct pset *b)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < WORDS; i++)
		n += popcount(a->w[i] & ~b->w[i]);
	return n;
}

static struct pset bm __attribute__((aligned(64)));	/* harvest buffer, in the RAM region */
static struct hc_part_stats st __attribute__((aligned(64)));

static void stats(unsigned int id, uint64_t *wp, uint64_t *lazy)
{
	G_EQ(g_call(HC_PART_STATS, id, (uint64_t)&st, sizeof(st)).r0, 0);
	*wp = st.wp_faults;
	*lazy = st.lazy_maps;
}

/* Harvest into bm (filled with a marker first, so a call that writes nothing is seen). */
static int64_t harvest(unsigned int id, uint64_t region)
{
	uint64_t bytes = 0;
	int64_t r;

	pset_fill(&bm, 0xa5a5a5a5a5a5a5a5ull);
	r = g_dirty_get(id, region, (uint64_t)&bm, sizeof(bm), &bytes);
	if (r == 0 && bytes != sizeof(bm))
		return -100;
	return r;
}

/* ---- 1, 2: a partition logs its own region ---- */

static void self_role(uint64_t region, uint64_t rounds, bool lazy)
{
	unsigned int id = g_self(NULL), missing = 0, extra = 0, not_empty = 0, bad_faults = 0, bad_maps = 0;
	unsigned int bad_data = 0, calls_failed = 0, written = 0;
	uint64_t npages = 0, mode = 0, wp0, lazy0, wp1, lazy1;
	struct pset set, touched;
	int64_t r;

	pset_fill(&touched, 0);
	G_EQ(g_dirty_get(id, region, (uint64_t)&bm, sizeof(bm), NULL), HC_BAD_STATE);	/* not logging yet */
	G_EQ(g_dirty_start(id, region, &npages, &mode), 0);
	G_EQ(npages, PAGES);
	G_EQ(mode, HC_DIRTY_MODE_WP);		/* cortex-a57: no hardware dirty state */
	G_EQ(g_dirty_start(id, region, NULL, NULL), HC_BAD_STATE);
	for (uint64_t round = 0; round < rounds; round++) {
		/* Density varies: none, all, 1/2, 1/8 of the pages. */
		for (unsigned int i = 0; i < WORDS; i++) {
			uint64_t a = rnd(), b = rnd(), c = rnd();

			set.w[i] = round == 1 ? 0 : round == 2 ? ~0ull : round % 2 ? a : a & b & c;
		}
		stats(id, &wp0, &lazy0);
		for (unsigned int pg = 0; pg < PAGES; pg++) {
			if (!pset_has(&set, pg))
				continue;
			volatile uint64_t *w = (volatile uint64_t *)(region + pg * 4096ul + (round % 512) * 8);

			*w = round << 32 | pg;
			if (round % 3 == 0)	/* a second write to the page faults no more */
				w[1] = ~(round << 32 | pg);
		}
		stats(id, &wp1, &lazy1);
		/* One write-protect fault per written page; lazy pages mapped at the first touch only. */
		if (wp1 - wp0 != pset_count(&set))
			bad_faults++;
		if (lazy1 - lazy0 != (lazy ? pset_minus(&set, &touched) : 0))
			bad_maps++;
		for (unsigned int i = 0; i < WORDS; i++)
			touched.w[i] |= set.w[i];
		written += pset_count(&set);
		r = harvest(id, region);
		if (r)
			calls_failed++;
		missing += pset_minus(&set, &bm);
		extra += pset_minus(&bm, &set);
		r = harvest(id, region);
		if (r)
			calls_failed++;
		if (!pset_empty(&bm))
			not_empty++;
		for (unsigned int pg = 0; pg < PAGES; pg++)
			if (pset_has(&set, pg) &&
			    *(volatile uint64_t *)(region + pg * 4096ul + (round % 512) * 8) != (round << 32 | pg))
				bad_data++;
	}
	g_printf("dirty: self%s: %llu rounds, %u page writes logged, %u missing, %u extra, %u not empty after a harvest\n",
		 lazy ? " (lazy)" : "", (unsigned long long)rounds, written, missing, extra, not_empty);
	G_EQ(calls_failed, 0);
	G_EQ(missing, 0);
	G_EQ(extra, 0);
	G_EQ(not_empty, 0);
	G_EQ(bad_faults, 0);
	G_EQ(bad_maps, 0);
	G_EQ(bad_data, 0);
	G_CHECK(written > PAGES * rounds / 8);

	/* Bad arguments change nothing: the page written before is still in the log. */
	*(volatile uint64_t *)(region + 7 * 4096) = 7;
	G_EQ(g_dirty_get(id, region, G_UART, sizeof(bm), NULL), HC_BAD_ADDRESS);		/* a device */
	G_EQ(g_dirty_get(id, region, 0x48000000, sizeof(bm), NULL), HC_BAD_ADDRESS);	/* not its RAM */
	G_EQ(g_dirty_get(id, region, RAM_BASE + RAM_SIZE - 16, sizeof(bm), NULL), HC_BAD_ADDRESS);	/* runs off */
	G_EQ(g_dirty_get(id, region, 0xfffffffffffffff8ull, sizeof(bm), NULL), HC_BAD_ADDRESS);
	G_EQ(g_dirty_get(id, region, (uint64_t)&bm, sizeof(bm) - 1, NULL), HC_INVALID);	/* too short */
	G_EQ(g_dirty_get(id, region, (uint64_t)&bm + 4, sizeof(bm), NULL), HC_INVALID);	/* misaligned */
	G_EQ(g_dirty_get(id, region + 4096, (uint64_t)&bm, sizeof(bm), NULL), HC_INVALID);	/* not a region base */
	G_EQ(g_dirty_get(id, G_UART, (uint64_t)&bm, sizeof(bm), NULL), HC_INVALID);
	G_EQ(g_dirty_get(99, region, (uint64_t)&bm, sizeof(bm), NULL), HC_INVALID);
	G_EQ(g_dirty_start(id, region + 1, NULL, NULL), HC_INVALID);
	G_EQ(harvest(id, region), 0);
	G_EQ(bm.w[0], 1ull << 7);
	G_EQ(pset_count(&bm), 1);

	/*
	 * The buffer inside the logged region (page 3): the hypervisor's own
	 * write is logged like a guest's, in this harvest and the next.
	 */
	G_EQ(g_dirty_get(id, region, region + 3 * 4096 + 64, sizeof(bm), NULL), 0);
	for (unsigned int i = 0; i < WORDS; i++)
		bm.w[i] = *(volatile uint64_t *)(region + 3 * 4096 + 64 + i * 8);
	G_EQ(bm.w[0], 1ull << 3);
	G_EQ(harvest(id, region), 0);
	G_EQ(bm.w[0], 1ull << 3);
	G_EQ(pset_count(&bm), 1);

	/* Stop: no more faults, no more log. */
	G_EQ(g_dirty_stop(id, region), 0);
	G_EQ(g_dirty_stop(id, region), HC_BAD_STATE);
	G_EQ(g_dirty_get(id, region, (uint64_t)&bm, sizeof(bm), NULL), HC_BAD_STATE);
	stats(id, &wp0, &lazy0);
	for (unsigned int pg = 0; pg < PAGES; pg++)
		*(volatile uint64_t *)(region + pg * 4096ul + 8) = pg;
	stats(id, &wp1, &lazy1);
	G_EQ(wp1 - wp0, 0);
}

/* ---- 3, 4: a worker and its monitor ---- */

#define WORKER_SEED	0x9e3779b97f4a7c15ull
#define WORKER_PAGES	24

/* The worker's pages: WORKER_PAGES distinct pages from a fixed seed (both roles compute them). */
static void worker_set(struct pset *s, unsigned int *list)
{
	unsigned int n = 0;

	rng = WORKER_SEED;
	pset_fill(s, 0);
	while (n < WORKER_PAGES) {
		unsigned int pg = (unsigned int)(rnd() % PAGES);

		if (pset_has(s, pg))
			continue;
		s->w[pg / 64] |= 1ull << (pg % 64);
		list[n++] = pg;
	}
}

static void print_set(const char *who, const struct pset *s)
{
	char line[200];
	size_t o = 0;

	for (unsigned int pg = 0; pg < PAGES && o + 8 < sizeof(line); pg++)
		if (pset_has(s, pg))
			o += (size_t)snprintf(line + o, sizeof(line) - o, " %u", pg);
	line[o] = 0;
	g_printf("dirty: %s pages:%s\n", who, line);
}

static void worker(uint64_t region, uint64_t rounds)
{
	unsigned int id = g_self(NULL), list[WORKER_PAGES], bad = 0;
	uint64_t pass = 0, wp = 0, lazy = 0, t0 = g_counter();
	struct pset set;

	worker_set(&set, list);
	print_set("worker writes", &set);
	/* Until a monitor has re-protected the pages `rounds` times (or 60 s went by). */
	while (wp < rounds * WORKER_PAGES && g_counter() - t0 < 60 * FREQ) {
		pass++;
		for (unsigned int i = 0; i < WORKER_PAGES; i++)
			*(volatile uint64_t *)(region + list[i] * 4096ul + (pass % 512) * 8) = pass << 16 | list[i];
		for (unsigned int i = 0; i < WORKER_PAGES; i++)
			if (*(volatile uint64_t *)(region + list[i] * 4096ul + (pass % 512) * 8) != (pass << 16 | list[i]))
				bad++;
		if (pass % 64 == 0 && g_call(HC_PART_STATS, id, (uint64_t)&st, sizeof(st)).r0 == 0) {
			wp = st.wp_faults;
			lazy = st.lazy_maps;
		}
	}
	g_printf("dirty: worker: %llu passes, %llu write-protect faults, %llu first touches\n",
		 (unsigned long long)pass, (unsigned long long)wp, (unsigned long long)lazy);
	G_EQ(bad, 0);
	G_CHECK(wp >= rounds * WORKER_PAGES);	/* a monitor harvested it that often */
	G_EQ(lazy, WORKER_PAGES);		/* each page mapped once, at its first touch */
}

static unsigned int part_state(unsigned int id)
{
	static struct hc_part_info info __attribute__((aligned(64)));

	if (g_call(HC_PART_INFO, id, (uint64_t)&info, sizeof(info)).r0)
		return ~0u;
	return info.state;
}

static void monitor(uint64_t region, uint64_t wid)
{
	unsigned int list[WORKER_PAGES], rounds = 0, nonempty = 0, extra = 0, failed = 0;
	uint64_t npages = 0, t0;
	struct pset set, seen;

	worker_set(&set, list);
	print_set("monitor expects", &set);
	pset_fill(&seen, 0);
	G_EQ(g_dirty_start((unsigned int)wid, region, &npages, NULL), 0);
	G_EQ(npages, PAGES);
	t0 = g_counter();
	while (part_state((unsigned int)wid) == HC_STATE_RUNNING && g_counter() - t0 < 90 * FREQ) {
		if (harvest((unsigned int)wid, region)) {
			failed++;
			continue;
		}
		rounds++;
		if (!pset_empty(&bm))
			nonempty++;
		extra += pset_minus(&bm, &set);
		for (unsigned int i = 0; i < WORDS; i++)
			seen.w[i] |= bm.w[i];
		for (uint64_t t = g_counter(); g_counter() - t < FREQ / 500;)	/* 2 ms */
			;
	}
	G_EQ(part_state((unsigned int)wid), HC_STATE_HALTED);	/* the worker finished (SYSTEM_OFF) */
	/* A halted partition keeps its log: the last writes, then nothing. */
	G_EQ(harvest((unsigned int)wid, region), 0);
	extra += pset_minus(&bm, &set);
	for (unsigned int i = 0; i < WORDS; i++)
		seen.w[i] |= bm.w[i];
	G_EQ(harvest((unsigned int)wid, region), 0);
	G_CHECK(pset_empty(&bm));
	G_EQ(g_dirty_stop((unsigned int)wid, region), 0);
	G_EQ(g_dirty_get((unsigned int)wid, region, (uint64_t)&bm, sizeof(bm), NULL), HC_BAD_STATE);
	print_set("monitor saw", &seen);
	g_printf("dirty: monitor: %u harvests, %u not empty, %u pages outside the worker's set\n", rounds,
		 nonempty, extra);
	G_EQ(failed, 0);
	G_EQ(extra, 0);
	G_EQ(pset_minus(&set, &seen), 0);	/* every page the worker writes was seen */
	G_CHECK(nonempty >= 8);
}

/* ---- 5: no privilege, bad arguments ---- */

static void intruder(uint64_t region, uint64_t wid)
{
	/* The bitmap of its 2 MiB: 64 bytes; one spare word for the offset buffer. */
	static uint64_t ram_bm[RAM_SIZE / 4096 / 64 + 1] __attribute__((aligned(64)));
	const uint64_t len = RAM_SIZE / 4096 / 8, at = (uint64_t)ram_bm, pg = (at - RAM_BASE) / 4096;
	unsigned int id = g_self(NULL);
	uint64_t npages = 0, bytes = 0, n;

	G_EQ(g_dirty_start((unsigned int)wid, region, NULL, NULL), HC_DENIED);
	G_EQ(g_dirty_get((unsigned int)wid, region, (uint64_t)&bm, sizeof(bm), NULL), HC_DENIED);
	G_EQ(g_dirty_stop((unsigned int)wid, region), HC_DENIED);
	G_EQ(g_dirty_start(99, region, NULL, NULL), HC_INVALID);
	G_EQ(g_dirty_start(id, region, NULL, NULL), HC_INVALID);		/* no such region here */
	G_EQ(g_dirty_start(id, G_UART, NULL, NULL), HC_INVALID);
	G_EQ(g_dirty_start(id, RAM_BASE + 4096, NULL, NULL), HC_INVALID);
	/* Its own RAM, code and stack included: logged while it runs from it. */
	G_EQ(g_dirty_start(id, RAM_BASE, &npages, NULL), 0);
	G_EQ(npages, RAM_SIZE / 4096);
	G_EQ(g_dirty_get(id, RAM_BASE, at, len - 1, NULL), HC_INVALID);
	G_EQ(g_dirty_get(id, RAM_BASE, at + 8, len + 8, &bytes), 0);		/* only the bitmap is written */
	G_EQ(bytes, len);
	G_EQ(g_dirty_get(id, RAM_BASE, RAM_BASE + RAM_SIZE - 32, len, NULL), HC_BAD_ADDRESS);
	G_EQ(g_dirty_get(id, RAM_BASE, G_UART, len, NULL), HC_BAD_ADDRESS);
	G_EQ(g_dirty_get(id, RAM_BASE, 0x08000000, len, NULL), HC_BAD_ADDRESS);	/* the GIC */
	G_EQ(g_dirty_get(id, RAM_BASE, at, len, &bytes), 0);
	G_EQ(bytes, len);
	/* At least the buffer's own page: written by the previous harvest. */
	n = 0;
	for (unsigned int i = 0; i < len / 8; i++)
		n += popcount(ram_bm[i]);
	G_CHECK(n >= 1);
	G_CHECK((ram_bm[pg / 64] >> (pg % 64)) & 1);
	G_EQ(g_dirty_stop(id, RAM_BASE), 0);
	g_printf("dirty: intruder: denied on partition %llu; its own RAM logged (%llu pages dirty in the last harvest)\n",
		 (unsigned long long)wid, (unsigned long long)n);
}

/* ---- 6: harvests while another vCPU writes ---- */

#define RACE_LOG	16384	/* writes the writer may be ahead of the harvester */

/* Shared by the two vCPUs (MMU off: Device memory, no caches; dsb orders). */
static volatile uint64_t w_region, w_published, w_consumed, w_stop, w_done;
static volatile uint16_t w_log[RACE_LOG];
static uint64_t w_stack[512] __attribute__((aligned(16)));

static inline void dsb(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

/* vCPU 1's entry (PSCI CPU_ON, x0 = the context id = its stack top): no vectors needed. */
void dirty_writer_main(void);
__asm__(".pushsection .text.dirty_writer_entry, \"ax\"\n"
	"	.balign	4\n"
	"	.global	dirty_writer_entry\n"
	"dirty_writer_entry:\n"
	"	mov	sp, x0\n"
	"	bl	dirty_writer_main\n"
	"1:	wfi\n"
	"	b	1b\n"
	".popsection\n");
extern char dirty_writer_entry[];

/*
 * Write s: log its page first (so the harvester knows which page write s
 * may have touched as soon as it can happen), then the page, then publish s
 * (write s has completed).
 */
void dirty_writer_main(void)
{
	uint64_t x = 0x853c49e6748fea9bull, s = 0, region = w_region;

	while (!w_stop) {
		unsigned int pg;

		if (s + 2 - w_consumed >= RACE_LOG)
			continue;	/* the harvester still needs the oldest entries */
		s++;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		pg = (unsigned int)(x % PAGES);
		w_log[s % RACE_LOG] = (uint16_t)pg;
		dsb();
		*(volatile uint64_t *)(region + pg * 4096ul + (s % 512) * 8) = s;
		dsb();
		w_published = s;
	}
	dsb();
	w_done = 1;
	dsb();
	g_psci(0x84000002u, 0, 0, 0);	/* CPU_OFF */
}

/* Pages of writes [lo, hi] (from the log). */
static void log_pages(struct pset *out, uint64_t lo, uint64_t hi)
{
	pset_fill(out, 0);
	for (uint64_t s = lo; s <= hi; s++) {
		unsigned int pg = w_log[s % RACE_LOG];

		out->w[pg / 64] |= 1ull << (pg % 64);
	}
}

static void race(uint64_t region, uint64_t rounds)
{
	unsigned int id = g_self(NULL), lost = 0, extra = 0, failed = 0, done = 0, busy = 0;
	uint64_t must = 1, may = 1, a = 0, b, t0;
	struct pset allowed;

	G_EQ(g_dirty_start(id, region, NULL, NULL), 0);
	w_region = region;
	dsb();
	G_EQ(g_psci(0xC4000003u, 1, (uint64_t)dirty_writer_entry, (uint64_t)(w_stack + 512)), 0);
	for (t0 = g_counter(); !w_published && g_counter() - t0 < 10 * FREQ;)
		;
	G_CHECK(w_published > 0);
	for (uint64_t r = 0; r < rounds; r++) {
		dsb();
		b = w_published;	/* writes up to b completed before this harvest */
		dsb();
		if (harvest(id, region)) {
			failed++;
			break;
		}
		dsb();
		a = w_published;	/* write a + 1 may have happened during it */
		/* Completed after the last harvest returned and before this one began: reported now. */
		for (uint64_t s = must; s <= b; s++) {
			unsigned int pg = w_log[s % RACE_LOG];

			if (!pset_has(&bm, pg))
				lost++;
		}
		/* Reported: written after the last harvest began, at the latest during this one. */
		log_pages(&allowed, may, a + 1);
		extra += pset_minus(&bm, &allowed);
		if (!pset_empty(&bm))
			busy++;
		if (b + 1 >= must)
			done += (unsigned int)(b + 1 - must);
		must = a + 2;
		may = b + 1;
		dsb();
		w_consumed = b;
		for (uint64_t t = g_counter(), d = rnd() % (FREQ / 1000); g_counter() - t < d;)
			;
	}
	/* Stop the writer; its last writes are in the final harvest, then nothing. */
	w_stop = 1;
	dsb();
	for (t0 = g_counter(); !w_done && g_counter() - t0 < 10 * FREQ;)
		;
	G_CHECK(w_done);
	dsb();
	b = w_published;
	G_EQ(harvest(id, region), 0);
	for (uint64_t s = must; s <= b; s++)
		if (!pset_has(&bm, w_log[s % RACE_LOG]))
			lost++;
	log_pages(&allowed, may, b);
	extra += pset_minus(&bm, &allowed);
	G_EQ(harvest(id, region), 0);
	G_CHECK(pset_empty(&bm));
	G_EQ(g_dirty_stop(id, region), 0);
	g_printf("dirty: race: %llu harvests while vCPU 1 wrote %llu pages (%u harvests not empty): %u writes lost, %u pages reported unwritten\n",
		 (unsigned long long)rounds, (unsigned long long)b, busy, lost, extra);
	G_EQ(failed, 0);
	G_EQ(lost, 0);
	G_EQ(extra, 0);
	G_CHECK(busy >= rounds / 4 && done > rounds);
}

void dirty_role(uint64_t a1, uint64_t a2, uint64_t a3)
{
	switch (a1) {
	case 1: self_role(a2, a3, false); break;
	case 2: self_role(a2, a3, true); break;
	case 3: worker(a2, a3); break;
	case 4: monitor(a2, a3); break;
	case 5: intruder(a2, a3); break;
	case 6: race(a2, a3); break;
	default:
		g_printf("GUEST-FAIL dirty: unknown part %llu\n", (unsigned long long)a1);
		g_failed++;
		break;
	}
}
