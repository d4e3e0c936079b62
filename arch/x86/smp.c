// SPDX-License-Identifier: MIT
/*
 * Starting the application processors on x86_64 through the local xAPIC at
 * the MADT's address: the INIT-SIPI-SIPI sequence (Intel SDM vol. 3A 9.4.4.1
 * "Typical BSP Initialization Sequence"; AMD APM vol. 2 16.5) with the
 * trampoline in trampoline.S, one AP at a time, each with its own stack from
 * the frame allocator. Every wait is bounded: an AP that does not report in
 * is sent INIT again (so it cannot wake later on another AP's stack) and
 * named in the log. APs idle in hlt with interrupts off.
 */
#include <string.h>
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "mm/frame.h"
#include "arch/x86/acpi.h"
#include "arch/x86/x86.h"

/* Local APIC registers (SDM vol. 3A table 11-1). */
#define LAPIC_ID		0x020
#define LAPIC_SVR		0x0f0
#define LAPIC_ESR		0x280
#define LAPIC_ICR_LO		0x300
#define LAPIC_ICR_HI		0x310
#define LAPIC_SVR_ENABLE	(1u << 8)
#define ICR_INIT		0x00004500u	/* INIT, level assert */
#define ICR_STARTUP		0x00004600u	/* start-up IPI, vector in bits 7:0 */
#define ICR_BUSY		(1u << 12)	/* delivery status: send pending */
#define APIC_BASE_ENABLE	(1ull << 11)
#define APIC_BASE_X2APIC	(1ull << 10)	/* EXTD: registers are MSRs, not MMIO */

#define AP_REPORT_US		5000000		/* a loaded TCG host can be slow: 5 s per AP */
#define AP_STACK_FRAMES		(1 + X86_STACK_SIZE / PAGE_SIZE)	/* guard page + stack */

extern char x86_trampoline_start[], x86_trampoline_end[];

/* Filled by the boot CPU before boot_main(); read by the APs while they start. */
static uint32_t cpu_apic_id[X86_MAX_CPUS];	/* logical CPU -> APIC ID */
static unsigned int ncpu_table;
static volatile uintptr_t lapic;
static volatile uint32_t ap_online[X86_MAX_CPUS];
static uint64_t ap_stack_guard[X86_MAX_CPUS];	/* unmapped page below each AP's stack */
enum x86_ap_test x86_ap_test;

static uint32_t lapic_read(uint32_t reg)
{
	return *(volatile uint32_t *)(lapic + reg);
}

static void lapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)(lapic + reg) = v;
}

static bool lapic_send(uint32_t apic_id, uint32_t icr)
{
	unsigned int i;

	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_ICR_HI, apic_id << 24);
	lapic_write(LAPIC_ICR_LO, icr);
	for (i = 0; i < 1000; i++) {
		if (!(lapic_read(LAPIC_ICR_LO) & ICR_BUSY))
			return true;
		x86_udelay(10);
	}
	return false;
}

/* No AP can be started: say why; the boot CPU runs alone. */
static unsigned int boot_cpu_only(uint32_t *bsp_apic_id)
{
	log_printf("x86: only the boot CPU will run\n");
	ncpu_table = 1;
	*bsp_apic_id = 0;
	return 1;
}

/*
 * Decide the logical numbering from the MADT: the boot CPU is 0, the other
 * enabled CPUs follow in MADT order. Returns the number of CPUs present.
 */
