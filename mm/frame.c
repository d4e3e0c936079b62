// SPDX-License-Identifier: MIT
/*
 * The physical frame allocator: one bitmap per RAM range (bit set = frame
 * allocated, reserved, or holding the bitmap itself), first-fit search for
 * contiguous aligned runs. Owns struct frame_pool's ranges and bitmaps.
 *
 * All arithmetic is on frame numbers (pfn = pa >> PAGE_SHIFT), so a RAM range
 * ending at 2^64 - 1 cannot make an end address wrap. frame_pool_init()
 * validates its inputs before it writes anything; frame_alloc() and
 * frame_free() check a whole run under the lock before changing a bit.
 */
#include "hyp/log.h"
#include "mm/frame.h"

#define BITS_PER_WORD	64u

/* Frames [first, end) covered entirely by [base, base + size). */
static bool whole_frames(uint64_t base, uint64_t size, uint64_t *first, uint64_t *end)
{
	uint64_t last;

	if (!size || !range_ok(base, size))
		return false;
	last = base + size - 1;
	*first = (base >> PAGE_SHIFT) + !is_aligned(base, PAGE_SIZE);
	*end = (last >> PAGE_SHIFT) + ((last & (PAGE_SIZE - 1)) == PAGE_SIZE - 1);
	return *first < *end;
}

/* Frames [first, end) touched by any byte of [base, base + size). */
static bool touched_frames(uint64_t base, uint64_t size, uint64_t *first, uint64_t *end)
{
	if (!size || !range_ok(base, size))
		return false;
	*first = base >> PAGE_SHIFT;
	*end = ((base + size - 1) >> PAGE_SHIFT) + 1;
	return true;
}

static inline uint64_t range_first_pfn(const struct frame_range *r)
{
	return r->base >> PAGE_SHIFT;
}

