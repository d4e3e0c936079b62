// SPDX-License-Identifier: MIT
/*
 * Host tests of arch/x86/acpi.c. Tables are laid out here from the ACPI 6.5
 * field tables (RSDP 5.2.5.3, header 5.2.6, RSDT/XSDT 5.2.7-8, FADT 5.2.9,
 * MADT 5.2.12, AML 20.2) with their own checksum code, independent of the
 * parser; the tests check what the parser extracts, the exact acpi_err for
 * each hostile input, and (by random mutation) that no table makes it read
 * outside its window.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "arch/x86/acpi.h"

#define PA_BASE	0xe0000ull
#define MEMSZ	0x20000

#define RSDP_PA	(PA_BASE + 0x15000)	/* 0xf5000: inside the BIOS scan area */
#define RSDT_PA	(PA_BASE + 0x1000)
#define XSDT_PA	(PA_BASE + 0x1100)
#define MADT_PA	(PA_BASE + 0x2000)
#define FADT_PA	(PA_BASE + 0x3000)
#define DSDT_PA	(PA_BASE + 0x4000)
#define OTHER_PA (PA_BASE + 0x5000)

static uint8_t *mem;
static struct acpi_mem win;
static struct acpi_info ai;

static int setup(void **state)
{
	mem = calloc(1, MEMSZ);
	win = (struct acpi_mem){ PA_BASE, MEMSZ, (uintptr_t)mem };
	return mem ? 0 : -1;
}

static int teardown(void **state)
{
	free(mem);
	return 0;
}

static uint8_t *at(uint64_t pa) { return mem + (pa - PA_BASE); }
static void put32(uint64_t pa, uint32_t v) { memcpy(at(pa), &v, 4); }
static void put64(uint64_t pa, uint64_t v) { memcpy(at(pa), &v, 8); }

/* Set byte `csum_off` so that bytes [0, len) of the structure at pa sum to 0. */
static void fix_sum(uint64_t pa, uint32_t len, uint32_t csum_off)
{
	uint32_t s = 0, i;

	at(pa)[csum_off] = 0;
	for (i = 0; i < len; i++)
		s += at(pa)[i];
	at(pa)[csum_off] = (uint8_t)(0x100 - (s & 0xff));
}

static void header(uint64_t pa, const char *sig, uint32_t len)
{
	memcpy(at(pa), sig, 4);
	put32(pa + 4, len);
	at(pa)[8] = 1;
	memcpy(at(pa) + 10, "BHTEST", 6);
}

static void seal(uint64_t pa)
{
	uint32_t len;

	memcpy(&len, at(pa) + 4, 4);
	if (len >= 10 && len <= MEMSZ - (pa - PA_BASE))	/* a mutated length may be anything */
		fix_sum(pa, len, 9);
}

static void rsdp(int rev, uint64_t rsdt, uint64_t xsdt)
{
	memcpy(at(RSDP_PA), "RSD PTR ", 8);
	memcpy(at(RSDP_PA) + 9, "BHTEST", 6);
	at(RSDP_PA)[15] = (uint8_t)rev;
	put32(RSDP_PA + 16, (uint32_t)rsdt);
	if (rev >= 2) {
		put32(RSDP_PA + 20, 36);
		put64(RSDP_PA + 24, xsdt);
		fix_sum(RSDP_PA, 20, 8);
		fix_sum(RSDP_PA, 36, 32);
	} else {
		fix_sum(RSDP_PA, 20, 8);
	}
}

static uint32_t madt_off;

static void madt_begin(uint32_t lapic)
{
	put32(MADT_PA + 36, lapic);
	put32(MADT_PA + 40, 1);		/* PCAT_COMPAT */
	madt_off = 44;
}

static void madt_entry(const uint8_t *e, uint8_t len)
{
	memcpy(at(MADT_PA) + madt_off, e, len);
	madt_off += len;
}

static void madt_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { 0, 8, uid, id };

	memcpy(e + 4, &flags, 4);
	madt_entry(e, 8);
}

static void madt_x2apic(uint32_t id, uint32_t flags, uint32_t uid)
{
	uint8_t e[16] = { 9, 16 };

	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(e + 12, &uid, 4);
	madt_entry(e, 16);
}

static void madt_end(void)
{
	header(MADT_PA, "APIC", madt_off);
	seal(MADT_PA);
}

