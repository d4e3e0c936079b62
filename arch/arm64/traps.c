// SPDX-License-Identifier: MIT
/*
 * Exceptions taken to EL2. Until partitions exist, none is expected: each is
 * a hypervisor bug (or a deliberate crash test), so the handler prints a
 * crash dump (vector, ESR_EL2 with the exception class decoded, FAR_EL2,
 * ELR_EL2, SPSR_EL2, all general-purpose registers, a frame-pointer
 * backtrace) and stops the machine with a failure status.
 *
 * The dump is written without the console lock (this CPU may have taken the
 * exception while holding it), serialised among crashing CPUs by a lock of
 * its own. Exception classes: Arm ARM, register ESR_EL2 (EC and ISS encodings).
 */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>
#include "hyp/arch.h"
#include "hyp/log.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/hyp_mmu.h"

static uint32_t crash_lock;

static void __printf(1, 2) crash_printf(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	arm64_console_puts_raw(buf);
}

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00: return "unknown reason (undefined instruction?)";
	case 0x01: return "WFI/WFE trapped";
	case 0x07: return "FP/SIMD access trapped (CPTR_EL2.TFP)";
	case 0x0e: return "illegal execution state";
	case 0x15: return "SVC from AArch64";
	case 0x16: return "HVC from AArch64";
	case 0x17: return "SMC from AArch64";
	case 0x18: return "MSR/MRS/system instruction trapped";
	case 0x19: return "SVE access trapped";
	case 0x20: return "instruction abort from a lower EL";
	case 0x21: return "instruction abort at EL2";
	case 0x22: return "PC alignment fault";
	case 0x24: return "data abort from a lower EL";
	case 0x25: return "data abort at EL2";
	case 0x26: return "SP alignment fault";
	case 0x2f: return "SError interrupt";
	case 0x30: case 0x31: return "breakpoint";
	case 0x32: case 0x33: return "software step";
	case 0x34: case 0x35: return "watchpoint";
	case 0x3c: return "BRK instruction";
	default: return "reserved/other exception class";
	}
}

