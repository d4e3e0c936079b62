// SPDX-License-Identifier: MIT
/*
 * Unit tests of the boot integration (hyp/manifest_boot.c): the platform
 * taken from struct boot_info, and mf_boot() reading a bundle from simulated
 * physical memory (tests/unit/lib/physmem.c), printing the summary, or
 * printing every error and stopping with a failure status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "boot/bootinfo.h"
#include "hyp/arch.h"
#include "hyp/manifest.h"
#include "host_stubs.h"
#include "physmem.h"

/* arch_stop(): record the status and leave mf_boot() (it must not return). */
static jmp_buf stop_jmp;
static int stop_status = -1;

void arch_stop(int status)
{
	stop_status = status;
	longjmp(stop_jmp, 1);
}

#define BUNDLE_PA 0x48000000ull

static void boot_info_init(struct boot_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->mode = "test";
	bi->cpus_present = 4;
	bi->nmem = 1;
	bi->mem[0] = (struct boot_range){ 0x40000000, 0x40000000 };
	bi->nrsv = 2;
	bi->rsv[0] = (struct boot_rsv){ 0x40200000, 0x80000, "image" };
	bi->rsv[1] = (struct boot_rsv){ BUNDLE_PA, 0x1000, "bundle" };
	assert_int_equal(boot_add_hyp_dev(bi, 0x09000000, 0x1000), 0);
	assert_int_equal(boot_add_hyp_irq(bi, 33), 0);
}

/* The helpers the architectures use to fill hyp_dev / hyp_irq refuse bad input. */
static void test_boot_add_hyp(void **state)
{
	static struct boot_info bi;
	unsigned int i;

	memset(&bi, 0, sizeof(bi));
	assert_int_equal(boot_add_hyp_dev(&bi, 0x1000, 0), -1);
	assert_int_equal(boot_add_hyp_dev(&bi, UINT64_MAX - 0xfff, 0x2000), -1);
	for (i = 0; i < BOOT_MAX_HYP_DEV; i++)
		assert_int_equal(boot_add_hyp_dev(&bi, 0x1000 * (i + 1), 0x1000), 0);
	assert_int_equal(boot_add_hyp_dev(&bi, 0x100000, 0x1000), -1);
	assert_int_equal(bi.nhyp_dev, BOOT_MAX_HYP_DEV);
	for (i = 0; i < BOOT_MAX_HYP_IRQ; i++)
		assert_int_equal(boot_add_hyp_irq(&bi, i), 0);
	assert_int_equal(boot_add_hyp_irq(&bi, 99), -1);
	assert_int_equal(bi.hyp_irq[BOOT_MAX_HYP_IRQ - 1], BOOT_MAX_HYP_IRQ - 1);
}

/* Compile src with dtc and place it at BUNDLE_PA in simulated memory. */
static void put_bundle(struct boot_info *bi, const char *src)
{
	char dts[] = "/tmp/bulkhead-mfb-XXXXXX";
	char cmd[256], dtb[64];
	FILE *fp;
	long n;
	uint8_t *mem;
	int fd = mkstemp(dts);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, src, strlen(src)), (ssize_t)strlen(src));
	close(fd);
	snprintf(dtb, sizeof(dtb), "%s.dtb", dts);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", dtb, dts);
	assert_int_equal(system(cmd), 0);
	fp = fopen(dtb, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	assert_true(n > 0 && n <= 0x1000);
	mem = physmem_add(BUNDLE_PA, 0x1000, 0);
	assert_int_equal(fread(mem, 1, n, fp), (size_t)n);
	fclose(fp);
	unlink(dts);
	unlink(dtb);
	bi->bundle = (struct boot_range){ BUNDLE_PA, (uint64_t)n };
}

#define PART(host, extra) \
	"/dts-v1/;\n/ {\n compatible = \"bulkhead,manifest-1\";\n model = \"boot test\";\n" \
	" partitions {\n  p {\n   #address-cells = <2>;\n   #size-cells = <2>;\n" \
	"   vcpus = <1>;\n   cpus = <3>;\n   entry = <0x0 0x0>;\n" \
	"   memory@0 { reg = <0x0 0x0 0x0 0x100000>; access = \"rwx\"; host-base = <0x0 " host ">; };\n" \
	extra "  };\n };\n};\n"

