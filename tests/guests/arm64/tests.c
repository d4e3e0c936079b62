// SPDX-License-Identifier: MIT
/*
 * The arm64 test guest: one image, the role chosen by the manifest's first
 * boot argument (x0), its parameters in x1-x3. Each role checks what the
 * hypervisor must guarantee from inside the partition and ends with a
 * GUEST-RESULT line and PSCI SYSTEM_OFF (tests/qemu/cases/arm64-part-*.t).
 *
 *   1 hello   x1 = lines, x2 = 1 if it must see time-slice timer exits, x3 = 1
 *             if its RAM is lazy: prints numbered lines, checks PSCI, hypercall
 *             basics and its statistics
 *   2 victim  x1 = rounds: fills 1 MiB with a pattern and re-checks its checksum
 *             every round while others run (isolation)
 *   3 hostile touches everything it must not and sends malformed calls
 *   4 crash   x1 = boots to crash before finishing: crashes with no vectors
 *   5 psci    CPU_ON / AFFINITY_INFO / CPU_OFF of vCPU 1, then SYSTEM_RESET once
 *   6 vmid    x1 = rounds: a per-partition pattern over 64 pages, re-checked
 *             after every yield (VMID generations must keep each view intact)
 *   7 fp      x1 = rounds: its own values in q0-q31 and FPCR, re-checked after
 *             preemption and yields (the hypervisor switches FP/SIMD state)
 *   8 sleep   x1 = ms: WFI until its virtual timer fires (the vCPU must sleep,
 *             and be woken by the hypervisor at the deadline)
 *   9 bench   x1 = base of a lazy RAM region: PMU instruction counts (guest and
 *             hypervisor) of a null hypercall, PSCI_VERSION, an emulated MMIO
 *             read, a stage-2 first-touch fault, and boot to _start (counter)
 *  10 pmu     reads PMCR_EL0, which the hypervisor traps: it must take an
 *             undefined-instruction exception (EC 0x00) and go on
 *  11 echo    prints each line typed on its console until "quit" (input focus)
 *  15 irq     x1 = mode, x2 = timer period (us), x3 = vCPUs: the virtual GICv3
 *             (irq.c)
 *  16 watch   x1 = partition id, x2 = seconds: watches that partition run and
 *             stop (watch.c)
 *  17 uartirq x1 = mode, x2 = console SPI: the vPL011's interrupt (spi.c)
 *  18 doorbell x1 = mode, x2 = doorbell SPI, x3 = peer id: channel doorbells (spi.c)
 *  20 devirq  x1 = PL031 guest base, x2 = its SPI: a passthrough interrupt (spi.c)
 *  19 debug   x1 = rounds: the emulated debug registers (debug.c)
 */
#include <string.h>
#include "glib.h"

#define RAM_BASE	0x40000000ul

extern char __image_end[];

static const char *role_name(uint64_t role)
{
	static const char *const n[] = { "?", "hello", "victim", "hostile", "crash", "psci", "vmid", "fp", "sleep", "bench", "pmu", "echo", "dirty", "passthrough", "channel", "irq", "watch", "uartirq", "doorbell", "debug", "devirq" };

	return role < sizeof(n) / sizeof(n[0]) ? n[role] : "?";
}

/* ---- 1 hello ---- */

/*
 * Emulated loads and stores in every width and sign form, through high
 * registers, against known PL011 values (PCellID1 = 0xF0, PeriphID0 = 0x11,
 * UARTCR = 0x300): the hypervisor must complete each into the right
 * register with the right extension (ISS SAS/SSE/SRT/SF).
 */
