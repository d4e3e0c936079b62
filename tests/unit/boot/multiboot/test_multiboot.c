// SPDX-License-Identifier: MIT
/*
 * Host tests of boot/multiboot.c. The boot information is written here by
 * small builders that follow the specifications' layouts directly
 * (Multiboot 0.6.96 section 3.3, Multiboot2 2.0 section 3.6), independent of
 * the parser; the tests check the parser returns what the builders wrote,
 * the exact mb_err for each kind of hostile input, and (by random
 * mutation) that no input makes it read outside its window or return a
 * pointer outside it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "boot/multiboot.h"

#define PA_BASE	0x100000ull
#define MEMSZ	65536

static uint8_t *mem;		/* heap buffer: ASan catches reads past its end */
static struct mb_mem win;
static struct mb_info info;

static int setup(void **state)
{
	mem = calloc(1, MEMSZ);
	win = (struct mb_mem){ PA_BASE, MEMSZ, (uintptr_t)mem };
	return mem ? 0 : -1;
}

static int teardown(void **state)
{
	free(mem);
	return 0;
}

static void put32(uint64_t pa, uint32_t v) { memcpy(mem + (pa - PA_BASE), &v, 4); }
static void put64(uint64_t pa, uint64_t v) { memcpy(mem + (pa - PA_BASE), &v, 8); }
static void putstr(uint64_t pa, const char *s) { memcpy(mem + (pa - PA_BASE), s, strlen(s) + 1); }

/* Is [p, p+len) inside the window's buffer? */
static bool in_buf(const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= mem && len <= MEMSZ && (size_t)(b - mem) <= MEMSZ - len;
}

/* A NUL-terminated string entirely inside the buffer. */
static bool str_in_buf(const char *s)
{
	const uint8_t *b = (const uint8_t *)s;

	if (!in_buf(b, 1))
		return false;
	return memchr(b, 0, MEMSZ - (size_t)(b - mem)) != NULL;
}

/* Some used[] range covers [base, base + size). */
static bool used_covers(uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < info.nused; i++)
		if (base >= info.used[i].base && base + size <= info.used[i].base + info.used[i].size)
			return true;
	return false;
}

/* ---- Multiboot v1 builder (spec 3.3): fixed offsets in the info struct ---- */

#define I1	(PA_BASE + 0x100)	/* info structure */
#define CMD1	(PA_BASE + 0x2000)
#define MMAP1	(PA_BASE + 0x3000)
#define MODS1	(PA_BASE + 0x4000)
#define STR1	(PA_BASE + 0x5000)
#define LDR1	(PA_BASE + 0x6000)

struct e820 { uint64_t base, len; uint32_t type; };

static const struct e820 ref_map[] = {
	{ 0x0, 0x9fc00, 1 },
	{ 0x9fc00, 0x400, 2 },
	{ 0x100000, 0x3fee0000, 1 },
	{ 0xfffc0000, 0x40000, 2 },
};

/* Writes entries with `stride`-byte size fields (>= 20) to test the stride. */
static uint32_t build_mmap1(uint64_t at, uint32_t stride)
{
	uint32_t off = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ref_map); i++) {
		put32(at + off, stride);
		put64(at + off + 4, ref_map[i].base);
		put64(at + off + 12, ref_map[i].len);
		put32(at + off + 20, ref_map[i].type);
		off += 4 + stride;
	}
	return off;
}

