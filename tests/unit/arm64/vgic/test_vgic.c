// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/arm64/vgic.c, the virtual GICv3 register model and
 * its list-register translation. The reference is a separate, per-INTID
 * model of the GIC architecture specification (IHI 0069H) written here
 * from the spec's register descriptions, not from vgic.c's bitmaps:
 *   GICD: CTLR (DS=1 view: EnableGrp1 bit 1, ARE bit 4 RAO, DS bit 6 RAO),
 *   TYPER (ITLinesNumber 1, CPUNumber, IDbits 9, No1N), IIDR, PIDR2 0x3b,
 *   IGROUPR (Group 1 only), I[SC]ENABLER/PENDR/ACTIVER (bank 0 RES0 with
 *   ARE), IPRIORITYR (byte-accessible, 5 bits kept), ICFGR (bit 2i+1 = edge,
 *   SGI/PPI words RES0), IROUTER (64-bit, IRM kept: 1 of N supported);
 *   an SPI the partition does not own is unimplemented: every field RAZ/WI;
 *   GICR: TYPER (64-bit, Affinity/Processor_Number/Last), WAKER
 *   (ProcessorSleep/ChildrenAsleep), SGI frame banks, ICFGR0 fixed edge.
 * Access rules (12.1.3): 32-bit aligned everywhere, bytes for priorities,
 * 64-bit for IROUTER and GICR_TYPER; anything else refused; reserved
 * offsets RAZ/WI. A long random mix of valid and hostile accesses must
 * give the same refusals and read values as the reference.
 *
 * SPI input lines (vgic_set_spi_level) against a per-INTID model of the
 * spec's level / edge semantics (IHI 0069H 4.1): a level-sensitive
 * interrupt is pending while its line is high or its software latch is
 * set, acknowledging clears the latch (so it is active and pending when
 * the line stays high); an edge-triggered one latches a rising line. The
 * guest side is played on the list registers as the CPU interface would
 * (acknowledge: pending -> active; EOI: active -> idle).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/arm64/vgic.h"
#include "host_stubs.h"

#include "vgic_ref.h"

/* ---- Helpers ---- */

static struct vgic g;

static uint64_t rd(const struct mmio_ops *ops, uint64_t off, unsigned int size)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(ops->read(&g, off, size, &v), 0);
	return v;
}

static void wr(const struct mmio_ops *ops, uint64_t off, unsigned int size, uint64_t v)
{
	assert_int_equal(ops->write(&g, off, size, v), 0);
}

#define D	(&vgic_gicd_ops)
#define R	(&vgic_gicr_ops)
#define SGI(cpu, o)	((uint64_t)(cpu) * 0x20000 + 0x10000 + (o))

/* Bring up the way Linux's GICv3 driver does: distributor on, redistributor awake. */
static void bring_up(unsigned int cpu)
{
	wr(D, 0, 4, 0x13);			/* ARE | EnableGrp1 | EnableGrp0 (the last ignored) */
	wr(R, (uint64_t)cpu * 0x20000 + 0x14, 4, 0);
}

/* ---- Tests ---- */

static void test_init_bounds(void **st)
{
	(void)st;
	assert_int_equal(vgic_init(&g, 0), -1);
	assert_int_equal(vgic_init(&g, VGIC_MAX_CPUS + 1), -1);
	assert_int_equal(vgic_init(&g, 1), 0);
	assert_int_equal(vgic_gicr_size(&g), 0x20000);
	assert_int_equal(vgic_init(&g, VGIC_MAX_CPUS), 0);
	assert_int_equal(vgic_gicr_size(&g), VGIC_MAX_CPUS * 0x20000ull);
}

static void test_identification(void **st)
{
	(void)st;
	assert_int_equal(vgic_init(&g, 2), 0);
	assert_int_equal(rd(D, 4, 4), 0x1 | (1u << 5) | (9u << 19));	/* No1N = 0: 1 of N works */
	assert_int_equal(rd(D, 8, 4), VGIC_IIDR);
	assert_int_equal(rd(D, 0xffe8, 4) >> 4 & 0xf, 3);	/* ArchRev: GICv3 */
	assert_int_equal(rd(D, 0, 4), 0x50);			/* ARE, DS; groups off */
	/* Redistributor 0 and 1: affinity, processor number, Last only on 1. */
	assert_int_equal(rd(R, 0x8, 8), 0x0ull);
	assert_int_equal(rd(R, 0x20008, 8), (1ull << 32) | (1u << 8) | 0x10);
	assert_int_equal(rd(R, 0x2000c, 4), 1);
	assert_int_equal(rd(R, 0xffe8, 4), 0x3b);
	/* Waker handshake: asleep at reset, awake at once when asked. */
	assert_int_equal(rd(R, 0x14, 4), 6);
	wr(R, 0x14, 4, 0);
	assert_int_equal(rd(R, 0x14, 4), 0);
	assert_int_equal(rd(R, 0x20014, 4), 6);		/* the other one still asleep */
	wr(R, 0x14, 4, 2);
	assert_int_equal(rd(R, 0x14, 4), 6);
}

