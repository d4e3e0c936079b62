// SPDX-License-Identifier: MIT
/*
 * The generic second-stage page-table engine: walker, table cache, and the
 * operations (map, unmap, look up, protect, split, masked write-protect and
 * dirty clearing), each a small visitor. It owns when entries change and how:
 * new entries are published with release stores after their tables are
 * initialised, live entries are changed with atomic exchanges (hardware may be
 * setting accessed/dirty state), break-before-make goes through
 * arch_pt_break(), and TLB invalidation of exactly the ranges whose live
 * translations changed is issued once per operation through
 * arch_pt_tlb_flush_range(). Tables taken out of the tree are handed back to
 * the cache only after that invalidation, so no walker can still be using
 * them. Descriptor bits are known only to the format (struct pt_fmt).
 */
#include <string.h>
#include "hyp/log.h"
#include "mm/pt.h"

/* Tables released in one operation before an early invalidation is forced. */
#define PT_DEFER_MAX	64

static inline pte_t pte_read(const pte_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static inline void pte_publish(pte_t *p, pte_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static inline pte_t pte_xchg(pte_t *p, pte_t v)
{
	return __atomic_exchange_n(p, v, __ATOMIC_ACQ_REL);
}

static inline bool pte_cmpxchg(pte_t *p, pte_t *expect, pte_t v)
{
	return __atomic_compare_exchange_n(p, expect, v, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
}

static inline unsigned lv_shift(const struct pt *pt, unsigned level)
{
	return pt->fmt->lv[level].shift;
}

static inline uint64_t lv_span(const struct pt *pt, unsigned level)
{
	return 1ull << pt->fmt->lv[level].shift;
}

static inline bool leaf_allowed(const struct pt *pt, unsigned level)
{
	return (pt->leaf_mask >> level) & 1;
}

static inline unsigned last_level(const struct pt *pt)
{
	return pt->fmt->nlevels - 1;
}

/* ---------------------------------------------------------------------------
 * Walker: bounded recursion, one frame per level (at most PT_MAX_LEVELS).
 */
struct walker {
	struct pt *pt;
	uint64_t first, last;
	unsigned flags;
	pt_visitor_fn fn;
	void *arg;
};

static int walk_table(struct walker *w, pte_t *table, unsigned level, uint64_t base,
		      unsigned bits)
{
	struct pt *pt = w->pt;
	const struct pt_fmt *f = pt->fmt;
	unsigned shift = f->lv[level].shift;
	uint64_t n = 1ull << bits;
	uint64_t idx = w->first > base ? (w->first - base) >> shift : 0;
	struct pt_visit v;
	int ret;

	BUG_ON(level >= f->nlevels || level >= PT_MAX_LEVELS);
	v.pt = pt;
	v.last = w->last;
	v.level = level;
	v.arg = w->arg;
	for (; idx < n; idx++) {
		v.addr = base + (idx << shift);
		if (v.addr > w->last)
			break;
		v.ptep = &table[idx];
		v.old = pte_read(v.ptep);
		v.kind = f->kind(pt, level, v.old);
		if (v.kind != PT_KIND_TABLE) {
			if (!(w->flags & PT_WALK_LEAF))
				continue;
			v.flags = PT_WALK_LEAF;
			v.descend = true;
			v.nleft = ((w->last - v.addr) >> shift) + 1;
			if (v.nleft > n - idx)
				v.nleft = n - idx;
			ret = w->fn(&v);
			if (ret < 0)
				return ret;
			if (ret > 1) {
				BUG_ON((uint64_t)ret > v.nleft);
				idx += (uint64_t)ret - 1;
				continue;
			}
			if (v.kind != PT_KIND_TABLE || !v.descend)
				continue;
		} else if (w->flags & PT_WALK_TABLE_PRE) {
			v.flags = PT_WALK_TABLE_PRE;
			ret = w->fn(&v);
			if (ret < 0)
				return ret;
			if (v.kind != PT_KIND_TABLE)
				continue;
		}
		BUG_ON(level + 1 >= f->nlevels);
		ret = walk_table(w, mm_phys_to_virt(f->oa(pt, level, v.old)), level + 1, v.addr,
				 f->lv[level + 1].idx_bits);
		if (ret < 0)
			return ret;
		if (w->flags & PT_WALK_TABLE_POST) {
			v.flags = PT_WALK_TABLE_POST;
			v.old = pte_read(v.ptep);
			v.kind = f->kind(pt, level, v.old);
			ret = w->fn(&v);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

/* [addr, addr + size) is non-empty and inside the input address space. */
static bool range_in_ia(const struct pt *pt, uint64_t addr, uint64_t size)
{
	if (!size || !range_ok(addr, size))
		return false;
	if (pt->ia_bits >= 64)
		return true;
	return addr + size - 1 < (1ull << pt->ia_bits);
}

int pt_walk(struct pt *pt, uint64_t addr, uint64_t size, unsigned flags, pt_visitor_fn fn,
	    void *arg)
{
	struct walker w = {
		.pt = pt, .first = addr, .last = addr + size - 1, .flags = flags, .fn = fn, .arg = arg,
	};

	if (!range_in_ia(pt, addr, size) || !fn)
		return -PT_EINVAL;
	return walk_table(&w, mm_phys_to_virt(pt->root), pt->start, 0, pt->root_bits);
}

/* ---------------------------------------------------------------------------
 * Cache
 */
void pt_cache_put(struct pt_cache *c, hpa_t pa, unsigned order)
{
	uint64_t *link = mm_phys_to_virt(pa);

	BUG_ON(order > PT_MAX_ORDER);
	*link = c->count[order] ? c->head[order].v : 0;
	c->head[order] = pa;
	c->count[order]++;
}

static hpa_t cache_pop(struct pt_cache *c, unsigned order)
{
	hpa_t pa = c->head[order];

	/* The operation checked the cache against its bound first. */
	BUG_ON(order > PT_MAX_ORDER || c->count[order] == 0);
	c->head[order].v = *(uint64_t *)mm_phys_to_virt(pa);
	c->count[order]--;
	return pa;
}

static bool cache_holds(const struct pt_cache *c, const struct pt_need *need)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		if (c->count[o] < need->n[o])
			return false;
	return true;
}

int pt_cache_topup(struct pt_cache *c, const struct pt_alloc *a, const struct pt_need *need)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++) {
		while (c->count[o] < need->n[o]) {
			hpa_t pa;

			if (a->alloc(a->ctx, 1u << o, PAGE_SIZE << o, &pa))
				return -PT_ENOMEM;
			pt_cache_put(c, pa, o);
		}
	}
	return 0;
}

void pt_cache_drain(struct pt_cache *c, const struct pt_alloc *a)
{
	for (unsigned o = 0; o <= PT_MAX_ORDER; o++)
		while (c->count[o])
			a->free(a->ctx, cache_pop(c, o), 1u << o);
}

/* ---------------------------------------------------------------------------
 * Bounds on the tables an operation creates. A table of level l is created
 * only below an entry of level l - 1 that the operation cannot make a leaf.
 */

/* Entries of 2^shift bytes overlapping [first, last]. */
static uint64_t entries_overlapped(uint64_t first, uint64_t last, unsigned shift)
{
	return (last >> shift) - (first >> shift) + 1;
}

/* Entries of 2^shift bytes only partly covered by [first, last] (0, 1 or 2). */
static uint64_t entries_partial(uint64_t first, uint64_t last, unsigned shift)
{
	uint64_t mask = (1ull << shift) - 1;
	uint64_t n = 0;

	if (first & mask)
		n++;
	if ((last & mask) != mask)
		n++;
	if (n == 2 && entries_overlapped(first, last, shift) == 1)
		n = 1;
	return n;
}

static void need_clear(struct pt_need *need)
{
	memset(need, 0, sizeof(*need));
}

void pt_need_map(const struct pt *pt, gpa_t ga, hpa_t pa, uint64_t size, struct pt_need *need)
{
	need_clear(need);
	if (!range_in_ia(pt, ga.v, size))
		return;
	uint64_t first = ga.v, last = ga.v + size - 1;

	for (unsigned l = pt->start + 1; l < pt->fmt->nlevels; l++) {
		unsigned p = l - 1, shift = lv_shift(pt, p);
		uint64_t n;

		if (leaf_allowed(pt, p) && !((ga.v ^ pa.v) & ((1ull << shift) - 1)))
			n = entries_partial(first, last, shift);
		else
			n = entries_overlapped(first, last, shift);
		need->n[pt->fmt->lv[l].order] += n;
	}
}

void pt_need_edges(const struct pt *pt, gpa_t ga, uint64_t size, struct pt_need *need)
{
	need_clear(need);
	if (!range_in_ia(pt, ga.v, size))
		return;
	for (unsigned l = pt->start + 1; l < pt->fmt->nlevels; l++)
		if (leaf_allowed(pt, l - 1))
			need->n[pt->fmt->lv[l].order] +=
				entries_partial(ga.v, ga.v + size - 1, lv_shift(pt, l - 1));
}

void pt_need_split(const struct pt *pt, gpa_t ga, uint64_t size, struct pt_need *need)
{
	need_clear(need);
	if (!range_in_ia(pt, ga.v, size))
		return;
	for (unsigned l = pt->start + 1; l < pt->fmt->nlevels; l++)
		if (leaf_allowed(pt, l - 1))
			need->n[pt->fmt->lv[l].order] +=
				entries_overlapped(ga.v, ga.v + size - 1, lv_shift(pt, l - 1));
}

/* ---------------------------------------------------------------------------
 * Operation context and the helpers that order changes, invalidation and
 * freeing.
 */
struct pt_op {
	struct pt *pt;
	struct pt_cache *cache;
	struct pt_flush *fl;
	struct pt_flush own_fl;
	unsigned ndefer;
	hpa_t defer[PT_DEFER_MAX];
	uint8_t defer_order[PT_DEFER_MAX];
	/* Arguments. */
	uint64_t first, last;
	uint64_t pa_off;	/* pa - ga, modulo 2^64 */
	unsigned prot, set, clear;
	uint64_t mask;		/* masked operations: bit i = page first + i * 4 KiB */
	uint64_t mask_base;
	bool clear_dirty;	/* masked: clear dirty state instead of write-protecting */
	pt_dirty_fn dirty_fn;
	void *dirty_arg;
	struct pt_xlate *xlate;
};

static void op_init(struct pt_op *op, struct pt *pt, struct pt_cache *c, struct pt_flush *fl)
{
	/* Field by field: the deferred-free array needs no clearing (hot in harvests). */
	op->pt = pt;
	op->cache = c;
	op->own_fl.pending = false;
	op->own_fl.leaf_table = NULL;
	op->own_fl.up_table = NULL;
	op->fl = fl ? fl : &op->own_fl;
	op->ndefer = 0;
	op->first = op->last = op->pa_off = 0;
	op->prot = op->set = op->clear = 0;
	op->mask = op->mask_base = 0;
	op->clear_dirty = false;
	op->dirty_fn = NULL;
	op->dirty_arg = NULL;
	op->xlate = NULL;
}

static void flush_add(struct pt_flush *fl, uint64_t addr, uint64_t span)
{
	uint64_t last = addr + span - 1;

	if (!fl->pending) {
		fl->lo = addr;
		fl->last = last;
		fl->pending = true;
		return;
	}
	if (addr < fl->lo)
		fl->lo = addr;
	if (last > fl->last)
		fl->last = last;
}

void pt_flush_commit(struct pt *pt, struct pt_flush *fl)
{
	fl->leaf_table = NULL;
	fl->up_table = NULL;
	if (!fl->pending)
		return;
	if (fl->lo == 0 && fl->last == UINT64_MAX)
		arch_pt_tlb_flush_all(pt);
	else
		arch_pt_tlb_flush_range(pt, fl->lo, fl->last - fl->lo + 1);
	fl->pending = false;
}

/* Invalidate what the operation changed, then recycle the tables it removed. */
static void op_release(struct pt_op *op)
{
	pt_flush_commit(op->pt, op->fl);
	for (unsigned i = 0; i < op->ndefer; i++) {
		if (op->cache)
			pt_cache_put(op->cache, op->defer[i], op->defer_order[i]);
		else
			op->pt->alloc.free(op->pt->alloc.ctx, op->defer[i], 1u << op->defer_order[i]);
	}
	op->ndefer = 0;
}

/*
 * Run a changing verb over [ga, ga + size): op set up by op_init and the verb,
 * its cache checked to hold all the walk takes, so the walk cannot fail.
 */
static void op_run(struct pt_op *op, gpa_t ga, uint64_t size, unsigned flags, pt_visitor_fn fn)
{
	int ret;

	op->first = ga.v;
	op->last = ga.v + size - 1;
	ret = pt_walk(op->pt, ga.v, size, flags, fn, op);
	op_release(op);
	BUG_ON(ret);
}

/* A table unlinked from the tree: free it once no TLB can reach it. */
static void defer_free(struct pt_op *op, hpa_t table, unsigned level)
{
	if (op->ndefer == PT_DEFER_MAX)
		op_release(op);
	op->defer[op->ndefer] = table;
	op->defer_order[op->ndefer] = op->pt->fmt->lv[level].order;
	op->ndefer++;
	op->pt->ntables--;
}

/*
 * Fill a table with the format's empty entry: through the arch's fast frame
 * zeroing (mm_zero_frames, e.g. DC ZVA) when that entry is 0 and the table
 * is whole frames (tables start on a frame), else entry by entry.
 */
static void table_clear(const struct pt *pt, hpa_t table, unsigned level, unsigned bits)
{
	pte_t *t;
	pte_t e = pt->empty[level];
	uint64_t n = 1ull << bits;

	if (!e && is_aligned(n * sizeof(pte_t), PAGE_SIZE)) {
		mm_zero_frames(table, (n * sizeof(pte_t)) >> PAGE_SHIFT);
		return;
	}
	t = mm_phys_to_virt(table);
	for (uint64_t i = 0; i < n; i++)
		t[i] = e;
}

static hpa_t table_new(struct pt_op *op, unsigned level)
{
	const struct pt_level *lv = &op->pt->fmt->lv[level];
	hpa_t t = cache_pop(op->cache, lv->order);

	table_clear(op->pt, t, level, lv->idx_bits);
	op->pt->ntables++;
	return t;
}

/*
 * Unlink every table below an entry that has been removed from the tree
 * (its translations already queued for invalidation, or broken). Bounded
 * recursion: one frame per level.
 */
static void subtree_free(struct pt_op *op, hpa_t table, unsigned level, bool now)
{
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	pte_t *t = mm_phys_to_virt(table);
	uint64_t n = 1ull << f->lv[level].idx_bits;

	BUG_ON(level >= f->nlevels || level >= PT_MAX_LEVELS);
	if (level < last_level(pt)) {
		for (uint64_t i = 0; i < n; i++)
			if (f->kind(pt, level, t[i]) == PT_KIND_TABLE)
				subtree_free(op, f->oa(pt, level, t[i]), level + 1, now);
	}
	if (now) {
		pt->alloc.free(pt->alloc.ctx, table, 1u << f->lv[level].order);
		pt->ntables--;
	} else {
		defer_free(op, table, level);
	}
}

/*
 * Replace a live entry by new (new may be the empty entry). remap: the output
 * address, size or type changes, which needs break-before-make where the
 * format says so. [lo, last] is what must be invalidated afterwards when no
 * break is needed. Returns the value replaced, hardware updates included.
 */
static pte_t live_replace_inval(struct pt_op *op, struct pt_visit *v, pte_t new, bool remap,
				uint64_t lo, uint64_t last)
{
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	pte_t empty, old;

	if (f->bbm == PT_BBM_ALWAYS || (remap && f->bbm == PT_BBM_REMAP)) {
		empty = pt->empty[v->level];
		old = arch_pt_break(pt, v->level, v->addr, v->ptep, empty);
		if (new != empty)
			pte_publish(v->ptep, new);
		return old;
	}
	old = pte_xchg(v->ptep, new);
	flush_add(op->fl, lo, last - lo + 1);
	return old;
}

static pte_t live_replace(struct pt_op *op, struct pt_visit *v, pte_t new, bool remap)
{
	return live_replace_inval(op, v, new, remap, v->addr, v->addr + (lv_span(op->pt, v->level) - 1));
}

/*
 * Update the live leaf *ptep (level, mapping addr) in place to
 * reprot(cur, set, clear), retried while hardware changes the entry under
 * us. Returns the value replaced; *newp gets the value written. *inval is
 * set when the caller must queue the entry's range for invalidation (changed
 * in place rather than broken).
 */
static inline __attribute__((always_inline)) pte_t
reprot_at(struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t cur, unsigned set,
	  unsigned clear, pte_t *newp, bool *inval)
{
	const struct pt_fmt *f = pt->fmt;
	pte_t new;

	for (;;) {
		new = f->reprot(pt, level, cur, set, clear);
		if (new == cur)
			break;
		if (f->bbm == PT_BBM_ALWAYS) {
			/* s390: the entry is invalidated (IPTE/IDTE) before it is rewritten. */
			pte_t seen = arch_pt_break(pt, level, addr, ptep, pt->empty[level]);

			if (seen != cur) {
				cur = seen;
				new = f->reprot(pt, level, cur, set, clear);
			}
			pte_publish(ptep, new);
			break;
		}
		if (pte_cmpxchg(ptep, &cur, new)) {
			*inval = true;
			break;
		}
	}
	*newp = new;
	return cur;
}

static pte_t leaf_reprot(struct pt_op *op, struct pt_visit *v, unsigned set, unsigned clear)
{
	bool inval = false;
	pte_t old = reprot_at(op->pt, v->level, v->addr, v->ptep, v->old, set, clear, &v->old, &inval);

	if (inval)
		flush_add(op->fl, v->addr, lv_span(op->pt, v->level));
	return old;
}

/* Attributes a child of a split leaf inherits. */
static void split_fill(struct pt_op *op, pte_t *t, unsigned level, pte_t leaf, unsigned plevel)
{
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	hpa_t oa = f->oa(pt, plevel, leaf);
	unsigned prot = f->prot(pt, plevel, leaf);
	uint64_t span = lv_span(pt, level), n = 1ull << f->lv[level].idx_bits;

	if (f->oa_linear) {
		pte_t e = f->mk_leaf(pt, level, oa, prot);

		for (uint64_t i = 0; i < n; i++, e += span)
			t[i] = e;
	} else {
		for (uint64_t i = 0; i < n; i++)
			t[i] = f->mk_leaf(pt, level, hpa(oa.v + i * span), prot);
	}
}

/*
 * Replace the live leaf at v (a block) by a table of the next level mapping
 * the same memory with the same attributes (dirty state included).
 */
static void leaf_split(struct pt_op *op, struct pt_visit *v)
{
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	unsigned cl = v->level + 1;
	hpa_t t;
	pte_t *tv, tent, cur;

	BUG_ON(cl >= f->nlevels || !leaf_allowed(pt, cl));
	t = table_new(op, cl);
	tv = mm_phys_to_virt(t);
	tent = f->mk_table(pt, v->level, t);
	if (f->bbm != PT_BBM_NEVER) {
		cur = arch_pt_break(pt, v->level, v->addr, v->ptep, pt->empty[v->level]);
		split_fill(op, tv, cl, cur, v->level);
		pte_publish(v->ptep, tent);
	} else {
		cur = v->old;
		do {
			split_fill(op, tv, cl, cur, v->level);
		} while (!pte_cmpxchg(v->ptep, &cur, tent));
		flush_add(op->fl, v->addr, lv_span(pt, v->level));
	}
	v->old = tent;
	v->kind = PT_KIND_TABLE;
}

/* Whole entry at v inside the operation's range. */
static inline bool covers(const struct pt_op *op, const struct pt_visit *v)
{
	return v->addr >= op->first && v->addr + (lv_span(op->pt, v->level) - 1) <= op->last;
}

/* ---------------------------------------------------------------------------
 * Create / destroy
 */
int pt_create(struct pt *pt, const struct pt_fmt *fmt, unsigned ia_bits, unsigned cfg,
	      const struct pt_alloc *a)
{
	unsigned s, bits, nframes;

	if (!pt || !fmt || !a || !a->alloc || !a->free)
		return -PT_EINVAL;
	if (fmt->nlevels == 0 || fmt->nlevels > PT_MAX_LEVELS || ia_bits < fmt->min_ia_bits ||
	    ia_bits > fmt->max_ia_bits || ia_bits > 64)
		return -PT_EINVAL;
	/* The format's geometry must chain: each level's span is the next level's table span. */
	BUG_ON(fmt->lv[fmt->nlevels - 1].shift != PAGE_SHIFT);
	for (unsigned l = 0; l + 1 < fmt->nlevels; l++)
		BUG_ON(fmt->lv[l].shift != fmt->lv[l + 1].shift + fmt->lv[l + 1].idx_bits ||
		       fmt->lv[l].order > PT_MAX_ORDER ||
		       (sizeof(pte_t) << fmt->lv[l].idx_bits) > (PAGE_SIZE << fmt->lv[l].order));
	memset(pt, 0, sizeof(*pt));
	pt->fmt = fmt;
	pt->cfg = cfg;
	pt->ia_bits = ia_bits;
	pt->alloc = *a;

	/*
	 * The deepest start level whose root (concatenated tables included)
	 * still spans ia_bits: fewest levels per walk.
	 */
	s = fmt->nlevels;
	for (unsigned l = 0; l < fmt->nlevels; l++)
		if (ia_bits > fmt->lv[l].shift &&
		    ia_bits - fmt->lv[l].shift <= fmt->lv[l].idx_bits + fmt->max_concat_bits)
			s = l;
	if (s == fmt->nlevels)
		return -PT_EINVAL;
	bits = ia_bits - fmt->lv[s].shift;
	pt->start = s;
	pt->root_bits = bits;
	pt->hw_dirty = cfg & PT_CFG_HWDIRTY;
	pt->leaf_mask = fmt->configure(pt);
	for (unsigned l = 0; l < fmt->nlevels; l++) {
		pt->empty[l] = fmt->empty(pt, l);
		/* Only levels the format marks leaf_ok, and only ones the tree reaches. */
		if (((pt->leaf_mask >> l) & 1) && (!fmt->lv[l].leaf_ok || l < s))
			pt->leaf_mask &= ~(1u << l);
	}
	if (!pt->leaf_mask || !(pt->leaf_mask & (1u << (fmt->nlevels - 1))))
		return -PT_EINVAL;

	/*
	 * A root smaller than a table still takes a whole table (s390 TL, arm64
	 * T0SZ); a concatenated one takes 8 << bits bytes, aligned to its size.
	 */
	nframes = 1u << fmt->lv[s].order;
	if (bits > fmt->lv[s].idx_bits && (sizeof(pte_t) << bits) / PAGE_SIZE > nframes)
		nframes = (unsigned)((sizeof(pte_t) << bits) / PAGE_SIZE);
	for (pt->root_order = 0; (1u << pt->root_order) < nframes; pt->root_order++)
		;
	if (a->alloc(a->ctx, 1u << pt->root_order, PAGE_SIZE << pt->root_order, &pt->root))
		return -PT_ENOMEM;
	table_clear(pt, pt->root, s, bits > fmt->lv[s].idx_bits ? bits : fmt->lv[s].idx_bits);
	pt->ntables = 1;
	return 0;
}

void pt_destroy(struct pt *pt)
{
	const struct pt_fmt *f = pt->fmt;
	struct pt_op op;
	pte_t *root;
	uint64_t n;
	unsigned rbits;

	if (!pt->ntables)
		return;
	op_init(&op, pt, NULL, NULL);
	arch_pt_tlb_flush_all(pt);
	root = mm_phys_to_virt(pt->root);
	rbits = pt->root_bits > f->lv[pt->start].idx_bits ? pt->root_bits : f->lv[pt->start].idx_bits;
	n = 1ull << rbits;
	if (pt->start < last_level(pt)) {
		for (uint64_t i = 0; i < n; i++)
			if (f->kind(pt, pt->start, root[i]) == PT_KIND_TABLE)
				subtree_free(&op, f->oa(pt, pt->start, root[i]), pt->start + 1, true);
	}
	pt->alloc.free(pt->alloc.ctx, pt->root, 1u << pt->root_order);
	pt->ntables--;
	BUG_ON(pt->ntables != 0);
	pt->root.v = 0;
}

uint64_t pt_root_reg(const struct pt *pt)
{
	return pt->fmt->root_reg(pt);
}

/* ---------------------------------------------------------------------------
 * Argument checks shared by the operations.
 */
static bool pages_ok(const struct pt *pt, uint64_t ga, uint64_t size)
{
	return is_aligned(ga, PAGE_SIZE) && is_aligned(size, PAGE_SIZE) && range_in_ia(pt, ga, size);
}

/* ---------------------------------------------------------------------------
 * Map
 */
static int map_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	unsigned l = v->level;
	uint64_t span = lv_span(pt, l);
	uint64_t pa = v->addr + op->pa_off;
	bool fits = leaf_allowed(pt, l) && covers(op, v) && !(pa & (span - 1));
	pte_t leaf, old;

	if (v->flags == PT_WALK_TABLE_PRE) {
		if (!fits)
			return 0;
		/* A whole table's range becomes one leaf: drop the subtree. */
		leaf = f->mk_leaf(pt, l, hpa(pa), op->prot);
		old = live_replace(op, v, leaf, true);
		subtree_free(op, f->oa(pt, l, old), l + 1, false);
		v->old = leaf;
		v->kind = PT_KIND_LEAF;
		return 0;
	}
	if (fits) {
		leaf = f->mk_leaf(pt, l, hpa(pa), op->prot);
		if (v->kind == PT_KIND_INVALID && f->oa_linear) {
			/* A run of empty entries: consecutive leaves differ by the span. */
			pte_t empty = pt->empty[l], *p = v->ptep;
			uint64_t rest = op->last - v->addr, n, i;

			/* Only entries wholly inside the range (the last one may not be). */
			n = (rest >> lv_shift(pt, l)) + ((rest & (span - 1)) == span - 1);
			if (n > v->nleft)
				n = v->nleft;
			pte_publish(&p[0], leaf);
			for (i = 1; i < n && pte_read(&p[i]) == empty; i++) {
				leaf += span;
				pte_publish(&p[i], leaf);
			}
			v->kind = PT_KIND_LEAF;
			return (int)i;
		}
		if (v->kind == PT_KIND_INVALID)
			pte_publish(v->ptep, leaf);
		else if (v->old != leaf)
			live_replace(op, v, leaf, f->oa(pt, l, v->old).v != pa ||
				     ((f->prot(pt, l, v->old) ^ op->prot) & PT_DEV));
		v->old = leaf;
		v->kind = PT_KIND_LEAF;
		return 0;
	}
	if (v->kind == PT_KIND_INVALID) {
		hpa_t t = table_new(op, l + 1);

		v->old = f->mk_table(pt, l, t);
		pte_publish(v->ptep, v->old);
		v->kind = PT_KIND_TABLE;
		return 0;
	}
	leaf_split(op, v);
	return 0;
}

static bool prot_ok(unsigned prot)
{
	return !(prot & ~PT_PROT_MASK) && (prot & PT_R);
}

int pt_map(struct pt *pt, struct pt_cache *c, gpa_t ga, hpa_t pa, uint64_t size, unsigned prot)
{
	struct pt_need need;
	struct pt_op op;

	if (!pages_ok(pt, ga.v, size) || !is_aligned(pa.v, PAGE_SIZE) || !range_ok(pa.v, size) ||
	    !prot_ok(prot) || !c)
		return -PT_EINVAL;
	if ((prot & PT_DEV) && (prot & PT_X))
		return -PT_EINVAL;
	pt_need_map(pt, ga, pa, size, &need);
	if (!cache_holds(c, &need))
		return -PT_ENOMEM;
	op_init(&op, pt, c, NULL);
	op.pa_off = pa.v - ga.v;
	op.prot = prot & pt->fmt->prot_caps;
	op_run(&op, ga, size, PT_WALK_LEAF | PT_WALK_TABLE_PRE, map_visit);
	return 0;
}

int pt_map_device(struct pt *pt, struct pt_cache *c, gpa_t ga, hpa_t pa, uint64_t size,
		  bool writable)
{
	return pt_map(pt, c, ga, pa, size, PT_R | PT_DEV | (writable ? PT_W : 0));
}

/* ---------------------------------------------------------------------------
 * Unmap
 */
static bool table_is_empty(const struct pt *pt, pte_t *t, unsigned level)
{
	const struct pt_fmt *f = pt->fmt;
	uint64_t n = 1ull << f->lv[level].idx_bits;

	for (uint64_t i = 0; i < n; i++)
		if (f->kind(pt, level, pte_read(&t[i])) != PT_KIND_INVALID)
			return false;
	return true;
}

/*
 * Remove a table entry whose subtree holds no leaf outside the operation's
 * range. Its leaves inside the range are invalidated with the range; cached
 * walks through the entry itself are dropped by invalidating any address it
 * spans (Arm ARM "TLB maintenance instructions": invalidation by IPA without
 * the last-level hint removes cached entries of every level of the walk for
 * that address; x86 flushes the whole tag and s390 uses IDTE), so
 * the range recorded is the part of its span the operation covers.
 */
static void table_entry_drop(struct pt_op *op, struct pt_visit *v)
{
	const struct pt_fmt *f = op->pt->fmt;
	uint64_t lo = v->addr > op->first ? v->addr : op->first;
	uint64_t last = v->addr + (lv_span(op->pt, v->level) - 1);
	pte_t old;

	if (last > op->last)
		last = op->last;
	old = live_replace_inval(op, v, op->pt->empty[v->level], false, lo, last);

	subtree_free(op, f->oa(op->pt, v->level, old), v->level + 1, false);
	v->old = op->pt->empty[v->level];
	v->kind = PT_KIND_INVALID;
}

static int unmap_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;

	switch (v->flags) {
	case PT_WALK_TABLE_PRE:
		if (covers(op, v))
			table_entry_drop(op, v);
		return 0;
	case PT_WALK_TABLE_POST:
		if (table_is_empty(pt, mm_phys_to_virt(f->oa(pt, v->level, v->old)), v->level + 1))
			table_entry_drop(op, v);
		return 0;
	default:
		if (v->kind == PT_KIND_INVALID)
			return 0;
		if (covers(op, v)) {
			live_replace(op, v, pt->empty[v->level], false);
			v->old = pt->empty[v->level];
			v->kind = PT_KIND_INVALID;
			return 0;
		}
		leaf_split(op, v);
		return 0;
	}
}

int pt_unmap(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size)
{
	struct pt_need need;
	struct pt_op op;

	if (!pages_ok(pt, ga.v, size) || !c)
		return -PT_EINVAL;
	pt_need_edges(pt, ga, size, &need);
	if (!cache_holds(c, &need))
		return -PT_ENOMEM;
	op_init(&op, pt, c, NULL);
	op_run(&op, ga, size, PT_WALK_LEAF | PT_WALK_TABLE_PRE | PT_WALK_TABLE_POST, unmap_visit);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Look-up
 */
static int lookup_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	const struct pt_fmt *f = op->pt->fmt;
	uint64_t span = lv_span(op->pt, v->level);

	if (v->kind != PT_KIND_LEAF)
		return -PT_ENOENT;
	op->xlate->pa = hpa(f->oa(op->pt, v->level, v->old).v + (op->first & (span - 1)));
	op->xlate->prot = f->prot(op->pt, v->level, v->old);
	op->xlate->level = v->level;
	op->xlate->size = span;
	return 0;
}

int pt_lookup(struct pt *pt, gpa_t ga, struct pt_xlate *x)
{
	struct pt_op op;

	if (!x || !range_in_ia(pt, ga.v, 1))
		return -PT_EINVAL;
	op_init(&op, pt, NULL, NULL);
	op.first = ga.v;
	op.xlate = x;
	return pt_walk(pt, ga.v, 1, PT_WALK_LEAF, lookup_visit, &op);
}

/* ---------------------------------------------------------------------------
 * Protect, split
 */
static void report_dirty(struct pt_op *op, const struct pt_visit *v, pte_t old, unsigned clear)
{
	const struct pt_fmt *f = op->pt->fmt;

	if (!op->pt->hw_dirty || !op->dirty_fn || !(clear & (PT_W | PT_DIRTY)))
		return;
	if (f->prot(op->pt, v->level, old) & PT_DIRTY)
		op->dirty_fn(op->dirty_arg, v->addr, lv_span(op->pt, v->level));
}

/* Leaf attributes after adding set and removing clear; dropping W drops dirty state. */
static void reprot_masks(unsigned *set, unsigned *clear)
{
	if (*clear & PT_W)
		*clear |= PT_DIRTY;
}

static int protect_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	struct pt *pt = op->pt;
	const struct pt_fmt *f = pt->fmt;
	const unsigned set = op->set, clear = op->clear, level = v->level;
	const uint64_t span = lv_span(pt, level);
	const uint64_t n = level == last_level(pt) ? v->nleft : 1;
	const bool report = pt->hw_dirty && op->dirty_fn && (clear & PT_DIRTY);
	uint64_t i, lo = 0, hi = 0;
	bool any = false;

	if (v->kind == PT_KIND_INVALID)
		return 0;
	if (!covers(op, v)) {
		leaf_split(op, v);
		return 0;
	}
	/* Every entry of a last-level run is inside the range and a leaf or empty. */
	for (i = 0; i < n; i++) {
		pte_t *p = v->ptep + i, e = pte_read(p), old, new;
		uint64_t addr = v->addr + i * span;
		unsigned s2 = set;
		bool inval = false;

		/* reprot leaves invalid entries unchanged: no separate kind check. */
		if ((set & PT_X) && (f->prot(pt, level, e) & PT_DEV))
			s2 &= ~PT_X;	/* device memory never becomes executable */
		old = reprot_at(pt, level, addr, p, e, s2, clear, &new, &inval);
		if (inval) {
			if (!any)
				lo = addr;
			hi = addr + (span - 1);
			any = true;
		}
		if (report && (f->prot(pt, level, old) & PT_DIRTY))
			op->dirty_fn(op->dirty_arg, addr, span);
	}
	if (any)
		flush_add(op->fl, lo, hi - lo + 1);
	v->kind = PT_KIND_LEAF;
	return (int)i;
}