/* Frames the bitmap of an n-frame range occupies. */
static uint64_t bitmap_frames(uint64_t nframes)
{
	uint64_t words = (nframes + BITS_PER_WORD - 1) / BITS_PER_WORD;

	return (words * sizeof(uint64_t) + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Population count without a builtin: libgcc's may use SIMD registers. */
static unsigned int popcount64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (unsigned int)((x * 0x0101010101010101ull) >> 56);
}

/* Mask of bits [lo, hi) within one word, 0 <= lo < hi <= 64. */
static inline uint64_t word_mask(unsigned int lo, unsigned int hi)
{
	uint64_t m = hi == BITS_PER_WORD ? ~0ull : (1ull << hi) - 1;

	return m & ~((1ull << lo) - 1);
}

/* Set (val) or clear bits [from, to) of a bitmap. */
static void bits_assign(uint64_t *bm, uint64_t from, uint64_t to, bool val)
{
	while (from < to) {
		uint64_t w = from / BITS_PER_WORD;
		unsigned int lo = from % BITS_PER_WORD;
		unsigned int hi = to - w * BITS_PER_WORD >= BITS_PER_WORD ?
				  BITS_PER_WORD : (unsigned int)(to - w * BITS_PER_WORD);
		uint64_t m = word_mask(lo, hi);

		bm[w] = val ? bm[w] | m : bm[w] & ~m;
		from = w * BITS_PER_WORD + hi;
	}
}

/* Set the bits of m in *w; returns how many of them were clear. */
static inline uint64_t word_set(uint64_t *w, uint64_t m)
{
	uint64_t newly = m & ~*w;

	*w |= m;
	return newly ? popcount64(newly) : 0;
}

/*
 * Set bits [from, to) of a bitmap, whole words at a time in the middle;
 * returns how many of them were clear before (so overlapping runs are
 * counted once).
 */
static uint64_t bits_set_count(uint64_t *bm, uint64_t from, uint64_t to)
{
	uint64_t w, wend, n = 0;
	unsigned int lo, hi;

	if (from >= to)
		return 0;
	w = from / BITS_PER_WORD;
	wend = to / BITS_PER_WORD;
	lo = from % BITS_PER_WORD;
	hi = to % BITS_PER_WORD;
	if (w == wend)
		return word_set(&bm[w], word_mask(lo, hi));
	if (lo)
		n += word_set(&bm[w++], word_mask(lo, BITS_PER_WORD));
	for (; w < wend; w++) {
		uint64_t old = bm[w];

		n += old ? BITS_PER_WORD - popcount64(old) : BITS_PER_WORD;
		bm[w] = ~0ull;
	}
	if (hi)
		n += word_set(&bm[w], word_mask(0, hi));
	return n;
}

/* First index in [from, to) whose bit equals val, or to. */
static uint64_t bits_find(const uint64_t *bm, uint64_t from, uint64_t to, bool val)
{
	while (from < to) {
		uint64_t w = from / BITS_PER_WORD;
		unsigned int lo = from % BITS_PER_WORD;
		uint64_t word = val ? bm[w] : ~bm[w];

		word &= word_mask(lo, BITS_PER_WORD);
		if (word) {
			uint64_t i = w * BITS_PER_WORD + (uint64_t)__builtin_ctzll(word);

			return i < to ? i : to;
		}
		from = (w + 1) * BITS_PER_WORD;
	}
	return to;
}

/*
 * Lowest pfn >= from such that [pfn, pfn + n) lies in [from, end) and touches
 * no reserved range; end if there is none. Each pass moves past one reserved
 * range, so at most nrsv + 1 passes.
 */
static uint64_t first_unreserved_run(const struct frame_pool *p, uint64_t from, uint64_t end, uint64_t n)
{
	uint64_t cand = from;
	unsigned int pass, i;

	for (pass = 0; pass <= p->nrsv; pass++) {
		bool moved = false;

		if (n > end - cand)
			return end;
		for (i = 0; i < p->nrsv; i++) {
			uint64_t rf, re;

			if (touched_frames(p->rsv[i].base, p->rsv[i].size, &rf, &re) &&
			    rf < cand + n && cand < re) {
				cand = re;
				moved = true;
				if (cand >= end || n > end - cand)
					return end;
			}
		}
		if (!moved)
			return cand;
	}
	return end;
}

int frame_pool_init(struct frame_pool *p, const struct boot_range *mem, unsigned int nmem,
		    const struct boot_rsv *rsv, unsigned int nrsv)
{
	uint64_t first[FRAME_MAX_RANGES], end[FRAME_MAX_RANGES], total = 0;
	unsigned int i, j, n = 0;

	/* Validate: table sizes, no wrapping or overlapping RAM. */
	if (nmem > FRAME_MAX_RANGES || nrsv > FRAME_MAX_RSV)
		return -1;
	for (i = 0; i < nmem; i++) {
		if (!range_ok(mem[i].base, mem[i].size))
			return -1;
		for (j = 0; j < i; j++)
			if (ranges_overlap(mem[i].base, mem[i].size, mem[j].base, mem[j].size))
				return -1;
	}
	for (i = 0; i < nrsv; i++)
		if (!range_ok(rsv[i].base, rsv[i].size))
			return -1;

	/* Only what is read later: range[nranges..] and rsv[nrsv..] stay unused. */
	p->lock = (struct spinlock)SPINLOCK_INIT;
	p->nranges = 0;
	for (i = 0; i < nrsv; i++)
		p->rsv[i] = (struct boot_range){ rsv[i].base, rsv[i].size };
	p->nrsv = nrsv;

	/* Whole frames of each RAM range, sorted by address. */
	for (i = 0; i < nmem; i++) {
		uint64_t f, e;

		if (!whole_frames(mem[i].base, mem[i].size, &f, &e))
			continue;
		for (j = n; j > 0 && first[j - 1] > f; j--) {
			first[j] = first[j - 1];
			end[j] = end[j - 1];
		}
		first[j] = f;
		end[j] = e;
		n++;
	}

	for (i = 0; i < n; i++) {
		struct frame_range *r = &p->range[p->nranges];
		uint64_t nframes = end[i] - first[i], used;
		uint64_t nbm = bitmap_frames(nframes);
		uint64_t bm = first_unreserved_run(p, first[i], end[i], nbm);

		if (bm >= end[i])
			continue;	/* cannot hold its own bitmap: leave it out */
		r->base = first[i] << PAGE_SHIFT;
		r->nframes = nframes;
		r->bitmap = mm_phys_to_virt(hpa(bm << PAGE_SHIFT));
		/*
		 * Whole frames, so the fast zeroing hook applies; the bits
		 * past nframes stay clear. In use = the bitmap's own frames
		 * plus every reserved frame, each counted once however the
		 * reserved ranges overlap.
		 */
		mm_zero_frames(hpa(bm << PAGE_SHIFT), nbm);
		used = bits_set_count(r->bitmap, bm - first[i], bm - first[i] + nbm);
		for (j = 0; j < nrsv; j++) {
			uint64_t rf, re;

			if (!touched_frames(rsv[j].base, rsv[j].size, &rf, &re) ||
			    re <= first[i] || rf >= end[i])
				continue;
			used += bits_set_count(r->bitmap, (rf > first[i] ? rf : first[i]) - first[i],
					       (re < end[i] ? re : end[i]) - first[i]);
		}
		r->nfree = nframes - used;
		total += r->nfree;
		p->nranges++;
	}
	return total ? 0 : -1;
}

/* Lowest aligned run of count free frames in r; its pfn, or false. */
static bool range_find_run(const struct frame_range *r, uint64_t count, uint64_t apfn, uint64_t *pfn)
{
	uint64_t first = range_first_pfn(r), end = first + r->nframes;
	uint64_t cand = align_up(first, apfn);

	if (r->nfree < count)
		return false;
	while (cand < end && count <= end - cand) {
		uint64_t busy = bits_find(r->bitmap, cand - first, cand - first + count, true);
		uint64_t free;

		if (busy == cand - first + count) {
			*pfn = cand;
			return true;
		}
		free = bits_find(r->bitmap, busy + 1, r->nframes, false);
		if (free >= r->nframes)
			return false;
		cand = align_up(first + free, apfn);
	}
	return false;
}

int frame_alloc_uninit(struct frame_pool *p, unsigned int count, uint64_t align, hpa_t *pa)
{
	uint64_t apfn, pfn = 0;
	unsigned int i;
	bool found = false;

	if (!count || align < PAGE_SIZE || !is_pow2(align))
		return -1;
	apfn = align >> PAGE_SHIFT;

	spin_lock(&p->lock);
	for (i = 0; i < p->nranges && !found; i++) {
		struct frame_range *r = &p->range[i];

		if (range_find_run(r, count, apfn, &pfn)) {
			bits_assign(r->bitmap, pfn - range_first_pfn(r), pfn - range_first_pfn(r) + count, true);
			r->nfree -= count;
			found = true;
		}
	}
	spin_unlock(&p->lock);

	if (!found)
		return -1;
	*pa = hpa(pfn << PAGE_SHIFT);
	return 0;
}

int frame_alloc(struct frame_pool *p, unsigned int count, uint64_t align, hpa_t *pa)
{
	if (frame_alloc_uninit(p, count, align, pa))
		return -1;
	/* The run is ours now: zero it without holding the lock. */
	mm_zero_frames(*pa, count);
	return 0;
}

/* Why a frame_free() is refused (0 = it is fine). */
enum free_bug {
	FREE_OK,
	FREE_BAD_ARGS,		/* unaligned address or count 0 */
	FREE_NOT_IN_POOL,	/* run not inside one range */
	FREE_RESERVED,		/* run touches a reserved range or a bitmap */
	FREE_NOT_ALLOCATED,	/* a frame of the run is already free */
};

static enum free_bug check_free(struct frame_pool *p, uint64_t addr, unsigned int count,
				struct frame_range **out)
{
	uint64_t pfn = addr >> PAGE_SHIFT;
	unsigned int i, j;

	if (!count || !is_aligned(addr, PAGE_SIZE))
		return FREE_BAD_ARGS;
	for (i = 0; i < p->nranges; i++) {
		struct frame_range *r = &p->range[i];
		uint64_t first = range_first_pfn(r), bm, rel;

		if (pfn < first || pfn - first >= r->nframes)
			continue;
		rel = pfn - first;
		if (count > r->nframes - rel)
			return FREE_NOT_IN_POOL;
		bm = mm_virt_to_phys(r->bitmap).v >> PAGE_SHIFT;
		if (bm < pfn + count && pfn < bm + bitmap_frames(r->nframes))
			return FREE_RESERVED;
		for (j = 0; j < p->nrsv; j++) {
			uint64_t rf, re;

			if (touched_frames(p->rsv[j].base, p->rsv[j].size, &rf, &re) &&
			    rf < pfn + count && pfn < re)
				return FREE_RESERVED;
		}
		if (bits_find(r->bitmap, rel, rel + count, false) != rel + count)
			return FREE_NOT_ALLOCATED;
		*out = r;
		return FREE_OK;
	}
	return FREE_NOT_IN_POOL;
}

void frame_free(struct frame_pool *p, hpa_t pa, unsigned int count)
{
	struct frame_range *r = NULL;
	enum free_bug why;

	spin_lock(&p->lock);
	why = check_free(p, pa.v, count, &r);
	if (why == FREE_OK) {
		uint64_t rel = (pa.v >> PAGE_SHIFT) - range_first_pfn(r);

		bits_assign(r->bitmap, rel, rel + count, false);
		r->nfree += count;
	}
	spin_unlock(&p->lock);

	/* Checked before anything changed: the pool is intact when these fire. */
	BUG_ON(why == FREE_BAD_ARGS);
	BUG_ON(why == FREE_NOT_IN_POOL);
	BUG_ON(why == FREE_RESERVED);
	BUG_ON(why == FREE_NOT_ALLOCATED);
}

uint64_t frame_pool_free(struct frame_pool *p)
{
	uint64_t n = 0;
	unsigned int i;

	spin_lock(&p->lock);
	for (i = 0; i < p->nranges; i++)
		n += p->range[i].nfree;
	spin_unlock(&p->lock);
	return n;
}