static void test_hostile_sizes(void **st)
{
	uint64_t v;

	(void)st;
	assert_int_equal(vgic_init(&g, 2), 0);
	assert_int_equal(D->read(&g, 0, 2, &v), -1);		/* halfword */
	assert_int_equal(D->read(&g, 2, 4, &v), -1);		/* misaligned */
	assert_int_equal(D->read(&g, 0, 8, &v), -1);		/* 64-bit on a 32-bit register */
	assert_int_equal(D->write(&g, 0x100, 1, 0xff), -1);	/* byte on ISENABLER */
	assert_int_equal(D->write(&g, 0xfffc, 8, 0), -1);	/* runs past the frame */
	assert_int_equal(D->read(&g, 0x10000, 4, &v), -1);	/* past the frame */
	assert_int_equal(D->read(&g, 0x6004, 8, &v), -1);	/* IROUTER misaligned 64-bit */
	assert_int_equal(R->read(&g, 0x40000, 4, &v), -1);	/* no third redistributor */
	assert_int_equal(R->read(&g, 0x3fffe, 4, &v), -1);
	assert_int_equal(R->read(&g, 0xc, 8, &v), -1);		/* TYPER upper half as 64-bit */
	assert_int_equal(R->read(&g, 0x14, 8, &v), -1);
	assert_int_equal(R->write(&g, 0x10100, 1, 1), -1);
	assert_int_equal(R->read(&g, ~0ull - 3, 4, &v), -1);	/* wrapping offset */
	/* Reserved offsets: RAZ/WI, not refused. */
	assert_int_equal(rd(D, 0x10, 4), 0);
	wr(D, 0x10, 4, ~0ull);
	assert_int_equal(rd(D, 0x10, 4), 0);
	assert_int_equal(rd(R, 0x10d00, 4), 0);
	/* With ARE, the distributor's private words are RES0. */
	wr(D, 0x100, 4, ~0u);
	assert_int_equal(rd(D, 0x100, 4), 0);
	assert_int_equal(rd(R, SGI(0, 0x100), 4), 0);
	/* Helpers refuse bad CPUs and INTIDs without touching anything. */
	vgic_set_line(&g, 7, 27, true, true);
	vgic_set_line(&g, 0, 40, true, true);
	vgic_pend_private(&g, 2, 1);
	vgic_pend_private(&g, 0, 32);
	vgic_pend_spi(&g, 64);
	vgic_pend_spi(&g, 31);
	assert_int_equal(rd(R, SGI(0, 0x200), 4), 0);
	assert_int_equal(rd(R, SGI(1, 0x200), 4), 0);
	assert_int_equal(rd(D, 0x204, 4), 0);
	assert_false(vgic_busy(&g, 9, 27));
	assert_false(vgic_deliverable(&g, 9, 0xff, true));
}

