/* SPDX-License-Identifier: MIT */
/*
 * Bulkhead's hypercall ABI and its dispatcher (docs/hypercalls.md).
 *
 * Calls follow the Arm SMC Calling Convention (DEN0028): SMC64 fast calls
 * in the Vendor Specific Hypervisor Service range (owning entity 6), so the
 * function ID is 0xC600_00nn; the same IDs and register roles are used on
 * every architecture (the arch maps them to its registers). Results: r0 is a
 * status (0 or a negative HC_E* code), r1-r3 are values.
 *
 * Everything a guest passes is checked: pointers and lengths against the
 * caller's own stage-2 mappings (part_guest_access), partition ids against
 * the table, privileges against the manifest. Bad arguments give an error
 * code; unknown IDs give HC_NOT_SUPPORTED. Nothing a guest passes reaches an
 * assertion.
 *
 * The structures written to guest memory use the architecture's natural
 * byte order (little-endian on arm64 and x86_64, big-endian on s390x).
 */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include "hyp/compiler.h"

struct vcpu;
struct vcpu_exit;

/* SMCCC: bit 31 fast call, bit 30 SMC64, bits 29:24 owning entity 6 (vendor hypervisor). */
#define HC_FID_BASE		0xC6000000u
#define HC_FID(n)		(HC_FID_BASE | (n))

#define HC_VERSION		HC_FID(0x00)	/* -> r1 = HC_ABI_VERSION */
#define HC_CONSOLE_WRITE	HC_FID(0x01)	/* a1 = gpa, a2 = len -> r1 = bytes written */
#define HC_PART_SELF		HC_FID(0x02)	/* -> r1 = own id, r2 = number of partitions */
#define HC_PART_INFO		HC_FID(0x03)	/* a1 = id, a2 = gpa, a3 = len -> struct hc_part_info */
#define HC_YIELD		HC_FID(0x04)	/* give up the rest of the time slice */
#define HC_PART_STOP		HC_FID(0x05)	/* a1 = id (privilege "stop" unless own id) */
#define HC_PART_RESTART		HC_FID(0x06)	/* a1 = id (privilege "restart" unless own id) */
#define HC_PART_STATS		HC_FID(0x07)	/* a1 = id, a2 = gpa, a3 = len -> struct hc_part_stats */
#define HC_DIRTY_START		HC_FID(0x08)	/* a1 = id, a2 = region gpa -> r1 = pages, r2 = HC_DIRTY_MODE_* */
#define HC_DIRTY_GET		HC_FID(0x09)	/* a1 = id, a2 = region gpa, a3 = gpa, a4 = len -> r1 = bytes */
#define HC_DIRTY_STOP		HC_FID(0x0A)	/* a1 = id, a2 = region gpa */
#define HC_CHANNEL_RING		HC_FID(0x0B)	/* a1 = channel id -> r1 = peers signalled */
#define HC_NCALLS		12

#define HC_ABI_VERSION		0x00010000u	/* major 1, minor 0 */

/* Status codes in r0 (SMCCC's where they exist). */
#define HC_OK			0
#define HC_NOT_SUPPORTED	(-1)	/* unknown function ID */
#define HC_INVALID		(-3)	/* a bad value: id, length over the maximum, buffer too small */
#define HC_DENIED		(-4)	/* the manifest does not grant the privilege */
#define HC_BAD_ADDRESS		(-5)	/* buffer not the caller's accessible RAM (unmapped, device, wraps) */
#define HC_BAD_STATE		(-6)	/* the target's state does not allow it */
#define HC_NO_MEMORY		(-7)	/* the hypervisor's frames ran out (nothing changed) */

#define HC_CONSOLE_MAX		4096	/* bytes per HC_CONSOLE_WRITE */

/* Partition states as reported in hc_part_info.state (= enum part_state). */
#define HC_STATE_EMPTY		0
#define HC_STATE_CREATED	1
#define HC_STATE_RUNNING	2
#define HC_STATE_HALTED		3
#define HC_STATE_CRASHED	4

/* HC_PART_INFO record (64 bytes). */
struct hc_part_info {
	uint32_t id;
	uint32_t state;		/* HC_STATE_* */
	uint32_t nvcpus;
	uint32_t privileges;	/* manifest privilege bits: 1 read-dirty-log, 2 stop, 4 restart, 8 read-stats */
	uint64_t restarts;
	char name[40];		/* NUL-terminated */
};

/* HC_PART_STATS record (96 bytes): exits by reason, then the sub-counters. */
struct hc_part_stats {
	uint64_t exits[8];	/* 0 hypercall, 1 stage-2 fault, 2 wfi, 3 timer, 4 irq, 5 system, 6 unknown, 7 (0) */
	uint64_t mmio;		/* emulated device accesses */
	uint64_t lazy_maps;	/* pages mapped on first touch */
	uint64_t wp_faults;	/* write-protect faults handed to dirty logging / page tracking */
	uint64_t aborts;	/* aborts injected */
};

_Static_assert(sizeof(struct hc_part_info) == 64, "hc_part_info is ABI");
_Static_assert(sizeof(struct hc_part_stats) == 96, "hc_part_stats is ABI");

/*
 * Dirty logging (HC_DIRTY_*): how the hypervisor learns about writes to a
 * logging region, reported in r2 of HC_DIRTY_START (= enum dirty_mode).
 */
#define HC_DIRTY_MODE_WP	1	/* stage-2 write protection, one fault per page and harvest */
#define HC_DIRTY_MODE_HW	2	/* hardware dirty state (arm64 DBM, NPT/EPT D bits), scanned */

/* What the run loop does after a hypercall. */
enum hc_action {
	HC_CONTINUE,	/* re-enter the guest */
	HC_RESCHED,	/* the vCPU yields its CPU */
};

/*
 * Handle the hypercall in x (x->hc) for v on v's CPU: perform it, write
 * x->hc.r[] and x->resume. Returns what the run loop does next.
 */
enum hc_action hc_dispatch(struct vcpu *v, struct vcpu_exit *x);

#endif
