// SPDX-License-Identifier: MIT
/*
 * Host tests for hyp/vpl011.c, the virtual PL011, through its MMIO-bus
 * callbacks and the real console multiplexer (hyp/vcons.c). Expected
 * values come from the PL011 TRM (ARM DDI 0183G), written out here:
 * UARTDR 0x000, UARTFR 0x018 (TXFE bit 7, RXFF 6, TXFF 5, RXFE 4, BUSY 3),
 * UARTCR 0x030 reset 0x0300, UARTIFLS 0x034 reset 0x12, UARTIMSC 0x038,
 * UARTRIS 0x03C, UARTMIS 0x040, UARTICR 0x044 (TX bit 5, RX bit 4),
 * UARTPeriphID0-3 0xFE0.. = 0x11 0x10 0x14 0x00, UARTPCellID0-3 0xFF0.. =
 * 0x0D 0xF0 0x05 0xB1.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hyp/vpl011.h"
#include "hyp/vcons.h"
#include "host_stubs.h"

static char out[4096];
static size_t outlen;

static void capture(const char *line)
{
	size_t n = strlen(line);

	if (outlen + n < sizeof(out)) {
		memcpy(out + outlen, line, n + 1);
		outlen += n;
	}
}

static struct vcons_mux mux;
static struct vpl011 u;

static int setup(void **st)
{
	(void)st;
	outlen = 0;
	out[0] = 0;
	vcons_mux_init(&mux, capture);
	assert_int_equal(vcons_add(&mux, "alpha"), 0);
	assert_int_equal(vcons_add(&mux, "beta"), 1);
	vpl011_init(&u, &mux, 1);
	return 0;
}

static uint64_t rd(uint64_t off, unsigned size)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(vpl011_ops.read(&u, off, size, &v), 0);
	return v;
}

static void wr(uint64_t off, unsigned size, uint64_t v)
{
	assert_int_equal(vpl011_ops.write(&u, off, size, v), 0);
}

static void test_reset_and_ids(void **st)
{
	static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	(void)st;
	assert_int_equal(rd(0x030, 4), 0x300);
	assert_int_equal(rd(0x034, 4), 0x12);
	assert_int_equal(rd(0x038, 4), 0);
	/* TX FIFO empty, RX FIFO empty, not full, not busy */
	assert_int_equal(rd(0x018, 4), (1u << 7) | (1u << 4));
	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(rd(0xfe0 + 4 * i, 4), ids[i]);
	/* reserved offsets read as zero */
	assert_int_equal(rd(0x100, 4), 0);
	assert_int_equal(rd(0xffc + 0, 1), 0xb1);
}

static void test_tx_lines(void **st)
{
	(void)st;
	for (const char *s = "hi there\n"; *s; s++)
		wr(0x000, 4, (uint64_t)(uint8_t)*s | 0xffffff00u);	/* only the low byte is data */
	assert_string_equal(out, "[beta] hi there\n");
	/* byte writes work too (Linux writeb) */
	wr(0x000, 1, 'x');
	wr(0x000, 1, '\n');
	assert_string_equal(out, "[beta] hi there\n[beta] x\n");
	/* a write to the upper half of DR transmits nothing */
	wr(0x002, 2, 0x4141);
	assert_int_equal(u.tx_bytes, 11);
}

static void test_interrupt_status(void **st)
{
	(void)st;
	/* TX status latched at reset and by writes, cleared by ICR; MIS masks with IMSC. */
	assert_int_equal(rd(0x03c, 4) & 0x30, 0x20);
	assert_int_equal(rd(0x040, 4), 0);
	wr(0x038, 4, 0x30);
	assert_int_equal(rd(0x038, 4), 0x30);
	assert_int_equal(rd(0x040, 4), 0x20);
	wr(0x044, 4, 0x20);
	assert_int_equal(rd(0x03c, 4), 0);
	wr(0x000, 4, 'a');
	assert_int_equal(rd(0x03c, 4), 0x20);
	/* RX follows the input queue of the focused partition (focus 0 = alpha, not us) */
	vcons_input(&mux, 'q');
	assert_int_equal(rd(0x03c, 4) & 0x10, 0);
	vcons_input(&mux, 0x14);	/* Ctrl-T n: focus beta */
	vcons_input(&mux, 'n');
	vcons_input(&mux, 'z');
	assert_int_equal(rd(0x03c, 4) & 0x10, 0x10);
	assert_int_equal(rd(0x040, 4) & 0x10, 0x10);
	assert_int_equal(rd(0x018, 4) & (1u << 4), 0);	/* RXFE clear */
	assert_int_equal(rd(0x000, 4), 'z');
	assert_int_equal(rd(0x018, 4) & (1u << 4), 1u << 4);
	assert_int_equal(rd(0x03c, 4) & 0x10, 0);
	assert_int_equal(rd(0x000, 4), 0);	/* empty queue reads 0 */
}

