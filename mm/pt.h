/* SPDX-License-Identifier: MIT */
/*
 * The second-stage page-table engine shared by arm64 stage-2, AMD NPT, Intel
 * EPT and s390 DAT. It owns the generic walker (a visitor called with
 * PT_WALK_LEAF / PT_WALK_TABLE_PRE / PT_WALK_TABLE_POST), the operations built
 * on it (create, destroy, map, unmap, look up, protect, masked write-protect,
 * masked dirty clearing, split), the table cache the operations allocate from,
 * and the ordering of TLB invalidation and break-before-make.
 *
 * The engine never knows a descriptor bit: a format (struct pt_fmt, one per
 * table format, in arch/<a>/pt_*.c) describes its geometry as data and
 * supplies the few constructors and queries that know the encoding.
 * Design, invariants and the KVM correspondence: docs/mm.md.
 *
 * Locking: every operation on one struct pt must be serialised by its owner
 * (the partition's mmu lock); nothing here takes a lock. Hardware may walk the
 * tables and set accessed/dirty state concurrently: the engine changes live
 * entries with atomic exchanges so such updates are never lost.
 */
#ifndef MM_PT_H
#define MM_PT_H

#include "hyp/compiler.h"
#include "mm/addr.h"

#define PT_MAX_LEVELS	5	/* s390: region-1/2/3, segment, page */
#define PT_MAX_ORDER	2	/* largest table: 4 frames (s390 region/segment) */

/* Error codes (returned negated). */
#define PT_EINVAL	22	/* bad argument: range, alignment, attributes */
#define PT_ENOMEM	12	/* the cache holds fewer frames than the operation may need */
#define PT_ENOENT	2	/* nothing mapped there */

typedef uint64_t pte_t;

/* What an entry is, as its format decodes it. */
enum pt_kind {
	PT_KIND_INVALID = 0,	/* translation fault */
	PT_KIND_TABLE,		/* points to a table of the next level */
	PT_KIND_LEAF,		/* block or page: maps output memory */
};

/*
 * Leaf attributes in generic form. PT_DIRTY is the hardware dirty state of a
 * writable leaf (x86 D bit, arm64 DBM with S2AP[1] set) in tables created with
 * PT_CFG_HWDIRTY; ignored elsewhere.
 */
#define PT_R		(1u << 0)
#define PT_W		(1u << 1)
#define PT_X		(1u << 2)
#define PT_DEV		(1u << 3)	/* device memory: uncached, never executable */
#define PT_DIRTY	(1u << 4)
#define PT_RWX		(PT_R | PT_W | PT_X)
#define PT_PROT_MASK	(PT_RWX | PT_DEV | PT_DIRTY)

/* Table options (struct pt.cfg); a format rejects the ones it cannot honour. */
#define PT_CFG_HWDIRTY	(1u << 0)	/* hardware dirty state (NPT/EPT D, arm64 DBM) */
#define PT_CFG_EDAT1	(1u << 1)	/* s390: 1 MiB segments (EDAT-1) */
#define PT_CFG_NO_HUGE	(1u << 2)	/* leaves only at the last level */

/* How live entries may be changed (Arm ARM D8.16 "Break-before-make"). */
enum pt_bbm {
	PT_BBM_NEVER,	/* write the new entry, invalidate the TLB afterwards (x86) */
	PT_BBM_REMAP,	/* break when output address or size changes (arm64) */
	PT_BBM_ALWAYS,	/* every change of a valid entry goes through the break hook (s390 IPTE/IDTE) */
};

struct pt;

/* Geometry of one level of a format. */
struct pt_level {
	uint8_t shift;		/* address bits below this level's index */
	uint8_t idx_bits;	/* index bits of one table of this level */
	uint8_t order;		/* a table occupies 1 << order frames */
	uint8_t leaf_ok;	/* the format can hold a leaf here (subject to cfg) */
};

/*
 * A table format. Geometry is data; the function pointers are the only code
 * that knows the encoding. Every function is pure (no memory access).
 */
