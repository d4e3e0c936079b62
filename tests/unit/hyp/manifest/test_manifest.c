// SPDX-License-Identifier: MIT
/*
 * Unit tests of the manifest reader and validator (hyp/manifest.c) and of the
 * platform reader (hyp/manifest_platform.c), over boot/fdt.c.
 *
 * - One table row per error: a small manifest written as device-tree source,
 *   compiled by dtc (an independent producer of the format), that must give
 *   exactly one error with the exact code and message.
 * - Blobs dtc refuses to produce (duplicate properties and nodes) come from
 *   the independent test writer tests/unit/lib/fdtw.c.
 * - Round trip: each example in examples/ compiles and parses to the values
 *   written down here by hand from its source, image bytes included.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "boot/fdt.h"
#include "hyp/manifest.h"
#include "fdtw.h"
/* Only for the constants the emulated-window table must agree with. */
#include "arch/arm64/vgic.h"
#include "hyp/vpl011.h"

static char tmpdir[64];
static struct manifest m;
static struct mf_errors errs;

/* ---- Helpers ----------------------------------------------------------- */

static void *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	long n;
	void *buf;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	rewind(fp);
	buf = malloc(n ? n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, fp), (size_t)n);
	fclose(fp);
	*len = n;
	return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
}

/* Compile DTS source with dtc (include dir: tmpdir); returns the blob (free it). */
static void *dtc(const char *src, const char *src_path, size_t *len)
{
	char cmd[1024], dts[128], dtb[128];
	int rc;

	snprintf(dtb, sizeof(dtb), "%s/case.dtb", tmpdir);
	if (!src_path) {
		snprintf(dts, sizeof(dts), "%s/case.dts", tmpdir);
		write_file(dts, src, strlen(src));
		src_path = dts;
	}
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -i %s -o %s %s 2>%s/dtc.err", tmpdir, dtb, src_path,
		 tmpdir);
	rc = system(cmd);
	if (rc != 0) {
		snprintf(cmd, sizeof(cmd), "cat %s/dtc.err >&2", tmpdir);
		if (system(cmd)) {}
		fail_msg("dtc failed on:\n%s", src ? src : src_path);
	}
	return read_file(dtb, len);
}

/* The platform every table case is checked against. */
/* The platform's DMA masters as an arch would report them (independent of the list). */
static int test_dma_master(uint64_t base, uint64_t size, struct mf_range *found)
{
	if (base < 0x0a000000 + 0x4000 && 0x0a000000 < base + size) {
		*found = (struct mf_range){ 0x0a000000, 0x4000 };
		return 1;
	}
	return 0;
}

static void test_platform(struct mf_platform *p)
{
	memset(p, 0, sizeof(*p));
	p->cpus = 4;
	p->granule = 0x1000;
	p->ipa_bits_max = 40;
	p->vmid_max = 15;
	p->irq_limit = 256;
	p->nram = 2;
	p->ram[0] = (struct mf_range){ 0x40000000, 0x40000000 };	/* 1 GiB */
	p->ram[1] = (struct mf_range){ 0x100000000, 0x40000000 };	/* 1 GiB */
	p->nrsv = 1;
	p->rsv[0] = (struct mf_range){ 0x40000000, 0x1000000 };	/* 16 MiB */
	p->ndev = 1;
	p->dev[0] = (struct mf_range){ 0x09000000, 0x1000 };
	p->nirq = 1;
	p->irq[0] = 33;
	p->ndma = 1;
	p->dma[0] = (struct mf_range){ 0x09100000, 0x18 };
	p->dma_master = test_dma_master;
	p->layout = mf_arch_layout_find("arm64");	/* the virtual GIC, the console's default page */
}

static unsigned int load_blob(const void *blob, size_t len)
{
	struct mf_platform plat;

	test_platform(&plat);
	return mf_load(&m, blob, len, &plat, &errs);
}

static void dump_errors(void)
{
	unsigned int i;

	for (i = 0; i < errs.count; i++)
		print_message("  [%s] %s\n", mf_err_name(errs.e[i].code), errs.e[i].msg);
}

/* ---- Manifest source fragments ----------------------------------------- */

#define HEAD "/dts-v1/;\n/ {\n\tcompatible = \"bulkhead,manifest-1\";\n"
#define TAIL "};\n"
#define PARTS(x) "\tpartitions {\n" x "\t};\n"
/* PART appends the 1 MiB memory@40000000 node; PARTX leaves memory to the body. */
#define PARTX(name, body) "\t\t" name " {\n\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n" body "\t\t};\n"
#define PART(name, body) PARTX(name, body MEM)
#define CPU(n) "\t\t\tvcpus = <1>;\n\t\t\tcpus = <" #n ">;\n"
#define ENTRY "\t\t\tentry = <0x0 0x40000000>;\n"
#define MEM "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; };\n"
#define MEMH(host) "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x1000000>; access = \"rwx\"; " \
		   "host-base = <0x0 " host ">; };\n"
#define BASIC(n) CPU(n) ENTRY
/* Partition "a" on CPU 0 and "b" on CPU 1, each with 1 MiB at guest 0x40000000. */
#define A0 PART("a", BASIC(0))
#define B1 PART("b", BASIC(1))
#define GOOD(x) HEAD PARTS(A0 x) TAIL
#define RING_PEERS(pa, pb) \
	"\tchannels {\n\t\tring {\n\t\t\tsize = <0x0 0x10000>;\n" pa pb "\t\t};\n\t};\n"
#define PEER(name, gpa, acc) \
	"\t\t\t" name " { guest-base = <0x0 " gpa ">; access = \"" acc "\"; };\n"

struct mcase {
	const char *name;
	const char *dts;
	enum mf_err code;
	const char *msg;
};