int pt_protect(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size, unsigned set,
	       unsigned clear, pt_dirty_fn dirty_fn, void *dirty_arg)
{
	struct pt_need need;
	struct pt_op op;

	if (!pages_ok(pt, ga.v, size) || !c || ((set | clear) & ~PT_RWX) || (clear & PT_R) ||
	    (set & clear))
		return -PT_EINVAL;
	pt_need_edges(pt, ga, size, &need);
	if (!cache_holds(c, &need))
		return -PT_ENOMEM;
	op_init(&op, pt, c, NULL);
	op.set = set;
	op.clear = clear;
	reprot_masks(&op.set, &op.clear);
	op.dirty_fn = dirty_fn;
	op.dirty_arg = dirty_arg;
	op_run(&op, ga, size, PT_WALK_LEAF, protect_visit);
	return 0;
}

static int split_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;

	if (v->kind == PT_KIND_LEAF && v->level < last_level(op->pt)) {
		leaf_split(op, v);
		/* Children at the last level are pages already. */
		v->descend = v->level + 1 < last_level(op->pt);
	}
	return 0;
}

int pt_split(struct pt *pt, struct pt_cache *c, gpa_t ga, uint64_t size)
{
	struct pt_need need;
	struct pt_op op;

	if (!pages_ok(pt, ga.v, size) || !c)
		return -PT_EINVAL;
	pt_need_split(pt, ga, size, &need);
	if (!cache_holds(c, &need))
		return -PT_ENOMEM;
	op_init(&op, pt, c, NULL);
	op_run(&op, ga, size, PT_WALK_LEAF, split_visit);
	return 0;
}

