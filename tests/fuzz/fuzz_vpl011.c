// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "vpl011": the virtual PL011 (hyp/vpl011.c) over the real
 * console multiplexer (hyp/vcons.c), driven by a guest and an operator at
 * once. Two consoles, each with its vPL011, wired as arch/arm64/vcpu.c
 * wires them (the UART's interrupt line to a callback, the console's input
 * notification to vpl011_rx_event). The input is a sequence of operations:
 * physical-console input bytes (escape sequences included), UARTDR reads
 * and writes, any register access of any size and offset, UARTIMSC and
 * UARTICR writes, console flushes and hypercall-style console writes.
 *
 * After every operation the target checks, against a model written here
 * from hyp/vcons.h and hyp/vpl011.h (PL011 TRM DDI 0183 3.3):
 *  - the interrupt line given to the callback equals (RIS & IMSC) != 0,
 *    and UARTRIS / UARTMIS / UARTFR read what the model says;
 *  - every input byte routed to a console comes out of its UARTDR exactly
 *    once and in order, or is counted as dropped when the 64-byte queue was
 *    full (nothing lost, nothing duplicated);
 *  - every output line is exactly the model's: "[name] " prefix, at most
 *    VCONS_LINE_MAX characters, control characters shown as '?', split at
 *    the limit; the focus notes likewise;
 *  - an access that is not 1, 2 or 4 bytes at an aligned offset below
 *    4 KiB is refused, any other is accepted; stored registers read back
 *    with their documented widths.
 * Any disagreement aborts (a crash for libFuzzer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hyp/vpl011.h"
#include "hyp/vcons.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NC	2
static const char *const names[NC] = { "alpha", "a-console-name-of-31-characters" };

#define check(c, ...)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "vpl011 invariant: " __VA_ARGS__);	\
			fprintf(stderr, " (step %u)\n", step);		\
			abort();					\
		}							\
	} while (0)

static unsigned int step;
static struct vcons_mux mux;
static struct vpl011 uart[NC];

/* What the interrupt callbacks were told. */
static bool level[NC];
static unsigned int level_calls[NC];

/* Lines the multiplexer emitted during one operation. */
#define MAXEMIT	4
static char got[MAXEMIT][256];
static unsigned int ngot;

/* ---- The model ------------------------------------------------------------ */

struct mcons {
	uint8_t q[VCONS_RX_SIZE];
	unsigned int head, count;
	uint64_t dropped;
	char line[VCONS_LINE_MAX + 1];
	unsigned int len;
	/* The UART. */
	uint32_t imsc, tx, rxclr;
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, dmacr;
};

static struct mcons mc[NC];
static unsigned int focus;
static bool escape;
static char want[MAXEMIT][256];
static unsigned int nwant;

static void emit(const char *line)
{
	check(ngot < MAXEMIT, "more lines than expected in one step");
	check(strlen(line) < sizeof(got[0]), "line of %zu bytes", strlen(line));
	strcpy(got[ngot++], line);
}

static void irq(void *ctx, bool lvl)
{
	unsigned int i = (unsigned int)(uintptr_t)ctx;

	check(lvl != level[i], "callback without a change of level");
	level[i] = lvl;
	level_calls[i]++;
}

static void rx_notify(void *ctx)
{
	vpl011_rx_event(&uart[(uintptr_t)ctx]);
}

static void m_emit(unsigned int i)
{
	check(nwant < MAXEMIT, "model emits too much");
	mc[i].line[mc[i].len] = 0;
	snprintf(want[nwant++], sizeof(want[0]), "[%s] %s\n", names[i], mc[i].line);
	mc[i].len = 0;
}

static void m_putc(unsigned int i, uint8_t c)
{
	if (c == '\n') {
		m_emit(i);
		return;
	}
	if (c == '\r')
		return;
	if ((c < 0x20 && c != '\t') || c == 0x7f)
		c = '?';
	mc[i].line[mc[i].len++] = (char)c;
	if (mc[i].len == VCONS_LINE_MAX)
		m_emit(i);
}

