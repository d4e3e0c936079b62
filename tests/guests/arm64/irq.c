// SPDX-License-Identifier: MIT
/*
 * Role 15 "irq": the partition's virtual GICv3 (arch/arm64/vgic.c) used the
 * way an OS does. The guest brings the GIC up like Linux's GICv3 driver
 * (GICD_CTLR, the GICR_WAKER handshake on the redistributor whose
 * GICR_TYPER affinity is its MPIDR, ICC_SRE_EL1, ICC_PMR_EL1,
 * ICC_IGRPEN1_EL1), enables the virtual timer's PPI 27 and takes its
 * interrupts in its own EL1 IRQ vector (ICC_IAR1_EL1, reprogram, ICC_EOIR1_EL1,
 * EOImode 0: the EOI also deactivates).
 *   x1 = mode:
 *     0  timer: IRQ_TICKS interrupts x2 us apart, each checked against
 *        CNTVCT (never before its deadline, never more than IRQ_LATE_US
 *        late: the test runs under -icount, where the virtual counter
 *        follows instructions, so lateness is the hypervisor's delivery path
 *        and not the host's load); then WFI with IRQs unmasked (woken by the interrupt itself)
 *        and with them masked (woken, ISR_EL1.I set, taken on unmask);
 *        seven SGIs to itself at once (more than QEMU's four list
 *        registers), taken in priority order; then, with two vCPUs, SGIs both ways (ICC_SGI1R_EL1 target list,
 *        and IRM broadcast) with vCPU 1 sleeping in WFI between them.
 *     1  isolation: only the timer part; two partitions time-sliced on one
 *        CPU run this with different periods, each must see exactly its
 *        own interrupts (none early, none extra once its timer is off).
 * Other exceptions go on to the SDK's vectors (g_vectors, crt0.S).
 */
#include "glib.h"

#define GICD		0x08000000ul
#define GICR		0x080a0000ul
#define IRQ_TICKS	20
/*
 * Lateness bound under -icount shift=0 (1 ns of virtual time an instruction):
 * 50 us is 50,000 instructions of delivery (measured: under 1 us). Without
 * -icount the counter is the host's clock and a loaded CI host made one
 * interrupt 147 ms "late", so the test cases run with -icount.
 */
#define IRQ_LATE_US	50
#define ISO_SLICE_US	1000		/* time-slice-us of tests/qemu/part/arm64-irq-iso.dts */
#define PING_ROUNDS	32
#define SGI_PING	1		/* vCPU 0 -> 1 */
#define SGI_PONG	2		/* vCPU 1 -> 0 */
#define SGI_ALL		3		/* IRM broadcast from vCPU 0 */
#define INTID_VTIMER	27

/* Two levels so that the register-name macros below expand before being made strings. */
#define sysreg_read_(name) ({ uint64_t _v; __asm__ volatile("mrs %0, " #name : "=r"(_v)); _v; })
#define sysreg_write_(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(v)) : "memory")
#define sysreg_read(name) sysreg_read_(name)
#define sysreg_write(name, v) sysreg_write_(name, v)

/* The GICv3 CPU interface by encoding (IHI 0069H 12.2). */
#define ICC_IAR1	s3_0_c12_c12_0
#define ICC_EOIR1	s3_0_c12_c12_1
#define ICC_BPR1	s3_0_c12_c12_3
#define ICC_CTLR	s3_0_c12_c12_4
#define ICC_SRE		s3_0_c12_c12_5
#define ICC_IGRPEN1	s3_0_c12_c12_7
#define ICC_PMR		s3_0_c4_c6_0
#define ICC_SGI1R	s3_0_c12_c11_5

/* The IRQ vector: IRQ from EL1 with SP_EL1 calls irq_handle(); everything else goes to g_vectors. */
__asm__(".text\n"
	".balign 2048\n"
	"irq_vectors:\n"
	".irp k, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	".balign 0x80\n"
	".if \\k == 5\n"
	"b irq_entry\n"
	".else\n"
	"b g_vectors + \\k * 0x80\n"
	".endif\n"
	".endr\n"
	"irq_entry:\n"
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
	"bl irq_handle\n"
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
	"eret\n"
	/* vCPU 1's entry for PSCI CPU_ON: its own stack (as crt0.S computes it), these vectors. */
	".global irq_secondary_entry\n"
	"irq_secondary_entry:\n"
	"mrs x9, mpidr_el1\n"
	"and x9, x9, #0xff\n"
	"adrp x10, __stacks_top\n"
	"add x10, x10, :lo12:__stacks_top\n"
	"sub x10, x10, x9, lsl #14\n"
	"mov sp, x10\n"
	"adrp x10, irq_vectors\n"
	"add x10, x10, :lo12:irq_vectors\n"
	"msr vbar_el1, x10\n"
	"isb\n"
	"bl irq_secondary\n"
	"b g_off\n");