/* ---------------------------------------------------------------------------
 * Masked write-protect / dirty clearing, dirty collection. No allocation, no
 * table freed: invalidation goes to the caller's pt_flush.
 */
static int masked_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	struct pt *pt = op->pt;
	uint64_t span = lv_span(pt, v->level);
	unsigned clear;
	pte_t old;

	if (v->kind != PT_KIND_LEAF)
		return 0;
	if (v->level == last_level(pt)) {
		if (!((op->mask >> ((v->addr - op->mask_base) >> PAGE_SHIFT)) & 1))
			return 0;
	} else {
		/* A block: act on it whole if any selected page is inside. */
		uint64_t lo = v->addr < op->mask_base ? 0 : (v->addr - op->mask_base) >> PAGE_SHIFT;
		uint64_t hi = (v->addr + span - 1 - op->mask_base) >> PAGE_SHIFT;
		uint64_t sel = hi >= 63 ? ~0ull : (2ull << hi) - 1;

		sel &= ~((1ull << lo) - 1);
		if (!(op->mask & sel))
			return 0;
	}
	clear = (op->clear_dirty && pt->hw_dirty) ? PT_DIRTY : (PT_W | PT_DIRTY);
	old = leaf_reprot(op, v, 0, clear);
	report_dirty(op, v, old, clear);
	return 0;
}

