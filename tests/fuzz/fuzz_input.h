/* SPDX-License-Identifier: MIT */
/*
 * A byte reader for the fuzz targets that turn their input into a sequence
 * of operations (vpl011, vgic, hypercall, arm64_trap): each field is taken
 * from the front of the input, little-endian; an exhausted input reads as
 * zeros and fz_done() turns true, so every input is a valid (possibly empty)
 * sequence.
 */
#ifndef TESTS_FUZZ_INPUT_H
#define TESTS_FUZZ_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fz {
	const uint8_t *p;
	size_t n;
};

/* Next byte (0 once the input is used up). */
static inline uint8_t fz_u8(struct fz *f)
{
	if (!f->n)
		return 0;
	f->n--;
	return *f->p++;
}

/* Next n (<= 8) bytes as a little-endian number. */
static inline uint64_t fz_bytes(struct fz *f, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)fz_u8(f) << (8 * i);
	return v;
}

static inline uint16_t fz_u16(struct fz *f) { return (uint16_t)fz_bytes(f, 2); }
static inline uint32_t fz_u32(struct fz *f) { return (uint32_t)fz_bytes(f, 4); }
static inline uint64_t fz_u64(struct fz *f) { return fz_bytes(f, 8); }

/* True once every byte was taken. */
static inline bool fz_done(const struct fz *f)
{
	return f->n == 0;
}

#endif
