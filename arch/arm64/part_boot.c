// SPDX-License-Identifier: MIT
/*
 * arm64 bring-up of the generic partition core (arch_partitions_run): the
 * environment the core runs on (the boot frame pool, a VMID space of the
 * width vcpu.c chose, the console multiplexer), EL2 set-up on the boot CPU,
 * creating and starting the manifest's partitions (part_boot_all), then
 * every CPU in the generic scheduler (sched_loop). The secondaries wait in
 * smp.c until arm64_release_secondaries() hands them their loop.
 *
 * Nothing here is arm64-specific except the order of the set-up calls;
 * it lives here until the generic boot path grows the same sequence.
 *
 * When no partition is left that can run again (all halted, crashed or
 * empty, no restart pending), the boot CPU stops the machine with status 0
 * ("bulkhead: no partition left running; stopping"): test guests end with
 * PSCI SYSTEM_OFF and QEMU exits.
 *
 * Console input: the boot CPU polls the physical PL011's receive FIFO
 * (arm64_console_poll_input) whenever it idles (at least every 10 ms) or
 * leaves a guest on an interrupt, and hands the bytes to the console
 * multiplexer, which routes them to the partition with the focus (Ctrl-T
 * switches it, hyp/vcons.h).
 */
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "hyp/manifest.h"
#include "hyp/partition.h"
#include "hyp/sched.h"
#include "hyp/vcons.h"
#include "hyp/vmid.h"
#include "mm/frame.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/vcpu_arm64.h"

extern struct frame_pool hyp_frames;	/* boot/main.c */

static struct vmid_space vmids;
static struct vcons_mux consoles;
static unsigned int ncpus_run;

/* Is any partition running, being restarted, or about to start? Any CPU. */
bool arm64_partitions_alive(void)
{
	for (unsigned int i = 0; i < part_count(); i++) {
		struct partition *p = part_find(i);
		bool alive;

		spin_lock(&p->lock);
		alive = p->state == PART_RUNNING || p->state == PART_CREATED || p->restart_pending;
		spin_unlock(&p->lock);
		if (alive)
			return true;
	}
	return false;
}

void arm64_partitions_report(void)
{
	log_printf("partitions: VMID generation rollovers: %llu, with %u-bit VMIDs\n",
		   (unsigned long long)READ_ONCE(vmids.rollovers), arm64_vmid_bits());
}

void arm64_console_poll_input(void)
{
	uint64_t base = arm64_plat.uart_base;
	volatile uint32_t *fr = (volatile uint32_t *)(uintptr_t)(base + 0x018);
	volatile uint32_t *dr = (volatile uint32_t *)(uintptr_t)(base + 0x000);

	if (!base || !ncpus_run)
		return;
	/* PL011 UARTFR.RXFE (bit 4): receive FIFO empty. Bounded per call. */
	for (unsigned int n = 0; n < 64 && !(*fr & (1u << 4)); n++)
		vcons_input(&consoles, (uint8_t)*dr);
}

static __noreturn void secondary_loop(unsigned int cpu)
{
	arm64_hyp_cpu_init(false);
	sched_loop(cpu);
}

void arch_partitions_run(struct boot_info *bi)
{
	struct part_env env;
	unsigned int n;

	if (arm64_opt.no_partitions) {
		log_printf("bulkhead: partitions not started (bulkhead.partitions=off); stopping\n");
		arch_stop(0);
	}
	/* The scheduler numbers CPUs 0..n-1: only a prefix of online CPUs can run vCPUs. */
	for (n = 1; n < arm64_plat.ncpus && n < BOOT_MAX_CPUS; n++)
		if (!__atomic_load_n(&arm64_percpu[n].online, __ATOMIC_ACQUIRE))
			break;
	ncpus_run = n;
	if (n > VMID_MAX_CPUS)
		ncpus_run = VMID_MAX_CPUS;
	arm64_hyp_cpu_init(true);
	if (vmid_space_init(&vmids, arm64_vmid_bits(), 1, ncpus_run))
		fatal("cannot set up %u-bit VMIDs for %u CPUs", arm64_vmid_bits(), ncpus_run);
	vcons_mux_init(&consoles, NULL);
	env = (struct part_env){ .pool = &hyp_frames, .vmids = &vmids, .cons = &consoles, .ncpus = ncpus_run };
	log_printf("partitions: %u-bit VMIDs, %u CPU(s) run vCPUs\n", arm64_vmid_bits(), ncpus_run);
	if (part_system_init(&env, &boot_manifest))
		fatal("partitions: the manifest cannot be run on this machine");
	n = part_boot_all();
	log_printf("partitions: %u of %u started\n", n, part_count());
	arm64_release_secondaries(secondary_loop, ncpus_run);
	sched_loop(0);
}