static void mmio_forms(void)
{
	uint64_t a = G_UART + 0xff4, b = G_UART + 0xfe0, cr = G_UART + 0x30, imsc = G_UART + 0x38;
	uint64_t v;

	__asm__ volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(a));
	G_EQ(v, 0xfffffffffffffff0ull);
	__asm__ volatile("ldrsb %w0, [%1]" : "=r"(v) : "r"(a));
	G_EQ(v, 0xfffffff0ull);
	__asm__ volatile("ldrsh %0, [%1]" : "=r"(v) : "r"(a));
	G_EQ(v, 0xf0);
	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(b));
	G_EQ(v, 0x11);
	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(cr));
	G_EQ(v, 0x300);
	__asm__ volatile("ldrsw %0, [%1]" : "=r"(v) : "r"(cr));
	G_EQ(v, 0x300);
	/* Store from x28, load into x27 and x30 (SRT 28, 27, 30), store from WZR (SRT 31). */
	__asm__ volatile("mov x28, #0x7f0\n\tstr w28, [%1]\n\tldr w27, [%1]\n\tmov %0, x27"
			 : "=r"(v) : "r"(imsc) : "x27", "x28", "memory");
	G_EQ(v, 0x7f0);
	__asm__ volatile("ldr w30, [%1]\n\tmov %0, x30" : "=r"(v) : "r"(imsc) : "x30");
	G_EQ(v, 0x7f0);
	__asm__ volatile("str wzr, [%1]\n\tldr %w0, [%1]" : "=r"(v) : "r"(imsc) : "memory");
	G_EQ(v, 0);
}
static void hello(uint64_t lines, uint64_t expect_timer, uint64_t expect_lazy)
{
	static struct hc_part_stats st __attribute__((aligned(64)));
	static const char msg[] = "line written by HC_CONSOLE_WRITE\n";
	unsigned int n, id = g_self(&n);
	struct g_ret r;

	G_EQ(g_psci(0x84000000u, 0, 0, 0), 0x10001);		/* PSCI_VERSION 1.1 */
	r = g_call(HC_VERSION, 0, 0, 0);
	G_EQ(r.r0, 0);
	G_EQ(r.r1, HC_ABI_VERSION);
	r = g_call(HC_CONSOLE_WRITE, (uint64_t)msg, sizeof(msg) - 1, 0);
	G_EQ(r.r0, 0);
	G_EQ(r.r1, sizeof(msg) - 1);
	/* The virtual PL011's identification and flags. */
	G_EQ(*(volatile uint32_t *)(G_UART + 0xfe0), 0x11);
	G_EQ(*(volatile uint32_t *)(G_UART + 0xff0), 0x0d);
	G_EQ(*(volatile uint32_t *)(G_UART + 0x18) & 0xb0, 0x90);	/* TXFE, RXFE; not TXFF */
	mmio_forms();
	for (uint64_t i = 0; i < lines; i++) {
		g_printf("hello %llu from partition %u of %u\n", (unsigned long long)i, id, n);
		for (volatile int k = 0; k < 20000; k++)
			;
	}
	r = g_call(HC_PART_STATS, id, (uint64_t)&st, sizeof(st));
	G_EQ(r.r0, 0);
	g_printf("hello: %llu hypercall, %llu timer exits, %llu emulated MMIO accesses\n",
		 (unsigned long long)st.exits[0], (unsigned long long)st.exits[3], (unsigned long long)st.mmio);
	G_CHECK(st.mmio > lines * 20);
	if (expect_timer)
		G_CHECK(st.exits[3] > 0);	/* preempted by the time-slice timer */
	if (expect_lazy) {
		/* Lazy RAM: every page touched so far was mapped on its first access. */
		g_printf("hello: %llu pages mapped on first touch\n", (unsigned long long)st.lazy_maps);
		G_CHECK(st.lazy_maps >= 8 && st.exits[1] >= st.lazy_maps);
	}
}

/* ---- 8 sleep ---- */
static void sleep_role(uint64_t ms)
{
	static struct hc_part_stats st __attribute__((aligned(64)));
	uint64_t freq, start, end, ctl;
	unsigned int wakes = 0;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	start = g_counter();
	end = start + freq / 1000 * ms;
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" : : "r"(end), "r"(1ull));
	while (g_counter() < end) {
		__asm__ volatile("wfi");
		wakes++;
	}
	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(ctl));
	G_CHECK(ctl & 4);	/* ISTATUS: the timer condition is met */
	G_EQ(g_call(HC_PART_STATS, g_self(NULL), (uint64_t)&st, sizeof(st)).r0, 0);
	g_printf("sleep: %llu ms with %u WFI, %llu wfi exits\n", (unsigned long long)ms, wakes,
		 (unsigned long long)st.exits[2]);
	G_CHECK(st.exits[2] >= 1 && wakes <= 3);	/* slept, no busy loop of WFI exits */
}