extern char irq_vectors[], irq_secondary_entry[];
void irq_handle(void);
void irq_secondary(uint64_t ctx);

static inline uint32_t r32(uint64_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t r64(uint64_t a) { return *(volatile uint64_t *)a; }
/* Plain register-indirect stores: an MMIO write with writeback has no syndrome (ISV = 0) to emulate. */
static inline void w32(uint64_t a, uint32_t v) { __asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(a) : "memory"); }
static inline void w8(uint64_t a, uint8_t v) { __asm__ volatile("strb %w0, [%1]" : : "r"(v), "r"(a) : "memory"); }

/* State shared with the handler (per vCPU where it matters). */
static volatile uint64_t cval_next, period, late_max;
static volatile unsigned int ticks, early, wrong[G_MAX_VCPUS], spurious;
static volatile unsigned int sgi_count[G_MAX_VCPUS][16];
static volatile bool timer_rearm, timer_stopped;
static volatile uint8_t sgi_order[16];
static volatile unsigned int sgi_norder;
static volatile unsigned int sec_ready, sec_done, sec_wfi;

static unsigned int my_idx(void)
{
	return (unsigned int)(sysreg_read(mpidr_el1) & 0xff);
}

void irq_handle(void)
{
	uint64_t iar = sysreg_read(ICC_IAR1) & 0xffffff, now = g_counter();
	unsigned int me = my_idx();

	if (iar >= 1020) {
		spurious++;
		return;
	}
	if (iar == INTID_VTIMER && me == 0) {
		if (now < cval_next)
			early++;	/* someone else's timer, or a stale one */
		else if (now - cval_next > late_max)
			late_max = now - cval_next;
		ticks++;
		if (timer_rearm) {
			cval_next = now + period;	/* from now: a late one never causes a burst */
			sysreg_write(cntv_cval_el0, cval_next);
		} else {
			sysreg_write(cntv_ctl_el0, 0);	/* done: the level goes away before the EOI */
			timer_stopped = true;
		}
	} else if (iar < 16 && me < G_MAX_VCPUS) {
		sgi_count[me][iar]++;
		if (me == 0 && sgi_norder < 16)
			sgi_order[sgi_norder++] = (uint8_t)iar;
		if (iar == SGI_PING)	/* answer vCPU 0 with its own SGI, target list {0} */
			sysreg_write(ICC_SGI1R, ((uint64_t)SGI_PONG << 24) | 1u);
	} else if (me < G_MAX_VCPUS) {
		wrong[me]++;
	}
	sysreg_write(ICC_EOIR1, iar);
}

/* Linux's order: wake the redistributor, system-register interface, priority mask, group enable. */
static uint64_t cpu_bring_up(void)
{
	uint64_t rd = 0;

	for (uint64_t a = GICR; a < GICR + 8 * 0x20000ul; a += 0x20000ul) {
		uint64_t typer = r64(a + 8);

		if ((typer >> 32) == my_idx()) {
			rd = a;
			break;
		}
		if (typer & 0x10)	/* Last */
			break;
	}
	G_CHECK(rd != 0);
	if (!rd)
		return 0;
	G_EQ(r32(rd + 0x14) & 6, 6);			/* asleep at reset */
	w32(rd + 0x14, r32(rd + 0x14) & ~2u);		/* ProcessorSleep = 0 */
	for (unsigned int i = 0; i < 1000 && (r32(rd + 0x14) & 4); i++)
		;
	G_EQ(r32(rd + 0x14) & 4, 0);			/* ChildrenAsleep = 0 */
	sysreg_write(ICC_SRE, sysreg_read(ICC_SRE) | 1);
	G_EQ(sysreg_read(ICC_SRE) & 1, 1);
	sysreg_write(ICC_PMR, 0xf0);
	sysreg_write(ICC_BPR1, 0);
	sysreg_write(ICC_CTLR, 0);			/* EOImode 0 */
	sysreg_write(ICC_IGRPEN1, 1);
	G_EQ(sysreg_read(ICC_PMR), 0xf0);
	return rd;
}

static uint64_t freq(void)
{
	return sysreg_read(cntfrq_el0);
}

