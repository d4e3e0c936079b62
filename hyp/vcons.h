/* SPDX-License-Identifier: MIT */
/*
 * Partition consoles multiplexed onto the one physical console.
 *
 * Output: each partition's characters are collected into a line buffer; a
 * whole line is printed at once, prefixed with the partition's name, so lines
 * of different partitions never interleave. Control characters a guest sends
 * (terminal escapes included) are shown as '?' so no guest can drive the
 * operator's terminal. Over-long lines are split at VCONS_LINE_MAX.
 *
 * Input: characters from the physical console go to the partition that has
 * the focus. The key sequence Ctrl-T (0x14) followed by:
 *   '1'..'9'  focus partition 1..9 (in manifest order),
 *   'n'       focus the next partition,
 *   Ctrl-T    send one Ctrl-T to the focused partition,
 * switches focus; anything else after Ctrl-T is dropped. Each partition has a
 * bounded input queue; characters that do not fit are dropped and counted.
 *
 * Locking: vcons_mux.lock protects everything here; it nests inside a
 * partition's lock and outside the console lock of hyp/log.c. Only
 * vcons_rx_pending() reads without it (n, rx_head and rx_tail are stored
 * with release for that).
 */
#ifndef HYP_VCONS_H
#define HYP_VCONS_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"

#define VCONS_MAX	16	/* partitions with a console */
#define VCONS_NAME_MAX	32	/* bytes of a name, NUL included */
#define VCONS_LINE_MAX	160	/* characters of one output line before a split */
#define VCONS_RX_SIZE	64	/* input queue, a power of two */
#define VCONS_ESCAPE	0x14	/* Ctrl-T */

struct vcons {
	char name[VCONS_NAME_MAX];
	char line[VCONS_LINE_MAX + 1];
	unsigned int len;
	uint8_t rx[VCONS_RX_SIZE];
	unsigned int rx_head, rx_tail;	/* free-running; tail - head = queued */
	uint64_t rx_dropped;
	uint64_t tx_chars;
	void (*rx_notify)(void *ctx);	/* input queued (vcons_set_rx_notify); NULL: none */
	void *rx_ctx;
};

struct vcons_mux {
	struct spinlock lock;
	unsigned int n;
	unsigned int focus;
	bool escape;
	/* Where whole lines go: the physical console (log_printf) unless a test says otherwise. */
	void (*emit)(const char *line);
	struct vcons cons[VCONS_MAX];
};

/* Empty multiplexer writing lines through emit (NULL = the hypervisor log). */
void vcons_mux_init(struct vcons_mux *m, void (*emit)(const char *line));

/*
 * Add a console for partition `name` (truncated to VCONS_NAME_MAX - 1).
 * Returns its index, or -1 when VCONS_MAX consoles exist. The first one added
 * has the input focus.
 */
int vcons_add(struct vcons_mux *m, const char *name) __must_check;

/* Partition idx wrote byte c to its console (any CPU). */
void vcons_putc(struct vcons_mux *m, unsigned int idx, uint8_t c);

/* Print partition idx's unfinished line, if any (partition stopping). */
void vcons_flush(struct vcons_mux *m, unsigned int idx);

/* A byte arrived on the physical console: route it or handle the escape. */
void vcons_input(struct vcons_mux *m, uint8_t c);

/*
 * Call fn(ctx) after each byte queued for console idx (the virtual UART's
 * receive interrupt). fn runs on the CPU that polls the physical console,
 * with no vcons lock held. Replaces an earlier registration; fn NULL
 * removes it. An idx that is no console is ignored.
 */
void vcons_set_rx_notify(struct vcons_mux *m, unsigned int idx, void (*fn)(void *ctx), void *ctx);

/* Take one input byte for partition idx: 0 and *c, or -1 if none is queued. */
int vcons_getc(struct vcons_mux *m, unsigned int idx, uint8_t *c) __must_check;

/*
 * Bytes queued for partition idx. Lock-free and inline: it is a status poll
 * (the vPL011's UARTFR, on the arch's MMIO fast path). The counters only
 * grow and are stored with release under the lock; reading head before tail
 * never gives a negative count. It can overstate a queue that another vCPU
 * of the same partition drains at that very moment, a race any status
 * register read has anyway (the DR read then finds nothing and returns 0).
 */
static inline unsigned int vcons_rx_pending(const struct vcons_mux *m, unsigned int idx)
{
	const struct vcons *vc;
	unsigned int head;

	if (idx >= __atomic_load_n(&m->n, __ATOMIC_ACQUIRE))
		return 0;
	vc = &m->cons[idx];
	head = __atomic_load_n(&vc->rx_head, __ATOMIC_ACQUIRE);
	return __atomic_load_n(&vc->rx_tail, __ATOMIC_ACQUIRE) - head;
}

#endif
