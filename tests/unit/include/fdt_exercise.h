/* SPDX-License-Identifier: MIT */
/*
 * Drive every boot/fdt.h accessor over an opened blob and check the answers
 * agree with each other (tests/unit/lib/fdt_exercise.c). Used by the fdt unit
 * tests and the fdt fuzz target; a disagreement calls abort() so both
 * cmocka and libFuzzer report it.
 */
#ifndef TESTS_FDT_EXERCISE_H
#define TESTS_FDT_EXERCISE_H

#include "boot/fdt.h"

struct fdt_exercise_stats {
	unsigned int nodes, props, maxdepth, rsv;
};

/* Walk every node and property of f (iteratively) and call every accessor. */
void fdt_exercise(const struct fdt *f, struct fdt_exercise_stats *st);

#endif
