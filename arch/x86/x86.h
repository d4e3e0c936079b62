/* SPDX-License-Identifier: MIT */
/*
 * x86_64 internals shared by arch/x86/ only: segment selectors and the GDT
 * layout, control-register / MSR / CPUID bits, the physical layout of the
 * image and the AP trampoline, per-CPU data, and small inline wrappers for
 * the instructions C cannot express (port I/O, MSRs, CPUID, control
 * registers). Included by assembly too (__ASSEMBLY__ keeps only constants).
 */
#ifndef ARCH_X86_X86_H
#define ARCH_X86_X86_H

/* GDT layout (Intel SDM vol. 3A 3.4.5, AMD APM vol. 2 4.8): one GDT for all CPUs. */
#define X86_SEL_CODE64		0x08	/* 64-bit ring-0 code */
#define X86_SEL_DATA		0x10	/* flat ring-0 data */
#define X86_SEL_CODE32		0x18	/* flat 32-bit ring-0 code (boot and AP trampoline) */
#define X86_SEL_TSS0		0x20	/* 16-byte TSS descriptor of CPU 0; CPU n at +16*n */
#define X86_GDT_STATIC		4	/* null, code64, data, code32 */
#define X86_MAX_CPUS		64	/* == BOOT_MAX_CPUS (checked in cpu.c) */
#define X86_GDT_ENTRIES		(X86_GDT_STATIC + 2 * X86_MAX_CPUS)

/* CR0 / CR4 / EFER bits (Intel SDM vol. 3A 2.5, AMD APM vol. 2 3.1). */
#define X86_CR0_PE		(1 << 0)
#define X86_CR0_WP		(1 << 16)
#define X86_CR0_NW		(1 << 29)
#define X86_CR0_CD		(1 << 30)
#define X86_CR0_PG		(1 << 31)
#define X86_CR4_PAE		(1 << 5)
#define X86_CR4_PGE		(1 << 7)
#define X86_MSR_EFER		0xc0000080
#define X86_EFER_LME		(1 << 8)
#define X86_EFER_NXE		(1 << 11)
#define X86_MSR_GS_BASE		0xc0000101
#define X86_MSR_APIC_BASE	0x1b

/* CPUID 0x80000001 EDX: NX (bit 20), 1 GiB pages (bit 26), long mode (bit 29). */
#define X86_CPUID_EXT_NX	(1 << 20)
#define X86_CPUID_EXT_PG1G	(1 << 26)
#define X86_CPUID_EXT_LM	(1 << 29)

/* Physical layout. */
#define X86_IMAGE_BASE		0x100000	/* linker/x86.ld loads the image at 1 MiB */
#define X86_TRAMPOLINE_PA	0x8000		/* AP start page: SIPI vector 0x08 */

/* Data block the boot CPU fills for each AP, at X86_TRAMPOLINE_PA + X86_TRAMP_DATA. */
#define X86_TRAMP_DATA		0xf00
#define X86_TD_GDTR		0x00	/* u16 limit, u32 base (32-bit lgdt) */
#define X86_TD_CR4		0x08	/* u32 */
#define X86_TD_CR3		0x0c	/* u32: the PML4 lies below 4 GiB */
#define X86_TD_EFER		0x10	/* u32: bits to set in EFER */
#define X86_TD_CPU		0x14	/* u32: logical CPU number, first argument */
#define X86_TD_STACK		0x18	/* u64: initial RSP (16-byte aligned) */
#define X86_TD_ENTRY		0x20	/* u64: C entry, void (*)(unsigned int cpu) */

/* Exception stacks: IST1 (#DF, NMI, #MC) per CPU, in its per-CPU area. */
#define X86_STACK_SIZE		16384
#define X86_IST_SIZE		4096

/* isa-debug-exit port (QEMU exits with (value << 1) | 1). */
#define X86_DEBUG_EXIT_PORT	0xf4

#ifndef __ASSEMBLY__

#include "hyp/compiler.h"

/* Saved by the exception entry (trap.S) in this order, lowest address first. */
struct x86_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

/* Task-state segment, 64-bit form (Intel SDM vol. 3A 8.7). */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

/*
 * Per-CPU data, reached through GS base (the first field is read by
 * arch_cpu_id() as %gs:0). Owned by the CPU it describes once it runs.
 */
