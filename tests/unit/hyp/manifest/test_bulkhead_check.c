// SPDX-License-Identifier: MIT
/*
 * Unit tests of the offline checker's command line (tools/bulkhead-check.c,
 * compiled here with main renamed to check_main): each run happens in a
 * forked child with stdout and stderr captured, so exit() paths are tested
 * too. Exit status 0 valid, 1 manifest errors, 2 usage / I/O / platform.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

/* The build renames the tool's main() (-Dmain=check_main); this file keeps its own. */
#undef main
int check_main(int argc, char **argv);

static char tmpdir[64];

struct run {
	int status;
	char out[8192];
	char err[2048];
};

static void slurp_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t k;

	while (n + 1 < cap && (k = read(fd, buf + n, cap - 1 - n)) > 0)
		n += (size_t)k;
	buf[n] = '\0';
}

/* Run check_main(args...) in a child; NULL-terminated argument list. */
static void run(struct run *r, ...)
{
	char *argv[8];
	int argc = 0, out[2], err[2], st;
	pid_t pid;
	va_list ap;

	argv[argc++] = "bulkhead-check";
	va_start(ap, r);
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		exit(check_main(argc, argv));
	}
	close(out[1]);
	close(err[1]);
	slurp_fd(out[0], r->out, sizeof(r->out));
	slurp_fd(err[0], r->err, sizeof(r->err));
	close(out[0]);
	close(err[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	r->status = WEXITSTATUS(st);
}

static char *path(const char *name)
{
	static char buf[4][128];
	static unsigned int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", tmpdir, name);
	return buf[i];
}

static void dtc_to(const char *src, const char *out)
{
	char cmd[512], *dts = path("in.dts");
	FILE *fp = fopen(dts, "w");

	assert_non_null(fp);
	fputs(src, fp);
	fclose(fp);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o %s %s", out, dts);
	assert_int_equal(system(cmd), 0);
}

#define GOOD "/dts-v1/;\n/ { compatible = \"bulkhead,manifest-1\"; partitions { p {\n" \
	"#address-cells = <2>; #size-cells = <2>; vcpus = <1>; cpus = <2>; entry = <0x0 0x40000000>;\n" \
	"memory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; host-base = <0x0 0x50000000>; };\n" \
	"}; }; };\n"
#define PLATFORM(cpus) "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n" \
	"memory@40000000 { device_type = \"memory\"; reg = <0x0 0x40000000 0x0 0x40000000>; };\n" \
	"cpus { #address-cells = <1>; #size-cells = <0>; " cpus " };\n};\n"
#define CPU(n) "cpu@" #n " { device_type = \"cpu\"; reg = <" #n ">; };"

static void test_valid_summary(void **state)
{
	struct run r;

	dtc_to(GOOD, path("good.dtb"));
	run(&r, path("good.dtb"), NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
		"manifest: partition \"p\": 1 vCPU(s) on cpu 2, entry 0x40000000, 32-bit IPA, vmid auto, fault halt\n"
		"manifest:   memory 0x40000000-0x400fffff (1 MiB) rwx at host 0x50000000\n"
		"manifest: 1 partition(s), 0 channel(s); console input \"p\", log level info, watchdog 0 ms\n");
	assert_string_equal(r.err, "");
	run(&r, path("good.dtb"), "--quiet", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
}

/* The platform decides: 4 CPUs accept the pin to CPU 2, 2 CPUs do not. */
static void test_platform(void **state)
{
	struct run r;

	dtc_to(GOOD, path("good.dtb"));
	dtc_to(PLATFORM(CPU(0) CPU(1) CPU(2) CPU(3)), path("p4.dtb"));
	dtc_to(PLATFORM(CPU(0) CPU(1)), path("p2.dtb"));
	run(&r, path("good.dtb"), "--platform", path("p4.dtb"), "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, "--platform", path("p2.dtb"), path("good.dtb"), NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out,
		"manifest: partition \"p\": vCPU 0 is pinned to cpu 2, the platform has 2 CPU(s)\n"
		"manifest: 1 error(s)\n");
}

static void test_errors(void **state)
{
	struct run r;

	dtc_to("/dts-v1/;\n/ { compatible = \"bulkhead,manifest-1\"; hypervisor { log-level = \"loud\"; }; };\n",
	       path("bad.dtb"));
	run(&r, path("bad.dtb"), NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out,
		"manifest: /: missing node \"partitions\"\n"
		"manifest: /hypervisor: property \"log-level\" is \"loud\" (expected error, warn, info or debug)\n"
		"manifest: 2 error(s)\n");
}

static void test_usage_and_io(void **state)
{
	struct run r;
	FILE *fp;

	run(&r, NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "usage: bulkhead-check BUNDLE.dtb"));
	run(&r, "a.dtb", "b.dtb", NULL);
	assert_int_equal(r.status, 2);
	run(&r, "--frobnicate", "a.dtb", NULL);
	assert_int_equal(r.status, 2);
	run(&r, path("good.dtb"), "--platform", NULL);
	assert_int_equal(r.status, 2);
	run(&r, path("missing.dtb"), NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "missing.dtb: No such file or directory"));

	/* A platform that is not a DTB, or lacks memory, is a usage-level error. */
	fp = fopen(path("junk"), "w");
	assert_non_null(fp);
	fputs("not a device tree at all, just some text long enough for a header", fp);
	fclose(fp);
	dtc_to(GOOD, path("good.dtb"));
	run(&r, path("good.dtb"), "--platform", path("junk"), NULL);
	if (r.status != 2)
		fail_msg("status %d\nout: %s\nerr: %s", r.status, r.out, r.err);
	assert_non_null(strstr(r.err, "junk: not a valid device tree (bad magic)"));
	dtc_to("/dts-v1/;\n/ { cpus { cpu@0 { device_type = \"cpu\"; reg = <0>; }; }; };\n", path("nomem.dtb"));
	run(&r, path("good.dtb"), "--platform", path("nomem.dtb"), NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "nomem.dtb: no memory node (device_type = \"memory\")"));

	/* The junk as a bundle: a manifest error (exit 1), not a usage error. */
	run(&r, path("junk"), NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "manifest: bundle: not a valid device tree (bad magic)\nmanifest: 1 error(s)\n");
}

