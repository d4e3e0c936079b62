/* SPDX-License-Identifier: MIT */
/*
 * A small flattened-device-tree *writer* for tests (tests/unit/lib/fdtw.c),
 * written independently of boot/fdt.c so the reader is checked against
 * another implementation of the format (Devicetree Specification v0.4 ch. 5).
 * Besides well-formed trees it emits raw tokens and lets tests choose the
 * layout, so hostile blobs are easy to build. Allocation failures abort.
 */
#ifndef TESTS_FDTW_H
#define TESTS_FDTW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDTW_BEGIN_NODE	1u
#define FDTW_END_NODE	2u
#define FDTW_PROP	3u
#define FDTW_NOP	4u
#define FDTW_END	9u

/* Header field offsets, for patching a finished blob. */
enum fdtw_hdr {
	FDTW_H_MAGIC = 0, FDTW_H_TOTALSIZE = 4, FDTW_H_OFF_STRUCT = 8,
	FDTW_H_OFF_STRINGS = 12, FDTW_H_OFF_RSVMAP = 16, FDTW_H_VERSION = 20,
	FDTW_H_LAST_COMP = 24, FDTW_H_BOOT_CPUID = 28, FDTW_H_SIZE_STRINGS = 32,
	FDTW_H_SIZE_STRUCT = 36,
};

struct fdtw {
	uint8_t *st;		/* structure block being built */
	size_t st_len, st_cap;
	uint8_t *str;		/* strings block */
	size_t str_len, str_cap;
	uint64_t rsv[64][2];
	unsigned int nrsv;
};

/* How fdtw_blob() lays the blob out; all-zero means the usual dtc layout. */
struct fdtw_opts {
	uint32_t version;	/* 0 = 17 */
	uint32_t last_comp;	/* 0 = 16 */
	bool no_end;		/* do not append FDT_END */
	bool no_rsv_term;	/* omit the reservation map's zero entry */
	bool strings_first;	/* strings block before the structure block */
	bool rsv_last;		/* reservation map after both other blocks */
	size_t gap;		/* bytes of padding between blocks (kept aligned) */
	size_t tail;		/* bytes of zero padding after the last block */
};

void fdtw_init(struct fdtw *w);
void fdtw_free(struct fdtw *w);

/* Raw structure-block output. */
void fdtw_u32(struct fdtw *w, uint32_t v);
void fdtw_bytes(struct fdtw *w, const void *p, size_t n);
void fdtw_pad4(struct fdtw *w);

/* Offset of name in the strings block, added once. */
uint32_t fdtw_string(struct fdtw *w, const char *name);
/* Raw bytes appended to the strings block (e.g. without a NUL); returns their offset. */
uint32_t fdtw_string_raw(struct fdtw *w, const void *p, size_t n);

/* Well-formed tokens. */
void fdtw_begin(struct fdtw *w, const char *name);
void fdtw_end(struct fdtw *w);
void fdtw_nop(struct fdtw *w);
void fdtw_prop(struct fdtw *w, const char *name, const void *val, uint32_t len);
void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v);
void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v);
void fdtw_prop_str(struct fdtw *w, const char *name, const char *s);
/* n cells, each given as a uint32_t. */
void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, unsigned int n);
/* A property with an arbitrary header (len, nameoff) and vlen value bytes. */
void fdtw_prop_raw(struct fdtw *w, uint32_t len, uint32_t nameoff, const void *val, size_t vlen);

void fdtw_rsv(struct fdtw *w, uint64_t base, uint64_t size);

/* The finished blob (malloc'd, caller frees), its length in *len. */
uint8_t *fdtw_blob(struct fdtw *w, const struct fdtw_opts *o, size_t *len);

/* Header field access on a finished blob. */
uint32_t fdtw_get(const uint8_t *blob, enum fdtw_hdr field);
void fdtw_set(uint8_t *blob, enum fdtw_hdr field, uint32_t v);
void fdtw_put32(uint8_t *p, uint32_t v);

#endif
