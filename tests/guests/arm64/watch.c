// SPDX-License-Identifier: MIT
/*
 * Role 16 "watch" of the arm64 test guest: runs beside another partition
 * (tests/qemu/cases/arm64-part-linux.t: a Linux kernel) and watches it with
 * HC_PART_INFO until it stops, sleeping on its own virtual timer between
 * looks (WFI: the vCPU must be woken at each deadline while the neighbour
 * keeps its CPUs busy).
 *
 *   x1 = id of the partition to watch, x2 = how long to wait at most (s)
 *
 * Checks: every look succeeds; the watched partition is seen RUNNING at
 * least twice (this partition ran during its run, not only before or
 * after); it ends HALTED (PSCI SYSTEM_OFF), never CRASHED; within the time.
 * Prints a line every 2 s while it waits and one when the partition stops.
 */
#include "glib.h"

#define WATCH_TICK_MS	250

/* Sleep ms on the virtual timer (IRQs stay masked: WFI wakes on the pending line). */
static void watch_sleep(uint64_t ms)
{
	uint64_t freq, end;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	end = g_counter() + freq / 1000 * ms;
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" : : "r"(end), "r"(1ull));
	while (g_counter() < end)
		__asm__ volatile("wfi");
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb");
}

void watch_role(uint64_t id, uint64_t max_s)
{
	static struct hc_part_info info __attribute__((aligned(64)));
	uint64_t ticks = 0, running = 0, max_ticks = max_s * (1000 / WATCH_TICK_MS);
	uint32_t state = HC_STATE_EMPTY;

	for (;;) {
		struct g_ret r = g_call(HC_PART_INFO, id, (uint64_t)&info, sizeof(info));

		G_EQ(r.r0, 0);
		if (r.r0)
			return;
		state = info.state;
		if (state != HC_STATE_RUNNING && state != HC_STATE_CREATED)
			break;
		if (state == HC_STATE_RUNNING)
			running++;
		if (ticks % (2000 / WATCH_TICK_MS) == 0)
			g_printf("watch: %llu ms: partition \"%s\" running (%u vCPUs)\n",
				 (unsigned long long)(ticks * WATCH_TICK_MS), info.name, info.nvcpus);
		if (++ticks > max_ticks)
			break;
		watch_sleep(WATCH_TICK_MS);
	}
	g_printf("watch: partition \"%s\" %s after %llu ms, seen running %llu times\n", info.name,
		 state == HC_STATE_HALTED ? "halted" : state == HC_STATE_CRASHED ? "CRASHED" : "still running",
		 (unsigned long long)(ticks * WATCH_TICK_MS), (unsigned long long)running);
	G_CHECK(ticks <= max_ticks);
	G_EQ(state, HC_STATE_HALTED);
	G_CHECK(running >= 2);
}
