// SPDX-License-Identifier: MIT
/*
 * ACPI table parsing for the x86_64 boot (see acpi.h). Owns every read of
 * firmware tables: a table is first mapped for its 36-byte header, then for
 * the length the header claims (bounded by ACPI_TABLE_MAX), checksummed, and
 * only then read, each field only if the table's length covers it. Fields
 * are read with memcpy so misaligned tables cannot fault.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arch/x86/acpi.h"

#define HDR_LEN		36	/* System Description Table Header (5.2.6) */

static const char *const acpi_err_names[ACPI_ERR_COUNT] = {
	[ACPI_OK] = "ok",
	[ACPI_ERR_NORSDP] = "no RSDP",
	[ACPI_ERR_UNREADABLE] = "outside readable memory",
	[ACPI_ERR_CHECKSUM] = "bad checksum",
	[ACPI_ERR_BADSIG] = "bad signature",
	[ACPI_ERR_BADSIZE] = "bad length",
	[ACPI_ERR_BADMADT] = "bad MADT",
};

const char *acpi_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= ACPI_ERR_COUNT)
		return "unknown error";
	return acpi_err_names[err];
}

static int fail(struct acpi_info *out, int err, const char *fmt, ...) __printf(3, 4);

static int fail(struct acpi_info *out, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->err, sizeof(out->err), fmt, ap);
	va_end(ap);
	return err;
}

static uint16_t rd16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static const uint8_t *acpi_map(const struct acpi_mem *mem, uint64_t pa, uint64_t len)
{
	if (pa < mem->base || len > mem->size || pa - mem->base > mem->size - len)
		return NULL;
	return (const uint8_t *)(mem->va + (uintptr_t)(pa - mem->base));
}

static uint8_t sum8(const uint8_t *p, uint64_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

int acpi_rsdp_check(const void *rsdp, uint64_t len)
{
	const uint8_t *p = rsdp;
	uint32_t xlen;

	if (len < ACPI_RSDP_V1_LEN)
		return ACPI_ERR_BADSIZE;
	if (memcmp(p, "RSD PTR ", 8))
		return ACPI_ERR_BADSIG;
	if (sum8(p, ACPI_RSDP_V1_LEN))
		return ACPI_ERR_CHECKSUM;
	if (p[15] < 2)
		return ACPI_OK;
	if (len < ACPI_RSDP_V2_LEN)
		return ACPI_ERR_BADSIZE;
	xlen = rd32(p + 20);
	if (xlen < ACPI_RSDP_V2_LEN || xlen > len)
		return ACPI_ERR_BADSIZE;
	return sum8(p, xlen) ? ACPI_ERR_CHECKSUM : ACPI_OK;
}

static bool scan_rsdp(const struct acpi_mem *mem, uint64_t start, uint64_t len, uint64_t *pa)
{
	uint64_t a;

	for (a = start; a + ACPI_RSDP_V1_LEN <= start + len; a += 16) {
		const uint8_t *p = acpi_map(mem, a, ACPI_RSDP_V1_LEN);
		uint64_t avail;

		if (!p)
			continue;
		avail = mem->size - (a - mem->base);
		if (acpi_rsdp_check(p, avail > 4096 ? 4096 : avail) == ACPI_OK) {
			*pa = a;
			return true;
		}
	}
	return false;
}

int acpi_find_rsdp_bios(const struct acpi_mem *mem, uint64_t *pa)
{
	const uint8_t *bda = acpi_map(mem, 0x40e, 2);

	if (bda) {
		uint64_t ebda = (uint64_t)rd16(bda) << 4;

		/* A sane EBDA lies just below the 640 KiB line. */
		if (ebda >= 0x80000 && ebda < 0xa0000 && scan_rsdp(mem, ebda, 1024, pa))
			return ACPI_OK;
	}
	return scan_rsdp(mem, 0xe0000, 0x20000, pa) ? ACPI_OK : ACPI_ERR_NORSDP;
}

/*
 * Map a whole table at pa: header readable, signature (if sig), length
 * within HDR_LEN..ACPI_TABLE_MAX and readable, checksum zero.
 */
static int map_table(struct acpi_info *out, const struct acpi_mem *mem, uint64_t pa,
		     const char *sig, const char *what, const uint8_t **tp, uint32_t *lenp)
{
	const uint8_t *t = acpi_map(mem, pa, HDR_LEN);
	uint32_t len;

	if (!t)
		return fail(out, ACPI_ERR_UNREADABLE, "ACPI: %s at 0x%llx is outside readable memory",
			    what, (unsigned long long)pa);
	if (sig && memcmp(t, sig, 4))
		return fail(out, ACPI_ERR_BADSIG, "ACPI: %s at 0x%llx: signature '%.4s' is not '%s'",
			    what, (unsigned long long)pa, (const char *)t, sig);
	len = rd32(t + 4);
	if (len < HDR_LEN || len > ACPI_TABLE_MAX)
		return fail(out, ACPI_ERR_BADSIZE, "ACPI: %s at 0x%llx: length %u (need %u..%u)",
			    what, (unsigned long long)pa, len, HDR_LEN, ACPI_TABLE_MAX);
	t = acpi_map(mem, pa, len);
	if (!t)
		return fail(out, ACPI_ERR_UNREADABLE, "ACPI: %s at 0x%llx: length %u runs outside readable memory",
			    what, (unsigned long long)pa, len);
	if (sum8(t, len))
		return fail(out, ACPI_ERR_CHECKSUM, "ACPI: %s at 0x%llx: checksum does not sum to zero",
			    what, (unsigned long long)pa);
	*tp = t;
	*lenp = len;
	return ACPI_OK;
}

/* ---- MADT (5.2.12) ---- */

#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_LAPIC_OVERRIDE	5
#define MADT_X2APIC		9
#define MADT_CPU_ENABLED	1u

static bool have_apic_id(const struct acpi_info *out, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < out->ncpus; i++)
		if (out->cpus[i].apic_id == id)
			return true;
	return false;
}