/* AML: Name(\_S5, Package(4) { a, b, 0, 0 }) with a and b encoded as given. */
static const uint8_t aml_prefix[] = { 0x10, 0x05, '\\', '_', 'S', 'B', '_' };	/* unrelated scope bytes */
static const uint8_t aml_s5[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x0a, 0x04,
				  0x0a, 0x05, 0x0a, 0x06, 0x00, 0x00 };

static void dsdt(const uint8_t *body, uint32_t len)
{
	memcpy(at(DSDT_PA) + 36, body, len);
	header(DSDT_PA, "DSDT", 36 + len);
	seal(DSDT_PA);
}

static void fadt(uint32_t len)
{
	memset(at(FADT_PA), 0, 276);
	put32(FADT_PA + 40, (uint32_t)DSDT_PA);
	put32(FADT_PA + 48, 0xb2);		/* SMI_CMD */
	at(FADT_PA)[52] = 0xf1;			/* ACPI_ENABLE */
	put32(FADT_PA + 64, 0x604);		/* PM1a_CNT_BLK */
	put32(FADT_PA + 76, 0x608);		/* PM_TMR_BLK */
	put32(FADT_PA + 112, 1u << 8);		/* TMR_VAL_EXT */
	header(FADT_PA, "FACP", len);
	seal(FADT_PA);
}

static void root(bool x, unsigned int n, const uint64_t *pas)
{
	uint64_t pa = x ? XSDT_PA : RSDT_PA;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (x)
			put64(pa + 36 + 8 * i, pas[i]);
		else
			put32(pa + 36 + 4 * i, (uint32_t)pas[i]);
	}
	header(pa, x ? "XSDT" : "RSDT", 36 + n * (x ? 8 : 4));
	seal(pa);
}

/* A QEMU-like platform: 4 CPUs, one disabled; FADT; DSDT with \_S5. */
static void build(bool xsdt)
{
	uint64_t tables[3] = { OTHER_PA, FADT_PA, MADT_PA };

	memset(mem, 0, MEMSZ);
	header(OTHER_PA, "HPET", 56);
	put64(OTHER_PA + 44, 0xfed00000);	/* base address, GAS in memory space (id 0) */
	seal(OTHER_PA);
	madt_begin(0xfee00000);
	madt_entry((const uint8_t[]){ 1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0 }, 12);	/* I/O APIC */
	madt_lapic(0, 0, 1);
	madt_lapic(1, 2, 1);
	madt_lapic(2, 4, 0);		/* disabled: not a CPU to start */
	madt_lapic(3, 6, 3);
	madt_end();
	{
		uint8_t body[sizeof(aml_prefix) + sizeof(aml_s5)];

		memcpy(body, aml_prefix, sizeof(aml_prefix));
		memcpy(body + sizeof(aml_prefix), aml_s5, sizeof(aml_s5));
		dsdt(body, sizeof(body));
	}
	fadt(244);
	root(xsdt, 3, tables);
	rsdp(xsdt ? 2 : 0, RSDT_PA, xsdt ? XSDT_PA : 0);
}

static int parse(void)
{
	return acpi_parse(&ai, &win, at(RSDP_PA), 36);
}

static void test_rsdt_platform(void **state)
{
	build(false);
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.revision, 0);
	assert_false(ai.xsdt);
	assert_int_equal(ai.root_pa, RSDT_PA);
	assert_true(ai.has_madt);
	assert_int_equal(ai.lapic_pa, 0xfee00000);
	assert_int_equal(ai.ncpus, 3);
	assert_int_equal(ai.cpus[0].apic_id, 0);
	assert_int_equal(ai.cpus[1].apic_id, 2);
	assert_int_equal(ai.cpus[2].apic_id, 6);
	assert_int_equal(ai.cpus[2].uid, 3);
	assert_int_equal(ai.nioapic, 1);
	assert_int_equal(ai.ioapic_pa[0], 0xfec00000);
	assert_int_equal(ai.hpet_pa, 0xfed00000);
	assert_true(ai.has_fadt);
	assert_int_equal(ai.pm1a_cnt, 0x604);
	assert_int_equal(ai.pm1b_cnt, 0);
	assert_int_equal(ai.pm_tmr, 0x608);
	assert_true(ai.pm_tmr_32bit);
	assert_int_equal(ai.smi_cmd, 0xb2);
	assert_int_equal(ai.acpi_enable, 0xf1);
	assert_true(ai.has_s5);
	assert_int_equal(ai.s5_typa, 5);
	assert_int_equal(ai.s5_typb, 6);
}