static void test_registers_stored(void **st)
{
	(void)st;
	wr(0x024, 4, 0x1234ffff);
	assert_int_equal(rd(0x024, 4), 0xffff);
	wr(0x028, 4, 0xff);
	assert_int_equal(rd(0x028, 4), 0x3f);
	wr(0x02c, 4, 0x70);
	assert_int_equal(rd(0x02c, 4), 0x70);
	wr(0x030, 4, 0x301);
	assert_int_equal(rd(0x030, 4), 0x301);
	/* sub-word write merges with the register */
	wr(0x030, 1, 0x00);
	assert_int_equal(rd(0x030, 4), 0x300);
	assert_int_equal(rd(0x031, 1), 0x03);
	assert_int_equal(rd(0x030, 2), 0x300);
	/* FR, RIS, MIS are read-only */
	wr(0x018, 4, 0);
	assert_int_equal(rd(0x018, 4) & 0x80, 0x80);
}

static void test_refused_accesses(void **st)
{
	uint64_t v;
	(void)st;
	assert_int_equal(vpl011_ops.read(&u, 0x000, 8, &v), -1);
	assert_int_equal(vpl011_ops.write(&u, 0x000, 8, 0), -1);
	assert_int_equal(vpl011_ops.read(&u, 0x001, 2, &v), -1);
	assert_int_equal(vpl011_ops.write(&u, 0x002, 4, 0), -1);
	assert_int_equal(vpl011_ops.read(&u, 0x1000, 4, &v), -1);
	assert_int_equal(vpl011_ops.read(&u, 0x018, 3, &v), -1);
	assert_int_equal(u.tx_bytes, 0);
}


/* ---- The interrupt line (UARTINTR) against a model of the TRM's status registers ---- */

static unsigned int irq_calls;
static bool irq_level, irq_twice;

static void irq_cb(void *ctx, bool level)
{
	assert_ptr_equal(ctx, &u);
	if (irq_calls && level == irq_level)
		irq_twice = true;	/* the callback must only see changes */
	irq_calls++;
	irq_level = level;
}

/* What the arch's notifier does (under the partition lock there). */
static void rx_notify(void *ctx)
{
	vpl011_rx_event(ctx);
}

struct model {
	unsigned int q;			/* bytes queued for beta */
	bool beta_focus, escape;
	uint32_t imsc, txris, rxclr;
	bool line;
	unsigned int changes;
};

/*
 * UARTRIS per TRM 3.3.11 with an instantly draining TX FIFO: TXRIS latched
 * by each transmitted byte (and at reset), cleared by UARTICR; RXRIS and
 * RTRIS while data is queued, unless cleared by UARTICR since the last
 * byte arrived.
 */
static uint32_t m_ris(const struct model *m)
{
	return m->txris | (m->q ? (0x50u & ~m->rxclr) : 0);
}

static void m_update(struct model *m)
{
	bool l = (m_ris(m) & m->imsc) != 0;

	if (!m->q)
		m->rxclr = 0;
	if (l != m->line) {
		m->line = l;
		m->changes++;
	}
}

