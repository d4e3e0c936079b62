/* SPDX-License-Identifier: MIT */
/*
 * Bounds-checked parsers for the Multiboot boot information: version 1
 * (Multiboot Specification 0.6.96, section 3.3 "Boot information format"),
 * which QEMU's -kernel loader produces, and version 2 (Multiboot2
 * Specification 2.0, section 3.6 "Boot information format"), which GRUB
 * produces on real machines.
 *
 * The parsers know no CPU: they read the information through a window of
 * readable physical memory (struct mb_mem) and never touch an address
 * outside it. Every pointer, length, count and string in the information is
 * checked before it is used; a bad one yields an mb_err and a message that
 * names the field. The result (struct mb_info) is plain data the boot code
 * turns into struct boot_info. Nothing here allocates or recurses.
 */
#ifndef BOOT_MULTIBOOT_H
#define BOOT_MULTIBOOT_H

#include "hyp/compiler.h"

#define MB1_BOOT_MAGIC	0x2badb002u	/* in EAX after a Multiboot v1 loader */
#define MB2_BOOT_MAGIC	0x36d76289u	/* in EAX after a Multiboot2 loader */

#define MB_MAX_MMAP	128	/* memory map entries kept (more are counted, dropped) */
#define MB_MAX_MODS	16	/* modules kept (more are counted, dropped) */
#define MB_MAX_USED	8	/* ranges the information itself occupies */
#define MB_STR_MAX	4096	/* longest string accepted, NUL included */
#define MB2_INFO_MAX	(1u << 20)	/* largest Multiboot2 total_size accepted */
#define MB1_MMAP_MAX	(1u << 16)	/* largest Multiboot v1 mmap_length accepted */
#define MB1_MODS_MAX	1024u	/* largest Multiboot v1 mods_count accepted */

/* Memory map entry types (both versions use the E820 numbering). */
enum mb_mem_type {
	MB_MEM_AVAILABLE = 1,
	MB_MEM_RESERVED = 2,
	MB_MEM_ACPI_RECLAIMABLE = 3,
	MB_MEM_NVS = 4,
	MB_MEM_BADRAM = 5,
};

enum mb_err {
	MB_OK = 0,
	MB_ERR_MAGIC,		/* EAX holds neither loader magic */
	MB_ERR_UNREADABLE,	/* a pointer/length leaves the readable window */
	MB_ERR_BADSIZE,		/* a size or length field is too small, too big or misaligned */
	MB_ERR_BADSTRING,	/* a string has no NUL within MB_STR_MAX bytes */
	MB_ERR_BADMODULE,	/* module end below its start */
	MB_ERR_BADMMAP,		/* memory map entry malformed (size, wrap) */
	MB_ERR_DUPLICATE,	/* a Multiboot2 tag that may appear once appears twice */
	MB_ERR_NOEND,		/* Multiboot2 tags run out without an end tag */
	MB_ERR_COUNT
};

/* A readable window of physical memory: [base, base + size) at va. */
struct mb_mem {
	uint64_t base;
	uint64_t size;
	uintptr_t va;
};

struct mb_mmap_entry {
	uint64_t base;
	uint64_t size;
	uint32_t type;		/* enum mb_mem_type, or another firmware value */
};

struct mb_module {
	uint64_t start;		/* physical address of the first byte */
	uint64_t end;		/* physical address after the last byte (end >= start) */
	const char *string;	/* NUL-terminated, inside the window; "" if none */
};

struct mb_range {
	uint64_t base;
	uint64_t size;
};

struct mb_info {
	unsigned int version;		/* 1 or 2 */
	const char *cmdline;		/* NULL if the loader passed none */
	const char *loader;		/* boot loader name, NULL if none */

	bool has_meminfo;		/* mem_lower / mem_upper valid */
	uint32_t mem_lower_kib;		/* RAM from 0 */
	uint32_t mem_upper_kib;		/* RAM from 1 MiB */

	bool has_mmap;
	unsigned int nmmap;
	unsigned int nmmap_dropped;	/* entries beyond MB_MAX_MMAP */
	struct mb_mmap_entry mmap[MB_MAX_MMAP];

	unsigned int nmods;
	unsigned int nmods_dropped;	/* modules beyond MB_MAX_MODS */
	struct mb_module mods[MB_MAX_MODS];

	const void *rsdp;		/* Multiboot2 ACPI tag payload (an RSDP copy), or NULL */
	uint32_t rsdp_len;
	unsigned int rsdp_tag;		/* 14 (ACPI 1.0 RSDP) or 15 (ACPI 2.0+ RSDP); 0 if none */

	unsigned int nused;		/* ranges holding the information (exact bounds; */
					/* ranges whose pages touch are merged) */
	struct mb_range used[MB_MAX_USED];

	char err[160];			/* on failure: which field, where, why */
};

/* A short fixed description of an mb_err ("unreadable", "bad size", ...). */
const char *mb_strerror(int err);

/*
 * Parse the boot information a loader left at info_pa, given the magic it
 * left in EAX. Fills *out (zeroed first) and returns MB_OK, or an mb_err with
 * out->err describing the offending field. Reads only inside *mem.
 */
int mb_parse(struct mb_info *out, const struct mb_mem *mem, uint32_t magic, uint64_t info_pa) __must_check;

#endif