static void add_cpu(struct acpi_info *out, uint32_t apic_id, uint32_t uid, bool x2apic)
{
	if (out->ncpus == ACPI_MAX_CPUS) {
		out->ncpus_dropped++;
		return;
	}
	out->cpus[out->ncpus++] = (struct acpi_cpu){ apic_id, uid, x2apic };
}

static int parse_madt(struct acpi_info *out, const uint8_t *t, uint32_t len)
{
	uint32_t off = 44, idx = 0;

	if (len < 44)
		return fail(out, ACPI_ERR_BADSIZE, "ACPI: MADT length %u, need 44", len);
	out->lapic_pa = rd32(t + 36);
	while (off < len) {
		uint8_t type, elen;

		if (len - off < 2)
			return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u at offset %u: truncated header", idx, off);
		type = t[off];
		elen = t[off + 1];
		if (elen < 2 || elen > len - off)
			return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u (type %u) at offset %u: length %u (need 2..%u)",
				    idx, type, off, elen, len - off);
		switch (type) {
		case MADT_LAPIC:
			if (elen < 8)
				return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u: local APIC entry length %u, need 8", idx, elen);
			if (!(rd32(t + off + 4) & MADT_CPU_ENABLED))
				break;
			if (have_apic_id(out, t[off + 3]))
				return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u: APIC ID %u listed twice", idx, t[off + 3]);
			add_cpu(out, t[off + 3], t[off + 2], false);
			break;
		case MADT_IOAPIC:
			if (elen < 12)
				return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u: I/O APIC entry length %u, need 12", idx, elen);
			if (out->nioapic < ACPI_MAX_IOAPICS)
				out->ioapic_pa[out->nioapic++] = rd32(t + off + 4);
			break;
		case MADT_LAPIC_OVERRIDE:
			if (elen < 12)
				return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u: APIC address override length %u, need 12", idx, elen);
			out->lapic_pa = rd64(t + off + 4);
			break;
		case MADT_X2APIC:
			if (elen < 16)
				return fail(out, ACPI_ERR_BADMADT, "ACPI: MADT entry %u: local x2APIC entry length %u, need 16", idx, elen);
			/* Firmware may list a CPU both ways; the xAPIC entry wins. */
			if (!(rd32(t + off + 8) & MADT_CPU_ENABLED) || have_apic_id(out, rd32(t + off + 4)))
				break;
			add_cpu(out, rd32(t + off + 4), rd32(t + off + 12), true);
			break;
		default:
			break;
		}
		off += elen;
		idx++;
	}
	out->has_madt = true;
	return ACPI_OK;
}