static const struct mcase cases[] = {
	{ "compatible_wrong",
	  "/dts-v1/;\n/ {\n\tcompatible = \"bulkhead,manifest-2\";\n" PARTS(A0) TAIL, MF_ERR_COMPATIBLE,
	  "manifest: /: compatible is \"bulkhead,manifest-2\" (expected \"bulkhead,manifest-1\")" },
	{ "compatible_missing", "/dts-v1/;\n/ {\n" PARTS(A0) TAIL, MF_ERR_COMPATIBLE,
	  "manifest: /: missing property \"compatible\" (expected \"bulkhead,manifest-1\")" },
	{ "unknown_root_node", HEAD "\tpartition { };\n" PARTS(A0) TAIL, MF_ERR_UNKNOWN_NODE,
	  "manifest: /: unknown node \"partition\"" },
	{ "unknown_partition_node",
	  GOOD(PART("b", BASIC(1) "\t\t\tmemroy@50000000 { reg = <0x0 0x50000000 0x0 0x1000>; };\n")),
	  MF_ERR_UNKNOWN_NODE, "manifest: partition \"b\": unknown node \"memroy@50000000\"" },
	{ "unknown_hypervisor_node", HEAD "\thypervisor { watchdog { }; };\n" PARTS(A0) TAIL, MF_ERR_UNKNOWN_NODE,
	  "manifest: /hypervisor: unknown node \"watchdog\"" },
	{ "unknown_leaf_child",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			   "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; sub { }; };\n"))
	  TAIL, MF_ERR_UNKNOWN_NODE, "manifest: partition \"a\": memory@40000000: unknown node \"sub\"" },
	{ "unknown_peer_child",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"),
				       "\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; x { }; };\n") TAIL,
	  MF_ERR_UNKNOWN_NODE, "manifest: channel \"ring\": peer \"b\": unknown node \"x\"" },
	{ "unknown_root_prop", HEAD "\t#address-cells = <2>;\n" PARTS(A0) TAIL, MF_ERR_UNKNOWN_PROP,
	  "manifest: /: unknown property \"#address-cells\"" },
	{ "unknown_partition_prop", GOOD(PART("b", BASIC(1) "\t\t\tvcpu = <1>;\n")), MF_ERR_UNKNOWN_PROP,
	  "manifest: partition \"b\": unknown property \"vcpu\"" },
	{ "unknown_memory_prop",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; acess = \"rwx\"; };\n"))
	  TAIL, MF_ERR_UNKNOWN_PROP, "manifest: partition \"a\": memory@40000000: unknown property \"acess\"" },
	{ "unknown_peer_prop",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"),
			      "\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; doorbell = <5>; };\n") TAIL,
	  MF_ERR_UNKNOWN_PROP, "manifest: channel \"ring\": peer \"b\": unknown property \"doorbell\"" },
	{ "missing_entry", HEAD PARTS(PART("a", CPU(0))) TAIL, MF_ERR_MISSING,
	  "manifest: partition \"a\": missing property \"entry\"" },
	{ "missing_vcpus", HEAD PARTS(PART("a", "\t\t\tcpus = <0>;\n" ENTRY)) TAIL, MF_ERR_MISSING,
	  "manifest: partition \"a\": missing property \"vcpus\"" },
	{ "missing_reg", HEAD PARTS(PART("a", CPU(0) ENTRY "\t\t\tdevice@9010000 { irqs = <40>; };\n")) TAIL,
	  MF_ERR_MISSING, "manifest: partition \"a\": device@9010000: missing property \"reg\"" },
	{ "missing_partitions", HEAD "\thypervisor { };\n" TAIL, MF_ERR_MISSING,
	  "manifest: /: missing node \"partitions\"" },
	{ "missing_memory", HEAD PARTS(PARTX("a", CPU(0) "\t\t\tentry = <0x0 0x40000000>;\n")) TAIL, MF_ERR_MISSING,
	  "manifest: partition \"a\": no memory@ node" },
	{ "no_partitions", HEAD PARTS("") TAIL, MF_ERR_MISSING, "manifest: /partitions: no partition defined" },
	{ "form_u32", HEAD PARTS(PART("a", "\t\t\tvcpus = /bits/ 64 <1>;\n\t\t\tcpus = <0>;\n" ENTRY)) TAIL,
	  MF_ERR_PROP_FORM, "manifest: partition \"a\": property \"vcpus\" must be one 32-bit cell" },
	{ "form_u64", HEAD PARTS(PART("a", CPU(0) "\t\t\tentry = <0x40000000>;\n")) TAIL, MF_ERR_PROP_FORM,
	  "manifest: partition \"a\": property \"entry\" must be a 64-bit value (two cells)" },
	{ "form_reg",
	  HEAD PARTS(PART("a", CPU(0) ENTRY
			  "\t\t\tmemory@50000000 { reg = <0x0 0x50000000 0x100000>; };\n")) TAIL,
	  MF_ERR_PROP_FORM,
	  "manifest: partition \"a\": memory@50000000: property \"reg\" must be <base-hi base-lo size-hi size-lo> (four cells)" },
	{ "form_string",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = <7>; };\n")) TAIL,
	  MF_ERR_PROP_FORM, "manifest: partition \"a\": memory@40000000: property \"access\" must be one non-empty string" },
	{ "form_empty",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; lazy = <1>; };\n"))
	  TAIL, MF_ERR_PROP_FORM, "manifest: partition \"a\": memory@40000000: property \"lazy\" must be empty" },
	{ "form_cells", HEAD PARTS(PART("a", CPU(0) ENTRY "\t\t\tboot-args = <1 2 3>;\n")) TAIL, MF_ERR_PROP_FORM,
	  "manifest: partition \"a\": property \"boot-args\" must be 1 to 4 64-bit values (cell pairs)" },
	{ "form_image_empty",
	  GOOD(PART("b", BASIC(1) "\t\t\timage-k { load-address = <0x0 0x40000000>; data = [];};\n")),
	  MF_ERR_PROP_FORM, "manifest: partition \"b\": image-k: property \"data\" must not be empty" },
	{ "value_vcpus", HEAD PARTS(PART("a", "\t\t\tvcpus = <9>;\n\t\t\tcpus = <0>;\n" ENTRY)) TAIL,
	  MF_ERR_VALUE, "manifest: partition \"a\": property \"vcpus\" is 9 (must be 1 to 8)" },
	{ "value_cpus_count", HEAD PARTS(PART("a", "\t\t\tvcpus = <2>;\n\t\t\tcpus = <0>;\n" ENTRY)) TAIL,
	  MF_ERR_VALUE, "manifest: partition \"a\": property \"cpus\" pins 1 vCPU(s), \"vcpus\" is 2" },
	{ "value_cells",
	  HEAD PARTS("\t\ta {\n\t\t\t#address-cells = <1>;\n\t\t\t#size-cells = <2>;\n" BASIC(0) MEM "\t\t};\n") TAIL,
	  MF_ERR_VALUE, "manifest: partition \"a\": property \"#address-cells\" is 1 (must be 2)" },
	{ "value_fault", GOOD(PART("b", BASIC(1) "\t\t\tfault-policy = \"explode\";\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": property \"fault-policy\" is \"explode\" (expected halt, restart or reset-system)" },
	{ "value_privilege", GOOD(PART("b", BASIC(1) "\t\t\tprivileges = \"stop\", \"reboot\";\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": unknown privilege \"reboot\" (expected read-dirty-log, stop, restart or read-stats)" },
	{ "value_vmid", GOOD(PART("b", BASIC(1) "\t\t\tvmid = <16>;\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": property \"vmid\" is 16 (must be 1 to 15)" },
	{ "value_slice", GOOD(PART("b", BASIC(1) "\t\t\ttime-slice-us = <50>;\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": property \"time-slice-us\" is 50 (must be 100 to 1000000)" },
	{ "value_ipa_bits", GOOD(PART("b", BASIC(1) "\t\t\tipa-bits = <41>;\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": property \"ipa-bits\" is 41 (must be 32 to 40)" },
	{ "value_access",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"wx\"; };\n")) TAIL,
	  MF_ERR_VALUE, "manifest: partition \"a\": memory@40000000: property \"access\" is \"wx\" (expected r, rw, rx or rwx)" },
	{ "value_irq", GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <300>; };\n")),
	  MF_ERR_VALUE, "manifest: partition \"b\": device@9010000: interrupt 300 is not below 256" },
	{ "value_model", HEAD "\tmodel = \"bell\\a\";\n" PARTS(A0) TAIL, MF_ERR_VALUE,
	  "manifest: /: property \"model\" must be 1 to 80 printable ASCII characters" },
	{ "value_log_level", HEAD "\thypervisor { log-level = \"chatty\"; };\n" PARTS(A0) TAIL, MF_ERR_VALUE,
	  "manifest: /hypervisor: property \"log-level\" is \"chatty\" (expected error, warn, info or debug)" },
	{ "value_watchdog", HEAD "\thypervisor { watchdog-ms = <5>; };\n" PARTS(A0) TAIL, MF_ERR_VALUE,
	  "manifest: /hypervisor: property \"watchdog-ms\" is 5 (must be 0 or 10 to 600000)" },
	{ "value_channel_access", HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"), PEER("b", "0x50000000", "w")) TAIL,
	  MF_ERR_VALUE, "manifest: channel \"ring\": peer \"b\": property \"access\" is \"w\" (expected r or rw)" },
	{ "name_partition", HEAD PARTS(A0 PART("Bee", BASIC(1))) TAIL, MF_ERR_NAME,
	  "manifest: /partitions: bad partition name \"Bee\" (1 to 31 of a-z 0-9 _ -, starting with a letter)" },
	{ "name_too_long", HEAD PARTS(A0 PART("b1234567890123456789012345678901", BASIC(1))) TAIL, MF_ERR_NAME,
	  "manifest: /partitions: bad partition name \"b1234567890123456789012345678901\" (1 to 31 of a-z 0-9 _ -, starting with a letter)" },
	{ "name_image", GOOD(PART("b", BASIC(1) "\t\t\timage-K { load-address = <0x0 0x40000000>; data = [00];};\n")),
	  MF_ERR_NAME,
	  "manifest: partition \"b\": image-K: bad image name (image or image-<name>, name 1 to 31 of a-z 0-9 _ -)" },
	{ "name_channel", HEAD PARTS(A0 B1) "\tchannels { Ring { }; };\n" TAIL, MF_ERR_NAME,
	  "manifest: /channels: bad channel name \"Ring\" (1 to 31 of a-z 0-9 _ -, starting with a letter)" },
	{ "unit_address",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40001000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; };\n")) TAIL,
	  MF_ERR_UNIT_ADDRESS,
	  "manifest: partition \"a\": memory@40001000: unit address does not match reg (expected memory@40000000)" },
	{ "unit_address_device",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice { reg = <0x0 0x9010000 0x0 0x1000>; };\n")), MF_ERR_UNIT_ADDRESS,
	  "manifest: partition \"b\": device: unit address does not match reg (expected device@9010000)" },
	{ "range_empty",
	  HEAD PARTS(PART("a", CPU(0) ENTRY "\t\t\tmemory@50000000 { reg = <0x0 0x50000000 0x0 0x0>; };\n"))
	  TAIL, MF_ERR_RANGE, "manifest: partition \"a\": memory@50000000: guest range is empty" },
	{ "range_wrap",
	  HEAD PARTS(PART("a", CPU(0) ENTRY
			  "\t\t\tmemory@fffffffffffff000 { reg = <0xffffffff 0xfffff000 0x0 0x2000>; };\n")) TAIL,
	  MF_ERR_RANGE,
	  "manifest: partition \"a\": memory@fffffffffffff000: guest range 0xfffffffffffff000 + 0x2000 wraps past 2^64" },
	{ "align_size",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x1800>; access = \"rwx\"; };\n")) TAIL,
	  MF_ERR_ALIGN,
	  "manifest: partition \"a\": memory@40000000: size 0x1800 is not a multiple of the 0x1000-byte granule" },
	{ "align_host",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x1000>; access = \"rwx\"; host-base = <0x0 0x50000010>; };\n"))
	  TAIL, MF_ERR_ALIGN,
	  "manifest: partition \"a\": memory@40000000: host base 0x50000010 is not a multiple of the 0x1000-byte granule" },
	{ "ipa",
	  HEAD PARTS(PART("a", BASIC(0) "\t\t\tipa-bits = <32>;\n"
			  "\t\t\tmemory@100000000 { reg = <0x1 0x0 0x0 0x100000>; };\n")) TAIL,
	  MF_ERR_IPA,
	  "manifest: partition \"a\": memory@100000000: guest range 0x100000000-0x1000fffff is beyond the 32-bit IPA size" },
	{ "guest_overlap",
	  GOOD(PART("b", BASIC(1)
		    "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; guest-base = <0x0 0x400ff000>; };\n")),
	  MF_ERR_GUEST_OVERLAP,
	  "manifest: partition \"b\": device@9010000 (guest 0x400ff000-0x400fffff) overlaps memory@40000000" },
	{ "guest_overlap_channel", HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x40000000", "rw"), PEER("b", "0x50000000", "r")) TAIL,
	  MF_ERR_GUEST_OVERLAP,
	  "manifest: partition \"a\": channel \"ring\" (guest 0x40000000-0x4000ffff) overlaps memory@40000000" },
	{ "host_overlap", HEAD PARTS(PARTX("rtos", CPU(0) ENTRY MEMH("0x50000000"))
				     PARTX("linux", CPU(1) ENTRY MEMH("0x50800000"))) TAIL,
	  MF_ERR_HOST_OVERLAP,
	  "manifest: partition \"linux\": memory@40000000 overlaps partition \"rtos\" (host 0x50800000-0x50ffffff)" },
	{ "host_overlap_channel",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY MEMH("0x50000000")) B1)
	  "\tchannels {\n\t\tring {\n\t\t\tsize = <0x0 0x10000>;\n\t\t\thost-base = <0x0 0x50ff0000>;\n"
	  PEER("a", "0x50000000", "rw") PEER("b", "0x50000000", "r") "\t\t};\n\t};\n" TAIL,
	  MF_ERR_HOST_OVERLAP, "manifest: channel \"ring\" overlaps partition \"a\" (host 0x50ff0000-0x50ffffff)" },
	{ "not_ram", HEAD PARTS(PARTX("a", CPU(0) ENTRY MEMH("0x20000000"))) TAIL, MF_ERR_NOT_RAM,
	  "manifest: partition \"a\": memory@40000000: host 0x20000000-0x20ffffff is not inside RAM" },
	{ "not_ram_straddle", HEAD PARTS(PARTX("a", CPU(0) ENTRY MEMH("0x7f800000"))) TAIL, MF_ERR_NOT_RAM,
	  "manifest: partition \"a\": memory@40000000: host 0x7f800000-0x807fffff is not inside RAM" },
	{ "hyp_memory", HEAD PARTS(PARTX("a", CPU(0) ENTRY MEMH("0x40800000"))) TAIL, MF_ERR_HYP_MEMORY,
	  "manifest: partition \"a\": memory@40000000: host 0x40800000-0x417fffff overlaps hypervisor memory 0x40000000-0x40ffffff" },
	{ "device_ram", GOOD(PART("b", BASIC(1) "\t\t\tdevice@50000000 { reg = <0x0 0x50000000 0x0 0x1000>; };\n")),
	  MF_ERR_DEVICE_RAM, "manifest: partition \"b\": device@50000000: host 0x50000000-0x50000fff is RAM, not a device" },
	{ "hyp_device", GOOD(PART("b", BASIC(1) "\t\t\tdevice@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; };\n")),
	  MF_ERR_HYP_DEVICE,
	  "manifest: partition \"b\": device@9000000: host 0x9000000-0x9000fff overlaps a device of the hypervisor (0x9000000-0x9000fff)" },
	{ "dma_device_listed", GOOD(PART("b", BASIC(1) "\t\t\tdevice@9100000 { reg = <0x0 0x9100000 0x0 0x1000>; };\n")),
	  MF_ERR_DMA_DEVICE,
	  "manifest: partition \"b\": device@9100000: host 0x9100000-0x9100fff touches a device that can master DMA (0x9100000-0x9100017), and no SMMU isolates it" },
	{ "dma_device_found", GOOD(PART("b", BASIC(1) "\t\t\tdevice@a001000 { reg = <0x0 0xa001000 0x0 0x1000>; };\n")),
	  MF_ERR_DMA_DEVICE,
	  "manifest: partition \"b\": device@a001000: host 0xa001000-0xa001fff touches a device that can master DMA (0xa000000-0xa003fff), and no SMMU isolates it" },
	{ "device_overlap",
	  HEAD PARTS(PART("a", BASIC(0) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x2000>; };\n")
		     PART("b", BASIC(1) "\t\t\tdevice@9011000 { reg = <0x0 0x9011000 0x0 0x1000>; };\n")) TAIL,
	  MF_ERR_DEVICE_OVERLAP, "manifest: partition \"b\": device@9011000 overlaps partition \"a\" device@9010000" },
	{ "hyp_irq",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <33>; };\n")),
	  MF_ERR_HYP_IRQ, "manifest: partition \"b\": device@9010000: interrupt 33 belongs to the hypervisor" },
	{ "irq_conflict",
	  HEAD PARTS(PART("a", BASIC(0) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <40>; };\n")
		     PART("b", BASIC(1) "\t\t\tdevice@9020000 { reg = <0x0 0x9020000 0x0 0x1000>; irqs = <41 40>; };\n"))
	  TAIL, MF_ERR_IRQ_CONFLICT,
	  "manifest: partition \"b\": device@9020000: interrupt 40 is also assigned to partition \"a\" device@9010000" },
	{ "irq_twice",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <40 40>; };\n")),
	  MF_ERR_IRQ_CONFLICT, "manifest: partition \"b\": device@9010000: interrupt 40 listed twice" },
	{ "irq_virtual",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <40>; };\n"
		    "\t\t\tconsole { irq = <40>; };\n")),
	  MF_ERR_IRQ_CONFLICT, "manifest: partition \"b\": console: interrupt 40 is also used by device@9010000" },
	{ "cpu_range", HEAD PARTS(PART("a", CPU(4) ENTRY)) TAIL, MF_ERR_CPU_RANGE,
	  "manifest: partition \"a\": vCPU 0 is pinned to cpu 4, the platform has 4 CPU(s)" },
	{ "cpu_conflict", HEAD PARTS(A0 PART("b", BASIC(0) "\t\t\ttime-slice-us = <1000>;\n")) TAIL,
	  MF_ERR_CPU_CONFLICT,
	  "manifest: partition \"b\": cpu 0 is also used by partition \"a\"; sharing needs time-slice-us in both" },
	{ "cpu_conflict_self", HEAD PARTS(PART("a", "\t\t\tvcpus = <2>;\n\t\t\tcpus = <1 1>;\n" ENTRY)) TAIL,
	  MF_ERR_CPU_CONFLICT, "manifest: partition \"a\": vCPUs 0 and 1 share cpu 1 without time-slice-us" },
	{ "vmid_conflict",
	  HEAD PARTS(PART("a", BASIC(0) "\t\t\tvmid = <3>;\n") PART("b", BASIC(1) "\t\t\tvmid = <3>;\n")) TAIL,
	  MF_ERR_VMID_CONFLICT, "manifest: partition \"b\": vmid 3 is also pinned by partition \"a\"" },
	{ "image_outside",
	  GOOD(PART("b", BASIC(1) "\t\t\timage-kernel { load-address = <0x0 0x400ffffe>; data = [01 02 03 04]; };\n")),
	  MF_ERR_IMAGE_PLACEMENT,
	  "manifest: partition \"b\": image-kernel: guest 0x400ffffe-0x40100001 is not inside one memory region" },
	{ "image_overlap",
	  GOOD(PART("b", BASIC(1) "\t\t\timage-x { load-address = <0x0 0x40000000>; data = [01 02 03 04]; };\n"
		    "\t\t\timage-y { load-address = <0x0 0x40000002>; data = [01 02 03 04]; };\n")),
	  MF_ERR_IMAGE_PLACEMENT, "manifest: partition \"b\": image-y (guest 0x40000002-0x40000005) overlaps image-x" },
	{ "entry",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rw\"; };\n")) TAIL,
	  MF_ERR_ENTRY,
	  "manifest: partition \"a\": entry 0x40000000 is not in executable memory (a memory@ node with access \"rx\" or \"rwx\")" },
	{ "reference_console", HEAD "\thypervisor { console-input = \"nobody\"; };\n" PARTS(A0) TAIL, MF_ERR_REFERENCE,
	  "manifest: /hypervisor: property \"console-input\": no partition \"nobody\"" },
	{ "reference_peer", HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"), PEER("zed", "0x50000000", "r")) TAIL,
	  MF_ERR_REFERENCE, "manifest: channel \"ring\": no partition \"zed\"" },
	{ "channel_one_peer", HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"), "") TAIL, MF_ERR_CHANNEL,
	  "manifest: channel \"ring\": needs at least two peers (has 1)" },
	{ "channel_no_writer", HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "r"), PEER("b", "0x50000000", "r")) TAIL,
	  MF_ERR_CHANNEL, "manifest: channel \"ring\": no peer may write (give one access = \"rw\")" },
	{ "limit_images",
	  GOOD(PART("b", BASIC(1)
		    "\t\t\timage-a { load-address = <0x0 0x40000000>; data = [01]; };\n"
		    "\t\t\timage-b { load-address = <0x0 0x40000001>; data = [01]; };\n"
		    "\t\t\timage-c { load-address = <0x0 0x40000002>; data = [01]; };\n"
		    "\t\t\timage-d { load-address = <0x0 0x40000003>; data = [01]; };\n"
		    "\t\t\timage-e { load-address = <0x0 0x40000004>; data = [01]; };\n")),
	  MF_ERR_LIMIT, "manifest: partition \"b\": more than 4 images" },
	{ "limit_devices",
	  GOOD(PART("b", BASIC(1)
		    "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; };\n"
		    "\t\t\tdevice@9020000 { reg = <0x0 0x9020000 0x0 0x1000>; };\n"
		    "\t\t\tdevice@9030000 { reg = <0x0 0x9030000 0x0 0x1000>; };\n"
		    "\t\t\tdevice@9040000 { reg = <0x0 0x9040000 0x0 0x1000>; };\n"
		    "\t\t\tdevice@9050000 { reg = <0x0 0x9050000 0x0 0x1000>; };\n")),
	  MF_ERR_LIMIT, "manifest: partition \"b\": more than 4 devices" },
	{ "limit_peers",
	  HEAD PARTS(A0 B1 PART("c", BASIC(2)) PART("d", BASIC(3) "\t\t\ttime-slice-us = <100>;\n")
		     PART("e", BASIC(3) "\t\t\ttime-slice-us = <100>;\n"))
	  RING_PEERS(PEER("a", "0x50000000", "rw") PEER("b", "0x50000000", "r") PEER("c", "0x50000000", "r"),
		     PEER("d", "0x50000000", "r") PEER("e", "0x50000000", "r")) TAIL,
	  MF_ERR_LIMIT, "manifest: channel \"ring\": more than 4 peers" },
	{ "limit_channels",
	  HEAD PARTS(A0 B1) "\tchannels {\n"
	  "\t\tc1 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50000000>; access = \"rw\"; }; b { guest-base = <0x0 0x50000000>; access = \"r\"; }; };\n"
	  "\t\tc2 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50001000>; access = \"rw\"; }; b { guest-base = <0x0 0x50001000>; access = \"r\"; }; };\n"
	  "\t\tc3 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50002000>; access = \"rw\"; }; b { guest-base = <0x0 0x50002000>; access = \"r\"; }; };\n"
	  "\t\tc4 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50003000>; access = \"rw\"; }; b { guest-base = <0x0 0x50003000>; access = \"r\"; }; };\n"
	  "\t\tc5 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50004000>; access = \"rw\"; }; b { guest-base = <0x0 0x50004000>; access = \"r\"; }; };\n"
	  "\t\tc6 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50005000>; access = \"rw\"; }; b { guest-base = <0x0 0x50005000>; access = \"r\"; }; };\n"
	  "\t\tc7 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50006000>; access = \"rw\"; }; b { guest-base = <0x0 0x50006000>; access = \"r\"; }; };\n"
	  "\t\tc8 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50007000>; access = \"rw\"; }; b { guest-base = <0x0 0x50007000>; access = \"r\"; }; };\n"
	  "\t\tc9 { size = <0x0 0x1000>; a { guest-base = <0x0 0x50008000>; access = \"rw\"; }; b { guest-base = <0x0 0x50008000>; access = \"r\"; }; };\n"
	  "\t};\n" TAIL,
	  MF_ERR_LIMIT, "manifest: /channels: more than 8 channels" },
	{ "value_console_irq", GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <256>; };\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": console: interrupt 256 is not below 256" },
	{ "value_doorbell",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"),
				       "\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; doorbell-irq = <999>; };\n") TAIL,
	  MF_ERR_VALUE, "manifest: channel \"ring\": peer \"b\": interrupt 999 is not below 256" },
	/*
	 * On arm64 a partition's interrupts are SPIs of its virtual GIC, 32-63
	 * (IHI 0069H 2.2; written down here, not taken from the table): the
	 * numbers right outside, for each kind (32 and 63: test_irq_range_edges).
	 */
	{ "irq_range_console_31", GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <31>; };\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": console: interrupt 31 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "irq_range_console_64", GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <64>; };\n")), MF_ERR_VALUE,
	  "manifest: partition \"b\": console: interrupt 64 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "irq_range_doorbell_31",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"),
				       "\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; doorbell-irq = <31>; };\n") TAIL,
	  MF_ERR_VALUE, "manifest: channel \"ring\": peer \"b\": interrupt 31 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "irq_range_doorbell_64",
	  HEAD PARTS(A0 B1) RING_PEERS("\t\t\ta { guest-base = <0x0 0x50000000>; access = \"rw\"; doorbell-irq = <64>; };\n",
				       PEER("b", "0x50000000", "r")) TAIL,
	  MF_ERR_VALUE, "manifest: channel \"ring\": peer \"a\": interrupt 64 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "irq_range_device_31",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <40 31>; };\n")),
	  MF_ERR_VALUE, "manifest: partition \"b\": device@9010000: interrupt 31 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "irq_range_device_64",
	  GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <64>; };\n")),
	  MF_ERR_VALUE, "manifest: partition \"b\": device@9010000: interrupt 64 is not one of the SPIs of the virtual GIC (32-63)" },
	{ "form_privileges", GOOD(PART("b", BASIC(1) "\t\t\tprivileges = \"stop\", \"\";\n")), MF_ERR_PROP_FORM,
	  "manifest: partition \"b\": property \"privileges\" must be a list of non-empty strings" },
	{ "missing_channel_size",
	  HEAD PARTS(A0 B1) "\tchannels {\n\t\tring {\n" PEER("a", "0x50000000", "rw") PEER("b", "0x50000000", "r")
	  "\t\t};\n\t};\n" TAIL,
	  MF_ERR_MISSING, "manifest: channel \"ring\": missing property \"size\"" },
	{ "align_channel",
	  HEAD PARTS(A0 B1) "\tchannels {\n\t\tring {\n\t\t\tsize = <0x0 0x1800>;\n" PEER("a", "0x50000000", "rw")
	  PEER("b", "0x50000000", "r") "\t\t};\n\t};\n" TAIL,
	  MF_ERR_ALIGN, "manifest: channel \"ring\": size 0x1800 is not a multiple of the 0x1000-byte granule" },
	{ "host_overlap_same_partition",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY MEMH("0x50000000")
			   "\t\t\tmemory@41000000 { reg = <0x0 0x41000000 0x0 0x1000000>; host-base = <0x0 0x50800000>; };\n"))
	  TAIL, MF_ERR_HOST_OVERLAP,
	  "manifest: partition \"a\": memory@41000000 overlaps memory@40000000 (host 0x50800000-0x50ffffff)" },
	{ "host_overlap_two_channels",
	  HEAD PARTS(A0 B1) "\tchannels {\n"
	  "\t\tc1 { size = <0x0 0x2000>; host-base = <0x0 0x60000000>; a { guest-base = <0x0 0x50000000>; access = \"rw\"; }; b { guest-base = <0x0 0x50000000>; access = \"r\"; }; };\n"
	  "\t\tc2 { size = <0x0 0x1000>; host-base = <0x0 0x60001000>; a { guest-base = <0x0 0x50002000>; access = \"rw\"; }; b { guest-base = <0x0 0x50002000>; access = \"r\"; }; };\n"
	  "\t};\n" TAIL,
	  MF_ERR_HOST_OVERLAP, "manifest: channel \"c2\" overlaps channel \"c1\" (host 0x60001000-0x60001fff)" },
	/*
	 * The windows the arm64 hypervisor emulates (values written down here
	 * from QEMU virt's layout, not taken from the table): the distributor
	 * 0x8000000-0x800ffff, 128 KiB of redistributors per vCPU from
	 * 0x80a0000, the console's default page 0x9000000-0x9000fff.
	 */
	{ "emulated_gicd_memory",
	  GOOD(PART("b", BASIC(1) "\t\t\tmemory@8000000 { reg = <0x0 0x8000000 0x0 0x10000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": memory@8000000 (guest 0x8000000-0x800ffff) overlaps the virtual GIC distributor (0x8000000-0x800ffff)" },
	{ "emulated_gicd_first_page",
	  GOOD(PART("b", BASIC(1) "\t\t\tmemory@7ff0000 { reg = <0x0 0x7ff0000 0x0 0x11000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": memory@7ff0000 (guest 0x7ff0000-0x8000fff) overlaps the virtual GIC distributor (0x8000000-0x800ffff)" },
	{ "emulated_gicd_last_page",
	  GOOD(PART("b", BASIC(1)
		    "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; guest-base = <0x0 0x800f000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": device@9010000 (guest 0x800f000-0x800ffff) overlaps the virtual GIC distributor (0x8000000-0x800ffff)" },
	{ "emulated_gicd_channel",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"), PEER("b", "0x7ffc000", "r")) TAIL,
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": channel \"ring\" (guest 0x7ffc000-0x800bfff) overlaps the virtual GIC distributor (0x8000000-0x800ffff)" },
	{ "emulated_gicr_first_page",
	  GOOD(PART("b", BASIC(1) "\t\t\tmemory@8010000 { reg = <0x0 0x8010000 0x0 0x91000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": memory@8010000 (guest 0x8010000-0x80a0fff) overlaps the virtual GIC redistributors (0x80a0000-0x80bffff)" },
	{ "emulated_gicr_one_vcpu",
	  HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x80bf000", "rw"), PEER("b", "0x50000000", "r")) TAIL,
	  MF_ERR_EMULATED,
	  "manifest: partition \"a\": channel \"ring\" (guest 0x80bf000-0x80cefff) overlaps the virtual GIC redistributors (0x80a0000-0x80bffff)" },
	/* 0x80c0000 is clear of one vCPU's frames (test_emulated_clear), not of four vCPUs'. */
	{ "emulated_gicr_four_vcpus",
	  HEAD PARTS(PART("a", "\t\t\tvcpus = <4>;\n\t\t\tcpus = <0 1 2 3>;\n" ENTRY
			  "\t\t\tmemory@811f000 { reg = <0x0 0x811f000 0x0 0x1000>; };\n")) TAIL,
	  MF_ERR_EMULATED,
	  "manifest: partition \"a\": memory@811f000 (guest 0x811f000-0x811ffff) overlaps the virtual GIC redistributors (0x80a0000-0x811ffff)" },
	{ "emulated_console_in_gicr",
	  GOOD(PART("b", BASIC(1) "\t\t\tconsole { base = <0x0 0x80a0000>; };\n")), MF_ERR_EMULATED,
	  "manifest: partition \"b\": console (guest 0x80a0000-0x80a0fff) overlaps the virtual GIC redistributors (0x80a0000-0x80bffff)" },
	{ "emulated_console_default_device",
	  GOOD(PART("b", BASIC(1) "\t\t\tconsole { };\n"
		    "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; guest-base = <0x0 0x9000000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": device@9010000 (guest 0x9000000-0x9000fff) overlaps the console's default page (0x9000000-0x9000fff)" },
	{ "emulated_console_default_memory",
	  GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <40>; };\n"
		    "\t\t\tmemory@8fff000 { reg = <0x0 0x8fff000 0x0 0x2000>; };\n")),
	  MF_ERR_EMULATED,
	  "manifest: partition \"b\": memory@8fff000 (guest 0x8fff000-0x9000fff) overlaps the console's default page (0x9000000-0x9000fff)" },
	/* A field with a read error: only that error, no guess at the window it decides. */
	{ "console_bad_base_no_default",
	  GOOD(PART("b", BASIC(1) "\t\t\tconsole { base = <0x0 0x9000800>; };\n"
		    "\t\t\tmemory@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; };\n")),
	  MF_ERR_ALIGN, "manifest: partition \"b\": console: base 0x9000800 is not a multiple of the 0x1000-byte granule" },
	{ "vcpus_bad_no_gicr",
	  HEAD PARTS(PART("a", "\t\t\tvcpus = <9>;\n\t\t\tcpus = <0>;\n" ENTRY
			  "\t\t\tmemory@80a0000 { reg = <0x0 0x80a0000 0x0 0x1000>; };\n")) TAIL,
	  MF_ERR_VALUE, "manifest: partition \"a\": property \"vcpus\" is 9 (must be 1 to 8)" },
	{ "no_memory",
	  HEAD PARTS(PARTX("a", CPU(0) ENTRY
			  "\t\t\tmemory@40000000 { reg = <0x0 0x40000000 0x0 0x80000000>; access = \"rwx\"; };\n")) TAIL,
	  MF_ERR_NO_MEMORY,
	  "manifest: partitions and channels need 0x80000000 bytes of memory, the platform has 0x7f000000" },
};

/* The baseline the cases are variations of is itself valid. */
static void test_baseline_valid(void **state)
{
	const char *srcs[] = {
		GOOD(""),
		GOOD(B1),
		HEAD PARTS(PART("a", BASIC(0) "\t\t\ttime-slice-us = <100>;\n")
			   PART("b", BASIC(0) "\t\t\ttime-slice-us = <1000>;\n")) TAIL,
		HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x50000000", "rw"), PEER("b", "0x50000000", "r")) TAIL,
		GOOD(PART("b", BASIC(1) "\t\t\tmemory@4010A000 { reg = <0x0 0x4010a000 0x0 0x1000>; };\n")),
	};
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(srcs); i++) {
		void *blob = dtc(srcs[i], NULL, &len);
		unsigned int n = load_blob(blob, len);

		if (n) {
			dump_errors();
			fail_msg("baseline %u: %u error(s)", i, n);
		}
		free(blob);
	}
}

/*
 * Placements right next to the emulated windows, and ones that are clear
 * only because the window does not apply, are accepted.
 */
static void test_emulated_clear(void **state)
{
	const char *srcs[] = {
		/* Up to the distributor's first byte, from its last byte to the redistributors. */
		GOOD(PART("b", BASIC(1) "\t\t\tmemory@7ff0000 { reg = <0x0 0x7ff0000 0x0 0x10000>; };\n"
			  "\t\t\tmemory@8010000 { reg = <0x0 0x8010000 0x0 0x90000>; };\n")),
		/* Right after one vCPU's redistributor frames. */
		GOOD(PART("b", BASIC(1) "\t\t\tmemory@80c0000 { reg = <0x0 0x80c0000 0x0 0x1000>; };\n")),
		/* Right after four vCPUs' frames, and after eight vCPUs' (time-sliced on 4 CPUs). */
		HEAD PARTS(PART("a", "\t\t\tvcpus = <4>;\n\t\t\tcpus = <0 1 2 3>;\n" ENTRY
				"\t\t\tmemory@8120000 { reg = <0x0 0x8120000 0x0 0x1000>; };\n")) TAIL,
		HEAD PARTS(PART("a", "\t\t\tvcpus = <8>;\n\t\t\tcpus = <0 1 2 3 0 1 2 3>;\n"
				"\t\t\ttime-slice-us = <1000>;\n" ENTRY
				"\t\t\tmemory@81a0000 { reg = <0x0 0x81a0000 0x0 0x1000>; };\n")) TAIL,
		/* Around the console's default page, and on it when it does not apply. */
		GOOD(PART("b", BASIC(1) "\t\t\tconsole { };\n"
			  "\t\t\tmemory@8fff000 { reg = <0x0 0x8fff000 0x0 0x1000>; };\n"
			  "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; guest-base = <0x0 0x9001000>; };\n")),
		GOOD(PART("b", BASIC(1) "\t\t\tconsole { base = <0x0 0x9010000>; };\n"
			  "\t\t\tmemory@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; };\n")),
		GOOD(PART("b", BASIC(1) "\t\t\tmemory@9000000 { reg = <0x0 0x9000000 0x0 0x1000>; };\n")),
		GOOD(PART("b", BASIC(1) "\t\t\tconsole { base = <0x0 0x9000000>; };\n")),
		/* A channel window between the distributor and the redistributors. */
		HEAD PARTS(A0 B1) RING_PEERS(PEER("a", "0x8090000", "rw"), PEER("b", "0x7ff0000", "r")) TAIL,
	};
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(srcs); i++) {
		void *blob = dtc(srcs[i], NULL, &len);
		unsigned int n = load_blob(blob, len);

		if (n) {
			dump_errors();
			fail_msg("placement %u: %u error(s)", i, n);
		}
		free(blob);
	}
}

/* Every overlapping object gets its own error, and a platform without a layout checks none. */
static void test_emulated_all_reported(void **state)
{
	struct mf_platform plat;
	size_t len;
	void *blob = dtc(HEAD PARTS(PART("a", "\t\t\tvcpus = <2>;\n\t\t\tcpus = <0 1>;\n" ENTRY
					 "\t\t\tmemory@8000000 { reg = <0x0 0x8000000 0x0 0x200000>; };\n"
					 "\t\t\tconsole { };\n"
					 "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; guest-base = <0x0 0x9000000>; };\n"))
			 TAIL, NULL, &len);

	assert_int_equal(load_blob(blob, len), 3);
	assert_int_equal(errs.e[0].code, MF_ERR_EMULATED);
	assert_string_equal(errs.e[0].msg, "manifest: partition \"a\": memory@8000000 (guest 0x8000000-0x81fffff) "
					   "overlaps the virtual GIC distributor (0x8000000-0x800ffff)");
	assert_string_equal(errs.e[1].msg, "manifest: partition \"a\": memory@8000000 (guest 0x8000000-0x81fffff) "
					   "overlaps the virtual GIC redistributors (0x80a0000-0x80dffff)");
	assert_string_equal(errs.e[2].msg, "manifest: partition \"a\": device@9010000 (guest 0x9000000-0x9000fff) "
					   "overlaps the console's default page (0x9000000-0x9000fff)");

	test_platform(&plat);
	plat.layout = NULL;
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 0);
	plat.layout = mf_arch_layout_find("x86");
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 0);
	free(blob);
}

/*
 * The first and last SPI of arm64's virtual GIC (32, 63) are accepted for
 * each kind; one device with several numbers outside gets an error for
 * each; and an architecture without a range (x86, s390) or a platform
 * without an architecture checks only irq-limit.
 */
static void test_irq_range_edges(void **state)
{
	const char *srcs[] = {
		GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <32>; };\n")),
		GOOD(PART("b", BASIC(1) "\t\t\tconsole { irq = <63>; };\n")),
		GOOD(PART("b", BASIC(1) "\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <32 63>; };\n")),
		HEAD PARTS(A0 B1) RING_PEERS(
			"\t\t\ta { guest-base = <0x0 0x50000000>; access = \"rw\"; doorbell-irq = <32>; };\n",
			"\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; doorbell-irq = <63>; };\n") TAIL,
	};
	const char *outside =
		HEAD PARTS(PART("a", BASIC(0) "\t\t\tconsole { irq = <0>; };\n"
				"\t\t\tdevice@9010000 { reg = <0x0 0x9010000 0x0 0x1000>; irqs = <16 255>; };\n")
			   B1) RING_PEERS(
			"\t\t\ta { guest-base = <0x0 0x50000000>; access = \"rw\"; doorbell-irq = <31>; };\n",
			"\t\t\tb { guest-base = <0x0 0x50000000>; access = \"r\"; doorbell-irq = <64>; };\n") TAIL;
	const char *const names[] = { "x86", "s390" };
	struct mf_platform plat;
	unsigned int i;
	size_t len;
	void *blob;

	for (i = 0; i < ARRAY_SIZE(srcs); i++) {
		unsigned int n;

		blob = dtc(srcs[i], NULL, &len);
		n = load_blob(blob, len);
		if (n) {
			dump_errors();
			fail_msg("edge %u: %u error(s)", i, n);
		}
		free(blob);
	}

	blob = dtc(outside, NULL, &len);
	assert_int_equal(load_blob(blob, len), 5);
	for (i = 0; i < 5; i++)
		assert_int_equal(errs.e[i].code, MF_ERR_VALUE);
	assert_string_equal(errs.e[0].msg, "manifest: partition \"a\": console: interrupt 0 is not one of the SPIs of the virtual GIC (32-63)");
	assert_string_equal(errs.e[1].msg, "manifest: partition \"a\": device@9010000: interrupt 16 is not one of the SPIs of the virtual GIC (32-63)");
	assert_string_equal(errs.e[2].msg, "manifest: partition \"a\": device@9010000: interrupt 255 is not one of the SPIs of the virtual GIC (32-63)");
	assert_string_equal(errs.e[3].msg, "manifest: channel \"ring\": peer \"a\": interrupt 31 is not one of the SPIs of the virtual GIC (32-63)");
	assert_string_equal(errs.e[4].msg, "manifest: channel \"ring\": peer \"b\": interrupt 64 is not one of the SPIs of the virtual GIC (32-63)");

	test_platform(&plat);
	plat.layout = NULL;
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 0);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		plat.layout = mf_arch_layout_find(names[i]);
		assert_int_equal(plat.layout->irq_end, 0);
		assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 0);
		assert_int_equal(m.part[0].console.irq, 0);
		assert_true(m.part[0].console.has_irq);
		assert_int_equal(m.part[0].dev[0].irq[1], 255);
		assert_int_equal(m.chan[0].peer[1].doorbell, 64);
	}
	/* irq-limit still applies there, and is checked first on arm64. */
	plat.irq_limit = 255;
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 1);
	assert_string_equal(errs.e[0].msg, "manifest: partition \"a\": device@9010000: interrupt 255 is not below 255");
	plat.layout = mf_arch_layout_find("arm64");
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 5);
	assert_string_equal(errs.e[2].msg, "manifest: partition \"a\": device@9010000: interrupt 255 is not below 255");
	free(blob);
}

/*
 * The table: found by either name; arm64's windows are where arch/arm64's
 * emulation puts them (arch/arm64/vgic.h, hyp/vpl011.h), below 2^32 (the
 * smallest IPA size), granule aligned and clear of each other even with
 * MF_MAX_VCPUS vCPUs.
 */
static void test_layout_table(void **state)
{
	const struct mf_arch_layout *a = mf_arch_layout_find("arm64");
	const char *names[][2] = { { "arm64", "arm64" }, { "x86_64", "x86" }, { "s390x", "s390" } };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		assert_non_null(mf_arch_layout_find(names[i][0]));
		assert_ptr_equal(mf_arch_layout_find(names[i][0]), mf_arch_layout_find(names[i][1]));
	}
	assert_null(mf_arch_layout_find("host"));
	assert_null(mf_arch_layout_find(""));
	assert_null(mf_arch_layout_find(NULL));
	assert_int_equal(mf_arch_layout_find("x86")->nwin, 0);
	assert_int_equal(mf_arch_layout_find("s390")->nwin, 0);

	assert_int_equal(a->nwin, 3);
	assert_int_equal(a->win[0].base, VGIC_GICD_BASE);
	assert_int_equal(mf_window_size(&a->win[0], 3), VGIC_GICD_SIZE);
	assert_int_equal(a->win[1].base, VGIC_GICR_BASE);
	assert_int_equal(mf_window_size(&a->win[1], 1), VGIC_GICR_STRIDE);
	assert_int_equal(mf_window_size(&a->win[1], 4), 4 * VGIC_GICR_STRIDE);
	assert_int_equal(a->win[2].base, VPL011_DEFAULT_BASE);
	assert_int_equal(mf_window_size(&a->win[2], 8), VPL011_SIZE);
	assert_int_equal(a->win[2].when, MF_WIN_CONSOLE_DEFAULT);
	assert_true(MF_MAX_VCPUS <= VGIC_MAX_CPUS);
	/* The interrupts a partition can own: the vGIC's SPIs, 32 to VGIC_NR_IRQ - 1. */
	assert_int_equal(a->irq_first, VGIC_NR_IRQ - VGIC_NR_SPI);
	assert_int_equal(a->irq_end, VGIC_NR_IRQ);
	assert_int_equal(a->irq_first, 32);
	assert_non_null(a->irq_what);
	assert_int_equal(mf_arch_layout_find("x86")->irq_end, 0);
	assert_int_equal(mf_arch_layout_find("s390")->irq_end, 0);
	for (i = 0; i < a->nwin; i++) {
		uint64_t si = mf_window_size(&a->win[i], MF_MAX_VCPUS);

		assert_true(is_aligned(a->win[i].base, 0x1000) && is_aligned(si, 0x1000));
		assert_true(si && a->win[i].base + si <= (1ull << 32));
		for (j = 0; j < i; j++)
			assert_false(ranges_overlap(a->win[i].base, si, a->win[j].base,
						    mf_window_size(&a->win[j], MF_MAX_VCPUS)));
	}
}

