/* SPDX-License-Identifier: MIT */
/*
 * The input layout the "multiboot" and "x86_acpi" fuzz targets share:
 * byte 0 holds flags, bytes 1-4 an offset into the memory image, the rest
 * is the memory image, copied into an exactly sized heap buffer so ASan
 * catches any read outside it.
 */
#ifndef TESTS_FUZZ_WINDOW_H
#define TESTS_FUZZ_WINDOW_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The memory image (free() it) with *off and *len set, or NULL (too short, or no memory). */
static inline uint8_t *fuzz_window(const uint8_t *data, size_t size, uint32_t *off, size_t *len)
{
	uint8_t *mem;

	if (size < 5)
		return NULL;
	memcpy(off, data + 1, 4);
	*len = size - 5;
	mem = malloc(*len ? *len : 1);
	if (mem)
		memcpy(mem, data + 5, *len);
	return mem;
}

#endif
