// SPDX-License-Identifier: MIT
/*
 * Role 9 "bench" (scripts/bench-arm64.sh): instruction counts of the exit
 * paths measured with the PMU (event 0x08, EL0/EL1/EL2 all counted) under
 * QEMU -icount, and the virtual counter at the guest's first instruction
 * (crt0.S keeps it in g_boot_counter). Linked both into the test image and,
 * alone with the SDK (bench_main.c), into build/arm64/guests/bench.bin, the
 * image the benchmark bundles load, so the boot figure does not move each
 * time another test role is added to the test image.
 */
#include "glib.h"

static inline void pmu_start(void)
{
	/* Event counter 0: instructions retired (0x08), EL0, EL1 and EL2 (NSH) all counted. */
	__asm__ volatile("msr pmevtyper0_el0, %0\n\tmsr pmcntenset_el0, %1\n\tmsr pmcr_el0, %2\n\tisb"
			 : : "r"((uint64_t)0x08 | (1ull << 27)), "r"(1ull), "r"(3ull));
}

static inline uint64_t pmu_read(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, pmevcntr0_el0" : "=r"(v));
	return v;
}

/* Instructions of op() minus the measurement's own cost (best of 8, each op() fresh). */
#define MEASURE(res, op) do {							\
	uint64_t _best = ~0ull;							\
	for (int _i = 0; _i < 8; _i++) {					\
		uint64_t _a, _b, _c;						\
		_a = pmu_read();						\
		_b = pmu_read();						\
		op;								\
		_c = pmu_read();						\
		if ((_c - _b) - (_b - _a) < _best)				\
			_best = (_c - _b) - (_b - _a);				\
	}									\
	res = _best;								\
} while (0)

/* A bare HVC #0 with x0 = fid; returns x0 (x1-x17 may change, as SMCCC allows). */
static inline int64_t bare_hvc(uint32_t fid)
{
	register uint64_t x0 __asm__("x0") = fid;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
			 "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

void bench_role(uint64_t lazy_base)
{
	int64_t rv;
	uint64_t hc, psci, mmio, fault, freq;
	struct g_ret r;
	volatile uint64_t sink;
	int page = 0;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	pmu_start();
	MEASURE(hc, rv = bare_hvc(HC_VERSION));
	G_EQ(rv, 0);
	MEASURE(psci, rv = bare_hvc(0x84000000u));
	G_EQ(rv, 0x10001);
	r = g_call(HC_VERSION, 0, 0, 0);
	G_EQ(r.r1, HC_ABI_VERSION);
	MEASURE(mmio, sink = *(volatile uint32_t *)(G_UART + 0x18));
	MEASURE(fault, sink = *(volatile uint64_t *)(lazy_base + 0x1000ull * page++));
	(void)sink;
	/* Under -icount shift=0 one instruction is 1 ns; the counter ticks at freq. */
	g_printf("bench: null hypercall round trip: %llu instructions\n", (unsigned long long)hc);
	g_printf("bench: PSCI_VERSION via HVC: %llu instructions\n", (unsigned long long)psci);
	g_printf("bench: emulated MMIO read (PL011 FR): %llu instructions\n", (unsigned long long)mmio);
	g_printf("bench: stage-2 first-touch fault: %llu instructions\n", (unsigned long long)fault);
	g_printf("bench: reset to first guest instruction: %llu instructions (counter %llu at %llu Hz)\n",
		 (unsigned long long)(g_boot_counter * (1000000000ull / freq)), (unsigned long long)g_boot_counter,
		 (unsigned long long)freq);
	G_CHECK(hc > 0 && mmio > 0 && fault > mmio);
}