/* Without ipa-bits, the IPA size is the smallest (at least 32) covering every guest range. */
static void test_ipa_computed(void **state)
{
	size_t len;
	void *blob = dtc(GOOD(PART("b", BASIC(1) "\t\t\tmemory@ff00000000 { reg = <0xff 0x0 0x0 0x1000>; };\n"
				      "\t\t\tconsole { base = <0x0 0x9000000>; };\n")), NULL, &len);

	assert_int_equal(load_blob(blob, len), 0);
	assert_int_equal(m.part[0].ipa_bits, 32);	/* "a": 0x40000000-0x400fffff */
	assert_int_equal(m.part[1].ipa_bits, 40);	/* "b": up to 0xff00000fff */
	free(blob);
}

/* One table row: exactly one error, with its code and message. */
static void test_error_case(void **state)
{
	const struct mcase *t = *state;
	size_t len;
	void *blob = dtc(t->dts, NULL, &len);
	unsigned int n = load_blob(blob, len);

	free(blob);
	if (n != 1 || errs.count != 1 || errs.e[0].code != t->code || strcmp(errs.e[0].msg, t->msg) != 0) {
		print_message("expected 1 error [%s] %s\n got %u:\n", mf_err_name(t->code), t->msg, n);
		dump_errors();
		fail();
	}
}

