// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/s390/parse.c. SCCBs are built here byte by byte from
 * the published Read SCP Info layout (literal offsets, big-endian), not from
 * the decoder's own definitions: a well-formed QEMU-like reply, the extended
 * storage fields, the SIEF2 bit, and hostile replies (lengths, offsets and
 * counts that overrun, duplicate CPUs, no or overflowing storage). Command
 * lines are checked against expected whole-word matches.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/s390/parse.h"

static uint8_t sccb[4096];
static struct sclp_info info;
static char why[128];

static void put(unsigned int off, uint64_t v, unsigned int n)
{
	while (n--) {
		sccb[off + n] = (uint8_t)v;
		v >>= 8;
	}
}

/* A reply like QEMU 7.2's for -m <mib>M -smp <ncpus>: entries at 128. */
static void build(unsigned int mib, unsigned int ncpus)
{
	unsigned int i;

	memset(sccb, 0, sizeof(sccb));
	put(0, 4096, 2);		/* SCCB length */
	put(6, 0x0010, 2);		/* response: normal read completion */
	put(8, mib, 2);			/* rnmax */
	put(10, 1, 1);			/* rnsize: 1 MiB */
	put(16, ncpus, 2);		/* CPU entries */
	put(18, 128, 2);		/* their offset */
	for (i = 0; i < ncpus; i++) {
		put(128 + 16 * i, i, 1);	/* CPU address */
		put(128 + 16 * i + 14, 0, 1);	/* type CP */
	}
}

static int decode(void)
{
	return sclp_decode_info(sccb, sizeof(sccb), &info, why, sizeof(why));
}

static void test_qemu_1g_4cpus(void **state)
{
	unsigned int i;

	build(1024, 4);
	assert_int_equal(decode(), 0);
	assert_int_equal(info.mem_size, 1ull << 30);
	assert_int_equal(info.incr_size, 1ull << 20);
	assert_int_equal(info.incr_count, 1024);
	assert_false(info.ext_rnmax);
	assert_false(info.ext_rnsize);
	assert_int_equal(info.ncpus, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(info.cpu[i].addr, i);
		assert_false(info.cpu[i].sief2);
	}
}

static void test_extended_rnmax(void **state)
{
	build(0, 2);
	put(104, 71680, 8);		/* rnmax2: 70 GiB of 1 MiB increments */
	assert_int_equal(decode(), 0);
	assert_true(info.ext_rnmax);
	assert_false(info.ext_rnsize);
	assert_int_equal(info.mem_size, 70ull << 30);
}

static void test_extended_rnsize(void **state)
{
	build(1000, 1);
	put(10, 0, 1);
	put(100, 256, 4);		/* rnsize2: 256 MiB increments */
	assert_int_equal(decode(), 0);
	assert_true(info.ext_rnsize);
	assert_int_equal(info.incr_size, 256ull << 20);
	assert_int_equal(info.mem_size, 256000ull << 20);
}

static void test_sief2_and_type(void **state)
{
	build(64, 3);
	put(128 + 16 * 1 + 2, 0x08, 1);	/* CPU 1: SIEF2 */
	put(128 + 16 * 2 + 2, 0xf7, 1);	/* CPU 2: every other bit of the byte */
	put(128 + 16 * 2 + 14, 3, 1);	/* CPU 2: IFL */
	assert_int_equal(decode(), 0);
	assert_false(info.cpu[0].sief2);
	assert_true(info.cpu[1].sief2);
	assert_false(info.cpu[2].sief2);
	assert_int_equal(info.cpu[2].type, 3);
}

static void expect_reject(const char *needle)
{
	assert_int_equal(decode(), -1);
	assert_non_null(strstr(why, needle));
	assert_int_equal(info.ncpus, 0);
	assert_int_equal(info.mem_size, 0);
}