struct pt_fmt {
	const char *name;
	unsigned nlevels;			/* levels 0 .. nlevels-1, root first */
	struct pt_level lv[PT_MAX_LEVELS];
	unsigned max_concat_bits;		/* extra root index bits by concatenation */
	unsigned min_ia_bits, max_ia_bits;	/* input address sizes supported */
	enum pt_bbm bbm;
	unsigned prot_caps;	/* PT_R/W/X/DEV/DIRTY bits the format can represent */
	bool oa_linear;		/* leaf(pa + k * size) == leaf(pa) + k * size */

	/* Check pt->cfg / pt->ia_bits / pt->start; return the mask of levels that may hold leaves, or 0. */
	unsigned (*configure)(const struct pt *pt);
	pte_t (*empty)(const struct pt *pt, unsigned level);
	enum pt_kind (*kind)(const struct pt *pt, unsigned level, pte_t e);
	pte_t (*mk_table)(const struct pt *pt, unsigned level, hpa_t table);
	pte_t (*mk_leaf)(const struct pt *pt, unsigned level, hpa_t pa, unsigned prot);
	/* Output address of a table or leaf entry. */
	hpa_t (*oa)(const struct pt *pt, unsigned level, pte_t e);
	/* Generic attributes of a leaf (PT_R/W/X/DEV/DIRTY). */
	unsigned (*prot)(const struct pt *pt, unsigned level, pte_t e);
	/*
	 * The leaf e with prot changed to (prot & ~clear) | set: the same as
	 * mk_leaf(oa(e), ...), other state kept, without the decode/encode.
	 * An entry that is not a leaf at level comes back unchanged.
	 */
	pte_t (*reprot)(const struct pt *pt, unsigned level, pte_t e, unsigned set, unsigned clear);
	/* What the hardware is given: VTTBR BADDR (+CnP), nCR3, EPTP, ASCE. */
	uint64_t (*root_reg)(const struct pt *pt);
};

/* Where table frames come from and go back to (the frame allocator). */
struct pt_alloc {
	int (*alloc)(void *ctx, unsigned nframes, uint64_t align, hpa_t *pa);
	void (*free)(void *ctx, hpa_t pa, unsigned nframes);
	void *ctx;
};

/* One table tree. Fields are immutable after pt_create() unless noted. */
struct pt {
	const struct pt_fmt *fmt;
	unsigned cfg;
	unsigned ia_bits;	/* input (guest-physical) address size */
	unsigned start;		/* root level */
	unsigned root_bits;	/* index bits of the root, concatenation included */
	unsigned root_order;
	unsigned leaf_mask;	/* levels where leaves are allowed */
	bool hw_dirty;
	pte_t empty[PT_MAX_LEVELS];	/* fmt->empty() of each level, cached */
	hpa_t root;
	struct pt_alloc alloc;
	uint16_t tag;		/* VMID / ASID the owner assigned, for the TLB hooks */
	/* Changed by operations (under the owner's lock). */
	uint64_t ntables;	/* tables in the tree, root included */
	/* Owned by the arch TLB hooks (e.g. x86 flush generation). */
	uint64_t tlb_gen;
};

/*
 * Pre-allocated table frames, one free list per table order, linked through
 * the frames' first word. Filled by the caller before an operation; the
 * operation takes from it (never from the allocator) and puts tables it
 * frees back into it.
 */
struct pt_cache {
	hpa_t head[PT_MAX_ORDER + 1];
	uint64_t count[PT_MAX_ORDER + 1];
};

/* Frames an operation may need, per table order. */
struct pt_need {
	uint64_t n[PT_MAX_ORDER + 1];
};

/* A pending TLB invalidation range, for callers that batch several operations. */
struct pt_flush {
	uint64_t lo, last;	/* [lo, last] to invalidate */
	bool pending;		/* false: nothing to invalidate */
	/*
	 * Masked operations remember the last-level table they used last; only
	 * valid while the tree's shape does not change (until pt_flush_commit()).
	 */
	pte_t *leaf_table;
	uint64_t leaf_base, leaf_last;
	pte_t *up_table;		/* ... and the table above it */
	uint64_t up_base, up_last;
};

/* Walker */
#define PT_WALK_LEAF		(1u << 0)	/* visit invalid and leaf entries */
#define PT_WALK_TABLE_PRE	(1u << 1)	/* visit a table entry before its children */
#define PT_WALK_TABLE_POST	(1u << 2)	/* ... and after them */