/* Every code has a row, except those dtc cannot express or that need big inputs (tested below). */
static void test_error_table_complete(void **state)
{
	bool seen[MF_ERR_COUNT] = { false };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		seen[cases[i].code] = true;
	for (i = 1; i < MF_ERR_COUNT; i++)
		if (i != MF_ERR_BLOB && i != MF_ERR_LIMIT && i != MF_ERR_DUPLICATE && !seen[i])
			fail_msg("no table case for %s", mf_err_name(i));
}

/* ---- Cases dtc cannot express ------------------------------------------ */

static void begin_partition(struct fdtw *w, const char *name, uint32_t cpu)
{
	fdtw_begin(w, name);
	fdtw_prop_u32(w, "#address-cells", 2);
	fdtw_prop_u32(w, "#size-cells", 2);
	fdtw_prop_u32(w, "vcpus", 1);
	fdtw_prop_u32(w, "cpus", cpu);
	fdtw_prop_u64(w, "entry", 0x40000000);
}

/* The partition's memory node: after all its properties. */
static void add_memory(struct fdtw *w)
{
	fdtw_begin(w, "memory@40000000");
	{
		uint32_t reg[4] = { 0, 0x40000000, 0, 0x100000 };

		fdtw_prop_cells(w, "reg", reg, 4);
	}
	fdtw_prop_str(w, "access", "rwx");
	fdtw_end(w);
}

