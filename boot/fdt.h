/* SPDX-License-Identifier: MIT */
/*
 * A bounds-checked reader for flattened device trees (DTB, Devicetree
 * Specification v0.4 chapter 5), used for the platform DTB on arm64 and for
 * the boot bundle / manifest on every architecture.
 *
 * fdt_open() validates the whole blob once: header fields, block offsets and
 * sizes inside the blob, every token of the structure block, every node name
 * and property name NUL-terminated inside its block, property values inside
 * the structure block, nesting depth at most FDT_MAX_DEPTH, a final FDT_END.
 * After a successful open every other function is safe on that blob, and
 * still bounds-checks its own arguments. Nothing here recurses or allocates.
 *
 * Nodes and properties are named by their offset in the structure block
 * (int >= 0); negative values are errors (enum fdt_err, negated).
 *
 * Node index: fdt_open_index() also records, during that same validating
 * pass, every node's offset, name length, parent, first child and next
 * sibling in an array the caller provides (struct fdt_ixnode), plus where
 * its first "compatible" and "device_type" properties are (DT spec 2.3.1,
 * 2.3.11: the properties consumers look for on every node). The node
 * accessors then answer from the array (a node offset is found through a
 * table of up to FDT_IX_BUCKETS ranges of the structure block, then a scan
 * of the few entries in its range) instead of walking the tokens; other
 * properties are still read from the blob, bounds-checked. A blob with
 * more nodes than the array (or a node name of 0xffff bytes or more) opens
 * as with fdt_open(): no index, the accessors walk. Answers are the same
 * either way for every node offset the accessors hand out; an offset that
 * is not a node's is refused with an index, where a walk may read a
 * lookalike token inside a property value.
 */
#ifndef BOOT_FDT_H
#define BOOT_FDT_H

#include "hyp/compiler.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_MAX_DEPTH	16	/* node levels, the root being 1; deeper blobs: fdt_open() fails */

enum fdt_err {
	FDT_OK = 0,
	FDT_ERR_TRUNCATED,	/* blob shorter than its header says / than the header */
	FDT_ERR_BADMAGIC,
	FDT_ERR_BADVERSION,	/* last_comp_version > 17 or version < 16 */
	FDT_ERR_BADLAYOUT,	/* blocks outside the blob, overlapping or misaligned */
	FDT_ERR_BADSTRUCT,	/* bad token, unbalanced nodes, missing FDT_END */
	FDT_ERR_BADSTRING,	/* name not NUL-terminated / string offset out of range */
	FDT_ERR_DEPTH,		/* nesting deeper than FDT_MAX_DEPTH */
	FDT_ERR_NOTFOUND,	/* no such node or property */
	FDT_ERR_BADVALUE,	/* property has the wrong size or form */
	FDT_ERR_BADCELLS,	/* #address-cells / #size-cells missing or out of range */
	FDT_ERR_COUNT
};

/* A short fixed description of an error ("truncated", "bad magic", ...). */
const char *fdt_strerror(int err);

/* One node of the index fdt_open_index() builds, in document order (entry 0: the root). */
struct fdt_ixnode {
	uint32_t off;		/* offset of the node's FDT_BEGIN_NODE token */
	uint32_t compat;	/* offset of its first "compatible" property, 0 if none */
	uint32_t devtype;	/* offset of its first "device_type" property, 0 if none */
	uint16_t namelen;	/* length of its name, without the NUL */
	uint16_t parent;	/* entry numbers, FDT_IX_NONE if there is none */
	uint16_t child;		/* first child */
	uint16_t sibling;	/* next sibling */
};

#define FDT_IX_NONE	0xffffu
#define FDT_IX_MAX	0xffffu	/* entries an index may use (a larger cap is clamped) */
#define FDT_IX_BUCKETS	256	/* ranges of the structure block in struct fdt's look-up table */

struct fdt {
	const uint8_t *blob;
	uint32_t totalsize;
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
	/* One past the last NUL of the strings block (0: none): a name at a
	 * smaller offset ends inside the block. */
	uint32_t strings_end;
	/* The node index (fdt_open_index), or NULL and 0: walk the tokens. */
	const struct fdt_ixnode *ix;
	uint32_t nix;
	/*
	 * Entries whose offset >> ix_shift is b < ix_nbuckets: ix_bucket[b]
	 * up to ix_bucket[b + 1] (about two buckets per node, at most
	 * FDT_IX_BUCKETS).
	 */
	uint32_t ix_shift, ix_nbuckets;
	uint16_t ix_bucket[FDT_IX_BUCKETS + 1];
};

/*
 * Validate blob (avail bytes readable at blob) and fill *f. Returns 0 or a
 * negative fdt_err. avail may exceed the header's totalsize, never be less.
 */
int fdt_open(struct fdt *f, const void *blob, size_t avail) __must_check;

/*
 * fdt_open(), and in the same pass fill ix[0 .. cap) with the node index
 * (see the top of this file); f->nix tells how many entries it holds, 0 if
 * the blob did not fit (then f->ix is NULL and the accessors walk). The
 * array must stay in place, unchanged, as long as f is used. Same results
 * as fdt_open() for every blob.
 */
int fdt_open_index(struct fdt *f, const void *blob, size_t avail, struct fdt_ixnode *ix,
		   unsigned int cap) __must_check;

/* Offset of the root node (always valid after fdt_open()). */
int fdt_root(const struct fdt *f);

/*
 * Name of a node ("" for the root; "memory@40000000" including unit address),
 * or NULL if node is not the offset of a node.
 */
