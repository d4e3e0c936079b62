/* SPDX-License-Identifier: MIT */
/*
 * The boot-time manifest (schema "bulkhead,manifest-1", docs/manifest.md):
 * the partitions to run, read from the boot bundle, a flattened device tree
 * that also carries every guest image. This header owns the parsed model that
 * hyp/ consumes (plain C structures with fixed limits, no allocation), the
 * description of the platform it is checked against, and the error list.
 *
 * mf_load() reads and validates in one go and never stops at the first
 * problem: every error found goes into a bounded list, each naming the
 * partition, the node or property and the reason. A manifest is usable only
 * if the list is empty; nothing may start from a manifest with errors.
 * The same code runs in the hypervisor at boot and in tools/bulkhead-check.
 *
 * Module prefix: mf_ (functions, types), MF_ (constants).
 */
#ifndef HYP_MANIFEST_H
#define HYP_MANIFEST_H

#include "hyp/compiler.h"

#define MF_COMPATIBLE		"bulkhead,manifest-1"

/* Fixed limits (documented in docs/manifest.md). */
#define MF_NAME_MAX		32	/* names, NUL included: at most 31 characters */
#define MF_MAX_PARTITIONS	16
#define MF_MAX_VCPUS		8	/* per partition */
#define MF_MAX_MEM		8	/* memory regions per partition */
#define MF_MAX_IMAGES		4	/* per partition */
#define MF_MAX_DEVICES		4	/* passthrough devices per partition */
#define MF_MAX_DEV_IRQS		4	/* interrupts per device */
#define MF_MAX_BOOT_ARGS	4	/* initial argument registers */
#define MF_MAX_CHANNELS		8
#define MF_MAX_PEERS		4	/* partitions sharing one channel */
#define MF_MAX_ERRORS		32	/* errors kept; more are only counted */
#define MF_MSG_MAX		192	/* one error message, NUL included */
#define MF_MODEL_MAX		80	/* characters of the root "model" */

/* Platform limits (struct mf_platform). */
#define MF_PLAT_MAX_RAM		32
#define MF_PLAT_MAX_RSV		16
#define MF_PLAT_MAX_DEV		16
#define MF_PLAT_MAX_IRQ		32
#define MF_PLAT_MAX_CPUS	64

/* Every way a manifest can be wrong; docs/manifest.md lists each message. */
enum mf_err {
	MF_OK = 0,
	MF_ERR_BLOB,		/* the bundle is not a well-formed DTB */
	MF_ERR_COMPATIBLE,	/* root compatible is not "bulkhead,manifest-1" */
	MF_ERR_UNKNOWN_NODE,	/* a node the schema does not define (typo) */
	MF_ERR_UNKNOWN_PROP,	/* a property the schema does not define (typo) */
	MF_ERR_DUPLICATE,	/* a property or node name given twice */
	MF_ERR_MISSING,		/* a required property or node is absent */
	MF_ERR_PROP_FORM,	/* wrong size or form (cells, string, empty) */
	MF_ERR_VALUE,		/* a value outside its documented range / set */
	MF_ERR_NAME,		/* bad partition, channel or image name */
	MF_ERR_UNIT_ADDRESS,	/* node@unit does not match its address */
	MF_ERR_LIMIT,		/* more objects than the fixed limits allow */
	MF_ERR_RANGE,		/* empty range, or one that wraps past 2^64 */
	MF_ERR_ALIGN,		/* address or size not aligned to the granule */
	MF_ERR_IPA,		/* guest address beyond the partition's IPA size */
	MF_ERR_GUEST_OVERLAP,	/* two guest-physical ranges of one partition overlap */
	MF_ERR_HOST_OVERLAP,	/* host memory of two partitions (or channels) overlaps */
	MF_ERR_NOT_RAM,		/* fixed host memory outside the platform's RAM */
	MF_ERR_HYP_MEMORY,	/* host memory the hypervisor owns (image, DTB, bundle) */
	MF_ERR_DEVICE_RAM,	/* a passthrough device range lies in RAM */
	MF_ERR_HYP_DEVICE,	/* a device range the hypervisor owns */
	MF_ERR_DEVICE_OVERLAP,	/* one device range given to two partitions */
	MF_ERR_HYP_IRQ,		/* an interrupt the hypervisor owns */
	MF_ERR_IRQ_CONFLICT,	/* an interrupt used twice */
	MF_ERR_CPU_RANGE,	/* a pin to a CPU that is not present */
	MF_ERR_CPU_CONFLICT,	/* a CPU shared without time slicing */
	MF_ERR_VMID_CONFLICT,	/* two partitions pin the same VMID */
	MF_ERR_IMAGE_PLACEMENT,	/* an image not inside one memory region, or images overlap */
	MF_ERR_ENTRY,		/* entry point not in executable memory */
	MF_ERR_REFERENCE,	/* a name that refers to no partition */
	MF_ERR_CHANNEL,		/* a channel without two peers or without a writer */
	MF_ERR_NO_MEMORY,	/* more memory asked for than the platform has free */
	MF_ERR_DMA_DEVICE,	/* passthrough of a device that can master DMA (no SMMU) */
	MF_ERR_EMULATED,	/* a guest range over a window the hypervisor emulates */
	MF_ERR_COUNT
};

