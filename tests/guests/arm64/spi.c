// SPDX-License-Identifier: MIT
/*
 * Roles 17 "uartirq", 18 "doorbell" and 20 "devirq": shared peripheral interrupts (SPIs)
 * from the hypervisor's emulated sources, taken through the partition's
 * virtual GICv3 in the guest's own EL1 IRQ vector (ICC_IAR1_EL1 /
 * ICC_EOIR1_EL1, EOImode 0).
 *
 * 17 uartirq  x1 = mode, x2 = the console's SPI (manifest console irq):
 *   0 focused: the GIC shows only the SPIs the partition owns (IGROUPR,
 *     ISENABLER, IPRIORITYR, IROUTER of another SPI read as zero); with
 *     UARTIMSC = 0, typed input ("m\r") raises UARTRIS.RX but no interrupt
 *     (GICD_ISPENDR clear, ISR_EL1.I clear); unmasking RXIM | RTIM with the
 *     input still queued interrupts at once (a level line) and the handler
 *     reads the bytes; sleeping in WFI with IRQs unmasked, it is woken by
 *     the RX interrupt for "hello\r", reads the bytes in the handler (MIS
 *     shows RX), and the line is low once the FIFO is drained; TXIM with
 *     TXRIS latched gives one interrupt, cleared by UARTICR (no storm);
 *     then it restarts itself (HC_PART_RESTART) and, in its second life,
 *     takes "again\r" by the RX interrupt (the interrupt is wired anew).
 *   1 unfocused: RX interrupt enabled, sleeps in WFI; the input typed for
 *     the focused partition never reaches it: the first bytes it takes are
 *     "second\r", typed after the harness moved the focus (Ctrl-T n).
 * 18 doorbell x1 = mode, x2 = own doorbell SPI, x3 = the peer's partition id:
 *   0 ringer: rings channel 0 DB_ROUNDS times, each time waiting for the
 *     sleeper's acknowledgement in the channel page (HC_CHANNEL_RING r1 = 1
 *     peer signalled); bad channel ids give HC_INVALID; sleeps in WFI until
 *     the sleeper rings back; once the sleeper is halted a ring signals
 *     nobody (r1 = 0).
 *   1 sleeper: sleeps in WFI; each doorbell SPI wakes it, its handler
 *     acknowledges in the channel page; then it rings back once.
 *   2 outsider: no peer of channel 0: HC_CHANNEL_RING gives HC_DENIED.
 * 20 devirq  x1 = where it sees QEMU virt's PL031 RTC (passed through),
 *   x2 = its SPI (34): the physical SPI forwarded as a HW-linked vSPI. With
 *   the RTC's match interrupt unmasked and RTCMR two seconds ahead, the guest
 *   sleeps in WFI until the interrupt, clears it at the RTC (RTCICR) and
 *   EOIs (which deactivates the physical SPI); a second round shows it can
 *   fire again; then nothing more arrives (no storm). Then it lets the RTC
 *   fire with IRQs masked (the physical SPI held active for it, the vSPI
 *   pending: ISR_EL1.I) and restarts itself (HC_PART_RESTART): after the
 *   restart the device's line, still high, is delivered again and a
 *   further match interrupt works.
 * The channel page is at SPI_CHAN (tests/qemu/part/arm64-doorbell.dts).
 */
#include "glib.h"

#define GICD		0x08000000ul
#define GICR		0x080a0000ul
#define SPI_CHAN	0x50000000ul
#define DB_ROUNDS	16
#define UART_RX		(1u << 4)
#define UART_TX		(1u << 5)
#define UART_RT		(1u << 6)

#define sysreg_read_(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define sysreg_write_(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define sysreg_read(name) sysreg_read_(name)
#define sysreg_write(name, v) sysreg_write_(name, v)