static void test_enable_priority_route(void **st)
{
	(void)st;
	assert_int_equal(vgic_init(&g, 2), 0);
	wr(R, SGI(1, 0x100), 4, 1u << 27);
	wr(R, SGI(1, 0x100), 4, 1u << 3);
	assert_int_equal(rd(R, SGI(1, 0x180), 4), (1u << 27) | (1u << 3));
	wr(R, SGI(1, 0x180), 4, 1u << 3);
	assert_int_equal(rd(R, SGI(1, 0x100), 4), 1u << 27);
	assert_int_equal(rd(R, SGI(0, 0x100), 4), 0);		/* the other vCPU's own bank */
	wr(R, SGI(1, 0x41b), 1, 0xa7);
	assert_int_equal(rd(R, SGI(1, 0x418), 4), 0xa0000000u);
	for (unsigned int i = 40; i < 44; i++)
		assert_int_equal(vgic_own_spi(&g, i, false), 0);
	wr(D, 0x428, 4, 0x11223344);				/* SPIs 40-43 */
	assert_int_equal(rd(D, 0x428, 4), 0x10203040);
	assert_int_equal(rd(D, 0x42a, 1), 0x20);
	wr(D, 0x6000 + 8 * 40, 8, 0xffffffffffffffffull);	/* RES0 dropped, IRM kept */
	assert_int_equal(rd(D, 0x6000 + 8 * 40, 8), 0xff80ffffffull);
	wr(D, 0x6000 + 8 * 40 + 4, 4, 0);
	assert_int_equal(rd(D, 0x6000 + 8 * 40, 8), 0x80ffffffull);
	wr(D, 0x6000 + 8 * 5, 8, 1);				/* INTID 5: reserved slot */
	assert_int_equal(rd(D, 0x6000 + 8 * 5, 8), 0);
	/* ICFGR: SGIs fixed edge, PPIs and SPIs programmable. */
	wr(R, SGI(0, 0xc00), 4, 0);
	assert_int_equal(rd(R, SGI(0, 0xc00), 4), 0xaaaaaaaa);
	wr(R, SGI(0, 0xc04), 4, 0xffffffff);
	assert_int_equal(rd(R, SGI(0, 0xc04), 4), 0xaaaaaaaa);
	wr(D, 0xc08, 4, 0x8);
	assert_int_equal(rd(D, 0xc08, 4), 0);			/* SPI 33: not owned */
	wr(D, 0xc08, 4, 0x20000);
	assert_int_equal(rd(D, 0xc08, 4), 0x20000);		/* SPI 40: edge */
}

static void test_fuzz_against_reference(void **st)
{
	static const uint64_t dhot[] = { 0, 4, 8, 0x10, 0x80, 0x84, 0x100, 0x104, 0x108, 0x180, 0x184, 0x200,
					 0x204, 0x280, 0x284, 0x300, 0x304, 0x380, 0x384, 0x400, 0x41f, 0x420,
					 0x43d, 0x7fc, 0x800, 0xc00, 0xc04, 0xc08, 0xc0c, 0xc10, 0x6000, 0x6100,
					 0x6104, 0x61f8, 0x61fc, 0x6200, 0xfff8, 0xffe8, 0xfffc, 0xfffe, 0xffff };
	static const uint64_t rhot[] = { 0, 4, 8, 0xc, 0x10, 0x14, 0xffe8, 0x10080, 0x10100, 0x10180, 0x10200,
					 0x10280, 0x10300, 0x10380, 0x10400, 0x1040d, 0x1041f, 0x10420, 0x10c00,
					 0x10c04, 0x10c08, 0x1fffc, 0x1ffff };
	static const unsigned int sizes[] = { 1, 2, 3, 4, 4, 4, 8, 8, 16 };
	struct ref r;
	unsigned int mism = 0;

	(void)st;
	srand(12345);
	for (unsigned int ncpu = 1; ncpu <= 3; ncpu++) {
		assert_int_equal(vgic_init(&g, ncpu), 0);
		ref_init(&r, ncpu);
		/* A random set of owned SPIs, each edge or level at first. */
		for (unsigned int i = 0; i < 32; i++) {
			bool edge = rand() & 1;

			if (rand() % 3)
				continue;
			assert_int_equal(vgic_own_spi(&g, 32 + i, edge), 0);
			r.owned |= 1u << i;
			r.spi[i].edge = edge;
		}
		for (unsigned int k = 0; k < 40000; k++) {
			bool gicr = rand() & 1, write = rand() & 1;
			unsigned int size = sizes[rand() % 9];
			uint64_t off, v = ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 10) ^ (uint64_t)rand(), a = 1,
				      b = 2;
			int e1, e2;

			if (gicr)
				off = (rand() % 4 == 0) ? (uint64_t)rand() % (ncpu * 0x20000 + 0x100)
							: (uint64_t)(rand() % (ncpu + 1)) * 0x20000 + rhot[rand() % 23];
			else
				off = (rand() % 4 == 0) ? (uint64_t)rand() % 0x10010 : dhot[rand() % 41];
			if (rand() % 64 == 0)
				off = ~0ull - (uint64_t)(rand() % 8);
			if (write) {
				e1 = (gicr ? R : D)->write(&g, off, size, v);
				e2 = gicr ? ref_gicr(&r, true, off, size, v, &b) : ref_gicd(&r, true, off, size, v, &b);
				a = b;
			} else {
				e1 = (gicr ? R : D)->read(&g, off, size, &a);
				e2 = gicr ? ref_gicr(&r, false, off, size, 0, &b) : ref_gicd(&r, false, off, size, 0, &b);
			}
			if (e1 != e2 || (!e1 && a != b)) {
				if (mism++ < 10)
					print_message("%s %s off 0x%llx size %u: got %d/0x%llx, want %d/0x%llx\n",
						      gicr ? "GICR" : "GICD", write ? "write" : "read",
						      (unsigned long long)off, size, e1, (unsigned long long)a, e2,
						      (unsigned long long)b);
			}
		}
	}
	assert_int_equal(mism, 0);
}

