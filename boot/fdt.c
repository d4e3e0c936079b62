// SPDX-License-Identifier: MIT
/*
 * Bounds-checked flattened device tree reader (Devicetree Specification
 * v0.4, chapter 5 "Flattened Devicetree (DTB) Format"). Owns the validation
 * of a whole blob in fdt_open() and every accessor over a validated blob.
 *
 * Rules this file keeps:
 * - Every multi-byte field is read byte by byte (big-endian, spec 5.1): the
 *   blob may sit at any address and arm64 runs this with the MMU off, where
 *   an unaligned load faults.
 * - No newlib string function is used on the blob (some are NEON or do wide,
 *   possibly unaligned loads); every scan is a bounded loop over bytes or
 *   aligned 32-bit words.
 * - fdt_open() walks the structure block once, iteratively, keeping a
 *   depth counter (and, for fdt_open_index(), filling the caller's node
 *   index). Accessors trust that walk but still check their own offsets,
 *   and every read stays inside the structure or strings block even for an
 *   offset that does not name a real token.
 * - Speed (boot parses QEMU's DTB, ~60 nodes and ~300 properties, and the
 *   manifest): when the blob sits at a 4-byte aligned address the hot loops
 *   are compiled a second time with that alignment known, so a big-endian
 *   word costs one load and a byte swap instead of four loads (still no
 *   unaligned access); a property name is known to end inside the strings
 *   block when its offset is below the block's last NUL (fdt->strings_end),
 *   with no scan; node names are scanned a word at a time.
 *
 * Nesting depth counts the root as 1: a blob whose deepest node is the 16th
 * level (root included) is accepted, one more level is FDT_ERR_DEPTH.
 */
#include "boot/fdt.h"

#define FDT_BEGIN_NODE	0x1u
#define FDT_END_NODE	0x2u
#define FDT_PROP	0x3u
#define FDT_NOP		0x4u
#define FDT_END		0x9u
#define FDT_BAD_TOKEN	0xffffffffu	/* returned by tok_at() out of bounds */

/* Header field offsets (spec 5.2). */
#define HDR_MAGIC		0
#define HDR_TOTALSIZE		4
#define HDR_OFF_STRUCT		8
#define HDR_OFF_STRINGS		12
#define HDR_OFF_RSVMAP		16
#define HDR_VERSION		20
#define HDR_LAST_COMP		24
#define HDR_BOOT_CPUID		28
#define HDR_SIZE_STRINGS	32
#define HDR_SIZE_STRUCT		36
#define HDR_LEN_V16		36	/* size_dt_struct appeared in version 17 */
#define HDR_LEN_V17		40

#define RSV_ENTRY_LEN		16	/* two big-endian u64 (spec 5.3) */
#define FDT_MAX_BLOB		0x7fffffffu	/* offsets must fit an int */

static const char *const fdt_errstr[FDT_ERR_COUNT] = {
	[FDT_OK]		= "ok",
	[FDT_ERR_TRUNCATED]	= "truncated",
	[FDT_ERR_BADMAGIC]	= "bad magic",
	[FDT_ERR_BADVERSION]	= "unsupported version",
	[FDT_ERR_BADLAYOUT]	= "bad block layout",
	[FDT_ERR_BADSTRUCT]	= "bad structure block",
	[FDT_ERR_BADSTRING]	= "bad or unterminated string",
	[FDT_ERR_DEPTH]		= "nesting too deep",
	[FDT_ERR_NOTFOUND]	= "not found",
	[FDT_ERR_BADVALUE]	= "bad property value",
	[FDT_ERR_BADCELLS]	= "bad #address-cells/#size-cells",
};

const char *fdt_strerror(int err)
{
	if (err < 0 && err > -FDT_ERR_COUNT)
		err = -err;
	if (err < 0 || err >= FDT_ERR_COUNT)
		return "unknown error";
	return fdt_errstr[err];
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) << 32 | rd32(p + 4);
}

/*
 * rd32() of a word at p; al: p is known to be 4-byte aligned (a constant
 * after inlining), which lets the compiler use one aligned load.
 */
static inline __attribute__((always_inline)) uint32_t ld32(const uint8_t *p, bool al)
{
	if (al)
		p = __builtin_assume_aligned(p, 4);
	return rd32(p);
}

/*
 * Index of the first NUL among the 4 bytes at p (4 if none); p 4-byte
 * aligned. Exact per byte: (b & 0x7f) + 0x7f has its top bit set unless
 * b & 0x7f is 0 (no carry leaves the byte), so t has 0x80 exactly in the
 * zero bytes; ld32() puts p[0] in the top byte, hence clz.
 */
static inline __attribute__((always_inline)) uint32_t word_nul_at(const uint8_t *p)
{
	uint32_t w = ld32(p, true);
	uint32_t t = ~(((w & 0x7f7f7f7fu) + 0x7f7f7f7fu) | w | 0x7f7f7f7fu);

	return t ? (uint32_t)__builtin_clz(t) >> 3 : 4;
}

uint64_t fdt_read_cells(const void *val, uint32_t idx, uint32_t ncells)
{
	const uint8_t *p = (const uint8_t *)val + (size_t)idx * 4;

	if (ncells == 1)
		return rd32(p);
	if (ncells == 2)
		return rd64(p);
	return 0;
}

/*
 * Length of the string at s, at most max; returns max if no NUL within.
 * Whole aligned words while they hold no NUL (never reading past max).
 */
static inline __attribute__((always_inline)) uint32_t bounded_strlen(const uint8_t *s, uint32_t max)
{
	uint32_t n = 0;

	for (; n < max && ((uintptr_t)(s + n) & 3); n++)
		if (!s[n])
			return n;
	while (max - n >= 4) {
		uint32_t k = word_nul_at(s + n);

		if (k < 4)
			return n + k;
		n += 4;
	}
	while (n < max && s[n])
		n++;
	return n;
}

/* ---------------------------------------------------------------------------
 * Token stepping inside the structure block. Offsets are relative to the
 * block; everything is checked against size_struct.
 */

static inline const uint8_t *sb(const struct fdt *f)
{
	return f->blob + f->off_struct;
}

