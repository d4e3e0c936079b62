// SPDX-License-Identifier: MIT
/*
 * Multiboot v1 and Multiboot2 boot information parsers (see boot/multiboot.h).
 * Owns every read of the loader's information: each pointer is translated
 * through the readable window with its length checked first, each string
 * must end inside the window, and each size field is checked against the
 * structure that holds it before anything inside is read. Fields are read
 * with memcpy so a misaligned (hostile) structure cannot fault.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "boot/multiboot.h"

static const char *const mb_err_names[MB_ERR_COUNT] = {
	[MB_OK] = "ok",
	[MB_ERR_MAGIC] = "bad magic",
	[MB_ERR_UNREADABLE] = "outside readable memory",
	[MB_ERR_BADSIZE] = "bad size",
	[MB_ERR_BADSTRING] = "unterminated string",
	[MB_ERR_BADMODULE] = "bad module",
	[MB_ERR_BADMMAP] = "bad memory map",
	[MB_ERR_DUPLICATE] = "duplicate tag",
	[MB_ERR_NOEND] = "no end tag",
};

const char *mb_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= MB_ERR_COUNT)
		return "unknown error";
	return mb_err_names[err];
}

static int fail(struct mb_info *out, int err, const char *fmt, ...) __printf(3, 4);

static int fail(struct mb_info *out, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->err, sizeof(out->err), fmt, ap);
	va_end(ap);
	return err;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* [pa, pa + len) inside the window: its address, else NULL. */
static const uint8_t *mb_map(const struct mb_mem *mem, uint64_t pa, uint64_t len)
{
	if (pa < mem->base || len > mem->size || pa - mem->base > mem->size - len)
		return NULL;
	return (const uint8_t *)(mem->va + (uintptr_t)(pa - mem->base));
}

/* Length (NUL excluded) of a string inside buf[0..avail), or -1 if unterminated. */
static long str_len_in(const uint8_t *buf, uint64_t avail)
{
	const uint8_t *nul;

	if (avail > MB_STR_MAX)
		avail = MB_STR_MAX;
	nul = memchr(buf, 0, (size_t)avail);
	return nul ? (long)(nul - buf) : -1;
}

/*
 * Record [base, base + size) as holding boot information. Ranges whose pages
 * touch are merged (exact bounds are kept: a module may share a page with
 * the information, and overlap checks must not see a page-rounded range).
 */
static void add_used(struct mb_info *out, uint64_t base, uint64_t size)
{
	uint64_t b = base, e = base + size;
	unsigned int i;

	if (!size)
		return;
again:
	for (i = 0; i < out->nused; i++) {
		uint64_t ub = out->used[i].base, ue = ub + out->used[i].size;

		if (align_down(b, 4096) <= align_up(ue, 4096) && align_down(ub, 4096) <= align_up(e, 4096)) {
			b = b < ub ? b : ub;
			e = e > ue ? e : ue;
			out->used[i] = out->used[--out->nused];
			goto again;	/* the grown range may now touch another */
		}
	}
	if (out->nused == MB_MAX_USED) {
		/* Full: widen the last range to cover this one (over-reserving is safe). */
		struct mb_range *r = &out->used[MB_MAX_USED - 1];
		uint64_t re = r->base + r->size;

		b = b < r->base ? b : r->base;
		e = e > re ? e : re;
		out->nused--;
	}
	out->used[out->nused++] = (struct mb_range){ b, e - b };
}

/* A NUL-terminated string at pa, recorded as used; *s set on success. */
static int read_string(struct mb_info *out, const struct mb_mem *mem, uint64_t pa,
		       const char *what, const char **s)
{
	const uint8_t *p = mb_map(mem, pa, 1);
	uint64_t avail;
	long len;

	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "%s at 0x%llx is outside readable memory",
			    what, (unsigned long long)pa);
	avail = mem->size - (pa - mem->base);
	len = str_len_in(p, avail);
	if (len < 0)
		return fail(out, MB_ERR_BADSTRING, "%s at 0x%llx has no NUL within %llu bytes",
			    what, (unsigned long long)pa,
			    (unsigned long long)(avail < MB_STR_MAX ? avail : MB_STR_MAX));
	add_used(out, pa, (uint64_t)len + 1);
	*s = (const char *)p;
	return MB_OK;
}

