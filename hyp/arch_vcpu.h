/* SPDX-License-Identifier: MIT */
/*
 * The contract between the generic partition / vCPU / scheduler code (hyp/)
 * and an architecture that runs guests (arm64 EL2, AMD SVM, s390 SIE): the
 * generic exit record both sides exchange, and the hooks each arch/<a>/
 * implements once. Generic code never looks at a guest register or a
 * syndrome: the architecture decodes every exit into struct vcpu_exit, and
 * completes the trapped instruction from it on the next entry.
 *
 * The exit record is a mailbox owned by the vCPU's physical CPU:
 *   arch_vcpu_enter(v, x)  first completes the previous exit as x->resume
 *                          says (write hypercall results, load an emulated
 *                          MMIO read into its register, step past the
 *                          instruction), then runs the guest until the next
 *                          exit and describes it in x.
 *   generic code           reads x, handles it, writes x->resume (and the
 *                          results: x->hc.r[], x->s2.data, x->sys.ret).
 * This mirrors kvm_run's MMIO completion at the start of KVM_RUN.
 */
#ifndef HYP_ARCH_VCPU_H
#define HYP_ARCH_VCPU_H

#include "hyp/compiler.h"

struct vcpu;
struct partition;
struct pt_fmt;

/* Why the guest stopped running. Also the index of the exit statistics. */
enum vcpu_exit_reason {
	VCPU_EXIT_HYPERCALL = 0,	/* x->hc: SMCCC-style call (HVC/SMC, VMMCALL, DIAGNOSE) */
	VCPU_EXIT_S2_FAULT = 1,		/* x->s2: stage-2 / nested page fault */
	VCPU_EXIT_WFI = 2,		/* guest waits for an interrupt or event (WFI/WFE, HLT) */
	VCPU_EXIT_TIMER = 3,		/* the hypervisor's one-shot timer fired */
	VCPU_EXIT_IRQ = 4,		/* another physical interrupt, or a kick (arch_cpu_kick) */
	VCPU_EXIT_SYSTEM = 5,		/* x->sys: power event (PSCI, INIT/SIPI, SIGP, shutdown) */
	VCPU_EXIT_UNKNOWN = 6,		/* the arch could not classify it: x->unknown.code */
	VCPU_EXIT_NR,
	VCPU_EXIT_NONE = VCPU_EXIT_NR	/* nothing to complete (fresh or reset vCPU) */
};

/* What arch_vcpu_enter() does with the previous exit before running the guest. */
enum vcpu_resume {
	/*
	 * Continue where the guest stopped, completing nothing: re-executes a
	 * faulting access whose cause was fixed, enters an injected exception,
	 * or resumes after an asynchronous exit (timer, interrupt, kick).
	 */
	VCPU_RESUME_AS_IS = 0,
	/*
	 * The trapped instruction was emulated: deliver its results
	 * (HYPERCALL: x->hc.r[0..3] into the result registers; S2_FAULT read:
	 * x->s2.data, sign- or zero-extended from x->s2.size, into x->s2.reg;
	 * SYSTEM: x->sys.ret into the result register) and continue after it.
	 */
	VCPU_RESUME_NEXT = 1,
};

/* Power and system events the arch decodes (e.g. from PSCI, SMCCC DEN0022). */
enum vcpu_sys_event {
	VCPU_SYS_OFF = 0,	/* the partition turns itself off (PSCI SYSTEM_OFF) */
	VCPU_SYS_RESET = 1,	/* restart the partition from its images (PSCI SYSTEM_RESET) */
	VCPU_SYS_CPU_OFF = 2,	/* this vCPU powers off (PSCI CPU_OFF) */
	VCPU_SYS_CPU_ON = 3,	/* arg[0] = vCPU index, arg[1] = entry, arg[2] = context (PSCI CPU_ON) */
	VCPU_SYS_CPU_STATE = 4,	/* arg[0] = vCPU index: ret = 0 on, 1 off, <0 error (AFFINITY_INFO) */
	VCPU_SYS_CRASH = 5,	/* the guest cannot continue (x86 triple fault, guest panic call) */
};

/* Results of VCPU_SYS_CPU_ON / CPU_STATE in x->sys.ret (PSCI's values). */
#define VCPU_SYS_RET_OK		0
#define VCPU_SYS_RET_INVALID	(-2)	/* no such vCPU */
#define VCPU_SYS_RET_ALREADY_ON	(-4)
#define VCPU_SYS_RET_ON_PENDING	(-5)

#define VCPU_HC_NARGS	6	/* arguments after the function ID (arm64 x1-x6) */
#define VCPU_HC_NRET	4	/* results (arm64 x0-x3) */

