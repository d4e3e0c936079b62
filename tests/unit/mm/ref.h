/* SPDX-License-Identifier: MIT */
/*
 * Independent reference walkers, one per table format, written from the
 * architecture manuals' translation rules. They share no code with the
 * engine (mm/pt.c) or the formats (arch/<a>/pt_*.c): they start from the
 * register value the hardware would be given and read simulated physical
 * memory directly. Permissions come back in the generic PT_R/W/X/DEV/DIRTY
 * form so the tests can compare them with a flat model.
 */
#ifndef TESTS_REF_H
#define TESTS_REF_H

#include <stdbool.h>
#include <stdint.h>

/* What the hardware is configured with. */
struct ref_ctx {
	uint64_t reg;		/* VTTBR_EL2, nCR3, EPTP, ASCE, or the fake root */
	uint64_t reg2;		/* VTCR_EL2 (arm64); unused elsewhere */
	unsigned feat;		/* REF_F_* */
};

#define REF_F_HWDIRTY	(1u << 0)	/* arm64 HD, EPT A/D (from EPTP), NPT always */
#define REF_F_EDAT1	(1u << 1)	/* s390 EDAT-1 */

enum ref_status {
	REF_OK = 0,
	REF_FAULT,		/* translation fault: nothing mapped */
	REF_PERM,		/* permission fault on access */
	REF_BAD,		/* malformed tables: reserved bits, misconfiguration */
};

struct ref_res {
	uint64_t pa;
	unsigned prot;		/* PT_R/W/X/DEV/DIRTY */
	uint64_t size;		/* leaf size */
	const char *why;	/* for REF_BAD / faults */
};

struct ref_leaf {
	uint64_t va, size, pa;
	unsigned prot;
};

typedef void (*ref_leaf_fn)(void *arg, const struct ref_leaf *l);

struct ref_fmt {
	const char *name;
	/* Translate ia without side effects. */
	enum ref_status (*translate)(const struct ref_ctx *c, uint64_t ia, struct ref_res *r);
	/* A guest access (PT_R, PT_W or PT_X): as hardware, setting A/D/DBM state. */
	enum ref_status (*access)(const struct ref_ctx *c, uint64_t ia, unsigned acc, struct ref_res *r);
	/*
	 * Every leaf in address order; returns the number of tables reached (root
	 * included), or -1 after a malformed entry (why in *why).
	 */
	long (*dump)(const struct ref_ctx *c, ref_leaf_fn fn, void *arg, const char **why);
};

extern const struct ref_fmt ref_arm64;
extern const struct ref_fmt ref_npt;
extern const struct ref_fmt ref_ept;
extern const struct ref_fmt ref_s390;

/* Read / write a 64-bit word of simulated physical memory (big-endian for s390). */
uint64_t ref_read64(uint64_t pa);
bool ref_cas64(uint64_t pa, uint64_t old, uint64_t new);

#endif