/*
 * The last-level table mapping addr, or NULL if a leaf or a hole is met
 * above it; remembered in fl (with the table above it, so the next miss
 * nearby costs one level).
 */
static inline __attribute__((always_inline)) pte_t *
leaf_table_find(struct pt *pt, struct pt_flush *fl, uint64_t addr)
{
	const struct pt_fmt *f = pt->fmt;
	const unsigned last = last_level(pt);
	unsigned level = pt->start, bits = pt->root_bits;
	pte_t *t = NULL;
	uint64_t span;

	if (fl->up_table && addr >= fl->up_base && addr <= fl->up_last) {
		/* One level: the entry above the wanted last-level table. */
		pte_t e = pte_read(&fl->up_table[(addr - fl->up_base) >> lv_shift(pt, last - 1)]);

		if (f->kind(pt, last - 1, e) != PT_KIND_TABLE)
			return NULL;
		span = 1ull << (lv_shift(pt, last) + f->lv[last].idx_bits);
		fl->leaf_table = mm_phys_to_virt(f->oa(pt, last - 1, e));
		fl->leaf_base = addr & ~(span - 1);
		fl->leaf_last = fl->leaf_base + (span - 1);
		return fl->leaf_table;
	}
	t = mm_phys_to_virt(pt->root);
	for (; level < last; level++) {
		pte_t e = pte_read(&t[(addr >> lv_shift(pt, level)) & ((1ull << bits) - 1)]);

		if (level == last - 1) {
			span = 1ull << (lv_shift(pt, level) + bits);
			fl->up_table = t;
			fl->up_base = addr & ~(span - 1);
			fl->up_last = fl->up_base + (span - 1);
		}
		if (f->kind(pt, level, e) != PT_KIND_TABLE)
			return NULL;
		t = mm_phys_to_virt(f->oa(pt, level, e));
		bits = f->lv[level + 1].idx_bits;
	}
	span = 1ull << (lv_shift(pt, last) + bits);
	fl->leaf_table = t;
	fl->leaf_base = addr & ~(span - 1);
	fl->leaf_last = fl->leaf_base + (span - 1);
	return t;
}

