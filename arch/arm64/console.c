// SPDX-License-Identifier: MIT
/*
 * The physical console on arm64: a PL011 UART, polled. Until the DTB names
 * the console, output goes to the build-time early UART (EARLY_UART_BASE,
 * set by ARM64_EARLY_UART in arch/arm64/image.mk: QEMU virt's PL011 at
 * 0x09000000 by default, 0 for none; like Linux's earlycon), so
 * that errors in the DTB itself can still be reported. The early UART is
 * written with the MMU off (device memory) and, once the MMU is on, through
 * its Device-nGnRE mapping (mmu.c maps it first).
 *
 * The UART is used as firmware left it (baud rate, frame format), like
 * earlycon, with one exception: if its FIFOs are off (QEMU's reset state),
 * they are turned on once, the way the PL011 TRM asks (transmitter idle,
 * UART disabled around the UARTLCR_H write, then UARTCR restored), so the
 * flag register is read once per FIFO's worth of bytes instead of before
 * every byte. PL011 TRM (ARM DDI 0183) 3.3.
 *
 * Input (arch_console_getc) is polled from the receive FIFO by CPU 0, for
 * the partitions' console multiplexer (hyp/part_boot.c).
 */
#include "hyp/arch.h"
#include "hyp/arch_vcpu.h"
#include "arch/arm64/arm64.h"

#ifndef EARLY_UART_BASE
#define EARLY_UART_BASE 0x09000000
#endif

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTFR_BUSY	(1u << 3)	/* transmitting (FIFO not empty or shifting) */
#define UARTFR_RXFE	(1u << 4)	/* receive FIFO empty */
#define UARTFR_TXFF	(1u << 5)	/* transmit FIFO full */
#define UARTFR_TXFE	(1u << 7)	/* transmit FIFO empty */
#define UARTLCR_H	0x02c
#define UARTLCR_H_FEN	(1u << 4)	/* FIFOs enabled */
#define UARTCR		0x030
#define UARTCR_UARTEN	(1u << 0)	/* UART enabled */

/*
 * Entries an empty transmit FIFO surely takes: 16 in every PL011 revision
 * (r1p5 has 32). With the FIFOs off the holding register takes one.
 * PL011 TRM 2.4.3, 3.3.3 (UARTFR), 3.3.7 (UARTLCR_H).
 */
#define TX_FIFO_MIN	16u

/*
 * Bounded wait for FIFO space (per character for putc, per call for write):
 * a wedged UART must not hang the hypervisor.
 */
#define TX_SPIN_MAX	1000000u

static uint64_t console_base = (uint64_t)EARLY_UART_BASE;
/*
 * The UART whose FIFOs arch_console_write() has checked (and turned on if
 * they were off), and whether they are on. Written under the console lock
 * (a crash dump may race with it: at worst the check runs twice).
 */
static uint64_t fifo_checked_base;
static bool fifo_on;

const char arch_name[] = "arm64";

uint64_t arm64_early_uart_base(void)
{
	return (uint64_t)EARLY_UART_BASE;
}

void arm64_console_set(uint64_t base)
{
	WRITE_ONCE(console_base, base);
}

static inline volatile uint32_t *uart_reg(uint64_t base, unsigned int off)
{
	return (volatile uint32_t *)(uintptr_t)(base + off);
}

/* Input comes from the DTB's console PL011 only (none before the DTB is read). */
int arch_console_getc(void)
{
	uint64_t base = arm64_plat.uart_base;

	if (!base || (*uart_reg(base, UARTFR) & UARTFR_RXFE))
		return -1;
	/* UARTDR: the byte in [7:0], its receive error flags above (dropped). PL011 TRM 3.3.1. */
	return (int)(*uart_reg(base, UARTDR) & 0xff);
}

void arch_console_putc(char c)
{
	uint64_t base = READ_ONCE(console_base);
	unsigned int spin = 0;

	if (!base)
		return;
	while ((*uart_reg(base, UARTFR) & UARTFR_TXFF) && spin++ < TX_SPIN_MAX)
		;
	*uart_reg(base, UARTDR) = (uint32_t)(unsigned char)c;
}