/* ---- 2 victim ---- */
#define VICTIM_BUF	(1u << 20)
static uint8_t victim_buf[VICTIM_BUF] __attribute__((aligned(4096)));

static uint64_t checksum(void)
{
	uint64_t s = 0;

	for (unsigned int i = 0; i < VICTIM_BUF; i += 8)
		s = s * 31 + *(volatile uint64_t *)&victim_buf[i];
	return s;
}

static void victim(uint64_t rounds)
{
	uint64_t first;
	unsigned int bad = 0;

	for (unsigned int i = 0; i < VICTIM_BUF; i += 8)
		*(volatile uint64_t *)&victim_buf[i] = 0x9e3779b97f4a7c15ull * (i + 1);
	first = checksum();
	g_printf("victim: checksum 0x%016llx\n", (unsigned long long)first);
	for (uint64_t r = 1; r <= rounds; r++) {
		uint64_t s = checksum();

		if (s != first)
			bad++;
		if (r % 4 == 0 || s != first)
			g_printf("victim: round %llu checksum 0x%016llx %s\n", (unsigned long long)r,
				 (unsigned long long)s, s == first ? "unchanged" : "CHANGED");
		g_yield();
	}
	G_EQ(bad, 0);
}

/* ---- 3 hostile ---- */
static void hostile(void)
{
	static struct hc_part_info info __attribute__((aligned(64)));
	static const uint64_t bad_addrs[] = {
		0x0,			/* below RAM */
		0x080c0000,		/* past its only virtual redistributor: CPU 1's physical one */
		0x08100000,		/* further physical redistributors */
		0x09001000,		/* beyond the virtual UART */
		0x09010000,		/* the RTC: not passed through */
		0x40200000,		/* where the hypervisor image lives in host memory */
		0x48000000,		/* another partition's guest range (and host RAM) */
		0x7e000000,		/* a fixed host range another manifest could use */
		0xfffff000,		/* the top of the 32-bit IPA space */
	};
	unsigned int self = g_self(NULL), other = self == 0 ? 1 : 0;
	uint64_t ram_end = RAM_BASE + 0x200000;
	struct g_ret r;

	/*
	 * The GIC range holds this partition's virtual GICv3 (arch/arm64/vgic.c),
	 * never the physical one: its identification is the emulation's, it has
	 * exactly one redistributor (one vCPU), and turning everything off in it
	 * leaves the hypervisor's own interrupts alone (the neighbour sharing this
	 * CPU is still time-sliced by the EL2 timer and finishes).
	 */
	G_EQ(*(volatile uint32_t *)0x08000008, 0x0100b042);		/* GICD_IIDR: the emulation's */
	G_EQ(*(volatile uint32_t *)0x08000004, 0x00480001);		/* GICD_TYPER: 64 INTIDs, 1 of N */
	G_EQ(*(volatile uint64_t *)0x080a0008, 0x10);			/* GICR_TYPER: vCPU 0, Last */
	*(volatile uint32_t *)0x08000000 = 0;				/* GICD_CTLR: groups off */
	*(volatile uint32_t *)0x080b0180 = 0xffffffff;			/* GICR_ICENABLER0: all SGIs/PPIs */
	*(volatile uint32_t *)0x080b0380 = 0xffffffff;			/* GICR_ICACTIVER0 */
	*(volatile uint32_t *)0x080a0014 = 2;				/* GICR_WAKER: asleep */
	G_EQ(*(volatile uint32_t *)0x08000000, 0x50);			/* ARE | DS: the emulation's */
	G_CHECK(g_write_aborts(0x08000000, 8, 0));			/* 64-bit on a 32-bit register */
	G_CHECK(g_read_aborts(0x08000002, 2));				/* halfword */
	g_printf("hostile: GIC: the virtual one (IIDR 0x%x), physical registers unreachable\n",
		 *(volatile uint32_t *)0x08000008);
	for (unsigned int i = 0; i < sizeof(bad_addrs) / sizeof(bad_addrs[0]); i++) {
		uint64_t a = bad_addrs[i];

		G_CHECK(g_read_aborts(a, 4));
		G_CHECK(g_write_aborts(a, 8, 0xdeadbeefdeadbeefull));
		g_printf("hostile: 0x%llx: read and write aborted\n", (unsigned long long)a);
	}
	G_CHECK(g_read_aborts(ram_end, 8));
	G_CHECK(g_write_aborts(ram_end, 1, 0x55));
	G_CHECK(g_exec_aborts(0x48000000));
	G_CHECK(g_exec_aborts(0x08000000));	/* device: never executable */
	/* The virtual UART refuses what a PL011 bus cannot do: 8-byte accesses. */
	G_CHECK(g_read_aborts(G_UART, 8));
	G_CHECK(g_write_aborts(G_UART, 8, 0x4141414141414141ull));
	/* A sub-word write to the upper half of the data register sends nothing and is fine. */
	*(volatile uint16_t *)(G_UART + 2) = 0x4141;
	g_printf("hostile: GIC, hypervisor, other partitions, bad UART accesses: all aborted\n");

	/* Malformed hypercalls. */
	r = g_call(HC_CONSOLE_WRITE, 0x0, 16, 0);
	G_EQ(r.r0, HC_BAD_ADDRESS);
	r = g_call(HC_CONSOLE_WRITE, ram_end - 8, 16, 0);		/* runs off the end of RAM */
	G_EQ(r.r0, HC_BAD_ADDRESS);
	r = g_call(HC_CONSOLE_WRITE, 0xfffffffffffffff0ull, 0x20, 0);	/* wraps */
	G_EQ(r.r0, HC_BAD_ADDRESS);
	r = g_call(HC_CONSOLE_WRITE, 0x09000000, 4, 0);		/* the emulated UART is no buffer */
	G_EQ(r.r0, HC_BAD_ADDRESS);
	r = g_call(HC_CONSOLE_WRITE, RAM_BASE, HC_CONSOLE_MAX + 1, 0);
	G_EQ(r.r0, HC_INVALID);
	r = g_call(HC_PART_INFO, 99, (uint64_t)&info, sizeof(info));
	G_EQ(r.r0, HC_INVALID);
	r = g_call(HC_PART_INFO, self, 0x08000000, sizeof(info));
	G_EQ(r.r0, HC_BAD_ADDRESS);
	r = g_call(HC_PART_INFO, self, (uint64_t)&info, 8);
	G_EQ(r.r0, HC_INVALID);
	r = g_call(HC_PART_INFO, other, (uint64_t)&info, sizeof(info));
	G_EQ(r.r0, 0);
	G_EQ(info.id, other);
	r = g_call(HC_PART_STOP, other, 0, 0);
	G_EQ(r.r0, HC_DENIED);
	r = g_call(HC_PART_RESTART, other, 0, 0);
	G_EQ(r.r0, HC_DENIED);
	r = g_call(HC_PART_STATS, other, (uint64_t)&info, 96);
	G_EQ(r.r0, HC_DENIED);
	r = g_call(HC_PART_STOP, 0xffffffffffffffffull, 0, 0);
	G_EQ(r.r0, HC_INVALID);
	r = g_call(0xC60000FFu, 1, 2, 3);
	G_EQ(r.r0, HC_NOT_SUPPORTED);
	r = g_call(0x12345678u, 1, 2, 3);
	G_EQ(r.r0, HC_NOT_SUPPORTED);
	G_EQ(g_hvc_imm1(HC_VERSION), -1);
	/* PSCI abuse. */
	G_EQ(g_psci(0xC4000003u, 7, RAM_BASE, 0), -2);		/* CPU_ON: no vCPU 7 */
	G_EQ(g_psci(0xC4000003u, 1ull << 40, RAM_BASE, 0), -2);	/* other affinity levels */
	G_EQ(g_psci(0xC4000003u, 0, RAM_BASE, 0), -4);		/* itself: ALREADY_ON */
	G_EQ(g_psci(0x84000001u, 0, 0, 0), -1);			/* CPU_SUSPEND */
	G_EQ(g_psci(0xC4000004u, 0, 1, 0), -2);			/* AFFINITY_INFO level 1 */
	G_EQ(g_call_smc(0x84000000u, 0, 0, 0).r0, 0x10001);	/* PSCI by SMC works too */
	g_printf("hostile: malformed hypercalls and PSCI calls: all refused\n");
}

