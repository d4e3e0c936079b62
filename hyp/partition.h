/* SPDX-License-Identifier: MIT */
/*
 * Partitions: creation from a validated manifest partition [kvm_arch_init_vm]
 * (stage-2 table through the mm/pt.h engine, RAM from the frame allocator or
 * fixed host ranges, images copied in, passthrough devices mapped as device
 * memory, vCPUs reset at the entry point), destruction [kvm_arch_destroy_vm]
 * that gives every frame back, restart from the images, the life-cycle state
 * machine, fault policies, the per-partition MMIO bus for emulated devices,
 * stage-2 fault handling [kvm_handle_guest_abort] and checked access to guest
 * memory for hypercalls.
 *
 * States and the only legal transitions (part_transition_ok()):
 *
 *   EMPTY --create--> CREATED --start--> RUNNING --stop--> HALTED
 *                        ^                  |  \--crash--> CRASHED
 *                        |                  |                 |
 *                        +-----restart------+-----------------+  (and from HALTED)
 *   CREATED, HALTED, CRASHED --destroy--> EMPTY
 *
 * A restart rebuilds the contents (tables, RAM, images, arch state, vCPUs)
 * from the manifest, which stays. When it is asked for while vCPUs of the
 * partition are on a CPU, the partition first goes to HALTED or CRASHED, its
 * CPUs are kicked, and the last vCPU to leave its CPU does the rebuild: no
 * CPU ever waits for another.
 *
 * Lock order (outer to inner), see also docs/architecture.md:
 *   partition lock -> mmu lock -> { vmid_space, vcons_mux } locks
 *   -> frame_pool lock -> console (log) lock.
 *
 * Module prefix: part_ (and mmio_ for the bus).
 */
#ifndef HYP_PARTITION_H
#define HYP_PARTITION_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"
#include "hyp/manifest.h"
#include "hyp/vmid.h"
#include "hyp/vcpu.h"
#include "mm/pt.h"
#include "mm/memslot.h"
#include "mm/dirty.h"
#include "mm/pagetrack.h"

struct frame_pool;
struct vcons_mux;

/* Error codes (negative return values). */
#define PART_EINVAL	22	/* bad argument, or a manifest this hypervisor cannot honour */
#define PART_ENOMEM	12	/* frames ran out */
#define PART_ESTATE	1	/* the operation is not legal in the partition's state */
#define PART_EBUSY	16	/* vCPUs of the partition are on a CPU */
#define PART_ENOENT	2	/* no such partition */
#define PART_EFAULT	14	/* a guest range that is not the partition's accessible RAM */

#define PART_MAX	MF_MAX_PARTITIONS
#define PART_MAX_MMIO	8	/* emulated device ranges per partition */
#define PART_MAX_TRACK	64	/* page-tracking records per partition */

enum part_state {
	PART_EMPTY = 0,		/* slot unused (never created, or destroyed) */
	PART_CREATED,		/* built, vCPUs reset, not started */
	PART_RUNNING,		/* vCPUs schedulable */
	PART_HALTED,		/* stopped on request (hypercall, system off); memory kept */
	PART_CRASHED,		/* stopped by its fault policy; memory kept for inspection */
	PART_NSTATES
};

/* An emulated device on a partition's MMIO bus. Callbacks return 0, or -1 to abort the access. */
struct mmio_ops {
	int (*read)(void *ctx, uint64_t off, unsigned int size, uint64_t *val);
	int (*write)(void *ctx, uint64_t off, unsigned int size, uint64_t val);
};

struct mmio_region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *ctx;
};

/* One RAM region of a partition and its backing. */
struct part_ram {
	uint64_t gpa, size;
	hpa_t hpa;		/* backing (contiguous) */
	unsigned int prot;	/* PT_R/W/X */
	bool lazy;		/* mapped page by page on first touch */
	bool from_pool;		/* frames from the pool (freed at destroy), else fixed */
	bool backed;		/* hpa valid */
};

struct partition {
	/* Immutable after part_system_init(). */
	unsigned int id;			/* index in the manifest */
	const struct mf_partition *mf;
	int cons;				/* vcons index, -1: none */
	struct vmid vmid;			/* pinned here when the manifest says; tag: hyp/vmid.c */

	/* Protected by lock. */
	struct spinlock lock;
	enum part_state state;
	bool restart_pending;			/* rebuild when nrunning drops to 0 */
	unsigned int nrunning;			/* vCPUs between part_vcpu_get() and _put() */
	uint64_t restarts;
	/* Crash-restart messages: a token bucket (see PART_CRASH_LOG_*). */
	unsigned int crash_log_tokens;
	uint64_t crash_log_refill_ns;		/* when the next token comes */
	uint64_t crash_log_suppressed;		/* restarts not logged since the last line */
	void *arch;				/* arch_part_init() */
	bool arch_live;