/* rd32() of a word of the structure block (offset a multiple of 4): one load if the block is aligned. */
static inline __attribute__((always_inline)) uint32_t sb32(const struct fdt *f, uint32_t off)
{
	if (!((uintptr_t)sb(f) & 3))
		return ld32(sb(f) + off, true);
	return rd32(sb(f) + off);
}

static inline __attribute__((always_inline)) uint32_t tok_at(const struct fdt *f, int off)
{
	if (off < 0 || (off & 3) || (uint64_t)off + 4 > f->size_struct)
		return FDT_BAD_TOKEN;
	return sb32(f, (uint32_t)off);
}

/*
 * Offset just past the token at off (name / value and padding included),
 * or -1 if it does not fit the block or is not a token. *tok gets its type.
 */
static inline __attribute__((always_inline)) int tok_next(const struct fdt *f, int off, uint32_t *tok)
{
	uint32_t t = tok_at(f, off), left, n;
	uint64_t end;

	*tok = t;
	switch (t) {
	case FDT_BEGIN_NODE:
		left = f->size_struct - (uint32_t)off - 4;
		n = bounded_strlen(sb(f) + off + 4, left);
		if (n == left)
			return -1;
		end = align_up((uint64_t)off + 4 + n + 1, 4);
		break;
	case FDT_PROP:
		if ((uint64_t)off + 12 > f->size_struct)
			return -1;
		end = align_up((uint64_t)off + 12 + sb32(f, (uint32_t)off + 4), 4);
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = (uint64_t)off + 4;
		break;
	default:
		return -1;
	}
	if (end > f->size_struct)
		return -1;
	return (int)end;
}

/* First token at or after off that is not FDT_NOP; -1 on a malformed block. */
static inline __attribute__((always_inline)) int skip_nops(const struct fdt *f, int off, uint32_t *tok)
{
	while ((*tok = tok_at(f, off)) == FDT_NOP)
		off += 4;
	return *tok == FDT_BAD_TOKEN ? -1 : off;
}

static inline __attribute__((always_inline)) bool is_node(const struct fdt *f, int node)
{
	uint32_t t;

	return tok_at(f, node) == FDT_BEGIN_NODE && tok_next(f, node, &t) >= 0;
}

static inline __attribute__((always_inline)) bool is_prop(const struct fdt *f, int prop)
{
	uint32_t t;

	return tok_at(f, prop) == FDT_PROP && tok_next(f, prop, &t) >= 0;
}

/* ---------------------------------------------------------------------------
 * fdt_open(): header, block layout, reservation map, structure block.
 */

static bool block_inside(uint32_t off, uint32_t size, uint32_t total, uint32_t hdr_len)
{
	return off >= hdr_len && (uint64_t)off + size <= total;
}

/* Is the NUL-terminated string at a equal to lit? */
static inline bool str_is(const uint8_t *a, const char *lit)
{
	uint32_t i;

	for (i = 0; a[i] == (uint8_t)lit[i]; i++)
		if (!lit[i])
			return true;
	return false;
}

/*
 * Walk the whole structure block [0, limit): every token, names, property
 * values and names, balance, depth, FDT_END. Returns the offset just past
 * FDT_END or a negative error. al: the block is 4-byte aligned in memory (a
 * constant: check_struct() compiles this twice). Every offset here is a
 * multiple of 4 below limit < 2^31, so 32-bit sums of an offset and a
 * small constant cannot wrap.
 *
 * Index: the first cap nodes go to ix[] (cap 0: none); *nodes gets the
 * number of nodes, or ~0 if a name is too long for namelen.
 */
static inline __attribute__((always_inline)) int walk_struct(const struct fdt *f, uint32_t limit,
							      struct fdt_ixnode *ix, uint32_t cap,
							      uint32_t *nodes, bool al)
{
	const uint8_t *s = sb(f), *str = f->blob + f->off_strings;
	uint32_t depth = 0, off = 0, n = 0, tok, len, nameoff, end;
	uint32_t k_compat = ~0u, k_devtype = ~0u;	/* name offsets known to be those names */
	struct fdt_ixnode spare;	/* stands in for the entry of a node beyond cap */
	struct fdt_ixnode *node = &spare;	/* the entry of the node whose properties may follow */
	uint16_t cur[FDT_MAX_DEPTH];	/* the open node at each level (root: 0) */
	uint16_t last[FDT_MAX_DEPTH + 1];	/* the last node begun at a level, under cur[level - 1] */
	bool props_ok = false;	/* a property may come next: after a FDT_BEGIN_NODE or FDT_PROP */
	bool root_done = false, lost = false;

	last[0] = FDT_IX_NONE;
	for (;;) {
		if (limit - off < 4)
			return -FDT_ERR_BADSTRUCT;	/* ran off the block: no FDT_END */
		tok = ld32(s + off, al);
		switch (tok) {
		case FDT_PROP:
			/* Properties only inside a node, before its first child. */
			if (!props_ok)
				return -FDT_ERR_BADSTRUCT;
			/* A node's properties come in a run: take the run in one loop. */
			do {
				if (limit - off < 12)
					return -FDT_ERR_BADSTRUCT;	/* header past the block */
				len = ld32(s + off + 4, al);
				if ((((uint64_t)off + 15 + len) & ~(uint64_t)3) > limit)
					return -FDT_ERR_BADSTRUCT;	/* value or padding past the block */
				nameoff = ld32(s + off + 8, al);
				/* The name ends inside the strings block (strings_end <= size_strings). */
				if (nameoff >= f->strings_end)
					return -FDT_ERR_BADSTRING;
				if (str[nameoff] == 'c') {
					if (nameoff == k_compat || str_is(str + nameoff, "compatible")) {
						k_compat = nameoff;
						if (!node->compat)
							node->compat = off;
					}
				} else if (str[nameoff] == 'd') {
					if (nameoff == k_devtype || str_is(str + nameoff, "device_type")) {
						k_devtype = nameoff;
						if (!node->devtype)
							node->devtype = off;
					}
				}
				off = (off + 15 + len) & ~3u;
			} while (limit - off >= 4 && ld32(s + off, al) == FDT_PROP);
			break;
		case FDT_BEGIN_NODE:
			len = bounded_strlen(s + off + 4, limit - off - 4);
			if (len == limit - off - 4)
				return -FDT_ERR_BADSTRING;	/* no NUL in the block */
			end = (off + 8 + len) & ~3u;
			if (end > limit)
				return -FDT_ERR_BADSTRUCT;	/* padding past the block */
			if (!depth && (root_done || len))
				return -FDT_ERR_BADSTRUCT;	/* a second root, or the root not named "" */
			if (depth >= FDT_MAX_DEPTH)
				return -FDT_ERR_DEPTH;
			node = &spare;
			if (n < cap) {
				struct fdt_ixnode *e = &ix[n];

				lost |= len >= FDT_IX_NONE;
				e->off = off;
				e->namelen = (uint16_t)len;
				e->parent = depth ? cur[depth - 1] : FDT_IX_NONE;
				e->child = FDT_IX_NONE;
				e->sibling = FDT_IX_NONE;
				if (last[depth] != FDT_IX_NONE)
					ix[last[depth]].sibling = (uint16_t)n;
				else if (depth)
					ix[cur[depth - 1]].child = (uint16_t)n;
				cur[depth] = (uint16_t)n;
				last[depth] = (uint16_t)n;
				last[depth + 1] = FDT_IX_NONE;
				node = e;
			}
			node->compat = 0;
			node->devtype = 0;
			n++;
			depth++;
			props_ok = true;
			off = end;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCT;
			if (--depth == 0)
				root_done = true;
			props_ok = false;
			off += 4;
			break;
		case FDT_NOP:
			off += 4;	/* invisible to the ordering rule */
			break;
		case FDT_END:
			if (depth != 0 || !root_done)
				return -FDT_ERR_BADSTRUCT;
			*nodes = lost ? ~0u : n;
			return (int)(off + 4);
		default:
			return -FDT_ERR_BADSTRUCT;
		}
	}
}

