// SPDX-License-Identifier: MIT
/*
 * Fixture for the memslot / dirty-log / page-track tests (see s2_fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "physmem.h"
#include "s2_fixture.h"

#define ALL_PROT (PT_R | PT_W | PT_X | PT_DEV | PT_DIRTY)

void s2f_topup(struct s2f *f, const struct pt_need *need)
{
	assert_int_equal(pt_cache_topup(&f->cache, &env.alloc, need), 0);
}

void s2f_exact(struct s2f *f, const struct pt_need *need)
{
	env_cache_exact(&f->cache, need);
}

static struct memslot *add_slot(struct s2f *f, uint64_t off, uint64_t npages, unsigned flags)
{
	uint64_t ga = f->tc->win_base + off;
	struct memslot *s = NULL;
	struct pt_need need;

	assert_int_equal(memslot_insert(&f->ms, ga >> 12, npages, hpa(S2F_RAM + off), flags, &s), 0);
	pt_need_map(&f->pt, gpa(ga), hpa(S2F_RAM + off), npages << 12, &need);
	s2f_topup(f, &need);
	assert_int_equal(memslot_map(&f->pt, &f->cache, s), 0);
	return s;
}

void s2f_setup(struct s2f *f, const struct tcase *tc)
{
	s2f_setup_at(f, tc, 0);
}

void s2f_setup_at(struct s2f *f, const struct tcase *tc, uint64_t l_off)
{
	assert_true(l_off % 4096 == 0 && l_off < (1ull << 20));
	memset(f, 0, sizeof(*f));
	f->tc = tc;
	env_setup(64ull << 20);
	f->ram = physmem_add(S2F_RAM, S2F_RAM_SIZE, 0);
	assert_int_equal(pt_create(&f->pt, tc->fmt, tc->ia_bits, tc->cfg, &env.alloc), 0);
	memslots_init(&f->ms);
	pagetrack_init(&f->trk, f->recs, S2F_NREC);
	s2_space_init(&f->sp, &f->pt, &f->ms, &f->trk);
	f->L = add_slot(f, S2F_L_OFF + l_off, S2F_L_PAGES, 0);
	f->P = add_slot(f, S2F_P_OFF, S2F_P_PAGES, 0);
	f->R = add_slot(f, S2F_R_OFF, S2F_R_PAGES, MEMSLOT_READONLY);
	tc_ctx(tc, &f->pt, &f->ctx);
}

void s2f_teardown(struct s2f *f)
{
	pt_destroy(&f->pt);
	pt_cache_drain(&f->cache, &env.alloc);
	env_teardown(true);
}

uint64_t s2f_gfn(const struct s2f *f, unsigned i)
{
	if (i < S2F_L_PAGES)
		return f->L->base_gfn + i;
	i -= S2F_L_PAGES;
	if (i < S2F_P_PAGES)
		return f->P->base_gfn + i;
	i -= S2F_P_PAGES;
	assert_true(i < S2F_R_PAGES);
	return f->R->base_gfn + i;
}

struct memslot *s2f_slot_of(const struct s2f *f, unsigned i)
{
	return i < S2F_L_PAGES ? f->L : i < S2F_L_PAGES + S2F_P_PAGES ? f->P : f->R;
}

bool s2f_ref_prot(struct s2f *f, uint64_t gfn, unsigned *prot)
{
	struct ref_res r;
	enum ref_status st = f->tc->ref->translate(&f->ctx, gfn << 12, &r);

	if (st == REF_FAULT)
		return false;
	if (st != REF_OK)
		fail_msg("%s: reference walker: gfn %#llx: %s", f->tc->name, (unsigned long long)gfn,
			 r.why ? r.why : "?");
	*prot = r.prot;
	return true;
}

void s2f_snap_take(struct s2f *f, struct s2f_snap *s)
{
	memset(s, 0, sizeof(*s));
	model_init(&s->tables);
	tc_dump(f->tc, &f->pt, &s->tables, ALL_PROT);
	s->ntables = f->pt.ntables;
	s->free_frames = frame_pool_free(&env.pool);
	s->cached_frames = env_cache_frames(&f->cache);
	s->lflags = f->L->flags;
	if (f->L->dirty_bitmap) {
		s->nbits = 2 * f->L->dirty_words;
		s->bits = malloc(s->nbits * 8);
		assert_non_null(s->bits);
		memcpy(s->bits, f->L->dirty_bitmap, s->nbits * 8);
	}
	memcpy(s->recs, f->recs, sizeof(s->recs));
	s->nrec = f->trk.n;
}

void s2f_snap_check(struct s2f *f, const struct s2f_snap *s)
{
	struct model now;
	char msg[512];

	model_init(&now);
	tc_dump(f->tc, &f->pt, &now, ALL_PROT);
	if (!model_equal(&s->tables, &now, msg, sizeof(msg)))
		fail_msg("%s: a refused operation changed the tables: %s", f->tc->name, msg);
	model_fini(&now);
	assert_int_equal(f->pt.ntables, s->ntables);
	assert_int_equal(frame_pool_free(&env.pool), s->free_frames);
	assert_int_equal(env_cache_frames(&f->cache), s->cached_frames);
	assert_int_equal(f->L->flags, s->lflags);
	if (s->bits) {
		assert_non_null(f->L->dirty_bitmap);
		assert_memory_equal(f->L->dirty_bitmap, s->bits, s->nbits * 8);
	}
	assert_int_equal(f->trk.n, s->nrec);
	assert_memory_equal(f->recs, s->recs, sizeof(s->recs));
}

void s2f_snap_free(struct s2f_snap *s)
{
	model_fini(&s->tables);
	free(s->bits);
	s->bits = NULL;
}
