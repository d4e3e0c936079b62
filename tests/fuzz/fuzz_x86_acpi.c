// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "x86_acpi": acpi_find_rsdp_bios() and acpi_parse()
 * (arch/x86/acpi.c, pure C) on arbitrary memory. Input: byte 0 flags (bit 0:
 * recompute the checksums of the tables reachable from the RSDP before
 * parsing, so mutations get past them and reach the table contents), bytes
 * 1-4 the RSDP offset in the memory image, the rest the memory image at
 * physical 0xE0000 (the BIOS area, so the RSDP scan sees it too) in an
 * exactly sized heap buffer. Result: a known acpi_err with a message, or a
 * parse whose counts respect their bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_window.h"
#include "arch/x86/acpi.h"

#define PA_BASE 0xe0000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *mem;
static size_t len;

static uint8_t *at(uint64_t pa, uint64_t n)
{
	if (pa < PA_BASE || n > len || pa - PA_BASE > len - n)
		return NULL;
	return mem + (pa - PA_BASE);
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Make bytes [0, n) of p sum to zero by adjusting byte csum. */
static void fix(uint8_t *p, uint64_t n, uint64_t csum)
{
	uint8_t s = 0;
	uint64_t i;

	p[csum] = 0;
	for (i = 0; i < n; i++)
		s += p[i];
	p[csum] = (uint8_t)-s;
}

static void fix_table(uint64_t pa)
{
	uint8_t *h = at(pa, 36);
	uint32_t n;

	if (!h)
		return;
	n = rd32(h + 4);
	if (n >= 36 && at(pa, n))
		fix(h, n, 9);
}

/* The tables the parser will read: root, its entries, the FADT's DSDT. */
static void fix_all(uint8_t *rsdp, uint64_t avail)
{
	uint64_t root, i, n, esize;
	uint8_t *r;
	bool x;

	if (avail < 20)
		return;
	x = rsdp[15] >= 2 && avail >= 36 && rd64(rsdp + 24);
	root = x ? rd64(rsdp + 24) : rd32(rsdp + 16);
	fix_table(root);
	r = at(root, 36);
	if (r) {
		esize = x ? 8 : 4;
		n = rd32(r + 4) >= 36 && at(root, rd32(r + 4)) ? (rd32(r + 4) - 36) / esize : 0;
		for (i = 0; i < n && i < 64; i++) {
			uint64_t pa = x ? rd64(r + 36 + 8 * i) : rd32(r + 36 + 4 * i);
			uint8_t *t = at(pa, 44);

			if (t && !memcmp(t, "FACP", 4))
				fix_table(rd32(t + 40));
			fix_table(pa);
		}
		fix_table(root);
	}
	fix(rsdp, 20, 8);
	if (rsdp[15] >= 2 && avail >= 36 && rd32(rsdp + 20) >= 36 && rd32(rsdp + 20) <= avail)
		fix(rsdp, rd32(rsdp + 20), 32);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct acpi_info ai;
	struct acpi_mem win;
	uint64_t found;
	uint32_t off;
	uint8_t *rsdp;
	int err;

	mem = fuzz_window(data, size, &off, &len);
	if (!mem)
		return 0;
	win = (struct acpi_mem){ PA_BASE, len, (uintptr_t)mem };

	rsdp = at(PA_BASE + off, 1);
	if (rsdp && (data[0] & 1))
		fix_all(rsdp, len - off);

	err = acpi_find_rsdp_bios(&win, &found);
	if (err != ACPI_OK && err != ACPI_ERR_NORSDP)
		abort();
	if (err == ACPI_OK && (found < PA_BASE || found - PA_BASE > len - 20 || (found & 15)))
		abort();

	if (rsdp) {
		err = acpi_parse(&ai, &win, rsdp, len - off);
		if (err < ACPI_OK || err >= ACPI_ERR_COUNT)
			abort();
		if (err && (!ai.err[0] || !strcmp(acpi_strerror(err), "unknown error")))
			abort();
		if (!err && (ai.ncpus > ACPI_MAX_CPUS || ai.nioapic > ACPI_MAX_IOAPICS ||
			     ai.s5_typa > 7 || ai.s5_typb > 7))
			abort();
	}
	free(mem);
	return 0;
}