static int check_struct(const struct fdt *f, uint32_t limit, struct fdt_ixnode *ix, uint32_t cap,
			uint32_t *nodes)
{
	if (!((uintptr_t)sb(f) & 3))
		return walk_struct(f, limit, ix, cap, nodes, true);
	return walk_struct(f, limit, ix, cap, nodes, false);
}

/* The look-up table over a complete index of f (see struct fdt). */
static void ix_buckets(struct fdt *f)
{
	uint16_t *b = f->ix_bucket, *stop, *end;
	uint32_t nb = 1, e, shift = 0;

	while (nb < FDT_IX_BUCKETS && nb < 2 * f->nix)
		nb *= 2;
	while ((f->size_struct - 1) >> shift >= nb)
		shift++;
	f->ix_shift = shift;
	f->ix_nbuckets = nb;
	end = b + nb + 1;
	/* Offsets ascend: each entry opens the buckets up to its own. */
	for (e = 0; e < f->nix; e++)
		for (stop = f->ix_bucket + (f->ix[e].off >> shift) + 1; b < stop;)
			*b++ = (uint16_t)e;
	while (b < end)
		*b++ = (uint16_t)f->nix;
}

/* Reservation map (spec 5.3): 8-aligned, entries up to an all-zero one. */
static int check_rsvmap(const struct fdt *f, uint32_t hdr_len, uint32_t *end)
{
	uint64_t off = f->off_rsvmap;

	if (off < hdr_len || !is_aligned(off, 8))
		return -FDT_ERR_BADLAYOUT;
	for (;; off += RSV_ENTRY_LEN) {
		uint64_t base, size;

		if (off + RSV_ENTRY_LEN > f->totalsize)
			return -FDT_ERR_BADLAYOUT;	/* no terminator inside the blob */
		base = rd64(f->blob + off);
		size = rd64(f->blob + off + 8);
		if (!base && !size)
			break;
		if (!range_ok(base, size))
			return -FDT_ERR_BADVALUE;
	}
	*end = (uint32_t)(off + RSV_ENTRY_LEN);
	return 0;
}

static bool blocks_disjoint(const struct fdt *f, uint32_t rsv_end)
{
	uint32_t rsv_len = rsv_end - f->off_rsvmap;

	return !ranges_overlap(f->off_struct, f->size_struct, f->off_strings, f->size_strings) &&
	       !ranges_overlap(f->off_struct, f->size_struct, f->off_rsvmap, rsv_len) &&
	       !ranges_overlap(f->off_strings, f->size_strings, f->off_rsvmap, rsv_len);
}

int fdt_open(struct fdt *out, const void *blob, size_t avail)
{
	return fdt_open_index(out, blob, avail, NULL, 0);
}