static void build_mb1(void)
{
	uint32_t mlen;

	memset(mem, 0, MEMSZ);
	put32(I1 + 0, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	put32(I1 + 4, 639);
	put32(I1 + 8, 1047424);
	put32(I1 + 16, CMD1);
	putstr(CMD1, "bulkhead.elf console=com1");
	put32(I1 + 20, 2);
	put32(I1 + 24, MODS1);
	put32(MODS1 + 0, 0x200000);
	put32(MODS1 + 4, 0x201234);
	put32(MODS1 + 8, STR1);
	put32(MODS1 + 16, 0x300000);
	put32(MODS1 + 20, 0x300000);
	put32(MODS1 + 24, 0);
	putstr(STR1, "bundle.bin");
	mlen = build_mmap1(MMAP1, 20);
	put32(I1 + 44, mlen);
	put32(I1 + 48, MMAP1);
	put32(I1 + 64, LDR1);
	putstr(LDR1, "qemu");
}

static void test_mb1_valid(void **state)
{
	size_t i;

	build_mb1();
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_OK);
	assert_int_equal(info.version, 1);
	assert_string_equal(info.cmdline, "bulkhead.elf console=com1");
	assert_string_equal(info.loader, "qemu");
	assert_true(info.has_meminfo);
	assert_int_equal(info.mem_lower_kib, 639);
	assert_int_equal(info.mem_upper_kib, 1047424);
	assert_true(info.has_mmap);
	assert_int_equal(info.nmmap, ARRAY_SIZE(ref_map));
	for (i = 0; i < ARRAY_SIZE(ref_map); i++) {
		assert_int_equal(info.mmap[i].base, ref_map[i].base);
		assert_int_equal(info.mmap[i].size, ref_map[i].len);
		assert_int_equal(info.mmap[i].type, ref_map[i].type);
	}
	assert_int_equal(info.nmods, 2);
	assert_int_equal(info.mods[0].start, 0x200000);
	assert_int_equal(info.mods[0].end, 0x201234);
	assert_string_equal(info.mods[0].string, "bundle.bin");
	assert_int_equal(info.mods[1].start, 0x300000);
	assert_int_equal(info.mods[1].end, 0x300000);
	assert_string_equal(info.mods[1].string, "");
	assert_null(info.rsdp);
	/* Everything the parser read is reported as used (to be reserved). */
	assert_true(used_covers(I1, 68));
	assert_true(used_covers(CMD1, strlen("bulkhead.elf console=com1") + 1));
	assert_true(used_covers(MMAP1, 4 * 24));
	assert_true(used_covers(MODS1, 32));
	assert_true(used_covers(STR1, 11));
	assert_true(used_covers(LDR1, 5));
	/* Exact bounds: one range starts at the info structure itself. */
	for (i = 0; i < info.nused; i++)
		if (info.used[i].base == I1)
			break;
	assert_true(i < info.nused);
}

static void test_mb1_mmap_stride_and_empty(void **state)
{
	uint32_t mlen;

	build_mb1();
	mlen = build_mmap1(MMAP1, 28);	/* entries with 8 extra bytes each */
	put32(I1 + 44, mlen);
	put64(MMAP1 + 32 + 12, 0);	/* second entry: length 0, skipped */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_OK);
	assert_int_equal(info.nmmap, 3);
	assert_int_equal(info.mmap[1].base, ref_map[2].base);
	assert_int_equal(info.mmap[2].size, ref_map[3].len);
}

static void test_mb1_no_flags(void **state)
{
	build_mb1();
	put32(I1, 0);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_OK);
	assert_null(info.cmdline);
	assert_null(info.loader);
	assert_false(info.has_mmap);
	assert_false(info.has_meminfo);
	assert_int_equal(info.nmods, 0);
	assert_int_equal(info.nused, 1);
}

static void test_mb1_misaligned_info(void **state)
{
	uint64_t at = I1 + 0x801;	/* odd address: fields read without alignment */

	build_mb1();
	memmove(mem + (at - PA_BASE), mem + (I1 - PA_BASE), 68);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, at), MB_OK);
	assert_string_equal(info.cmdline, "bulkhead.elf console=com1");
}

static void test_bad_magic(void **state)
{
	build_mb1();
	assert_int_equal(mb_parse(&info, &win, 0x12345678, I1), MB_ERR_MAGIC);
	assert_non_null(strstr(info.err, "0x12345678"));
	assert_string_equal(mb_strerror(MB_ERR_MAGIC), "bad magic");
	assert_string_equal(mb_strerror(999), "unknown error");
}

static void test_mb1_info_outside(void **state)
{
	build_mb1();
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, 0x1000), MB_ERR_UNREADABLE);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, PA_BASE + MEMSZ - 67), MB_ERR_UNREADABLE);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, UINT64_MAX - 10), MB_ERR_UNREADABLE);
}

static void test_mb1_cmdline_hostile(void **state)
{
	build_mb1();
	put32(I1 + 16, 0x10);		/* below the window */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_UNREADABLE);
	assert_non_null(strstr(info.err, "cmdline"));

	/* Runs to the end of the window without a NUL. */
	build_mb1();
	put32(I1 + 16, PA_BASE + MEMSZ - 100);
	memset(mem + MEMSZ - 100, 'A', 100);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADSTRING);

	/* Longer than MB_STR_MAX. */
	build_mb1();
	memset(mem + (CMD1 - PA_BASE), 'B', MB_STR_MAX + 10);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADSTRING);

	/* Exactly MB_STR_MAX - 1 characters + NUL is fine. */
	build_mb1();
	memset(mem + (CMD1 - PA_BASE), 'C', MB_STR_MAX - 1);
	mem[CMD1 - PA_BASE + MB_STR_MAX - 1] = 0;
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_OK);
	assert_int_equal(strlen(info.cmdline), MB_STR_MAX - 1);
}