static unsigned int lr_intid(uint64_t lr)
{
	return (unsigned int)(lr & 0xffffffffu);
}

static void test_flush_timer_hw(void **st)
{
	uint64_t lr[4];
	bool more;

	(void)st;
	assert_int_equal(vgic_init(&g, 1), 0);
	vgic_set_line(&g, 0, 27, true, true);
	/* Not enabled, distributor off, redistributor asleep: nothing to deliver, still pending. */
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);
	assert_true(vgic_busy(&g, 0, 27));
	wr(R, SGI(0, 0x100), 4, 1u << 27);
	wr(R, SGI(0, 0x41b), 1, 0xa0);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);	/* still: groups off */
	bring_up(0);
	assert_true(vgic_deliverable(&g, 0, 0xf0, true));
	assert_false(vgic_deliverable(&g, 0, 0xa0, true));	/* PMR masks priority 0xa0 */
	assert_false(vgic_deliverable(&g, 0, 0xf0, false));	/* IGRPEN1 off */
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_false(more);
	/* vINTID 27, pINTID 27, HW, Group 1, priority 0xa0, pending (IHI 0069H 12.4.6). */
	assert_int_equal(lr[0], 27ull | (27ull << 32) | (1ull << 61) | (1ull << 60) | (0xa0ull << 48) | (1ull << 62));
	assert_int_equal(lr[1], 0);
	/* The list register owns it now. */
	assert_false(vgic_busy(&g, 0, 27));
	/* The guest acknowledged it: active comes back; HW active is never also pending. */
	lr[0] = (lr[0] & ~(3ull << 62)) | (1ull << 63);
	vgic_sync(&g, 0, lr, 1);
	assert_true(vgic_busy(&g, 0, 27));
	assert_int_equal(rd(R, SGI(0, 0x300), 4), 1u << 27);
	vgic_set_line(&g, 0, 27, true, true);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 2);
	/* It deactivated it (the hardware deactivated the physical one): nothing left. */
	lr[0] &= ~(3ull << 62);
	vgic_sync(&g, 0, lr, 1);
	assert_false(vgic_busy(&g, 0, 27));
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);
}

static void test_flush_priority_overflow(void **st)
{
	static const uint8_t prio[6] = { 0x80, 0x20, 0x60, 0x20, 0xf0, 0x40 };
	uint64_t lr[4], lr2[4];
	bool more;

	(void)st;
	assert_int_equal(vgic_init(&g, 1), 0);
	bring_up(0);
	for (unsigned int i = 0; i < 6; i++) {
		wr(R, SGI(0, 0x400 + i), 1, prio[i]);
		vgic_pend_private(&g, 0, i);
	}
	wr(R, SGI(0, 0x100), 4, 0x3f);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 4);
	assert_true(more);
	/* By priority, lower INTID first among equals: 1 (0x20), 3 (0x20), 5 (0x40), 2 (0x60). */
	assert_int_equal(lr_intid(lr[0]), 1);
	assert_int_equal(lr_intid(lr[1]), 3);
	assert_int_equal(lr_intid(lr[2]), 5);
	assert_int_equal(lr_intid(lr[3]), 2);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(lr[i] >> 62, 1);
		assert_false(lr[i] & (1ull << 61));	/* software interrupts: no HW bit */
	}
	/* The guest took 1 (active), finished 3 and 5; 2 still pending. */
	lr[0] = (lr[0] & ~(3ull << 62)) | (2ull << 62);
	lr[1] &= ~(3ull << 62);
	lr[2] &= ~(3ull << 62);
	vgic_sync(&g, 0, lr, 4);
	assert_int_equal(rd(R, SGI(0, 0x200), 4), (1u << 0) | (1u << 2) | (1u << 4));
	assert_int_equal(rd(R, SGI(0, 0x300), 4), 1u << 1);
	assert_int_equal(vgic_flush(&g, 0, lr2, 4, &more), 4);
	assert_false(more);
	assert_int_equal(lr_intid(lr2[0]), 1);		/* the active one first */
	assert_int_equal(lr2[0] >> 62, 2);
	assert_int_equal(lr_intid(lr2[1]), 2);
	assert_int_equal(lr_intid(lr2[2]), 0);
	assert_int_equal(lr_intid(lr2[3]), 4);
}

