// SPDX-License-Identifier: MIT
/*
 * VMID / ASID generations (see hyp/vmid.h for the scheme and its guarantees).
 *
 * Invariants, under s->lock:
 *  - map has a bit for every pinned id, every id reserved by a CPU, and every
 *    id handed out in the current generation;
 *  - a tag of the current generation is never held by two partitions;
 *  - after a rollover every CPU is in flush_pending until its next vmid_get().
 */
#include <stddef.h>
#include <string.h>
#include "hyp/vmid.h"

static inline bool map_test(const uint64_t *m, uint32_t i) { return (m[i / 64] >> (i % 64)) & 1; }
static inline void map_set(uint64_t *m, uint32_t i) { m[i / 64] |= 1ull << (i % 64); }

static inline uint32_t nids(const struct vmid_space *s) { return 1u << s->bits; }

static inline bool tag_current(const struct vmid_space *s, uint64_t tag)
{
	uint64_t gen = __atomic_load_n(&s->generation, __ATOMIC_RELAXED);

	return tag && (tag >> s->bits) == (gen >> s->bits);
}

_Static_assert(offsetof(struct vmid_space, pinned) == offsetof(struct vmid_space, map) + sizeof(((struct vmid_space *)0)->map),
	       "vmid_space_init: map, then pinned");

/* Bytes of an id map that hold 2^bits ids. */
static size_t map_bytes(unsigned int bits)
{
	return (size_t)(((1ull << bits) + 63) / 64) * sizeof(uint64_t);
}

int vmid_space_init(struct vmid_space *s, unsigned int bits, unsigned int first, unsigned int ncpus)
{
	if (bits < 1 || bits > VMID_MAX_BITS || first > 1 || ncpus < 1 || ncpus > VMID_MAX_CPUS)
		return VMID_ERR_PARAM;
	/* Each CPU may keep one id across a rollover; one more must stay free. */
	if ((1u << bits) - first <= ncpus)
		return VMID_ERR_PARAM;
	/* Everything but the id maps' words beyond 2^bits ids, which nothing reads (16-bit maps are 16 KiB). */
	memset(s, 0, offsetof(struct vmid_space, map));
	memset(s->map, 0, map_bytes(bits));
	memset(s->pinned, 0, map_bytes(bits));
	memset((char *)s + offsetof(struct vmid_space, pinned) + sizeof(s->pinned), 0,
	       sizeof(*s) - offsetof(struct vmid_space, pinned) - sizeof(s->pinned));
	s->bits = bits;
	s->first = first;
	s->ncpus = ncpus;
	s->lock = (struct spinlock)SPINLOCK_INIT;
	s->next = first;
	s->generation = 1ull << bits;
	return VMID_OK;
}

int vmid_pin(struct vmid_space *s, struct vmid *v, uint32_t id)
{
	int ret = VMID_OK;

	spin_lock(&s->lock);
	if (id < s->first || id >= nids(s))
		ret = VMID_ERR_RANGE;
	else if (map_test(s->map, id) || s->rollovers || v->tag)
		ret = VMID_ERR_TAKEN;
	else if (nids(s) - s->first - (s->npinned + 1) <= s->ncpus)
		ret = VMID_ERR_FULL;
	if (ret == VMID_OK) {
		map_set(s->map, id);
		map_set(s->pinned, id);
		s->npinned++;
		v->pinned = true;
		/* Generation bits of a pinned tag are never compared. */
		__atomic_store_n(&v->tag, __atomic_load_n(&s->generation, __ATOMIC_RELAXED) | id,
				 __ATOMIC_RELAXED);
	}
	spin_unlock(&s->lock);
	return ret;
}

/*
 * Start a new generation (lock held): keep the ids CPUs are running (or ran
 * last, if a CPU has not entered a guest since the previous rollover) and the
 * pinned ones; free everything else; make every CPU flush before its next
 * guest entry.
 */
static void new_generation(struct vmid_space *s)
{
	unsigned int cpu;

	memcpy(s->map, s->pinned, sizeof(s->map));
	for (cpu = 0; cpu < s->ncpus; cpu++) {
		uint64_t tag = __atomic_exchange_n(&s->active[cpu], 0, __ATOMIC_RELAXED);

		if (tag == 0)
			tag = s->reserved[cpu];
		if (tag)
			map_set(s->map, vmid_id(s, tag));
		s->reserved[cpu] = tag;
	}
	__atomic_store_n(&s->flush_pending, (s->ncpus == 64) ? ~0ull : (1ull << s->ncpus) - 1,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&s->generation, s->generation + nids(s), __ATOMIC_RELEASE);
	s->next = s->first;
	s->rollovers++;
}

/* If some CPU reserved `tag`, move every such reservation to `newtag`. */
static bool update_reserved(struct vmid_space *s, uint64_t tag, uint64_t newtag)
{
	bool hit = false;
	unsigned int cpu;

	for (cpu = 0; cpu < s->ncpus; cpu++) {
		if (s->reserved[cpu] == tag) {
			s->reserved[cpu] = newtag;
			hit = true;
		}
	}
	return hit;
}

/* A tag of the current generation for v (lock held). */
static uint64_t new_tag(struct vmid_space *s, struct vmid *v)
{
	uint64_t old = __atomic_load_n(&v->tag, __ATOMIC_RELAXED);
	uint32_t id, n = nids(s);

	if (old) {
		/* Keep the same id if this generation still has it for us. */
		uint64_t tag = s->generation | vmid_id(s, old);

		if (update_reserved(s, old, tag))
			return tag;
		id = vmid_id(s, old);
		if (!map_test(s->map, id)) {
			map_set(s->map, id);
			return tag;
		}
	}
	for (;;) {
		for (id = s->next; id < n; id++)
			if (!map_test(s->map, id))
				goto found;
		/* Exhausted: vmid_space_init() guarantees the new generation has a free id. */
		new_generation(s);
	}
found:
	map_set(s->map, id);
	s->next = id + 1;
	return s->generation | id;
}

uint32_t vmid_get(struct vmid_space *s, struct vmid *v, unsigned int cpu, bool *flush_local)
{
	uint64_t tag = __atomic_load_n(&v->tag, __ATOMIC_RELAXED);
	uint64_t old_active = __atomic_load_n(&s->active[cpu], __ATOMIC_RELAXED);
	uint64_t bit = 1ull << cpu;

	/*
	 * Fast path: the tag is current and no rollover has cleared this CPU's
	 * active word since; the exchange fails if one does meanwhile.
	 */
	if (old_active && (v->pinned || tag_current(s, tag)) &&
	    __atomic_compare_exchange_n(&s->active[cpu], &old_active, tag, false,
					__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		goto out;

	spin_lock(&s->lock);
	tag = __atomic_load_n(&v->tag, __ATOMIC_RELAXED);
	if (!v->pinned && !tag_current(s, tag)) {
		tag = new_tag(s, v);
		__atomic_store_n(&v->tag, tag, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&s->active[cpu], tag, __ATOMIC_RELAXED);
	spin_unlock(&s->lock);
out:
	*flush_local = false;
	if (__atomic_load_n(&s->flush_pending, __ATOMIC_ACQUIRE) & bit) {
		__atomic_fetch_and(&s->flush_pending, ~bit, __ATOMIC_RELAXED);
		*flush_local = true;
	}
	return vmid_id(s, tag);
}

void vmid_cpu_idle(struct vmid_space *s, unsigned int cpu)
{
	__atomic_store_n(&s->active[cpu], 0, __ATOMIC_RELAXED);
}