/* Fault status code of an abort (ISS[5:0], DFSC/IFSC). */
static void fsc_describe(unsigned int fsc, char *buf, size_t len)
{
	static const char *const kinds[] = {
		"address size fault", "translation fault", "access flag fault", "permission fault",
	};

	if (fsc < 0x10)
		snprintf(buf, len, "%s, level %u", kinds[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		snprintf(buf, len, "synchronous external abort");
	else if (fsc == 0x21)
		snprintf(buf, len, "alignment fault");
	else if (fsc == 0x30)
		snprintf(buf, len, "TLB conflict abort");
	else
		snprintf(buf, len, "fault status 0x%02x", fsc);
}

static void print_esr(uint64_t esr)
{
	unsigned int ec = (esr >> 26) & 0x3f;
	unsigned int iss = esr & 0x1ffffff;
	char detail[80] = "";

	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
		char fs[48];

		fsc_describe(iss & 0x3f, fs, sizeof(fs));
		if (ec == 0x24 || ec == 0x25)
			snprintf(detail, sizeof(detail), ": %s, %s%s", fs,
				 (iss & (1u << 6)) ? "write" : "read",
				 (iss & (1u << 10)) ? ", FAR not valid" : "");
		else
			snprintf(detail, sizeof(detail), ": %s, instruction fetch", fs);
	}
	crash_printf("  ESR_EL2  0x%016llx  EC 0x%02x %s%s\n", (unsigned long long)esr, ec,
		     ec_name(ec), detail);
}

/* A frame record must be 16-byte aligned and inside RW memory we mapped. */
static bool frame_ok(uint64_t fp)
{
	uint64_t pa;
	enum hyp_prot prot;

	return fp && is_aligned(fp, 16) && hyp_mmu_lookup(fp, &pa, &prot) && prot == HYP_PROT_RW &&
	       hyp_mmu_lookup(fp + 8, &pa, &prot) && prot == HYP_PROT_RW;
}

static void print_backtrace(uint64_t fp)
{
	unsigned int n;

	crash_printf("  backtrace:");
	for (n = 0; n < 16 && frame_ok(fp); n++) {
		const uint64_t *rec = (const uint64_t *)(uintptr_t)fp;

		crash_printf(" 0x%llx", (unsigned long long)rec[1]);
		if (rec[0] <= fp)	/* frames grow up the stack; stop on loops */
			break;
		fp = rec[0];
	}
	crash_printf("\n");
}

/* Name a fault in a stack guard page: almost certainly a stack overflow. */
static void print_guard_hit(const struct arm64_regs *r)
{
	uint64_t base = (uint64_t)(uintptr_t)arm64_cpu_stacks, off, slot;
	unsigned int ec = (r->esr >> 26) & 0x3f;

	if ((ec != 0x24 && ec != 0x25) || r->far < base ||
	    r->far - base >= (uint64_t)BOOT_MAX_CPUS * STACK_SLOT_SIZE)
		return;
	slot = (r->far - base) / STACK_SLOT_SIZE;
	off = (r->far - base) % STACK_SLOT_SIZE;
	if (off < STACK_GUARD_SIZE)
		crash_printf("  FAR is in the guard page below cpu %llu's stack: stack overflow\n",
			     (unsigned long long)slot);
	else if (off >= STACK_TOP_OFF && off < STACK_TOP_OFF + STACK_GUARD_SIZE)
		crash_printf("  FAR is in the guard page below cpu %llu's crash stack\n",
			     (unsigned long long)slot);
}

void arm64_exception(struct arm64_regs *r)
{
	static const char *const types[] = { "synchronous", "IRQ", "FIQ", "SError" };
	static const char *const origins[] = {
		"current EL, SP_EL0", "current EL, SP_EL2", "lower EL, AArch64", "lower EL, AArch32",
	};
	struct arm64_percpu *pc = this_cpu();
	unsigned int i, spins = 0;

	if (arm64_is_stopping()) {
		/* e.g. SMC SYSTEM_OFF with no firmware behind it */
		arm64_console_puts_raw("bulkhead: firmware call trapped while stopping; halting\n");
		arm64_halt();
	}
	if (pc->in_crash++) {
		arm64_console_puts_raw("bulkhead: exception inside the crash handler\n");
		if (pc->in_crash > 2)
			arm64_halt();
		arch_stop(1);
	}
	log_crash_begin();	/* keep other CPUs' log lines out of the dump */
	/* Bounded: a CPU that died holding the crash lock must not silence us. */
	while (__atomic_exchange_n(&crash_lock, 1, __ATOMIC_ACQUIRE) && spins++ < 10000000)
		arch_cpu_relax();

	crash_printf("\nbulkhead: EL2 exception on cpu %u: %s (%s)\n", pc->id,
		     types[r->kind & 3], origins[(r->kind >> 2) & 3]);
	print_esr(r->esr);
	crash_printf("  FAR_EL2  0x%016llx  ELR_EL2 0x%016llx  SPSR_EL2 0x%016llx\n",
		     (unsigned long long)r->far, (unsigned long long)r->elr, (unsigned long long)r->spsr);
	for (i = 0; i < 31; i += 2) {
		if (i < 30)
			crash_printf("  x%-2u 0x%016llx  x%-2u 0x%016llx\n", i, (unsigned long long)r->x[i],
				     i + 1, (unsigned long long)r->x[i + 1]);
		else
			crash_printf("  x30 0x%016llx  sp  0x%016llx\n", (unsigned long long)r->x[30],
				     (unsigned long long)r->sp);
	}
	print_guard_hit(r);
	print_backtrace(r->x[29]);
	crash_printf("bulkhead: fatal: unhandled EL2 exception on cpu %u\n", pc->id);
	__atomic_store_n(&crash_lock, 0, __ATOMIC_RELEASE);
	arch_stop(1);
}

/* Executed from .data by the exec-data crash test: "ret". */
static uint32_t data_code[1] = { 0xd65f03c0u };

void arm64_crashtest(const char *kind)
{
	if (!strcmp(kind, "write-text")) {
		crash_printf("crashtest: writing to hypervisor text at %p (mapped read-only, executable)\n",
			     (void *)arch_stop);
		*(volatile uint32_t *)(uintptr_t)arch_stop = 0;
	} else if (!strcmp(kind, "stack")) {
		/*
		 * A stack overflow without unbounded recursion: move SP to
		 * just below this CPU's stack and push, as a runaway call
		 * chain would.
		 */
		uint64_t bottom = (uint64_t)(uintptr_t)arm64_cpu_stacks[this_cpu()->id] + STACK_GUARD_SIZE;

		crash_printf("crashtest: pushing below the bottom of cpu %u's stack (0x%llx)\n",
			     this_cpu()->id, (unsigned long long)bottom);
		__asm__ volatile("mov x9, sp\n\tmov sp, %0\n\tstp xzr, xzr, [sp, #-16]!\n\tmov sp, x9"
				 : : "r"(bottom) : "x9", "memory");
	} else if (!strcmp(kind, "exec-data")) {
		void (*fn)(void) = (void (*)(void))(uintptr_t)data_code;

		crash_printf("crashtest: executing hypervisor data at %p (mapped writable, execute-never)\n",
			     (void *)data_code);
		fn();
	} else {
		volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)0x00007fffdead0000ull;

		crash_printf("crashtest: reading unmapped address %p\n", (void *)p);
		(void)*p;
	}
	crash_printf("crashtest: no exception was raised\n");
}
