// SPDX-License-Identifier: MIT
/*
 * Role 13, passthrough: a partition that owns devices of QEMU's virt board
 * through its manifest (device@ nodes, hyp/partition.c maps them into its
 * stage-2 with device attributes) uses them directly, and one that does not
 * own them cannot reach them (tests/qemu/cases/arm64-part-passthrough.t).
 *
 *   owner     a1 = 0, a2 = where it sees the PL031 RTC, a3 = where it sees
 *             the PL061 GPIO controller. It first waits until every other
 *             partition has halted, then checks that their attempts left the
 *             RTC untouched; checks the PL031 identification registers
 *             exactly, that its accesses take no exit at all (mapped, not
 *             emulated), that RTCDR holds the current time and ticks at 1 Hz
 *             by the virtual counter, that RTCMR is written and read back and
 *             its match raises the raw interrupt status (masked, so no
 *             interrupt), that RTCLR loads the counter; checks the PL061's
 *             identification and its direction register; and that the windows are exactly their pages:
 *             the RTC's host address (when it is relocated) and the page past
 *             it abort, the window is not executable and no hypercall takes
 *             a buffer there.
 *   intruder  a1 = 1, a2 = the PL031's host address, a3 = the PL061's
 *             host address: every read, write and fetch there aborts
 *             (synchronous external abort injected by the hypervisor) and is
 *             counted in its statistics; its writes would move the RTC's
 *             match and time, which the owner checks afterwards.
 *
 * (Both devices master no DMA: a DMA-capable one such as virtio-mmio or
 * fw_cfg is refused by the manifest check, docs/manifest.md.)
 *
 * Not checked here: that the stage-2 attributes are Device. Architecturally
 * an unaligned load through the owner's window would take an alignment fault
 * whatever the guest's own attributes (stage 1 Normal combined with stage 2
 * Device gives Device), but QEMU 7.2 (TCG) never takes alignment faults
 * because of the memory type: measured with the MMU off, with a stage-1
 * Device mapping, and with stage-1 Normal over the stage-2 Device mapping,
 * the unaligned LDR completes as aligned device reads. The descriptor is
 * checked on the host instead (tests/unit/arm64/s2dev/).
 */
#include "glib.h"

/* PL031 registers (ARM DDI 0224, PrimeCell Real Time Clock (PL031) TRM, "Register descriptions"). */
#define RTC_DR		0x000	/* data: the counter, seconds */
#define RTC_MR		0x004	/* match */
#define RTC_LR		0x008	/* load: writing sets the counter */
#define RTC_CR		0x00c	/* control: bit 0 start (QEMU: always 1) */
#define RTC_IMSC	0x010	/* interrupt mask set/clear */
#define RTC_RIS		0x014	/* raw interrupt status */
#define RTC_MIS		0x018	/* masked interrupt status */
#define RTC_ICR		0x01c	/* interrupt clear */
#define RTC_ID		0xfe0	/* RTCPeriphID0-3, RTCPCellID0-3 */

/* PL061 GPIO registers (ARM DDI 0190, PrimeCell GPIO (PL061) TRM, "Register descriptions"). */
#define GPIO_DIR	0x400	/* direction: 1 = output */
#define GPIO_ID		0xfe0	/* GPIOPeriphID0-3, GPIOPCellID0-3 */

#define PL031_HOST	0x09010000ul	/* QEMU virt: where the RTC is in host-physical space */
#define EPOCH_2020	1577836800u	/* 2020-01-01T00:00:00Z */
#define INTRUDER_MARK	0x0badc0deu	/* what the intruder writes to RTCMR and RTCLR */