static void test_gating_and_routing(void **st)
{
	uint64_t lr[4];
	bool more;

	(void)st;
	assert_int_equal(vgic_init(&g, 2), 0);
	bring_up(0);
	bring_up(1);
	assert_int_equal(vgic_own_spi(&g, 40, true), 0);
	assert_int_equal(vgic_own_spi(&g, 41, true), 0);
	wr(D, 0x104, 4, 1u << 8);			/* SPI 40 enabled */
	wr(D, 0x6000 + 8 * 40, 8, 1);			/* to vCPU 1 */
	assert_int_equal(vgic_pend_spi(&g, 40), 1);
	assert_int_equal(vgic_pend_spi(&g, 40), 0);		/* already pending: nothing new */
	assert_int_equal(rd(D, 0x204, 4), 1u << 8);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);
	assert_true(vgic_deliverable(&g, 1, 0xff, true));
	assert_false(vgic_deliverable(&g, 0, 0xff, true));
	/* Distributor group off: not delivered, but an active one still goes back to its LR. */
	wr(D, 0, 4, 0);
	assert_int_equal(vgic_flush(&g, 1, lr, 4, &more), 0);
	wr(D, 0, 4, 2);
	assert_int_equal(vgic_flush(&g, 1, lr, 4, &more), 1);
	assert_int_equal(lr_intid(lr[0]), 40);
	lr[0] = (lr[0] & ~(3ull << 62)) | (2ull << 62);
	vgic_sync(&g, 1, lr, 1);
	wr(D, 0, 4, 0);
	assert_int_equal(vgic_flush(&g, 1, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 2);
	/* Routed to a vCPU that does not exist: nobody gets it. */
	wr(D, 0, 4, 2);
	wr(D, 0x6000 + 8 * 41, 8, 5);
	wr(D, 0x104, 4, 1u << 9);
	vgic_pend_spi(&g, 41);
	assert_false(vgic_deliverable(&g, 0, 0xff, true));
	/* A redistributor put back to sleep forwards nothing. */
	vgic_pend_private(&g, 0, 7);
	wr(R, SGI(0, 0x100), 4, 1u << 7);
	assert_true(vgic_deliverable(&g, 0, 0xff, true));
	wr(R, 0x14, 4, 2);
	assert_false(vgic_deliverable(&g, 0, 0xff, true));
	/* Sync ignores list registers naming INTIDs the model does not have. */
	lr[0] = 1000ull | (1ull << 62);
	lr[1] = 64ull | (1ull << 62);
	vgic_sync(&g, 0, lr, 2);
	assert_int_equal(rd(D, 0x204, 4), 1u << 9);
}


/* SPIs the partition does not own: unimplemented INTIDs, whatever a guest or a helper does. */
static void test_spi_not_owned(void **st)
{
	uint64_t lr[4];
	bool more;

	(void)st;
	assert_int_equal(vgic_init(&g, 2), 0);
	assert_int_equal(vgic_own_spi(&g, 31, false), -1);
	assert_int_equal(vgic_own_spi(&g, 64, true), -1);
	assert_int_equal(vgic_own_spi(&g, 1020, true), -1);
	assert_int_equal(vgic_own_spi(&g, 33, false), 0);
	bring_up(0);
	assert_int_equal(rd(D, 0x84, 4), 1u << 1);		/* IGROUPR1: SPI 33 only */
	for (uint64_t o = 0x104; o < 0x400; o += 0x80)
		wr(D, o, 4, 0xffffffffu);			/* set and clear everything */
	wr(D, 0x104, 4, 0xffffffffu);
	wr(D, 0x204, 4, 0xffffffffu);
	assert_int_equal(rd(D, 0x104, 4), 1u << 1);
	assert_int_equal(rd(D, 0x204, 4), 1u << 1);
	wr(D, 0x284, 4, 0xffffffffu);
	wr(D, 0x420, 4, 0xffffffffu);				/* priorities of SPIs 32-35 */
	assert_int_equal(rd(D, 0x420, 4), 0xf800u);
	wr(D, 0xc08, 4, 0xffffffffu);
	assert_int_equal(rd(D, 0xc08, 4), 0x8u);
	wr(D, 0x6000 + 8 * 34, 8, 1);
	assert_int_equal(rd(D, 0x6000 + 8 * 34, 8), 0);
	/* Helpers ignore SPIs not owned: no pending state, no delivery. */
	assert_int_equal(vgic_pend_spi(&g, 34), -1);
	assert_false(vgic_set_spi_level(&g, 34, true));
	assert_false(vgic_set_spi_level(&g, 64, true));
	assert_false(vgic_set_spi_level(&g, 5, true));
	assert_int_equal(vgic_spi_target(&g, 34), -1);
	assert_int_equal(vgic_spi_target(&g, 27), -1);
	assert_int_equal(rd(D, 0x204, 4), 0);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);
	/* A list register naming an SPI not owned changes nothing. */
	lr[0] = 34ull | (3ull << 62);
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x204, 4), 0);
	assert_int_equal(rd(D, 0x304, 4), 0);
}

