// SPDX-License-Identifier: MIT
/*
 * s390x boot: from the first C instruction of the boot CPU to boot_main().
 * Starts the SCLP console, reads the machine configuration from the SCLP
 * (storage size, CPUs), takes the command line and the boot bundle from the
 * IPL parameter area QEMU's loader filled (entry.S), checks the facilities
 * the hypervisor depends on (EDAT-1 for 1 MiB mappings, SIE for guests) and
 * says honestly when one is missing, then fills struct boot_info.
 *
 * Nothing from the loader is trusted: the command line must be terminated
 * inside its area, the bundle must lie in storage and clear of the image and
 * the lowcore, and the SCLP's answers are bounds-checked (parse.c).
 */
#include <string.h>
#include "arch/s390/s390.h"
#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/log.h"

#define CMDLINE_AREA_SIZE	(0x1000 - 0x480)	/* 0x10480-0x10fff, entry.S */

/* Linux's struct parmarea layout at 0x10400 (entry.S). */
struct parmarea {
	uint64_t ipl_device;
	uint64_t initrd_start;
	uint64_t initrd_size;
	uint64_t oldmem_base;
	uint64_t oldmem_size;
	uint64_t kernel_version;
	uint64_t max_command_line_size;
};

extern char __image_start[], __image_end[];
extern volatile struct parmarea s390_parmarea;
extern volatile char s390_cmdline_area[CMDLINE_AREA_SIZE];

static struct boot_info bi;
static struct sclp_info sclp;
static char cmdline[CMDLINE_AREA_SIZE];
static uint8_t sysib[4096] __aligned(4096);

void s390_install_new_psws(void *lowcore)
{
	memcpy((uint8_t *)lowcore + LC_RESTART_NEW_PSW, s390_new_psws, LC_NEW_PSWS_SIZE);
}