unsigned int x86_smp_probe(uint32_t *bsp_apic_id, bool tramp_ok)
{
	const struct acpi_info *a = &x86_acpi;
	uint64_t base;
	unsigned int i, skipped;
	uint32_t bsp;

	if (!x86_acpi_ok || !a->has_madt || !a->ncpus) {
		log_printf("x86: no usable MADT\n");
		return boot_cpu_only(bsp_apic_id);
	}
	if (!tramp_ok) {
		log_printf("x86: the AP start page 0x%x is not free RAM (memory map, boot information, modules)\n",
			   X86_TRAMPOLINE_PA);
		return boot_cpu_only(bsp_apic_id);
	}
	if (a->lapic_pa & 0xfff || a->lapic_pa >= (1ull << 32)) {
		log_printf("x86: MADT local APIC address 0x%llx is not a page below 4 GiB\n",
			   (unsigned long long)a->lapic_pa);
		return boot_cpu_only(bsp_apic_id);
	}
	base = rdmsr(X86_MSR_APIC_BASE);
	if (base & APIC_BASE_X2APIC) {
		log_printf("x86: firmware left the local APIC in x2APIC mode, which is not supported yet\n");
		return boot_cpu_only(bsp_apic_id);
	}
	if (!(base & APIC_BASE_ENABLE))
		wrmsr(X86_MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	if ((base & ~0xfffull & ((1ull << 52) - 1)) != a->lapic_pa)
		log_printf("x86: warning: IA32_APIC_BASE 0x%llx differs from the MADT's 0x%llx\n",
			   (unsigned long long)(base & ~0xfffull), (unsigned long long)a->lapic_pa);
	lapic = (uintptr_t)a->lapic_pa;
	bsp = lapic_read(LAPIC_ID) >> 24;
	*bsp_apic_id = bsp;

	cpu_apic_id[0] = bsp;
	ncpu_table = 1;
	skipped = a->ncpus_dropped;
	for (i = 0; i < a->ncpus; i++) {
		if (a->cpus[i].apic_id == bsp)
			continue;
		if (ncpu_table < X86_MAX_CPUS)
			cpu_apic_id[ncpu_table++] = a->cpus[i].apic_id;
		else
			skipped++;
	}
	if (ncpu_table + skipped == a->ncpus + a->ncpus_dropped + 1)
		log_printf("x86: warning: the boot CPU (APIC ID %u) is not in the MADT\n", bsp);
	if (skipped)
		log_printf("x86: warning: %u CPU(s) beyond the %u supported are ignored\n", skipped, X86_MAX_CPUS);
	log_printf("x86: MADT: %u CPU(s), local APIC at 0x%llx, boot CPU APIC ID %u\n", ncpu_table,
		   (unsigned long long)a->lapic_pa, bsp);
	return ncpu_table;
}

static __noreturn void ap_main(unsigned int cpu)
{
	x86_cpu_init(cpu, cpu_apic_id[cpu]);
	x86_percpu[cpu].stack_lo = ap_stack_guard[cpu] + PAGE_SIZE;
	x86_percpu[cpu].stack_hi = ap_stack_guard[cpu] + PAGE_SIZE + X86_STACK_SIZE;
	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | LAPIC_SVR_ENABLE | 0xff);
	if (cpu == 1 && x86_ap_test == X86_AP_TEST_FAULT)
		(void)*(volatile uint64_t *)(uintptr_t)((1ull << 46) + 0xdead000);
	if (cpu == 1 && x86_ap_test == X86_AP_TEST_STACK)	/* overflow into the guard page */
		__asm__ volatile("movq %0, %%rsp; pushq $0" :: "r"(ap_stack_guard[cpu] + PAGE_SIZE / 2) : "memory");
	if (cpu == 1 && x86_ap_test == X86_AP_TEST_STALL)	/* never report in */
		x86_halt_forever();
	__atomic_store_n(&ap_online[cpu], 1, __ATOMIC_RELEASE);
	log_printf("x86: CPU %u (APIC ID %u) online\n", cpu, cpu_apic_id[cpu]);
	x86_halt_forever();
	__builtin_unreachable();
}

static void tramp_put32(unsigned int off, uint32_t v)
{
	memcpy((uint8_t *)(uintptr_t)(X86_TRAMPOLINE_PA + X86_TRAMP_DATA + off), &v, 4);
}

static void tramp_put64(unsigned int off, uint64_t v)
{
	memcpy((uint8_t *)(uintptr_t)(X86_TRAMPOLINE_PA + X86_TRAMP_DATA + off), &v, 8);
}