/* ---- FADT (5.2.9) and \_S5 ---- */

#define FADT_DSDT		40
#define FADT_SMI_CMD		48
#define FADT_ACPI_ENABLE	52
#define FADT_PM1A_CNT		64
#define FADT_PM1B_CNT		68
#define FADT_PM_TMR		76
#define FADT_FLAGS		112
#define FADT_X_DSDT		140
#define FADT_X_PM1A_CNT		172	/* Generic Address Structures (5.2.3.2), 12 bytes */
#define FADT_X_PM1B_CNT		184
#define FADT_X_PM_TMR		208
#define FADT_TMR_VAL_EXT	(1u << 8)
#define GAS_SYSTEM_IO		1

/* A 32-bit I/O port field, or its 64-bit GAS counterpart when the first is 0. */
static uint32_t fadt_port(const uint8_t *t, uint32_t len, uint32_t off, uint32_t xoff)
{
	uint32_t port = len >= off + 4 ? rd32(t + off) : 0;

	if (!port && len >= xoff + 12 && t[xoff] == GAS_SYSTEM_IO && rd64(t + xoff + 4) <= 0xffff)
		port = (uint32_t)rd64(t + xoff + 4);
	return port <= 0xffff ? port : 0;
}

/* One element of the \_S5 package: a byte-sized integer. */
static bool aml_small_int(const uint8_t *p, uint32_t avail, uint8_t *v, uint32_t *used)
{
	if (avail < 1)
		return false;
	switch (p[0]) {
	case 0x00:		/* ZeroOp */
	case 0x01:		/* OneOp */
		*v = p[0];
		*used = 1;
		return true;
	case 0x0a:		/* BytePrefix */
		if (avail < 2)
			return false;
		*v = p[1];
		*used = 2;
		return true;
	default:
		return false;
	}
}

/*
 * \_S5 is "Name(_S5, Package(n) { SLP_TYPa, SLP_TYPb, ... })": NameOp (0x08),
 * optional root prefix, "_S5_", PackageOp (0x12), PkgLength (1-4 bytes),
 * NumElements, then the integers. Found by a bounded byte search, as a full
 * AML interpreter is not needed to power off.
 */
static void find_s5(struct acpi_info *out, const uint8_t *t, uint32_t len)
{
	uint32_t i;

	for (i = HDR_LEN + 1; i + 4 <= len; i++) {
		uint32_t j, used;
		uint8_t a, b;

		if (memcmp(t + i, "_S5_", 4))
			continue;
		if (t[i - 1] != 0x08 && !(t[i - 1] == '\\' && i >= HDR_LEN + 2 && t[i - 2] == 0x08))
			continue;
		j = i + 4;
		if (j >= len || t[j] != 0x12)
			continue;
		j++;
		if (j >= len)
			break;
		j += 1 + (t[j] >> 6);		/* PkgLength: lead byte + 0..3 bytes */
		j++;				/* NumElements */
		if (j >= len)
			break;
		if (!aml_small_int(t + j, len - j, &a, &used)) {
			snprintf(out->s5_note, sizeof(out->s5_note), "\\_S5 SLP_TYPa is not a small integer");
			return;
		}
		j += used;
		if (!aml_small_int(t + j, len - j, &b, &used))
			b = a;
		out->s5_typa = a & 7;
		out->s5_typb = b & 7;
		out->has_s5 = true;
		return;
	}
	snprintf(out->s5_note, sizeof(out->s5_note), "no \\_S5 package in the DSDT");
}

