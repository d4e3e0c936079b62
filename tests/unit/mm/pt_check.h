/* SPDX-License-Identifier: MIT */
/*
 * Shared checking helpers for the page-table tests: one "case" per format
 * configuration (engine format + independent reference walker), dumping the
 * tables through the reference walker into a flat model, and checking TLB
 * invalidation coverage from the recorded hook calls.
 */
#ifndef TESTS_PT_CHECK_H
#define TESTS_PT_CHECK_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <cmocka.h>
#include "mm/pt.h"
#include "model.h"
#include "pt_env.h"
#include "ref.h"

struct tcase {
	const char *name;
	const struct pt_fmt *fmt;
	const struct ref_fmt *ref;
	unsigned ia_bits, cfg, feat;
	uint64_t win_base, win_size;	/* window of the randomized operations */
	uint64_t max_leaf;		/* largest leaf the configuration allows */
	void (*ctx)(const struct pt *pt, struct ref_ctx *c, unsigned feat);
};

extern const struct tcase tcases[];
extern const unsigned ntcases;
const struct tcase *tcase_find(const char *name);
/* Does the PT_ONLY environment variable (part of a case name), if set, select tc? */
bool tc_wanted(const struct tcase *tc);
/* A cmocka test of fn on case tc (its state), named "<fn_name>/<case name>"; see TC_TEST(). */
struct CMUnitTest tc_unit_test(const char *fn_name, CMUnitTestFunction fn, CMFixtureFunction setup,
			       CMFixtureFunction teardown, const struct tcase *tc);
#define TC_TEST(fn, setup, teardown, tc) tc_unit_test(#fn, fn, setup, teardown, tc)

void tc_ctx(const struct tcase *tc, const struct pt *pt, struct ref_ctx *c);
/* Tables as the reference walker sees them, prot masked with keep. Returns the table count. */
long tc_dump(const struct tcase *tc, const struct pt *pt, struct model *out, unsigned keep);
/* Fail the test unless the tables equal the model (prot masked with keep) and ntables matches. */
void tc_check(const struct tcase *tc, const struct pt *pt, const struct model *m, unsigned keep);
/*
 * Every page whose translation went away, moved or lost a permission between
 * before and after is covered by a recorded invalidation (a break where the
 * format needs one), and flush ranges stay within [lo, hi].
 */
void tc_check_tlb(const struct tcase *tc, const struct model *before, const struct model *after,
		  uint64_t lo, uint64_t hi);

uint64_t rnd_next(uint64_t *s);

#endif
