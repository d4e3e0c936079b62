/* SPDX-License-Identifier: MIT */
/*
 * Flat reference model of a guest-physical -> host-physical mapping: a
 * sorted list of runs (va, len, pa, prot), kept merged. It knows nothing of
 * tables, levels or blocks.
 */
#ifndef TESTS_MODEL_H
#define TESTS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mrun {
	uint64_t va, len, pa;
	unsigned prot;
};

struct model {
	struct mrun *r;
	size_t n, cap;
};

void model_init(struct model *m);
void model_fini(struct model *m);
void model_copy(struct model *dst, const struct model *src);
/* Map [va, va + len) to pa.. with prot, replacing what was there. */
void model_map(struct model *m, uint64_t va, uint64_t len, uint64_t pa, unsigned prot);
void model_unmap(struct model *m, uint64_t va, uint64_t len);
/* prot = (prot & ~clear) | set on every mapped page of the range. */
void model_protect(struct model *m, uint64_t va, uint64_t len, unsigned set, unsigned clear);
bool model_lookup(const struct model *m, uint64_t va, uint64_t *pa, unsigned *prot);
/* Append a run (va increasing) and merge with the previous one if contiguous. */
void model_append(struct model *m, uint64_t va, uint64_t len, uint64_t pa, unsigned prot);
/* Equal as mappings; on mismatch writes a description into msg. */
bool model_equal(const struct model *a, const struct model *b, char *msg, size_t msglen);
uint64_t model_pages(const struct model *m);

#endif