/* Masked operation through the generic walker (selected pages not all in one leaf table). */
static __attribute__((noinline)) void masked_slow(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask,
			bool clear_dirty, pt_dirty_fn dirty_fn, void *dirty_arg, uint64_t first,
			uint64_t last)
{
	struct pt_op op;
	int ret;

	op_init(&op, pt, NULL, fl);
	op.mask = mask;
	op.mask_base = base.v;
	op.clear_dirty = clear_dirty;
	op.dirty_fn = dirty_fn;
	op.dirty_arg = dirty_arg;
	ret = pt_walk(pt, first, last - first + 1, PT_WALK_LEAF, masked_visit, &op);
	BUG_ON(ret || op.ndefer);
}

static inline __attribute__((always_inline)) void
masked_op(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask, bool clear_dirty,
	  pt_dirty_fn dirty_fn, void *dirty_arg)
{
	const struct pt_fmt *f = pt->fmt;
	const unsigned level = last_level(pt);
	const unsigned clear = (clear_dirty && pt->hw_dirty) ? PT_DIRTY : (PT_W | PT_DIRTY);
	uint64_t first, last;
	bool inval = false;
	pte_t *t;

	if (!mask || (base.v & (PAGE_SIZE - 1)))
		return;
	first = base.v + ((uint64_t)__builtin_ctzll(mask) << PAGE_SHIFT);
	last = base.v + ((uint64_t)(63 - __builtin_clzll(mask)) << PAGE_SHIFT) + (PAGE_SIZE - 1);
	if (last < first)
		return;		/* wraps */

	/* Fast path: all selected pages in the last-level table used last (the usual case). */
	if (!fl->leaf_table || first < fl->leaf_base || last > fl->leaf_last) {
		if (!range_in_ia(pt, first, last - first + 1))
			return;
		t = lv_shift(pt, level) == PAGE_SHIFT ? leaf_table_find(pt, fl, first) : NULL;
		if (!t || last > fl->leaf_last) {
			fl->leaf_table = NULL;
			masked_slow(pt, fl, base, mask, clear_dirty, dirty_fn, dirty_arg, first, last);
			return;
		}
	}
	t = fl->leaf_table;
	for (uint64_t m = mask; m; m &= m - 1) {
		uint64_t addr = base.v + ((uint64_t)__builtin_ctzll(m) << PAGE_SHIFT);
		/* addr >= first >= leaf_base: index from the page, not from base (base may precede the table). */
		pte_t *p = &t[(addr - fl->leaf_base) >> PAGE_SHIFT], e = pte_read(p), old, new;

		/* reprot leaves non-leaf entries unchanged: no separate kind check. */
		old = reprot_at(pt, level, addr, p, e, 0, clear, &new, &inval);
		if (dirty_fn && pt->hw_dirty && (f->prot(pt, level, old) & PT_DIRTY))
			dirty_fn(dirty_arg, addr, PAGE_SIZE);
	}
	/* Invalidate from the first to the last selected page. */
	if (inval)
		flush_add(fl, first, last - first + 1);
}

