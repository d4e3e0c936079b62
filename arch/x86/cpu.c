// SPDX-License-Identifier: MIT
/*
 * Per-CPU state on x86_64: the per-CPU areas (reached through GS base), the
 * TSS of each CPU and its descriptor in the shared GDT, the shared IDT, and
 * the CPUID feature report (SVM, NPT, VMX) the boot log shows. Each CPU runs
 * x86_cpu_init() on itself; the IDT is built once by the boot CPU.
 */
#include <string.h>
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "arch/x86/x86.h"

_Static_assert(X86_MAX_CPUS == BOOT_MAX_CPUS, "x86 per-CPU arrays must cover BOOT_MAX_CPUS");
_Static_assert(sizeof(struct x86_tss) == 104, "64-bit TSS is 104 bytes (SDM vol. 3A figure 8-11)");
_Static_assert(offsetof(struct x86_percpu, id) == 0, "arch_cpu_id() reads %gs:0");
_Static_assert(sizeof(struct x86_trap_frame) == 22 * 8, "trap.S pushes 15 GPRs + vector + error + 5");

const char arch_name[] = "x86_64";

struct x86_percpu x86_percpu[X86_MAX_CPUS] __aligned(64);

/* Interrupt gates (SDM vol. 3A 6.14.1, figure 6-8): 16 bytes each. */
static uint64_t idt[256 * 2] __aligned(16);
extern char x86_trap_stubs[];

#define IDT_GATE_INTR	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define TSS_DESC_AVAIL	0x89	/* present, DPL 0, available 64-bit TSS */

static void idt_set(unsigned int vec, uint64_t handler, unsigned int ist)
{
	idt[2 * vec] = (handler & 0xffff) | ((uint64_t)X86_SEL_CODE64 << 16) |
		       ((uint64_t)(ist & 7) << 32) | ((uint64_t)IDT_GATE_INTR << 40) |
		       ((handler >> 16 & 0xffff) << 48);
	idt[2 * vec + 1] = handler >> 32;
}

static void idt_build(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++) {
		/* NMI (2), double fault (8), machine check (18) run on IST1:
		 * they must work even when the current stack is gone. */
		unsigned int ist = (v == 2 || v == 8 || v == 18) ? 1 : 0;

		idt_set(v, (uint64_t)(uintptr_t)x86_trap_stubs + 16 * v, ist);
	}
}

static void gdt_set_tss(unsigned int id, const struct x86_tss *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss, limit = sizeof(*tss) - 1;
	unsigned int slot = X86_GDT_STATIC + 2 * id;

	x86_gdt[slot] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
			((uint64_t)TSS_DESC_AVAIL << 40) | ((limit >> 16 & 0xf) << 48) |
			((base >> 24 & 0xff) << 56);
	x86_gdt[slot + 1] = base >> 32;
}

void x86_cpu_init(unsigned int id, uint32_t apic_id)
{
	struct x86_percpu *pc = &x86_percpu[id];
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	pc->id = id;
	pc->apic_id = apic_id;
	memset(&pc->tss, 0, sizeof(pc->tss));
	pc->tss.ist[0] = (uint64_t)(uintptr_t)(pc->ist_stack + sizeof(pc->ist_stack));
	pc->tss.iomap_base = sizeof(pc->tss);	/* no I/O bitmap */
	wrmsr(X86_MSR_GS_BASE, (uint64_t)(uintptr_t)pc);

	if (id == 0)
		idt_build();
	gdt_set_tss(id, &pc->tss);
	__asm__ volatile("ltr %w0" :: "r"((uint16_t)(X86_SEL_TSS0 + 16 * id)));
	__asm__ volatile("lidt %0" :: "m"(idtr));
}

unsigned int arch_cpu_id(void)
{
	uint32_t id;

	__asm__ volatile("movl %%gs:0, %0" : "=r"(id));
	return id < X86_MAX_CPUS ? id : 0;
}

void arch_cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

/*
 * CPUID: vendor; AMD SVM (0x80000001 ECX bit 2) and its features leaf
 * 0x8000000A (EDX bit 0 nested paging, EBX = number of ASIDs), AMD APM
 * vol. 3 appendix E.4; Intel VMX (leaf 1 ECX bit 5), SDM vol. 2A CPUID.
 * Logs what it finds and returns the number of SVM ASIDs (0 without SVM).
 */
unsigned int x86_cpu_features_log(void)
{
	uint32_t r[4], max_ext, asids = 0;
	char vendor[13];
	bool svm = false, npt = false, vmx;

	cpuid(0, 0, r);
	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = 0;
	cpuid(1, 0, r);
	vmx = r[2] & (1u << 5);
	log_printf("x86: CPU vendor %s, family 0x%x, model 0x%x\n", vendor,
		   ((r[0] >> 8) & 0xf) + ((r[0] >> 20) & 0xff), ((r[0] >> 4) & 0xf) | ((r[0] >> 12) & 0xf0));

	cpuid(0x80000000, 0, r);
	max_ext = r[0];
	if (max_ext >= 0x80000001) {
		cpuid(0x80000001, 0, r);
		svm = r[2] & (1u << 2);
	}
	if (svm && max_ext >= 0x8000000a) {
		cpuid(0x8000000a, 0, r);
		npt = r[3] & 1;
		asids = r[1];
	}
	if (svm)
		log_printf("x86: SVM present (AMD-V), NPT %s, %u ASIDs\n", npt ? "present" : "absent", asids);
	else
		log_printf("x86: SVM not available: AMD-V partitions cannot run here\n");
	if (vmx)
		log_printf("x86: VMX present (Intel VT-x)\n");
	else
		log_printf("x86: VMX not available (TCG?): Intel VT-x partitions cannot run here\n");
	return svm ? asids : 0;
}