static unsigned int load_fdtw(struct fdtw *w)
{
	size_t len;
	uint8_t *blob;
	unsigned int n;

	blob = fdtw_blob(w, NULL, &len);
	n = load_blob(blob, len);
	free(blob);
	fdtw_free(w);
	return n;
}

static void expect_one(unsigned int n, enum mf_err code, const char *msg)
{
	if (n != 1 || errs.count != 1)
		dump_errors();
	assert_int_equal(n, 1);
	assert_string_equal(mf_err_name(errs.e[0].code), mf_err_name(code));
	assert_string_equal(errs.e[0].msg, msg);
}

static void root_begin(struct fdtw *w)
{
	fdtw_init(w);
	fdtw_begin(w, "");
	fdtw_prop_str(w, "compatible", MF_COMPATIBLE);
	fdtw_begin(w, "partitions");
}

static void test_duplicate_property(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	fdtw_prop_u32(&w, "vcpus", 1);
	add_memory(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: partition \"a\": property \"vcpus\" given twice");
}

static void test_duplicate_partition(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	add_memory(&w);
	fdtw_end(&w);
	begin_partition(&w, "a", 1);
	add_memory(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: /partitions: partition \"a\" given twice");
}

static void test_duplicate_console(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	add_memory(&w);
	fdtw_begin(&w, "console");
	fdtw_end(&w);
	fdtw_begin(&w, "console");
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: partition \"a\": node \"console\" given twice");
}