static void add_mmap(struct mb_info *out, uint64_t base, uint64_t size, uint32_t type)
{
	if (out->nmmap == MB_MAX_MMAP) {
		out->nmmap_dropped++;
		return;
	}
	out->mmap[out->nmmap++] = (struct mb_mmap_entry){ base, size, type };
}

static void add_module(struct mb_info *out, uint64_t start, uint64_t end, const char *s)
{
	if (out->nmods == MB_MAX_MODS) {
		out->nmods_dropped++;
		return;
	}
	out->mods[out->nmods++] = (struct mb_module){ start, end, s };
}

/* ---- Multiboot v1 (Multiboot Specification 0.6.96, 3.3) ---- */

#define MB1_F_MEM	(1u << 0)
#define MB1_F_CMDLINE	(1u << 2)
#define MB1_F_MODS	(1u << 3)
#define MB1_F_MMAP	(1u << 6)
#define MB1_F_LOADER	(1u << 9)

#define MB1_INFO_LEN	68	/* flags .. boot_loader_name */
#define MB1_MOD_LEN	16	/* mod_start, mod_end, string, reserved */
#define MB1_MMAP_MIN	20	/* base_addr, length, type (after the size field) */

static int mb1_parse_mmap(struct mb_info *out, const struct mb_mem *mem, uint32_t addr, uint32_t len)
{
	const uint8_t *p;
	uint32_t off = 0;
	unsigned int idx = 0;

	if (len > MB1_MMAP_MAX)
		return fail(out, MB_ERR_BADSIZE, "multiboot: mmap_length %u exceeds %u", len, MB1_MMAP_MAX);
	p = mb_map(mem, addr, len);
	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "multiboot: mmap_addr 0x%x + mmap_length %u is outside readable memory",
			    addr, len);
	add_used(out, addr, len);
	while (off < len) {
		uint32_t esize;
		uint64_t base, size;

		if (len - off < 4 + MB1_MMAP_MIN)
			return fail(out, MB_ERR_BADMMAP, "multiboot: mmap entry %u at offset %u: %u bytes left, entry needs %u",
				    idx, off, len - off, 4 + MB1_MMAP_MIN);
		esize = rd32(p + off);
		if (esize < MB1_MMAP_MIN || esize > len - off - 4)
			return fail(out, MB_ERR_BADMMAP, "multiboot: mmap entry %u at offset %u: size field %u (need %u..%u)",
				    idx, off, esize, MB1_MMAP_MIN, len - off - 4);
		base = rd64(p + off + 4);
		size = rd64(p + off + 12);
		if (!range_ok(base, size))
			return fail(out, MB_ERR_BADMMAP, "multiboot: mmap entry %u: 0x%llx + 0x%llx wraps",
				    idx, (unsigned long long)base, (unsigned long long)size);
		if (size)
			add_mmap(out, base, size, rd32(p + off + 20));
		off += 4 + esize;
		idx++;
	}
	out->has_mmap = true;
	return MB_OK;
}

static int mb1_parse_mods(struct mb_info *out, const struct mb_mem *mem, uint32_t addr, uint32_t count)
{
	const uint8_t *p;
	uint32_t i;
	int err;

	if (count > MB1_MODS_MAX)
		return fail(out, MB_ERR_BADSIZE, "multiboot: mods_count %u exceeds %u", count, MB1_MODS_MAX);
	p = mb_map(mem, addr, (uint64_t)count * MB1_MOD_LEN);
	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "multiboot: mods_addr 0x%x (%u modules) is outside readable memory",
			    addr, count);
	add_used(out, addr, (uint64_t)count * MB1_MOD_LEN);
	for (i = 0; i < count; i++) {
		const uint8_t *m = p + i * MB1_MOD_LEN;
		uint32_t start = rd32(m), end = rd32(m + 4), str = rd32(m + 8);
		const char *s = "";

		if (end < start)
			return fail(out, MB_ERR_BADMODULE, "multiboot: module %u: mod_end 0x%x below mod_start 0x%x",
				    i, end, start);
		if (str) {
			char what[32];

			snprintf(what, sizeof(what), "multiboot: module %u string", i);
			err = read_string(out, mem, str, what, &s);
			if (err)
				return err;
		}
		add_module(out, start, end, s);
	}
	return MB_OK;
}

