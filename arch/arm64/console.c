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
 * The UART is used as firmware left it (baud rate, line control): like
 * earlycon, we only write the data register. PL011 TRM (ARM DDI 0183) 3.3.
 */
#include "hyp/arch.h"
#include "arch/arm64/arm64.h"

#ifndef EARLY_UART_BASE
#define EARLY_UART_BASE 0x09000000
#endif

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTFR_TXFF	(1u << 5)	/* transmit FIFO full */

/* Bounded wait for FIFO space: a wedged UART must not hang the hypervisor. */
#define TX_SPIN_MAX	1000000u

static uint64_t console_base = (uint64_t)EARLY_UART_BASE;

const char arch_name[] = "arm64";

uint64_t arm64_early_uart_base(void)
{
	return (uint64_t)EARLY_UART_BASE;
}

void arm64_console_set(uint64_t base)
{
	WRITE_ONCE(console_base, base);
}

void arch_console_putc(char c)
{
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(console_base + UARTFR);
	volatile uint32_t *dr = (volatile uint32_t *)(uintptr_t)(console_base + UARTDR);
	unsigned int spin = 0;

	if (!console_base)
		return;
	while ((*fr & UARTFR_TXFF) && spin++ < TX_SPIN_MAX)
		;
	*dr = (uint32_t)(unsigned char)c;
}

void arm64_console_puts_raw(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_console_putc('\r');
		arch_console_putc(*s);
	}
}
