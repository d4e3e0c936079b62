/* SPDX-License-Identifier: MIT */
/*
 * A fake table format for the engine tests: the geometry of a 4-level,
 * 48-bit format, but every level encodes its fields at different bit
 * positions, rotated and XORed with a per-level key, and the empty entry is
 * not zero. Generic code that peeked at descriptor bits, assumed zero means
 * empty, or assumed output addresses are stored unshifted breaks on it.
 */
#ifndef TESTS_FAKE_FMT_H
#define TESTS_FAKE_FMT_H

#include "mm/pt.h"
#include "ref.h"

extern const struct pt_fmt pt_fmt_fake;
/* Independent decoder of the same layout (written from the table in fake_fmt.c's comment). */
extern const struct ref_fmt ref_fake;

#endif