static int mb1_parse(struct mb_info *out, const struct mb_mem *mem, uint64_t info_pa)
{
	const uint8_t *p = mb_map(mem, info_pa, MB1_INFO_LEN);
	uint32_t flags;
	int err;

	out->version = 1;
	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "multiboot: information at 0x%llx is outside readable memory",
			    (unsigned long long)info_pa);
	add_used(out, info_pa, MB1_INFO_LEN);
	flags = rd32(p);
	if (flags & MB1_F_MEM) {
		out->has_meminfo = true;
		out->mem_lower_kib = rd32(p + 4);
		out->mem_upper_kib = rd32(p + 8);
	}
	if (flags & MB1_F_CMDLINE) {
		err = read_string(out, mem, rd32(p + 16), "multiboot: cmdline", &out->cmdline);
		if (err)
			return err;
	}
	if (flags & MB1_F_MODS) {
		err = mb1_parse_mods(out, mem, rd32(p + 24), rd32(p + 20));
		if (err)
			return err;
	}
	if (flags & MB1_F_MMAP) {
		err = mb1_parse_mmap(out, mem, rd32(p + 48), rd32(p + 44));
		if (err)
			return err;
	}
	if (flags & MB1_F_LOADER) {
		err = read_string(out, mem, rd32(p + 64), "multiboot: boot_loader_name", &out->loader);
		if (err)
			return err;
	}
	return MB_OK;
}

/* ---- Multiboot2 (Multiboot2 Specification 2.0, 3.6) ---- */

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

#define MB2_MMAP_ENTRY_MIN	24	/* base_addr, length, type, reserved */
#define RSDP_V1_LEN		20
#define RSDP_V2_LEN		36

/* A string filling (part of) a tag payload: must end inside the payload. */
static int mb2_tag_string(struct mb_info *out, const uint8_t *payload, uint32_t len,
			  uint32_t off, const char *what, const char **s)
{
	if (str_len_in(payload, len) < 0)
		return fail(out, MB_ERR_BADSTRING, "multiboot2: %s tag at offset %u: string not terminated inside the tag",
			    what, off);
	*s = (const char *)payload;
	return MB_OK;
}

static int mb2_tag_mmap(struct mb_info *out, const uint8_t *payload, uint32_t len, uint32_t off)
{
	uint32_t esize, n, i;

	if (len < 8)
		return fail(out, MB_ERR_BADSIZE, "multiboot2: mmap tag at offset %u: %u payload bytes, need 8", off, len);
	esize = rd32(payload);
	if (esize < MB2_MMAP_ENTRY_MIN || esize % 8)
		return fail(out, MB_ERR_BADMMAP, "multiboot2: mmap tag at offset %u: entry_size %u (need a multiple of 8, >= %u)",
			    off, esize, MB2_MMAP_ENTRY_MIN);
	if ((len - 8) % esize)
		return fail(out, MB_ERR_BADMMAP, "multiboot2: mmap tag at offset %u: %u entry bytes is not a multiple of entry_size %u",
			    off, len - 8, esize);
	n = (len - 8) / esize;
	for (i = 0; i < n; i++) {
		const uint8_t *e = payload + 8 + (size_t)i * esize;
		uint64_t base = rd64(e), size = rd64(e + 8);

		if (!range_ok(base, size))
			return fail(out, MB_ERR_BADMMAP, "multiboot2: mmap entry %u: 0x%llx + 0x%llx wraps",
				    i, (unsigned long long)base, (unsigned long long)size);
		if (size)
			add_mmap(out, base, size, rd32(e + 16));
	}
	out->has_mmap = true;
	return MB_OK;
}