/* IROUTER: Aff0 names a vCPU; IRM = 1 picks the lowest-numbered awake one (vCPU 0 if none). */
static void test_spi_routing_irm(void **st)
{
	(void)st;
	assert_int_equal(vgic_init(&g, 3), 0);
	assert_int_equal(vgic_own_spi(&g, 50, false), 0);
	assert_int_equal(vgic_spi_target(&g, 50), 0);		/* IROUTER 0 at reset */
	wr(D, 0x6000 + 8 * 50, 8, 2);
	assert_int_equal(vgic_spi_target(&g, 50), 2);
	wr(D, 0x6000 + 8 * 50, 8, 3);				/* no vCPU 3 */
	assert_int_equal(vgic_spi_target(&g, 50), -1);
	wr(D, 0x6000 + 8 * 50, 8, 0x100);			/* Aff1 = 1: none */
	assert_int_equal(vgic_spi_target(&g, 50), -1);
	wr(D, 0x6000 + 8 * 50, 8, 1ull << 31);			/* 1 of N, everyone asleep */
	assert_int_equal(vgic_spi_target(&g, 50), 0);
	wr(D, 0, 4, 2);
	wr(R, 1 * 0x20000 + 0x14, 4, 0);			/* vCPU 1 awake */
	assert_int_equal(vgic_spi_target(&g, 50), 1);
	wr(D, 0x104 + 0, 4, 1u << 18);				/* enabled */
	assert_true(vgic_set_spi_level(&g, 50, true));
	assert_true(vgic_deliverable(&g, 1, 0xff, true));
	assert_false(vgic_deliverable(&g, 0, 0xff, true));
	assert_false(vgic_deliverable(&g, 2, 0xff, true));
	wr(R, 0 * 0x20000 + 0x14, 4, 0);			/* vCPU 0 awake: it is the lowest */
	assert_int_equal(vgic_spi_target(&g, 50), 0);
	assert_false(vgic_deliverable(&g, 1, 0xff, true));
	assert_true(vgic_deliverable(&g, 0, 0xff, true));
}

/* The spec's view of one SPI with an input line (IHI 0069H 4.1). */
struct ref_spi {
	bool line, latch, active, edge, en;
};

static bool ref_spi_pending(const struct ref_spi *q)
{
	return q->latch || (q->line && !q->edge);
}

