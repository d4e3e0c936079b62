// SPDX-License-Identifier: MIT
/*
 * Bring-up of the generic partition core on the boot manifest and the end
 * of the machine (hyp/part_boot.h). part_boot_run() sets up the environment
 * the core runs on (the boot frame pool, a VMID space of the width the
 * architecture chose, the console multiplexer), has the architecture
 * prepare the boot CPU for guests, creates and starts the manifest's
 * partitions (part_boot_all), then puts every CPU of the longest online
 * prefix into the generic scheduler (sched_loop): the secondaries, which
 * wait where arch_smp_start() left them, through arch_smp_release(), each
 * preparing itself for guests first. The architecture supplies only the
 * bring-up hooks of hyp/arch_vcpu.h.
 *
 * When no partition is left that can run again (all halted, crashed or
 * empty, no restart pending: part_is_any_alive()), CPU 0 stops the machine
 * with status 0 ("bulkhead: no partition left running; stopping"): test
 * guests end with PSCI SYSTEM_OFF and QEMU exits.
 *
 * Console input: CPU 0 polls the physical console (arch_console_getc)
 * whenever it idles (at least every 10 ms, arch_cpu_idle) and wherever the
 * architecture adds a call (arm64: when it leaves a guest on an interrupt),
 * and hands the bytes to the console multiplexer, which routes them to the
 * partition with the focus (Ctrl-T switches it, hyp/vcons.h).
 *
 * On an architecture that cannot run guests yet (arch_runs_partitions() is
 * a constant false, arch_caps.h) all that is left of this file is the line
 * saying that the manifest was checked and nothing started.
 */
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/arch_vcpu.h"
#include "hyp/log.h"
#include "hyp/manifest.h"
#include "hyp/part_boot.h"
#include "hyp/partition.h"
#include "hyp/sched.h"
#include "hyp/vcons.h"
#include "hyp/vmid.h"
#include "arch_caps.h"

#define POLL_MAX_BYTES	64	/* console bytes moved per poll: bounded work */

/* The environment part_boot_run() gives the partition core. */
static struct vmid_space vmids;
static struct vcons_mux consoles;

void part_boot_poll_input(void)
{
	const struct part_env *e = part_env();
	int c;

	if (!e || !e->cons)
		return;
	for (unsigned int n = 0; n < POLL_MAX_BYTES && (c = arch_console_getc()) >= 0; n++)
		vcons_input(e->cons, (uint8_t)c);
}

void part_boot_watch(void)
{
	const struct part_env *e = part_env();

	if (!e)
		return;
	part_boot_poll_input();
	if (part_is_any_alive())
		return;
	log_printf("partitions: VMID generation rollovers: %llu, with %u-bit VMIDs\n",
		   (unsigned long long)READ_ONCE(e->vmids->rollovers), e->vmids->bits);
	log_printf("bulkhead: no partition left running; stopping\n");
	arch_stop(0);
}

static __noreturn void secondary_main(unsigned int cpu)
{
	arch_cpu_guest_init(false);
	sched_loop(cpu);
}

void part_boot_run(const struct boot_info *bi, struct frame_pool *pool, const struct manifest *m)
{
	struct part_env env;
	const char *veto;
	unsigned int ncpus, bits, n;

	if (!arch_runs_partitions()) {
		log_printf("bulkhead: %s cannot run partitions yet: the manifest was checked, "
			   "nothing started; stopping\n", arch_name);
		arch_stop(0);
	}
	veto = arch_part_boot_veto();
	if (veto) {
		log_printf("bulkhead: partitions not started (%s); stopping\n", veto);
		arch_stop(0);
	}
	/* The scheduler numbers CPUs 0..n-1: only a prefix of online CPUs can run vCPUs. */
	for (ncpus = 1; ncpus < bi->cpus_present && ncpus < BOOT_MAX_CPUS; ncpus++)
		if (!arch_cpu_online(ncpus))
			break;
	if (ncpus > VMID_MAX_CPUS)
		ncpus = VMID_MAX_CPUS;
	arch_cpu_guest_init(true);
	bits = arch_vmid_bits();
	/* Tag 0 is never handed out: the host's (arm64 VMID 0, AMD ASID 0). */
	if (vmid_space_init(&vmids, bits, 1, ncpus))
		fatal("cannot set up %u-bit VMIDs for %u CPUs", bits, ncpus);
	vcons_mux_init(&consoles, NULL);
	env = (struct part_env){ .pool = pool, .vmids = &vmids, .cons = &consoles, .ncpus = ncpus };
	log_printf("partitions: %u-bit VMIDs, %u CPU(s) run vCPUs\n", bits, ncpus);
	if (part_system_init(&env, m))
		fatal("partitions: the manifest cannot be run on this machine");
	n = part_boot_all();
	log_printf("partitions: %u of %u started\n", n, part_count());
	arch_smp_release(secondary_main, ncpus);
	sched_loop(0);
}