static void test_duplicate_root_node(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	add_memory(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_begin(&w, "hypervisor");
	fdtw_end(&w);
	fdtw_begin(&w, "hypervisor");
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: /: node \"hypervisor\" given twice");
}

static void add_peer(struct fdtw *w, const char *name, const char *access)
{
	fdtw_begin(w, name);
	fdtw_prop_u64(w, "guest-base", 0x50000000);
	fdtw_prop_str(w, "access", access);
	fdtw_end(w);
}

/* Two partitions "a" and "b", then /channels with the given channel nodes. */
static void two_partitions(struct fdtw *w)
{
	root_begin(w);
	begin_partition(w, "a", 0);
	add_memory(w);
	fdtw_end(w);
	begin_partition(w, "b", 1);
	add_memory(w);
	fdtw_end(w);
	fdtw_end(w);
	fdtw_begin(w, "channels");
}

static void test_duplicate_peer(void **state)
{
	struct fdtw w;

	two_partitions(&w);
	fdtw_begin(&w, "ring");
	fdtw_prop_u64(&w, "size", 0x1000);
	add_peer(&w, "a", "rw");
	add_peer(&w, "b", "r");
	add_peer(&w, "a", "r");
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: channel \"ring\": peer \"a\" given twice");
}

static void test_duplicate_channel(void **state)
{
	struct fdtw w;
	unsigned int i;

	two_partitions(&w);
	for (i = 0; i < 2; i++) {
		fdtw_begin(&w, "ring");
		fdtw_prop_u64(&w, "size", 0x1000);
		add_peer(&w, "a", "rw");
		add_peer(&w, "b", "r");
		fdtw_end(&w);
	}
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_DUPLICATE, "manifest: /channels: channel \"ring\" given twice");
}

static void test_string_not_terminated(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	fdtw_prop(&w, "fault-policy", "halt", 4);	/* no NUL */
	add_memory(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_PROP_FORM,
		   "manifest: partition \"a\": property \"fault-policy\" must be one non-empty string");
}