	/* Protected by mmu_lock (contents; rebuilt on restart under lock too). */
	struct spinlock mmu_lock;
	bool pt_live;
	struct pt pt;
	struct pt_cache cache;
	unsigned int nram;
	struct part_ram ram[MF_MAX_MEM];
	unsigned int nmmio;
	struct mmio_region mmio[PART_MAX_MMIO];	/* read locklessly by the exit path */
	/*
	 * The mm/ view of the same RAM: one memslot per region (read-only
	 * regions flagged so), page tracking, dirty logging; s2 ties them to
	 * pt. Dirty logging and page-tracking clients use s2 and cache under
	 * mmu_lock (mm/dirty.h, mm/pagetrack.h).
	 */
	struct memslots slots;
	struct pagetrack track;
	struct pagetrack_rec track_rec[PART_MAX_TRACK];
	struct s2_space s2;

	unsigned int nvcpus;
	struct vcpu vcpu[MF_MAX_VCPUS];
};

/* What the partitions are built with. */
struct part_env {
	struct frame_pool *pool;	/* RAM and table frames */
	struct vmid_space *vmids;	/* stage-2 tags */
	struct vcons_mux *cons;		/* consoles (NULL: no consoles) */
	unsigned int ncpus;		/* physical CPUs that run vCPUs */
};

/*
 * A partition whose fault policy restarts it may crash again at once, for
 * ever: each restart is logged, but at most PART_CRASH_LOG_BURST lines in a
 * row and then one per PART_CRASH_LOG_PERIOD_NS; the next line says how
 * many restarts went unlogged, so the shared console is not drowned.
 */
#define PART_CRASH_LOG_BURST		5
#define PART_CRASH_LOG_PERIOD_NS	1000000000ull

/*
 * Boot CPU, once, before anything else here: remember env and the manifest
 * (which must stay valid and unchanged), set up one EMPTY slot per manifest
 * partition with its vCPUs attached to their CPUs' schedulers, its console
 * (the manifest's console_input partition gets the input focus), and its
 * pinned VMID (vmid_pin); back every shared-memory channel (zeroed, kept
 * for the life of the system: restarts and destroys of its peers never
 * free it; each peer's contents map it at the peer's guest base, read-only
 * or read-write, never executable). Returns 0, -PART_EINVAL (bad env, a
 * pin beyond ncpus, a VMID that cannot be pinned) or -PART_ENOMEM (channel
 * memory) with a log line naming it.
 */
int part_system_init(const struct part_env *env, const struct manifest *m) __must_check;

/* Partition id, or NULL if there is none. Any CPU. */
struct partition *part_find(unsigned int id);

/* Number of partition slots (the manifest's partitions). */
unsigned int part_count(void);

/* Is from -> to a legal life-cycle transition? Pure. */
bool part_transition_ok(enum part_state from, enum part_state to);

/* "created", "running", ... */
const char *part_state_name(enum part_state s);

/* Current state (lockless snapshot). */
enum part_state part_state(const struct partition *p);

/*
 * Build partition p from its manifest entry: EMPTY -> CREATED. RAM starts
 * zeroed (fixed host ranges too) with the images copied in; non-lazy RAM
 * and passthrough devices are mapped; vCPU 0 is reset at the entry point
 * with the boot arguments, the other vCPUs wait for a power-on. On failure
 * everything allocated is given back and p stays EMPTY. Returns 0,
 * -PART_ESTATE, -PART_ENOMEM, -PART_EINVAL.
 */
int part_create(struct partition *p) __must_check;

/* CREATED -> RUNNING: vCPU 0 powered on at the entry point. 0 or -PART_ESTATE. */
int part_start(struct partition *p) __must_check;

/*
 * RUNNING -> HALTED, logging "bulkhead: partition "<name>": <why>: halted".
 * Kicks the CPUs running its vCPUs. 0 or -PART_ESTATE.
 */
int part_stop(struct partition *p, const char *why) __must_check;

/*
 * Restart from the images: RUNNING / HALTED / CRASHED -> CREATED -> RUNNING,
 * logging "...: <why>: restarting". Done at once if no vCPU of p is on a CPU,
 * otherwise when the last one leaves. 0, -PART_ESTATE, or the error of the
 * rebuild (then p stays stopped: HALTED, or CRASHED if it had crashed).
 */
int part_restart(struct partition *p, const char *why) __must_check;

/*
 * A guest crash or an unhandled exit: apply the fault policy. halt:
 * RUNNING -> CRASHED; restart: as part_restart(); reset-system:
 * arch_system_reset(). Logs "bulkhead: partition "<name>": <why>: halted"
 * (": restarting", ": resetting the system"). A partition not RUNNING is
 * left alone.
 */