static inline uint32_t rd(uint64_t base, uint64_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void wr(uint64_t base, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

static uint64_t freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

/* Poll RTCDR until it differs from `from`, for at most `secs` seconds of virtual counter. */
static uint32_t dr_change(uint64_t rtc, uint32_t from, unsigned int secs, uint64_t *when)
{
	uint64_t t0 = g_counter(), lim = freq() * secs;
	uint32_t v;

	do {
		v = rd(rtc, RTC_DR);
		*when = g_counter();
	} while (v == from && *when - t0 < lim);
	return v;
}

static void own_stats(struct hc_part_stats *st)
{
	G_EQ(g_call(HC_PART_STATS, g_self(NULL), (uint64_t)st, sizeof(*st)).r0, 0);
}

/* Wait until every other partition has halted (state HALTED): at most `secs` seconds. */
static bool others_halted(unsigned int secs)
{
	static struct hc_part_info info __attribute__((aligned(64)));
	unsigned int n, self = g_self(&n);
	uint64_t t0 = g_counter(), lim = freq() * secs;

	for (unsigned int id = 0; id < n; id++) {
		if (id == self)
			continue;
		for (;;) {
			if (g_call(HC_PART_INFO, id, (uint64_t)&info, sizeof(info)).r0 != 0)
				return false;
			if (info.state == HC_STATE_HALTED)
				break;
			if (g_counter() - t0 > lim)
				return false;
			g_yield();
		}
	}
	return true;
}

static void owner(uint64_t rtc, uint64_t vio)
{
	static const uint8_t id[8] = { 0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	static struct hc_part_stats s0 __attribute__((aligned(64))), s1 __attribute__((aligned(64)));
	static struct hc_part_info info __attribute__((aligned(64)));
	uint64_t f = freq(), c1, c2, t;
	uint32_t d0, d1, d2, sum = 0, mr;
	unsigned int i;

	g_printf("passthrough: owner: PL031 at 0x%llx, PL061 at 0x%llx\n", (unsigned long long)rtc,
		 (unsigned long long)vio);

	/* The intruder tried to write RTCMR and RTCLR: neither may have reached the device. */
	G_CHECK(others_halted(30));
	mr = rd(rtc, RTC_MR);
	d0 = rd(rtc, RTC_DR);
	G_EQ(mr, 0);		/* QEMU's reset value; only this partition may write it */
	G_CHECK(d0 >= EPOCH_2020);	/* not the intruder's load value (1976) */
	g_printf("passthrough: RTCMR 0x%x, RTCDR %u after the intruder halted\n", mr, d0);

	/*
	 * Identification: RTCPeriphID0-3 (part 0x031, designer 0x41, revision 1 in
	 * QEMU: PeriphID2 = 0x14) and RTCPCellID0-3 (QEMU hw/rtc/pl031.c pl031_id[]).
	 */
	for (i = 0; i < 8; i++)
		G_EQ(rd(rtc, RTC_ID + 4 * i), id[i]);
	G_EQ(rd(rtc, RTC_CR) & 1, 1);
	G_EQ(rd(rtc, RTC_IMSC), 0);

	/* Mapped, not emulated: 512 device reads take no stage-2 exit and no emulation. */
	own_stats(&s0);
	for (i = 0; i < 256; i++)
		sum += rd(rtc, RTC_ID + 4 * (i & 7)) + (rd(rtc, RTC_DR) - d0);
	own_stats(&s1);
	g_printf("passthrough: 512 direct reads: %llu stage-2 exits, %llu emulated accesses\n",
		 (unsigned long long)(s1.exits[1] - s0.exits[1]), (unsigned long long)(s1.mmio - s0.mmio));
	G_EQ(s1.exits[1] - s0.exits[1], 0);
	G_EQ(s1.mmio - s0.mmio, 0);
	G_CHECK(sum >= 32 * (0x31 + 0x10 + 0x14 + 0x0d + 0xf0 + 0x05 + 0xb1));

	/* RTCDR counts seconds: two consecutive ticks, one second apart by the virtual counter. */
	d1 = dr_change(rtc, rd(rtc, RTC_DR), 3, &c1);
	d2 = dr_change(rtc, d1, 3, &c2);
	g_printf("passthrough: RTCDR %u -> %u in %llu ms of virtual counter\n", d1, d2,
		 (unsigned long long)((c2 - c1) * 1000 / f));
	G_EQ(d2, d1 + 1);
	G_CHECK(d1 >= d0);
	G_CHECK(c2 - c1 > f / 2 && c2 - c1 < f + f / 2);

	/* RTCMR reads back what was written; no match while it is ahead. */
	t = rd(rtc, RTC_DR);
	wr(rtc, RTC_MR, (uint32_t)t + 365 * 86400u);
	G_EQ(rd(rtc, RTC_MR), (uint32_t)t + 365 * 86400u);
	wr(rtc, RTC_MR, 0xa5a5a5a5u);
	G_EQ(rd(rtc, RTC_MR), 0xa5a5a5a5u);
	wr(rtc, RTC_MR, (uint32_t)t + 365 * 86400u);
	G_EQ(rd(rtc, RTC_RIS) & 1, 0);
	/* A match one second ahead sets the raw status; masked (IMSC 0), so no interrupt; ICR clears it. */
	wr(rtc, RTC_MR, rd(rtc, RTC_DR) + 1);
	for (t = g_counter(); !(rd(rtc, RTC_RIS) & 1) && g_counter() - t < 3 * f;)
		;
	G_EQ(rd(rtc, RTC_RIS) & 1, 1);
	G_EQ(rd(rtc, RTC_MIS), 0);
	wr(rtc, RTC_ICR, 1);
	G_EQ(rd(rtc, RTC_RIS) & 1, 0);
	g_printf("passthrough: RTCMR written and read back; its match set RTCRIS, RTCICR cleared it\n");

	/*
	 * Writing RTCLR loads the counter; then put the time back. (Reading RTCLR
	 * back is not checked: QEMU 7.2 always returns 0 there.)
	 */
	d0 = rd(rtc, RTC_DR);
	wr(rtc, RTC_LR, 1000000000u);
	d1 = rd(rtc, RTC_DR);
	G_CHECK(d1 == 1000000000u || d1 == 1000000001u);
	d2 = rd(rtc, RTC_DR);
	wr(rtc, RTC_LR, d0 + (d2 - 1000000000u));
	d2 = rd(rtc, RTC_DR);
	G_CHECK(d2 >= d0 && d2 <= d0 + 2);
	g_printf("passthrough: RTCLR loaded %u (read %u), time restored to %u\n", 1000000000u, d1, d2);

	/* The PL061: its PrimeCell identification, and a register that keeps what is written. */
	{
		static const uint32_t gpio_id[8] = { 0x61, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

		for (unsigned int i = 0; i < 8; i++)
			G_EQ(rd(vio, GPIO_ID + 4 * i), gpio_id[i]);
		*(volatile uint32_t *)(vio + GPIO_DIR) = 0xa5;
		G_EQ(rd(vio, GPIO_DIR), 0xa5);
		*(volatile uint32_t *)(vio + GPIO_DIR) = 0;
		G_EQ(rd(vio, GPIO_DIR), 0);
	}
	g_printf("passthrough: PL061 identification and direction register read back\n");

	/* Exactly the manifest's pages, never executable, never a hypercall buffer. */
	if (rtc != PL031_HOST)
		G_CHECK(g_read_aborts(PL031_HOST, 4));
	G_CHECK(g_read_aborts(rtc + 0x1000, 4));
	G_CHECK(g_write_aborts(rtc + 0x1000, 4, 0));
	G_CHECK(g_read_aborts(rtc - 4, 4));
	G_CHECK(g_exec_aborts(rtc));
	G_CHECK(g_exec_aborts(vio));
	/* The hypervisor neither reads nor writes device registers on the guest's behalf. */
	mr = rd(rtc, RTC_MR);
	d0 = rd(rtc, RTC_DR);
	G_EQ(g_call(HC_CONSOLE_WRITE, rtc, 4, 0).r0, HC_BAD_ADDRESS);
	G_EQ(g_call(HC_PART_INFO, g_self(NULL), rtc, sizeof(info)).r0, HC_BAD_ADDRESS);
	G_EQ(g_call(HC_PART_STATS, g_self(NULL), vio, sizeof(s0)).r0, HC_BAD_ADDRESS);
	G_EQ(rd(rtc, RTC_MR), mr);	/* an hc_part_info there would have put its state in RTCMR */
	d1 = rd(rtc, RTC_DR);
	G_CHECK(d1 >= d0 && d1 <= d0 + 1);
	g_printf("passthrough: outside the windows, fetches and hypercall buffers: all refused\n");
}

static void intruder(uint64_t rtc, uint64_t vio)
{
	static struct hc_part_stats s0 __attribute__((aligned(64))), s1 __attribute__((aligned(64)));
	const unsigned int n = 7;	/* accesses below, each one abort */

	g_printf("passthrough: intruder: PL031 at 0x%llx, PL061 at 0x%llx, not mine\n",
		 (unsigned long long)rtc, (unsigned long long)vio);
	own_stats(&s0);
	G_CHECK(g_read_aborts(rtc + RTC_DR, 4));
	G_CHECK(g_read_aborts(rtc + RTC_ID, 4));
	G_CHECK(g_write_aborts(rtc + RTC_MR, 4, INTRUDER_MARK));
	G_CHECK(g_write_aborts(rtc + RTC_LR, 4, INTRUDER_MARK));
	G_CHECK(g_exec_aborts(rtc));
	G_CHECK(g_read_aborts(vio + GPIO_ID, 4));
	G_CHECK(g_write_aborts(vio + GPIO_DIR, 4, 0xff));
	own_stats(&s1);
	g_printf("passthrough: intruder: %u accesses, %llu aborts injected\n", n,
		 (unsigned long long)(s1.aborts - s0.aborts));
	G_EQ(s1.aborts - s0.aborts, n);
	G_EQ(s1.exits[1] - s0.exits[1], n);
}

void passthrough_role(uint64_t a1, uint64_t a2, uint64_t a3)
{
	if (a1 == 0)
		owner(a2, a3);
	else
		intruder(a2, a3);
}
