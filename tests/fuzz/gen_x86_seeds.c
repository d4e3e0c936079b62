// SPDX-License-Identifier: MIT
/*
 * Writes the seed inputs of the "multiboot" and "x86_acpi" fuzz targets
 * (input layouts in fuzz_multiboot.c and fuzz_x86_acpi.c): boot information
 * shaped like QEMU's Multiboot v1 and GRUB's Multiboot2, and ACPI tables
 * shaped like QEMU q35's (RSDT) and an ACPI 2.0 variant (XSDT), laid out
 * from the specifications' field tables.
 *
 *   gen_x86_seeds DIR     writes the .bin seeds under DIR/multiboot and DIR/x86_acpi
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t img[4096];

static void p32(size_t o, uint32_t v) { memcpy(img + o, &v, 4); }
static void p64(size_t o, uint64_t v) { memcpy(img + o, &v, 8); }
static void pstr(size_t o, const char *s) { memcpy(img + o, s, strlen(s) + 1); }

static void sum(size_t o, size_t n, size_t csum)
{
	uint8_t s = 0;
	size_t i;

	img[o + csum] = 0;
	for (i = 0; i < n; i++)
		s += img[o + i];
	img[o + csum] = (uint8_t)-s;
}

static void out(const char *dir, const char *name, uint8_t flags, uint32_t off, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(flags, f) == EOF || fwrite(&off, 4, 1, f) != 1 || fwrite(img, 1, n, f) != n ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

static const uint64_t e820[4][3] = {
	{ 0x0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 }, { 0x100000, 0x3fee0000, 1 }, { 0xfffc0000, 0x40000, 2 },
};

/* Multiboot v1 (spec 0.6.96, 3.3) at 0x100000 + offsets. */
static void mb1(const char *dir)
{
	const uint32_t B = 0x100000;
	size_t i;

	memset(img, 0, sizeof(img));
	p32(0x500, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
	p32(0x504, 639);
	p32(0x508, 1047424);
	p32(0x510, B + 0x600);
	pstr(0x600, "build/x86/bulkhead32.elf bulkhead.crashtest=ap");
	p32(0x514, 1);
	p32(0x518, B + 0x800);
	p32(0x800, 0x200000);
	p32(0x804, 0x2004bc);
	p32(0x808, B + 0x900);
	pstr(0x900, "build/x86/bundle.dtb");
	for (i = 0; i < 4; i++) {
		p32(0x700 + 24 * i, 20);
		p64(0x704 + 24 * i, e820[i][0]);
		p64(0x70c + 24 * i, e820[i][1]);
		p32(0x714 + 24 * i, (uint32_t)e820[i][2]);
	}
	p32(0x52c, 4 * 24);
	p32(0x530, B + 0x700);
	p32(0x540, B + 0xa00);
	pstr(0xa00, "qemu");
	out(dir, "multiboot/mb1-qemu.bin", 0, 0x500, 0xb00);
}

static size_t tag(size_t o, uint32_t type, const void *payload, uint32_t n)
{
	p32(o, type);
	p32(o + 4, 8 + n);
	memcpy(img + o + 8, payload, n);
	return (o + 8 + n + 7) & ~(size_t)7;
}

/* Multiboot2 (spec 2.0, 3.6) at 0x100000. */
static void mb2(const char *dir)
{
	uint8_t mod[32] = { 0 }, mm[8 + 4 * 24] = { 0 }, rsdp[20] = "RSD PTR ";
	uint32_t meminfo[2] = { 639, 1047424 }, v;
	size_t o = 8, i;

	memset(img, 0, sizeof(img));
	o = tag(o, 1, "bulkhead.test=mb2", 18);
	o = tag(o, 2, "GRUB 2.06", 10);
	v = 0x1c5000;
	memcpy(mod, &v, 4);
	v = 0x1c54bc;
	memcpy(mod + 4, &v, 4);
	memcpy(mod + 8, "bundle", 7);
	o = tag(o, 3, mod, 15);
	o = tag(o, 4, meminfo, 8);
	v = 24;
	memcpy(mm, &v, 4);
	for (i = 0; i < 4; i++) {
		memcpy(mm + 8 + 24 * i, &e820[i][0], 8);
		memcpy(mm + 16 + 24 * i, &e820[i][1], 8);
		v = (uint32_t)e820[i][2];
		memcpy(mm + 24 + 24 * i, &v, 4);
	}
	o = tag(o, 6, mm, sizeof(mm));
	o = tag(o, 14, rsdp, sizeof(rsdp));
	o = tag(o, 0, NULL, 0);
	p32(0, (uint32_t)o);
	out(dir, "multiboot/mb2-grub.bin", 1, 0, o);
}

static void hdr(size_t o, const char *sig, uint32_t n)
{
	memcpy(img + o, sig, 4);
	p32(o + 4, n);
	img[o + 8] = 1;
	memcpy(img + o + 10, "BOCHS ", 6);
}

/* ACPI 6.5 tables at 0xe0000 + offsets: FADT 0x100, MADT 0x200, HPET 0x300, DSDT 0x400. */
static void acpi(const char *dir, int xsdt)
{
	static const uint8_t s5[] = { 0x10, 0x05, '\\', '_', 'S', 'B', '_',
				      0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };
	const uint32_t B = 0xe0000;
	static const uint8_t ioapic[12] = { 1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0 };
	size_t i, m = 0x22c;

	memset(img, 0, sizeof(img));
	/* DSDT with \_S5 = Package(4) { 0, 0, 0, 0 } like QEMU's. */
	memcpy(img + 0x424, s5, sizeof(s5));
	hdr(0x400, "DSDT", 36 + sizeof(s5));
	sum(0x400, 36 + sizeof(s5), 9);
	/* FADT: DSDT, SMI_CMD, ACPI_ENABLE, PM1a_CNT, PM_TMR, flags. */
	p32(0x128, B + 0x400);
	p32(0x130, 0xb2);
	img[0x134] = 0xf1;
	p32(0x140, 0x604);
	p32(0x14c, 0x608);
	p32(0x170, 1u << 8);
	hdr(0x100, "FACP", 244);
	sum(0x100, 244, 9);
	/* MADT: local APIC at 0xfee00000, 4 CPUs, one I/O APIC. */
	p32(0x224, 0xfee00000);
	p32(0x228, 1);
	for (i = 0; i < 4; i++) {
		uint8_t e[8] = { 0, 8, (uint8_t)i, (uint8_t)i, 1, 0, 0, 0 };

		memcpy(img + m, e, 8);
		m += 8;
	}
	memcpy(img + m, ioapic, 12);
	m += 12;
	hdr(0x200, "APIC", (uint32_t)(m - 0x200));
	sum(0x200, m - 0x200, 9);
	/* HPET at 0xfed00000. */
	p64(0x32c, 0xfed00000);
	hdr(0x300, "HPET", 56);
	sum(0x300, 56, 9);
	/* Root table at 0x40 listing FADT, MADT, HPET. */
	if (xsdt) {
		p64(0x40 + 36, B + 0x100);
		p64(0x40 + 44, B + 0x200);
		p64(0x40 + 52, B + 0x300);
		hdr(0x40, "XSDT", 60);
		sum(0x40, 60, 9);
	} else {
		p32(0x40 + 36, B + 0x100);
		p32(0x40 + 40, B + 0x200);
		p32(0x40 + 44, B + 0x300);
		hdr(0x40, "RSDT", 48);
		sum(0x40, 48, 9);
	}
	/* RSDP at 0xe0000 (16-byte aligned: the BIOS-area scan finds it too). */
	memcpy(img, "RSD PTR ", 8);
	memcpy(img + 9, "BOCHS ", 6);
	if (xsdt) {
		img[15] = 2;
		p32(20, 36);
		p64(24, B + 0x40);
		sum(0, 20, 8);
		sum(0, 36, 32);
	} else {
		p32(16, B + 0x40);
		sum(0, 20, 8);
	}
	out(dir, xsdt ? "x86_acpi/acpi2-xsdt.bin" : "x86_acpi/qemu-q35-rsdt.bin", 0, 0, 0x500);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	mb1(argv[1]);
	mb2(argv[1]);
	acpi(argv[1], 0);
	acpi(argv[1], 1);
	return 0;
}