static void test_xsdt_and_override(void **state)
{
	uint8_t ovr[12] = { 5, 12 };
	uint64_t hi = 0x1fee00000ull;

	build(true);
	memcpy(ovr + 4, &hi, 8);
	madt_off = (uint32_t)(44 + 12 + 4 * 8);
	madt_entry(ovr, 12);
	madt_x2apic(300, 1, 9);		/* needs x2APIC */
	madt_x2apic(2, 1, 1);		/* duplicate of an xAPIC entry: ignored */
	madt_end();
	root(true, 3, (uint64_t[]){ OTHER_PA, FADT_PA, MADT_PA });
	assert_int_equal(parse(), ACPI_OK);
	assert_true(ai.xsdt);
	assert_int_equal(ai.revision, 2);
	assert_int_equal(ai.lapic_pa, hi);
	assert_int_equal(ai.ncpus, 4);
	assert_int_equal(ai.cpus[3].apic_id, 300);
	assert_true(ai.cpus[3].x2apic);
	assert_int_equal(ai.cpus[3].uid, 9);
}

static void test_find_rsdp_bios(void **state)
{
	struct acpi_mem low;
	uint8_t *lowmem = calloc(1, 0x100000);
	uint64_t pa = 0;

	assert_non_null(lowmem);
	low = (struct acpi_mem){ 0, 0x100000, (uintptr_t)lowmem };
	assert_int_equal(acpi_find_rsdp_bios(&low, &pa), ACPI_ERR_NORSDP);

	/* In the BIOS area, 16-byte aligned. */
	build(false);
	memcpy(lowmem + RSDP_PA, at(RSDP_PA), 20);
	assert_int_equal(acpi_find_rsdp_bios(&low, &pa), ACPI_OK);
	assert_int_equal(pa, RSDP_PA);

	/* A copy in the EBDA (segment at 0x40e) is found first. */
	lowmem[0x40e] = 0x00;
	lowmem[0x40f] = 0x9f;		/* segment 0x9f00: EBDA at 0x9f000 */
	memcpy(lowmem + 0x9f010, at(RSDP_PA), 20);
	assert_int_equal(acpi_find_rsdp_bios(&low, &pa), ACPI_OK);
	assert_int_equal(pa, 0x9f010);

	/* A bad checksum is not an RSDP; misaligned copies are not looked at. */
	lowmem[0x9f010 + 8] ^= 1;
	memset(lowmem + RSDP_PA, 0, 20);
	memcpy(lowmem + 0xf0008, at(RSDP_PA), 20);
	assert_int_equal(acpi_find_rsdp_bios(&low, &pa), ACPI_ERR_NORSDP);
	free(lowmem);
}

static void test_rsdp_hostile(void **state)
{
	build(true);
	assert_int_equal(acpi_rsdp_check(at(RSDP_PA), 19), ACPI_ERR_BADSIZE);
	assert_int_equal(acpi_rsdp_check(at(RSDP_PA), 30), ACPI_ERR_BADSIZE);	/* v2 needs 36 */
	at(RSDP_PA)[0] = 'X';
	assert_int_equal(parse(), ACPI_ERR_BADSIG);
	build(true);
	at(RSDP_PA)[16] ^= 0x10;		/* v1 checksum broken */
	assert_int_equal(parse(), ACPI_ERR_CHECKSUM);
	build(true);
	at(RSDP_PA)[30] ^= 0x10;		/* extended checksum broken */
	assert_int_equal(parse(), ACPI_ERR_CHECKSUM);
	build(true);
	put32(RSDP_PA + 20, 4000);		/* length beyond what is readable */
	fix_sum(RSDP_PA, 20, 8);
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);
}

