// SPDX-License-Identifier: MIT
/*
 * The x86_64 boot CPU's C entry (from head.S, in long mode on the boot page
 * tables): brings up the console and the CPU's descriptor tables, parses the
 * Multiboot v1 or Multiboot2 information (boot/multiboot.c), builds the
 * memory map and the reservations (low memory, image, boot information, boot
 * bundle = first module), switches to the final W^X identity map, reads the
 * ACPI tables (CPUs, power-off), reports the virtualization features, and
 * hands struct boot_info to the generic boot_main().
 *
 * Debug option on the command line:
 * bulkhead.crashtest[=pf|wx|ro|nx|ud|stack|ap|ap-stack|ap-stall] takes the named
 * exception on purpose (ap*: on CPU 1; ap-stall: CPU 1 never reports in) so
 * the tests can see the crash dump and the SMP error path.
 */
#include <stdio.h>
#include <string.h>
#include "boot/bootinfo.h"
#include "boot/multiboot.h"
#include "hyp/arch.h"
#include "hyp/log.h"
#include "mm/addr.h"
#include "arch/x86/acpi.h"
#include "arch/x86/x86.h"

#define LOW_MEMORY_END	0x100000ull	/* real-mode IVT, BDA, EBDA, AP trampoline, BIOS */
#define PHYS_LIMIT	(1ull << 52)	/* architectural maximum physical address */
#define SZ_4G		(1ull << 32)

void x86_boot(uint32_t magic, uint32_t info_pa);

static struct boot_info x86_bi;
static struct mb_info mbi;

/* Value of option `name` in the command line: "" for a bare flag, NULL if absent. */
static const char *cmdline_option(const char *cmdline, const char *name, char *val, size_t vlen)
{
	size_t n = strlen(name);
	const char *p = cmdline;

	while (p && *p) {
		const char *end;

		while (*p == ' ')
			p++;
		end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) >= n && !strncmp(p, name, n) && (p[n] == '=' || p + n == end)) {
			size_t l = p + n == end ? 0 : (size_t)(end - p - n - 1);

			if (l >= vlen)
				l = vlen - 1;
			memcpy(val, p + n + (p + n == end ? 0 : 1), l);
			val[l] = 0;
			return val;
		}
		p = end;
	}
	return NULL;
}

/* Available RAM from the loader's map, shrunk to whole pages. */
static void build_memory_map(struct boot_info *bi, const struct mb_info *m)
{
	unsigned int i;

	if (m->has_mmap) {
		for (i = 0; i < m->nmmap; i++) {
			const struct mb_mmap_entry *e = &m->mmap[i];
			uint64_t b, end;

			if (e->type != MB_MEM_AVAILABLE || e->base >= PHYS_LIMIT)
				continue;
			end = e->size > PHYS_LIMIT - e->base ? PHYS_LIMIT : e->base + e->size;
			b = align_up(e->base, PAGE_SIZE);
			end = align_down(end, PAGE_SIZE);
			if (end <= b)
				continue;
			if (boot_add_mem(bi, b, end - b))
				log_printf("x86: memory map entry %u (0x%llx-0x%llx) overlaps another or the table is full: ignored\n",
					   i, (unsigned long long)b, (unsigned long long)(end - 1));
		}
		if (m->nmmap_dropped)
			log_printf("x86: %u memory map entries beyond %u ignored\n", m->nmmap_dropped, MB_MAX_MMAP);
	} else if (m->has_meminfo) {
		uint64_t lower = align_down((uint64_t)m->mem_lower_kib << 10, PAGE_SIZE);
		uint64_t upper = align_down((uint64_t)m->mem_upper_kib << 10, PAGE_SIZE);

		log_printf("x86: no memory map from the loader: using mem_lower %u KiB, mem_upper %u KiB\n",
			   m->mem_lower_kib, m->mem_upper_kib);
		if (lower > LOW_MEMORY_END)
			lower = LOW_MEMORY_END;
		/* Two ranges that cannot overlap or wrap: only size 0 fails, and is skipped. */
		if (lower && boot_add_mem(bi, 0, lower))
			fatal("x86: cannot record mem_lower");
		if (upper && boot_add_mem(bi, LOW_MEMORY_END, upper))
			fatal("x86: cannot record mem_upper");
	}
	if (!bi->nmem)
		fatal("multiboot: the loader passed no memory map and no memory information");
}

