// SPDX-License-Identifier: MIT
/*
 * Stopping the machine and waiting on x86_64. A clean stop (status 0) powers
 * off through ACPI S5, the way real hardware does (ACPI 6.5 7.4.2 and 16.1:
 * SLP_TYPx from \_S5 plus SLP_EN written to PM1a/PM1b_CNT, after switching
 * to ACPI mode through SMI_CMD if SCI_EN is clear); when that is impossible
 * or does not take, QEMU's isa-debug-exit device ends QEMU (its status is
 * then odd: (value << 1) | 1). A failure (status != 0) always uses
 * isa-debug-exit, so QEMU exits non-zero. On hardware without that device
 * the CPU halts. Delays use the ACPI PM timer (3.579545 MHz), else the PIT.
 */
#include "hyp/arch.h"
#include "hyp/log.h"
#include "arch/x86/acpi.h"
#include "arch/x86/x86.h"

#define PM1_SCI_EN	(1u << 0)
#define PM1_SLP_TYP(x)	((uint16_t)((x) & 7) << 10)
#define PM1_SLP_TYP_MASK (7u << 10)
#define PM1_SLP_EN	(1u << 13)
#define PM_TMR_HZ	3579545ull
#define PM_TMR_STUCK	1000000ul	/* reads without a tick: ~0.3 s of a working timer, far more */

struct acpi_info x86_acpi;
bool x86_acpi_ok;

/* PIT channel 2 gated through port 0x61, one-shot countdown (Intel 8254). */
static void pit_delay_chunk(uint16_t ticks)
{
	unsigned long spins;

	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));	/* gate on, speaker off */
	outb(0x43, 0xb0);		/* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, (uint8_t)ticks);
	outb(0x42, (uint8_t)(ticks >> 8));
	for (spins = 0; spins < 100000000ul && !(inb(0x61) & 0x20); spins++)
		arch_cpu_relax();
}

/*
 * Wait on the PM timer. Returns false if it does not tick (a FADT naming a
 * port that is no timer): the caller falls back to the PIT, never hangs.
 */
static bool pm_timer_delay(uint64_t us)
{
	uint32_t mask = x86_acpi.pm_tmr_32bit ? 0xffffffffu : 0xffffffu;
	uint64_t want = us * PM_TMR_HZ / 1000000 + 1, seen = 0;
	uint32_t last = inl((uint16_t)x86_acpi.pm_tmr) & mask;
	unsigned long still = 0;

	while (seen < want) {
		uint32_t now = inl((uint16_t)x86_acpi.pm_tmr) & mask;

		if (now == last && ++still > PM_TMR_STUCK)
			return false;
		if (now != last)
			still = 0;
		seen += (now - last) & mask;
		last = now;
		arch_cpu_relax();
	}
	return true;
}

void x86_udelay(uint64_t us)
{
	static bool pm_tmr_broken;

	if (x86_acpi_ok && x86_acpi.pm_tmr && !pm_tmr_broken) {
		if (pm_timer_delay(us))
			return;
		pm_tmr_broken = true;
		x86_uart_puts("x86: the ACPI PM timer does not tick: using the PIT\n");
	}
	/* PIT: 1.193182 MHz, at most 50 ms per countdown. */
	while (us) {
		uint64_t chunk = us > 50000 ? 50000 : us;

		pit_delay_chunk((uint16_t)(chunk * 1193182 / 1000000 + 1));
		us -= chunk;
	}
}

static void acpi_power_off(void)
{
	const struct acpi_info *a = &x86_acpi;
	uint16_t cnt;
	unsigned int i;

	if (!x86_acpi_ok || !a->has_s5 || !a->pm1a_cnt) {
		x86_uart_puts(!x86_acpi_ok ? "x86: ACPI unavailable: no S5 power-off\n" :
			      !a->has_s5 ? "x86: ACPI has no \\_S5: no S5 power-off\n" :
			      "x86: FADT has no PM1a control block: no S5 power-off\n");
		return;
	}
	cnt = inw((uint16_t)a->pm1a_cnt);
	if (!(cnt & PM1_SCI_EN) && a->smi_cmd && a->acpi_enable) {
		outb((uint16_t)a->smi_cmd, a->acpi_enable);
		for (i = 0; i < 300 && !(inw((uint16_t)a->pm1a_cnt) & PM1_SCI_EN); i++)
			x86_udelay(1000);
	}
	if (a->pm1b_cnt)
		outw((uint16_t)a->pm1b_cnt, (uint16_t)((inw((uint16_t)a->pm1b_cnt) & ~PM1_SLP_TYP_MASK) |
						       PM1_SLP_TYP(a->s5_typb) | PM1_SLP_EN));
	outw((uint16_t)a->pm1a_cnt, (uint16_t)((inw((uint16_t)a->pm1a_cnt) & ~PM1_SLP_TYP_MASK) |
					       PM1_SLP_TYP(a->s5_typa) | PM1_SLP_EN));
	x86_udelay(500000);
	x86_uart_puts("x86: ACPI S5 did not power off\n");
}

void arch_stop(int status)
{
	__asm__ volatile("cli");
	x86_uart_flush();
	if (status == 0)
		acpi_power_off();
	x86_uart_flush();
	/* QEMU's isa-debug-exit: exits with (value << 1) | 1. */
	outl(X86_DEBUG_EXIT_PORT, status == 0 ? 0 : ((uint32_t)status & 0x7f));
	x86_uart_puts("x86: no isa-debug-exit device; halting\n");
	x86_uart_flush();
	x86_halt_forever();
	__builtin_unreachable();
}
