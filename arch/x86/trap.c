// SPDX-License-Identifier: MIT
/*
 * What the hypervisor does when its own code takes an exception or an
 * unexpected interrupt: print a crash dump (CPU, vector and its name, error
 * code, RIP, CR2, control registers, every general-purpose register) straight
 * to the UART and stop the machine with a failure status. Nothing here waits
 * on the console lock, which the crashing CPU may hold: dumps from two CPUs
 * are serialised by their own lock with a bounded wait. A fault inside the
 * dump prints one line and stops.
 */
#include <stdarg.h>
#include <stdio.h>
#include "hyp/arch.h"
#include "hyp/log.h"
#include "arch/x86/x86.h"

static const char *const vector_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
	"reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
	"reserved 27", "#HV hypervisor injection", "#VC VMM communication",
	"#SX security", "reserved 31",
};

static uint32_t crash_owner = ~0u;	/* CPU printing a dump, ~0 if none */

static void dump_line(const char *fmt, ...) __printf(1, 2);

static void dump_line(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	x86_uart_puts(buf);
}

/* Bounded wait for another CPU's dump to finish, then take the dump lock. */
static void crash_lock(unsigned int cpu)
{
	unsigned long spins;

	for (spins = 0; spins < 50000000ul; spins++) {
		uint32_t expected = ~0u;

		if (__atomic_compare_exchange_n(&crash_owner, &expected, cpu, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		__asm__ volatile("pause");
	}
}

/*
 * Return addresses along the frame-pointer chain (the image is built with
 * -fno-omit-frame-pointer), read only inside this CPU's stack so a corrupt
 * chain ends the trace instead of faulting.
 */
static void dump_call_trace(const struct x86_percpu *pc, uint64_t rbp)
{
	char line[160];
	int n = 0;
	unsigned int depth;

	n = snprintf(line, sizeof(line), "  call trace:");
	for (depth = 0; depth < 8; depth++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;

		if (rbp < pc->stack_lo || rbp > pc->stack_hi - 16 || (rbp & 7))
			break;
		n += snprintf(line + n, sizeof(line) - (size_t)n, " %llx", (unsigned long long)frame[1]);
		if (frame[0] <= rbp || (size_t)n >= sizeof(line) - 20)
			break;
		rbp = frame[0];
	}
	x86_uart_puts(line);
	x86_uart_puts("\n");
}

void x86_trap(struct x86_trap_frame *f)
{
	unsigned int cpu = arch_cpu_id();
	struct x86_percpu *pc = &x86_percpu[cpu];
	const char *name = f->vector < 32 ? vector_names[f->vector] : "unexpected interrupt";

	if (pc->in_crash) {
		x86_uart_puts("\nbulkhead: x86: exception inside the crash dump; stopping\n");
		arch_stop(2);
	}
	pc->in_crash = 1;
	crash_lock(cpu);
	log_crash_begin();	/* keep other CPUs' log lines out of the dump */

	dump_line("\nbulkhead: x86: CPU %u (APIC ID %u): exception vector %llu (%s), error code 0x%llx\n",
		  cpu, pc->apic_id, (unsigned long long)f->vector, name, (unsigned long long)f->error);
	dump_line("  RIP    %016llx  CS %04llx  RFLAGS %016llx\n", (unsigned long long)f->rip,
		  (unsigned long long)f->cs, (unsigned long long)f->rflags);
	dump_line("  RSP    %016llx  SS %04llx\n", (unsigned long long)f->rsp, (unsigned long long)f->ss);
	dump_line("  CR0    %016llx  CR2 %016llx\n", (unsigned long long)read_cr0(),
		  (unsigned long long)read_cr2());
	dump_line("  CR3    %016llx  CR4 %016llx\n", (unsigned long long)read_cr3(),
		  (unsigned long long)read_cr4());
	dump_line("  RAX %016llx  RBX %016llx  RCX %016llx\n", (unsigned long long)f->rax,
		  (unsigned long long)f->rbx, (unsigned long long)f->rcx);
	dump_line("  RDX %016llx  RSI %016llx  RDI %016llx\n", (unsigned long long)f->rdx,
		  (unsigned long long)f->rsi, (unsigned long long)f->rdi);
	dump_line("  RBP %016llx  R8  %016llx  R9  %016llx\n", (unsigned long long)f->rbp,
		  (unsigned long long)f->r8, (unsigned long long)f->r9);
	dump_line("  R10 %016llx  R11 %016llx  R12 %016llx\n", (unsigned long long)f->r10,
		  (unsigned long long)f->r11, (unsigned long long)f->r12);
	dump_line("  R13 %016llx  R14 %016llx  R15 %016llx\n", (unsigned long long)f->r13,
		  (unsigned long long)f->r14, (unsigned long long)f->r15);
	dump_call_trace(pc, f->rbp);
	if (f->vector == 14)
		dump_line("  page fault: %s %s access at 0x%llx (%s)\n",
			  f->error & 4 ? "user" : "supervisor",
			  f->error & 16 ? "instruction fetch" : (f->error & 2 ? "write" : "read"),
			  (unsigned long long)read_cr2(),
			  f->error & 1 ? "protection violation" : "page not present");
	dump_line("bulkhead: x86: crash dump ends; stopping\n");
	arch_stop(1);
}
