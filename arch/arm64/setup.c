// SPDX-License-Identifier: MIT
/*
 * The boot CPU's C entry on arm64 (from head.S, which has built the EL2
 * tables, turned the MMU on and cleared .bss): report any problem with the
 * EL2 tables or the DTB pointer, parse the DTB into struct boot_info, map
 * RAM, and hand over to the generic boot_main(). Also the arm64 command-line
 * options (bulkhead.partitions=off reaches hyp/part_boot.c through
 * arch_part_boot_veto) and the messages for being entered at the wrong
 * exception level.
 *
 * Nothing before the MMU is on may take a lock or print through
 * log_printf(): exclusives need normal cacheable memory, which needs the
 * MMU. Problems found that early (arm64_mmu_early() in head.S) are recorded
 * and reported here.
 */
#include <stdio.h>
#include <string.h>
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/arch_vcpu.h"
#include "hyp/log.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/hyp_mmu.h"
#include "arch/arm64/vcpu_arm64.h"

struct arm64_options arm64_opt;

const char *arch_part_boot_veto(void)
{
	return arm64_opt.no_partitions ? "bulkhead.partitions=off" : NULL;
}

static struct boot_info boot_info;

/* Does the word [w, w + n) equal key? */
static bool word_is(const char *w, size_t n, const char *key)
{
	return strlen(key) == n && !strncmp(w, key, n);
}

void arm64_parse_cmdline(const char *cmdline)
{
	static const char crash[] = "bulkhead.crashtest";
	const char *p = cmdline;

	while (*p) {
		const char *w;
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - w);
		if (!n)
			break;
		if (word_is(w, n, "bulkhead.exit=semihosting"))
			arm64_opt.semihosting_exit = true;
		else if (word_is(w, n, "bulkhead.partitions=off"))
			arm64_opt.no_partitions = true;
		else if (word_is(w, n, "bulkhead.guest-pmu=on"))
			arm64_opt.guest_pmu = true;
		else if (n > 19 && n <= 21 && !strncmp(w, "bulkhead.vmid-bits=", 19)) {
			unsigned int b = 0;

			for (size_t k = 19; k < n && w[k] >= '0' && w[k] <= '9'; k++)
				b = b * 10 + (unsigned int)(w[k] - '0');
			if (b >= 1 && b <= 16)
				arm64_opt.vmid_bits = b;
		}
		else if (word_is(w, n, crash))
			arm64_opt.crashtest = "read";
		else if (n > sizeof(crash) && !strncmp(w, crash, sizeof(crash) - 1) &&
			 w[sizeof(crash) - 1] == '=') {
			const char *kind = w + sizeof(crash);

			if (!strncmp(kind, "write-text", 10) && n == sizeof(crash) + 10)
				arm64_opt.crashtest = "write-text";
			else if (!strncmp(kind, "exec-data", 9) && n == sizeof(crash) + 9)
				arm64_opt.crashtest = "exec-data";
			else if (!strncmp(kind, "secondary", 9) && n == sizeof(crash) + 9)
				arm64_opt.crashtest = "secondary";
			else if (!strncmp(kind, "stack", 5) && n == sizeof(crash) + 5)
				arm64_opt.crashtest = "stack";
			else
				arm64_opt.crashtest = "read";
		}
	}
}

static void report_dtb_pointer(const struct arm64_mmu_early *st)
{
	switch (st->dtb_err) {
	case ARM64_DTB_OK:
		return;
	case ARM64_DTB_NULL:
		fatal("no DTB: the loader passed x0 = 0 (boot with a DTB, e.g. QEMU -kernel or booti)");
	case ARM64_DTB_MISALIGNED:
		fatal("DTB pointer 0x%llx is not 8-byte aligned", (unsigned long long)st->dtb);
	case ARM64_DTB_OUT_OF_RANGE:
		fatal("DTB pointer 0x%llx is beyond the CPU's %u-bit physical address space",
		      (unsigned long long)st->dtb, st->pa_bits);
	case ARM64_DTB_IN_IMAGE:
		fatal("DTB at 0x%llx overlaps the hypervisor image", (unsigned long long)st->dtb);
	case ARM64_DTB_TOO_BIG:
		fatal("DTB at 0x%llx: totalsize %llu exceeds the 2 MiB limit", (unsigned long long)st->dtb,
		      (unsigned long long)st->dtb_size);
	case ARM64_DTB_UNMAPPABLE:
		fatal("DTB at 0x%llx: cannot map it (conflicts with another mapping)",
		      (unsigned long long)st->dtb);
	}
	fatal("DTB pointer 0x%llx: unknown problem", (unsigned long long)st->dtb);
}

static void log_hyp_resources(const struct boot_info *bi)
{
	char irqs[80] = "";
	size_t n = 0;
	unsigned int i;

	for (i = 0; i < bi->nhyp_irq && n < sizeof(irqs); i++)
		n += (size_t)snprintf(irqs + n, sizeof(irqs) - n, " %u", bi->hyp_irq[i]);
	log_printf("hypervisor keeps: %u device range(s), interrupts%s\n", bi->nhyp_dev,
		   bi->nhyp_irq ? irqs : " none");
}

void arm64_boot_c(uint64_t dtb)
{
	const struct arm64_mmu_early *st = &arm64_mmu_early_state;
	struct boot_info *bi = &boot_info;

	/* head.S left the MMU off if arm64_mmu_early() failed. */
	if (st->map_err) {
		/* Without our own tables there is no safe way to take a lock: print raw. */
		hyp_unmap_all();
		arm64_console_puts_raw("bulkhead: fatal: cannot build the EL2 page tables for the image\n");
		arch_stop(1);
	}

	report_dtb_pointer(st);
	arm64_dtb_parse((const void *)(uintptr_t)dtb, st->win_end - dtb, bi);
	arm64_mmu_map_ram(bi);
	/* What partitions may ask for (the manifest is checked against it). */
	bi->ipa_bits_max = st->pa_bits;
	bi->vmid_max = (1u << arm64_vmid_bits_probe(arm64_opt.vmid_bits)) - 1;
	log_printf("platform: %s; %u-bit PA; GICv3 dist 0x%llx redist 0x%llx; EL2 tables: %u pool pages free\n",
		   arm64_plat.model, st->pa_bits, (unsigned long long)arm64_plat.gicd_base,
		   (unsigned long long)arm64_plat.gicr_base, hyp_mmu_pool_free());
	log_hyp_resources(bi);
	bi->mode = "EL2";
	boot_main(bi);
}

/* PSCI SYSTEM_OFF by HVC, for an image entered at EL1 (the DTB is not read). */
static void el1_system_off(void)
{
	register uint64_t x0 __asm__("x0") = 0x84000008u;	/* PSCI SYSTEM_OFF */

	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			 "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
}

void arm64_wrong_el(uint64_t el)
{
	arm64_console_puts_raw("bulkhead: fatal: entered at EL");
	arch_console_putc((char)('0' + (el & 3)));
	arm64_console_puts_raw(", but the hypervisor must be started at EL2; powering off\n");
	if (el == 1) {
		/*
		 * An EL1 kernel reaches PSCI through HVC (QEMU without
		 * virtualization=on answers it); if nothing answers, the
		 * exception lands in the parking vectors.
		 */
		write_sysreg(vbar_el1, (uint64_t)(uintptr_t)arm64_el1_park_vectors);
		isb();
		el1_system_off();
	}
	for (;;)
		__asm__ volatile("wfi");
}