struct x86_percpu {
	uint32_t id;			/* logical CPU number, 0 = boot CPU */
	uint32_t apic_id;
	struct x86_tss tss;
	volatile uint32_t in_crash;	/* set while printing a crash dump */
	uint64_t stack_lo, stack_hi;	/* this CPU's stack, for the crash dump's call trace */
	uint8_t ist_stack[X86_IST_SIZE] __aligned(16);
};

extern struct x86_percpu x86_percpu[X86_MAX_CPUS];
extern uint64_t x86_gdt[X86_GDT_ENTRIES];

/* Linker symbols (linker/x86.ld). */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];
extern char x86_boot_stack_top[], x86_boot_stack_guard[];

/* Port I/O (SDM vol. 1 18.2): any CPU, any context. */
static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

/* Model-specific registers; an MSR the CPU lacks raises #GP (a crash dump). */
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

/* CPUID leaf/subleaf: r = { EAX, EBX, ECX, EDX }. */
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

/* Control registers of the calling CPU. */
static inline uint64_t read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }

/* Load CR3 (flushes non-global TLB entries) / drop one page's TLB entry, calling CPU only. */
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory"); }

/* Stop the calling CPU for good: interrupts off, hlt (NMI and SMI wake it, it halts again). */
static inline void x86_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* console.c: program COM1 (16550) for 115200 8N1, polled. Boot CPU, first thing. */
void x86_uart_init(void);
/* Wait (bounded) until the UART has sent every byte: before stopping the machine. */
void x86_uart_flush(void);
/* Write a string straight to the UART, no lock (crash paths). */
void x86_uart_puts(const char *s);

/*
 * cpu.c: per-CPU setup, run by each CPU on itself before anything can fault:
 * GS base -> x86_percpu[id], its TSS (IST1 stack) and TSS descriptor, the
 * shared IDT (built by CPU 0).
 */
void x86_cpu_init(unsigned int id, uint32_t apic_id);
/* CPUID checks and the boot-log lines on SVM / NPT / VMX; returns the SVM ASID count (0: no SVM). */
unsigned int x86_cpu_features_log(void);

/* trap.c: every IDT vector lands here (trap.S), interrupts off: crash dump, stop. */
void x86_trap(struct x86_trap_frame *f);

/*
 * mmu.c: the hypervisor's own identity map with W^X for the image. Maps
 * [0, 4 GiB) and RAM above it (1 GiB pages, if the CPU has them) up to the
 * top of mem[]; returns the top of what is mapped (RAM above it is unusable).
 */
struct boot_range;
uint64_t x86_mmu_init(const struct boot_range *mem, unsigned int nmem, bool nx);
/* Make the AP trampoline page executable (true) or not (false). Boot CPU only. */
void x86_mmu_trampoline_exec(bool exec);
/*
 * Unmap (guard = true) or map back as RW+NX RAM one 4 KiB page of RAM below
 * 4 GiB, above the image: a stack guard page. Boot CPU, before the CPUs that
 * could hold the old translation run. 0, or -1 (out of range, or no frame
 * for the 4 KiB table).
 */
int x86_mmu_set_guard(uint64_t pa, bool guard) __must_check;
/* Physical address of the PML4 (below 4 GiB: the AP trampoline loads it in 32-bit mode). */
uint64_t x86_mmu_root(void);

/* power.c: the ACPI tables boot.c found (valid only if x86_acpi_ok). */
struct acpi_info;
extern struct acpi_info x86_acpi;
extern bool x86_acpi_ok;

/*
 * smp.c: number the CPUs from the MADT (boot CPU = 0) and enable the local
 * APIC; returns how many are present and the boot CPU's APIC ID. tramp_ok
 * says the trampoline page X86_TRAMPOLINE_PA is free RAM; if not, only the
 * boot CPU runs. Boot CPU, once, after the ACPI tables are parsed and before
 * boot_main().
 */
unsigned int x86_smp_probe(uint32_t *bsp_apic_id, bool tramp_ok);
/* Debug (bulkhead.crashtest=ap|ap-stack|ap-stall): how AP 1 misbehaves on purpose. */
enum x86_ap_test { X86_AP_TEST_NONE, X86_AP_TEST_FAULT, X86_AP_TEST_STACK, X86_AP_TEST_STALL };
extern enum x86_ap_test x86_ap_test;

/* power.c: busy-wait delays (ACPI PM timer, else the PIT). */
void x86_udelay(uint64_t us);

#endif /* !__ASSEMBLY__ */
#endif