static void test_hostile_lengths(void **state)
{
	build(1024, 4);
	put(0, 19, 2);
	expect_reject("SCCB length 19");
	build(1024, 4);
	put(0, 4097, 2);
	expect_reject("SCCB length 4097");
	build(1024, 4);
	assert_int_equal(sclp_decode_info(sccb, 10, &info, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "shorter than the header"));
	/* The SCCB length says less than the entries need. */
	build(1024, 4);
	put(0, 128 + 4 * 16 - 1, 2);
	expect_reject("outside the 191-byte SCCB body");
	build(1024, 4);
	put(0, 128 + 4 * 16, 2);	/* exactly enough */
	assert_int_equal(decode(), 0);
}

static void test_hostile_cpu_entries(void **state)
{
	build(1024, 4);
	put(16, 0, 2);
	expect_reject("no CPU entries");
	build(1024, 4);
	put(16, 249, 2);
	expect_reject("249 CPU entries, more than 248");
	build(1024, 4);
	put(18, 12, 2);			/* entries over the header */
	expect_reject("offset 12");
	build(1024, 4);
	put(18, 0xfff0, 2);		/* far beyond the SCCB */
	expect_reject("offset 65520");
	build(1024, 248);		/* 128 + 248 * 16 == 4096: the most that fits */
	assert_int_equal(decode(), 0);
	assert_int_equal(info.ncpus, 248);
	put(18, 144, 2);		/* 144 + 248 * 16 > 4096 */
	expect_reject("outside the 4096-byte SCCB body");
	build(1024, 4);
	put(128 + 16 * 3, 1, 1);	/* CPU 3 claims address 1 */
	expect_reject("CPU address 0x1 listed twice");
}

static void test_hostile_storage(void **state)
{
	build(0, 1);
	expect_reject("no storage");		/* rnmax and rnmax2 both 0 */
	build(1024, 1);
	put(10, 0, 1);
	expect_reject("no storage");		/* rnsize and rnsize2 both 0 */
	build(0, 1);
	put(18, 24, 2);				/* fixed part too short for rnmax2 */
	put(104, 5, 8);
	expect_reject("no extended fields");
	build(0, 1);
	put(104, 1ull << 50, 8);		/* 2^50 MiB does not fit 64 bits */
	expect_reject("overflows");
	build(0, 1);
	put(10, 0, 1);
	put(100, 0xffffffffu, 4);
	put(104, 0xffffffffffffffffull, 8);
	expect_reject("overflows");
}

static void test_cmdline(void **state)
{
	char v[8];

	assert_null(cmdline_option("", "a", v, sizeof(v)));
	assert_null(cmdline_option("   ", "a", v, sizeof(v)));
	assert_string_equal(cmdline_option("a", "a", v, sizeof(v)), "");
	assert_string_equal(cmdline_option("x  a  y", "a", v, sizeof(v)), "");
	assert_string_equal(cmdline_option("x a=1 y", "a", v, sizeof(v)), "1");
	assert_string_equal(cmdline_option("a=", "a", v, sizeof(v)), "");
	assert_null(cmdline_option("ab a.b xa", "a", v, sizeof(v)));
	assert_null(cmdline_option("bulkhead.crashtestx", "bulkhead.crashtest", v, sizeof(v)));
	assert_string_equal(cmdline_option("bulkhead.crashtest=secondary", "bulkhead.crashtest", v,
					   sizeof(v)), "seconda");	/* truncated to 7 */
	assert_string_equal(cmdline_option("a=1 a=2", "a", v, sizeof(v)), "1");	/* first wins */
	assert_string_equal(cmdline_option("a==b", "a", v, sizeof(v)), "=b");
	assert_null(cmdline_option("abc", "", v, sizeof(v)));
	assert_string_equal(cmdline_option("a=xyz", "a", v, 1), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_1g_4cpus),
		cmocka_unit_test(test_extended_rnmax),
		cmocka_unit_test(test_extended_rnsize),
		cmocka_unit_test(test_sief2_and_type),
		cmocka_unit_test(test_hostile_lengths),
		cmocka_unit_test(test_hostile_cpu_entries),
		cmocka_unit_test(test_hostile_storage),
		cmocka_unit_test(test_cmdline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