/* ---- 4 crash ---- */
static void crash(uint64_t boots)
{
	uint64_t n = g_restarts();

	if (n < boots) {
		g_printf("crash: boot %llu: crashing (no vectors, unmapped read)\n", (unsigned long long)n);
		__asm__ volatile("msr vbar_el1, xzr\n\tisb");
		(void)*(volatile uint32_t *)0x1000;
		g_printf("crash: survived the crash?\n");
		G_CHECK(false);
		return;
	}
	g_printf("crash: boot %llu: restarted %llu times, done\n", (unsigned long long)n, (unsigned long long)n);
	G_EQ(n, boots);
}

/* ---- 5 psci ---- */
static volatile uint64_t sec_ctx, sec_seen;

void g_secondary_main(uint64_t ctx, uint64_t idx);
void g_secondary_main(uint64_t ctx, uint64_t idx)
{
	g_printf("psci: vCPU %llu up, context 0x%llx\n", (unsigned long long)idx, (unsigned long long)ctx);
	sec_ctx = ctx;
	sec_seen = idx;
	__asm__ volatile("dsb sy");
	g_psci(0x84000002u, 0, 0, 0);	/* CPU_OFF */
	g_printf("psci: CPU_OFF returned\n");
	for (;;)
		;
}

extern char _start[];

