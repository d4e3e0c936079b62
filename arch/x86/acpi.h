/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables the x86_64 boot needs (ACPI Specification 6.5): RSDP
 * (5.2.5), RSDT/XSDT (5.2.7, 5.2.8), MADT (5.2.12: local APIC, I/O APIC,
 * local APIC address override and local x2APIC entries), the HPET table
 * (IA-PC HPET specification 1.0a, 3.2.4), FADT (5.2.9: PM1 control
 * blocks, PM timer, SMI command port) and the \_S5 package in the DSDT
 * (7.4.2, 20.2 AML encoding). Pure C, no port or register access: reads go
 * through a window of readable physical memory, so the host tests run the
 * same code. Every table is checksum-verified and every length and offset
 * checked before use.
 */
#ifndef ARCH_X86_ACPI_H
#define ARCH_X86_ACPI_H

#include "hyp/compiler.h"

#define ACPI_MAX_CPUS		64	/* local APICs kept (more are counted) */
#define ACPI_MAX_IOAPICS	8	/* I/O APICs kept (more are ignored) */
#define ACPI_MAX_TABLES		256	/* RSDT/XSDT entries examined */
#define ACPI_TABLE_MAX		(16u << 20)	/* longest table accepted */
#define ACPI_RSDP_V1_LEN	20
#define ACPI_RSDP_V2_LEN	36

enum acpi_err {
	ACPI_OK = 0,
	ACPI_ERR_NORSDP,	/* no RSDP found */
	ACPI_ERR_UNREADABLE,	/* a table or pointer leaves the readable window */
	ACPI_ERR_CHECKSUM,	/* bytes do not sum to zero */
	ACPI_ERR_BADSIG,	/* signature is not what the pointer promised */
	ACPI_ERR_BADSIZE,	/* a length field is too small or too large */
	ACPI_ERR_BADMADT,	/* malformed MADT entry or duplicate APIC ID */
	ACPI_ERR_COUNT
};

/* A readable window of physical memory: [base, base + size) at va. */
struct acpi_mem {
	uint64_t base;
	uint64_t size;
	uintptr_t va;
};

struct acpi_cpu {
	uint32_t apic_id;
	uint32_t uid;		/* ACPI processor UID */
	bool x2apic;		/* from a local x2APIC entry */
};

struct acpi_info {
	uint64_t rsdp_pa;		/* 0 if the RSDP came from a copy (Multiboot2 tag) */
	unsigned int revision;		/* RSDP revision: 0 = ACPI 1.0, 2 = 2.0+ */
	bool xsdt;			/* root table is the XSDT (else the RSDT) */
	uint64_t root_pa;

	bool has_madt;
	uint64_t lapic_pa;		/* local APIC registers (override applied) */
	unsigned int ncpus;		/* enabled processors */
	unsigned int ncpus_dropped;	/* enabled processors beyond ACPI_MAX_CPUS */
	struct acpi_cpu cpus[ACPI_MAX_CPUS];
	unsigned int nioapic;
	uint64_t ioapic_pa[ACPI_MAX_IOAPICS];	/* I/O APIC registers */

	uint64_t hpet_pa;		/* HPET registers (memory space); 0 = none */

	bool has_fadt;
	uint32_t smi_cmd;		/* 0 = the system has no legacy mode switch */
	uint8_t acpi_enable;
	uint32_t pm1a_cnt, pm1b_cnt;	/* I/O ports; 0 = absent */
	uint32_t pm_tmr;		/* I/O port; 0 = absent */
	bool pm_tmr_32bit;		/* FADT flag TMR_VAL_EXT */

	bool has_s5;			/* \_S5 found in the DSDT */
	uint8_t s5_typa, s5_typb;	/* SLP_TYPa / SLP_TYPb for S5 (3 bits each) */
	char s5_note[96];		/* why has_s5 is false, if it is */

	char err[160];			/* on failure: which table, which field, why */
};

/* Short fixed description of an acpi_err. */
const char *acpi_strerror(int err);

/*
 * Check an RSDP of len readable bytes: signature, ACPI 1.0 checksum, and for
 * revision >= 2 its length field and extended checksum. 0 or an acpi_err.
 */
int acpi_rsdp_check(const void *rsdp, uint64_t len) __must_check;

/*
 * Find the RSDP the way the ACPI spec (5.2.5.1) says for legacy BIOS
 * systems: the first KiB of the EBDA (segment at physical 0x40E), then
 * 0xE0000-0xFFFFF, on 16-byte boundaries. Returns 0 and *pa, or
 * ACPI_ERR_NORSDP.
 */
int acpi_find_rsdp_bios(const struct acpi_mem *mem, uint64_t *pa) __must_check;

/*
 * Parse the tables reachable from an RSDP (rsdp: len readable bytes, a copy
 * or mapped memory): root table, MADT, FADT, DSDT \_S5. Fills *out (zeroed
 * first). A missing MADT or FADT is not an error (has_madt / has_fadt stay
 * false); a malformed one is. Returns 0 or an acpi_err with out->err set.
 */
int acpi_parse(struct acpi_info *out, const struct acpi_mem *mem, const void *rsdp, uint64_t len) __must_check;

#endif