static void test_mb1_mmap_hostile(void **state)
{
	build_mb1();
	put32(I1 + 44, MB1_MMAP_MAX + 1);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADSIZE);

	build_mb1();
	put32(I1 + 48, PA_BASE + MEMSZ - 50);	/* 96 bytes claimed, 50 readable */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_UNREADABLE);

	build_mb1();
	put32(MMAP1, 8);			/* entry too small for base/length/type */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADMMAP);
	assert_non_null(strstr(info.err, "entry 0"));

	build_mb1();
	put32(MMAP1 + 72, 1000);		/* last entry's size runs past mmap_length */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADMMAP);
	assert_non_null(strstr(info.err, "entry 3"));

	build_mb1();
	put32(I1 + 44, 4 * 24 + 3);		/* 3 trailing bytes */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADMMAP);

	build_mb1();
	put64(MMAP1 + 24 + 4, UINT64_MAX - 5);	/* base + length wraps */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADMMAP);
	assert_non_null(strstr(info.err, "wraps"));
}

static void test_mb1_mods_hostile(void **state)
{
	build_mb1();
	put32(I1 + 20, MB1_MODS_MAX + 1);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADSIZE);

	build_mb1();
	put32(I1 + 20, 1000);			/* 16000 bytes from MODS1: past the window */
	put32(I1 + 24, PA_BASE + MEMSZ - 0x100);
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_UNREADABLE);

	build_mb1();
	put32(MODS1 + 4, 0x1fffff);		/* end below start */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_BADMODULE);
	assert_non_null(strstr(info.err, "module 0"));

	build_mb1();
	put32(MODS1 + 8, 0xffffff00);		/* string pointer outside */
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_ERR_UNREADABLE);
	assert_non_null(strstr(info.err, "module 0 string"));
}

static void test_mb1_many_mods(void **state)
{
	uint32_t i, n = MB_MAX_MODS + 5;

	build_mb1();
	put32(I1 + 20, n);
	for (i = 0; i < n; i++) {
		put32(MODS1 + 16 * i, 0x400000 + i * 0x1000);
		put32(MODS1 + 16 * i + 4, 0x400000 + i * 0x1000 + 10);
		put32(MODS1 + 16 * i + 8, 0);
	}
	assert_int_equal(mb_parse(&info, &win, MB1_BOOT_MAGIC, I1), MB_OK);
	assert_int_equal(info.nmods, MB_MAX_MODS);
	assert_int_equal(info.nmods_dropped, 5);
	assert_int_equal(info.mods[MB_MAX_MODS - 1].start, 0x400000 + (MB_MAX_MODS - 1) * 0x1000);
}

/* ---- Multiboot2 builder (spec 3.6): tags, each 8-byte aligned ---- */

#define I2	(PA_BASE + 0x1000)

static uint32_t tag_off;

static void mb2_begin(void)
{
	memset(mem, 0, MEMSZ);
	tag_off = 8;
}

/* Append a tag: header + payload; returns its offset. */
static uint32_t mb2_tag(uint32_t type, const void *payload, uint32_t len)
{
	uint32_t at = tag_off;

	put32(I2 + at, type);
	put32(I2 + at + 4, 8 + len);
	if (len)
		memcpy(mem + (I2 - PA_BASE) + at + 8, payload, len);
	tag_off = (uint32_t)align_up(at + 8 + len, 8);
	return at;
}

static void mb2_end(void)
{
	mb2_tag(0, NULL, 0);
	put32(I2, tag_off);
}

static uint8_t rsdp_v1[20] = "RSD PTR v1";
static uint8_t rsdp_v2[36] = "RSD PTR v2";

static void mb2_mmap(uint32_t esize, unsigned int n)
{
	uint8_t buf[8 + 4 * 40] = { 0 };
	unsigned int i;

	memcpy(buf, &esize, 4);
	for (i = 0; i < n && i < ARRAY_SIZE(ref_map); i++) {
		memcpy(buf + 8 + i * esize, &ref_map[i].base, 8);
		memcpy(buf + 8 + i * esize + 8, &ref_map[i].len, 8);
		memcpy(buf + 8 + i * esize + 16, &ref_map[i].type, 4);
	}
	mb2_tag(6, buf, 8 + n * esize);
}

static void mb2_module(uint32_t start, uint32_t end, const char *s)
{
	uint8_t buf[64];

	memcpy(buf, &start, 4);
	memcpy(buf + 4, &end, 4);
	memcpy(buf + 8, s, strlen(s) + 1);
	mb2_tag(3, buf, 8 + (uint32_t)strlen(s) + 1);
}