static void test_root_hostile(void **state)
{
	build(false);
	put32(RSDP_PA + 16, 0x1000);		/* RSDT outside the window */
	fix_sum(RSDP_PA, 20, 8);
	assert_int_equal(parse(), ACPI_ERR_UNREADABLE);
	assert_non_null(strstr(ai.err, "RSDT"));

	build(false);
	put32(RSDP_PA + 16, (uint32_t)MADT_PA);	/* points at the wrong table */
	fix_sum(RSDP_PA, 20, 8);
	assert_int_equal(parse(), ACPI_ERR_BADSIG);

	build(false);
	put32(RSDT_PA + 4, 20);			/* shorter than a header */
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);
	build(false);
	put32(RSDT_PA + 4, 0x7fffffff);		/* longer than ACPI_TABLE_MAX */
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);
	build(false);
	put32(RSDT_PA + 4, MEMSZ);		/* runs off the window */
	assert_int_equal(parse(), ACPI_ERR_UNREADABLE);
	build(false);
	at(RSDT_PA)[20] ^= 1;			/* checksum */
	assert_int_equal(parse(), ACPI_ERR_CHECKSUM);

	build(false);
	root(false, 3, (uint64_t[]){ OTHER_PA, 0xfffffff0, MADT_PA });
	assert_int_equal(parse(), ACPI_ERR_UNREADABLE);
	assert_non_null(strstr(ai.err, "entry 1"));
}

static void test_madt_hostile(void **state)
{
	build(false);
	madt_begin(0xfee00000);
	madt_entry((const uint8_t[]){ 0, 0 }, 2);	/* length 0 would loop forever */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	madt_begin(0xfee00000);
	madt_lapic(0, 0, 1);
	madt_entry((const uint8_t[]){ 0, 40, 1, 1 }, 4);	/* runs past the table */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	madt_begin(0xfee00000);
	madt_entry((const uint8_t[]){ 0, 6, 1, 1, 1, 0 }, 6);	/* local APIC entry too short */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	madt_begin(0xfee00000);
	madt_lapic(0, 3, 1);
	madt_lapic(1, 3, 1);			/* same APIC ID twice */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);
	assert_non_null(strstr(ai.err, "APIC ID 3"));

	build(false);
	madt_begin(0xfee00000);
	madt_lapic(0, 0, 1);
	madt_entry((const uint8_t[]){ 0x7f }, 1);	/* truncated entry header */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	madt_begin(0xfee00000);
	madt_entry((const uint8_t[]){ 1, 8, 0, 0, 0, 0, 0xc0, 0xfe }, 8);	/* I/O APIC entry too short */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	madt_begin(0xfee00000);
	madt_entry((const uint8_t[]){ 5, 8, 0, 0, 0, 0, 0, 0 }, 8);	/* override too short */
	madt_end();
	assert_int_equal(parse(), ACPI_ERR_BADMADT);

	build(false);
	header(MADT_PA, "APIC", 40);		/* shorter than the MADT's fixed part */
	seal(MADT_PA);
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);

	build(false);
	at(MADT_PA)[50] ^= 0x40;		/* checksum */
	assert_int_equal(parse(), ACPI_ERR_CHECKSUM);
}

static void test_madt_many_cpus(void **state)
{
	unsigned int i;

	build(false);
	madt_begin(0xfee00000);
	for (i = 0; i < ACPI_MAX_CPUS + 3; i++)
		madt_x2apic(i, 1, i);
	madt_end();
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.ncpus, ACPI_MAX_CPUS);
	assert_int_equal(ai.ncpus_dropped, 3);
}

static void test_fadt_and_s5(void **state)
{
	/* ACPI 1.0 FADT (116 bytes): no X_ fields, 24-bit timer. */
	build(false);
	fadt(116);
	put32(FADT_PA + 112, 0);
	header(FADT_PA, "FACP", 116);
	seal(FADT_PA);
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.pm1a_cnt, 0x604);
	assert_true(ai.has_s5);

	/* Too short to hold PM_TMR_BLK. */
	build(false);
	header(FADT_PA, "FACP", 60);
	seal(FADT_PA);
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);

	/* PM1a only in the 64-bit GAS form; X_DSDT wins over DSDT. */
	build(false);
	fadt(244);
	put32(FADT_PA + 64, 0);
	at(FADT_PA)[172] = 1;			/* SystemIO */
	put64(FADT_PA + 176, 0x1004);
	put32(FADT_PA + 40, 0x12345678);	/* bogus 32-bit DSDT: ignored */
	put64(FADT_PA + 140, DSDT_PA);
	seal(FADT_PA);
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.pm1a_cnt, 0x1004);
	assert_true(ai.has_s5);

	/* A GAS in memory space is not a port. */
	build(false);
	put32(FADT_PA + 64, 0);
	at(FADT_PA)[172] = 0;
	put64(FADT_PA + 176, 0xfed00000);
	seal(FADT_PA);
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.pm1a_cnt, 0);

	/* DSDT with a bad checksum is an error. */
	build(false);
	at(DSDT_PA)[40] ^= 1;
	assert_int_equal(parse(), ACPI_ERR_CHECKSUM);
	assert_non_null(strstr(ai.err, "DSDT"));
}