int fdt_open_index(struct fdt *out, const void *blob, size_t avail, struct fdt_ixnode *ix, unsigned int cap)
{
	const uint8_t *b = blob;
	uint32_t version, last_comp, hdr_len, rsv_end = 0, limit;
	uint32_t nodes = 0;
	struct fdt f;
	int ret;

	if (!out || !b || avail < 4)
		return -FDT_ERR_TRUNCATED;
	if (rd32(b + HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (avail < HDR_LAST_COMP + 4)
		return -FDT_ERR_TRUNCATED;
	version = rd32(b + HDR_VERSION);
	last_comp = rd32(b + HDR_LAST_COMP);
	if (version < 16 || last_comp > 17 || last_comp > version)
		return -FDT_ERR_BADVERSION;
	hdr_len = version >= 17 ? HDR_LEN_V17 : HDR_LEN_V16;
	if (avail < hdr_len)
		return -FDT_ERR_TRUNCATED;

	f.blob = b;
	f.totalsize = rd32(b + HDR_TOTALSIZE);
	f.off_struct = rd32(b + HDR_OFF_STRUCT);
	f.off_strings = rd32(b + HDR_OFF_STRINGS);
	f.off_rsvmap = rd32(b + HDR_OFF_RSVMAP);
	f.size_strings = rd32(b + HDR_SIZE_STRINGS);
	f.size_struct = version >= 17 ? rd32(b + HDR_SIZE_STRUCT) : 0;

	if (f.totalsize > avail)
		return -FDT_ERR_TRUNCATED;
	if (f.totalsize < hdr_len || f.totalsize > FDT_MAX_BLOB)
		return -FDT_ERR_BADLAYOUT;
	if (!block_inside(f.off_strings, f.size_strings, f.totalsize, hdr_len))
		return -FDT_ERR_BADLAYOUT;
	for (f.strings_end = f.size_strings; f.strings_end; f.strings_end--)
		if (!b[f.off_strings + f.strings_end - 1])
			break;
	f.ix = NULL;
	f.nix = 0;
	f.ix_nbuckets = 0;
	ret = check_rsvmap(&f, hdr_len, &rsv_end);
	if (ret)
		return ret;
	if (!is_aligned(f.off_struct, 4) || !block_inside(f.off_struct, 0, f.totalsize, hdr_len))
		return -FDT_ERR_BADLAYOUT;

	if (version >= 17) {
		if (!block_inside(f.off_struct, f.size_struct, f.totalsize, hdr_len) ||
		    !blocks_disjoint(&f, rsv_end))
			return -FDT_ERR_BADLAYOUT;
		limit = f.size_struct;
	} else {
		/* No size field: the block ends at FDT_END, before any later block. */
		limit = f.totalsize - f.off_struct;
		if (f.size_strings && f.off_strings >= f.off_struct &&
		    f.off_strings - f.off_struct < limit)
			limit = f.off_strings - f.off_struct;
		if (f.off_rsvmap >= f.off_struct && f.off_rsvmap - f.off_struct < limit)
			limit = f.off_rsvmap - f.off_struct;
	}

	f.size_struct = limit;	/* bounds the walk */
	if (!ix || cap > FDT_IX_MAX)
		cap = ix ? FDT_IX_MAX : 0;
	ret = check_struct(&f, limit, ix, cap, &nodes);
	if (ret < 0)
		return ret;
	if (version >= 17) {
		if ((uint32_t)ret != f.size_struct)
			return -FDT_ERR_BADSTRUCT;	/* FDT_END is not the last token */
	} else {
		f.size_struct = (uint32_t)ret;
		if (!blocks_disjoint(&f, rsv_end))
			return -FDT_ERR_BADLAYOUT;
	}
	if (nodes <= cap) {
		f.ix = ix;
		f.nix = nodes;
		ix_buckets(&f);
	}
	*out = f;
	return 0;
}

/* ---------------------------------------------------------------------------
 * The node index.
 */

/*
 * Entry of the node at offset node, or -1 (no index, or not a node's
 * offset). The bucket of the offset, then a linear scan inside it: about
 * one node per bucket, never more than the index holds.
 */
static inline int ix_find(const struct fdt *f, int node)
{
	const struct fdt_ixnode *ix = f->ix;
	uint32_t off = (uint32_t)node, b = off >> f->ix_shift, e, end;

	if (node < 0 || b >= f->ix_nbuckets)
		return -1;	/* (no index: ix_nbuckets is 0) */
	e = f->ix_bucket[b];
	end = f->ix_bucket[b + 1];
	while (e < end && ix[e].off < off)
		e++;
	return e < end && ix[e].off == off ? (int)e : -1;
}

/* Does node name a node (the index's answer when there is one)? */
static inline bool node_ok(const struct fdt *f, int node)
{
	return f->nix ? ix_find(f, node) >= 0 : is_node(f, node);
}

/* Offset of entry e's node, or -FDT_ERR_NOTFOUND for FDT_IX_NONE. */
static inline int ix_off(const struct fdt *f, uint32_t e)
{
	return e < f->nix ? (int)f->ix[e].off : -FDT_ERR_NOTFOUND;
}

/* First token after entry e's name (its properties, children or FDT_END_NODE). */
static inline int ix_body(const struct fdt *f, int e)
{
	return (int)(f->ix[e].off + 4 + ((f->ix[e].namelen + 4u) & ~3u));
}

/*
 * Value of the property at off, an offset the index recorded (0: none):
 * fdt_open() checked that token; its bounds are checked again all the same.
 */
static inline const uint8_t *ix_prop(const struct fdt *f, uint32_t off, uint32_t *len)
{
	uint32_t size = f->size_struct, l;

	if (!off || off >= size || size - off < 12)
		return NULL;
	l = sb32(f, off + 4);
	if (l > size - off - 12)
		return NULL;
	*len = l;
	return sb(f) + off + 12;
}

/* ---------------------------------------------------------------------------
 * Nodes.
 */

int fdt_root(const struct fdt *f)
{
	uint32_t tok;
	int off;

	if (f->nix)
		return (int)f->ix[0].off;
	off = skip_nops(f, 0, &tok);
	return off >= 0 && tok == FDT_BEGIN_NODE ? off : -FDT_ERR_BADSTRUCT;
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	if (!node_ok(f, node))
		return NULL;
	return (const char *)sb(f) + node + 4;
}

/* Offset of the first token after a node's name and properties. */
static int node_body_end(const struct fdt *f, int node, uint32_t *tok)
{
	int off = tok_next(f, node, tok);

	while (off >= 0) {
		off = skip_nops(f, off, tok);
		if (off < 0 || *tok != FDT_PROP)
			return off;
		off = tok_next(f, off, tok);
	}
	return -1;
}

int fdt_first_child(const struct fdt *f, int node)
{
	uint32_t tok;
	int off;

	if (f->nix) {
		int e = ix_find(f, node);

		return e < 0 ? -FDT_ERR_NOTFOUND : ix_off(f, f->ix[e].child);
	}
	if (!is_node(f, node))
		return -FDT_ERR_NOTFOUND;
	off = node_body_end(f, node, &tok);
	return off >= 0 && tok == FDT_BEGIN_NODE ? off : -FDT_ERR_NOTFOUND;
}

/* Offset just past the FDT_END_NODE closing the node at `node`, or -1. */
static int node_end(const struct fdt *f, int node)
{
	uint32_t tok;
	int depth = 0, off = node;

	do {
		off = tok_next(f, off, &tok);
		if (off < 0 || tok == FDT_END)
			return -1;
		if (tok == FDT_BEGIN_NODE)
			depth++;
		else if (tok == FDT_END_NODE)
			depth--;
	} while (depth > 0);
	return off;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	uint32_t tok;
	int off;

	if (f->nix) {
		int e = ix_find(f, node);

		return e < 0 ? -FDT_ERR_NOTFOUND : ix_off(f, f->ix[e].sibling);
	}
	if (!is_node(f, node))
		return -FDT_ERR_NOTFOUND;
	off = node_end(f, node);
	if (off < 0)
		return -FDT_ERR_NOTFOUND;
	off = skip_nops(f, off, &tok);
	return off >= 0 && tok == FDT_BEGIN_NODE ? off : -FDT_ERR_NOTFOUND;
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH + 1];
	int depth = 0, off, next;
	uint32_t tok;

	if (f->nix) {
		int e = ix_find(f, node);

		return e < 0 ? -FDT_ERR_NOTFOUND : ix_off(f, f->ix[e].parent);
	}
	off = fdt_root(f);
	if (!is_node(f, node) || off < 0)
		return -FDT_ERR_NOTFOUND;
	for (; off >= 0 && off <= node; off = next) {
		next = tok_next(f, off, &tok);
		if (next < 0 || tok == FDT_END)
			break;
		if (tok == FDT_BEGIN_NODE) {
			if (off == node)
				return depth > 0 ? stack[depth - 1] : -FDT_ERR_NOTFOUND;
			if (depth >= (int)ARRAY_SIZE(stack))
				break;
			stack[depth++] = off;
		} else if (tok == FDT_END_NODE) {
			if (depth == 0)
				break;
			depth--;
		}
	}
	return -FDT_ERR_NOTFOUND;
}

/* strlen() of a caller's string. */
static uint32_t str_len(const char *s)
{
	uint32_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Do the n bytes at a equal the n bytes at b? */
static bool bytes_eq(const uint8_t *a, const char *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (a[i] != (uint8_t)b[i])
			return false;
	return true;
}

/* Child of node whose name is the n bytes at name (no NUL needed). */
static int subnode_n(const struct fdt *f, int node, const char *name, uint32_t n)
{
	int child;

	if (f->nix) {
		int e = ix_find(f, node);
		uint32_t c;

		if (e < 0)
			return -FDT_ERR_NOTFOUND;
		/* Lengths first: a name never holds a NUL before its end. */
		for (c = f->ix[e].child; c < f->nix; c = f->ix[c].sibling)
			if (f->ix[c].namelen == n && bytes_eq(sb(f) + f->ix[c].off + 4, name, n))
				return (int)f->ix[c].off;
		return -FDT_ERR_NOTFOUND;
	}
	for (child = fdt_first_child(f, node); child >= 0; child = fdt_next_sibling(f, child)) {
		const uint8_t *cn = sb(f) + child + 4;
		uint32_t i;

		for (i = 0; i < n && cn[i] && cn[i] == (uint8_t)name[i]; i++)
			;
		if (i == n && cn[n] == '\0')
			return child;
	}
	return -FDT_ERR_NOTFOUND;
}

int fdt_subnode(const struct fdt *f, int node, const char *name)
{
	uint32_t n = 0;

	if (!name)
		return -FDT_ERR_NOTFOUND;
	while (name[n])
		n++;
	return subnode_n(f, node, name, n);
}

/* Names fdt_subnodes() looks for per pass over the children. */
#define SUBNODE_CHUNK	8

void fdt_subnodes(const struct fdt *f, int node, const char *const names[], int out[], unsigned int n)
{
	uint32_t len[SUBNODE_CHUNK];
	unsigned int base, i, m, left;
	uint64_t lens;	/* bit l % 64 set: some name has length l (a quick filter) */
	int child;

	for (base = 0; base < n; base += m) {
		m = n - base < SUBNODE_CHUNK ? n - base : SUBNODE_CHUNK;
		left = 0;
		lens = 0;
		for (i = 0; i < m; i++) {
			out[base + i] = -FDT_ERR_NOTFOUND;
			len[i] = names[base + i] ? str_len(names[base + i]) : ~0u;
			left += names[base + i] != NULL;
			lens |= names[base + i] ? 1ull << (len[i] & 63) : 0;
		}
		if (f->nix) {
			int e = ix_find(f, node);
			uint32_t c;

			for (c = e < 0 ? FDT_IX_NONE : f->ix[e].child; c < f->nix && left; c = f->ix[c].sibling) {
				const uint8_t *cn = sb(f) + f->ix[c].off + 4;

				if (!(lens >> (f->ix[c].namelen & 63) & 1))
					continue;
				for (i = 0; i < m; i++)
					if (len[i] == f->ix[c].namelen && out[base + i] < 0 &&
					    bytes_eq(cn, names[base + i], len[i])) {
						out[base + i] = (int)f->ix[c].off;
						left--;
					}
			}
			continue;
		}
		for (child = fdt_first_child(f, node); child >= 0 && left; child = fdt_next_sibling(f, child)) {
			const uint8_t *cn = sb(f) + child + 4;
			uint32_t cl = bounded_strlen(cn, f->size_struct - (uint32_t)child - 4);

			for (i = 0; i < m; i++)
				if (len[i] == cl && out[base + i] < 0 && bytes_eq(cn, names[base + i], cl)) {
					out[base + i] = child;
					left--;
				}
		}
	}
}

/*
 * Is the node a `type` node (type: tl bytes) as fdt_next_typed_child()
 * defines it? dt: its device_type value (dtlen bytes) or NULL; name: its
 * name, nl bytes.
 */
static bool is_typed(const uint8_t *dt, uint32_t dtlen, const uint8_t *name, uint32_t nl, const char *type,
		     uint32_t tl)
{
	if (dt && dtlen && bounded_strlen(dt, dtlen) == dtlen - 1)
		return str_is(dt, type);
	return nl >= tl && bytes_eq(name, type, tl) && (nl == tl || name[tl] == '@');
}

int fdt_next_typed_child(const struct fdt *f, int parent, int prev, const char *type)
{
	const uint8_t *dt, *name;
	uint32_t tl, len = 0;
	int node;

	if (!type || parent < 0)
		return -FDT_ERR_NOTFOUND;
	tl = str_len(type);
	if (f->nix) {
		int pe = ix_find(f, parent), e;
		uint32_t c;

		if (pe < 0)
			return -FDT_ERR_NOTFOUND;
		if (prev == -1) {
			c = f->ix[pe].child;
		} else {
			e = ix_find(f, prev);
			if (e < 0 || f->ix[e].parent != (uint32_t)pe)
				return -FDT_ERR_NOTFOUND;
			c = f->ix[e].sibling;
		}
		for (; c < f->nix; c = f->ix[c].sibling) {
			dt = ix_prop(f, f->ix[c].devtype, &len);
			if (is_typed(dt, len, sb(f) + f->ix[c].off + 4, f->ix[c].namelen, type, tl))
				return (int)f->ix[c].off;
		}
		return -FDT_ERR_NOTFOUND;
	}
	if (prev == -1)
		node = fdt_first_child(f, parent);
	else if (fdt_parent(f, prev) == parent)
		node = fdt_next_sibling(f, prev);
	else
		return -FDT_ERR_NOTFOUND;
	for (; node >= 0; node = fdt_next_sibling(f, node)) {
		dt = fdt_getprop(f, node, "device_type", &len);
		name = (const uint8_t *)fdt_node_name(f, node);
		if (name && is_typed(dt, len, name, bounded_strlen(name, f->size_struct - (uint32_t)node - 4),
				     type, tl))
			return node;
	}
	return -FDT_ERR_NOTFOUND;
}

int fdt_path(const struct fdt *f, const char *path)
{
	int node = fdt_root(f);

	if (!path || path[0] != '/' || node < 0)
		return -FDT_ERR_NOTFOUND;
	while (*path) {
		uint32_t n = 0;

		while (*path == '/')
			path++;
		while (path[n] && path[n] != '/')
			n++;
		if (!n)
			break;
		node = subnode_n(f, node, path, n);
		if (node < 0)
			return node;
		path += n;
	}
	return node;
}

/* ---------------------------------------------------------------------------
 * Properties.
 */

/* Offset of the first token after a node's name (its properties, if any), or -1 for a non-node. */
static inline int node_props(const struct fdt *f, int node)
{
	uint32_t tok;

	if (f->nix) {
		int e = ix_find(f, node);

		return e < 0 ? -1 : ix_body(f, e);
	}
	if (!is_node(f, node))
		return -1;
	return tok_next(f, node, &tok);
}

int fdt_first_prop(const struct fdt *f, int node)
{
	uint32_t tok;
	int off = node_props(f, node);

	if (off < 0)
		return -FDT_ERR_NOTFOUND;
	off = skip_nops(f, off, &tok);
	return off >= 0 && tok == FDT_PROP ? off : -FDT_ERR_NOTFOUND;
}

int fdt_next_prop(const struct fdt *f, int prop)
{
	uint32_t tok;
	int off = tok_next(f, prop, &tok);	/* -1 unless a whole token fits */

	if (off < 0 || tok != FDT_PROP)
		return -FDT_ERR_NOTFOUND;
	off = skip_nops(f, off, &tok);
	return off >= 0 && tok == FDT_PROP ? off : -FDT_ERR_NOTFOUND;
}

const char *fdt_prop_name(const struct fdt *f, int prop)
{
	uint32_t nameoff;

	if (!is_prop(f, prop))
		return NULL;
	nameoff = sb32(f, (uint32_t)prop + 8);
	if (nameoff >= f->strings_end)
		return NULL;	/* no NUL after it inside the strings block */
	return (const char *)f->blob + f->off_strings + nameoff;
}

const void *fdt_prop_value(const struct fdt *f, int prop, uint32_t *len)
{
	if (!is_prop(f, prop))
		return NULL;
	if (len)
		*len = sb32(f, (uint32_t)prop + 4);
	return sb(f) + prop + 12;
}

const void *fdt_prop_get(const struct fdt *f, int prop, const char **name, uint32_t *len)
{
	uint32_t nameoff;

	if (!is_prop(f, prop))
		return NULL;
	nameoff = sb32(f, (uint32_t)prop + 8);
	if (nameoff >= f->strings_end)
		return NULL;
	*name = (const char *)f->blob + f->off_strings + nameoff;
	*len = sb32(f, (uint32_t)prop + 4);
	return sb(f) + prop + 12;
}

/*
 * The property named name among the properties starting at off (a node's
 * first token after its name): its offset, or -1; *len its length. The
 * same walk as fdt_first_prop() / fdt_next_prop() / fdt_prop_name() and a
 * name compare, with each token checked once: every step stays inside the
 * structure block, and a name is compared only if it ends inside the
 * strings block (nameoff < strings_end), so the compare stops at its NUL.
 * It runs for every property look-up; al as in walk_struct().
 */
static inline __attribute__((always_inline)) int prop_find_al(const struct fdt *f, uint32_t off,
							       const char *name, uint32_t *lenp, bool al)
{
	const uint8_t *s = sb(f), *str = f->blob + f->off_strings;
	uint32_t size = f->size_struct, tok, len, nameoff, i;

	while (!(off & 3) && off < size && size - off >= 4) {
		tok = ld32(s + off, al);
		if (tok == FDT_NOP) {
			off += 4;
			continue;
		}
		if (tok != FDT_PROP || size - off < 12)
			return -1;
		len = ld32(s + off + 4, al);
		if ((((uint64_t)off + 15 + len) & ~(uint64_t)3) > size)
			return -1;	/* value or padding past the block */
		nameoff = ld32(s + off + 8, al);
		if (nameoff < f->strings_end && str[nameoff] == (uint8_t)name[0]) {
			for (i = 0; str[nameoff + i] == (uint8_t)name[i]; i++)
				if (!name[i]) {
					*lenp = len;
					return (int)off;
				}
		}
		off = (off + 15 + len) & ~3u;
	}
	return -1;
}

static int prop_find(const struct fdt *f, int off, const char *name, uint32_t *len)
{
	if (off < 0)
		return -1;
	if (!((uintptr_t)sb(f) & 3))
		return prop_find_al(f, (uint32_t)off, name, len, true);
	return prop_find_al(f, (uint32_t)off, name, len, false);
}

const void *fdt_getprop(const struct fdt *f, int node, const char *name, uint32_t *len)
{
	uint32_t l;
	int off, e;

	if (!name)
		return NULL;
	if (f->nix) {
		const uint8_t *v;

		e = ix_find(f, node);
		if (e < 0)
			return NULL;
		/* The two properties the index records (the first of each name). */
		if ((name[0] == 'c' && str_is((const uint8_t *)name, "compatible")) ||
		    (name[0] == 'd' && str_is((const uint8_t *)name, "device_type"))) {
			v = ix_prop(f, name[0] == 'c' ? f->ix[e].compat : f->ix[e].devtype, &l);
			if (v && len)
				*len = l;
			return v;
		}
		off = ix_body(f, e);
	} else {
		off = node_props(f, node);
	}
	off = prop_find(f, off, name, &l);
	if (off < 0)
		return NULL;
	if (len)
		*len = l;
	return sb(f) + off + 12;
}

int fdt_device_type(const struct fdt *f, int node, const char **out)
{
	const uint8_t *v;
	uint32_t len;
	int e;

	if (!f->nix)
		return fdt_getprop_string(f, node, "device_type", out);
	e = ix_find(f, node);
	v = e < 0 ? NULL : ix_prop(f, f->ix[e].devtype, &len);
	if (!v)
		return -FDT_ERR_NOTFOUND;
	if (len == 0 || bounded_strlen(v, len) != len - 1)
		return -FDT_ERR_BADVALUE;
	*out = (const char *)v;
	return 0;
}

int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *out)
{
	uint32_t len;
	const void *v = fdt_getprop(f, node, name, &len);

	if (!v)
		return -FDT_ERR_NOTFOUND;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*out = rd32(v);
	return 0;
}

int fdt_getprop_u64(const struct fdt *f, int node, const char *name, uint64_t *out)
{
	uint32_t len;
	const void *v = fdt_getprop(f, node, name, &len);

	if (!v)
		return -FDT_ERR_NOTFOUND;
	if (len != 4 && len != 8)
		return -FDT_ERR_BADVALUE;
	*out = fdt_read_cells(v, 0, len / 4);
	return 0;
}

int fdt_getprop_string(const struct fdt *f, int node, const char *name, const char **out)
{
	uint32_t len;
	const uint8_t *v = fdt_getprop(f, node, name, &len);

	if (!v)
		return -FDT_ERR_NOTFOUND;
	if (len == 0 || bounded_strlen(v, len) != len - 1)
		return -FDT_ERR_BADVALUE;
	*out = (const char *)v;
	return 0;
}

/* Strings fdt_find_compatibles() matches per pass over the tree. */
#define COMPAT_CHUNK	8

/*
 * For each i < n with out[i] < 0: out[i] = node if the string list
 * v[0, len) holds compat[i], whose length is clen[i] (~0 for a NULL
 * compat[i]: it never matches). An unterminated last entry is ignored.
 * Each entry is scanned once, whatever n, and compared only with strings
 * of its length. Returns how many out[] it set.
 */
static inline __attribute__((always_inline)) unsigned int compat_match(const uint8_t *v, uint32_t len, int node,
									const char *const compat[],
									const uint32_t clen[], int out[],
									unsigned int n)
{
	unsigned int i, found = 0;
	uint32_t pos = 0, l;

	while (pos < len) {
		l = bounded_strlen(v + pos, len - pos);
		if (l == len - pos)
			break;	/* last entry not terminated: ignore it */
		for (i = 0; i < n; i++)
			if (clen[i] == l && out[i] < 0 && bytes_eq(v + pos, compat[i], l)) {
				out[i] = node;
				found++;
			}
		pos += l + 1;
	}
	return found;
}


/* Value of a node's first "compatible" property, or NULL. */
static const uint8_t *node_compat(const struct fdt *f, int node, uint32_t *len)
{
	int e;

	if (!f->nix)
		return fdt_getprop(f, node, "compatible", len);
	e = ix_find(f, node);
	return e < 0 ? NULL : ix_prop(f, f->ix[e].compat, len);
}

bool fdt_node_is_compatible(const struct fdt *f, int node, const char *compat)
{
	const uint8_t *v;
	uint32_t len, clen;
	int found = -1;

	if (!compat)
		return false;
	v = node_compat(f, node, &len);
	clen = str_len(compat);
	return v && compat_match(v, len, node, &compat, &clen, &found, 1);
}

int fdt_find_compatible(const struct fdt *f, int from, const char *compat)
{
	uint32_t tok, e, len, clen;
	const uint8_t *v;
	int off, found = -1;

	if (f->nix) {
		if (from == -1) {
			e = 0;
		} else {
			off = ix_find(f, from);
			if (off < 0)
				return -FDT_ERR_NOTFOUND;
			e = (uint32_t)off + 1;
		}
		if (!compat)
			return -FDT_ERR_NOTFOUND;
		clen = str_len(compat);
		for (; e < f->nix; e++) {
			v = ix_prop(f, f->ix[e].compat, &len);
			if (v && compat_match(v, len, (int)f->ix[e].off, &compat, &clen, &found, 1))
				return found;
		}
		return -FDT_ERR_NOTFOUND;
	}
	if (from == -1) {
		off = fdt_root(f);
		if (off < 0)
			return -FDT_ERR_NOTFOUND;
	} else {
		if (!is_node(f, from))
			return -FDT_ERR_NOTFOUND;
		off = tok_next(f, from, &tok);
	}
	while (off >= 0) {
		int next = tok_next(f, off, &tok);

		if (next < 0 || tok == FDT_END)
			break;
		if (tok == FDT_BEGIN_NODE && fdt_node_is_compatible(f, off, compat))
			return off;
		off = next;
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * One walk over the nodes for up to COMPAT_CHUNK strings: the index, or
 * the tokens (a node's properties follow its FDT_BEGIN_NODE, NOPs aside,
 * before any child, which is all fdt_getprop() looks at, so the first
 * "compatible" property seen there is the one fdt_node_is_compatible()
 * would read). left: strings still to find.
 */
static void find_compatibles_chunk(const struct fdt *f, const char *const compat[], const uint32_t clen[],
				   int out[], unsigned int n, unsigned int left)
{
	static const char name[] = "compatible";
	uint32_t tok, len, i;
	int off = fdt_root(f), node = -1;
	const uint8_t *v;

	if (f->nix) {
		for (i = 0; i < f->nix && left; i++) {
			v = ix_prop(f, f->ix[i].compat, &len);
			if (v)
				left -= compat_match(v, len, (int)f->ix[i].off, compat, clen, out, n);
		}
		return;
	}
	while (off >= 0 && left) {
		int next = tok_next(f, off, &tok);
		uint32_t nameoff;

		if (next < 0 || tok == FDT_END)
			break;
		if (tok == FDT_BEGIN_NODE) {
			node = off;
		} else if (tok == FDT_PROP && node >= 0) {
			nameoff = rd32(sb(f) + off + 8);
			if (nameoff < f->strings_end && str_is(f->blob + f->off_strings + nameoff, name)) {
				left -= compat_match(sb(f) + off + 12, rd32(sb(f) + off + 4), node, compat, clen,
						     out, n);
				node = -1;	/* only its first "compatible" counts */
			}
		} else if (tok != FDT_NOP) {
			node = -1;	/* FDT_END_NODE: no more properties of that node */
		}
		off = next;
	}
}

void fdt_find_compatibles(const struct fdt *f, const char *const compat[], int out[], unsigned int n)
{
	uint32_t clen[COMPAT_CHUNK];
	unsigned int base, i, m, left;

	for (base = 0; base < n; base += m) {
		m = n - base < COMPAT_CHUNK ? n - base : COMPAT_CHUNK;
		left = 0;
		for (i = 0; i < m; i++) {
			out[base + i] = -FDT_ERR_NOTFOUND;
			clen[i] = compat[base + i] ? str_len(compat[base + i]) : ~0u;
			left += compat[base + i] != NULL;
		}
		if (left)
			find_compatibles_chunk(f, compat + base, clen, out + base, m, left);
	}
}

/* ---------------------------------------------------------------------------
 * Addresses.
 */

static int read_cells_prop(const struct fdt *f, int node, const char *name, uint32_t dflt,
			   uint32_t min, uint32_t max)
{
	uint32_t v;
	int ret;

	if (!node_ok(f, node))
		return -FDT_ERR_NOTFOUND;
	ret = fdt_getprop_u32(f, node, name, &v);
	if (ret == -FDT_ERR_NOTFOUND)
		return (int)dflt;
	if (ret || v < min || v > max)
		return -FDT_ERR_BADCELLS;
	return (int)v;
}

int fdt_addr_cells(const struct fdt *f, int node)
{
	return read_cells_prop(f, node, "#address-cells", 2, 1, 2);
}

int fdt_size_cells(const struct fdt *f, int node)
{
	return read_cells_prop(f, node, "#size-cells", 1, 0, 2);
}

/* A cells property: read_cells_prop()'s answer from its value v (NULL: absent), len bytes. */
static int cells_value(const uint8_t *v, uint32_t len, uint32_t dflt, uint32_t min, uint32_t max)
{
	uint32_t c;

	if (!v)
		return (int)dflt;
	if (len != 4)
		return -FDT_ERR_BADCELLS;
	c = rd32(v);
	return c < min || c > max ? -FDT_ERR_BADCELLS : (int)c;
}

/*
 * fdt_addr_cells() and fdt_size_cells() of node in one pass over its
 * properties (the first of each name counts, as fdt_getprop() reads).
 */
static void node_cells(const struct fdt *f, int node, int *ac, int *sc)
{
	static const char an[] = "#address-cells", sn[] = "#size-cells";
	const uint8_t *av = NULL, *sv = NULL, *str = f->blob + f->off_strings;
	uint32_t alen = 0, slen = 0, tok, len, nameoff;
	int off = node_props(f, node);

	if (off < 0) {
		*ac = *sc = -FDT_ERR_NOTFOUND;
		return;
	}
	/* The walk of prop_find_al(), with two names. */
	while (!(off & 3) && (uint32_t)off < f->size_struct && f->size_struct - (uint32_t)off >= 4) {
		tok = sb32(f, (uint32_t)off);
		if (tok == FDT_NOP) {
			off += 4;
			continue;
		}
		if (tok != FDT_PROP || f->size_struct - (uint32_t)off < 12)
			break;
		len = sb32(f, (uint32_t)off + 4);
		if ((((uint64_t)off + 15 + len) & ~(uint64_t)3) > f->size_struct)
			break;
		nameoff = sb32(f, (uint32_t)off + 8);
		if (nameoff < f->strings_end && str[nameoff] == '#') {
			if (!av && str_is(str + nameoff, an)) {
				av = sb(f) + off + 12;
				alen = len;
			} else if (!sv && str_is(str + nameoff, sn)) {
				sv = sb(f) + off + 12;
				slen = len;
			}
		}
		off = (int)(((uint32_t)off + 15 + len) & ~3u);
	}
	*ac = cells_value(av, alen, 2, 1, 2);
	*sc = cells_value(sv, slen, 1, 0, 2);
}

int fdt_get_reg_under(const struct fdt *f, int node, int parent, unsigned int idx,
		      uint64_t *base, uint64_t *size)
{
	int ac, sc;
	uint32_t len, entry;
	const void *v;
	uint64_t b, s;

	node_cells(f, parent, &ac, &sc);
	if (ac < 0)
		return ac;
	if (sc < 0)
		return sc;
	v = fdt_getprop(f, node, "reg", &len);
	if (!v)
		return -FDT_ERR_NOTFOUND;
	entry = (uint32_t)(ac + sc) * 4;
	if (len % entry)
		return -FDT_ERR_BADVALUE;
	if (idx >= len / entry)
		return -FDT_ERR_NOTFOUND;
	b = fdt_read_cells(v, idx * (uint32_t)(ac + sc), (uint32_t)ac);
	s = sc ? fdt_read_cells(v, idx * (uint32_t)(ac + sc) + (uint32_t)ac, (uint32_t)sc) : 0;
	if (!range_ok(b, s))
		return -FDT_ERR_BADVALUE;
	*base = b;
	*size = s;
	return 0;
}

int fdt_get_reg(const struct fdt *f, int node, unsigned int idx, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent(f, node);

	if (parent < 0)
		return -FDT_ERR_NOTFOUND;	/* the root (or not a node) has no reg to decode */
	return fdt_get_reg_under(f, node, parent, idx, base, size);
}

int fdt_get_rsvmap(const struct fdt *f, unsigned int idx, uint64_t *base, uint64_t *size)
{
	uint64_t off = f->off_rsvmap;
	unsigned int i;

	for (i = 0;; i++, off += RSV_ENTRY_LEN) {
		uint64_t b, s;

		if (off + RSV_ENTRY_LEN > f->totalsize)
			return -FDT_ERR_NOTFOUND;
		b = rd64(f->blob + off);
		s = rd64(f->blob + off + 8);
		if (!b && !s)
			return -FDT_ERR_NOTFOUND;
		if (i == idx) {
			*base = b;
			*size = s;
			return 0;
		}
	}
}