/* Stable short name of an error code ("MF_ERR_HOST_OVERLAP"), for tests and tools. */
const char *mf_err_name(enum mf_err e);

struct mf_error {
	enum mf_err code;
	char msg[MF_MSG_MAX];	/* "manifest: partition \"rtos\": ..." (no newline) */
};

/* The bounded error list: the first MF_MAX_ERRORS errors, plus a count of the rest. */
struct mf_errors {
	unsigned int count;	/* errors kept in e[] */
	unsigned int dropped;	/* errors found beyond MF_MAX_ERRORS */
	struct mf_error e[MF_MAX_ERRORS];
};

/* ---- The platform the manifest is checked against ---------------------- */

struct mf_range {
	uint64_t base;
	uint64_t size;
};

/*
 * Guest-physical windows the hypervisor of one architecture emulates in
 * every partition without the manifest naming them (arm64: the virtual GIC
 * and the virtual UART's default page). A partition's memory regions,
 * devices, console page and channel windows must stay clear of them
 * (MF_ERR_EMULATED). Data only, in hyp/manifest_layout.c, which the
 * hypervisor and bulkhead-check both compile.
 */
enum mf_window_when {
	MF_WIN_ALWAYS,			/* in every partition */
	MF_WIN_CONSOLE_DEFAULT,		/* partitions with a console that gives no base */
};

struct mf_window {
	const char *name;	/* for messages: "the virtual GIC distributor" */
	uint64_t base;		/* guest-physical, granule aligned */
	uint64_t size;		/* fixed part, bytes */
	uint64_t per_vcpu;	/* plus this many bytes per vCPU of the partition */
	enum mf_window_when when;
};

/*
 * The emulated windows of one architecture, and the interrupt numbers its
 * emulated interrupt controller can deliver to a partition: a console
 * irq, doorbell-irq or device irq outside [irq_first, irq_end) is refused
 * (MF_ERR_VALUE). irq_end = 0: the layout sets no such range (the
 * architecture delivers no interrupt to partitions yet).
 */
struct mf_arch_layout {
	const char *arch;	/* arch_name of that hypervisor: "arm64", "x86_64", "s390x" */
	const char *alias;	/* its Makefile ARCH= name: "arm64", "x86", "s390" */
	unsigned int nwin;
	const struct mf_window *win;
	unsigned int irq_first;	/* first deliverable interrupt number */
	unsigned int irq_end;	/* one past the last; 0: no range */
	const char *irq_what;	/* for messages: "the SPIs of the virtual GIC" */
};

/*
 * The layout of the architecture called name (arch_name or the Makefile's
 * ARCH name), or NULL if there is none by that name. Any CPU, no locks.
 */
const struct mf_arch_layout *mf_arch_layout_find(const char *name);

/* Size of window w in a partition with nvcpus vCPUs (0: the window is empty). */
uint64_t mf_window_size(const struct mf_window *w, unsigned int nvcpus);

struct mf_platform {
	unsigned int cpus;		/* CPUs present: pins must be below this */
	uint64_t granule;		/* translation granule (power of two) */
	unsigned int ipa_bits_max;	/* largest guest-physical address size */
	unsigned int vmid_max;		/* largest VMID a partition may pin */
	unsigned int irq_limit;		/* interrupts are numbered below this */
	unsigned int nram;			/* 0 = unknown: no checks against RAM */
	struct mf_range ram[MF_PLAT_MAX_RAM];	/* RAM */
	unsigned int nrsv;
	struct mf_range rsv[MF_PLAT_MAX_RSV];	/* hypervisor memory inside RAM */
	unsigned int ndev;
	struct mf_range dev[MF_PLAT_MAX_DEV];	/* device ranges the hypervisor keeps */
	unsigned int nirq;
	uint32_t irq[MF_PLAT_MAX_IRQ];		/* interrupts the hypervisor keeps */
	/*
	 * Devices that can master DMA: without an SMMU, such a device writes
	 * wherever its owner programs it to, past stage 2, so none is handed to
	 * a partition. Listed (platform description "dma-devices"), and/or
	 * found by dma_master (at boot: the arch reads its firmware tables):
	 * 1 and the device's range in *found if [base, base + size) touches
	 * one, 0 if not. Asked only for the manifest's passthrough devices.
	 */
	unsigned int ndma;
	struct mf_range dma[MF_PLAT_MAX_DEV];
	int (*dma_master)(uint64_t base, uint64_t size, struct mf_range *found);
	/* What the hypervisor emulates in guests (windows, interrupt range); NULL: unknown, not checked. */
	const struct mf_arch_layout *layout;
};

