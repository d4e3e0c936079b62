// SPDX-License-Identifier: MIT
/*
 * The arm64 test-guest SDK (see glib.h). Runs at EL1 with the MMU off, so
 * every access is Device memory: no unaligned accesses (-mstrict-align),
 * no exclusives. newlib's libc.a (built FP-free for the hypervisor) gives
 * vsnprintf and the string functions; its allocator is never reached.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "glib.h"

struct _reent;
void *_malloc_r(struct _reent *r, size_t n);
void *_realloc_r(struct _reent *r, void *p, size_t n);
void _free_r(struct _reent *r, void *p);
int __ascii_wctomb(struct _reent *r, char *s, wchar_t wc, void *state);
int __ascii_mbtowc(struct _reent *r, wchar_t *pwc, const char *s, size_t n, void *state);
void *_malloc_r(struct _reent *r, size_t n) { return NULL; }
void *_realloc_r(struct _reent *r, void *p, size_t n) { return NULL; }
void _free_r(struct _reent *r, void *p) { }
int __ascii_wctomb(struct _reent *r, char *s, wchar_t wc, void *state)
{
	if (!s)
		return 0;
	*s = (char)wc;
	return 1;
}
int __ascii_mbtowc(struct _reent *r, wchar_t *pwc, const char *s, size_t n, void *state)
{
	if (!s)
		return 0;
	if (pwc)
		*pwc = (wchar_t)(unsigned char)*s;
	return *s != 0;
}

void g_hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
	   uint64_t a6, struct g_ret *out);
void g_smc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
	   uint64_t a6, struct g_ret *out);

struct g_ret g_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct g_ret r;

	g_hvc(fid, a1, a2, a3, 0, 0, 0, &r);
	return r;
}

struct g_ret g_call_smc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct g_ret r;

	g_smc(fid, a1, a2, a3, 0, 0, 0, &r);
	return r;
}

int64_t g_psci(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return g_call(fid, a1, a2, a3).r0;
}

#define UART_FR_TXFF	(1u << 5)

void g_putc(char c)
{
	volatile uint32_t *u = (volatile uint32_t *)G_UART;

	while (u[0x18 / 4] & UART_FR_TXFF)
		;
	u[0] = (uint8_t)c;
}

void g_puts(const char *s)
{
	while (*s)
		g_putc(*s++);
}

int g_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	g_puts(buf);
	return n;
}

unsigned int g_checks, g_failed;

void g_check(bool ok, const char *file, int line, const char *expr)
{
	g_checks++;
	if (!ok) {
		g_failed++;
		g_printf("GUEST-FAIL %s:%d: %s\n", file, line, expr);
	}
}

void g_report(const char *test)
{
	if (g_failed)
		g_printf("GUEST-RESULT %s: FAIL (%u of %u checks failed)\n", test, g_failed, g_checks);
	else
		g_printf("GUEST-RESULT %s: PASS (%u checks)\n", test, g_checks);
}

void g_off(void)
{
	g_psci(0x84000008u, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

volatile bool g_expect_fault;
volatile struct g_fault g_last;

static uint64_t fault_resume;	/* for instruction aborts: where to continue */

/* Called by the vectors (crt0.S) with the saved x0-x30. */
void g_exception(uint64_t kind, uint64_t *regs);
void g_exception(uint64_t kind, uint64_t *regs)
{
	uint64_t esr, far, elr;

	__asm__ volatile("mrs %0, esr_el1" : "=r"(esr));
	__asm__ volatile("mrs %0, far_el1" : "=r"(far));
	__asm__ volatile("mrs %0, elr_el1" : "=r"(elr));
	if (g_expect_fault && (kind == 0 || kind == 4)) {
		g_last.esr = esr;
		g_last.far = far;
		g_last.elr = elr;
		g_last.kind = kind;
		g_last.count++;
		elr = fault_resume ? fault_resume : elr + 4;
		fault_resume = 0;
		__asm__ volatile("msr elr_el1, %0" : : "r"(elr));
		return;
	}
	g_printf("GUEST-EXCEPTION kind %llu esr 0x%llx far 0x%llx elr 0x%llx\n", (unsigned long long)kind,
		 (unsigned long long)esr, (unsigned long long)far, (unsigned long long)elr);
	g_failed++;
	g_report("exception");
	g_off();
}