static void m_push(uint8_t c)
{
	struct mcons *m = &mc[focus];

	if (m->count == VCONS_RX_SIZE) {
		m->dropped++;
		return;
	}
	m->q[(m->head + m->count++) % VCONS_RX_SIZE] = c;
	m->rxclr = 0;		/* a new byte raises RX / RT again */
}

static void m_input(uint8_t c)
{
	bool sw = false;

	if (!escape) {
		if (c == VCONS_ESCAPE)
			escape = true;
		else
			m_push(c);
		return;
	}
	escape = false;
	if (c == VCONS_ESCAPE) {
		m_push(c);
	} else if (c >= '1' && c < '1' + NC) {
		focus = c - '1';
		sw = true;
	} else if (c == 'n') {
		focus = (focus + 1) % NC;
		sw = true;
	}
	if (sw)
		snprintf(want[nwant++], sizeof(want[0]), "bulkhead: console input to \"%s\"\n", names[focus]);
}

static uint32_t m_ris(unsigned int i)
{
	return mc[i].tx | (mc[i].count ? (VPL011_INT_RX | VPL011_INT_RT) & ~mc[i].rxclr : 0);
}

/* UARTDR read: the next queued byte, or 0. */
static uint32_t m_pop(unsigned int i)
{
	struct mcons *m = &mc[i];
	uint8_t c;

	if (!m->count)
		return 0;
	c = m->q[m->head];
	m->head = (m->head + 1) % VCONS_RX_SIZE;
	if (!--m->count)
		m->rxclr = 0;	/* drained */
	return c;
}

