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

/*
 * ix: the same blob as plain, opened with fdt_open_index() (plain: with
 * fdt_open(), no index). If ix has an index, every entry is checked against
 * a reference walk of the raw tokens written here (offsets, name lengths,
 * parent / child / sibling links, first "compatible" and "device_type");
 * either way every accessor must answer the same on both for every node,
 * and ix must refuse every offset that is not a node's. Returns the number
 * of nodes the reference walk found.
 */
unsigned int fdt_exercise_index(const struct fdt *plain, const struct fdt *ix);

#endif