/*
 * The target architecture decides which guest windows are emulated: from
 * --arch, or the platform's /bulkhead-hypervisor "arch"; neither: unchecked.
 */
#define ON_GIC "/dts-v1/;\n/ { compatible = \"bulkhead,manifest-1\"; partitions { p {\n" \
	"#address-cells = <2>; #size-cells = <2>; vcpus = <1>; cpus = <2>; entry = <0x0 0x40000000>;\n" \
	"memory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; };\n" \
	"memory@8000000 { reg = <0x0 0x8000000 0x0 0x1000>; };\n" \
	"}; }; };\n"
#define ON_GIC_ERR "manifest: partition \"p\": memory@8000000 (guest 0x8000000-0x8000fff) overlaps the virtual GIC " \
	"distributor (0x8000000-0x800ffff)\nmanifest: 1 error(s)\n"
#define PLATFORM_ARCH(a) "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n" \
	"memory@40000000 { device_type = \"memory\"; reg = <0x0 0x40000000 0x0 0x40000000>; };\n" \
	"cpus { #address-cells = <1>; #size-cells = <0>; " CPU(0) CPU(1) CPU(2) " };\n" \
	"bulkhead-hypervisor { arch = \"" a "\"; };\n};\n"

static void test_arch(void **state)
{
	struct run r;

	dtc_to(ON_GIC, path("gic.dtb"));
	dtc_to(PLATFORM_ARCH("arm64"), path("parm.dtb"));
	dtc_to(PLATFORM_ARCH("x86"), path("px86.dtb"));
	run(&r, path("gic.dtb"), "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("gic.dtb"), "--arch", "x86", "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("gic.dtb"), "--arch", "arm64", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, ON_GIC_ERR);
	run(&r, path("gic.dtb"), "--platform", path("parm.dtb"), NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, ON_GIC_ERR);
	run(&r, path("gic.dtb"), "--platform", path("px86.dtb"), "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("gic.dtb"), "--platform", path("parm.dtb"), "--arch", "arm64", NULL);
	assert_int_equal(r.status, 1);
	/* A contradiction, or an unknown name, is a usage-level error. */
	run(&r, path("gic.dtb"), "--platform", path("px86.dtb"), "--arch", "arm64", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--arch arm64, but"));
	run(&r, path("gic.dtb"), "--arch", "sparc", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown architecture \"sparc\""));
	run(&r, path("gic.dtb"), "--arch", NULL);
	assert_int_equal(r.status, 2);
}

/* The interrupt range comes from the architecture too: arm64 only SPIs 32-63, x86 and s390 none. */
#define CON_IRQ4 "/dts-v1/;\n/ { compatible = \"bulkhead,manifest-1\"; partitions { p {\n" \
	"#address-cells = <2>; #size-cells = <2>; vcpus = <1>; cpus = <2>; entry = <0x0 0x40000000>;\n" \
	"memory@40000000 { reg = <0x0 0x40000000 0x0 0x100000>; access = \"rwx\"; };\n" \
	"console { irq = <4>; };\n" \
	"}; }; };\n"
#define CON_IRQ4_ERR "manifest: partition \"p\": console: interrupt 4 is not one of the SPIs of the virtual GIC " \
	"(32-63)\nmanifest: 1 error(s)\n"

static void test_arch_irq(void **state)
{
	struct run r;

	dtc_to(CON_IRQ4, path("irq4.dtb"));
	dtc_to(PLATFORM_ARCH("arm64"), path("parm.dtb"));
	run(&r, path("irq4.dtb"), "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("irq4.dtb"), "--arch", "x86", "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("irq4.dtb"), "--arch", "s390", "--quiet", NULL);
	assert_int_equal(r.status, 0);
	run(&r, path("irq4.dtb"), "--arch", "arm64", NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, CON_IRQ4_ERR);
	run(&r, path("irq4.dtb"), "--platform", path("parm.dtb"), NULL);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, CON_IRQ4_ERR);
}

static int setup(void **state)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/bulkhead-chk-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_summary),
		cmocka_unit_test(test_platform),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_usage_and_io),
		cmocka_unit_test(test_arch),
		cmocka_unit_test(test_arch_irq),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