static bool one_sea(unsigned int before, unsigned int ec)
{
	/* Exactly one synchronous external abort (FSC 0x10) of the expected class. */
	return g_last.count == before + 1 && ((g_last.esr >> 26) & 0x3f) == ec && (g_last.esr & 0x3f) == 0x10;
}

bool g_read_aborts(uint64_t addr, unsigned int size)
{
	unsigned int before = g_last.count;
	uint64_t v = 0;

	g_expect_fault = true;
	switch (size) {
	case 1: v = *(volatile uint8_t *)addr; break;
	case 2: v = *(volatile uint16_t *)addr; break;
	case 4: v = *(volatile uint32_t *)addr; break;
	default: v = *(volatile uint64_t *)addr; break;
	}
	g_expect_fault = false;
	(void)v;
	return one_sea(before, 0x25) && g_last.far == addr;
}

bool g_write_aborts(uint64_t addr, unsigned int size, uint64_t val)
{
	unsigned int before = g_last.count;

	g_expect_fault = true;
	switch (size) {
	case 1: *(volatile uint8_t *)addr = (uint8_t)val; break;
	case 2: *(volatile uint16_t *)addr = (uint16_t)val; break;
	case 4: *(volatile uint32_t *)addr = (uint32_t)val; break;
	default: *(volatile uint64_t *)addr = val; break;
	}
	g_expect_fault = false;
	return one_sea(before, 0x25) && g_last.far == addr && (g_last.esr & (1u << 6));
}

bool g_exec_aborts(uint64_t addr)
{
	unsigned int before = g_last.count;
	void (*fn)(void) = (void (*)(void))addr;

	g_expect_fault = true;
	/* The abort reports ELR = addr; continue at the return address of this call. */
	__asm__ volatile("adr x9, 1f\n\tstr x9, %0\n\tblr %1\n1:"
			 : "=m"(fault_resume) : "r"(fn) : "x9", "x30", "memory");
	g_expect_fault = false;
	return one_sea(before, 0x21) && g_last.elr == addr;
}

unsigned int g_self(unsigned int *nparts)
{
	struct g_ret r = g_call(HC_PART_SELF, 0, 0, 0);

	if (nparts)
		*nparts = (unsigned int)r.r2;
	return (unsigned int)r.r1;
}

uint64_t g_restarts(void)
{
	static struct hc_part_info info __attribute__((aligned(64)));
	struct g_ret r = g_call(HC_PART_INFO, g_self(NULL), (uint64_t)&info, sizeof(info));

	return r.r0 == 0 ? info.restarts : ~0ull;
}

void g_yield(void)
{
	(void)g_call(HC_YIELD, 0, 0, 0);
}

struct g_ret g_call4(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	struct g_ret r;

	g_hvc(fid, a1, a2, a3, a4, 0, 0, &r);
	return r;
}

int64_t g_dirty_start(unsigned int id, uint64_t region, uint64_t *npages, uint64_t *mode)
{
	struct g_ret r = g_call(HC_DIRTY_START, id, region, 0);

	if (npages)
		*npages = r.r1;
	if (mode)
		*mode = r.r2;
	return r.r0;
}

int64_t g_dirty_get(unsigned int id, uint64_t region, uint64_t buf, uint64_t len, uint64_t *bytes)
{
	struct g_ret r = g_call4(HC_DIRTY_GET, id, region, buf, len);

	if (bytes)
		*bytes = r.r1;
	return r.r0;
}

int64_t g_dirty_stop(unsigned int id, uint64_t region)
{
	return g_call(HC_DIRTY_STOP, id, region, 0).r0;
}

/* Stored by crt0.S before anything else runs (glib.h). */
uint64_t g_boot_counter;