/* IRQ_TICKS timer interrupts period_us apart, IRQs unmasked, busy-waiting. */
static void timer_ticks(uint64_t period_us, uint64_t late_us)
{
	uint64_t end;

	period = freq() / 1000000 * period_us;
	ticks = 0;
	early = 0;
	late_max = 0;
	timer_rearm = true;
	timer_stopped = false;
	cval_next = g_counter() + period;
	sysreg_write(cntv_cval_el0, cval_next);
	sysreg_write(cntv_ctl_el0, 1);			/* ENABLE, not masked */
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	end = g_counter() + period * IRQ_TICKS * 20 + freq();
	while (ticks < IRQ_TICKS && g_counter() < end)
		;
	timer_rearm = false;
	/* The next one stops the timer in its handler (no stale level left); wait for it, then mask. */
	while (!timer_stopped && g_counter() < end)
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	G_CHECK(timer_stopped);
	G_CHECK(ticks == IRQ_TICKS + 1 || ticks == IRQ_TICKS + 2);	/* the one in flight when counted */
	G_EQ(early, 0);
	G_CHECK(late_max <= freq() / 1000000 * late_us);
	g_printf("irq: latest timer interrupt %llu ns after its deadline (bound %llu us)\n",
		 (unsigned long long)(late_max * 1000000000ull / freq()), (unsigned long long)late_us);
	g_printf("irq: %u+ timer interrupts at least %llu us apart, none early\n", IRQ_TICKS,
		 (unsigned long long)period_us);
}

/* After its timer is off, nothing more arrives, however long the others keep theirs. */
static void timer_quiet(unsigned int ms)
{
	unsigned int before = ticks;
	uint64_t end = g_counter() + freq() / 1000 * ms;

	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (g_counter() < end)
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	G_EQ(ticks, before);
	G_EQ(early, 0);
}

static void timer_wfi(void)
{
	uint64_t d = freq() / 1000 * 3;			/* 3 ms */
	unsigned int wakes = 0, before;

	/* IRQs unmasked: WFI sleeps and the interrupt ends it. */
	timer_rearm = false;
	before = ticks;
	cval_next = g_counter() + d;
	sysreg_write(cntv_cval_el0, cval_next);
	sysreg_write(cntv_ctl_el0, 1);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	while (ticks == before && wakes < 100) {
		__asm__ volatile("wfi");
		wakes++;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	G_EQ(ticks, before + 1);
	G_CHECK(wakes <= 3);
	G_CHECK(g_counter() >= cval_next);
	/* IRQs masked: WFI still wakes (the interrupt is pending), ISR_EL1.I shows it, unmasking takes it. */
	before = ticks;
	cval_next = g_counter() + d;
	sysreg_write(cntv_cval_el0, cval_next);
	sysreg_write(cntv_ctl_el0, 1);
	wakes = 0;
	while (!(sysreg_read(isr_el1) & 0x80) && wakes < 100) {
		__asm__ volatile("wfi");
		wakes++;
	}
	G_CHECK(wakes <= 3);
	G_CHECK(g_counter() >= cval_next);
	G_EQ(ticks, before);
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
	G_EQ(ticks, before + 1);
	G_EQ(early, 0);
	g_printf("irq: WFI woken by the timer interrupt, unmasked and masked\n");
}

/*
 * Seven SGIs to itself with IRQs masked: more than the four list registers
 * QEMU has, so the hypervisor must ask for the underflow maintenance
 * interrupt and refill; all seven must arrive, in priority order.
 */
static void sgi_burst(uint64_t rd)
{
	static const uint8_t prio[7] = { 0x80, 0x10, 0x70, 0x20, 0x60, 0x30, 0x50 };	/* SGIs 4-10 */
	static const uint8_t want[7] = { 5, 7, 9, 10, 8, 6, 4 };

	for (unsigned int i = 0; i < 7; i++)
		w8(rd + 0x10400 + 4 + i, prio[i]);
	w32(rd + 0x10100, 0x7fu << 4);
	sgi_norder = 0;
	for (unsigned int i = 0; i < 7; i++)
		sysreg_write(ICC_SGI1R, ((uint64_t)(4 + i) << 24) | 1u);	/* target list {0}: itself */
	G_EQ(sgi_norder, 0);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned int i = 0; i < 1000000 && sgi_norder < 7; i++)
		__asm__ volatile("nop");
	__asm__ volatile("msr daifset, #2" ::: "memory");
	G_EQ(sgi_norder, 7);
	for (unsigned int i = 0; i < 7; i++)
		G_EQ(sgi_order[i], want[i]);
	w32(rd + 0x10180, 0x7fu << 4);
	g_printf("irq: 7 SGIs to itself through 4 list registers, taken in priority order\n");
}

