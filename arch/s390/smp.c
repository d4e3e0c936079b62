// SPDX-License-Identifier: MIT
/*
 * s390x CPU bring-up and machine stop. Owns the table of the configuration's
 * CPUs (from SCLP), each secondary CPU's prefix area and stacks, the idle
 * loop secondaries wait in, and arch_stop().
 *
 * Start (z/Architecture Principles of Operation, "SIGNAL PROCESSOR" and
 * "Prefixing"): for each stopped secondary, build an 8 KiB prefix area whose
 * restart new PSW points at s390_secondary_entry and whose lowcore words give
 * its logical number and stacks, SIGP SET PREFIX to it, SIGP RESTART, then
 * wait (bounded by the TOD clock) for it to report in.
 *
 * Stop: QEMU ends the run when the last running CPU enters a disabled wait:
 * with exit status 0 if its PSW address ends in 0xfff ("signal quiesce"),
 * otherwise as a guest panic (-action panic=exit-failure: status 1). CPUs in
 * an enabled wait still count as running, so arch_stop() first stops every
 * other CPU with SIGP STOP and checks with SIGP SENSE that it stopped.
 */
#include <string.h>
#include "arch/s390/s390.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "mm/frame.h"

#define STOP_SUCCESS_ADDR	0xfff	/* low 12 bits 0xfff: QEMU's clean shutdown */
#define STOP_FAILURE_ADDR	0xdead

#define SECONDARY_STACK_PAGES	4	/* 16 KiB */
#define SECONDARY_TRAP_PAGES	2	/* 8 KiB for the crash report */
#define START_TIMEOUT_US	2000000
#define STOP_TIMEOUT_US		1000000
#define CRASH_REPORT_TIMEOUT_US	5000000

struct s390_cpu {
	uint16_t addr;		/* immutable after s390_smp_init() */
	bool started;		/* SIGP RESTART was issued (boot CPU only writes) */
	bool online;		/* set by the CPU itself when it reports in */
};

static struct s390_cpu cpus[BOOT_MAX_CPUS];	/* index = logical CPU number */
static unsigned int ncpus;
static uint64_t boot_cr0;			/* CR0 every CPU runs with */
static bool crashtest_on_secondary;		/* boot.c's debug option */

void s390_smp_init(const struct sclp_info *info, uint16_t boot_addr)
{
	unsigned int i;

	ncpus = 1;
	cpus[0] = (struct s390_cpu){ .addr = boot_addr, .started = true, .online = true };
	for (i = 0; i < info->ncpus && ncpus < BOOT_MAX_CPUS; i++) {
		if (info->cpu[i].addr == boot_addr)
			continue;
		cpus[ncpus++] = (struct s390_cpu){ .addr = info->cpu[i].addr };
	}
	boot_cr0 = s390_stctg0();
}

void s390_smp_crashtest(void)
{
	crashtest_on_secondary = true;
}

static bool cpu_is_stopped(uint16_t addr)
{
	uint32_t status = 0;
	int cc = s390_sigp_retry(addr, SIGP_SENSE, 0, &status);

	return cc == SIGP_CC_STATUS && (status & (SIGP_STATUS_STOPPED | SIGP_STATUS_CHECK_STOP));
}

/* SIGP STOP and wait until SENSE says stopped. Returns true when it stopped. */
static bool stop_cpu(uint16_t addr)
{
	uint64_t start = s390_tod();
	int cc = s390_sigp_retry(addr, SIGP_STOP, 0, NULL);

	if (cc == SIGP_CC_NOT_OPERATIONAL)
		return true;	/* no such CPU: nothing runs there */
	while (!cpu_is_stopped(addr)) {
		if (s390_tod_us(start, s390_tod()) > STOP_TIMEOUT_US)
			return false;
	}
	return true;
}

static void init_prefix_area(uint8_t *lc, unsigned int id, uint64_t stack_top, uint64_t trap_top)
{
	extern char s390_secondary_entry[];
	struct s390_psw *restart = (struct s390_psw *)(lc + LC_RESTART_NEW_PSW);

	memset(lc, 0, LC_SIZE);
	s390_install_new_psws(lc);
	restart->mask = PSW_MASK_64;
	restart->addr = (uint64_t)(uintptr_t)s390_secondary_entry;
	*(uint64_t *)(lc + LC_BOOT_STACK) = stack_top;
	*(uint64_t *)(lc + LC_TRAP_STACK) = trap_top;
	*(uint32_t *)(lc + LC_CPU_ID) = id;
}

