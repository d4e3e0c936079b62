/* SPDX-License-Identifier: MIT */
/*
 * VMID / ASID generations: hand out the hardware's small tag space (arm64
 * VMIDs, AMD ASIDs) to any number of partitions, forever.
 *
 * A partition's tag is (generation | id). When every id of a generation is
 * taken, a new generation starts: the ids that CPUs are using at that moment
 * are carried over (reserved) so no running partition has to stop, every
 * other id becomes free, and every CPU invalidates its own TLB once before it
 * next enters a guest. A partition whose tag is from an old generation gets a
 * fresh one before it next runs [need_new_vmid_gen, update_vttbr]. Ids pinned
 * by the manifest are set aside from the start and never handed to anyone
 * else, in any generation.
 *
 * The scheme is the one Linux uses for arm64 ASIDs and VMIDs (per-CPU active
 * and reserved ids, a lock-free fast path): a CPU entering a guest whose tag
 * is current only swaps its per-CPU active word.
 *
 * Locking: vmid_space.lock is taken only on the slow path (new tag or new
 * generation); it nests inside a partition's lock and is a leaf otherwise.
 */
#ifndef HYP_VMID_H
#define HYP_VMID_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"

#define VMID_MAX_BITS	16
#define VMID_MAX_CPUS	64
#define VMID_MAP_WORDS	((1u << VMID_MAX_BITS) / 64)

enum vmid_err {
	VMID_OK = 0,
	VMID_ERR_RANGE,		/* id outside [first, 2^bits) */
	VMID_ERR_TAKEN,		/* id already pinned, or space not fresh */
	VMID_ERR_FULL,		/* pinning would leave no id for the others */
	VMID_ERR_PARAM,		/* bad width / first / CPU count */
};

struct vmid_space {
	/* Immutable after vmid_space_init(). */
	unsigned int bits;		/* tag width: ids are [first, 2^bits) */
	unsigned int first;		/* lowest id handed out (x86 ASID 0 is the host's) */
	unsigned int ncpus;

	/* Protected by lock. */
	struct spinlock lock;
	uint32_t next;			/* where the search for a free id resumes */
	uint32_t npinned;
	uint64_t map[VMID_MAP_WORDS];	/* ids taken in this generation (pinned included) */
	uint64_t pinned[VMID_MAP_WORDS];
	uint64_t reserved[VMID_MAX_CPUS];	/* tag each CPU ran last at the last rollover */
	uint64_t rollovers;

	/* Atomic: read locklessly on the fast path. */
	uint64_t generation;		/* a multiple of 2^bits, never 0 */
	uint64_t active[VMID_MAX_CPUS];	/* tag running on each CPU; 0 after a rollover */
	uint64_t flush_pending;		/* CPUs that must invalidate their TLB before entry */
};

/* A partition's tag. Zero-initialised = no tag yet. */
struct vmid {
	uint64_t tag;			/* generation | id, atomic */
	bool pinned;			/* immutable after vmid_pin() */
};

/*
 * Set up a tag space of `bits` bits (1..VMID_MAX_BITS) whose ids start at
 * `first` (0 or 1), for `ncpus` CPUs (1..VMID_MAX_CPUS). No allocation.
 */
int vmid_space_init(struct vmid_space *s, unsigned int bits, unsigned int first,
		    unsigned int ncpus) __must_check;

/*
 * Give partition tag v the fixed id `id` for ever (manifest "vmid"). Must be
 * called before the space hands out any tag. Fails with VMID_ERR_RANGE,
 * VMID_ERR_TAKEN or VMID_ERR_FULL (at least one id must stay free for
 * everyone else); v is unchanged on failure.
 */
int vmid_pin(struct vmid_space *s, struct vmid *v, uint32_t id) __must_check;

/*
 * Called on CPU `cpu` with interrupts disabled, right before it enters a
 * guest of the partition owning v. Returns the id to program (VTTBR_EL2.VMID,
 * VMCB ASID). Sets *flush_local when the CPU must invalidate all guest TLB
 * entries it holds (every id) before entering.
 */
uint32_t vmid_get(struct vmid_space *s, struct vmid *v, unsigned int cpu, bool *flush_local);

/* CPU `cpu` left guest context for good (idle, offline): nothing to keep. */
void vmid_cpu_idle(struct vmid_space *s, unsigned int cpu);

/* The id inside a tag. */
static inline uint32_t vmid_id(const struct vmid_space *s, uint64_t tag)
{
	return (uint32_t)(tag & ((1ull << s->bits) - 1));
}

#endif