static void build_mb2(void)
{
	uint32_t meminfo[2] = { 639, 1047424 };

	mb2_begin();
	mb2_tag(1, "console=com1 bulkhead.crashtest", 32);
	mb2_tag(2, "GRUB 2.06", 10);
	mb2_module(0x200000, 0x280000, "bundle");
	mb2_module(0x300000, 0x300010, "extra");
	mb2_tag(4, meminfo, 8);
	mb2_tag(21, "unknown tag payload", 20);	/* load base address: skipped */
	mb2_mmap(24, 4);
	mb2_tag(14, rsdp_v1, 20);
	mb2_tag(15, rsdp_v2, 36);
	mb2_end();
}

static void test_mb2_valid(void **state)
{
	size_t i;

	build_mb2();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_OK);
	assert_int_equal(info.version, 2);
	assert_string_equal(info.cmdline, "console=com1 bulkhead.crashtest");
	assert_string_equal(info.loader, "GRUB 2.06");
	assert_int_equal(info.nmods, 2);
	assert_int_equal(info.mods[0].start, 0x200000);
	assert_int_equal(info.mods[0].end, 0x280000);
	assert_string_equal(info.mods[0].string, "bundle");
	assert_string_equal(info.mods[1].string, "extra");
	assert_true(info.has_meminfo);
	assert_int_equal(info.mem_upper_kib, 1047424);
	assert_int_equal(info.nmmap, ARRAY_SIZE(ref_map));
	for (i = 0; i < ARRAY_SIZE(ref_map); i++) {
		assert_int_equal(info.mmap[i].base, ref_map[i].base);
		assert_int_equal(info.mmap[i].size, ref_map[i].len);
		assert_int_equal(info.mmap[i].type, ref_map[i].type);
	}
	/* The ACPI 2.0 RSDP copy wins over the 1.0 one. */
	assert_int_equal(info.rsdp_tag, 15);
	assert_int_equal(info.rsdp_len, 36);
	assert_memory_equal(info.rsdp, rsdp_v2, 36);
	assert_true(in_buf(info.rsdp, 36));
	/* Exactly the information, not rounded to pages (a module may share its page). */
	assert_int_equal(info.nused, 1);
	assert_int_equal(info.used[0].base, I2);
	assert_int_equal(info.used[0].size, tag_off);
}

static void test_mb2_old_rsdp_only_and_order(void **state)
{
	mb2_begin();
	mb2_tag(15, rsdp_v2, 36);
	mb2_tag(14, rsdp_v1, 20);	/* after the new one: must not replace it */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_OK);
	assert_int_equal(info.rsdp_tag, 15);

	mb2_begin();
	mb2_tag(14, rsdp_v1, 20);
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_OK);
	assert_int_equal(info.rsdp_tag, 14);
	assert_memory_equal(info.rsdp, rsdp_v1, 20);
	assert_null(info.cmdline);
	assert_false(info.has_mmap);
}

static void test_mb2_header_hostile(void **state)
{
	build_mb2();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2 + 4), MB_ERR_BADSIZE);	/* misaligned */
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, 0x800), MB_ERR_UNREADABLE);

	put32(I2, 8);
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);
	put32(I2, MB2_INFO_MAX + 8);
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);
	put32(I2, MEMSZ);			/* total_size runs past the window */
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_UNREADABLE);
}

static void test_mb2_tag_hostile(void **state)
{
	uint32_t at;

	/* A tag whose size is below the 8-byte header. */
	mb2_begin();
	at = mb2_tag(1, "x", 2);
	mb2_end();
	put32(I2 + at + 4, 4);
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);

	/* A tag running past total_size. */
	mb2_begin();
	at = mb2_tag(1, "x", 2);
	mb2_end();
	put32(I2 + at + 4, 4000);
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);

	/* No end tag. */
	mb2_begin();
	mb2_tag(1, "x", 2);
	put32(I2, tag_off);
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_NOEND);

	/* Unterminated cmdline inside its tag. */
	mb2_begin();
	mb2_tag(1, "abcd", 4);
	mb2_tag(2, "loader", 7);
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSTRING);

	/* Duplicates. */
	mb2_begin();
	mb2_tag(1, "a", 2);
	mb2_tag(1, "b", 2);
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_DUPLICATE);
	mb2_begin();
	mb2_mmap(24, 1);
	mb2_mmap(24, 1);
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_DUPLICATE);
	mb2_begin();
	mb2_tag(15, rsdp_v2, 36);
	mb2_tag(15, rsdp_v2, 36);
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_DUPLICATE);
}