void pt_harvest_bitmap(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t *bits,
		       uint64_t *snap, uint64_t nwords, bool clear_dirty, pt_dirty_fn dirty_fn,
		       void *dirty_arg)
{
	const struct pt_fmt *f = pt->fmt;
	const unsigned level = last_level(pt);
	const unsigned clear = (clear_dirty && pt->hw_dirty) ? PT_DIRTY : (PT_W | PT_DIRTY);
	const uint64_t wspan = 64 * PAGE_SIZE;
	/* The table walk below needs a page-aligned slot inside the tree, with 4 KiB pages last. */
	const bool direct = !(base.v & (PAGE_SIZE - 1)) && nwords && nwords <= (UINT64_MAX / wspan) &&
			    range_in_ia(pt, base.v, nwords * wspan) && lv_shift(pt, level) == PAGE_SHIFT;
	uint64_t lo = 0, hi = 0;
	bool any = false;

	for (uint64_t i = 0; i < nwords; i++) {
		uint64_t m, wbase = base.v + i * wspan;
		bool inval = false;
		pte_t *t;

		if (!__atomic_load_n(&bits[i], __ATOMIC_RELAXED)) {
			snap[i] = 0;
			continue;
		}
		m = __atomic_exchange_n(&bits[i], 0, __ATOMIC_ACQ_REL);
		snap[i] = m;
		if (!m)
			continue;
		/* The word's 64 pages in the remembered last-level table: handled here. */
		if (!fl->leaf_table || wbase < fl->leaf_base || wbase + (wspan - 1) > fl->leaf_last) {
			if (!direct || !leaf_table_find(pt, fl, wbase) || wbase + (wspan - 1) > fl->leaf_last) {
				fl->leaf_table = NULL;
				masked_op(pt, fl, gpa(wbase), m, clear_dirty, dirty_fn, dirty_arg);
				continue;
			}
		}
		t = fl->leaf_table + ((wbase - fl->leaf_base) >> PAGE_SHIFT);
		for (uint64_t mm = m; mm; mm &= mm - 1) {
			unsigned bit = (unsigned)__builtin_ctzll(mm);
			uint64_t addr = wbase + ((uint64_t)bit << PAGE_SHIFT);
			pte_t old, new;

			old = reprot_at(pt, level, addr, &t[bit], pte_read(&t[bit]), 0, clear, &new, &inval);
			if (dirty_fn && pt->hw_dirty && (f->prot(pt, level, old) & PT_DIRTY))
				dirty_fn(dirty_arg, addr, PAGE_SIZE);
		}
		if (inval) {
			if (!any)
				lo = wbase + ((uint64_t)__builtin_ctzll(m) << PAGE_SHIFT);
			hi = wbase + ((uint64_t)(63 - __builtin_clzll(m)) << PAGE_SHIFT) + (PAGE_SIZE - 1);
			any = true;
		}
	}
	if (any)
		flush_add(fl, lo, hi - lo + 1);
}