/* Drop RAM the identity map does not cover. */
static void clip_memory(struct boot_info *bi, uint64_t top)
{
	unsigned int i, j;
	uint64_t lost = 0;

	for (i = 0, j = 0; i < bi->nmem; i++) {
		struct boot_range r = bi->mem[i];

		if (r.base >= top) {
			lost += r.size;
			continue;
		}
		if (r.size > top - r.base) {
			lost += r.size - (top - r.base);
			r.size = top - r.base;
		}
		bi->mem[j++] = r;
	}
	bi->nmem = j;
	if (lost)
		log_printf("x86: %llu MiB of RAM above 0x%llx is not mapped (no 1 GiB pages?): unused\n",
			   (unsigned long long)(lost >> 20), (unsigned long long)top);
}

static void reserve(struct boot_info *bi, uint64_t base, uint64_t size, const char *what)
{
	if (boot_add_rsv(bi, base, size, what))
		fatal("boot: cannot reserve %s at 0x%llx (%llu bytes): table full or range wraps", what,
		      (unsigned long long)base, (unsigned long long)size);
}

/* [base, base + size) lies in the RAM ranges bi->mem (sorted, possibly adjacent). */
static bool range_in_ram(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	uint64_t cur = base, end = base + size;
	unsigned int i;

	if (!size || !range_ok(base, size))
		return false;
	for (i = 0; i < bi->nmem && cur < end; i++) {
		const struct boot_range *r = &bi->mem[i];

		if (r->base <= cur && cur - r->base < r->size)
			cur = r->base + r->size;
	}
	return cur >= end;
}

/*
 * The AP start page must be RAM that neither the boot information nor a
 * module occupies (all of low memory is reserved from the frame allocator,
 * so nothing else claims it later).
 */
static bool trampoline_page_free(const struct boot_info *bi, const struct mb_info *m)
{
	unsigned int i;

	if (!range_in_ram(bi, X86_TRAMPOLINE_PA, PAGE_SIZE))
		return false;
	for (i = 0; i < m->nused; i++)
		if (ranges_overlap(X86_TRAMPOLINE_PA, PAGE_SIZE, m->used[i].base, m->used[i].size))
			return false;
	for (i = 0; i < m->nmods; i++)
		if (ranges_overlap(X86_TRAMPOLINE_PA, PAGE_SIZE, m->mods[i].start, m->mods[i].end - m->mods[i].start))
			return false;
	return true;
}

static void find_bundle(struct boot_info *bi, const struct mb_info *m)
{
	const struct mb_module *mod = &m->mods[0];
	uint64_t size = mod->end - mod->start;
	unsigned int i;

	if (!m->nmods)
		return;
	for (i = 1; i < m->nmods; i++)
		log_printf("x86: module %u (%s) ignored: the boot bundle is module 0\n", i, mod[i].string);
	if (m->nmods_dropped)
		log_printf("x86: %u more modules ignored\n", m->nmods_dropped);
	if (!size) {
		log_printf("x86: module 0 (%s) is empty: no boot bundle\n", mod->string);
		return;
	}
	if (!range_in_ram(bi, mod->start, size))
		fatal("multiboot: module 0 (boot bundle) 0x%llx-0x%llx is not inside available RAM",
		      (unsigned long long)mod->start, (unsigned long long)(mod->end - 1));
	for (i = 0; i < bi->nrsv; i++)
		if (ranges_overlap(mod->start, size, bi->rsv[i].base, bi->rsv[i].size))
			fatal("multiboot: module 0 (boot bundle) 0x%llx-0x%llx overlaps the %s at 0x%llx-0x%llx",
			      (unsigned long long)mod->start, (unsigned long long)(mod->end - 1), bi->rsv[i].what,
			      (unsigned long long)bi->rsv[i].base,
			      (unsigned long long)(bi->rsv[i].base + bi->rsv[i].size - 1));
	bi->bundle = (struct boot_range){ mod->start, size };
	reserve(bi, mod->start, size, "bundle");
}

