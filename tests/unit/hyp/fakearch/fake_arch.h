/* SPDX-License-Identifier: MIT */
/*
 * A fake architecture for the host tests of hyp/partition.c, vcpu.c,
 * sched.c, hypercall.c and part_boot.c: implements every hook of
 * hyp/arch_vcpu.h (the bring-up hooks included), arch_cpu_id() and
 * arch_stop() (the rest of hyp/arch.h and hyp/log.h come from
 * tests/unit/lib/host_stubs.c), arch_caps.h (it runs partitions) and the
 * mm/pt.h TLB hooks, over simulated
 * physical memory (tests/unit/lib/physmem.c), the real frame allocator and
 * the engine's fake table format (tests/unit/mm/fake_fmt.c, bits scrambled
 * per level).
 *
 * Guests are scripts: each vCPU runs a list of steps (hypercall, load, store,
 * fetch, wfi, power event, unknown exit, burn time). Memory steps go through
 * an independent stage-2 walker (ref_fake, written from the format's layout
 * table, sharing no code with mm/pt.c) exactly as hardware would, touch the
 * simulated memory on success and exit with a stage-2 fault otherwise. Time
 * is a fake clock: every step costs FAKE_STEP_NS, and the hypervisor's
 * one-shot timer fires when the clock passes it.
 */
#ifndef TESTS_FAKE_ARCH_H
#define TESTS_FAKE_ARCH_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include "hyp/partition.h"
#include "hyp/sched.h"
#include "hyp/vcons.h"
#include "mm/frame.h"

#define FAKE_STEP_NS	1000ull		/* fake time one script step takes */
#define FAKE_MAX_STEPS	64
#define FAKE_NOISY_YIELD	50
#define FAKE_ARENA	0x880000000ull	/* the frame pool's simulated RAM */

enum fake_op {
	F_END = 0,	/* the guest idles for ever (WFI exits, never wakes by itself) */
	F_HC,		/* a[0] = fid, a[1..6] = arguments: hypercall exit */
	F_LOAD,		/* a[0] = gpa, a[1] = size */
	F_STORE,	/* a[0] = gpa, a[1] = size, a[2] = value */
	F_EXEC,		/* a[0] = gpa: instruction fetch */
	F_WFI,		/* WFI exit */
	F_WFE,		/* WFE exit (wait for an event: the vCPU yields) */
	F_SYS,		/* a[0] = event, a[1..3] = arguments */
	F_UNKNOWN,	/* a[0] = code */
	F_BURN,		/* a[0] = nanoseconds of guest computation */
	F_JUMP,		/* a[0] = step index */
	F_NOISY,	/* a[0] = gpa, a[1] = size: store the iteration count there, repeat
			 * for ever, calling HC_YIELD every FAKE_NOISY_YIELD iterations */
};

struct fake_step {
	enum fake_op op;
	uint64_t a[7];
};

#define FAKE_RES_NONE	0
#define FAKE_RES_DONE	1	/* completed (results in r[]) */
#define FAKE_RES_ABORT	2	/* the guest took an abort on it */

struct fake_vcpu {
	struct vcpu *v;
	unsigned int pc;		/* current step */
	const struct fake_step *prog;
	unsigned int nsteps;
	uint64_t entry, args[4];
	unsigned int nargs, resets;
	bool vectors;			/* the guest has an abort handler */
	bool irq;			/* a wakeup is pending (arch_vcpu_wakeup_pending) */
	uint64_t burn_left;
	uint64_t run_ns;		/* fake time spent in the guest */
	uint64_t noisy;			/* F_NOISY iterations */
	uint64_t enters;
	unsigned int res[FAKE_MAX_STEPS];	/* FAKE_RES_* per step */
	uint64_t r[FAKE_MAX_STEPS][4];		/* hypercall results / loaded value / sys ret */
};

#define FAKE_TLB_IDS	64

/* What a CPU's TLB may hold for one VMID: translations of one tree. */
struct fake_tlb {
	bool valid;
	uint64_t root;
};

