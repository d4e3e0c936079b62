// SPDX-License-Identifier: MIT
/*
 * s390x interruption handling in C. Every interruption the hypervisor does
 * not expect ends here with a crash report on the console (which
 * interruption, its code and instruction length, the old PSW, the
 * translation-exception identification, all sixteen GPRs, the CPU) and a
 * failure stop: nothing faults or hangs silently. External interruptions
 * are expected only by s390_wait_ext() (arch/s390/cpu.c), which this file
 * wakes. Lowcore assignments: z/Architecture Principles of Operation,
 * chapter 3 "Assigned Storage Locations"; interruption codes: chapter 6.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arch/s390/s390.h"
#include "hyp/arch.h"
#include "hyp/log.h"

/* Reports from several CPUs never interleave (bounded: a wedged CPU holding
 * the lock cannot silence the others forever). */
static uint32_t crash_lock;
static uint32_t crashing;	/* CPUs that entered s390_trap() */

bool s390_crash_in_progress(void)
{
	return __atomic_load_n(&crashing, __ATOMIC_ACQUIRE) != 0;
}

static void crash_lock_take(void)
{
	uint64_t start = s390_tod();
	uint32_t expected = 0;

	while (!__atomic_compare_exchange_n(&crash_lock, &expected, 1, false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED)) {
		expected = 0;
		if (s390_tod_us(start, s390_tod()) > 2000000)
			return;
	}
}

static void __printf(1, 2) crash_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	sclp_emergency_write(buf, (size_t)n);
}

static const char *pgm_code_name(uint16_t code)
{
	static const char *const names[0x40] = {
		[0x01] = "operation",
		[0x02] = "privileged operation",
		[0x03] = "execute",
		[0x04] = "protection",
		[0x05] = "addressing",
		[0x06] = "specification",
		[0x07] = "data",
		[0x08] = "fixed-point overflow",
		[0x09] = "fixed-point divide",
		[0x0a] = "decimal overflow",
		[0x0b] = "decimal divide",
		[0x10] = "segment translation",
		[0x11] = "page translation",
		[0x12] = "translation specification",
		[0x13] = "special operation",
		[0x15] = "operand",
		[0x16] = "trace table",
		[0x1c] = "space-switch event",
		[0x38] = "ASCE type",
		[0x39] = "region-first translation",
		[0x3a] = "region-second translation",
		[0x3b] = "region-third translation",
	};
	unsigned int c = code & 0x7f;	/* 0x80: PER event; 0x200: transaction abort */

	if (c < ARRAY_SIZE(names) && names[c])
		return names[c];
	return "other";
}

/*
 * The interruption's lowcore words, copied before the first line is printed:
 * printing waits for SCLP service signals, and each one rewrites the
 * external-interruption words and old PSW and the external GPR save area.
 */
struct trap_snapshot {
	uint8_t lc[0x200];	/* lowcore 0x000-0x1ff: codes, old PSWs */
	uint64_t gprs[16];
};

static uint16_t snap_u16(const struct trap_snapshot *t, unsigned int off)
{
	return (uint16_t)(t->lc[off] << 8 | t->lc[off + 1]);
}

static uint32_t snap_u32(const struct trap_snapshot *t, unsigned int off)
{
	return (uint32_t)snap_u16(t, off) << 16 | snap_u16(t, off + 2);
}

static uint64_t snap_u64(const struct trap_snapshot *t, unsigned int off)
{
	return (uint64_t)snap_u32(t, off) << 32 | snap_u32(t, off + 4);
}

static const char *trap_name(unsigned int kind)
{
	switch (kind) {
	case S390_TRAP_PGM: return "program interruption";
	case S390_TRAP_MCCK: return "machine check";
	case S390_TRAP_IO: return "unexpected I/O interruption";
	case S390_TRAP_SVC: return "unexpected SUPERVISOR CALL";
	case S390_TRAP_RESTART: return "unexpected restart interruption";
	case S390_TRAP_EXT: return "unexpected external interruption";
	default: return "unknown interruption entry";
	}
}

static void print_psw(const struct trap_snapshot *t, unsigned int off)
{
	crash_printf("  old PSW 0x%016llx 0x%016llx\r\n", (unsigned long long)snap_u64(t, off),
		     (unsigned long long)snap_u64(t, off + 8));
}

static void print_gprs(const struct trap_snapshot *t)
{
	unsigned int i;

	for (i = 0; i < 16; i += 4)
		crash_printf("  r%-2u 0x%016llx 0x%016llx 0x%016llx 0x%016llx\r\n", i,
			     (unsigned long long)t->gprs[i], (unsigned long long)t->gprs[i + 1],
			     (unsigned long long)t->gprs[i + 2], (unsigned long long)t->gprs[i + 3]);
}