/* A name with control characters (an escape sequence) is printed defused. */
static void test_control_characters(void **state)
{
	struct fdtw w;

	root_begin(&w);
	begin_partition(&w, "a", 0);
	fdtw_prop_str(&w, "fault-policy", "\033[2Jboom\n");
	add_memory(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	expect_one(load_fdtw(&w), MF_ERR_VALUE,
		   "manifest: partition \"a\": property \"fault-policy\" is \"?[2Jboom?\" (expected halt, restart or reset-system)");
}

static void test_not_a_dtb(void **state)
{
	uint8_t junk[64];

	memset(junk, 0x5a, sizeof(junk));
	expect_one(load_blob(junk, sizeof(junk)), MF_ERR_BLOB, "manifest: bundle: not a valid device tree (bad magic)");
	junk[0] = 0xd0, junk[1] = 0x0d, junk[2] = 0xfe, junk[3] = 0xed;
	expect_one(load_blob(junk, 8), MF_ERR_BLOB, "manifest: bundle: not a valid device tree (truncated)");
}

static void test_truncated_bundle(void **state)
{
	size_t len;
	void *blob = dtc(GOOD(B1), NULL, &len);

	/* The header says more than is there: fdt_open() refuses, nothing is read. */
	expect_one(load_blob(blob, len - 1), MF_ERR_BLOB, "manifest: bundle: not a valid device tree (truncated)");
	free(blob);
}

/* ---- Limits, many errors ----------------------------------------------- */

static void test_limit_partitions(void **state)
{
	static char src[65536];
	char *p = src;
	unsigned int i;
	size_t len;
	void *blob;

	p += sprintf(p, HEAD "\tpartitions {\n");
	for (i = 0; i < MF_MAX_PARTITIONS + 1; i++)
		p += sprintf(p, PART("p%u", CPU(0) ENTRY "\t\t\ttime-slice-us = <1000>;\n"), i);
	sprintf(p, "\t};\n" TAIL);
	blob = dtc(src, NULL, &len);
	expect_one(load_blob(blob, len), MF_ERR_LIMIT, "manifest: /partitions: more than 16 partitions");
	/* The first 16 were read. */
	assert_int_equal(m.nparts, MF_MAX_PARTITIONS);
	free(blob);
}

static void test_limit_memory(void **state)
{
	static char src[65536];
	char *p = src;
	unsigned int i;
	size_t len;
	void *blob;

	p += sprintf(p, HEAD "\tpartitions {\n\t\ta {\n\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n"
		     CPU(0) ENTRY);
	for (i = 0; i < MF_MAX_MEM + 1; i++)
		p += sprintf(p, "\t\t\tmemory@%x { reg = <0x0 0x%x 0x0 0x1000>; access = \"rwx\"; };\n",
			     0x40000000 + i * 0x1000, 0x40000000 + i * 0x1000);
	sprintf(p, "\t\t};\n\t};\n" TAIL);
	blob = dtc(src, NULL, &len);
	expect_one(load_blob(blob, len), MF_ERR_LIMIT, "manifest: partition \"a\": more than 8 memory regions");
	free(blob);
}

/*
 * Bundles with more nodes than mf_load()'s node index holds (it then walks
 * the tokens) read the same way as small ones: 16 partitions of k memory
 * nodes each (2 + 16 * (1 + k) nodes: 34 indexed, 66 and 130 walked), all
 * values read back, and one misplaced node in the last partition reported
 * with its exact message.
 */
static void test_large_bundles(void **state)
{
	static const unsigned int ks[] = { 1, 3, 7 };
	static char src[65536];
	unsigned int t, bad, i, j, k, n;
	size_t len;
	void *blob;

	for (t = 0; t < ARRAY_SIZE(ks); t++) {
		for (bad = 0; bad < 2; bad++) {
			char *p = src;

			k = ks[t];
			p += sprintf(p, HEAD "\tpartitions {\n");
			for (i = 0; i < MF_MAX_PARTITIONS; i++) {
				p += sprintf(p, "\t\tp%u {\n\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n"
					     CPU(0) ENTRY "\t\t\ttime-slice-us = <1000>;\n", i);
				for (j = 0; j < k; j++)
					p += sprintf(p, "\t\t\tmemory@%x { reg = <0x0 0x%x 0x0 0x1000>; access = \"rwx\"; };\n",
						     0x40000000 + j * 0x1000, 0x40000000 + j * 0x1000);
				if (bad && i == MF_MAX_PARTITIONS - 1)
					p += sprintf(p, "\t\t\tstray { };\n");
				p += sprintf(p, "\t\t};\n");
			}
			sprintf(p, "\t};\n" TAIL);
			blob = dtc(src, NULL, &len);
			n = load_blob(blob, len);
			if (bad) {
				expect_one(n, MF_ERR_UNKNOWN_NODE, "manifest: partition \"p15\": unknown node \"stray\"");
			} else {
				if (n)
					dump_errors();
				assert_int_equal(n, 0);
			}
			assert_int_equal(m.nparts, MF_MAX_PARTITIONS);
			for (i = 0; i < MF_MAX_PARTITIONS; i++) {
				char name[8];

				snprintf(name, sizeof(name), "p%u", i);
				assert_string_equal(m.part[i].name, name);
				assert_int_equal(m.part[i].nmem, k);
				for (j = 0; j < k; j++) {
					assert_int_equal(m.part[i].mem[j].gpa, 0x40000000 + j * 0x1000);
					assert_int_equal(m.part[i].mem[j].size, 0x1000);
				}
			}
			free(blob);
		}
	}
}

static void test_limit_cells(void **state)
{
	size_t len;
	void *blob = dtc(GOOD(PART("b", "\t\t\tvcpus = <8>;\n\t\t\tcpus = <0 1 2 3 0 1 2 3 0>;\n"
				  "\t\t\ttime-slice-us = <1000>;\n" ENTRY)), NULL, &len);

	expect_one(load_blob(blob, len), MF_ERR_PROP_FORM,
		   "manifest: partition \"b\": property \"cpus\" must be 1 to 8 32-bit cells");
	free(blob);
}

/* Errors in several places are all reported, in document order. */
static void test_all_errors_collected(void **state)
{
	size_t len;
	void *blob = dtc(HEAD PARTS(PART("a", CPU(7) ENTRY "\t\t\tvcpu = <1>;\n")
				    PART("b", BASIC(1) "\t\t\tfault-policy = \"boom\";\n"))
			 "\thypervisor { console-input = \"c\"; };\n" TAIL, NULL, &len);

	assert_int_equal(load_blob(blob, len), 4);
	assert_int_equal(errs.count, 4);
	assert_int_equal(errs.e[0].code, MF_ERR_UNKNOWN_PROP);
	assert_string_equal(errs.e[0].msg, "manifest: partition \"a\": unknown property \"vcpu\"");
	assert_int_equal(errs.e[1].code, MF_ERR_VALUE);
	assert_string_equal(errs.e[1].msg,
			    "manifest: partition \"b\": property \"fault-policy\" is \"boom\" (expected halt, restart or reset-system)");
	assert_int_equal(errs.e[2].code, MF_ERR_REFERENCE);
	assert_int_equal(errs.e[3].code, MF_ERR_CPU_RANGE);
	assert_string_equal(errs.e[3].msg, "manifest: partition \"a\": vCPU 0 is pinned to cpu 7, the platform has 4 CPU(s)");
	free(blob);
}

struct lines {
	char buf[8192];
	size_t len;
	unsigned int n;
};

static void collect_line(void *ctx, const char *line)
{
	struct lines *l = ctx;
	int k = snprintf(l->buf + l->len, sizeof(l->buf) - l->len, "%s\n", line);

	assert_true(k > 0 && (size_t)k < sizeof(l->buf) - l->len);
	l->len += k;
	l->n++;
}

/* More errors than the list holds: the first 32 are kept, the rest counted. */
static void test_error_overflow(void **state)
{
	static char src[65536];
	char *p = src;
	static struct lines out;
	unsigned int i;
	size_t len;
	void *blob;

	p += sprintf(p, HEAD "\tpartitions {\n\t\ta {\n\t\t\t#address-cells = <2>;\n\t\t\t#size-cells = <2>;\n"
		     CPU(0) ENTRY);
	for (i = 0; i < 40; i++)
		p += sprintf(p, "\t\t\tbogus%u = <1>;\n", i);
	sprintf(p, MEM "\t\t};\n\t};\n" TAIL);
	blob = dtc(src, NULL, &len);
	assert_int_equal(load_blob(blob, len), 40);
	assert_int_equal(errs.count, MF_MAX_ERRORS);
	assert_int_equal(errs.dropped, 40 - MF_MAX_ERRORS);
	assert_string_equal(errs.e[31].msg, "manifest: partition \"a\": unknown property \"bogus31\"");
	memset(&out, 0, sizeof(out));
	mf_print_errors(&errs, collect_line, &out);
	assert_int_equal(out.n, MF_MAX_ERRORS + 2);
	assert_non_null(strstr(out.buf, "manifest: partition \"a\": unknown property \"bogus0\"\n"));
	assert_non_null(strstr(out.buf, "\nmanifest: 8 more error(s) not shown\nmanifest: 40 error(s)\n"));
	free(blob);
}

/* ---- Round trip: the examples ------------------------------------------ */

static const uint8_t idle_bytes[] = { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05 };
static const char guest_dtb_bytes[] = "a stand-in for the guest device tree";

static void *example(const char *name, size_t *len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/idle.bin", tmpdir);
	write_file(path, idle_bytes, sizeof(idle_bytes));
	snprintf(path, sizeof(path), "%s/arm64-linux.dtb", tmpdir);
	write_file(path, guest_dtb_bytes, sizeof(guest_dtb_bytes));
	snprintf(path, sizeof(path), "examples/%s.dts", name);
	return dtc(NULL, path, len);
}

static void load_example_with_platform(const char *name, const char *platform, void **blobp, size_t *lenp)
{
	struct mf_platform plat;
	struct fdt pf;
	char path[256], why[128];
	size_t plen;
	void *pblob;
	unsigned int n;

	snprintf(path, sizeof(path), "examples/platform/%s.dts", platform);
	pblob = dtc(NULL, path, &plen);
	assert_int_equal(fdt_open(&pf, pblob, plen), 0);
	assert_int_equal(mf_platform_from_fdt(&plat, &pf, why, sizeof(why)), 0);
	free(pblob);
	*blobp = example(name, lenp);
	n = mf_load(&m, *blobp, *lenp, &plat, &errs);
	if (n)
		dump_errors();
	assert_int_equal(n, 0);
}

static void expect_image(const struct mf_image *img, const char *name, uint64_t load, const void *bytes,
			 size_t size, const void *blob)
{
	assert_string_equal(img->name, name);
	assert_int_equal(img->load, load);
	assert_int_equal(img->size, size);
	assert_memory_equal(img->data, bytes, size);
	assert_ptr_equal((const uint8_t *)blob + img->offset, img->data);
}

static void test_example_arm64(void **state)
{
	const struct mf_partition *r, *l;
	const struct mf_channel *ch;
	size_t len;
	void *blob;

	load_example_with_platform("arm64-rtos-linux", "arm64-virt", &blob, &len);
	assert_int_equal(m.nparts, 2);
	assert_string_equal(m.model, "arm64 example: rtos + linux with a shared ring");
	assert_int_equal(m.console_input, 1);
	assert_int_equal(m.log_level, MF_LOG_INFO);
	assert_int_equal(m.watchdog_ms, 0);

	r = &m.part[0];
	assert_string_equal(r->name, "rtos");
	assert_int_equal(r->nvcpus, 1);
	assert_int_equal(r->pcpu[0], 1);
	assert_int_equal(r->vmid, 1);
	assert_int_equal(r->time_slice_us, 0);
	assert_int_equal(r->fault, MF_FAULT_RESTART);
	assert_int_equal(r->privileges, MF_PRIV_READ_STATS | MF_PRIV_STOP | MF_PRIV_RESTART);
	assert_int_equal(r->entry, 0x40000000);
	assert_int_equal(r->nboot_args, 0);
	assert_int_equal(r->ipa_bits, 32);
	assert_int_equal(r->nmem, 1);
	assert_int_equal(r->mem[0].gpa, 0x40000000);
	assert_int_equal(r->mem[0].size, 0x1000000);
	assert_true(r->mem[0].fixed_hpa);
	assert_int_equal(r->mem[0].hpa, 0x7e000000);
	assert_false(r->mem[0].lazy);
	assert_int_equal(r->mem[0].access, MF_ACC_R | MF_ACC_W | MF_ACC_X);
	assert_int_equal(r->nimages, 1);
	expect_image(&r->image[0], "firmware", 0x40000000, idle_bytes, sizeof(idle_bytes), blob);
	assert_int_equal(r->ndevices, 0);
	assert_true(r->console.present && r->console.has_base && r->console.has_irq);
	assert_int_equal(r->console.base, 0x09000000);
	assert_int_equal(r->console.irq, 33);

	l = &m.part[1];
	assert_string_equal(l->name, "linux");
	assert_int_equal(l->nvcpus, 2);
	assert_int_equal(l->pcpu[0], 2);
	assert_int_equal(l->pcpu[1], 3);
	assert_int_equal(l->vmid, 0);
	assert_int_equal(l->fault, MF_FAULT_HALT);
	assert_int_equal(l->privileges, 0);
	assert_int_equal(l->entry, 0x40200000);
	assert_int_equal(l->nboot_args, 4);
	assert_int_equal(l->boot_arg[0], 0x48000000);
	assert_int_equal(l->boot_arg[1], 0);
	assert_int_equal(l->boot_arg[3], 0);
	assert_int_equal(l->ipa_bits, 40);
	assert_int_equal(l->nmem, 1);
	assert_int_equal(l->mem[0].gpa, 0x40000000);
	assert_int_equal(l->mem[0].size, 0x10000000);
	assert_false(l->mem[0].fixed_hpa);
	assert_true(l->mem[0].lazy);
	assert_int_equal(l->nimages, 2);
	expect_image(&l->image[0], "kernel", 0x40200000, idle_bytes, sizeof(idle_bytes), blob);
	expect_image(&l->image[1], "dtb", 0x48000000, guest_dtb_bytes, sizeof(guest_dtb_bytes), blob);
	assert_int_equal(l->ndevices, 1);
	assert_int_equal(l->dev[0].hpa, 0x09010000);
	assert_int_equal(l->dev[0].gpa, 0x09010000);
	assert_int_equal(l->dev[0].size, 0x1000);
	assert_int_equal(l->dev[0].nirqs, 1);
	assert_int_equal(l->dev[0].irq[0], 34);

	assert_int_equal(m.nchannels, 1);
	ch = &m.chan[0];
	assert_string_equal(ch->name, "ring");
	assert_int_equal(ch->size, 0x10000);
	assert_false(ch->fixed_hpa);
	assert_int_equal(ch->npeers, 2);
	assert_int_equal(ch->peer[0].part, 0);
	assert_true(ch->peer[0].writable);
	assert_int_equal(ch->peer[0].gpa, 0x50000000);
	assert_true(ch->peer[0].has_doorbell);
	assert_int_equal(ch->peer[0].doorbell, 40);
	assert_int_equal(ch->peer[1].part, 1);
	assert_false(ch->peer[1].writable);
	free(blob);
}

static void test_example_x86(void **state)
{
	size_t len;
	void *blob;

	load_example_with_platform("x86-rtos-linux", "x86-q35", &blob, &len);
	assert_int_equal(m.nparts, 2);
	assert_string_equal(m.part[0].name, "rtos");
	assert_int_equal(m.part[0].entry, 0x100000);
	assert_int_equal(m.part[0].mem[0].gpa, 0);
	assert_int_equal(m.part[0].mem[0].hpa, 0x3e000000);
	assert_false(m.part[0].console.has_base);
	assert_int_equal(m.part[0].console.irq, 4);
	expect_image(&m.part[0].image[0], "firmware", 0x100000, idle_bytes, sizeof(idle_bytes), blob);
	assert_string_equal(m.part[1].name, "linux");
	assert_int_equal(m.part[1].nboot_args, 2);
	assert_int_equal(m.part[1].boot_arg[1], 0x7000);
	assert_int_equal(m.part[1].mem[0].size, 0x10000000);
	assert_int_equal(m.chan[0].peer[1].doorbell, 10);
	free(blob);
}

static void test_example_s390(void **state)
{
	size_t len;
	void *blob;

	load_example_with_platform("s390-rtos-linux", "s390-ccw", &blob, &len);
	assert_int_equal(m.nparts, 2);
	assert_int_equal(m.part[0].entry, 0x10000);
	assert_true(m.part[0].console.present);
	assert_false(m.part[0].console.has_base || m.part[0].console.has_irq);
	assert_false(m.chan[0].peer[0].has_doorbell);
	expect_image(&m.part[1].image[0], "kernel", 0x10000, idle_bytes, sizeof(idle_bytes), blob);
	free(blob);
}

static void test_example_timeslice(void **state)
{
	static const char *const names[] = { "monitor", "worker-a", "worker-b", "worker-c", "worker-d", "logger" };
	static const uint32_t cpu[] = { 1, 2, 2, 3, 3, 1 };
	size_t len;
	void *blob;
	unsigned int i;

	load_example_with_platform("arm64-timeslice", "arm64-virt", &blob, &len);
	assert_int_equal(m.nparts, 6);
	for (i = 0; i < 6; i++) {
		assert_string_equal(m.part[i].name, names[i]);
		assert_int_equal(m.part[i].pcpu[0], cpu[i]);
		assert_int_equal(m.part[i].time_slice_us, i == 0 ? 1000 : 2000);
		assert_int_equal(m.part[i].privileges, i == 0 ? (MF_PRIV_READ_DIRTY_LOG | MF_PRIV_READ_STATS |
								 MF_PRIV_STOP | MF_PRIV_RESTART) : 0);
		expect_image(&m.part[i].image[0], "image", 0x40000000, idle_bytes, sizeof(idle_bytes), blob);
	}
	assert_int_equal(m.part[0].fault, MF_FAULT_RESET_SYSTEM);
	assert_int_equal(m.part[5].fault, MF_FAULT_RESTART);
	assert_int_equal(m.log_level, MF_LOG_DEBUG);
	assert_int_equal(m.watchdog_ms, 1000);
	assert_int_equal(m.console_input, 0);
	assert_int_equal(m.nchannels, 1);
	assert_int_equal(m.chan[0].npeers, 3);
	assert_false(m.chan[0].peer[0].writable);
	assert_int_equal(m.chan[0].peer[0].doorbell, 48);
	assert_int_equal(m.chan[0].peer[2].part, 2);
	assert_true(m.chan[0].peer[2].writable);
	free(blob);
}

/* bulkhead-check without --platform: every example passes the permissive default. */
static void test_examples_default_platform(void **state)
{
	static const char *const names[] = { "arm64-rtos-linux", "arm64-timeslice", "x86-rtos-linux",
					     "s390-rtos-linux" };
	struct mf_platform plat;
	unsigned int i, n;
	size_t len;

	mf_platform_default(&plat);
	assert_int_equal(plat.nram, 0);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		void *blob = example(names[i], &len);

		n = mf_load(&m, blob, len, &plat, &errs);
		if (n)
			dump_errors();
		assert_int_equal(n, 0);
		assert_true(m.nparts >= 2);
		free(blob);
	}
}