void part_fault(struct partition *p, const char *why);

/*
 * Give back everything (tables, RAM, arch state): CREATED / HALTED / CRASHED
 * -> EMPTY. 0, -PART_ESTATE, -PART_EBUSY (vCPUs still on a CPU).
 */
int part_destroy(struct partition *p) __must_check;

/*
 * Load v on the calling CPU (its pcpu) before vcpu_run(): checks p runs and v
 * is on, counts it in p->nrunning and gets its VMID (vmid_get). Returns false
 * if v may not run. part_vcpu_put() undoes it and performs a pending restart.
 */
bool part_vcpu_get(struct vcpu *v) __must_check;
void part_vcpu_put(struct vcpu *v);

/*
 * Register an emulated device at [base, base + size) of p's guest-physical
 * space (from arch_part_init(), or before part_start()). The range must not
 * overlap RAM, passthrough devices or another device. 0, -PART_EINVAL.
 * Registrations belong to the contents: a restart drops them and
 * arch_part_init() registers again.
 */
int part_mmio_register(struct partition *p, uint64_t base, uint64_t size,
		       const struct mmio_ops *ops, void *ctx) __must_check;

/*
 * Fill p's table cache for an mm/ operation that may need `need` (dirty
 * logging, page tracking). Mmu lock held. 0 or -PART_ENOMEM.
 */
int part_cache_topup(struct partition *p, const struct pt_need *need) __must_check;

/* What the stage-2 fault handler decided. */
enum part_s2_result {
	PART_S2_RETRY,		/* fixed (mapped, or tracked write): re-execute */
	PART_S2_EMULATED,	/* an MMIO-bus device did the access: step past it */
	PART_S2_VIOLATION,	/* nothing the partition may touch: inject an abort */
};

/*
 * Handle a stage-2 fault of v (x->s2) [kvm_handle_guest_abort]: an emulated
 * device's range goes to its callback (x->s2.data in/out; needs x->s2.isv);
 * a missing page of lazy RAM is mapped (without write permission while
 * dirty logging or page tracking needs the page protected); a write to a
 * write-protected page goes to s2_write_fault() (mm/pagetrack.h): dirty
 * logging records it and retries, a tracked page has the write emulated
 * (needs x->s2.isv); a fault on a page that is already mapped as needed is
 * spurious (retry). Anything else is a violation. On v's CPU; takes the mmu
 * lock for the RAM cases.
 */
enum part_s2_result part_handle_s2_fault(struct vcpu *v, struct vcpu_exit *x);

/*
 * Checked access to the caller's own guest memory (hypercall buffers):
 * [gpa, gpa + len) must not wrap, must lie in RAM regions of p with the
 * access `need` (PT_R or PT_W) and every page must be mapped so in p's
 * stage-2 table (looked up through the engine; lazy pages are mapped first;
 * a write-protected page of a dirty-logging slot is recorded as dirty and
 * made writable, as a guest write would). Device memory, emulated devices,
 * unmapped ranges and pages under page tracking (the hypervisor's own
 * write would bypass their handlers) are refused. Only after the
 * whole range is checked, fn is called for each host chunk in order.
 * Returns 0 or -PART_EFAULT (fn not called). Takes the mmu lock.
 */
int part_guest_access(struct partition *p, uint64_t gpa, uint64_t len, unsigned int need,
		      void (*fn)(void *ctx, void *host, size_t n), void *ctx) __must_check;

/* Copy len bytes from src to guest memory at gpa (checked as above): 0 or -PART_EFAULT. */
int part_guest_write(struct partition *p, uint64_t gpa, const void *src, uint64_t len) __must_check;

/* Copy len bytes from guest memory at gpa to dst (checked as above): 0 or -PART_EFAULT. */
int part_guest_read(struct partition *p, uint64_t gpa, void *dst, uint64_t len) __must_check;

/* Sum of p's vCPU statistics. */
void part_stats(const struct partition *p, struct vcpu_stats *sum);

/* The environment given to part_system_init() (NULL before). */
const struct part_env *part_env(void);

/* The manifest given to part_system_init() (NULL before): channels and their peers. */
const struct manifest *part_manifest(void);

/*
 * Boot: create and start every partition of m in manifest order, logging
 * each; a partition that cannot be built is logged and left EMPTY. Returns
 * the number started.
 */
unsigned int part_boot_all(void);

/*
 * Is any partition alive: RUNNING, CREATED (about to start) or with a
 * restart pending? false means none can ever run again (all halted, crashed
 * or empty, nothing to restart): CPU 0 then stops the machine
 * (part_boot_watch). Takes each partition's lock in turn; any CPU.
 */
bool part_is_any_alive(void);

#endif