static void acpi_init(uint64_t rsdp_bios, uint64_t mapped_top)
{
	struct acpi_mem win = { PAGE_SIZE, mapped_top - PAGE_SIZE, PAGE_SIZE };
	const void *rsdp;
	char via[48];
	uint64_t len;
	int err;

	if (mbi.rsdp) {
		rsdp = mbi.rsdp;
		len = mbi.rsdp_len;
	} else if (rsdp_bios) {
		rsdp = (const void *)(uintptr_t)rsdp_bios;
		len = mapped_top - rsdp_bios;
	} else {
		log_printf("x86: ACPI: no RSDP (Multiboot2 tag or BIOS area): one CPU, no S5 power-off\n");
		return;
	}
	err = acpi_parse(&x86_acpi, &win, rsdp, len);
	if (err) {
		log_printf("x86: %s (%s): one CPU, no S5 power-off\n", x86_acpi.err, acpi_strerror(err));
		return;
	}
	x86_acpi_ok = true;
	if (mbi.rsdp)
		snprintf(via, sizeof(via), "the Multiboot2 RSDP tag %u", mbi.rsdp_tag);
	else
		snprintf(via, sizeof(via), "the BIOS-area RSDP at 0x%llx", (unsigned long long)rsdp_bios);
	log_printf("x86: ACPI %s via %s, %s; %s\n", x86_acpi.revision >= 2 ? "2.0+" : "1.0", via,
		   x86_acpi.xsdt ? "XSDT" : "RSDT",
		   x86_acpi.has_s5 ? "S5 power-off available" : x86_acpi.s5_note);
}

static void keep_device(struct boot_info *bi, uint64_t base, const char *what)
{
	if (!base || bi->nhyp_dev >= BOOT_MAX_HYP_DEV)
		return;
	bi->hyp_dev[bi->nhyp_dev++] = (struct boot_range){ align_down(base, PAGE_SIZE), PAGE_SIZE };
	log_printf("x86: the hypervisor keeps the %s at 0x%llx\n", what, (unsigned long long)base);
}

/*
 * What partitions may never be given: the interrupt controllers and the
 * HPET from ACPI, and the legacy interrupts of the PIT (0), the PIC cascade
 * (2) and COM1 (4), the hypervisor's console.
 */
static void keep_hyp_resources(struct boot_info *bi)
{
	static const uint32_t irqs[] = { 0, 2, 4 };
	unsigned int i;

	if (x86_acpi_ok) {
		keep_device(bi, x86_acpi.lapic_pa, "local APIC");
		for (i = 0; i < x86_acpi.nioapic; i++)
			keep_device(bi, x86_acpi.ioapic_pa[i], "I/O APIC");
		keep_device(bi, x86_acpi.hpet_pa, "HPET");
	}
	for (i = 0; i < ARRAY_SIZE(irqs); i++)
		bi->hyp_irq[bi->nhyp_irq++] = irqs[i];
}

static void crashtest(const char *kind)
{
	static uint8_t not_code[16] = { 0xc3 };	/* "ret", in a non-executable page */

	log_printf("x86: bulkhead.crashtest=%s: taking an exception on purpose\n", kind[0] ? kind : "pf");
	if (!strcmp(kind, "ap")) {
		x86_ap_test = X86_AP_TEST_FAULT;
		return;
	}
	if (!strcmp(kind, "ap-stack")) {
		x86_ap_test = X86_AP_TEST_STACK;
		return;
	}
	if (!strcmp(kind, "ap-stall")) {
		x86_ap_test = X86_AP_TEST_STALL;
		return;
	}
	if (!kind[0] || !strcmp(kind, "pf"))
		(void)*(volatile uint64_t *)(uintptr_t)((1ull << 46) + 0xdead000);
	else if (!strcmp(kind, "wx"))
		*(volatile uint8_t *)(uintptr_t)x86_boot = 0xcc;
	else if (!strcmp(kind, "ro"))
		*(volatile char *)(uintptr_t)arch_name = 'X';
	else if (!strcmp(kind, "nx"))
		((void (*)(void))(uintptr_t)not_code)();
	else if (!strcmp(kind, "ud"))
		__asm__ volatile("ud2");
	else if (!strcmp(kind, "stack"))
		__asm__ volatile("movq %0, %%rsp; pushq $0" :: "r"(x86_boot_stack_guard + PAGE_SIZE / 2) : "memory");
	log_printf("x86: bulkhead.crashtest=%s: unknown kind or no exception (use pf, wx, ro, nx, ud, stack, ap, ap-stack, ap-stall)\n", kind);
}