static void psci(void)
{
	uint64_t boots = g_restarts();

	G_EQ(g_psci(0x8400000Au, 0xC4000003u, 0, 0), 0);	/* FEATURES(CPU_ON) */
	G_EQ(g_psci(0x8400000Au, 0x84000001u, 0, 0), -1);	/* FEATURES(CPU_SUSPEND) */
	G_EQ(g_psci(0xC4000004u, 1, 0, 0), 1);			/* vCPU 1 is OFF */
	G_EQ(g_psci(0xC4000004u, 0, 0, 0), 0);			/* this one is ON */
	G_EQ(g_psci(0xC4000003u, 1, (uint64_t)_start, 0x1234abcd), 0);
	for (uint64_t t = g_counter(); !sec_seen && g_counter() - t < 62500000ull * 5;)
		;
	G_EQ(sec_seen, 1);
	G_EQ(sec_ctx, 0x1234abcd);
	for (uint64_t t = g_counter(); g_psci(0xC4000004u, 1, 0, 0) != 1 && g_counter() - t < 62500000ull * 5;)
		;
	G_EQ(g_psci(0xC4000004u, 1, 0, 0), 1);			/* OFF again */
	g_printf("psci: boot %llu: CPU_ON, AFFINITY_INFO, CPU_OFF done\n", (unsigned long long)boots);
	if (boots == 0) {
		g_report("psci-boot0");
		g_printf("psci: SYSTEM_RESET\n");
		g_psci(0x84000009u, 0, 0, 0);
		g_printf("psci: SYSTEM_RESET returned\n");
		G_CHECK(false);
	}
	G_EQ(boots, 1);
}

/* ---- 6 vmid ---- */
#define VMID_PAGES	64
static uint8_t vmid_buf[VMID_PAGES][4096] __attribute__((aligned(4096)));

static void vmid(uint64_t rounds)
{
	unsigned int self = g_self(NULL), bad = 0;

	for (unsigned int p = 0; p < VMID_PAGES; p++)
		for (unsigned int w = 0; w < 4096; w += 512)
			*(volatile uint64_t *)&vmid_buf[p][w] = ((uint64_t)self << 32) | (p << 12) | w;
	for (uint64_t r = 0; r < rounds; r++) {
		for (unsigned int p = 0; p < VMID_PAGES; p++)
			for (unsigned int w = 0; w < 4096; w += 512)
				if (*(volatile uint64_t *)&vmid_buf[p][w] != (((uint64_t)self << 32) | (p << 12) | w))
					bad++;
		g_yield();
	}
	g_printf("vmid: partition %u: %llu rounds, %u bad words\n", self, (unsigned long long)rounds, bad);
	G_EQ(bad, 0);
}

/* ---- 7 fp ---- */
void g_fp_fill(uint64_t seed);
void g_fp_dump(uint64_t *out);
void g_fpcr_set(uint64_t v);
uint64_t g_fpcr_get(void);