#define ICC_IAR1	s3_0_c12_c12_0
#define ICC_EOIR1	s3_0_c12_c12_1
#define ICC_BPR1	s3_0_c12_c12_3
#define ICC_CTLR	s3_0_c12_c12_4
#define ICC_SRE		s3_0_c12_c12_5
#define ICC_IGRPEN1	s3_0_c12_c12_7
#define ICC_PMR		s3_0_c4_c6_0

/* IRQ from EL1 with SP_EL1 calls spi_irq(); everything else goes to the SDK's g_vectors. */
__asm__(".text\n"
	".balign 2048\n"
	"spi_vectors:\n"
	".irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	".if \\k == 5\n"
	"b spi_entry\n"
	".else\n"
	"b g_vectors + \\k * 0x80\n"
	".endif\n"
	".endr\n"
	"spi_entry:\n"
	"sub sp, sp, #176\n"
	"stp x0, x1, [sp, #0]\n"
	"stp x2, x3, [sp, #16]\n"
	"stp x4, x5, [sp, #32]\n"
	"stp x6, x7, [sp, #48]\n"
	"stp x8, x9, [sp, #64]\n"
	"stp x10, x11, [sp, #80]\n"
	"stp x12, x13, [sp, #96]\n"
	"stp x14, x15, [sp, #112]\n"
	"stp x16, x17, [sp, #128]\n"
	"stp x18, x29, [sp, #144]\n"
	"str x30, [sp, #160]\n"
	"bl spi_irq\n"
	"ldp x0, x1, [sp, #0]\n"
	"ldp x2, x3, [sp, #16]\n"
	"ldp x4, x5, [sp, #32]\n"
	"ldp x6, x7, [sp, #48]\n"
	"ldp x8, x9, [sp, #64]\n"
	"ldp x10, x11, [sp, #80]\n"
	"ldp x12, x13, [sp, #96]\n"
	"ldp x14, x15, [sp, #112]\n"
	"ldp x16, x17, [sp, #128]\n"
	"ldp x18, x29, [sp, #144]\n"
	"ldr x30, [sp, #160]\n"
	"add sp, sp, #176\n"
	"eret\n");

extern char spi_vectors[];
void spi_irq(void);