static void test_platform_from_boot(void **state)
{
	struct boot_info bi;
	struct mf_platform p;

	boot_info_init(&bi);
	mf_platform_from_boot(&p, &bi);
	assert_int_equal(p.cpus, 4);
	assert_int_equal(p.granule, 4096);
	assert_int_equal(p.nram, 1);
	assert_int_equal(p.ram[0].base, 0x40000000);
	assert_int_equal(p.ram[0].size, 0x40000000);
	assert_int_equal(p.nrsv, 2);
	assert_int_equal(p.rsv[1].base, BUNDLE_PA);
	assert_int_equal(p.rsv[1].size, 0x1000);
	assert_int_equal(p.ndev, 1);
	assert_int_equal(p.dev[0].base, 0x09000000);
	assert_int_equal(p.nirq, 1);
	assert_int_equal(p.irq[0], 33);
	/* Limits not given: the defaults. */
	assert_int_equal(p.ipa_bits_max, 48);
	assert_int_equal(p.vmid_max, 255);
	assert_int_equal(p.irq_limit, 1024);
	/* The emulated windows of the running architecture: none known for the host stubs' "host". */
	assert_string_equal(arch_name, "host");
	assert_null(p.layout);
	/* Given by the architecture: used (an impossible IPA size is ignored). */
	bi.ipa_bits_max = 40;
	bi.vmid_max = 15;
	bi.irq_limit = 288;
	mf_platform_from_boot(&p, &bi);
	assert_int_equal(p.ipa_bits_max, 40);
	assert_int_equal(p.vmid_max, 15);
	assert_int_equal(p.irq_limit, 288);
	bi.ipa_bits_max = 99;
	mf_platform_from_boot(&p, &bi);
	assert_int_equal(p.ipa_bits_max, 48);
}

static void test_no_bundle(void **state)
{
	struct boot_info bi;

	boot_info_init(&bi);
	host_log_clear();
	assert_false(mf_boot(&bi));
	assert_string_equal(host_log(), "manifest: no boot bundle, so no partitions\n");
}

static void test_valid_bundle(void **state)
{
	struct boot_info bi;

	boot_info_init(&bi);
	put_bundle(&bi, PART("0x50000000", ""));
	host_log_clear();
	stop_status = -1;
	if (setjmp(stop_jmp))
		fail_msg("arch_stop(%d) on a valid bundle:\n%s", stop_status, host_log());
	assert_true(mf_boot(&bi));
	assert_int_equal(boot_manifest.nparts, 1);
	assert_string_equal(boot_manifest.part[0].name, "p");
	assert_int_equal(boot_manifest.part[0].mem[0].hpa, 0x50000000);
	assert_string_equal(host_log(),
		"manifest: accepted: boot test\n"
		"manifest: partition \"p\": 1 vCPU(s) on cpu 3, entry 0x0, 32-bit IPA, vmid auto, fault halt\n"
		"manifest:   memory 0x0-0xfffff (1 MiB) rwx at host 0x50000000\n"
		"manifest: 1 partition(s), 0 channel(s); console input \"p\", log level info, watchdog 0 ms\n");
	physmem_reset();
}

/* Errors found against what boot_info says: the bundle and image memory, the UART, its interrupt. */
static void test_bad_bundle_stops(void **state)
{
	struct boot_info bi;

	boot_info_init(&bi);
	put_bundle(&bi, PART("0x48000000",
			     "   device@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; irqs = <33>; };\n"));
	bi.cpus_present = 2;
	host_log_clear();
	stop_status = -1;
	if (!setjmp(stop_jmp)) {
		mf_boot(&bi);
		fail_msg("mf_boot() returned on a bad bundle");
	}
	assert_int_equal(stop_status, 1);
	assert_string_equal(host_log(),
		"manifest: partition \"p\": memory@0: host 0x48000000-0x480fffff overlaps hypervisor memory 0x48000000-0x48000fff\n"
		"manifest: partition \"p\": device@9000000: host 0x9000000-0x9000fff overlaps a device of the hypervisor (0x9000000-0x9000fff)\n"
		"manifest: partition \"p\": device@9000000: interrupt 33 belongs to the hypervisor\n"
		"manifest: partition \"p\": vCPU 0 is pinned to cpu 3, the platform has 2 CPU(s)\n"
		"manifest: 4 error(s)\n"
		"bulkhead: manifest rejected: no partition started; stopping\n");
	physmem_reset();
}

/* A bundle that is not a device tree: one error, a failure stop. */
static void test_garbage_bundle(void **state)
{
	struct boot_info bi;
	uint8_t *mem;

	boot_info_init(&bi);
	mem = physmem_add(BUNDLE_PA, 0x1000, 0);
	memset(mem, 'B', 0x1000);
	bi.bundle = (struct boot_range){ BUNDLE_PA, 0x1000 };
	host_log_clear();
	stop_status = -1;
	if (!setjmp(stop_jmp)) {
		mf_boot(&bi);
		fail_msg("mf_boot() returned on a garbage bundle");
	}
	assert_int_equal(stop_status, 1);
	assert_string_equal(host_log(),
		"manifest: bundle: not a valid device tree (bad magic)\n"
		"manifest: 1 error(s)\n"
		"bulkhead: manifest rejected: no partition started; stopping\n");
	physmem_reset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_add_hyp),
		cmocka_unit_test(test_platform_from_boot),
		cmocka_unit_test(test_no_bundle),
		cmocka_unit_test(test_valid_bundle),
		cmocka_unit_test(test_bad_bundle_stops),
		cmocka_unit_test(test_garbage_bundle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
