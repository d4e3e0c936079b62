// SPDX-License-Identifier: MIT
/*
 * The physical console on x86_64: the 16550 UART at COM1 (I/O port 0x3f8),
 * polled, 115200 8N1 (PC16550D datasheet: registers THR/RBR 0, IER 1,
 * FCR 2, LCR 3, MCR 4, LSR 5; divisor latch at 0/1 while LCR.DLAB = 1).
 * Owns arch_console_putc, arch_console_write and the lock-free string writer
 * crash paths use.
 */
#include "hyp/arch.h"
#include "arch/x86/x86.h"

#define COM1		0x3f8
#define UART_THR	0
#define UART_IER	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_LSR_THRE	0x20	/* transmit holding register empty */
#define UART_LSR_TEMT	0x40	/* transmitter completely idle */

/* Bound on polling a UART that never becomes ready (absent or broken): drop the byte. */
#define UART_SPIN_MAX	1000000

/*
 * With the FIFOs on, THRE means the 16-byte transmit FIFO is empty
 * (PC16550D datasheet, LSR bit 5): that many bytes go without polling again.
 */
#define UART_FIFO_SIZE	16u

static bool uart_fifo;	/* x86_uart_init() turned the FIFOs on */

void x86_uart_init(void)
{
	outb(COM1 + UART_IER, 0x00);	/* no interrupts: polled */
	outb(COM1 + UART_LCR, 0x80);	/* DLAB = 1 */
	outb(COM1 + UART_THR, 0x01);	/* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, 0x03);	/* 8 data bits, no parity, 1 stop bit */
	outb(COM1 + UART_FCR, 0x07);	/* FIFO on, both FIFOs cleared */
	outb(COM1 + UART_MCR, 0x03);	/* DTR, RTS */
	uart_fifo = true;
}

static void uart_wait(uint8_t bits)
{
	unsigned int n;

	for (n = 0; n < UART_SPIN_MAX; n++) {
		if ((inb(COM1 + UART_LSR) & bits) == bits)
			return;
		__asm__ volatile("pause");
	}
}

void arch_console_putc(char c)
{
	uart_wait(UART_LSR_THRE);
	outb(COM1 + UART_THR, (uint8_t)c);
}

/* LSR is read once per FIFO's worth of bytes, not per byte. */
void arch_console_write(const char *s, size_t n)
{
	const char *end = s + n;
	unsigned int room = 0;

	for (; s < end; s++) {
		if (*s == '\n') {
			if (!room) {
				uart_wait(UART_LSR_THRE);
				room = uart_fifo ? UART_FIFO_SIZE : 1;
			}
			outb(COM1 + UART_THR, '\r');
			room--;
		}
		if (!room) {
			uart_wait(UART_LSR_THRE);
			room = uart_fifo ? UART_FIFO_SIZE : 1;
		}
		outb(COM1 + UART_THR, (uint8_t)*s);
		room--;
	}
}

void x86_uart_puts(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	arch_console_write(s, n);
}

void x86_uart_flush(void)
{
	uart_wait(UART_LSR_THRE | UART_LSR_TEMT);
}