void s390_trap(unsigned int kind)
{
	static struct trap_snapshot snaps[BOOT_MAX_CPUS];	/* not on the (small) trap stack */
	struct trap_snapshot *t = &snaps[arch_cpu_id() % BOOT_MAX_CPUS];
	unsigned int gprs = kind == S390_TRAP_EXT ? LC_EXT_GPRS : LC_TRAP_GPRS;
	unsigned int i;

	for (i = 0; i < sizeof(t->lc); i++)
		t->lc[i] = LC_U8(i);
	for (i = 0; i < 16; i++)
		t->gprs[i] = LC_U64(gprs + 8 * i);
	__atomic_add_fetch(&crashing, 1, __ATOMIC_ACQ_REL);

	crash_lock_take();
	log_crash_begin();	/* keep other CPUs' log lines out of the dump */
	/* Every crash_printf() is whole lines: one SCLP write each, so lines
	 * from other CPUs may come between them but never inside them. */
	crash_printf("\r\nbulkhead: CRASH on CPU %u (CPU address 0x%04x): %s\r\n", arch_cpu_id(),
		     (unsigned int)s390_stap(), trap_name(kind));
	switch (kind) {
	case S390_TRAP_PGM: {
		uint16_t code = snap_u16(t, LC_PGM_CODE);
		unsigned int ilc = (snap_u16(t, LC_PGM_ILC) >> 1) & 3;

		crash_printf("  interruption code 0x%04x (%s%s), ILC %u (%u-byte instruction)\r\n",
			     (unsigned int)code, pgm_code_name(code), (code & 0x80) ? ", PER" : "",
			     ilc, ilc * 2);
		print_psw(t, LC_PGM_OLD_PSW);
		crash_printf("  translation-exception id 0x%016llx, exception access id 0x%02x\r\n",
			     (unsigned long long)snap_u64(t, LC_TRANS_EXC_ID),
			     (unsigned int)t->lc[LC_EXC_ACCESS_ID]);
		crash_printf("  breaking-event address 0x%016llx\r\n",
			     (unsigned long long)snap_u64(t, LC_BREAKING_EVENT));
		break;
	}
	case S390_TRAP_MCCK:
		crash_printf("  interruption code 0x%016llx, failing storage 0x%016llx\r\n",
			     (unsigned long long)snap_u64(t, LC_MCCK_CODE),
			     (unsigned long long)snap_u64(t, LC_FAILING_STORAGE));
		print_psw(t, LC_MCCK_OLD_PSW);
		break;
	case S390_TRAP_IO:
		crash_printf("  subsystem id 0x%08x, parameter 0x%08x, word 0x%08x\r\n",
			     (unsigned int)snap_u32(t, LC_SUBCHANNEL_ID),
			     (unsigned int)snap_u32(t, LC_IO_INT_PARM),
			     (unsigned int)snap_u32(t, LC_IO_INT_WORD));
		print_psw(t, LC_IO_OLD_PSW);
		break;
	case S390_TRAP_SVC:
		crash_printf("  SVC code 0x%04x, ILC %u\r\n", (unsigned int)snap_u16(t, LC_SVC_CODE),
			     (unsigned int)(snap_u16(t, LC_SVC_ILC) >> 1) & 3);
		print_psw(t, LC_SVC_OLD_PSW);
		break;
	case S390_TRAP_RESTART:
		print_psw(t, LC_RESTART_OLD_PSW);
		break;
	case S390_TRAP_EXT:
		/* The parameter is meaningful only for some codes (service signal). */
		crash_printf("  code 0x%04x, parameter 0x%08x, CPU address field 0x%04x\r\n",
			     (unsigned int)snap_u16(t, LC_EXT_CODE), (unsigned int)snap_u32(t, LC_EXT_PARAMS),
			     (unsigned int)snap_u16(t, LC_EXT_CPU_ADDR));
		print_psw(t, LC_EXT_OLD_PSW);
		break;
	default:
		break;
	}
	print_gprs(t);
	crash_printf("bulkhead: stopping after a fatal interruption\r\n");
	__atomic_store_n(&crash_lock, 0, __ATOMIC_RELEASE);
	arch_stop(1);
}

void s390_ext_interrupt(void)
{
	uint16_t code = LC_U16(LC_EXT_CODE);
	uint32_t waiting = LC_U32(LC_EXT_WAIT_CODE);

	if (waiting && (code == waiting || code == EXT_CODE_CLOCK_COMP)) {
		LC_U32(LC_EXT_SEEN_PARAM) = LC_U32(LC_EXT_PARAMS);
		LC_U32(LC_EXT_SEEN_CODE) = code;
		return;
	}
	/* Not on the trap stack, but the interrupted one: still a clean report. */
	if (__atomic_add_fetch(&LC_U32(LC_TRAP_DEPTH), 1, __ATOMIC_RELAXED) != 1)
		s390_disabled_wait(0xbad);
	s390_trap(S390_TRAP_EXT);
}