static void test_spi_level_against_model(void **st)
{
	static const unsigned int ids[4] = { 33, 40, 47, 63 };
	struct ref_spi q[4];
	unsigned int mism = 0, taken = 0, repend = 0;
	uint64_t lr[4];
	bool more;

	(void)st;
	srand(777);
	assert_int_equal(vgic_init(&g, 1), 0);
	bring_up(0);
	memset(q, 0, sizeof(q));
	for (unsigned int i = 0; i < 4; i++) {
		q[i].edge = i == 1;				/* SPI 40 a doorbell, the rest level lines */
		assert_int_equal(vgic_own_spi(&g, ids[i], q[i].edge), 0);
		wr(D, 0x400 + ids[i], 1, 0x80 + 8 * i);
	}
	for (unsigned int k = 0; k < 60000; k++) {
		unsigned int i = (unsigned int)rand() % 4, id = ids[i], op = (unsigned int)rand() % 10;
		uint32_t bit = 1u << (id - 32);

		switch (op) {
		case 0: case 1: case 2: {			/* the device drives its line */
			bool level = rand() & 1, want = level && !q[i].line;

			if (vgic_set_spi_level(&g, id, level) != want)
				mism++;
			if (want && q[i].edge)
				q[i].latch = true;
			q[i].line = level;
			break;
		}
		case 3:						/* ISPENDR / ICPENDR */
			q[i].latch = rand() & 1;
			wr(D, q[i].latch ? 0x204 : 0x284, 4, bit);
			break;
		case 4:						/* ISENABLER / ICENABLER */
			q[i].en = rand() & 1;
			wr(D, q[i].en ? 0x104 : 0x184, 4, bit);
			break;
		case 5:						/* ICFGR */
			q[i].edge = rand() & 1;
			wr(D, 0xc08 + 4 * ((id - 32) / 16), 4,
			   (rd(D, 0xc08 + 4 * ((id - 32) / 16), 4) & ~(2u << (2 * (id % 16)))) |
			   ((uint32_t)q[i].edge << (2 * (id % 16) + 1)));
			break;
		default: {					/* the guest runs: acknowledge / EOI on the LRs */
			unsigned int n = vgic_flush(&g, 0, lr, 4, &more);

			for (unsigned int l = 0; l < n; l++) {
				unsigned int lid = (unsigned int)(lr[l] & 0xffffffffu), j;
				uint64_t state = lr[l] >> 62;

				for (j = 0; j < 4 && ids[j] != lid; j++)
					;
				if (j == 4) {
					mism++;
					continue;
				}
				/* What the flush put there must be what the model has. */
				if (((state & 1) != 0) != ref_spi_pending(&q[j]) || ((state & 2) != 0) != q[j].active)
					mism++;
				if (state == 1 && (rand() & 1)) {	/* acknowledge: pending -> active */
					state = 2;
					q[j].active = true;
					q[j].latch = false;
					taken++;
				}
				if ((state & 2) && (rand() & 1)) {	/* EOI: active -> idle (P+A -> P) */
					state &= 1;
					q[j].active = false;
					if (ref_spi_pending(&q[j]) && !q[j].latch)
						repend++;	/* a level line still high: pending again */
				}
				lr[l] = (lr[l] & ~(3ull << 62)) | (state << 62);
			}
			vgic_sync(&g, 0, lr, n);
			break;
		}
		}
		/* At every exit boundary the registers show the model's state. */
		uint32_t p = 0, a = 0, e = 0;

		for (unsigned int j = 0; j < 4; j++) {
			p |= (uint32_t)ref_spi_pending(&q[j]) << (ids[j] - 32);
			a |= (uint32_t)q[j].active << (ids[j] - 32);
			e |= (uint32_t)q[j].en << (ids[j] - 32);
		}
		if (rd(D, 0x204, 4) != p || rd(D, 0x304, 4) != a || rd(D, 0x104, 4) != e)
			mism++;
		if (vgic_deliverable(&g, 0, 0xff, true) != ((p & e & ~a) != 0))
			mism++;
		if (mism == 1 && k) {
			print_message("step %u op %u SPI %u: pend 0x%x/0x%x act 0x%x/0x%x\n", k, op, id,
				      (unsigned int)rd(D, 0x204, 4), p, (unsigned int)rd(D, 0x304, 4), a);
			mism++;
		}
	}
	assert_int_equal(mism, 0);
	assert_true(taken > 1000);
	assert_true(repend > 100);
}