/*
 * Wait for room for one byte; *spin is what is left of this call's wait
 * budget (once spent, a wedged UART gets the bytes without waiting, as
 * arch_console_putc() does after its wait). Returns the flags last read.
 */
static inline uint32_t tx_wait(volatile uint32_t *fr, unsigned int *spin)
{
	uint32_t f;

	while (((f = *fr) & UARTFR_TXFF) && *spin)
		(*spin)--;
	return f;
}

/*
 * Bytes that surely fit now: an empty, enabled FIFO takes TX_FIFO_MIN;
 * otherwise one, once TXFF is clear (with the FIFOs off, the holding
 * register takes one byte).
 */
static inline unsigned int tx_room(volatile uint32_t *fr, unsigned int *spin, bool fifo)
{
	uint32_t f = tx_wait(fr, spin);

	return fifo && (f & UARTFR_TXFE) ? TX_FIFO_MIN : 1;
}

/*
 * Turn the FIFOs on if they are off. UARTLCR_H must not be written while the
 * UART is enabled or still sending (PL011 TRM 3.3.7, UARTLCR_H; 3.3.8,
 * UARTCR): wait (bounded) for BUSY to clear, disable, write, restore UARTCR.
 * The UARTLCR_H write also latches UARTIBRD/UARTFBRD, which still hold
 * firmware's divisors: the baud rate does not change. A byte being received
 * meanwhile may be lost; this runs once per console UART, at its first
 * output. If BUSY never clears, the FIFOs stay as they are.
 */
static void fifo_enable(uint64_t base)
{
	volatile uint32_t *lcr_h = uart_reg(base, UARTLCR_H);
	volatile uint32_t *cr = uart_reg(base, UARTCR);
	unsigned int spin = 0;
	uint32_t l = *lcr_h, c;

	if (l & UARTLCR_H_FEN)
		return;
	while (*uart_reg(base, UARTFR) & UARTFR_BUSY)
		if (spin++ >= TX_SPIN_MAX)
			return;
	c = *cr;
	*cr = c & ~UARTCR_UARTEN;
	*lcr_h = l | UARTLCR_H_FEN;
	*cr = c;
}

/*
 * The flag register is read once per FIFO's worth of bytes (with the FIFOs
 * off, fifo_enable() having failed: before each byte). Between reads, runs
 * of bytes up to the next '\n' go out with nothing but the store.
 */
void arch_console_write(const char *s, size_t n)
{
	uint64_t base = READ_ONCE(console_base);
	volatile uint32_t *fr, *dr;
	const char *end = s + n;
	unsigned int room = 0, spin = TX_SPIN_MAX;
	bool fifo;

	if (!base || !n)
		return;
	if (unlikely(base != fifo_checked_base)) {
		fifo_enable(base);
		fifo_on = (*uart_reg(base, UARTLCR_H) & UARTLCR_H_FEN) != 0;
		fifo_checked_base = base;
	}
	fifo = fifo_on;
	fr = uart_reg(base, UARTFR);
	dr = uart_reg(base, UARTDR);
	while (s < end) {
		size_t k;

		if (!room)
			room = tx_room(fr, &spin, fifo);
		if (*s == '\n') {
			/* "\r\n": two slots. */
			*dr = '\r';
			if (!--room)
				room = tx_room(fr, &spin, fifo);
			*dr = '\n';
			room--;
			s++;
			continue;
		}
		k = (size_t)(end - s) < room ? (size_t)(end - s) : room;
		room -= (unsigned int)k;
		/* Four at a time while none is a '\n', then one at a time. */
		while (k >= 4) {
			uint32_t c0 = (unsigned char)s[0], c1 = (unsigned char)s[1];
			uint32_t c2 = (unsigned char)s[2], c3 = (unsigned char)s[3];

			if (c0 == '\n' || c1 == '\n' || c2 == '\n' || c3 == '\n')
				break;
			*dr = c0;
			*dr = c1;
			*dr = c2;
			*dr = c3;
			s += 4;
			k -= 4;
		}
		while (k) {
			uint32_t c = (unsigned char)*s;

			if (c == '\n')
				break;
			*dr = c;
			s++;
			k--;
		}
		room += (unsigned int)k;	/* slots a '\n' left unused */
	}
}

void arm64_console_puts_raw(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	arch_console_write(s, n);
}