static inline uint32_t r32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t r64(uint64_t a) { return *(volatile uint64_t *)a; }
/* Plain register-indirect stores (an MMIO write with writeback has no syndrome to emulate). */
static inline void w32(uint64_t a, uint32_t v) { __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); }
static inline void w64(uint64_t a, uint64_t v) { __asm__ volatile("str %0, [%1]" : : "r"(v), "r"(a) : "memory"); }
static inline void w8(uint64_t a, uint8_t v) { __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory"); }

/* What the handler saw. */
static volatile bool is_doorbell;
static volatile uint64_t dev_base;		/* role 20: the PL031 */
static volatile unsigned int n_dev;
static volatile unsigned int my_spi, n_irq, n_wrong, n_spurious, n_rx_irq, n_tx_irq, n_db;
static volatile uint32_t mis_seen;		/* UARTMIS bits seen at the RX interrupts */
static volatile char rx_buf[64];
static volatile unsigned int rx_len;
static volatile bool rx_eol;

static void irqs_on(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static void irqs_off(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* The vPL011 interrupt: read what is queued (RX / RT) or clear a TX interrupt. */
static void uart_irq(void)
{
	uint32_t mis = r32(G_UART + 0x40);

	if (mis & (UART_RX | UART_RT)) {
		n_rx_irq++;
		mis_seen |= mis;
		while (!(r32(G_UART + 0x18) & (1u << 4))) {	/* until RXFE */
			char c = (char)(r32(G_UART) & 0xff);

			if (rx_len < sizeof(rx_buf) - 1)
				rx_buf[rx_len++] = c;
			if (c == '\r')
				rx_eol = true;
		}
	}
	if (mis & UART_TX) {
		n_tx_irq++;
		w32(G_UART + 0x44, UART_TX);			/* UARTICR */
	}
	if (!(mis & (UART_RX | UART_RT | UART_TX)))
		n_wrong++;	/* an interrupt with no cause: the line was not low when it should be */
}

void spi_irq(void)
{
	uint64_t iar = sysreg_read(ICC_IAR1) & 0xffffff;

	if (iar >= 1020) {
		n_spurious++;
		return;
	}
	n_irq++;
	if (iar != my_spi) {
		n_wrong++;
	} else if (my_spi == 0) {
		n_wrong++;
	} else if (dev_base) {
		if (r32(dev_base + 0x18) & 1) {			/* RTCMIS */
			w32(dev_base + 0x1c, 1);			/* RTCICR: the device's line drops */
			n_dev++;
		} else {
			n_wrong++;
		}
	} else if (is_doorbell) {
		/* Acknowledge in the channel page. */
		n_db++;
		__atomic_store_n((volatile uint32_t *)SPI_CHAN + 1, n_db, __ATOMIC_RELEASE);
	} else {
		uart_irq();
	}
	sysreg_write(ICC_EOIR1, iar);
}

/* Linux's order: distributor (ARE, Group 1), the redistributor awake, then the CPU interface. */
static bool gic_up(void)
{
	uint64_t rd = GICR;

	sysreg_write(vbar_el1, (uint64_t)spi_vectors);
	w32(GICD, 0x13);
	G_EQ(r32(GICD) & 0x12, 0x12);
	if ((r64(rd + 8) >> 32) != 0)
		return false;
	w32(rd + 0x14, r32(rd + 0x14) & ~2u);
	G_EQ(r32(rd + 0x14) & 6, 0);
	sysreg_write(ICC_SRE, sysreg_read(ICC_SRE) | 1);
	sysreg_write(ICC_PMR, 0xf0);
	sysreg_write(ICC_BPR1, 0);
	sysreg_write(ICC_CTLR, 0);
	sysreg_write(ICC_IGRPEN1, 1);
	return true;
}

/* SPI intid enabled, priority 0xa0, routed to vCPU 0 (IROUTER Aff0 = 0). */
static void spi_enable(unsigned int intid)
{
	w8(GICD + 0x400 + intid, 0xa0);
	w64(GICD + 0x6000 + 8 * intid, 0);
	w32(GICD + 0x100 + 4 * (intid / 32), 1u << (intid % 32));
}

static bool spi_pending(unsigned int intid)
{
	return (r32(GICD + 0x200 + 4 * (intid / 32)) >> (intid % 32)) & 1;
}

/* The distributor shows this partition's SPIs and nothing of the others. */
static void gic_ownership(unsigned int mine)
{
	unsigned int other = mine == 40 ? 41 : 40;

	G_EQ(r32(GICD + 0x84), 1u << (mine - 32));			/* IGROUPR1: owned SPIs only */
	w32(GICD + 0x104, 0xffffffffu);					/* ISENABLER1: all */
	G_EQ(r32(GICD + 0x104), 1u << (mine - 32));
	w32(GICD + 0x184, 0xffffffffu);					/* ICENABLER1 */
	G_EQ(r32(GICD + 0x104), 0);
	w32(GICD + 0x204, 0xffffffffu);					/* ISPENDR1 */
	G_EQ(r32(GICD + 0x204), 1u << (mine - 32));
	w32(GICD + 0x284, 0xffffffffu);					/* ICPENDR1 */
	G_EQ(r32(GICD + 0x204), 0);
	w8(GICD + 0x400 + other, 0x80);
	G_EQ(r32(GICD + 0x400 + (other & ~3u)) >> (8 * (other & 3)) & 0xff, 0);
	w64(GICD + 0x6000 + 8 * other, 1);
	G_EQ(r64(GICD + 0x6000 + 8 * other), 0);
	w64(GICD + 0x6000 + 8 * mine, 1ull << 31);			/* IRM: 1 of N */
	G_EQ(r64(GICD + 0x6000 + 8 * mine), 1ull << 31);
	G_EQ(r32(GICD + 4) & (1u << 25), 0);				/* No1N = 0 */
}

/* ---- 17 uartirq ---- */

static void rx_reset(void)
{
	rx_len = 0;
	rx_eol = false;
	for (unsigned int i = 0; i < sizeof(rx_buf); i++)
		rx_buf[i] = 0;
}

static bool rx_is(const char *s)
{
	unsigned int i;

	for (i = 0; s[i]; i++)
		if (i >= rx_len || rx_buf[i] != s[i])
			return false;
	return i == rx_len;
}

static void uart_focused(unsigned int spi)
{
	unsigned int wfis = 0, before;

	/* Masked: input raises RIS but no interrupt. */
	w32(G_UART + 0x38, 0);						/* UARTIMSC */
	w32(G_UART + 0x44, 0x7ff);					/* UARTICR: all */
	G_EQ(r32(G_UART + 0x3c) & (UART_RX | UART_TX | UART_RT), 0);
	rx_reset();
	irqs_on();
	g_printf("uartirq: masked, type now\n");
	while (!(r32(G_UART + 0x3c) & UART_RX))				/* UARTRIS.RX */
		;
	/* Let the whole line arrive: until '\r' is the last byte queued is unknowable; wait a little. */
	for (uint64_t end = g_counter() + sysreg_read(cntfrq_el0) / 5; g_counter() < end;)
		;
	G_EQ(n_irq, 0);
	G_EQ(r32(G_UART + 0x40), 0);					/* UARTMIS */
	G_CHECK(!spi_pending(spi));
	G_EQ(sysreg_read(isr_el1) & 0x80, 0);
	/* Unmasked with the input still queued: the level line interrupts at once. */
	w32(G_UART + 0x38, UART_RX | UART_RT);
	__asm__ volatile("isb" ::: "memory");
	G_CHECK(n_rx_irq >= 1);
	for (uint64_t end = g_counter() + sysreg_read(cntfrq_el0) * 5; !rx_eol && g_counter() < end;)
		;
	G_CHECK(rx_is("m\r"));
	G_EQ(r32(G_UART + 0x3c) & (UART_RX | UART_RT), 0);
	G_CHECK(!spi_pending(spi));
	g_printf("uartirq: masked input raised RIS only; unmasking took it at once\n");

	/* Sleeping in WFI, woken by the RX interrupt. */
	rx_reset();
	before = n_rx_irq;
	mis_seen = 0;
	g_printf("uartirq: sleeping, type now\n");
	while (!rx_eol && wfis < 100000) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irqs_off();
	G_CHECK(rx_is("hello\r"));
	G_CHECK(n_rx_irq > before);
	G_CHECK(mis_seen & (UART_RX | UART_RT));
	G_EQ(mis_seen & UART_TX, 0);
	G_CHECK(wfis >= 1);
	/* Drained: the line is low. */
	G_EQ(r32(G_UART + 0x3c) & (UART_RX | UART_RT), 0);
	G_EQ(r32(G_UART + 0x40), 0);
	G_CHECK(!spi_pending(spi));
	g_printf("uartirq: woken from WFI by the RX interrupt, read \"hello\" in %u interrupts after %u WFIs; line low when drained\n",
		 n_rx_irq - before, wfis);

	/* TX: TXRIS is latched (every write sets it); TXIM gives one interrupt, cleared by UARTICR. */
	G_CHECK(r32(G_UART + 0x3c) & UART_TX);
	before = n_tx_irq;
	irqs_on();
	w32(G_UART + 0x38, UART_RX | UART_RT | UART_TX);
	for (unsigned int i = 0; i < 200000; i++)
		__asm__ volatile("nop");
	w32(G_UART + 0x38, UART_RX | UART_RT);
	G_EQ(n_tx_irq - before, 1);
	/* Printing sets TXRIS again; with TXIM masked, nothing. */
	before = n_irq;
	g_printf("uartirq: TXIM with TXRIS set: %u interrupt, cleared by UARTICR\n", n_tx_irq);
	for (unsigned int i = 0; i < 200000; i++)
		__asm__ volatile("nop");
	irqs_off();
	G_EQ(n_irq, before);
	G_CHECK(r32(G_UART + 0x3c) & UART_TX);
	w32(G_UART + 0x38, 0);
}

static void uart_unfocused(void)
{
	unsigned int wfis = 0;

	w32(G_UART + 0x44, 0x7ff);
	w32(G_UART + 0x38, UART_RX | UART_RT);
	rx_reset();
	irqs_on();
	g_printf("uartirq: unfocused, sleeping until input comes\n");
	while (!rx_eol) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irqs_off();
	w32(G_UART + 0x38, 0);
	/* Exactly what was typed after the focus moved here: nothing typed for the other one. */
	G_CHECK(rx_is("second\r"));
	G_CHECK(n_rx_irq >= 1);
	g_printf("uartirq: unfocused partition got only its own input (\"second\") in %u interrupts\n", n_rx_irq);
}

/* The second life of mode 0: the console interrupt works after a restart. */
static void uart_restarted(void)
{
	unsigned int wfis = 0;

	w32(G_UART + 0x44, 0x7ff);
	w32(G_UART + 0x38, UART_RX | UART_RT);
	rx_reset();
	irqs_on();
	g_printf("uartirq: restarted, sleeping, type now\n");
	while (!rx_eol && wfis < 100000) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irqs_off();
	w32(G_UART + 0x38, 0);
	G_CHECK(rx_is("again\r"));
	g_printf("uartirq: after the restart, read \"again\" in %u interrupts\n", n_rx_irq);
}

void uartirq_role(uint64_t mode, uint64_t spi)
{
	uint64_t restarts = mode == 0 ? g_restarts() : 0;

	my_spi = (unsigned int)spi;
	G_CHECK(spi >= 32 && spi < 64);
	if (spi < 32 || spi >= 64 || !gic_up())
		return;
	if (mode == 0 && restarts == 0)
		gic_ownership((unsigned int)spi);
	spi_enable((unsigned int)spi);
	G_EQ(r32(GICD + 0xc00 + 4 * (spi / 16)) & (2u << (2 * (spi % 16))), 0);	/* level-sensitive */
	if (mode == 0 && restarts == 0)
		uart_focused((unsigned int)spi);
	else if (mode == 0)
		uart_restarted();
	else
		uart_unfocused();
	G_EQ(n_wrong, 0);
	G_EQ(n_spurious, 0);
	if (mode == 0 && restarts == 0 && !g_failed) {
		g_printf("uartirq: restarting\n");
		g_call(HC_PART_RESTART, g_self(NULL), 0, 0);
		G_CHECK(false);						/* never returns */
	}
}

/* ---- 18 doorbell ---- */

static volatile uint32_t *const chan = (volatile uint32_t *)SPI_CHAN;	/* [0] ready, [1] acks */

static bool wait_for(volatile uint32_t *p, uint32_t want)
{
	uint64_t end = g_counter() + sysreg_read(cntfrq_el0) * 20;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) < want && g_counter() < end)
		;
	return *p >= want;
}

static void ringer(uint64_t peer)
{
	struct g_ret r;
	struct hc_part_info info;
	unsigned int signalled = 0, wfis = 0;
	uint64_t end;

	G_CHECK(wait_for(&chan[0], 1));					/* the sleeper is in its loop */
	for (unsigned int i = 0; i < DB_ROUNDS; i++) {
		r = g_call(HC_CHANNEL_RING, 0, 0, 0);
		G_EQ(r.r0, HC_OK);
		signalled += (unsigned int)r.r1;
		G_CHECK(wait_for(&chan[1], i + 1));
	}
	G_EQ(signalled, DB_ROUNDS);
	G_EQ(chan[1], DB_ROUNDS);
	G_EQ(g_call(HC_CHANNEL_RING, 1, 0, 0).r0, HC_INVALID);		/* one channel only */
	G_EQ(g_call(HC_CHANNEL_RING, 1ull << 40, 0, 0).r0, HC_INVALID);
	G_EQ(g_call(HC_CHANNEL_RING, ~0ull, 0, 0).r0, HC_INVALID);
	g_printf("doorbell: rang %u times, %u acknowledged; bad channel ids refused\n", DB_ROUNDS, chan[1]);
	/* The sleeper rings back: this vCPU sleeps until its own doorbell. */
	__atomic_store_n(&chan[2], 1, __ATOMIC_RELEASE);
	irqs_on();
	end = g_counter() + sysreg_read(cntfrq_el0) * 20;
	while (n_db == 0 && g_counter() < end) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irqs_off();
	G_EQ(n_db, 1);
	/* Once the sleeper has stopped, a ring reaches nobody. */
	end = g_counter() + sysreg_read(cntfrq_el0) * 20;
	do {
		G_EQ(g_call(HC_PART_INFO, peer, (uint64_t)&info, sizeof(info)).r0, HC_OK);
	} while (info.state != HC_STATE_HALTED && g_counter() < end);
	G_EQ(info.state, HC_STATE_HALTED);
	r = g_call(HC_CHANNEL_RING, 0, 0, 0);
	G_EQ(r.r0, HC_OK);
	G_EQ(r.r1, 0);
	g_printf("doorbell: woken from WFI by the peer's doorbell; a halted peer is not signalled\n");
}

static void sleeper(void)
{
	unsigned int wfis = 0;
	struct g_ret r;

	irqs_on();
	__atomic_store_n(&chan[0], 1, __ATOMIC_RELEASE);
	while (n_db < DB_ROUNDS && wfis < 1000000) {
		__asm__ volatile("wfi");
		wfis++;
	}
	irqs_off();
	G_EQ(n_db, DB_ROUNDS);
	G_CHECK(wfis >= 1);
	G_CHECK(wait_for(&chan[2], 1));
	r = g_call(HC_CHANNEL_RING, 0, 0, 0);
	G_EQ(r.r0, HC_OK);
	G_EQ(r.r1, 1);
	g_printf("doorbell: sleeper took %u doorbells in WFI (%u WFIs) and rang back\n", n_db, wfis);
}

void doorbell_role(uint64_t mode, uint64_t spi, uint64_t peer)
{
	if (mode == 2) {
		G_EQ(g_call(HC_CHANNEL_RING, 0, 0, 0).r0, HC_DENIED);
		G_EQ(g_call(HC_CHANNEL_RING, 7, 0, 0).r0, HC_INVALID);
		g_printf("doorbell: outsider may not ring\n");
		return;
	}
	my_spi = (unsigned int)spi;
	is_doorbell = true;
	G_CHECK(spi >= 32 && spi < 64);
	if (spi < 32 || spi >= 64 || !gic_up())
		return;
	G_EQ(r32(GICD + 0x84), 1u << (spi - 32));			/* only its doorbell exists */
	spi_enable((unsigned int)spi);
	G_CHECK(r32(GICD + 0xc00 + 4 * (spi / 16)) & (2u << (2 * (spi % 16))));	/* edge */
	if (mode == 0)
		ringer(peer);
	else
		sleeper();
	G_EQ(n_wrong, 0);
	G_EQ(n_spurious, 0);
}

/* ---- 20 devirq ---- */

/* One RTC match interrupt, sleeping in WFI for it; false if it did not come within 10 s. */
static bool rtc_round(uint64_t base, unsigned int *wfis)
{
	unsigned int before = n_dev;
	uint64_t end = g_counter() + sysreg_read(cntfrq_el0) * 10;

	w32(base + 0x4, r32(base) + 2);					/* RTCMR: two seconds ahead */
	w32(base + 0x10, 1);						/* RTCIMSC */
	irqs_on();
	while (n_dev == before && g_counter() < end) {
		__asm__ volatile("wfi");
		(*wfis)++;
	}
	irqs_off();
	return n_dev == before + 1;
}

/* After the restart: the line left high before it is delivered again, and the RTC works. */
static void devirq_after_restart(uint64_t base, unsigned int spi)
{
	unsigned int wfis = 0;

	G_EQ(r32(base + 0x14) & 1, 1);					/* RTCRIS: still asserted */
	spi_enable(spi);
	irqs_on();
	for (uint64_t end = g_counter() + sysreg_read(cntfrq_el0); n_dev == 0 && g_counter() < end;)
		;
	irqs_off();
	G_EQ(n_dev, 1);
	G_CHECK(rtc_round(base, &wfis));
	w32(base + 0x10, 0);
	G_EQ(n_wrong, 0);
	G_EQ(n_spurious, 0);
	g_printf("devirq: after a restart with the SPI held active, the device's line was delivered again, then %u more\n",
		 n_dev - 1);
}

void devirq_role(uint64_t base, uint64_t spi)
{
	uint64_t f = sysreg_read(cntfrq_el0), end;
	unsigned int wfis = 0;
	uint64_t restarts = g_restarts();

	my_spi = (unsigned int)spi;
	G_CHECK(spi >= 32 && spi < 64 && base);
	if (spi < 32 || spi >= 64 || !base || !gic_up())
		return;
	G_EQ(r32(GICD + 0x84), 1u << (spi - 32));			/* its device's SPI exists */
	spi_enable((unsigned int)spi);
	G_EQ(r32(base + 0xfe0) & 0xff, 0x31);				/* PL031 PeriphID0 */
	dev_base = base;
	if (restarts == 1) {
		devirq_after_restart(base, (unsigned int)spi);
		return;
	}
	G_EQ(restarts, 0);
	w32(base + 0x10, 0);						/* RTCIMSC */
	w32(base + 0x1c, 1);						/* RTCICR */
	for (unsigned int round = 0; round < 2; round++) {
		G_CHECK(rtc_round(base, &wfis));
		G_EQ(r32(base + 0x14) & 1, 0);				/* RTCRIS: cleared by the handler */
	}
	/* Nothing more: the device's line is low, the physical SPI deactivated by the EOIs. */
	irqs_on();
	for (end = g_counter() + f / 2; g_counter() < end;)
		;
	irqs_off();
	w32(base + 0x10, 0);
	G_EQ(n_dev, 2);
	G_EQ(n_wrong, 0);
	G_EQ(n_spurious, 0);
	G_CHECK(wfis >= 2);
	g_printf("devirq: the RTC's SPI %u woke WFI %u times (HW-linked, EOI deactivates), then quiet\n",
		 (unsigned int)spi, n_dev);
	/* Held for the guest: IRQs masked, the match fires, the vSPI is pending (ISR_EL1.I). */
	w32(base + 0x4, r32(base) + 2);
	w32(base + 0x10, 1);
	for (end = g_counter() + f * 10; !(sysreg_read(isr_el1) & 0x80) && g_counter() < end;)
		__asm__ volatile("wfi");
	G_CHECK(sysreg_read(isr_el1) & 0x80);
	G_CHECK(spi_pending((unsigned int)spi) || (sysreg_read(isr_el1) & 0x80));
	G_EQ(n_dev, 2);
	g_printf("devirq: held pending with IRQs masked; restarting\n");
	if (g_failed)
		return;
	g_call(HC_PART_RESTART, g_self(NULL), 0, 0);
	G_CHECK(false);							/* never returns */
}