void x86_boot(uint32_t magic, uint32_t info_pa)
{
	struct boot_info *bi = &x86_bi;
	struct mb_mem win = { PAGE_SIZE, SZ_4G - PAGE_SIZE, PAGE_SIZE };	/* boot map: 4 GiB */
	struct acpi_mem low = { 0, LOW_MEMORY_END, 0 };
	uint64_t rsdp_bios = 0, mapped_top, image = (uintptr_t)__image_start;
	uint32_t r[4], bsp_apic_id;
	char opt[16];
	unsigned int i, asids;
	int err;

	x86_uart_init();
	x86_cpu_init(0, 0);
	x86_percpu[0].stack_lo = (uintptr_t)x86_boot_stack_guard + PAGE_SIZE;
	x86_percpu[0].stack_hi = (uintptr_t)x86_boot_stack_top;
	x86_uart_puts("\nbulkhead: x86_64 entry reached long mode\n");

	err = mb_parse(&mbi, &win, magic, info_pa);
	if (err)
		fatal("%s (%s)", mbi.err, mb_strerror(err));
	log_printf("x86: Multiboot%s information at 0x%x from %s: %u memory map entries, %u module(s)\n",
		   mbi.version == 1 ? " v1" : "2", info_pa, mbi.loader ? mbi.loader : "an unnamed loader",
		   mbi.nmmap, mbi.nmods + mbi.nmods_dropped);
	if (!mbi.rsdp && acpi_find_rsdp_bios(&low, &rsdp_bios))
		rsdp_bios = 0;	/* page 0 is unmapped from here on: look now */

	bi->mode = "long mode";
	bi->cmdline = mbi.cmdline ? mbi.cmdline : "";
	build_memory_map(bi, &mbi);

	cpuid(0x80000001, 0, r);
	mapped_top = x86_mmu_init(bi->mem, bi->nmem, r[3] & X86_CPUID_EXT_NX);
	clip_memory(bi, mapped_top);
	log_printf("x86: identity map up to 0x%llx: text RX, rodata R%s, data RW%s\n",
		   (unsigned long long)mapped_top, r[3] & X86_CPUID_EXT_NX ? "+NX" : "",
		   r[3] & X86_CPUID_EXT_NX ? "+NX" : " (no NX on this CPU)");

	reserve(bi, 0, LOW_MEMORY_END, "low memory");
	reserve(bi, image, (uintptr_t)__image_end - image, "image");
	for (i = 0; i < mbi.nused; i++)
		reserve(bi, mbi.used[i].base, mbi.used[i].size, "boot info");
	find_bundle(bi, &mbi);

	acpi_init(rsdp_bios, mapped_top);
	bi->cpus_present = x86_smp_probe(&bsp_apic_id, trampoline_page_free(bi, &mbi));
	x86_percpu[0].apic_id = bsp_apic_id;
	keep_hyp_resources(bi);
	asids = x86_cpu_features_log();
	/* ASID 0 is the host's: a partition may pin 1 .. asids - 1 (manifest vmid). */
	if (asids > 1)
		bi->vmid_max = asids - 1;

	if (cmdline_option(bi->cmdline, "bulkhead.crashtest", opt, sizeof(opt)))
		crashtest(opt);
	boot_main(bi);
}
