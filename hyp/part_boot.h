/* SPDX-License-Identifier: MIT */
/*
 * The life of the machine once boot_main() is done: the partitions of the
 * boot manifest brought up on the generic partition core and every CPU that
 * can run vCPUs put into the scheduler (part_boot_run), the console input
 * polled on CPU 0, and the clean stop when no partition is left that can
 * run again (part_boot_watch). The same sequence on every architecture that
 * runs guests; what is arch-specific is behind the bring-up hooks of
 * hyp/arch_vcpu.h.
 *
 * Module prefix: part_boot_.
 */
#ifndef HYP_PART_BOOT_H
#define HYP_PART_BOOT_H

#include "hyp/compiler.h"

struct boot_info;
struct frame_pool;
struct manifest;

/*
 * Run the partitions of m (valid, as mf_boot() left it) with RAM and tables
 * from pool: unless the architecture cannot run guests
 * (arch_runs_partitions) or vetoes it (arch_part_boot_veto), which logs and
 * stops cleanly, set up the VMID space and the console multiplexer for the
 * longest prefix of online CPUs, create and start every partition
 * (part_boot_all), release the other CPUs of the prefix into sched_loop()
 * and enter it on the boot CPU. Logs "partitions: N-bit VMIDs, N CPU(s) run
 * vCPUs" and "partitions: N of N started"; a manifest the machine cannot
 * run (part_system_init fails) is fatal. Boot CPU, once, from boot_main()
 * after arch_smp_start(). Never returns.
 */
__noreturn void part_boot_run(const struct boot_info *bi, struct frame_pool *pool,
			      const struct manifest *m);

/*
 * CPU 0's duty whenever it has nothing to run (sched_loop): poll the
 * console input (part_boot_poll_input), then, if no partition is left that
 * can run again (part_is_any_alive() false), log the VMID rollovers and
 * "bulkhead: no partition left running; stopping" and stop the machine with
 * status 0. Does nothing before part_system_init().
 */
void part_boot_watch(void);

/*
 * CPU 0: hand the bytes the physical console has received
 * (arch_console_getc, at most 64 per call) to the console multiplexer,
 * which routes them to the partition with the input focus. Does nothing
 * until part_boot_run() has set the multiplexer up. Called when CPU 0
 * idles, and by the architecture where it likes (arm64: when CPU 0 leaves a
 * guest on a physical interrupt), so input is not starved by busy guests.
 */
void part_boot_poll_input(void);

#endif