static int parse_fadt(struct acpi_info *out, const struct acpi_mem *mem, const uint8_t *t, uint32_t len)
{
	const uint8_t *dsdt;
	uint64_t dsdt_pa = 0;
	uint32_t dlen;
	int err;

	if (len < FADT_PM_TMR + 4)
		return fail(out, ACPI_ERR_BADSIZE, "ACPI: FADT length %u, need at least %u", len, FADT_PM_TMR + 4);
	out->has_fadt = true;
	out->smi_cmd = rd32(t + FADT_SMI_CMD);
	out->acpi_enable = t[FADT_ACPI_ENABLE];
	out->pm1a_cnt = fadt_port(t, len, FADT_PM1A_CNT, FADT_X_PM1A_CNT);
	out->pm1b_cnt = fadt_port(t, len, FADT_PM1B_CNT, FADT_X_PM1B_CNT);
	out->pm_tmr = fadt_port(t, len, FADT_PM_TMR, FADT_X_PM_TMR);
	out->pm_tmr_32bit = len >= FADT_FLAGS + 4 && (rd32(t + FADT_FLAGS) & FADT_TMR_VAL_EXT);
	if (out->smi_cmd > 0xffff)
		out->smi_cmd = 0;

	if (len >= FADT_X_DSDT + 8)
		dsdt_pa = rd64(t + FADT_X_DSDT);
	if (!dsdt_pa)
		dsdt_pa = rd32(t + FADT_DSDT);
	if (!dsdt_pa) {
		snprintf(out->s5_note, sizeof(out->s5_note), "the FADT names no DSDT");
		return ACPI_OK;
	}
	err = map_table(out, mem, dsdt_pa, "DSDT", "DSDT", &dsdt, &dlen);
	if (err)
		return err;
	find_s5(out, dsdt, dlen);
	return ACPI_OK;
}

int acpi_parse(struct acpi_info *out, const struct acpi_mem *mem, const void *rsdp, uint64_t len)
{
	const uint8_t *p = rsdp, *root;
	uint32_t rlen, esize, n, i;
	bool seen_madt = false, seen_fadt = false, seen_hpet = false;
	int err;

	memset(out, 0, sizeof(*out));
	err = acpi_rsdp_check(rsdp, len);
	if (err)
		return fail(out, err, "ACPI: RSDP: %s", acpi_strerror(err));
	out->revision = p[15];
	if (out->revision >= 2 && rd64(p + 24)) {
		out->xsdt = true;
		out->root_pa = rd64(p + 24);
	} else {
		out->root_pa = rd32(p + 16);
	}
	err = map_table(out, mem, out->root_pa, out->xsdt ? "XSDT" : "RSDT", out->xsdt ? "XSDT" : "RSDT",
			&root, &rlen);
	if (err)
		return err;
	esize = out->xsdt ? 8 : 4;
	n = (rlen - HDR_LEN) / esize;
	if (n > ACPI_MAX_TABLES)
		return fail(out, ACPI_ERR_BADSIZE, "ACPI: %s lists %u tables (more than %u)",
			    out->xsdt ? "XSDT" : "RSDT", n, ACPI_MAX_TABLES);
	for (i = 0; i < n; i++) {
		const uint8_t *e = root + HDR_LEN + i * esize;
		uint64_t pa = out->xsdt ? rd64(e) : rd32(e);
		const uint8_t *hdr = acpi_map(mem, pa, HDR_LEN), *t;
		char what[32];
		uint32_t tlen;

		if (!hdr)
			return fail(out, ACPI_ERR_UNREADABLE, "ACPI: %s entry %u: table at 0x%llx is outside readable memory",
				    out->xsdt ? "XSDT" : "RSDT", i, (unsigned long long)pa);
		if (!memcmp(hdr, "APIC", 4) && !seen_madt) {
			seen_madt = true;
			snprintf(what, sizeof(what), "MADT (entry %u)", i);
			err = map_table(out, mem, pa, "APIC", what, &t, &tlen);
			if (!err)
				err = parse_madt(out, t, tlen);
		} else if (!memcmp(hdr, "HPET", 4) && !seen_hpet) {
			seen_hpet = true;
			snprintf(what, sizeof(what), "HPET (entry %u)", i);
			err = map_table(out, mem, pa, "HPET", what, &t, &tlen);
			if (!err && tlen < 56)
				err = fail(out, ACPI_ERR_BADSIZE, "ACPI: %s: length %u, need 56", what, tlen);
			/* Base address: a Generic Address Structure at 40; memory space only. */
			if (!err && t[40] == 0)
				out->hpet_pa = rd64(t + 44);
		} else if (!memcmp(hdr, "FACP", 4) && !seen_fadt) {
			seen_fadt = true;
			snprintf(what, sizeof(what), "FADT (entry %u)", i);
			err = map_table(out, mem, pa, "FACP", what, &t, &tlen);
			if (!err)
				err = parse_fadt(out, mem, t, tlen);
		}
		if (err)
			return err;
	}
	if (!out->has_fadt && !out->s5_note[0])
		snprintf(out->s5_note, sizeof(out->s5_note), "no FADT");
	return ACPI_OK;
}