/*
 * The permissive platform used when nothing better is known (bulkhead-check
 * without --platform): MF_PLAT_MAX_CPUS CPUs, RAM layout unknown (nram = 0:
 * the checks against RAM are skipped), 4 KiB granule, 48-bit IPA, VMIDs up
 * to 255, 1024 interrupts, nothing owned by the hypervisor, no architecture
 * (layout NULL: the emulated windows and the interrupt range are not
 * checked). Every other check still applies.
 */
void mf_platform_default(struct mf_platform *p);

/* ---- The parsed manifest ----------------------------------------------- */

enum mf_access { MF_ACC_R = 1, MF_ACC_W = 2, MF_ACC_X = 4 };

enum mf_fault_policy { MF_FAULT_HALT, MF_FAULT_RESTART, MF_FAULT_RESET_SYSTEM };

enum mf_log_level { MF_LOG_ERROR, MF_LOG_WARN, MF_LOG_INFO, MF_LOG_DEBUG };

enum mf_privilege {
	MF_PRIV_READ_DIRTY_LOG = 1u << 0,	/* may read another partition's dirty log */
	MF_PRIV_STOP = 1u << 1,			/* may stop other partitions */
	MF_PRIV_RESTART = 1u << 2,		/* may restart other partitions */
	MF_PRIV_READ_STATS = 1u << 3,		/* may read other partitions' statistics */
};

/* A RAM region of a partition (node memory@<gpa>). */
struct mf_mem {
	uint64_t gpa;		/* guest-physical base, granule aligned */
	uint64_t size;		/* granule aligned, non-zero */
	uint64_t hpa;		/* host-physical base when fixed_hpa */
	bool fixed_hpa;		/* false: the hypervisor allocates the backing frames */
	bool lazy;		/* map on first touch instead of at creation */
	unsigned int access;	/* enum mf_access bits, at least R */
};

/* An image copied into partition memory before it starts (node image[-<name>]). */
struct mf_image {
	char name[MF_NAME_MAX];	/* the part after "image-", or "image" */
	uint64_t load;		/* guest-physical load address */
	const void *data;	/* points into the bundle (valid while the bundle is) */
	uint64_t size;		/* bytes, non-zero */
	uint32_t offset;	/* of data within the bundle */
};

/* A passthrough device (node device@<hpa>): MMIO range and interrupts. */
struct mf_device {
	uint64_t hpa;		/* host-physical base, granule aligned */
	uint64_t gpa;		/* where the partition sees it (= hpa unless guest-base) */
	uint64_t size;
	unsigned int nirqs;
	uint32_t irq[MF_MAX_DEV_IRQS];	/* host interrupts, delivered with the same number */
};

/* The partition's virtual console (node console). */
struct mf_console {
	bool present;
	bool has_base;
	uint64_t base;		/* guest-physical MMIO base of the virtual UART */
	bool has_irq;
	uint32_t irq;		/* its interrupt in the partition */
};

struct mf_partition {
	char name[MF_NAME_MAX];
	unsigned int nvcpus;
	uint32_t pcpu[MF_MAX_VCPUS];	/* vCPU i runs on physical CPU pcpu[i] */
	unsigned int vmid;		/* pinned VMID, 0 = allocated by the hypervisor */
	uint32_t time_slice_us;		/* 0 = runs alone on its CPUs */
	enum mf_fault_policy fault;
	unsigned int privileges;	/* enum mf_privilege bits */
	uint64_t entry;			/* guest-physical entry point, in X memory */
	unsigned int nboot_args;
	uint64_t boot_arg[MF_MAX_BOOT_ARGS];	/* first argument registers at entry */
	unsigned int ipa_bits;		/* guest-physical address size */
	unsigned int nmem;
	struct mf_mem mem[MF_MAX_MEM];
	unsigned int nimages;
	struct mf_image image[MF_MAX_IMAGES];
	unsigned int ndevices;
	struct mf_device dev[MF_MAX_DEVICES];
	struct mf_console console;
};

