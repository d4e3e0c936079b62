// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "fdt": fdt_open() on arbitrary bytes (at an aligned and
 * at an odd address, and with avail both exact and larger than needed);
 * every blob it accepts is walked node by node and property by property and
 * every accessor is cross-checked (tests/unit/lib/fdt_exercise.c, which
 * aborts on any disagreement), also opened with a node index (fdt_open_index,
 * an array that fits and one that may not) against the walking reader. A
 * rejected blob must have a known error code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/fdt.h"
#include "fdt_exercise.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f, g;
	struct fdt_exercise_stats st;
	uint8_t *odd;
	int r, r2;

	r = fdt_open(&f, data, size);
	if (r) {
		if (r >= 0 || r <= -FDT_ERR_COUNT || r == -FDT_ERR_NOTFOUND)
			abort();
		if (!strcmp(fdt_strerror(r), "unknown error"))
			abort();
	} else {
		if (f.totalsize > size)
			abort();
		fdt_exercise(&f, &st);
	}
	/* With a node index (and with one too small for the blob): same answers. */
	{
		static struct fdt_ixnode ix[512];
		struct fdt x;
		unsigned int cap;

		for (cap = 0; cap <= 512; cap += 512 - (size & 255)) {
			if (fdt_open_index(&x, data, size, ix, cap) != r)
				abort();
			if (!r) {
				struct fdt_exercise_stats sx;

				fdt_exercise(&x, &sx);
				if (memcmp(&st, &sx, sizeof(st)) || fdt_exercise_index(&f, &x) != st.nodes)
					abort();
			}
		}
	}

	/* The same bytes one byte off alignment, exactly sized: same answer. */
	odd = malloc(size + 1);
	if (!odd)
		return 0;
	memcpy(odd + 1, data, size);
	r2 = fdt_open(&g, odd + 1, size);
	if (r2 != r)
		abort();
	if (!r2) {
		struct fdt_exercise_stats st2;

		fdt_exercise(&g, &st2);
		if (memcmp(&st, &st2, sizeof(st)))
			abort();
		/* Exactly totalsize bytes are enough. */
		if (fdt_open(&g, odd + 1, g.totalsize))
			abort();
	}
	free(odd);
	return 0;
}
