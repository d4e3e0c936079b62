/* SPDX-License-Identifier: MIT */
/*
 * The arm64 test-guest SDK: console output through the partition's
 * virtual PL011 (newlib's vsnprintf formats), Bulkhead hypercalls and PSCI
 * by HVC (SMCCC), EL1 exception capture, and assertions reported to the
 * QEMU harness as console lines:
 *   "GUEST-FAIL <file>:<line>: <expr>"   a failed check
 *   "GUEST-RESULT <test>: PASS (<n> checks)" or "... FAIL (<k> of <n> checks failed)"
 * Every line appears on the hypervisor console prefixed with "[<partition>] ".
 */
#ifndef GUEST_GLIB_H
#define GUEST_GLIB_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "hyp/hypercall.h"

#define G_MAX_VCPUS	4
#define G_UART		0x09000000ul

struct g_ret {
	int64_t r0;
	uint64_t r1, r2, r3;
};

/* Bulkhead hypercall / any SMCCC call by HVC #0 (or SMC #0). */
struct g_ret g_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
struct g_ret g_call_smc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/* HVC #1: SMCCC says immediate 0 only; returns x0. */
int64_t g_hvc_imm1(uint64_t fid);

/* PSCI by HVC. */
int64_t g_psci(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

void g_putc(char c);
void g_puts(const char *s);
int g_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Checks. */
extern unsigned int g_checks, g_failed;
void g_check(bool ok, const char *file, int line, const char *expr);
#define G_CHECK(e)	g_check((e), __FILE__, __LINE__, #e)
#define G_EQ(a, b)	do { long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) g_printf("GUEST-NOTE %s = %lld (0x%llx), expected %lld\n", #a, _a, \
			       (unsigned long long)_a, _b); \
	g_check(_a == _b, __FILE__, __LINE__, #a " == " #b); } while (0)
/* Print the result line. */
void g_report(const char *test);

/* Power off this partition (PSCI SYSTEM_OFF); never returns. */
__attribute__((noreturn)) void g_off(void);

/* Exception capture: while g_expect_fault is set, a synchronous exception is recorded and skipped. */
struct g_fault {
	uint64_t esr, far, elr, kind;
	unsigned int count;
};
extern volatile bool g_expect_fault;
extern volatile struct g_fault g_last;

/* Read / write at addr expecting an abort: true if exactly one abort (SEA, FSC 0x10) was taken. */
bool g_read_aborts(uint64_t addr, unsigned int size);
bool g_write_aborts(uint64_t addr, unsigned int size, uint64_t val);
/* Call code at addr expecting an instruction abort. */
bool g_exec_aborts(uint64_t addr);

/* Own partition id and the number of partitions (HC_PART_SELF). */
unsigned int g_self(unsigned int *nparts);
/* Own restart count (HC_PART_INFO on self). */
uint64_t g_restarts(void);
/* Give up the rest of the time slice. */
void g_yield(void);

static inline uint64_t g_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v));
	return v;
}

/* Roles kept in files of their own (tests.c dispatches on x0). */
void dirty_role(uint64_t a1, uint64_t a2, uint64_t a3);
void passthrough_role(uint64_t a1, uint64_t a2, uint64_t a3);
void channel_role(uint64_t mode, uint64_t ring_gpa, uint64_t ack_gpa);
void bench_role(uint64_t lazy_base);
void watch_role(uint64_t id, uint64_t max_s);
void debug_role(uint64_t rounds);
void uartirq_role(uint64_t mode, uint64_t spi);
void doorbell_role(uint64_t mode, uint64_t spi, uint64_t peer);
void devirq_role(uint64_t base, uint64_t spi);

/* The virtual counter at the guest's first instruction (stored by crt0.S). */
extern uint64_t g_boot_counter;
void irq_role(uint64_t mode, uint64_t period_us, uint64_t nvcpus);

/* A call with four arguments (x1-x4). */
struct g_ret g_call4(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/*
 * Dirty logging of partition id's RAM region at region (HC_DIRTY_*): start
 * (*npages, *mode may be NULL), get and clear the bitmap into buf[len]
 * (*bytes may be NULL), stop. Each returns r0.
 */
int64_t g_dirty_start(unsigned int id, uint64_t region, uint64_t *npages, uint64_t *mode);
int64_t g_dirty_get(unsigned int id, uint64_t region, uint64_t buf, uint64_t len, uint64_t *bytes);
int64_t g_dirty_stop(unsigned int id, uint64_t region);

#endif