static void fp(uint64_t rounds)
{
	unsigned int self = g_self(NULL), bad = 0;
	uint64_t seed = 0x0123456700000000ull * (self + 1), regs[64], cpacr, fpcr = (uint64_t)(self & 3) << 22;

	__asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
	__asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(cpacr | (3ull << 20)));	/* FPEN: no traps */
	g_fpcr_set(fpcr);
	g_fp_fill(seed);
	for (uint64_t r = 0; r < rounds; r++) {
		for (volatile unsigned int k = 0; k < 200000; k++)	/* long enough to be preempted */
			;
		g_yield();
		g_fp_dump(regs);
		for (unsigned int i = 0; i < 64; i++)
			if (regs[i] != seed + i)
				bad++;
		if (g_fpcr_get() != fpcr)
			bad++;
	}
	g_printf("fp: partition %u: %llu rounds, %u bad registers\n", self, (unsigned long long)rounds, bad);
	G_EQ(bad, 0);
}

/* ---- 10 pmu ---- */
static void pmu_snoop(void)
{
	unsigned int before = g_last.count;
	uint64_t v = 0;

	g_printf("pmu: reading PMCR_EL0\n");
	g_expect_fault = true;
	__asm__ volatile("mrs %0, pmcr_el0" : "+r"(v));	/* traps to EL2 unless lent */
	g_expect_fault = false;
	if (g_last.count == before) {
		g_printf("pmu: PMCR_EL0 = 0x%llx: the PMU is not trapped\n", (unsigned long long)v);
		G_CHECK(false);
		return;
	}
	/* The hypervisor makes the trapped register undefined: EC 0x00, IL, taken at EL1h. */
	g_printf("pmu: PMCR_EL0 is undefined here (ESR_EL1 0x%llx, exception kind %llu)\n",
		 (unsigned long long)g_last.esr, (unsigned long long)g_last.kind);
	G_EQ(g_last.count, before + 1);
	G_EQ(g_last.esr, 0x2000000);
	G_EQ(g_last.kind, 4);
}

/* ---- 11 echo ---- */
static void echo(void)
{
	volatile uint32_t *u = (volatile uint32_t *)G_UART;
	char line[80];
	unsigned int n = 0;

	g_printf("echo: type a line (\"quit\" ends)\n");
	for (;;) {
		char c;

		while (u[0x18 / 4] & (1u << 4))	/* RXFE */
			;
		c = (char)(u[0] & 0xff);
		if (c == '\r' || c == '\n') {
			line[n] = 0;
			if (n)
				g_printf("echo: %s\n", line);
			if (!strcmp(line, "quit"))
				return;
			n = 0;
		} else if (n + 1 < sizeof(line)) {
			line[n++] = c;
		}
	}
}

void g_main(uint64_t role, uint64_t a1, uint64_t a2, uint64_t a3);
void g_main(uint64_t role, uint64_t a1, uint64_t a2, uint64_t a3)
{
	switch (role) {
	case 1: hello(a1, a2, a3); break;
	case 2: victim(a1); break;
	case 3: hostile(); break;
	case 4: crash(a1); break;
	case 5: psci(); break;
	case 6: vmid(a1); break;
	case 7: fp(a1); break;
	case 8: sleep_role(a1); break;
	case 9: bench_role(a1); break;		/* bench.c */
	case 10: pmu_snoop(); break;
	case 11: echo(); break;
	case 12: dirty_role(a1, a2, a3); break;		/* dirty.c */
	case 13: passthrough_role(a1, a2, a3); break;	/* passthrough.c */
	case 14: channel_role(a1, a2, a3); break;	/* channel.c */
	case 15: irq_role(a1, a2, a3); break;		/* irq.c */
	case 16: watch_role(a1, a2); break;		/* watch.c */
	case 17: uartirq_role(a1, a2); break;		/* spi.c */
	case 18: doorbell_role(a1, a2, a3); break;	/* spi.c */
	case 20: devirq_role(a1, a2); break;		/* spi.c */
	case 19: debug_role(a1); break;			/* debug.c */
	default:
		g_printf("GUEST-FAIL unknown role %llu\n", (unsigned long long)role);
		g_failed++;
		break;
	}
	g_report(role_name(role));
}