struct vcpu_exit {
	uint32_t reason;	/* enum vcpu_exit_reason, written by the arch */
	uint32_t resume;	/* enum vcpu_resume, written by generic code */
	union {
		struct {
			uint64_t fid;			/* function ID (arm64 w0) */
			uint64_t a[VCPU_HC_NARGS];	/* arguments */
			uint64_t r[VCPU_HC_NRET];	/* results, written by generic code */
		} hc;
		struct {
			uint64_t gpa;		/* faulting guest-physical address */
			uint32_t access;	/* PT_R, PT_W or PT_X: what the guest tried */
			bool isv;		/* size/reg/sign_extend are valid (Arm ARM ESR_EL2.ISV) */
			bool sign_extend;
			uint8_t size;		/* access size in bytes: 1, 2, 4 or 8 */
			uint8_t reg;		/* register number, meaningful only to the arch */
			uint64_t data;		/* write: value stored; read: value to load (generic) */
		} s2;
		struct {
			uint32_t event;		/* enum vcpu_sys_event */
			uint64_t arg[3];
			int64_t ret;		/* result for CPU_ON / CPU_STATE, written by generic code */
		} sys;
		struct {
			uint64_t code;		/* raw syndrome / exit code, for the log */
		} unknown;
		struct {
			/*
			 * VCPU_EXIT_WFI: true when the guest waits for an event
			 * (arm64 WFE; x86 PAUSE-loop exits, s390 DIAGNOSE 0x44
			 * would be the same): it spins on something another
			 * vCPU will change, so it gives up the rest of its slice
			 * instead of sleeping. false: WFI / HLT, sleep until an
			 * interrupt (arch_vcpu_wakeup_pending).
			 */
			bool event;
		} wait;
	};
};

/* ---- Partition hooks (any CPU, under the partition's lock) -------------- */

/*
 * Stage-2 configuration for a partition whose guest-physical addresses are
 * below 2^ipa_bits: the table format, the input size to create the table
 * with (>= ipa_bits; the arch may round up to what it supports) and the
 * PT_CFG_* options. Returns 0, or -1 if the CPU cannot give this partition
 * ipa_bits (the partition is not created).
 */
int arch_part_s2_config(unsigned int ipa_bits, const struct pt_fmt **fmt, unsigned int *ia_bits,
			unsigned int *cfg) __must_check;

/*
 * Per-partition arch state after its stage-2 table, RAM and devices exist:
 * virtual interrupt controller, the virtual console UART (registered on the
 * partition's MMIO bus with part_mmio_register()), etc. Called at creation
 * and again at every restart (after arch_part_fini()), so emulated devices
 * start from their reset state. Returns 0 or -1 (creation fails, and
 * arch_part_fini() is called).
 */
int arch_part_init(struct partition *p) __must_check;

/* Undo arch_part_init() (also after it failed). Cannot fail. */
void arch_part_fini(struct partition *p);

/*
 * Make edge interrupt intid pending in p's virtual interrupt controller
 * (a channel doorbell) and wake the vCPU it is routed to. The caller holds
 * p->lock (so p's arch state is not being rebuilt) and has checked that p
 * is running. Returns true if delivered, false if p has no such interrupt
 * (not one its manifest gave it, or no virtual interrupt controller: the
 * default, for architectures without one, does nothing).
 */
bool arch_part_irq_pulse(struct partition *p, unsigned int intid);

/* ---- vCPU hooks ---------------------------------------------------------- */

/*
 * Attach arch state to v (register file, FP/SIMD save area, VMCB/SIE block):
 * sets v->arch. Called once per vCPU at partition creation and restart, with
 * the partition's lock held, before the vCPU is reset. Returns 0 or -1.
 */
int arch_vcpu_create(struct vcpu *v) __must_check;

/* Release what arch_vcpu_create() attached (also after it failed). */
void arch_vcpu_destroy(struct vcpu *v);

/*
 * Put v in the architecture's reset state for a guest kernel entry (arm64:
 * EL1h, MMU and caches off, all interrupts masked), program counter = entry,
 * the first nargs argument registers = args (arm64 x0-x3, x86_64 rdi, rsi,
 * rdx, rcx, s390x r2-r5), the others 0. v is not running; called with the
 * partition's lock held, on any CPU (CPU_ON resets a vCPU from a sibling's
 * CPU). Cannot fail.
 */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, const uint64_t *args, unsigned int nargs);

/*
 * On v's physical CPU (v->pcpu), interrupts masked, v loaded by vcpu_run():
 * complete the previous exit (x->reason / x->resume, see above), switch to
 * the guest with stage-2 root v->s2_root and VMID v->hw_vmid (first
 * invalidating this CPU's guest TLB entries for every VMID when
 * v->flush_local is set, then clearing it), run it until the next exit, save
 * its state and fill x. The hypervisor's one-shot timer (arch_timer_oneshot)
 * and kicks (arch_cpu_kick) must make it return (TIMER / IRQ). A reason
 * outside enum vcpu_exit_reason is counted and handled as UNKNOWN.
 */
void arch_vcpu_enter(struct vcpu *v, struct vcpu_exit *x);