/* A passthrough SPI: HW-linked to the physical SPI of the same number (IHI 0069H 12.4.6). */
static void test_spi_hw_linked(void **st)
{
	uint64_t lr[4];
	bool more;

	(void)st;
	assert_int_equal(vgic_init(&g, 1), 0);
	assert_int_equal(vgic_own_spi_hw(&g, 64), -1);
	assert_int_equal(vgic_own_spi_hw(&g, 34), 0);
	assert_int_equal(vgic_own_spi(&g, 35, false), 0);
	assert_false(vgic_spi_hw_fire(&g, 35));		/* a software SPI is not HW-linked */
	assert_false(vgic_spi_hw_fire(&g, 36));		/* not owned */
	assert_false(vgic_spi_hw_fire(&g, 1020));
	bring_up(0);
	wr(D, 0x104, 4, 1u << 2);
	wr(D, 0x422, 1, 0x90);
	assert_true(vgic_spi_hw_fire(&g, 34));
	assert_int_equal(rd(D, 0x204, 4), 1u << 2);
	assert_true(vgic_deliverable(&g, 0, 0xff, true));
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	/* vINTID 34, pINTID 34, HW, Group 1, priority 0x90, pending. */
	assert_int_equal(lr[0], 34ull | (34ull << 32) | (1ull << 61) | (1ull << 60) | (0x90ull << 48) | (1ull << 62));
	/* The list register owns it: the model shows nothing pending. */
	assert_int_equal(rd(D, 0x204, 4), 0);
	/* Acknowledged: active comes back; a new firing cannot be pending with it in one HW LR. */
	lr[0] = (lr[0] & ~(3ull << 62)) | (2ull << 62);
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x304, 4), 1u << 2);
	assert_true(vgic_spi_hw_fire(&g, 34));
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 2);
	assert_true(lr[0] & (1ull << 61));
	/* EOI (the hardware deactivated the physical one): the held firing goes in next. */
	lr[0] &= ~(3ull << 62);
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x304, 4), 0);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 1);
	/* Not taken before the next exit: pending comes back as the line. */
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x204, 4), 1u << 2);
	/* A software line on the other SPI is never HW. */
	assert_true(vgic_set_spi_level(&g, 35, true));
	wr(D, 0x104, 4, 1u << 3);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 2);
	for (unsigned int i = 0; i < 2; i++)
		assert_int_equal(!!(lr[i] & (1ull << 61)), lr_intid(lr[i]) == 34);
}

/*
 * Found by the fuzz target tests/fuzz/fuzz_vgic.c: a passthrough SPI's
 * software latch (ISPENDR, IHI 0069H 4.1) is cleared only when the guest
 * takes the list register that carried it. (1) An active HW SPI's LR holds
 * only the active state, so a latch set meanwhile must survive the sync
 * (it was dropped). (2) Configured edge by the guest (GICD_ICFGR), the
 * latch moves into the LR as for any edge SPI (it stayed, so the SPI was
 * pending again after every EOI, for ever).
 */
static void test_spi_hw_latch(void **st)
{
	uint64_t lr[4];
	bool more;

	(void)st;
	/* (1) Active in a HW LR; the guest pends it again: still pending after the exit. */
	assert_int_equal(vgic_init(&g, 1), 0);
	assert_int_equal(vgic_own_spi_hw(&g, 33), 0);
	bring_up(0);
	wr(D, 0x104, 4, 1u << 1);
	wr(D, 0x304, 4, 1u << 1);			/* ISACTIVER */
	wr(D, 0x204, 4, 1u << 1);			/* ISPENDR: active and pending */
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 2);		/* HW: only the active state */
	vgic_sync(&g, 0, lr, 1);			/* still active, untouched */
	assert_int_equal(rd(D, 0x204, 4), 1u << 1);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	lr[0] &= ~(3ull << 62);				/* EOI */
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x204, 4), 1u << 1);	/* the latch: delivered next */
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 1);
	lr[0] = (lr[0] & ~(3ull << 62)) | (2ull << 62);	/* acknowledged: taken */
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x204, 4), 0);
	assert_int_equal(rd(D, 0x304, 4), 1u << 1);

	/* (2) Edge-configured HW SPI: acknowledge + EOI consume the latch. */
	assert_int_equal(vgic_init(&g, 1), 0);
	assert_int_equal(vgic_own_spi_hw(&g, 47), 0);
	bring_up(0);
	wr(D, 0x104, 4, 1u << 15);
	wr(D, 0xc08, 4, 1u << 31);			/* ICFGR: SPI 47 edge */
	assert_int_equal(vgic_pend_spi(&g, 47), 1);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 1);
	assert_int_equal(lr[0] >> 62, 1);
	lr[0] &= ~(3ull << 62);				/* acknowledged and EOI'd */
	vgic_sync(&g, 0, lr, 1);
	assert_int_equal(rd(D, 0x204, 4), 0);
	assert_int_equal(vgic_flush(&g, 0, lr, 4, &more), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_bounds),
		cmocka_unit_test(test_identification),
		cmocka_unit_test(test_hostile_sizes),
		cmocka_unit_test(test_enable_priority_route),
		cmocka_unit_test(test_fuzz_against_reference),
		cmocka_unit_test(test_flush_timer_hw),
		cmocka_unit_test(test_flush_priority_overflow),
		cmocka_unit_test(test_gating_and_routing),
		cmocka_unit_test(test_spi_not_owned),
		cmocka_unit_test(test_spi_routing_irm),
		cmocka_unit_test(test_spi_level_against_model),
		cmocka_unit_test(test_spi_hw_linked),
		cmocka_unit_test(test_spi_hw_latch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
