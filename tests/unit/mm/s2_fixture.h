/* SPDX-License-Identifier: MIT */
/*
 * Fixture for the memslot / dirty-log / page-track tests: a table tree of one
 * engine test case (pt_check.h) with three memslots mapped in its window,
 * guest RAM in simulated physical memory, a tracking table, and a struct
 * s2_space tying them. Guest writes are simulated with the independent
 * reference walker's access() (which sets hardware dirty state as the CPU
 * would), so writability is judged by the manual's rules, not the engine.
 *
 * Layout (offsets from the case's window base; RAM at S2F_RAM + offset):
 *   L  [0, 6 MiB + 12 KiB)            the slot that logs (block-mapped at first;
 *                                     s2f_setup_at() moves it up)
 *   P  [8 MiB + 4 KiB, +1 MiB)        a writable slot that never logs
 *   R  [10 MiB, +256 KiB)             a read-only slot
 */
#ifndef TESTS_S2_FIXTURE_H
#define TESTS_S2_FIXTURE_H

#include "mm/dirty.h"
#include "mm/memslot.h"
#include "mm/pagetrack.h"
#include "pt_check.h"

#define S2F_RAM		0x200000000ull	/* guest RAM backing (host-physical) */
#define S2F_RAM_SIZE	(16ull << 20)
#define S2F_L_OFF	0ull
#define S2F_L_PAGES	(6 * 256 + 3)
#define S2F_P_OFF	((8ull << 20) + 4096)
#define S2F_P_PAGES	256
#define S2F_R_OFF	(10ull << 20)
#define S2F_R_PAGES	64
#define S2F_NPAGES	(S2F_L_PAGES + S2F_P_PAGES + S2F_R_PAGES)
#define S2F_NREC	64

struct s2f {
	const struct tcase *tc;
	struct pt pt;
	struct pt_cache cache;
	struct memslots ms;
	struct s2_space sp;
	struct pagetrack trk;
	struct pagetrack_rec recs[S2F_NREC];
	struct memslot *L, *P, *R;
	struct ref_ctx ctx;
	uint8_t *ram;		/* host view of S2F_RAM */
};

/* Build everything for tc (arena of 64 MiB); slots mapped with the largest leaves. */
void s2f_setup(struct s2f *f, const struct tcase *tc);
/* The same with L moved up by l_off bytes (page multiple below 1 MiB): not block-aligned. */
void s2f_setup_at(struct s2f *f, const struct tcase *tc, uint64_t l_off);
/* Destroy the tree, drain the cache, check no frame leaked. */
void s2f_teardown(struct s2f *f);
/* Make the cache hold at least need. */
void s2f_topup(struct s2f *f, const struct pt_need *need);
/* The same with exactly need (surplus drained). */
void s2f_exact(struct s2f *f, const struct pt_need *need);

/* Page index 0 .. S2F_NPAGES-1 <-> gfn (L, then P, then R). */
uint64_t s2f_gfn(const struct s2f *f, unsigned i);
struct memslot *s2f_slot_of(const struct s2f *f, unsigned i);

/* Reference translation of a page: true if mapped; *prot its PT_* rights (PT_DIRTY included). */
bool s2f_ref_prot(struct s2f *f, uint64_t gfn, unsigned *prot);

/* Everything observable that a refused operation must leave alone. */
struct s2f_snap {
	struct model tables;	/* reference dump, every attribute */
	uint64_t ntables, free_frames, cached_frames;
	uint64_t *bits;		/* L's live bitmap, if logging */
	uint64_t nbits;
	unsigned lflags;
	struct pagetrack_rec recs[S2F_NREC];
	unsigned nrec;
};
void s2f_snap_take(struct s2f *f, struct s2f_snap *s);
void s2f_snap_check(struct s2f *f, const struct s2f_snap *s);
void s2f_snap_free(struct s2f_snap *s);

#endif