static int mb2_tag(struct mb_info *out, uint32_t type, const uint8_t *payload, uint32_t len,
		   uint32_t off, uint32_t *seen)
{
	const char *s = "";
	int err;

	if (type < 32 && type != MB2_TAG_MODULE) {
		if (*seen & (1u << type))
			return fail(out, MB_ERR_DUPLICATE, "multiboot2: tag type %u at offset %u appears twice", type, off);
		*seen |= 1u << type;
	}
	switch (type) {
	case MB2_TAG_CMDLINE:
		return mb2_tag_string(out, payload, len, off, "cmdline", &out->cmdline);
	case MB2_TAG_LOADER:
		return mb2_tag_string(out, payload, len, off, "boot loader name", &out->loader);
	case MB2_TAG_MODULE:
		if (len < 9)
			return fail(out, MB_ERR_BADSIZE, "multiboot2: module tag at offset %u: %u payload bytes, need 9", off, len);
		if (rd32(payload + 4) < rd32(payload))
			return fail(out, MB_ERR_BADMODULE, "multiboot2: module tag at offset %u: mod_end 0x%x below mod_start 0x%x",
				    off, rd32(payload + 4), rd32(payload));
		err = mb2_tag_string(out, payload + 8, len - 8, off, "module", &s);
		if (err)
			return err;
		add_module(out, rd32(payload), rd32(payload + 4), s);
		return MB_OK;
	case MB2_TAG_MEMINFO:
		if (len < 8)
			return fail(out, MB_ERR_BADSIZE, "multiboot2: meminfo tag at offset %u: %u payload bytes, need 8", off, len);
		out->has_meminfo = true;
		out->mem_lower_kib = rd32(payload);
		out->mem_upper_kib = rd32(payload + 4);
		return MB_OK;
	case MB2_TAG_MMAP:
		return mb2_tag_mmap(out, payload, len, off);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		if (len < (type == MB2_TAG_ACPI_OLD ? RSDP_V1_LEN : RSDP_V2_LEN))
			return fail(out, MB_ERR_BADSIZE, "multiboot2: ACPI RSDP tag %u at offset %u: %u payload bytes, need %u",
				    type, off, len, type == MB2_TAG_ACPI_OLD ? RSDP_V1_LEN : RSDP_V2_LEN);
		/* An ACPI 2.0+ RSDP (tag 15) wins over the 1.0 copy. */
		if (type == MB2_TAG_ACPI_NEW || out->rsdp_tag != MB2_TAG_ACPI_NEW) {
			out->rsdp = payload;
			out->rsdp_len = len;
			out->rsdp_tag = type;
		}
		return MB_OK;
	default:
		return MB_OK;	/* tags we do not use (framebuffer, ELF sections, ...) */
	}
}

static int mb2_parse(struct mb_info *out, const struct mb_mem *mem, uint64_t info_pa)
{
	const uint8_t *p = mb_map(mem, info_pa, 8);
	uint32_t total, off = 8, seen = 0;
	int err;

	out->version = 2;
	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "multiboot2: information at 0x%llx is outside readable memory",
			    (unsigned long long)info_pa);
	if (!is_aligned(info_pa, 8))
		return fail(out, MB_ERR_BADSIZE, "multiboot2: information at 0x%llx is not 8-byte aligned",
			    (unsigned long long)info_pa);
	total = rd32(p);
	if (total < 16 || total > MB2_INFO_MAX)
		return fail(out, MB_ERR_BADSIZE, "multiboot2: total_size %u (need 16..%u)", total, MB2_INFO_MAX);
	p = mb_map(mem, info_pa, total);
	if (!p)
		return fail(out, MB_ERR_UNREADABLE, "multiboot2: information 0x%llx + total_size %u is outside readable memory",
			    (unsigned long long)info_pa, total);
	add_used(out, info_pa, total);

	while (total - off >= 8) {
		uint32_t type = rd32(p + off), size = rd32(p + off + 4);

		if (size < 8 || size > total - off)
			return fail(out, MB_ERR_BADSIZE, "multiboot2: tag type %u at offset %u: size %u (need 8..%u)",
				    type, off, size, total - off);
		if (type == MB2_TAG_END)
			return MB_OK;
		err = mb2_tag(out, type, p + off + 8, size - 8, off, &seen);
		if (err)
			return err;
		if (align_up(size, 8) >= total - off)
			break;
		off += (uint32_t)align_up(size, 8);
	}
	return fail(out, MB_ERR_NOEND, "multiboot2: no end tag within total_size %u", total);
}

int mb_parse(struct mb_info *out, const struct mb_mem *mem, uint32_t magic, uint64_t info_pa)
{
	memset(out, 0, sizeof(*out));
	if (magic == MB1_BOOT_MAGIC)
		return mb1_parse(out, mem, info_pa);
	if (magic == MB2_BOOT_MAGIC)
		return mb2_parse(out, mem, info_pa);
	return fail(out, MB_ERR_MAGIC, "multiboot: loader magic 0x%08x is neither 0x%08x (v1) nor 0x%08x (v2)",
		    magic, MB1_BOOT_MAGIC, MB2_BOOT_MAGIC);
}
