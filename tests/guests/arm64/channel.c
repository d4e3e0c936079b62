// SPDX-License-Identifier: MIT
/*
 * Role 14 "channel": two partitions talk through the manifest's shared-
 * memory channels (tests/qemu/part/arm64-channel.dts). "ring" is
 * read-write for the writer and read-only for the reader; "ack" the other
 * way round. The writer sends numbered messages through a ring of slots,
 * each carrying its number and a checksum of its payload, and waits for
 * the reader's acknowledgement before it reuses a slot; the reader checks
 * every message in order. Both run at the same time on their own CPUs, with
 * their MMUs off (Device memory: no exclusives, so a single-writer protocol
 * with acquire/release ordering). Each side also checks its read-only
 * window refuses writes and no window executes; an outsider finds nothing.
 *
 *   boot-args = <14 mode ring ack>   mode 0 writer, 1 reader, 2 outsider
 */
#include "glib.h"

#define SLOTS		8
#define MESSAGES	2000
#define WORDS		30	/* payload words per slot */

struct slot {
	uint64_t n;			/* message number, 0 = never written */
	uint64_t sum;			/* checksum of the payload */
	uint64_t payload[WORDS];
};

struct ring {
	uint64_t head;			/* last message published */
	uint64_t pad[7];
	struct slot slot[SLOTS];
};

static inline uint64_t load_acquire(const volatile uint64_t *p)
{
	uint64_t v;

	__asm__ volatile("ldar %0, [%1]" : "=r"(v) : "r"(p) : "memory");
	return v;
}

static inline void store_release(volatile uint64_t *p, uint64_t v)
{
	__asm__ volatile("stlr %0, [%1]" : : "r"(v), "r"(p) : "memory");
}

static uint64_t mix(uint64_t n, unsigned int i)
{
	uint64_t x = n * 0x9e3779b97f4a7c15ull + i;

	x ^= x >> 29;
	return x * 0xbf58476d1ce4e5b9ull;
}

static void writer(volatile struct ring *ring, volatile uint64_t *ack)
{
	for (uint64_t n = 1; n <= MESSAGES; n++) {
		volatile struct slot *s = &ring->slot[n % SLOTS];
		uint64_t sum = 0;

		/* The slot is free once the reader acknowledged its last user. */
		while (n > SLOTS && load_acquire(ack) < n - SLOTS)
			;
		for (unsigned int i = 0; i < WORDS; i++) {
			s->payload[i] = mix(n, i);
			sum += mix(n, i) ^ i;
		}
		s->sum = sum;
		s->n = n;
		store_release(&ring->head, n);
	}
	while (load_acquire(ack) < MESSAGES)
		;
	G_EQ(load_acquire(ack), MESSAGES);
	g_printf("channel: writer: %u messages sent and acknowledged\n", MESSAGES);
}

static void reader(volatile struct ring *ring, volatile uint64_t *ack)
{
	unsigned int bad = 0;

	for (uint64_t n = 1; n <= MESSAGES; n++) {
		volatile struct slot *s = &ring->slot[n % SLOTS];
		uint64_t sum = 0;

		while (load_acquire(&ring->head) < n)
			;
		for (unsigned int i = 0; i < WORDS; i++) {
			uint64_t w = s->payload[i];

			bad += w != mix(n, i);
			sum += w ^ i;
		}
		bad += s->n != n || s->sum != sum;
		store_release(ack, n);
	}
	G_EQ(bad, 0);
	g_printf("channel: reader: %u messages received in order, %u bad\n", MESSAGES, bad);
}

void channel_role(uint64_t mode, uint64_t ring_gpa, uint64_t ack_gpa)
{
	volatile struct ring *ring = (volatile struct ring *)ring_gpa;
	volatile uint64_t *ack = (volatile uint64_t *)ack_gpa;

	if (mode == 2) {
		/* Not a peer: nothing at either window. */
		G_CHECK(g_read_aborts(ring_gpa, 8));
		G_CHECK(g_write_aborts(ack_gpa, 8, 1));
		g_printf("channel: outsider: both windows abort\n");
		return;
	}
	if (mode == 0) {
		/* The ack window is read-only here; a refused write changes nothing. */
		G_CHECK(g_write_aborts(ack_gpa, 8, 0xbad));
		G_CHECK(g_exec_aborts(ring_gpa));
		writer(ring, ack);
		G_EQ(load_acquire(ack), MESSAGES);
	} else {
		G_CHECK(g_write_aborts(ring_gpa + 0x100, 8, 0xbad));
		G_CHECK(g_exec_aborts(ack_gpa));
		reader(ring, ack);
		/* The writer's data is still there: its last message is intact. */
		G_EQ(ring->slot[MESSAGES % SLOTS].n, MESSAGES);
	}
}