static void take_cmdline(void)
{
	size_t i;

	for (i = 0; i < CMDLINE_AREA_SIZE && s390_cmdline_area[i]; i++) {
		char c = s390_cmdline_area[i];

		/* Printable ASCII only: the line goes to the console as it is. */
		cmdline[i] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	if (i == CMDLINE_AREA_SIZE) {
		log_printf("s390: command line not terminated in its %u-byte area: ignored\n",
			   CMDLINE_AREA_SIZE);
		i = 0;
	}
	cmdline[i] = '\0';
	bi.cmdline = cmdline;
	if (i)
		log_printf("s390: command line: %lu bytes from the IPL parameter area\n", (unsigned long)i);
}

/* STORE SYSTEM INFORMATION into sysib; returns the condition code. */
static int stsi(unsigned int fc, unsigned int sel1, unsigned int sel2)
{
	register uint64_t r0 __asm__("0") = ((uint64_t)fc << 28) | sel1;
	register uint64_t r1 __asm__("1") = sel2;
	int cc;

	__asm__ volatile("stsi	0(%[sysib])\n\t"
			 "ipm	%[cc]\n\t"
			 "srl	%[cc],28"
			 : [cc] "=&d"(cc), "+d"(r0)
			 : "d"(r1), [sysib] "a"(sysib)
			 : "cc", "memory");
	return cc;
}

/* EBCDIC (code page 037) letters, digits and a few signs to ASCII; others '?'. */
static char ebcdic_to_ascii(uint8_t c)
{
	if (c >= 0xc1 && c <= 0xc9)
		return (char)('A' + c - 0xc1);
	if (c >= 0xd1 && c <= 0xd9)
		return (char)('J' + c - 0xd1);
	if (c >= 0xe2 && c <= 0xe9)
		return (char)('S' + c - 0xe2);
	if (c >= 0x81 && c <= 0x89)
		return (char)('a' + c - 0x81);
	if (c >= 0x91 && c <= 0x99)
		return (char)('j' + c - 0x91);
	if (c >= 0xa2 && c <= 0xa9)
		return (char)('s' + c - 0xa2);
	if (c >= 0xf0 && c <= 0xf9)
		return (char)('0' + c - 0xf0);
	switch (c) {
	case 0x40: return ' ';
	case 0x4b: return '.';
	case 0x60: return '-';
	case 0x61: return '/';
	case 0x6d: return '_';
	default: return '?';
	}
}

static void sysib_string(char *out, size_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = ebcdic_to_ascii(sysib[off + i]);
	while (i > 0 && out[i - 1] == ' ')
		i--;
	out[i] = '\0';
}

/*
 * Who provides this machine: STSI 1.1.1 (manufacturer, type) and, inside a
 * virtual machine, 3.2.2 (the VM's name and its hypervisor's control-program
 * id). Returns true for QEMU's emulator (TCG): it reports manufacturer
 * "QEMU" and names the VM "TCGguest", while under KVM STSI 1.1.1 shows the
 * real machine.
 */
static bool describe_machine(void)
{
	char manuf[17] = "", type[5] = "", cpi[17] = "", name[9] = "";
	bool vm = false, tcg;

	if (stsi(1, 1, 1) == 0) {
		sysib_string(manuf, 32, 16);
		sysib_string(type, 48, 4);
	}
	if (stsi(3, 2, 2) == 0 && (sysib[31] & 0x0f) > 0) {
		sysib_string(name, 32 + 12, 8);	/* vm[0].name */
		sysib_string(cpi, 32 + 24, 16);	/* vm[0].cpi */
		vm = true;
	}
	tcg = !strcmp(manuf, "QEMU") || !strcmp(name, "TCGguest");
	log_printf("s390: machine %s %s%s%s%s%s%s\n", manuf[0] ? manuf : "?", type[0] ? type : "?",
		   vm ? ", virtual machine " : "", vm ? name : "", vm ? " under " : "", vm ? cpi : "",
		   tcg ? " (QEMU TCG emulation)" : "");
	return tcg;
}

static void check_facilities(const struct sclp_cpu *boot_cpu, bool tcg)
{
	s390_facilities_init();
	if (!s390_has_facility(2))
		fatal("s390: z/Architecture (facility 2) is not active");
	log_printf("s390: STFLE facilities 0-63: 0x%016llx\n", (unsigned long long)s390_facility_word(0));
	log_printf("s390: EDAT-1 (facility 8, 1 MiB segments): %s; EDAT-2 (facility 78): %s\n",
		   s390_has_facility(8) ? "present" : "absent: 4 KiB pages only",
		   s390_has_facility(78) ? "present" : "absent");
	/*
	 * SIE is not a facility bit: the SCLP says per CPU whether the SIE
	 * interpretation facility 2 is installed (what Linux's KVM requires).
	 * Never issue SIE to find out: under TCG it is an operation exception.
	 */
	if (boot_cpu && boot_cpu->sief2)
		log_printf("s390: SIE available (SCLP SIEF2)\n");
	else
		log_printf("s390: SIE not available (%s): guests cannot run here\n",
			   tcg ? "TCG" : "SCLP reports no SIEF2");
}

static void check_bundle(void)
{
	uint64_t start = s390_parmarea.initrd_start, size = s390_parmarea.initrd_size;
	uint64_t img = (uint64_t)(uintptr_t)__image_start;
	uint64_t img_size = (uint64_t)(uintptr_t)__image_end - img;

	if (!size)
		return;
	if (!range_ok(start, size) || start + size > sclp.mem_size) {
		log_printf("s390: boot bundle 0x%llx+0x%llx lies outside storage (%llu MiB): ignored\n",
			   (unsigned long long)start, (unsigned long long)size,
			   (unsigned long long)(sclp.mem_size >> 20));
		return;
	}
	if (ranges_overlap(start, size, img, img_size) || ranges_overlap(start, size, 0, LC_SIZE)) {
		log_printf("s390: boot bundle 0x%llx+0x%llx overlaps the image or the lowcore: ignored\n",
			   (unsigned long long)start, (unsigned long long)size);
		return;
	}
	if (boot_add_rsv(&bi, start, size, "bundle"))
		fatal("s390: too many reserved ranges");
	bi.bundle = (struct boot_range){ start, size };
}

static const struct sclp_cpu *find_cpu(uint16_t addr)
{
	unsigned int i;

	for (i = 0; i < sclp.ncpus; i++)
		if (sclp.cpu[i].addr == addr)
			return &sclp.cpu[i];
	return NULL;
}

/*
 * crashtest=dat: DAT on with a one-page segment table (z/Architecture PoP,
 * "Dynamic Address Translation") whose segment 0 maps the first MiB 1:1
 * through one page table and whose other segments are invalid, then a load
 * from 0x180000 (segment 1): segment-translation exception 0x0010 with the
 * address in the translation-exception identification. The tables sit in
 * the free pages right after the image (nothing is allocated yet).
 */
static void crashtest_dat(void)
{
	uint64_t end = align_up((uint64_t)(uintptr_t)__image_end, 4096);
	uint64_t *st = (uint64_t *)(uintptr_t)end;		/* 512 entries: TL = 0 */
	uint64_t *pt = (uint64_t *)(uintptr_t)(end + 4096);	/* 256 entries, 2 KiB */
	uint64_t asce = end;	/* designation type 0 (segment table), length 0 */
	uint8_t old_mask;
	unsigned int i;

	if (end + 2 * 4096 > (1u << 20))
		fatal("s390: bulkhead.crashtest=dat needs the image below 1 MiB");
	for (i = 0; i < 512; i++)
		st[i] = 0x20;				/* segment invalid */
	for (i = 0; i < 256; i++)
		pt[i] = (uint64_t)i << 12;		/* page valid, 1:1 */
	st[0] = (uint64_t)(uintptr_t)pt;		/* page-table origin, valid */
	log_printf("s390: DAT on, loading from 0x180000 (invalid segment 1)\n");
	__asm__ volatile("lctlg 1,1,%[asce]\n\t"
			 "stosm %[old],0x04\n\t"		/* PSW bit 5: DAT */
			 "lg %%r0,0(%[addr])"
			 : [old] "=Q"(old_mask)
			 : [asce] "Q"(asce), [addr] "a"(0x180000ul)
			 : "r0", "memory");
}

/*
 * Debug option bulkhead.crashtest[=kind]: provoke one unexpected
 * interruption so the QEMU tests can check its report. Kinds: "" (an
 * addressing exception with known registers), "secondary" (an operation
 * exception on CPU 1), "ext" (an emergency signal nobody waits for),
 * "restart" (a restart interruption), "svc" (SUPERVISOR CALL 0), "dat" (a
 * segment-translation exception with DAT on).
 */
static void crashtest(const char *kind)
{
	if (!strcmp(kind, "secondary")) {
		s390_smp_crashtest();
		return;
	}
	log_printf("s390: bulkhead.crashtest=%s\n", kind);
	if (!strcmp(kind, "ext")) {
		uint64_t cr0 = s390_stctg0();

		s390_lctlg0(cr0 | CR0_EMERGENCY_SIGNAL);
		(void)s390_sigp_retry(s390_stap(), SIGP_EMERGENCY_SIGNAL, 0, NULL);
		__asm__ volatile("stosm 0(%0),0x01" : : "a"(&(uint8_t){ 0 }) : "memory");
	} else if (!strcmp(kind, "dat")) {
		crashtest_dat();
	} else if (!strcmp(kind, "restart")) {
		(void)s390_sigp_retry(s390_stap(), SIGP_RESTART, 0, NULL);
	} else if (!strcmp(kind, "svc")) {
		__asm__ volatile("svc 0" ::: "memory");
	} else if (!kind[0]) {
		/* Known register contents, then a load from beyond storage: an
		 * addressing exception (code 0x0005) with ILC 3 (LG is 6 bytes). */
		register uint64_t r6 __asm__("6") = 0x0123456789abcdefull;
		register uint64_t r7 __asm__("7") = 0xfedcba9876543210ull;
		register uint64_t r8 __asm__("8") = align_up(sclp.mem_size, 1ull << 20) + 0x100000;
		register uint64_t r9 __asm__("9");

		log_printf("s390: loading from 0x%llx (beyond storage)\n", (unsigned long long)r8);
		__asm__ volatile("lg %0,0(%3)" : "=d"(r9) : "d"(r6), "d"(r7), "a"(r8) : "memory");
		(void)r9;
	} else {
		fatal("s390: bulkhead.crashtest=%s: unknown kind", kind);
	}
	fatal("s390: bulkhead.crashtest=%s: no interruption happened", kind);
}

void s390_boot(void)
{
	uint16_t boot_addr = s390_stap();
	const struct sclp_cpu *boot_cpu;
	char val[16];
	bool tcg;

	if (sclp_console_init())
		s390_disabled_wait(0xc0);	/* no console: nothing else can be said */
	take_cmdline();
	tcg = describe_machine();

	if (sclp_read_info(&sclp))
		fatal("s390: cannot read the machine configuration from the SCLP");
	log_printf("s390: SCLP: %llu MiB of storage (%llu x %llu MiB%s%s), %u CPU(s), boot CPU address 0x%x\n",
		   (unsigned long long)(sclp.mem_size >> 20), (unsigned long long)sclp.incr_count,
		   (unsigned long long)(sclp.incr_size >> 20), sclp.ext_rnmax ? ", rnmax2" : "",
		   sclp.ext_rnsize ? ", rnsize2" : "", sclp.ncpus, (unsigned int)boot_addr);
	boot_cpu = find_cpu(boot_addr);
	if (!boot_cpu)
		fatal("s390: the boot CPU (address 0x%x) is not in the SCLP CPU list", boot_addr);
	check_facilities(boot_cpu, tcg);

	bi.mode = "z/Architecture supervisor state, DAT off";
	if (boot_add_mem(&bi, 0, sclp.mem_size))
		fatal("s390: bad storage size 0x%llx", (unsigned long long)sclp.mem_size);
	if ((uint64_t)(uintptr_t)__image_end > sclp.mem_size)
		fatal("s390: the image does not fit in %llu MiB of storage",
		      (unsigned long long)(sclp.mem_size >> 20));
	if (boot_add_rsv(&bi, 0, LC_SIZE, "lowcore") ||
	    boot_add_rsv(&bi, (uintptr_t)__image_start,
			  (uint64_t)(uintptr_t)__image_end - (uintptr_t)__image_start, "image"))
		fatal("s390: too many reserved ranges");
	check_bundle();

	bi.cpus_present = sclp.ncpus;
	if (bi.cpus_present > BOOT_MAX_CPUS) {
		log_printf("s390: %u CPUs configured, using the first %u\n", bi.cpus_present,
			   BOOT_MAX_CPUS);
		bi.cpus_present = BOOT_MAX_CPUS;
	}
	s390_smp_init(&sclp, boot_addr);

	if (cmdline_option(cmdline, "bulkhead.crashtest", val, sizeof(val)))
		crashtest(val);
	boot_main(&bi);
}
