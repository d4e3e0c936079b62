// SPDX-License-Identifier: MIT
/*
 * s390x CPU primitives: SIGNAL PROCESSOR, the CPU address, the TOD clock and
 * clock comparator, control register 0, waits for an external interruption,
 * the disabled-wait stop, the facility list, and the small hyp/arch.h and
 * mm/addr.h hooks that are one instruction each (CPU number from the
 * lowcore, identity physical mapping: the hypervisor runs with DAT off).
 * Instruction semantics: z/Architecture Principles of Operation (SA22-7832).
 */
#include <string.h>
#include "arch/s390/s390.h"
#include "hyp/arch.h"
#include "mm/addr.h"

#define SIGP_BUSY_TIMEOUT_US	1000000

const char arch_name[] = "s390x";

unsigned int arch_cpu_id(void)
{
	return LC_U32(LC_CPU_ID);
}

void arch_cpu_relax(void)
{
	/* z/Architecture has no spin-wait hint (Linux's cpu_relax is a barrier too). */
	__asm__ volatile("" ::: "memory");
}

/* DAT is off everywhere in the hypervisor: virtual == real == absolute
 * (below 8 KiB the prefix applies, and nothing there is managed memory). */
void *mm_phys_to_virt(hpa_t pa)
{
	return (void *)(uintptr_t)pa.v;
}

hpa_t mm_virt_to_phys(const void *va)
{
	return hpa((uint64_t)(uintptr_t)va);
}

/* mm_zero_frames, mm_copy_to_frames, mm_sync_guest_frames: the portable defaults (mm/addr_default.c). */

int s390_sigp(uint16_t addr, uint8_t order, uint64_t param, uint32_t *status)
{
	/* PoP "SIGNAL PROCESSOR": R1 even/odd pair, parameter in R1+1, status in R1. */
	register uint64_t r2 __asm__("2") = 0;
	register uint64_t r3 __asm__("3") = param;
	int cc;

	__asm__ volatile("sigp	%[r2],%[addr],0(%[order])\n\t"
			 "ipm	%[cc]\n\t"
			 "srl	%[cc],28"
			 : [cc] "=&d"(cc), [r2] "+&d"(r2)
			 : "d"(r3), [addr] "d"((uint64_t)addr), [order] "a"((uint64_t)order)
			 : "cc", "memory");
	if (cc == SIGP_CC_STATUS && status)
		*status = (uint32_t)r2;
	return cc;
}

int s390_sigp_retry(uint16_t addr, uint8_t order, uint64_t param, uint32_t *status)
{
	/*
	 * Busy means another order is in progress somewhere (QEMU serialises
	 * all SIGPs, and a start may take milliseconds): bound by time, not tries.
	 */
	uint64_t start = s390_tod();
	int cc;

	while ((cc = s390_sigp(addr, order, param, status)) == SIGP_CC_BUSY &&
	       s390_tod_us(start, s390_tod()) < SIGP_BUSY_TIMEOUT_US)
		arch_cpu_relax();
	return cc;
}

uint16_t s390_stap(void)
{
	uint16_t a;

	__asm__ volatile("stap %0" : "=Q"(a));
	return a;
}

uint64_t s390_tod(void)
{
	uint64_t t;

	__asm__ volatile("stck %0" : "=Q"(t) : : "cc");
	return t;
}

static void s390_sckc(uint64_t v)
{
	__asm__ volatile("sckc %0" : : "Q"(v));
}

uint64_t s390_stctg0(void)
{
	uint64_t v;

	__asm__ volatile("stctg 0,0,%0" : "=Q"(v));
	return v;
}

void s390_lctlg0(uint64_t v)
{
	__asm__ volatile("lctlg 0,0,%0" : : "Q"(v) : "memory");
}

void s390_disabled_wait(uint64_t addr)
{
	static struct s390_psw psw[BOOT_MAX_CPUS];	/* one per CPU: no sharing */
	struct s390_psw *p = &psw[arch_cpu_id() % BOOT_MAX_CPUS];

	p->mask = PSW_MASK_WAIT | PSW_MASK_64;
	p->addr = addr;
	for (;;)
		__asm__ volatile("lpswe %0" : : "Q"(*p) : "memory");
}

/*
 * The wait: the external new PSW leads to entry.S, which calls
 * s390_ext_interrupt() and resumes after the LPSWE with external
 * interruptions masked again (see LC_EXT_SEEN_CODE).
 */
static void wait_once(void)
{
	struct s390_psw psw;

	psw.mask = PSW_MASK_EXT | PSW_MASK_WAIT | PSW_MASK_64;
	__asm__ volatile("larl	%%r1,0f\n\t"
			 "stg	%%r1,%[addr]\n\t"
			 "lpswe	%[psw]\n"
			 "0:"
			 : [addr] "=Q"(psw.addr)
			 : [psw] "Q"(psw)
			 : "r1", "cc", "memory");
}

int s390_wait_ext(uint16_t code, uint64_t subclass, uint64_t timeout_us, uint32_t *param)
{
	uint64_t cr0 = s390_stctg0();
	uint64_t mask = subclass;
	int ret = -1;

	LC_U32(LC_EXT_WAIT_CODE) = code;
	LC_U32(LC_EXT_SEEN_CODE) = 0;
	if (timeout_us) {
		/* TOD bit 51 is one microsecond. */
		s390_sckc(s390_tod() + (timeout_us << 12));
		mask |= CR0_CLOCK_COMPARATOR;
	}
	s390_lctlg0(cr0 | mask);
	for (;;) {
		uint32_t seen;

		wait_once();
		seen = LC_U32(LC_EXT_SEEN_CODE);
		if (seen == code) {
			if (param)
				*param = LC_U32(LC_EXT_SEEN_PARAM);
			ret = 0;
			break;
		}
		if (seen == EXT_CODE_CLOCK_COMP && timeout_us)
			break;
	}
	s390_lctlg0(cr0);
	if (timeout_us)
		s390_sckc(~0ull);
	LC_U32(LC_EXT_WAIT_CODE) = 0;
	return ret;
}

/* Facility bits 0-255 (PoP "STORE FACILITY LIST EXTENDED"), bit 0 = MSB of word 0. */
static uint64_t facility_words[4];

void s390_facilities_init(void)
{
	register uint64_t r0 __asm__("0") = ARRAY_SIZE(facility_words) - 1;

	/* STFLE is facility 7; z196 and every QEMU CPU model have it. */
	__asm__ volatile("stfle 0(%[list])"
			 : "+d"(r0)
			 : [list] "a"(facility_words)
			 : "cc", "memory");
}

bool s390_has_facility(unsigned int nr)
{
	if (nr >= 64 * ARRAY_SIZE(facility_words))
		return false;
	return (facility_words[nr / 64] >> (63 - nr % 64)) & 1;
}

uint64_t s390_facility_word(unsigned int i)
{
	return i < ARRAY_SIZE(facility_words) ? facility_words[i] : 0;
}
