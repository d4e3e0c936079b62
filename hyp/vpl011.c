// SPDX-License-Identifier: MIT
/*
 * The virtual PL011 (see hyp/vpl011.h). Accesses of 1, 2 or 4 bytes at an
 * offset aligned to their size are accepted; a sub-word access reads or
 * writes those bytes of the 32-bit register (little-endian lanes, as the
 * PL011 on an Arm bus). Anything else (8-byte or misaligned accesses) is
 * refused, so the guest gets an abort. Unknown offsets read as zero and
 * ignore writes, as reserved PrimeCell registers do.
 */
#include <string.h>
#include "hyp/vpl011.h"
#include "hyp/vcons.h"

/* PrimeCell identification (PL011 TRM 3.3.14-3.3.15): peripheral 0x00041011, cell 0xB105F00D. */
static const uint8_t id_regs[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_init(struct vpl011 *u, struct vcons_mux *mux, unsigned int cons)
{
	memset(u, 0, sizeof(*u));
	u->mux = mux;
	u->cons = cons;
	u->cr = 0x300;		/* TXE | RXE */
	u->ifls = 0x12;
	u->ris_tx = VPL011_INT_TX;
}

void vpl011_set_irq(struct vpl011 *u, void (*irq)(void *ctx, bool level), void *ctx)
{
	spin_lock(&u->lock);
	u->irq = irq;
	u->irq_ctx = ctx;
	u->line = false;
	spin_unlock(&u->lock);
}

/* UARTRIS (lock held). */
static uint32_t ris(struct vpl011 *u)
{
	uint32_t r = u->ris_tx;

	if (vcons_rx_pending(u->mux, u->cons))
		r |= (VPL011_INT_RX | VPL011_INT_RT) & ~u->rx_clr;
	else
		u->rx_clr = 0;		/* drained: the next byte raises RX again */
	return r;
}

/* UARTINTR = (RIS & IMSC) != 0 to the callback when it changes (lock held). */
static void line_update(struct vpl011 *u)
{
	bool level = (ris(u) & u->imsc) != 0;

	if (u->irq && level != u->line) {
		u->line = level;
		u->irq(u->irq_ctx, level);
	}
}

void vpl011_rx_event(struct vpl011 *u)
{
	spin_lock(&u->lock);
	u->rx_clr = 0;
	line_update(u);
	spin_unlock(&u->lock);
}

bool vpl011_line(struct vpl011 *u)
{
	bool l;

	spin_lock(&u->lock);
	l = u->line;
	spin_unlock(&u->lock);
	return l;
}

static uint32_t reg_read(struct vpl011 *u, uint64_t reg)
{
	uint8_t c;

	switch (reg) {
	case VPL011_DR:
		return vcons_getc(u->mux, u->cons, &c) ? 0 : c;
	case VPL011_RSR:
		return 0;
	case VPL011_FR:
		return vpl011_fr(u);
	case VPL011_ILPR: return u->ilpr;
	case VPL011_IBRD: return u->ibrd;
	case VPL011_FBRD: return u->fbrd;
	case VPL011_LCR_H: return u->lcr_h;
	case VPL011_CR: return u->cr;
	case VPL011_IFLS: return u->ifls;
	case VPL011_IMSC: return u->imsc;
	case VPL011_RIS: return ris(u);
	case VPL011_MIS: return ris(u) & u->imsc;
	case VPL011_DMACR: return u->dmacr;
	default:
		if (reg >= 0xfe0 && reg < 0x1000)
			return id_regs[(reg - 0xfe0) / 4];
		return 0;
	}
}

static void reg_write(struct vpl011 *u, uint64_t reg, uint32_t val)
{
	switch (reg) {
	case VPL011_DR:
		vcons_putc(u->mux, u->cons, (uint8_t)val);
		u->tx_bytes++;
		u->ris_tx = VPL011_INT_TX;
		break;
	case VPL011_RSR: break;	/* UARTECR: clears errors, there are none */
	case VPL011_ILPR: u->ilpr = val & 0xff; break;
	case VPL011_IBRD: u->ibrd = val & 0xffff; break;
	case VPL011_FBRD: u->fbrd = val & 0x3f; break;
	case VPL011_LCR_H: u->lcr_h = val & 0xff; break;
	case VPL011_CR: u->cr = val & 0xff87; break;
	case VPL011_IFLS: u->ifls = val & 0x3f; break;
	case VPL011_IMSC: u->imsc = val & VPL011_INT_ALL; break;
	case VPL011_ICR:
		u->ris_tx &= ~val;
		u->rx_clr |= val & (VPL011_INT_RX | VPL011_INT_RT);
		break;
	case VPL011_DMACR: u->dmacr = val & 7; break;
	default: break;	/* read-only or reserved */
	}
}

static bool access_ok(uint64_t off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && !(off & (size - 1)) && off < VPL011_SIZE;
}

/* Any register but UARTFR, under the device lock (DR consumes input). */
static __attribute__((noinline)) uint32_t read_locked(struct vpl011 *u, uint64_t off)
{
	uint32_t v;

	spin_lock(&u->lock);
	/* Only a read that covers the data byte consumes input. */
	if ((off & ~3ull) == VPL011_DR && (off & 3)) {
		v = 0;
	} else {
		v = reg_read(u, off & ~3ull);
		if ((off & ~3ull) == VPL011_DR)
			line_update(u);		/* the queue may have drained */
	}
	spin_unlock(&u->lock);
	return v;
}

static int vpl011_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	struct vpl011 *u = ctx;
	uint32_t v;

	if (!access_ok(off, size))
		return -1;
	/* UARTFR is the polled console's hot path: no device lock (mux and cons are immutable). */
	v = (off & ~3ull) == VPL011_FR ? vpl011_fr(u) : read_locked(u, off);
	v >>= (unsigned int)(off & 3) * 8;
	*val = size == 4 ? v : v & ((1u << (size * 8)) - 1);
	return 0;
}

static int vpl011_write(void *ctx, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = ctx;
	unsigned int shift = (unsigned int)(off & 3) * 8;
	uint64_t reg = off & ~3ull;
	uint32_t v, mask;

	if (!access_ok(off, size))
		return -1;
	mask = size == 4 ? ~0u : ((1u << (size * 8)) - 1) << shift;
	v = ((uint32_t)val << shift) & mask;
	spin_lock(&u->lock);
	if (reg == VPL011_DR || reg == VPL011_ICR) {
		/* Data and clear registers act on the bytes written, not on a merge. */
		if (reg == VPL011_DR && !shift)
			reg_write(u, reg, v);
		else if (reg == VPL011_ICR)
			reg_write(u, reg, v);
	} else {
		reg_write(u, reg, (reg_read(u, reg) & ~mask) | v);
	}
	line_update(u);
	spin_unlock(&u->lock);
	return 0;
}

const struct mmio_ops vpl011_ops = {
	.read = vpl011_read,
	.write = vpl011_write,
};