/*
 * What a visitor sees. A visitor that changes *ptep must set old and kind to
 * what it wrote: after a LEAF visit the walker descends if kind is then
 * PT_KIND_TABLE and descend is still true; after TABLE_PRE it descends only
 * if kind is still TABLE. A LEAF visitor may handle a run of entries of the
 * same table at once (ptep[0 .. nleft-1], all inside the walk): it returns
 * how many it handled (>= 1) and the walker continues after them.
 */
struct pt_visit {
	struct pt *pt;
	uint64_t addr;		/* first address the entry maps */
	uint64_t last;		/* last address of the walk (inclusive) */
	unsigned level;
	unsigned flags;		/* the visit: PT_WALK_LEAF, _TABLE_PRE or _TABLE_POST */
	pte_t *ptep;
	pte_t old;
	enum pt_kind kind;
	bool descend;		/* LEAF visit that made a table: walk into it */
	uint64_t nleft;		/* entries from ptep to the end of the table or the walk */
	void *arg;
};

/* Returns < 0 to stop the walk (the error), 0 to continue, n > 0: n entries handled. */
typedef int (*pt_visitor_fn)(struct pt_visit *v);

/*
 * Visit every entry covering [addr, addr + size) in address order, calling
 * fn for the visits selected by flags. A negative return from fn stops the
 * walk and is returned. Caller holds the owner's lock. [gmap_table_walk]
 */
int pt_walk(struct pt *pt, uint64_t addr, uint64_t size, unsigned flags,
	    pt_visitor_fn fn, void *arg) __must_check;

/* Cache */

/* Push a frame run of 1 << order frames (from the allocator) into the cache. */
void pt_cache_put(struct pt_cache *c, hpa_t pa, unsigned order);

/* Allocate until the cache holds at least need; 0, or -PT_ENOMEM (the cache keeps what it got). */
int pt_cache_topup(struct pt_cache *c, const struct pt_alloc *a, const struct pt_need *need) __must_check;

/* Give every frame in the cache back to the allocator. */
void pt_cache_drain(struct pt_cache *c, const struct pt_alloc *a);

/* Frames an operation may take from the cache (upper bounds, no side effects). */
void pt_need_map(const struct pt *pt, gpa_t ga, hpa_t pa, uint64_t size, struct pt_need *need);
void pt_need_edges(const struct pt *pt, gpa_t ga, uint64_t size, struct pt_need *need);	/* unmap, protect */
void pt_need_split(const struct pt *pt, gpa_t ga, uint64_t size, struct pt_need *need);	/* split to 4 KiB */

/* Tree */

/*
 * Allocate and clear the root (concatenated tables included) for an input
 * address size of ia_bits. Returns 0, -PT_EINVAL for an unsupported
 * size/option, -PT_ENOMEM. [kvm_alloc_stage2_pgd, gmap_alloc]
 */
int pt_create(struct pt *pt, const struct pt_fmt *fmt, unsigned ia_bits, unsigned cfg,
	      const struct pt_alloc *a) __must_check;

/* Invalidate the TLB for the whole tree and free every table, root last. [kvm_free_stage2_pgd] */
void pt_destroy(struct pt *pt);

/* The value the hardware register takes (VTTBR BADDR, nCR3, EPTP, ASCE). */
uint64_t pt_root_reg(const struct pt *pt);

/* Operations: each fails before changing anything, or completes. */

/*
 * Map [ga, ga + size) to [pa, pa + size) with prot, using the largest leaf the
 * alignment of ga and pa allows, replacing whatever was mapped there. Page
 * aligned. 0, -PT_EINVAL, -PT_ENOMEM (cache below pt_need_map()).
 * [kvm_pgtable_stage2_map, gmap_map_segment]
 */
int pt_map(struct pt *pt, struct pt_cache *c, gpa_t ga, hpa_t pa, uint64_t size,
	   unsigned prot) __must_check;

/* As pt_map, with device attributes and never executable. [kvm_phys_addr_ioremap] */
int pt_map_device(struct pt *pt, struct pt_cache *c, gpa_t ga, hpa_t pa, uint64_t size,
		  bool writable) __must_check;