void pt_wp_masked(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask,
		  pt_dirty_fn dirty_fn, void *dirty_arg)
{
	masked_op(pt, fl, base, mask, false, dirty_fn, dirty_arg);
}

void pt_clear_dirty_masked(struct pt *pt, struct pt_flush *fl, gpa_t base, uint64_t mask,
			   pt_dirty_fn dirty_fn, void *dirty_arg)
{
	masked_op(pt, fl, base, mask, true, dirty_fn, dirty_arg);
}

static int collect_visit(struct pt_visit *v)
{
	struct pt_op *op = v->arg;
	pte_t old;

	if (v->kind != PT_KIND_LEAF || !(op->pt->fmt->prot(op->pt, v->level, v->old) & PT_DIRTY))
		return 0;
	old = leaf_reprot(op, v, 0, PT_DIRTY);
	report_dirty(op, v, old, PT_DIRTY);
	return 0;
}

void pt_collect_dirty(struct pt *pt, struct pt_flush *fl, gpa_t ga, uint64_t size,
		      pt_dirty_fn dirty_fn, void *dirty_arg)
{
	struct pt_op op;
	int ret;

	if (!pt->hw_dirty || !pages_ok(pt, ga.v, size))
		return;
	op_init(&op, pt, NULL, fl);
	op.dirty_fn = dirty_fn;
	op.dirty_arg = dirty_arg;
	ret = pt_walk(pt, ga.v, size, PT_WALK_LEAF, collect_visit, &op);
	BUG_ON(ret || op.ndefer);
}