/* The arm64 example against the arm64 platform in a smaller machine: errors. */
static void test_example_small_platform(void **state)
{
	struct mf_platform plat;
	size_t len;
	void *blob = example("arm64-rtos-linux", &len);

	mf_platform_default(&plat);
	plat.cpus = 2;
	plat.nram = 1;
	plat.ram[0] = (struct mf_range){ 0x40000000, 0x10000000 };
	assert_int_equal(mf_load(&m, blob, len, &plat, &errs), 4);
	assert_string_equal(errs.e[0].msg,
			    "manifest: partition \"rtos\": memory@40000000: host 0x7e000000-0x7effffff is not inside RAM");
	assert_string_equal(errs.e[1].msg, "manifest: partition \"linux\": vCPU 0 is pinned to cpu 2, the platform has 2 CPU(s)");
	assert_string_equal(errs.e[2].msg, "manifest: partition \"linux\": vCPU 1 is pinned to cpu 3, the platform has 2 CPU(s)");
	assert_string_equal(errs.e[3].msg,
			    "manifest: partitions and channels need 0x11010000 bytes of memory, the platform has 0x10000000");
	free(blob);
}

static void test_platform_from_fdt(void **state)
{
	struct mf_platform p;
	struct fdt f;
	char why[128];
	size_t len;
	void *blob = dtc(NULL, "examples/platform/arm64-virt.dts", &len);

	assert_int_equal(fdt_open(&f, blob, len), 0);
	assert_int_equal(mf_platform_from_fdt(&p, &f, why, sizeof(why)), 0);
	assert_int_equal(p.cpus, 4);
	assert_int_equal(p.nram, 1);
	assert_int_equal(p.ram[0].base, 0x40000000);
	assert_int_equal(p.ram[0].size, 0x40000000);
	assert_int_equal(p.nrsv, 1);
	assert_int_equal(p.rsv[0].base, 0x40000000);
	assert_int_equal(p.rsv[0].size, 0x4000000);
	assert_int_equal(p.ndev, 4);
	assert_int_equal(p.dev[1].base, 0x08080000);	/* the ITS */
	assert_int_equal(p.dev[1].size, 0x20000);
	assert_int_equal(p.dev[2].base, 0x080a0000);
	assert_int_equal(p.dev[2].size, 0xf60000);
	assert_int_equal(p.dev[3].base, 0x09000000);
	assert_int_equal(p.ndma, 6);
	assert_int_equal(p.dma[0].base, 0x09020000);
	assert_int_equal(p.dma[0].size, 0x18);
	assert_int_equal(p.dma[2].base, 0x4010000000ull);
	assert_int_equal(p.dma[5].base, 0x8000000000ull);
	assert_int_equal(p.dma[5].size, 0x8000000000ull);
	assert_null(p.dma_master);
	assert_int_equal(p.nirq, 5);
	assert_int_equal(p.irq[0], 33);
	assert_int_equal(p.irq[4], 30);
	assert_int_equal(p.ipa_bits_max, 44);
	assert_int_equal(p.vmid_max, 255);
	assert_int_equal(p.irq_limit, 1020);
	assert_int_equal(p.granule, 4096);
	assert_ptr_equal(p.layout, mf_arch_layout_find("arm64"));
	free(blob);

	/* A tree without memory is refused with a reason. */
	blob = dtc("/dts-v1/;\n/ { cpus { cpu@0 { device_type = \"cpu\"; reg = <0>; }; }; };\n", NULL, &len);
	assert_int_equal(fdt_open(&f, blob, len), 0);
	assert_int_equal(mf_platform_from_fdt(&p, &f, why, sizeof(why)), -1);
	assert_string_equal(why, "no memory node (device_type = \"memory\")");
	free(blob);
}

/* Every way a platform description is refused, with its reason. */
static void test_platform_errors(void **state)
{
#define PH "/dts-v1/;\n/ {\n #address-cells = <2>;\n #size-cells = <2>;\n" \
	" memory@0 { device_type = \"memory\"; reg = <0x0 0x0 0x0 0x10000000>; };\n"
#define PCPU " cpus { #address-cells = <1>; #size-cells = <0>; cpu@0 { device_type = \"cpu\"; reg = <0>; }; };\n"
	static const struct { const char *dts, *why; } t[] = {
		{ PH "};\n", "no CPU under /cpus (device_type = \"cpu\")" },
		{ PH PCPU " bulkhead-hypervisor { irqs = /bits/ 8 <1 2 3>; };\n};\n",
		  "/bulkhead-hypervisor: irqs must be 0 to 32 cells" },
		{ PH PCPU " bulkhead-hypervisor { ipa-bits = <70>; };\n};\n",
		  "/bulkhead-hypervisor: ipa-bits must be one cell, 32 to 64" },
		{ PH PCPU " bulkhead-hypervisor { vmid-max = /bits/ 64 <7>; };\n};\n",
		  "/bulkhead-hypervisor: vmid-max must be one cell, 1 to 65535" },
		{ PH PCPU " bulkhead-hypervisor { devices = <0x0 0x9000000 0x1000>; };\n};\n",
		  "/bulkhead-hypervisor: devices must be 0 to 16 <address size> pairs" },
		{ PH PCPU " bulkhead-hypervisor { devices = <0xffffffff 0xfffff000 0x0 0x2000>; };\n};\n",
		  "/bulkhead-hypervisor: devices entry 0 wraps" },
		{ PH PCPU " reserved-memory { #address-cells = <2>; #size-cells = <2>; ranges;\n"
		  "  r@0 { reg = <0x0 0x0 0x0>; };\n };\n};\n",
		  "reserved r@0: bad reg (bad property value)" },
		{ PH PCPU " bulkhead-hypervisor { arch = \"sparc\"; };\n};\n",
		  "/bulkhead-hypervisor: arch must be arm64, x86 or s390" },
		{ PH PCPU " bulkhead-hypervisor { arch = <1>; };\n};\n",
		  "/bulkhead-hypervisor: arch must be arm64, x86 or s390" },
	};
	struct mf_platform p;
	struct fdt f;
	char why[128];
	unsigned int i;
	size_t len;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		void *blob = dtc(t[i].dts, NULL, &len);

		assert_int_equal(fdt_open(&f, blob, len), 0);
		strcpy(why, "(none)");
		if (mf_platform_from_fdt(&p, &f, why, sizeof(why)) != -1 || strcmp(why, t[i].why) != 0)
			fail_msg("platform case %u: expected \"%s\", got \"%s\"", i, t[i].why, why);
		free(blob);
	}
#undef PH
#undef PCPU
}

static void test_summary(void **state)
{
	static struct lines out;
	size_t len;
	void *blob;

	load_example_with_platform("arm64-rtos-linux", "arm64-virt", &blob, &len);
	memset(&out, 0, sizeof(out));
	mf_summary(&m, collect_line, &out);
	assert_string_equal(out.buf,
		"manifest: partition \"rtos\": 1 vCPU(s) on cpu 1, entry 0x40000000, 32-bit IPA, vmid 1, fault restart\n"
		"manifest:   privileges stop restart read-stats\n"
		"manifest:   memory 0x40000000-0x40ffffff (16 MiB) rwx at host 0x7e000000\n"
		"manifest:   image-firmware: 9 bytes at 0x40000000\n"
		"manifest:   console at 0x9000000, irq 33\n"
		"manifest: partition \"linux\": 2 vCPU(s) on cpu 2,3, entry 0x40200000, 40-bit IPA, vmid auto, fault halt\n"
		"manifest:   boot-args 0x48000000 0x0 0x0 0x0\n"
		"manifest:   memory 0x40000000-0x4fffffff (256 MiB) rwx lazy\n"
		"manifest:   image-kernel: 9 bytes at 0x40200000\n"
		"manifest:   image-dtb: 37 bytes at 0x48000000\n"
		"manifest:   device 0x9010000 (4 KiB) at guest 0x9010000, irq 34\n"
		"manifest:   console at 0x9000000, irq 33\n"
		"manifest: channel \"ring\": 64 KiB, peers rtos (rw at 0x50000000), linux (r at 0x50000000)\n"
		"manifest: 2 partition(s), 1 channel(s); console input \"linux\", log level info, watchdog 0 ms\n");
	free(blob);
}

static void test_err_names(void **state)
{
	unsigned int i;

	for (i = 0; i < MF_ERR_COUNT; i++)
		assert_string_not_equal(mf_err_name(i), "MF_ERR_?");
	assert_string_equal(mf_err_name(MF_ERR_COUNT), "MF_ERR_?");
	assert_string_equal(mf_err_name(MF_ERR_HOST_OVERLAP), "MF_ERR_HOST_OVERLAP");
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bulkhead-mf-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_baseline_valid),
		cmocka_unit_test(test_error_table_complete),
		cmocka_unit_test(test_ipa_computed),
		cmocka_unit_test(test_emulated_clear),
		cmocka_unit_test(test_emulated_all_reported),
		cmocka_unit_test(test_layout_table),
		cmocka_unit_test(test_irq_range_edges),
		cmocka_unit_test(test_duplicate_property),
		cmocka_unit_test(test_duplicate_partition),
		cmocka_unit_test(test_duplicate_console),
		cmocka_unit_test(test_duplicate_root_node),
		cmocka_unit_test(test_duplicate_peer),
		cmocka_unit_test(test_duplicate_channel),
		cmocka_unit_test(test_string_not_terminated),
		cmocka_unit_test(test_control_characters),
		cmocka_unit_test(test_not_a_dtb),
		cmocka_unit_test(test_truncated_bundle),
		cmocka_unit_test(test_limit_partitions),
		cmocka_unit_test(test_limit_memory),
		cmocka_unit_test(test_limit_cells),
		cmocka_unit_test(test_large_bundles),
		cmocka_unit_test(test_all_errors_collected),
		cmocka_unit_test(test_error_overflow),
		cmocka_unit_test(test_example_arm64),
		cmocka_unit_test(test_example_x86),
		cmocka_unit_test(test_example_s390),
		cmocka_unit_test(test_example_timeslice),
		cmocka_unit_test(test_examples_default_platform),
		cmocka_unit_test(test_example_small_platform),
		cmocka_unit_test(test_platform_from_fdt),
		cmocka_unit_test(test_platform_errors),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_err_names),
	};
	static struct CMUnitTest tests[ARRAY_SIZE(fixed) + ARRAY_SIZE(cases)];
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(fixed); i++)
		tests[n++] = fixed[i];
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		tests[n] = (struct CMUnitTest){ .name = cases[i].name, .test_func = test_error_case,
						.initial_state = (void *)&cases[i] };
		n++;
	}
	return _cmocka_run_group_tests("manifest", tests, n, setup, teardown);
}