static bool wait_online(unsigned int cpu, uint64_t us)
{
	uint64_t step = 100;

	for (; us; us -= us > step ? step : us) {
		if (__atomic_load_n(&ap_online[cpu], __ATOMIC_ACQUIRE))
			return true;
		x86_udelay(step);
	}
	return __atomic_load_n(&ap_online[cpu], __ATOMIC_ACQUIRE);
}

static bool start_ap(unsigned int cpu)
{
	uint32_t id = cpu_apic_id[cpu];
	hpa_t stack;

	if (id > 0xfe) {
		log_printf("x86: CPU %u: APIC ID %u needs x2APIC mode, which is not supported yet\n", cpu, id);
		return false;
	}
	/* The stack with an unmapped guard page below it: an overflow faults. */
	if (frame_alloc(&hyp_frames, AP_STACK_FRAMES, PAGE_SIZE, &stack)) {
		log_printf("x86: CPU %u: no memory for its stack\n", cpu);
		return false;
	}
	if (x86_mmu_set_guard(stack.v, true)) {
		log_printf("x86: CPU %u: no memory for its stack guard page\n", cpu);
		frame_free(&hyp_frames, stack, AP_STACK_FRAMES);
		return false;
	}
	ap_stack_guard[cpu] = stack.v;
	tramp_put32(X86_TD_CPU, cpu);
	tramp_put64(X86_TD_STACK, stack.v + PAGE_SIZE + X86_STACK_SIZE);
	tramp_put64(X86_TD_ENTRY, (uint64_t)(uintptr_t)ap_main);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	if (!lapic_send(id, ICR_INIT))
		goto fail;
	x86_udelay(10000);
	if (!lapic_send(id, ICR_STARTUP | (X86_TRAMPOLINE_PA >> 12)))
		goto fail;
	if (wait_online(cpu, 200))
		return true;
	if (!lapic_send(id, ICR_STARTUP | (X86_TRAMPOLINE_PA >> 12)))
		goto fail;
	if (wait_online(cpu, AP_REPORT_US))
		return true;
fail:
	/* Park it again: it must not wake later on the next AP's data. */
	(void)lapic_send(id, ICR_INIT);
	if (!x86_mmu_set_guard(stack.v, false))		/* mapped again: a free frame is zeroed */
		frame_free(&hyp_frames, stack, AP_STACK_FRAMES);
	ap_stack_guard[cpu] = 0;
	log_printf("x86: CPU %u (APIC ID %u) did not come up\n", cpu, id);
	return false;
}

unsigned int arch_smp_start(struct boot_info *bi)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __packed gdtr = { X86_GDT_ENTRIES * 8 - 1, (uint32_t)(uintptr_t)x86_gdt };
	unsigned int cpu, online = 1;

	if (ncpu_table < 2)
		return 1;
	lapic_write(LAPIC_SVR, lapic_read(LAPIC_SVR) | LAPIC_SVR_ENABLE | 0xff);

	x86_mmu_trampoline_exec(true);
	memcpy((void *)(uintptr_t)X86_TRAMPOLINE_PA, x86_trampoline_start,
	       (size_t)(x86_trampoline_end - x86_trampoline_start));
	memcpy((uint8_t *)(uintptr_t)(X86_TRAMPOLINE_PA + X86_TRAMP_DATA + X86_TD_GDTR), &gdtr, sizeof(gdtr));
	tramp_put32(X86_TD_CR4, (uint32_t)read_cr4());
	tramp_put32(X86_TD_CR3, (uint32_t)x86_mmu_root());
	tramp_put32(X86_TD_EFER, (uint32_t)(rdmsr(X86_MSR_EFER) & (X86_EFER_LME | X86_EFER_NXE)));

	for (cpu = 1; cpu < ncpu_table && cpu < bi->cpus_present; cpu++)
		if (start_ap(cpu))
			online++;
	x86_mmu_trampoline_exec(false);
	return online;
}
