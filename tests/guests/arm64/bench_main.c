// SPDX-License-Identifier: MIT
/*
 * Entry of the benchmark image (build/arm64/guests/bench.bin): the SDK plus
 * role 9 only. Any other role is a configuration error, reported as a
 * failure.
 */
#include "glib.h"

void g_main(uint64_t role, uint64_t a1, uint64_t a2, uint64_t a3);
void g_main(uint64_t role, uint64_t a1, uint64_t a2, uint64_t a3)
{
	(void)a2;
	(void)a3;
	if (role == 9) {
		bench_role(a1);
	} else {
		g_printf("GUEST-FAIL the benchmark image runs role 9 only, not %llu\n", (unsigned long long)role);
		g_failed++;
	}
	g_report("bench");
}

/* crt0.S starts secondary vCPUs here; the benchmark never powers one on. */
void g_secondary_main(uint64_t ctx, uint64_t idx);
void g_secondary_main(uint64_t ctx, uint64_t idx)
{
	(void)ctx;
	g_printf("GUEST-FAIL the benchmark image started vCPU %llu\n", (unsigned long long)idx);
	g_psci(0x84000002u, 0, 0, 0);	/* CPU_OFF */
	for (;;)
		;
}