static void test_irq_line_against_model(void **st)
{
	struct model m = { .txris = 0x20 };
	unsigned int mism = 0;

	(void)st;
	srand(4242);
	irq_calls = 0;
	irq_level = false;
	irq_twice = false;
	vpl011_set_irq(&u, irq_cb, &u);
	vcons_set_rx_notify(&mux, 1, rx_notify, &u);
	assert_false(vpl011_line(&u));
	for (unsigned int k = 0; k < 50000; k++) {
		unsigned int op = (unsigned int)rand() % 9;
		uint32_t v = (uint32_t)rand();

		switch (op) {
		case 0: case 1: {			/* a byte typed on the physical console */
			uint8_t c = (rand() % 16 == 0) ? 0x14 : (uint8_t)('a' + rand() % 26);

			if (rand() % 8 == 0 && !m.escape)
				c = 0x14;
			if (m.escape) {
				if (c == 'n' || rand() % 2) {
					c = 'n';
					m.beta_focus = !m.beta_focus;
				} else if (c == 0x14 && m.beta_focus && m.q < VCONS_RX_SIZE) {
					m.q++;
					m.rxclr = 0;
				}
				m.escape = false;
			} else if (c == 0x14) {
				m.escape = true;
			} else if (m.beta_focus && m.q < VCONS_RX_SIZE) {
				m.q++;
				m.rxclr = 0;
			}
			vcons_input(&mux, c);
			break;
		}
		case 2: case 3: {			/* UARTDR read: whole, byte, or the upper lanes */
			unsigned int size = (rand() & 1) ? 4 : 1, off = (rand() % 4 == 0) ? 1 : 0;

			(void)rd(off, off ? 1 : size);
			if (!off && m.q)
				m.q--;
			break;
		}
		case 4:					/* UARTIMSC, whole or a byte lane */
			if (rand() & 1) {
				wr(0x038, 4, v);
				m.imsc = v & 0x7ff;
			} else {
				wr(0x038, 1, v & 0xff);
				m.imsc = (m.imsc & ~0xffu) | (v & 0xff);
			}
			break;
		case 5:					/* UARTICR */
			wr(0x044, 4, v & 0x70);
			m.txris &= ~(v & 0x20);
			m.rxclr |= v & 0x50;
			break;
		case 6:					/* UARTDR write: a byte sent */
			wr(0x000, 4, 'a' + (v % 26));
			m.txris = 0x20;
			break;
		case 7:					/* reads without effect */
			(void)rd(0x018, 4);
			(void)rd(0x038, 4);
			break;
		default:
			break;
		}
		m_update(&m);
		if ((rd(0x03c, 4) & 0x70) != m_ris(&m) || rd(0x040, 4) != (m_ris(&m) & m.imsc) ||
		    vpl011_line(&u) != m.line || irq_calls != m.changes || (irq_calls && irq_level != m.line)) {
			if (mism++ < 5)
				print_message("step %u op %u: RIS 0x%x want 0x%x, line %d want %d, calls %u want %u\n", k, op,
					      (unsigned int)rd(0x03c, 4), m_ris(&m), vpl011_line(&u), m.line, irq_calls,
					      m.changes);
		}
	}
	assert_int_equal(mism, 0);
	assert_false(irq_twice);
	assert_true(m.changes > 1000);
}

/* The scenario Linux's amba-pl011 driver produces: RX interrupts only, no TX storm. */
static void test_irq_linux_sequence(void **st)
{
	(void)st;
	irq_calls = 0;
	irq_level = false;
	vpl011_set_irq(&u, irq_cb, &u);
	vcons_set_rx_notify(&mux, 1, rx_notify, &u);
	vcons_input(&mux, 0x14);
	vcons_input(&mux, 'n');			/* focus beta */
	wr(0x044, 4, 0x7ff);			/* pl011_hwinit: clear everything (TX latches again on output) */
	wr(0x038, 4, 0x50);			/* RTIM | RXIM */
	assert_int_equal(irq_calls, 0);
	for (const char *s = "console output\n"; *s; s++)
		wr(0x000, 4, (uint8_t)*s);	/* TXRIS latched, TXIM off: nothing */
	assert_int_equal(irq_calls, 0);
	vcons_input(&mux, 'k');
	vcons_input(&mux, '\r');
	assert_int_equal(irq_calls, 1);
	assert_true(irq_level);
	assert_int_equal(rd(0x040, 4), 0x50);
	assert_int_equal(rd(0x000, 4), 'k');
	assert_true(irq_level);			/* still data */
	assert_int_equal(rd(0x000, 4), '\r');
	assert_false(irq_level);		/* drained: low */
	assert_int_equal(irq_calls, 2);
	/* Masked input: RIS only. */
	wr(0x038, 4, 0);
	vcons_input(&mux, 'x');
	assert_int_equal(irq_calls, 2);
	assert_int_equal(rd(0x03c, 4) & 0x50, 0x50);
	wr(0x038, 4, 0x10);			/* unmasked with data queued: high at once */
	assert_int_equal(irq_calls, 3);
	assert_true(irq_level);
	wr(0x044, 4, 0x10);			/* cleared with data still queued: low */
	assert_false(irq_level);
	vcons_input(&mux, 'y');			/* the next byte raises it again */
	assert_true(irq_level);
	assert_int_equal(irq_calls, 5);
	/* Input for another partition never touches this line. */
	vcons_input(&mux, 0x14);
	vcons_input(&mux, '1');			/* focus alpha */
	(void)rd(0x000, 4);
	(void)rd(0x000, 4);
	assert_false(irq_level);
	vcons_input(&mux, 'z');
	assert_false(irq_level);
	assert_int_equal(irq_calls, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_and_ids, setup),
		cmocka_unit_test_setup(test_tx_lines, setup),
		cmocka_unit_test_setup(test_interrupt_status, setup),
		cmocka_unit_test_setup(test_registers_stored, setup),
		cmocka_unit_test_setup(test_refused_accesses, setup),
		cmocka_unit_test_setup(test_irq_line_against_model, setup),
		cmocka_unit_test_setup(test_irq_linux_sequence, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