static void test_s5_encodings(void **state)
{
	/* ZeroOp / OneOp elements, multi-byte PkgLength, no root prefix. */
	const uint8_t a[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x41, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00 };
	/* "_S5_" inside another name or not followed by a package: not the object. */
	const uint8_t b[] = { 0x14, '_', 'S', '5', '_', 0x00, 0x08, 'X', '_', 'S', '5', '_', 0x0a, 0x03 };
	/* Package elements that are not small integers. */
	const uint8_t c[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x0b, 0x34, 0x12, 0x00 };
	/* Truncated right after the package opcode. */
	const uint8_t d[] = { 0x08, '_', 'S', '5', '_', 0x12 };

	build(false);
	dsdt(a, sizeof(a));
	assert_int_equal(parse(), ACPI_OK);
	assert_true(ai.has_s5);
	assert_int_equal(ai.s5_typa, 1);
	assert_int_equal(ai.s5_typb, 0);

	build(false);
	dsdt(b, sizeof(b));
	assert_int_equal(parse(), ACPI_OK);
	assert_false(ai.has_s5);
	assert_non_null(strstr(ai.s5_note, "no \\_S5"));

	build(false);
	dsdt(c, sizeof(c));
	assert_int_equal(parse(), ACPI_OK);
	assert_false(ai.has_s5);
	assert_non_null(strstr(ai.s5_note, "SLP_TYPa"));

	build(false);
	dsdt(d, sizeof(d));
	assert_int_equal(parse(), ACPI_OK);
	assert_false(ai.has_s5);
}

static void test_hpet_hostile(void **state)
{
	build(false);
	header(OTHER_PA, "HPET", 44);		/* too short for its base address */
	seal(OTHER_PA);
	assert_int_equal(parse(), ACPI_ERR_BADSIZE);
	assert_non_null(strstr(ai.err, "HPET"));

	build(false);
	at(OTHER_PA)[40] = 1;			/* base in I/O space: not a memory range */
	seal(OTHER_PA);
	assert_int_equal(parse(), ACPI_OK);
	assert_int_equal(ai.hpet_pa, 0);
}

static void test_no_madt_no_fadt(void **state)
{
	build(false);
	root(false, 1, (uint64_t[]){ OTHER_PA });
	assert_int_equal(parse(), ACPI_OK);
	assert_false(ai.has_madt);
	assert_false(ai.has_fadt);
	assert_false(ai.has_s5);
	assert_string_equal(ai.s5_note, "no FADT");
	assert_string_equal(acpi_strerror(ACPI_ERR_CHECKSUM), "bad checksum");
}

/* Random byte changes in every table: defined result, no read outside the window (ASan). */
static void test_mutations(void **state)
{
	static const uint64_t targets[] = { RSDT_PA, MADT_PA, FADT_PA, DSDT_PA, RSDP_PA, OTHER_PA };
	unsigned int iter, k, ok = 0, bad = 0;

	srand(4242);
	for (iter = 0; iter < 20000; iter++) {
		uint64_t t = targets[iter % ARRAY_SIZE(targets)];
		int err;

		build(iter & 8);
		for (k = 0; k < 1 + (unsigned int)rand() % 4; k++)
			at(t)[rand() % 0x60] = (uint8_t)rand();
		if (rand() & 1)
			seal(t == RSDP_PA ? RSDT_PA : t);	/* keep checksums right half the time */
		err = parse();
		assert_true(err >= ACPI_OK && err < ACPI_ERR_COUNT);
		assert_true(ai.ncpus <= ACPI_MAX_CPUS);
		if (err) {
			assert_true(ai.err[0] != 0);
			bad++;
		} else {
			ok++;
		}
	}
	assert_true(ok > 100 && bad > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdt_platform),
		cmocka_unit_test(test_xsdt_and_override),
		cmocka_unit_test(test_find_rsdp_bios),
		cmocka_unit_test(test_rsdp_hostile),
		cmocka_unit_test(test_root_hostile),
		cmocka_unit_test(test_madt_hostile),
		cmocka_unit_test(test_madt_many_cpus),
		cmocka_unit_test(test_fadt_and_s5),
		cmocka_unit_test(test_s5_encodings),
		cmocka_unit_test(test_hpet_hostile),
		cmocka_unit_test(test_no_madt_no_fadt),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
