/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock on compiler atomics: fair, no architecture code beyond
 * arch_cpu_relax(). Lock order for the whole hypervisor is in
 * docs/architecture.md ("Lock order").
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include "hyp/compiler.h"
#include "hyp/arch.h"

struct spinlock {
	uint32_t next;
	uint32_t owner;
};

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_cpu_relax();
}

/* Take the lock only if it is free right now; true if taken. */
static inline bool spin_trylock(struct spinlock *l)
{
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);

	/* Free when no ticket is outstanding: take ticket `owner` itself. */
	return __atomic_compare_exchange_n(&l->next, &owner, owner + 1, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