void irq_secondary(uint64_t ctx)
{
	uint64_t rd = cpu_bring_up();

	if (rd) {
		w32(rd + 0x10100, (1u << SGI_PING) | (1u << SGI_ALL));	/* GICR_ISENABLER0 */
		G_EQ(r32(rd + 0x10100), (1u << SGI_PING) | (1u << SGI_ALL));
	}
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	__atomic_store_n(&sec_ready, 1, __ATOMIC_RELEASE);
	/* Sleep between pings: each SGI must wake this vCPU. */
	while (sgi_count[1][SGI_ALL] == 0) {
		__asm__ volatile("wfi");
		sec_wfi++;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	__atomic_store_n(&sec_done, 1, __ATOMIC_RELEASE);
	g_psci(0x84000002u, 0, 0, 0);	/* CPU_OFF */
}

static void sgis(uint64_t rd)
{
	uint64_t end;
	unsigned int pongs = 0;

	w32(rd + 0x10100, (1u << SGI_PONG) | (1u << SGI_ALL));
	G_EQ(g_psci(0xC4000003u, 1, (uint64_t)irq_secondary_entry, 0x5a5a), 0);	/* CPU_ON */
	end = g_counter() + freq() * 5;
	while (!__atomic_load_n(&sec_ready, __ATOMIC_ACQUIRE) && g_counter() < end)
		;
	G_EQ(sec_ready, 1);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (unsigned int i = 0; i < PING_ROUNDS; i++) {
		unsigned int want = sgi_count[0][SGI_PONG] + 1;

		sysreg_write(ICC_SGI1R, ((uint64_t)SGI_PING << 24) | (1u << 1));	/* target list {1} */
		while (sgi_count[0][SGI_PONG] < want && g_counter() < end)
			;
		pongs = sgi_count[0][SGI_PONG];
	}
	/* No such vCPUs: nothing happens anywhere. */
	sysreg_write(ICC_SGI1R, ((uint64_t)SGI_PING << 24) | (1u << 5));
	sysreg_write(ICC_SGI1R, ((uint64_t)SGI_PING << 24) | (1ull << 16) | 1u);	/* Aff1 = 1 */
	/* Broadcast to every other vCPU (IRM): vCPU 1 counts it and stops; vCPU 0 never sees it. */
	sysreg_write(ICC_SGI1R, ((uint64_t)SGI_ALL << 24) | (1ull << 40));
	while (!__atomic_load_n(&sec_done, __ATOMIC_ACQUIRE) && g_counter() < end)
		;
	for (unsigned int i = 0; i < 1000000; i++)	/* anything stray would arrive by now */
		__asm__ volatile("nop");
	__asm__ volatile("msr daifset, #2" ::: "memory");
	G_EQ(pongs, PING_ROUNDS);
	G_EQ(sgi_count[1][SGI_PING], PING_ROUNDS);
	G_EQ(sgi_count[1][SGI_ALL], 1);
	G_EQ(sgi_count[0][SGI_ALL], 0);
	G_EQ(sgi_count[0][SGI_PING], 0);
	G_EQ(sgi_count[1][SGI_PONG], 0);
	G_EQ(sec_done, 1);
	G_EQ(wrong[0] + wrong[1], 0);
	G_CHECK(sec_wfi >= 1);
	g_printf("irq: %u SGIs each way between vCPUs 0 and 1, broadcast to vCPU 1 only; vCPU 1 slept in WFI %u times\n",
		 pongs, sec_wfi);
}

void irq_role(uint64_t mode, uint64_t period_us, uint64_t nvcpus)
{
	uint64_t rd;

	if (!period_us)
		period_us = 2000;
	sysreg_write(vbar_el1, (uint64_t)irq_vectors);
	/* Distributor: GICv3, affinity routing, Group 1 on (Linux writes ARE_NS | G1A | G1). */
	G_EQ((r32(GICD + 0xffe8) >> 4) & 0xf, 3);
	w32(GICD, 0x13);
	for (unsigned int i = 0; i < 1000 && (r32(GICD) & (1u << 31)); i++)	/* RWP */
		;
	G_EQ(r32(GICD) & 0x12, 0x12);
	rd = cpu_bring_up();
	if (!rd)
		return;
	w8(rd + 0x10400 + INTID_VTIMER, 0xa0);		/* GICR_IPRIORITYR */
	w32(rd + 0x10100, 1u << INTID_VTIMER);		/* GICR_ISENABLER0 */
	G_EQ(r32(rd + 0x10100), 1u << INTID_VTIMER);
	G_EQ(r32(rd + 0x10418) >> 24, 0xa0);
	g_printf("irq: GIC up (TYPER 0x%x), PPI 27 enabled\n", r32(GICD + 4));
	/* Time-sliced with another partition, an interrupt may wait out its slice. */
	timer_ticks(period_us, mode == 1 ? IRQ_LATE_US + ISO_SLICE_US : IRQ_LATE_US);
	if (mode == 1) {
		timer_quiet(30);
		g_printf("irq-iso: no interrupt after my timer stopped\n");
		return;
	}
	timer_wfi();
	sgi_burst(rd);
	if (nvcpus >= 2)
		sgis(rd);
	G_EQ(spurious, 0);
	G_EQ(wrong[0], 0);
}