static void test_mb2_payload_hostile(void **state)
{
	uint32_t at;

	mb2_begin();
	mb2_mmap(20, 2);			/* entry smaller than base/length/type/reserved */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADMMAP);
	mb2_begin();
	mb2_mmap(28, 2);			/* not a multiple of 8 */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADMMAP);
	mb2_begin();
	at = tag_off;
	mb2_mmap(24, 2);
	mb2_end();
	put32(I2 + at + 4, 8 + 8 + 2 * 24 - 8);	/* 1.67 entries */
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADMMAP);
	mb2_begin();
	mb2_tag(6, "\x18\0\0\0", 4);		/* header fields cut short */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);

	mb2_begin();
	mb2_tag(3, "\0\0\x20\0\0\0\x20", 8);	/* module without its string */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);
	mb2_begin();
	mb2_module(0x300000, 0x2fffff, "m");
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADMODULE);
	mb2_begin();
	mb2_tag(3, "\0\0\x20\0\0\0\x20\0abc", 11);	/* string not terminated */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSTRING);

	mb2_begin();
	mb2_tag(15, rsdp_v2, 20);		/* a 2.0 RSDP is 36 bytes */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);
	mb2_begin();
	mb2_tag(4, "\1\0\0\0", 4);		/* meminfo cut short */
	mb2_end();
	assert_int_equal(mb_parse(&info, &win, MB2_BOOT_MAGIC, I2), MB_ERR_BADSIZE);
}

/*
 * Random mutations of valid v1 and v2 information: whatever the bytes, the
 * parser returns a defined mb_err, and on success every pointer it returns
 * lies inside the window (ASan catches any read outside the buffer).
 */
static void check_result_pointers(void)
{
	unsigned int i;

	if (info.cmdline)
		assert_true(str_in_buf(info.cmdline));
	if (info.loader)
		assert_true(str_in_buf(info.loader));
	for (i = 0; i < info.nmods; i++) {
		assert_true(str_in_buf(info.mods[i].string) || info.mods[i].string[0] == 0);
		assert_true(info.mods[i].end >= info.mods[i].start);
	}
	if (info.rsdp)
		assert_true(in_buf(info.rsdp, info.rsdp_len));
	assert_true(info.nmmap <= MB_MAX_MMAP && info.nmods <= MB_MAX_MODS && info.nused <= MB_MAX_USED);
}

static void test_mutations(void **state)
{
	static uint8_t orig[MEMSZ];
	unsigned int iter, k;
	int ok = 0, bad = 0;

	srand(12345);
	for (iter = 0; iter < 20000; iter++) {
		bool v2 = iter & 1;
		uint64_t at = v2 ? I2 : I1;
		int err;

		if (v2)
			build_mb2();
		else
			build_mb1();
		memcpy(orig, mem, MEMSZ);
		for (k = 0; k < 1 + (unsigned int)rand() % 6; k++) {
			/* Hit the structures most of the time, anywhere sometimes. */
			uint32_t span = v2 ? tag_off : 0x6100;
			uint32_t off = (uint32_t)(at - PA_BASE) + (uint32_t)rand() % span;

			if (off >= MEMSZ)
				off = (uint32_t)rand() % MEMSZ;
			mem[off] = (uint8_t)rand();
		}
		err = mb_parse(&info, &win, v2 ? MB2_BOOT_MAGIC : MB1_BOOT_MAGIC, at);
		assert_true(err >= MB_OK && err < MB_ERR_COUNT);
		if (err == MB_OK) {
			check_result_pointers();
			ok++;
		} else {
			assert_true(info.err[0] != 0);
			bad++;
		}
	}
	/* The mutations must exercise both outcomes. */
	assert_true(ok > 100 && bad > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mb1_valid),
		cmocka_unit_test(test_mb1_mmap_stride_and_empty),
		cmocka_unit_test(test_mb1_no_flags),
		cmocka_unit_test(test_mb1_misaligned_info),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_mb1_info_outside),
		cmocka_unit_test(test_mb1_cmdline_hostile),
		cmocka_unit_test(test_mb1_mmap_hostile),
		cmocka_unit_test(test_mb1_mods_hostile),
		cmocka_unit_test(test_mb1_many_mods),
		cmocka_unit_test(test_mb2_valid),
		cmocka_unit_test(test_mb2_old_rsdp_only_and_order),
		cmocka_unit_test(test_mb2_header_hostile),
		cmocka_unit_test(test_mb2_tag_hostile),
		cmocka_unit_test(test_mb2_payload_hostile),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