const char *fdt_node_name(const struct fdt *f, int node);

/* First child / next sibling of a node: offset, or -FDT_ERR_NOTFOUND. */
int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);

/* Parent of a node (a forward scan from the root), or -FDT_ERR_NOTFOUND for the root. */
int fdt_parent(const struct fdt *f, int node);

/* Child with this exact name (including any "@unit"), or -FDT_ERR_NOTFOUND. */
int fdt_subnode(const struct fdt *f, int node, const char *name);

/*
 * fdt_subnode(f, node, names[i]) for every i < n in one pass over the
 * children: out[i] gets the same answer (-FDT_ERR_NOTFOUND also for a
 * NULL names[i]).
 */
void fdt_subnodes(const struct fdt *f, int node, const char *const names[], int out[], unsigned int n);

/*
 * Next child of parent after prev (-1: the first child) that is a `type`
 * node by the usual conventions (DT spec 2.2.1, 2.3.11, 3.4): its
 * device_type, when that is one NUL-terminated string, equals type;
 * otherwise its name is type or starts with "type@". -FDT_ERR_NOTFOUND
 * at the end (or if prev is not a child of parent).
 */
int fdt_next_typed_child(const struct fdt *f, int parent, int prev, const char *type);

/* Node at an absolute path such as "/chosen" or "/cpus/cpu@0". */
int fdt_path(const struct fdt *f, const char *path);

/* Properties of a node: iterate with first/next; read name and value. */
int fdt_first_prop(const struct fdt *f, int node);
int fdt_next_prop(const struct fdt *f, int prop);
const char *fdt_prop_name(const struct fdt *f, int prop);
const void *fdt_prop_value(const struct fdt *f, int prop, uint32_t *len);

/*
 * fdt_prop_name() and fdt_prop_value() of one property in one call: its
 * value (NULL if prop is not a property or its name does not end inside
 * the strings block; then *name and *len are untouched).
 */
const void *fdt_prop_get(const struct fdt *f, int prop, const char **name, uint32_t *len);

/* Value of the named property of node, or NULL (with *len untouched). */
const void *fdt_getprop(const struct fdt *f, int node, const char *name, uint32_t *len);

/*
 * Typed reads: 0, -FDT_ERR_NOTFOUND, or -FDT_ERR_BADVALUE (wrong size/form).
 * u32 needs exactly 4 bytes; u64 takes 8 bytes or 4 (one cell, zero-extended),
 * as properties such as linux,initrd-start use the parent's cell count.
 */
int fdt_getprop_u32(const struct fdt *f, int node, const char *name, uint32_t *out) __must_check;
int fdt_getprop_u64(const struct fdt *f, int node, const char *name, uint64_t *out) __must_check;
/* A single NUL-terminated string (no embedded NUL before the end). */
int fdt_getprop_string(const struct fdt *f, int node, const char *name, const char **out) __must_check;

/*
 * fdt_getprop_string(f, node, "device_type", out) (DT spec 2.3.11), from
 * the index when there is one (no property scan, no name compare).
 */
int fdt_device_type(const struct fdt *f, int node, const char **out) __must_check;

/* Big-endian cell reads from a property value: ncells is 1 or 2; idx counts cells. */
uint64_t fdt_read_cells(const void *val, uint32_t idx, uint32_t ncells);

/* True if the node's "compatible" string list contains compat. */
bool fdt_node_is_compatible(const struct fdt *f, int node, const char *compat);

/*
 * Next node after `from` in document order (from = -1 starts at the root)
 * whose compatible list contains compat; -FDT_ERR_NOTFOUND at the end.
 */
int fdt_find_compatible(const struct fdt *f, int from, const char *compat);

/*
 * fdt_find_compatible(f, -1, compat[i]) for i < n in one pass over the
 * tree (each node's compatible list is read once): out[i] gets the same
 * node, or -FDT_ERR_NOTFOUND (also for a NULL compat[i]).
 */
void fdt_find_compatibles(const struct fdt *f, const char *const compat[], int out[], unsigned int n);

/*
 * #address-cells and #size-cells a node's children use (defaults 2 and 1 if
 * absent, per the spec); -FDT_ERR_BADCELLS if present but not 1 or 2
 * (size-cells may also be 0).
 */
int fdt_addr_cells(const struct fdt *f, int node);
int fdt_size_cells(const struct fdt *f, int node);

/*
 * Entry idx of a node's "reg", decoded with its parent's cell sizes.
 * 0, -FDT_ERR_NOTFOUND (no reg, idx past the end, or node is the root),
 * -FDT_ERR_BADVALUE (length not a whole number of entries, or base + size
 * wraps past 2^64), -FDT_ERR_BADCELLS.
 */
int fdt_get_reg(const struct fdt *f, int node, unsigned int idx, uint64_t *base, uint64_t *size) __must_check;

/*
 * fdt_get_reg() for a caller that already knows node's parent (saves the
 * forward scan fdt_parent() does). parent must be node's parent; same
 * results otherwise.
 */
int fdt_get_reg_under(const struct fdt *f, int node, int parent, unsigned int idx,
		      uint64_t *base, uint64_t *size) __must_check;

/*
 * Memory reservation block: entry idx, 0 or -FDT_ERR_NOTFOUND past the last.
 * (fdt_open() rejects an entry whose range wraps with -FDT_ERR_BADVALUE.)
 */
int fdt_get_rsvmap(const struct fdt *f, unsigned int idx, uint64_t *base, uint64_t *size) __must_check;

#endif