/*
 * Unmap [ga, ga + size), splitting blocks that straddle its ends and freeing
 * tables that become empty. [unmap_stage2_range, gmap_unmap_segment]
 */
int pt_unmap(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size) __must_check;

/* Result of a look-up. */
struct pt_xlate {
	hpa_t pa;		/* output address of ga */
	unsigned prot;
	unsigned level;
	uint64_t size;		/* size of the leaf that maps ga */
};

/* Translate one address: 0, or -PT_ENOENT. [gmap_translate, __gmap_translate] */
int pt_lookup(struct pt *pt, gpa_t ga, struct pt_xlate *x) __must_check;

/*
 * Called with each page range whose hardware dirty state an operation cleared
 * (so a dirty log can record it before the state is gone).
 */
typedef void (*pt_dirty_fn)(void *arg, uint64_t ga, uint64_t size);

/*
 * Change the permissions of every leaf in [ga, ga + size): add set, remove
 * clear (PT_R/W/X). Blocks straddling the ends are split. Dirty state removed
 * by dropping PT_W is reported to dirty_fn (may be NULL).
 * [stage2_wp_range, stage2_wp_puds/pmds/ptes]
 */
int pt_protect(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size, unsigned set,
	       unsigned clear, pt_dirty_fn dirty_fn, void *dirty_arg) __must_check;

/*
 * Split every block in [ga, ga + size) down to last-level pages with identical
 * attributes. [stage2_dissolve_pmd]
 */
int pt_split(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size) __must_check;

/*
 * Write-protect the last-level pages base + i * 4 KiB for every bit i set in
 * mask. Needs no allocation: a block found there is write-protected whole.
 * The TLB invalidation is added to *fl for pt_flush_commit(). Dirty state
 * removed is reported to dirty_fn. [kvm_mmu_write_protect_pt_masked]
 */
void pt_wp_masked(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask,
		  pt_dirty_fn dirty_fn, void *dirty_arg);

/*
 * Clear the hardware dirty state of the pages selected by mask, or
 * write-protect them in tables without hardware dirty state.
 * [kvm_mmu_clear_dirty_pt_masked]
 */
void pt_clear_dirty_masked(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask,
			   pt_dirty_fn dirty_fn, void *dirty_arg);

/*
 * Steps 1 and 2 of a dirty-log harvest over a slot's bitmap (nwords words,
 * bit i of word w = page base + (64 * w + i) * 4 KiB): each non-zero word
 * is atomically taken (bits[w] = 0, snap[w] = old value) and its pages are
 * write-protected as by pt_wp_masked(), or their hardware dirty state
 * cleared as by pt_clear_dirty_masked() when clear_dirty. Zero words cost
 * one load and one store. Invalidation goes to *fl. [kvm_vm_ioctl_get_dirty_log]
 */
void pt_harvest_bitmap(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t *bits,
		       uint64_t *snap, uint64_t nwords, bool clear_dirty, pt_dirty_fn dirty_fn,
		       void *dirty_arg);

/*
 * Report (to dirty_fn) and clear the hardware dirty state of every leaf in
 * [ga, ga + size). Only for tables with hw_dirty.
 */
void pt_collect_dirty(struct pt *pt, struct pt_flush *fl, gpa_t ga, uint64_t size,
		      pt_dirty_fn dirty_fn, void *dirty_arg);

/* Issue the TLB invalidation gathered in fl (if any) and reset it. */
void pt_flush_commit(struct pt *pt, struct pt_flush *fl);

/*
 * Arch hooks (arch/<a>/pt_tlb.c; the host tests record them). The engine
 * calls them; callers never do.
 */

/*
 * Break: atomically replace the live entry *ptep (mapping [addr, addr +
 * entry size) at level) by empty and return its old value; when this returns
 * no TLB of any CPU holds a translation or walk through the old entry.
 */
pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty);

/* Invalidate, on every CPU, translations of [addr, addr + size) in this tree. */
void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size);

/* Invalidate every translation of this tree on every CPU. */
void arch_pt_tlb_flush_all(const struct pt *pt);

#endif
