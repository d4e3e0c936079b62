// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "multiboot": mb_parse() (boot/multiboot.c) on arbitrary
 * memory. Input: byte 0 bit 0 picks Multiboot2 (else v1), bytes 1-4 the
 * offset of the information in the memory image, the rest is the memory
 * image, placed at physical 0x100000 in an exactly sized heap buffer (ASan
 * catches any read outside it). Whatever the bytes, the result must be a
 * known mb_err with a message, and on success every string and the RSDP
 * copy must lie inside the window and the module ranges must not wrap.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_window.h"
#include "boot/multiboot.h"

#define PA_BASE 0x100000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_in(const uint8_t *mem, size_t len, const void *p, size_t n)
{
	const uint8_t *b = p;

	if (b < mem || n > len || (size_t)(b - mem) > len - n)
		abort();
}

static void check_str(const uint8_t *mem, size_t len, const char *s)
{
	check_in(mem, len, s, 1);
	if (!memchr(s, 0, len - (size_t)((const uint8_t *)s - mem)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mb_info info;
	struct mb_mem win;
	uint32_t off;
	uint8_t *mem;
	size_t len;
	unsigned int i;
	int err;

	mem = fuzz_window(data, size, &off, &len);
	if (!mem)
		return 0;
	win = (struct mb_mem){ PA_BASE, len, (uintptr_t)mem };
	err = mb_parse(&info, &win, (data[0] & 1) ? MB2_BOOT_MAGIC : MB1_BOOT_MAGIC, PA_BASE + off);
	if (err < MB_OK || err >= MB_ERR_COUNT)
		abort();
	if (err) {
		if (!info.err[0] || !strcmp(mb_strerror(err), "unknown error"))
			abort();
	} else {
		if (info.cmdline)
			check_str(mem, len, info.cmdline);
		if (info.loader)
			check_str(mem, len, info.loader);
		if (info.rsdp)
			check_in(mem, len, info.rsdp, info.rsdp_len);
		if (info.nmods > MB_MAX_MODS || info.nmmap > MB_MAX_MMAP || info.nused > MB_MAX_USED)
			abort();
		for (i = 0; i < info.nmods; i++) {
			if (info.mods[i].end < info.mods[i].start)
				abort();
			if (info.mods[i].string[0])
				check_str(mem, len, info.mods[i].string);
		}
		for (i = 0; i < info.nmmap; i++)
			if (!range_ok(info.mmap[i].base, info.mmap[i].size))
				abort();
		for (i = 0; i < info.nused; i++)
			if (info.used[i].base < PA_BASE || info.used[i].base + info.used[i].size > PA_BASE + len)
				abort();
	}
	free(mem);
	return 0;
}