static const uint8_t idregs[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

/* The 32-bit register at reg (model; a DR read consumes). */
static uint32_t m_reg(unsigned int i, uint64_t reg)
{
	struct mcons *m = &mc[i];

	switch (reg) {
	case VPL011_DR: return m_pop(i);
	case VPL011_FR: return VPL011_FR_TXFE | (m->count ? 0 : VPL011_FR_RXFE);
	case VPL011_ILPR: return m->ilpr;
	case VPL011_IBRD: return m->ibrd;
	case VPL011_FBRD: return m->fbrd;
	case VPL011_LCR_H: return m->lcr_h;
	case VPL011_CR: return m->cr;
	case VPL011_IFLS: return m->ifls;
	case VPL011_IMSC: return m->imsc;
	case VPL011_RIS: return m_ris(i);
	case VPL011_MIS: return m_ris(i) & m->imsc;
	case VPL011_DMACR: return m->dmacr;
	default: return reg >= 0xfe0 && reg < 0x1000 ? idregs[(reg - 0xfe0) / 4] : 0;
	}
}

static bool m_ok(uint64_t off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off % size == 0 && off < VPL011_SIZE;
}

static uint64_t m_read(unsigned int i, uint64_t off, unsigned int size)
{
	uint64_t reg = off & ~3ull;
	uint32_t v;

	if (reg == VPL011_DR && (off & 3))
		return 0;		/* does not cover the data byte: consumes nothing */
	v = m_reg(i, reg) >> (8 * (off & 3));
	return size == 4 ? v : v & ((1u << (8 * size)) - 1);
}

static void m_write(unsigned int i, uint64_t off, unsigned int size, uint64_t val)
{
	struct mcons *m = &mc[i];
	unsigned int sh = 8 * (unsigned int)(off & 3);
	uint32_t mask = size == 4 ? ~0u : ((1u << (8 * size)) - 1) << sh;
	uint32_t v = ((uint32_t)val << sh) & mask;
	uint64_t reg = off & ~3ull;

#define MERGE(f, w) (m->f = ((m->f & ~mask) | v) & (w))
	switch (reg) {
	case VPL011_DR:
		if (!sh) {
			m_putc(i, (uint8_t)v);
			m->tx = VPL011_INT_TX;
		}
		break;
	case VPL011_ICR:
		m->tx &= ~v;
		m->rxclr |= v & (VPL011_INT_RX | VPL011_INT_RT);
		break;
	case VPL011_ILPR: MERGE(ilpr, 0xff); break;
	case VPL011_IBRD: MERGE(ibrd, 0xffff); break;
	case VPL011_FBRD: MERGE(fbrd, 0x3f); break;
	case VPL011_LCR_H: MERGE(lcr_h, 0xff); break;
	case VPL011_CR: MERGE(cr, 0xff87); break;
	case VPL011_IFLS: MERGE(ifls, 0x3f); break;
	case VPL011_IMSC: MERGE(imsc, VPL011_INT_ALL); break;
	case VPL011_DMACR: MERGE(dmacr, 7); break;
	default: break;
	}
#undef MERGE
	if (!m->count)
		m->rxclr = 0;
}

/* ---- Driving it ------------------------------------------------------------ */

static uint64_t rd(unsigned int i, uint64_t off, unsigned int size, int *ret)
{
	uint64_t v = 0x5a5a5a5a5a5a5a5aull;

	*ret = vpl011_ops.read(&uart[i], off, size, &v);
	return v;
}

static void do_read(unsigned int i, uint64_t off, unsigned int size)
{
	int r;
	uint64_t v = rd(i, off, size, &r);

	check((r == 0) == m_ok(off, size), "read off 0x%llx size %u: %d", (unsigned long long)off, size, r);
	if (!r) {
		uint64_t w = m_read(i, off, size);

		check(v == w, "uart %u read off 0x%llx size %u: 0x%llx, model 0x%llx", i,
		      (unsigned long long)off, size, (unsigned long long)v, (unsigned long long)w);
	}
}

static void do_write(unsigned int i, uint64_t off, unsigned int size, uint64_t val)
{
	int r = vpl011_ops.write(&uart[i], off, size, val);

	check((r == 0) == m_ok(off, size), "write off 0x%llx size %u: %d", (unsigned long long)off, size, r);
	if (!r)
		m_write(i, off, size, val);
}

static const uint64_t hot[] = { VPL011_DR, VPL011_DR + 1, VPL011_DR + 2, VPL011_DR + 3, VPL011_RSR, VPL011_FR,
				VPL011_ILPR, VPL011_IBRD, VPL011_FBRD, VPL011_LCR_H, VPL011_CR, VPL011_CR + 2,
				VPL011_IFLS, VPL011_IMSC, VPL011_IMSC + 1, VPL011_RIS, VPL011_MIS, VPL011_ICR,
				VPL011_ICR + 1, VPL011_DMACR, 0xfe0, 0xfec, 0xffc, 0xffe, 0xfff, 0x1000 };
static const unsigned int sizes[8] = { 4, 1, 2, 4, 8, 3, 0, 16 };

static void check_all(void)
{
	char buf[64];

	/* The lines are exactly the model's, and look as the multiplexer promises. */
	check(ngot == nwant, "%u lines emitted, model %u", ngot, nwant);
	for (unsigned int k = 0; k < ngot; k++) {
		size_t n = strlen(got[k]);

		check(!strcmp(got[k], want[k]), "line \"%s\", model \"%s\"", got[k], want[k]);
		check(n && got[k][n - 1] == '\n', "line without its newline");
		if (got[k][0] == '[') {
			bool pre = false;

			for (unsigned int i = 0; i < NC; i++) {
				int l = snprintf(buf, sizeof(buf), "[%s] ", names[i]);

				if (!strncmp(got[k], buf, (size_t)l)) {
					pre = true;
					check(n - (size_t)l - 1 <= VCONS_LINE_MAX, "line over the limit");
				}
			}
			check(pre, "line without a console prefix");
			for (size_t j = 0; j + 1 < n; j++)
				check((uint8_t)got[k][j] >= 0x20 || got[k][j] == '\t', "control character in a line");
		} else {
			check(!strncmp(got[k], "bulkhead: console input to", 26), "stray line %s", got[k]);
		}
	}
	for (unsigned int i = 0; i < NC; i++) {
		uint32_t ris = m_ris(i);
		int r;

		/* The line is (RIS & IMSC) != 0 (TRM 2.8.2, UARTINTR). */
		check(level[i] == ((ris & mc[i].imsc) != 0), "uart %u line %d, RIS 0x%x IMSC 0x%x", i, level[i], ris,
		      mc[i].imsc);
		check(vpl011_line(&uart[i]) == level[i], "vpl011_line disagrees");
		check(rd(i, VPL011_RIS, 4, &r) == ris && !r, "uart %u RIS 0x%llx, model 0x%x", i,
		      (unsigned long long)rd(i, VPL011_RIS, 4, &r), ris);
		check(rd(i, VPL011_MIS, 4, &r) == (ris & mc[i].imsc), "uart %u MIS", i);
		check(rd(i, VPL011_FR, 4, &r) == m_reg(i, VPL011_FR), "uart %u FR", i);
		check(vcons_rx_pending(&mux, i) == mc[i].count, "console %u queue %u, model %u", i,
		      vcons_rx_pending(&mux, i), mc[i].count);
		check(mux.cons[i].rx_dropped == mc[i].dropped, "console %u dropped %llu, model %llu", i,
		      (unsigned long long)mux.cons[i].rx_dropped, (unsigned long long)mc[i].dropped);
	}
	check(mux.focus == focus, "focus %u, model %u", mux.focus, focus);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };

	vcons_mux_init(&mux, emit);
	memset(mc, 0, sizeof(mc));
	memset(level, 0, sizeof(level));
	memset(level_calls, 0, sizeof(level_calls));
	focus = 0;
	escape = false;
	for (unsigned int i = 0; i < NC; i++) {
		if (vcons_add(&mux, names[i]) != (int)i)
			abort();
		vpl011_init(&uart[i], &mux, i);
		vpl011_set_irq(&uart[i], irq, (void *)(uintptr_t)i);
		vcons_set_rx_notify(&mux, i, rx_notify, (void *)(uintptr_t)i);
		mc[i].cr = 0x300;
		mc[i].ifls = 0x12;
		mc[i].tx = VPL011_INT_TX;
	}
	for (step = 0; !fz_done(&f) && step < 4096; step++) {
		uint8_t op = fz_u8(&f);
		unsigned int i = op >> 7, k;
		uint64_t off;

		ngot = nwant = 0;
		switch (op & 15) {
		case 0: case 1: {			/* operator input (op 1: the bytes that matter) */
			static const uint8_t alpha[8] = { VCONS_ESCAPE, '1', '2', '3', 'n', 'x', '\n', 0x7f };
			uint8_t c = fz_u8(&f);

			if ((op & 15) == 1)
				c = alpha[c & 7];
			m_input(c);
			vcons_input(&mux, c);
			break;
		}
		case 2: case 3:				/* UARTDR read */
			do_read(i, (op & 15) == 3 ? fz_u8(&f) & 3 : 0, sizes[(op >> 4) & 3]);
			break;
		case 4: case 5:				/* UARTDR write */
			do_write(i, 0, sizes[(op >> 4) & 3], fz_u32(&f));
			break;
		case 6:					/* any register, any size */
		case 7:
			k = fz_u8(&f);
			off = (k & 0x80) ? fz_u16(&f) & 0x1fff : hot[k % (sizeof(hot) / sizeof(hot[0]))];
			if ((op & 15) == 6)
				do_read(i, off, sizes[(op >> 4) & 7]);
			else
				do_write(i, off, sizes[(op >> 4) & 7], fz_u32(&f));
			break;
		case 8:					/* UARTIMSC */
			do_write(i, VPL011_IMSC, 4, fz_u16(&f));
			break;
		case 9:					/* UARTICR */
			do_write(i, VPL011_ICR, 4, fz_u16(&f));
			break;
		case 10:				/* the partition stops: its line is printed */
			if (mc[i].len)
				m_emit(i);
			vcons_flush(&mux, i);
			break;
		case 11: {				/* a console hypercall's bytes */
			uint8_t c = fz_u8(&f);

			m_putc(i, c);
			vcons_putc(&mux, i, c);
			break;
		}
		case 12:				/* a burst of input */
			for (k = fz_u8(&f) & 0x7f; k; k--) {
				m_input((uint8_t)('a' + k % 26));
				vcons_input(&mux, (uint8_t)('a' + k % 26));
			}
			break;
		case 13:				/* drain with byte reads */
			for (k = fz_u8(&f) & 0x7f; k; k--)
				do_read(i, 0, 1);
			break;
		default:
			break;
		}
		check_all();
	}
	return 0;
}