struct fake_state {
	struct frame_pool pool;
	struct vmid_space vmids;
	struct vcons_mux cons;
	struct part_env env;
	uint64_t pool_free_at_start;
	uint64_t now;			/* fake clock, ns */
	uint64_t deadline[SCHED_MAX_CPUS];
	unsigned int kicks[SCHED_MAX_CPUS];
	bool kick_pending[SCHED_MAX_CPUS];
	unsigned int cpu;		/* what arch_cpu_id() returns */
	unsigned int idles;
	unsigned int live_arch_parts, live_arch_vcpus;
	unsigned int pinning_errors;	/* a vCPU entered on a CPU it is not pinned to */
	unsigned int current_errors;	/* sched_current() was not the vCPU entering */
	uint64_t last_deadline;		/* the timer when a vCPU was last entered */
	struct fake_tlb tlb[SCHED_MAX_CPUS][FAKE_TLB_IDS];
	unsigned int tlb_errors;	/* a vCPU entered with stale translations of its VMID */
	/* Knobs. */
	bool fail_s2_config, fail_part_init;
	int fail_vcpu_create;		/* -1: none; else fail the n-th create from now */
	void (*part_init_hook)(struct partition *p);
	jmp_buf *reset_jmp;		/* arch_system_reset() longjmps here */
	unsigned int resets;
	/* Scripts per partition id and vCPU index, and whether they have vectors. */
	const struct fake_step *prog[PART_MAX][MF_MAX_VCPUS];
	unsigned int nsteps[PART_MAX][MF_MAX_VCPUS];
	bool vectors[PART_MAX][MF_MAX_VCPUS];
	/* Console lines the multiplexer printed. */
	char lines[64][256];
	unsigned int nlines;
	/* Interrupts pended by arch_part_irq_pulse (doorbells): partition id << 16 | INTID. */
	uint32_t pulses[16];
	unsigned int npulses;
	uint32_t pulse_intid_max;	/* INTIDs above this are "not the partition's" (0: any) */
	/* Bring-up hooks (hyp/part_boot.c). */
	const char *veto;		/* what arch_part_boot_veto() returns */
	bool online[SCHED_MAX_CPUS];	/* arch_cpu_online() */
	unsigned int vmid_bits;		/* arch_vmid_bits() */
	unsigned int guest_init[SCHED_MAX_CPUS];	/* arch_cpu_guest_init() calls per fk.cpu */
	unsigned int guest_init_boot;	/* ... with boot_cpu set */
	unsigned int parts_at_guest_init;	/* live arch partitions at the boot_cpu call */
	void (*release_fn)(unsigned int cpu);	/* arch_smp_release() arguments */
	unsigned int release_ncpus, releases;
	const uint8_t *input;		/* arch_console_getc() bytes */
	unsigned int ninput, input_taken;
	jmp_buf *stop_jmp;		/* arch_stop() records the status and longjmps here */
	int stop_status;
	unsigned int stops;
	jmp_buf *idle_jmp;		/* if set, arch_cpu_idle() longjmps here */
	void (*idle_hook)(void);	/* called once by the next arch_cpu_idle() */
	unsigned int idle_limit;	/* arch_cpu_idle() fails the test past this many calls (0: none) */
};

extern struct fake_state fk;

/* Fresh simulated RAM (ram bytes at FAKE_ARENA), pool, VMID space (vmid_bits), consoles, clock. */
void fake_setup(uint64_t ram, unsigned int ncpus, unsigned int vmid_bits);
/* Drop the simulated memory. */
void fake_teardown(void);

/* A one-region partition: name, RAM [gpa, gpa + size) rwx, entry = gpa, one vCPU on cpu 0. */
void fake_mf_part(struct mf_partition *mp, const char *name, uint64_t gpa, uint64_t size);

/* Script for vCPU vidx of partition pid (steps must outlive the test). */
void fake_prog(unsigned int pid, unsigned int vidx, const struct fake_step *steps, unsigned int n, bool vectors);

/* The fake state behind a vCPU (NULL when no arch state is attached). */
struct fake_vcpu *fake_vcpu(struct vcpu *v);

/* The fake state behind vCPU vidx of partition pid. */
struct fake_vcpu *fake_part_vcpu(unsigned int pid, unsigned int vidx);

/* part_system_init() over m, then create and start every partition (each must succeed). */
void fake_boot(const struct manifest *m);

/* Run one scheduling round on cpu (arch_cpu_id() = cpu). */
bool fake_run(unsigned int cpu);

/* Guest-eye view: translate gpa through p's stage-2 with the reference walker (0 = ok). */
int fake_translate(struct partition *p, uint64_t gpa, uint64_t *pa, unsigned int *prot);

/* Host pointer of guest-physical gpa of p (through the reference walker), or NULL. */
uint8_t *fake_guest_ptr(struct partition *p, uint64_t gpa);

/* FNV-1a of simulated host memory [pa, pa + len). */
uint64_t fake_checksum(uint64_t pa, uint64_t len);

/* Everything log_printf() printed since the last fake_log_clear(). */
const char *fake_log(void);
void fake_log_clear(void);

/* Was this line printed by a partition console (exactly)? */
bool fake_console_has(const char *line);

#endif