/* Start logical CPU `id`; returns true once it reported in. */
static bool start_cpu(unsigned int id)
{
	struct s390_cpu *c = &cpus[id];
	unsigned int stack_frames = SECONDARY_STACK_PAGES + SECONDARY_TRAP_PAGES;
	hpa_t lc_pa, stack_pa;
	uint32_t status = 0;
	uint64_t start;
	int cc;

	if (!cpu_is_stopped(c->addr) && !stop_cpu(c->addr)) {
		log_printf("s390: CPU address 0x%x is running and does not stop: not started\n", c->addr);
		return false;
	}
	if (frame_alloc(&hyp_frames, LC_SIZE / PAGE_SIZE, LC_SIZE, &lc_pa)) {
		log_printf("s390: no memory for CPU %u's prefix area\n", id);
		return false;
	}
	/* SET PREFIX takes bits 33-50 of the parameter: below 2 GiB. */
	if (lc_pa.v + LC_SIZE > 0x80000000ull) {
		log_printf("s390: CPU %u's prefix area 0x%llx is above 2 GiB\n", id,
			   (unsigned long long)lc_pa.v);
		frame_free(&hyp_frames, lc_pa, LC_SIZE / PAGE_SIZE);
		return false;
	}
	if (frame_alloc(&hyp_frames, stack_frames, PAGE_SIZE, &stack_pa)) {
		log_printf("s390: no memory for CPU %u's stacks\n", id);
		frame_free(&hyp_frames, lc_pa, LC_SIZE / PAGE_SIZE);
		return false;
	}
	/* [trap stack][stack]: both grow down. */
	init_prefix_area(mm_phys_to_virt(lc_pa), id,
			 stack_pa.v + (uint64_t)stack_frames * PAGE_SIZE,
			 stack_pa.v + (uint64_t)SECONDARY_TRAP_PAGES * PAGE_SIZE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	cc = s390_sigp_retry(c->addr, SIGP_SET_PREFIX, lc_pa.v, &status);
	if (cc != SIGP_CC_ACCEPTED) {
		log_printf("s390: SIGP SET PREFIX to CPU address 0x%x: cc %d status 0x%x\n", c->addr, cc,
			   status);
		goto fail;
	}
	c->started = true;
	cc = s390_sigp_retry(c->addr, SIGP_RESTART, 0, &status);
	if (cc != SIGP_CC_ACCEPTED) {
		log_printf("s390: SIGP RESTART to CPU address 0x%x: cc %d status 0x%x\n", c->addr, cc,
			   status);
		goto fail_stop;
	}
	start = s390_tod();
	while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE)) {
		if (s390_tod_us(start, s390_tod()) > START_TIMEOUT_US) {
			log_printf("s390: CPU %u (address 0x%x) did not report in within %u ms\n", id,
				   c->addr, START_TIMEOUT_US / 1000);
			goto fail_stop;
		}
		arch_cpu_relax();
	}
	return true;

fail_stop:
	if (!stop_cpu(c->addr))
		return false;	/* it may still run on those frames: keep them */
	c->started = false;
fail:
	frame_free(&hyp_frames, stack_pa, stack_frames);
	frame_free(&hyp_frames, lc_pa, LC_SIZE / PAGE_SIZE);
	return false;
}

unsigned int arch_smp_start(struct boot_info *bi)
{
	unsigned int id, online = 1;
	unsigned int want = bi->cpus_present < ncpus ? bi->cpus_present : ncpus;

	for (id = 1; id < want; id++)
		if (start_cpu(id))
			online++;
	return online;
}

void s390_secondary_main(void)
{
	unsigned int id = arch_cpu_id();

	/* A later restart of this CPU is a fault, not a second start. */
	LC_PSW(LC_RESTART_NEW_PSW) = s390_restart_trap_psw;
	LC_U16(LC_CPU_ADDR) = s390_stap();
	s390_lctlg0(boot_cr0);
	if (id >= BOOT_MAX_CPUS || cpus[id].addr != s390_stap())
		s390_disabled_wait(STOP_FAILURE_ADDR);	/* cannot happen: set up by start_cpu() */
	__atomic_store_n(&cpus[id].online, true, __ATOMIC_RELEASE);

	if (crashtest_on_secondary && id == 1) {
		log_printf("s390: bulkhead.crashtest=secondary: CPU %u forces an operation exception\n", id);
		__asm__ volatile(".long 0" ::: "memory");	/* opcode 0x00: operation exception */
	}
	/* Idle: woken by an emergency signal once there is work (none yet). */
	for (;;)
		(void)s390_wait_ext(EXT_CODE_EMERGENCY, CR0_EMERGENCY_SIGNAL, 0, NULL);
}

void arch_stop(int status)
{
	static uint32_t stopping;
	uint16_t self = s390_stap();
	uint64_t start;
	unsigned int i;

	/*
	 * A crash report in progress on another CPU makes this a failure, and
	 * that CPU stops the machine once its report is out: give it the time
	 * (bounded, in case it is wedged) instead of stopping it mid-report.
	 */
	if (s390_crash_in_progress() && !LC_U32(LC_TRAP_DEPTH)) {
		status = 1;
		start = s390_tod();
		while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE) &&
		       s390_tod_us(start, s390_tod()) < CRASH_REPORT_TIMEOUT_US)
			arch_cpu_relax();
	}
	if (__atomic_exchange_n(&stopping, 1, __ATOMIC_ACQ_REL)) {
		/* Another CPU is stopping the machine and will stop this one too. */
		s390_disabled_wait(STOP_FAILURE_ADDR);
	}
	sclp_console_flush();
	for (i = 0; i < ncpus; i++) {
		if (cpus[i].addr == self || !cpus[i].started)
			continue;
		if (!stop_cpu(cpus[i].addr))
			log_printf("s390: CPU address 0x%x did not stop\n", cpus[i].addr);
	}
	s390_disabled_wait(status == 0 ? STOP_SUCCESS_ADDR : STOP_FAILURE_ADDR);
}