/* One partition's side of a shared channel. */
struct mf_peer {
	unsigned int part;	/* index into manifest.part[] */
	uint64_t gpa;		/* where this peer sees the channel */
	bool writable;
	bool has_doorbell;
	uint32_t doorbell;	/* interrupt this peer gets when another side rings */
};

/* A shared-memory channel (node /channels/<name>). */
struct mf_channel {
	char name[MF_NAME_MAX];
	uint64_t size;
	uint64_t hpa;
	bool fixed_hpa;
	unsigned int npeers;
	struct mf_peer peer[MF_MAX_PEERS];
};

struct manifest {
	unsigned int nparts;
	struct mf_partition part[MF_MAX_PARTITIONS];
	unsigned int nchannels;
	struct mf_channel chan[MF_MAX_CHANNELS];
	/* Global settings (node /hypervisor). */
	unsigned int console_input;	/* partition receiving console input first */
	enum mf_log_level log_level;
	uint32_t watchdog_ms;		/* 0 = no watchdog */
	const char *model;		/* root "model" (printable ASCII, in the bundle) or "" */
};

/*
 * Read and validate a bundle (size bytes at blob) against plat into *m.
 * errs receives every error found (it is reset first). Returns 0 when the
 * manifest is valid, or the number of errors (kept + dropped) otherwise; on
 * error *m is partially filled and must not be used. No allocation, no
 * recursion. Not reentrant: its working state (the bundle's node index and
 * the validator's scratch, ~3.5 KiB) is static rather than on the small
 * boot stack, so one call at a time: the boot CPU while boot is still
 * single-threaded, or a single-threaded host tool. m and errs belong to
 * the caller.
 */
unsigned int mf_load(struct manifest *m, const void *blob, size_t size,
		     const struct mf_platform *plat, struct mf_errors *errs) __must_check;

/* Index of the partition named name, or -1. */
int mf_find_partition(const struct manifest *m, const char *name);

/*
 * Print a valid manifest's summary (one line per partition, channel and
 * global setting, each starting "manifest: ") through out(ctx, line).
 */
void mf_summary(const struct manifest *m, void (*out)(void *ctx, const char *line), void *ctx);

/* Print every error (and a line counting dropped ones) through out(ctx, line). */
void mf_print_errors(const struct mf_errors *errs, void (*out)(void *ctx, const char *line), void *ctx);

/* ---- Platform description from a DTB (bulkhead-check --platform) ------- */

struct fdt;

/*
 * Fill *p from a platform device tree: RAM from memory nodes
 * (device_type = "memory"), CPUs from /cpus (device_type = "cpu"), hypervisor
 * memory from the reservation block and /reserved-memory, and from the
 * optional node /bulkhead-hypervisor the devices and interrupts the
 * hypervisor keeps ("devices", "irqs"), the limits "ipa-bits",
 * "vmid-max", "irq-limit" and the architecture "arch" (its emulated guest
 * windows, mf_arch_layout_find()). Other settings keep
 * mf_platform_default()'s values.
 * Returns 0, or -1 with a reason in why (why_len bytes).
 */
int mf_platform_from_fdt(struct mf_platform *p, const struct fdt *f, char *why, size_t why_len) __must_check;

/* ---- Boot -------------------------------------------------------------- */

struct boot_info;

/*
 * The platform as the boot code found it: CPUs present, RAM, reserved ranges
 * (image, DTB, bundle...), the devices and interrupts the hypervisor keeps,
 * and the IPA / VMID / interrupt limits where the architecture filled them
 * in (mf_platform_default()'s otherwise); granule 4 KiB; the emulated guest
 * windows of this hypervisor's architecture (by arch_name).
 */
void mf_platform_from_boot(struct mf_platform *p, const struct boot_info *bi);

/*
 * Boot CPU, once, from boot_main(): if the boot information names a bundle,
 * read and validate it into boot_manifest and print the summary; otherwise say
 * there is none. On any error, print every error and stop the machine with a
 * failure status (never returns then). Returns true if boot_manifest holds a
 * valid manifest, false if there is no bundle.
 */
bool mf_boot(const struct boot_info *bi);

/* The manifest read at boot (valid once mf_boot() returned true). */
extern struct manifest boot_manifest;

#endif
