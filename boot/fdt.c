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
 *   possibly unaligned loads); every scan is a bounded byte loop.
 * - fdt_open() walks the structure block once, iteratively, keeping only a
 *   depth counter. Accessors trust that walk but still check their own
 *   offsets, and every read stays inside the structure or strings block even
 *   for an offset that does not name a real token.
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

uint64_t fdt_read_cells(const void *val, uint32_t idx, uint32_t ncells)
{
	const uint8_t *p = (const uint8_t *)val + (size_t)idx * 4;

	if (ncells == 1)
		return rd32(p);
	if (ncells == 2)
		return rd64(p);
	return 0;
}

/* Length of the string at s, at most max; returns max if no NUL within. */
static uint32_t bounded_strlen(const uint8_t *s, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* C string a equals the n bytes at b followed by NUL (b has n+1 readable bytes). */
static bool name_eq(const char *a, const uint8_t *b, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if ((uint8_t)a[i] != b[i] || !a[i])
			return false;
	return a[n] == '\0';
}

/* ---------------------------------------------------------------------------
 * Token stepping inside the structure block. Offsets are relative to the
 * block; everything is checked against size_struct.
 */

static inline const uint8_t *sb(const struct fdt *f)
{
	return f->blob + f->off_struct;
}

static inline __attribute__((always_inline)) uint32_t tok_at(const struct fdt *f, int off)
{
	if (off < 0 || (off & 3) || (uint64_t)off + 4 > f->size_struct)
		return FDT_BAD_TOKEN;
	return rd32(sb(f) + off);
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
		end = align_up((uint64_t)off + 12 + rd32(sb(f) + off + 4), 4);
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

/*
 * Walk the whole structure block [0, limit): every token, names, property
 * values and names, balance, depth, FDT_END. Returns the offset just past
 * FDT_END or a negative error.
 */
static int check_struct(struct fdt *f, uint32_t limit)
{
	uint32_t depth = 0, prev = FDT_NOP, tok;
	bool root_done = false, root_seen = false;
	int off = 0, next;

	f->size_struct = limit;	/* bound tok_next() while walking */
	for (;;) {
		tok = tok_at(f, off);
		if (tok == FDT_BAD_TOKEN)
			return -FDT_ERR_BADSTRUCT;	/* ran off the block: no FDT_END */
		switch (tok) {
		case FDT_BEGIN_NODE:
			next = tok_next(f, off, &tok);
			if (next < 0) {
				/* Name without NUL in the block, or padding past its end. */
				uint32_t left = limit - (uint32_t)off - 4;

				if (bounded_strlen(sb(f) + off + 4, left) == left)
					return -FDT_ERR_BADSTRING;
				return -FDT_ERR_BADSTRUCT;
			}
			if (root_done)
				return -FDT_ERR_BADSTRUCT;	/* a second root */
			if (!root_seen && sb(f)[off + 4] != '\0')
				return -FDT_ERR_BADSTRUCT;	/* the root's name is "" */
			root_seen = true;
			if (++depth > FDT_MAX_DEPTH)
				return -FDT_ERR_DEPTH;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return -FDT_ERR_BADSTRUCT;
			if (--depth == 0)
				root_done = true;
			next = off + 4;
			break;
		case FDT_PROP: {
			uint32_t nameoff, room;

			/* Properties only inside a node, before its first child. */
			if (depth == 0 || (prev != FDT_BEGIN_NODE && prev != FDT_PROP))
				return -FDT_ERR_BADSTRUCT;
			next = tok_next(f, off, &tok);
			if (next < 0)
				return -FDT_ERR_BADSTRUCT;	/* header or value past the block */
			nameoff = rd32(sb(f) + off + 8);
			if (nameoff >= f->size_strings)
				return -FDT_ERR_BADSTRING;
			room = f->size_strings - nameoff;
			if (bounded_strlen(f->blob + f->off_strings + nameoff, room) == room)
				return -FDT_ERR_BADSTRING;
			break;
		}
		case FDT_NOP:
			next = off + 4;
			tok = prev;	/* NOPs are invisible to the ordering rule */
			break;
		case FDT_END:
			if (depth != 0 || !root_done)
				return -FDT_ERR_BADSTRUCT;
			return off + 4;
		default:
			return -FDT_ERR_BADSTRUCT;
		}
		prev = tok;
		off = next;
	}
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
	const uint8_t *b = blob;
	uint32_t version, last_comp, hdr_len, rsv_end = 0, limit;
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

	ret = check_struct(&f, limit);
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
	*out = f;
	return 0;
}

/* ---------------------------------------------------------------------------
 * Nodes.
 */

int fdt_root(const struct fdt *f)
{
	uint32_t tok;
	int off = skip_nops(f, 0, &tok);

	return off >= 0 && tok == FDT_BEGIN_NODE ? off : -FDT_ERR_BADSTRUCT;
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	if (!is_node(f, node))
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
	int depth = 0, off = fdt_root(f), next;
	uint32_t tok;

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

/* Child of node whose name is the n bytes at name (no NUL needed). */
static int subnode_n(const struct fdt *f, int node, const char *name, uint32_t n)
{
	int child;

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

int fdt_first_prop(const struct fdt *f, int node)
{
	uint32_t tok;
	int off;

	if (!is_node(f, node))
		return -FDT_ERR_NOTFOUND;
	off = skip_nops(f, tok_next(f, node, &tok), &tok);
	return off >= 0 && tok == FDT_PROP ? off : -FDT_ERR_NOTFOUND;
}

int fdt_next_prop(const struct fdt *f, int prop)
{
	uint32_t tok;
	int off;

	if (!is_prop(f, prop))
		return -FDT_ERR_NOTFOUND;
	off = skip_nops(f, tok_next(f, prop, &tok), &tok);
	return off >= 0 && tok == FDT_PROP ? off : -FDT_ERR_NOTFOUND;
}

const char *fdt_prop_name(const struct fdt *f, int prop)
{
	uint32_t nameoff, room;
	const uint8_t *s;

	if (!is_prop(f, prop))
		return NULL;
	nameoff = rd32(sb(f) + prop + 8);
	if (nameoff >= f->size_strings)
		return NULL;
	room = f->size_strings - nameoff;
	s = f->blob + f->off_strings + nameoff;
	if (bounded_strlen(s, room) == room)
		return NULL;
	return (const char *)s;
}

const void *fdt_prop_value(const struct fdt *f, int prop, uint32_t *len)
{
	if (!is_prop(f, prop))
		return NULL;
	if (len)
		*len = rd32(sb(f) + prop + 4);
	return sb(f) + prop + 12;
}

/*
 * The same walk as fdt_first_prop() / fdt_next_prop() / fdt_prop_name() /
 * fdt_prop_value() and a name compare, with each token checked once (tok_next() bounds every
 * step; a name must end with a NUL inside the strings block to match):
 * it runs for every property look-up, and boot does hundreds of them.
 */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, uint32_t *len)
{
	uint32_t tok;
	int off;

	if (!name || !is_node(f, node))
		return NULL;
	off = tok_next(f, node, &tok);
	while (off >= 0 && (off = skip_nops(f, off, &tok)) >= 0 && tok == FDT_PROP) {
		int next = tok_next(f, off, &tok);
		uint32_t nameoff, room, i;
		const uint8_t *pn;

		if (next < 0)
			return NULL;
		nameoff = rd32(sb(f) + off + 8);
		if (nameoff < f->size_strings) {
			room = f->size_strings - nameoff;
			pn = f->blob + f->off_strings + nameoff;
			for (i = 0; i < room && pn[i] == (uint8_t)name[i]; i++) {
				if (!pn[i]) {
					if (len)
						*len = rd32(sb(f) + off + 4);
					return sb(f) + off + 12;
				}
			}
		}
		off = next;
	}
	return NULL;
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

/* Does the string list v[0, len) hold compat (an unterminated last entry is ignored)? */
static bool compat_list_has(const uint8_t *v, uint32_t len, const char *compat)
{
	uint32_t pos = 0;

	while (pos < len) {
		uint32_t n = bounded_strlen(v + pos, len - pos);

		if (n == len - pos)
			return false;	/* last entry not terminated: ignore it */
		if (name_eq(compat, v + pos, n))
			return true;
		pos += n + 1;
	}
	return false;
}

bool fdt_node_is_compatible(const struct fdt *f, int node, const char *compat)
{
	const uint8_t *v;
	uint32_t len;

	if (!compat)
		return false;
	v = fdt_getprop(f, node, "compatible", &len);
	return v && compat_list_has(v, len, compat);
}

int fdt_find_compatible(const struct fdt *f, int from, const char *compat)
{
	uint32_t tok;
	int off;

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
 * One walk over the tokens: a node's properties follow its FDT_BEGIN_NODE
 * (NOPs aside) before any child, which is all fdt_getprop() looks at, so
 * the first "compatible" property seen there is the one
 * fdt_node_is_compatible() would read.
 */
void fdt_find_compatibles(const struct fdt *f, const char *const compat[], int out[], unsigned int n)
{
	static const char name[] = "compatible";
	unsigned int i, left = 0;
	uint32_t tok;
	int off = fdt_root(f), node = -1;

	for (i = 0; i < n; i++) {
		out[i] = -FDT_ERR_NOTFOUND;
		left += compat[i] != NULL;
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
			if (nameoff < f->size_strings && f->size_strings - nameoff >= sizeof(name) &&
			    name_eq(name, f->blob + f->off_strings + nameoff, sizeof(name) - 1) &&
			    f->blob[f->off_strings + nameoff + sizeof(name) - 1] == '\0') {
				const uint8_t *v = sb(f) + off + 12;
				uint32_t len = rd32(sb(f) + off + 4);

				for (i = 0; i < n; i++)
					if (compat[i] && out[i] < 0 && compat_list_has(v, len, compat[i])) {
						out[i] = node;
						left--;
					}
				node = -1;	/* only its first "compatible" counts */
			}
		} else if (tok != FDT_NOP) {
			node = -1;	/* FDT_END_NODE: no more properties of that node */
		}
		off = next;
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

	if (!is_node(f, node))
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

int fdt_get_reg_under(const struct fdt *f, int node, int parent, unsigned int idx,
		      uint64_t *base, uint64_t *size)
{
	int ac, sc;
	uint32_t len, entry;
	const void *v;
	uint64_t b, s;

	ac = fdt_addr_cells(f, parent);
	if (ac < 0)
		return ac;
	sc = fdt_size_cells(f, parent);
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