/*
 * Make the guest take a synchronous external abort for the stage-2 fault in
 * x (arm64: an SEA to EL1 with the fault address; x86: #PF/#GP as for a bus
 * error; s390: an addressing exception). Returns true if the abort was
 * delivered (the guest continues in its handler, vcpu_run() resumes AS_IS),
 * false if the guest cannot take it (no handler set up, a fault inside the
 * handler itself): that is a guest crash and the fault policy applies.
 */
bool arch_vcpu_inject_abort(struct vcpu *v, const struct vcpu_exit *x) __must_check;

/*
 * For a vCPU that waits after a WFI exit: true if something it waits for is
 * pending (virtual interrupt, its virtual timer expired), so it may run.
 * Any CPU, no lock; must not change v, and must return false when v->arch
 * is NULL (the scheduler of another CPU may ask while the partition is
 * being rebuilt). [kvm_arch_vcpu_runnable]
 */
bool arch_vcpu_wakeup_pending(struct vcpu *v);

/* ---- Physical CPU hooks -------------------------------------------------- */

/* Monotonic time in nanoseconds, the same on every CPU. */
uint64_t arch_timer_now_ns(void);

/*
 * Arm this CPU's hypervisor one-shot timer to fire at deadline_ns
 * (arch_timer_now_ns() time), replacing any earlier setting; 0 cancels it.
 * While a guest runs, the timer firing makes arch_vcpu_enter() return
 * VCPU_EXIT_TIMER.
 */
void arch_timer_oneshot(uint64_t deadline_ns);

/*
 * Make CPU cpu leave guest context soon (an IPI): a guest running there
 * exits with VCPU_EXIT_IRQ; an idle CPU returns from arch_cpu_idle(). A
 * kick that arrives while the CPU is about to enter a guest must still make
 * that entry exit at once (the IPI stays pending across the entry), or a
 * stop could be missed. Kicking the calling CPU, or a CPU not in a guest,
 * is harmless.
 */
void arch_cpu_kick(unsigned int cpu);

/*
 * Nothing is runnable on this CPU: wait for an interrupt (WFI, HLT, enabled
 * wait), with the hypervisor timer and kicks enabled, and also for whatever
 * makes arch_vcpu_wakeup_pending() true for a vCPU pinned here (e.g. arm the
 * timer for the earliest guest virtual-timer deadline). May return early.
 * On CPU 0 it returns within 10 ms at the latest: CPU 0's idle loop polls
 * the console input and watches for the last partition to stop
 * (part_boot_watch()).
 */
void arch_cpu_idle(void);

/*
 * Reset the whole machine (fault policy "reset-system"): PSCI SYSTEM_RESET,
 * ACPI reset register, s390 re-IPL. Never returns.
 */
__noreturn void arch_system_reset(void);

/* ---- Bring-up hooks (hyp/part_boot.c) ------------------------------------ */

/*
 * Why the partitions must not start on this machine even though the
 * manifest is valid (a boot option such as "bulkhead.partitions=off"), or
 * NULL to go ahead. Boot CPU, once, first of these hooks; the caller logs
 * "bulkhead: partitions not started (<why>); stopping" and stops cleanly.
 */
const char *arch_part_boot_veto(void);

/*
 * Is logical CPU cpu (1 .. cpus_present - 1) online and waiting to be
 * released (arch_smp_release)? The scheduler numbers the CPUs that run
 * vCPUs 0..n-1, so the caller uses the longest online prefix. Boot CPU,
 * after arch_smp_start().
 */
bool arch_cpu_online(unsigned int cpu);

/*
 * Prepare the calling CPU to run guests [init_hyp_mode]: arm64 EL2 traps
 * and timers, the interrupt controller's CPU interface, guest vectors, a
 * clean guest TLB; boot_cpu also sets up what all CPUs share (arm64: the
 * GIC distributor) and is the first call, on the boot CPU before any
 * guest state is built. Interrupts stay masked. Cannot fail (a part that
 * does not work is logged and the CPU runs without it).
 */
void arch_cpu_guest_init(bool boot_cpu);

/*
 * Width in bits (1 .. VMID_MAX_BITS) of the stage-2 tags (arm64 VMIDs, AMD
 * ASIDs) on this machine, as decided by the boot code before boot_main()
 * (hardware, build and command-line caps). Any CPU.
 */
unsigned int arch_vmid_bits(void);

/*
 * Let the online secondary CPUs with logical ids 1 .. ncpus - 1 leave the
 * loop arch_smp_start() left them in and call fn(id) (which never returns)
 * on their own stacks. CPUs at or above ncpus stay where they are. Boot CPU,
 * once; returns at once (it does not wait for them).
 */
void arch_smp_release(void (*fn)(unsigned int cpu), unsigned int ncpus);

/*
 * One byte the physical console has received (0..255), or -1 if none is
 * waiting (or there is no console input). Polled, never waits, no lock:
 * only CPU 0 reads console input.
 */
int arch_console_getc(void);

#endif
