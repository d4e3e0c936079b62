// SPDX-License-Identifier: MIT
/*
 * Unit tests for boot/fdt.c. Valid blobs come from an independent writer
 * (tests/unit/lib/fdtw.c), from dtc (tests/unit/boot/sample.dts, compiled at
 * build time) and from random trees checked against an in-test model; hostile
 * blobs cover every check fdt_open() promises, with the exact error code.
 * Every blob is copied into a buffer of exactly its size (optionally at an odd
 * address) so ASan sees any read past its end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "boot/fdt.h"
#include "fdtw.h"
#include "fdt_exercise.h"

/* From build/host/gen/fdt_sample_dtb.c (dtc -O dtb tests/unit/boot/sample.dts). */
extern const unsigned char fdt_sample_dtb[];
extern const unsigned int fdt_sample_dtb_len;

/* ------------------------------------------------------------------------- */

/* A blob copied to an exactly-sized heap buffer at offset `mis` (0..7). */
struct held {
	uint8_t *mem;
	uint8_t *blob;
	size_t len;
};

static struct held hold(const void *src, size_t len, unsigned int mis)
{
	struct held h;

	h.mem = malloc(len + mis + 1);
	assert_non_null(h.mem);
	/* Put the blob at the very end of the allocation. */
	h.blob = h.mem + 1 + mis;
	memcpy(h.blob, src, len);
	h.len = len;
	return h;
}

static void drop(struct held *h)
{
	free(h->mem);
	h->mem = h->blob = NULL;
}

/*
 * fdt_find_compatibles() against its reference, fdt_find_compatible(-1)
 * for each string on its own (itself checked against libfdt's listing).
 */
static void check_compatibles(const struct fdt *f)
{
	static const char *const want[] = { "arm,pl011", "arm,gic-v3", "arm,armv8-timer", "acme,board", "a", "",
					    "x", "p", "q", "y", "compatible", NULL, "virtio,mmio" };
	int got[ARRAY_SIZE(want)];
	unsigned int i;

	fdt_find_compatibles(f, want, got, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++)
		assert_int_equal(got[i], want[i] ? fdt_find_compatible(f, -1, want[i]) : -FDT_ERR_NOTFOUND);
}

/*
 * fdt_open_index() with room for cap nodes gives fdt_open()'s answer r; an
 * accepted blob is indexed exactly when it has at most cap nodes, and the
 * index and every accessor agree with the walking reader (fdt_exercise_index).
 */
static void check_indexed(const struct fdt *plain, const void *blob, size_t len, int r, unsigned int cap)
{
	struct fdt_ixnode *ix = calloc(cap ? cap : 1, sizeof(*ix));
	struct fdt x;
	unsigned int n;

	assert_non_null(ix);
	assert_int_equal(fdt_open_index(&x, blob, len, ix, cap), r);
	if (r == 0) {
		struct fdt_exercise_stats st;

		fdt_exercise(&x, &st);
		check_compatibles(&x);
		n = fdt_exercise_index(plain, &x);
		assert_int_equal(st.nodes, n);
		assert_int_equal(x.nix, n <= cap ? n : 0);
		assert_true(x.nix == 0 || x.ix == ix);
	}
	free(ix);
}

/* fdt_open() on an exact-size copy; returns its result. Indexed opens agree. */
static int try_open(const void *blob, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	struct fdt f;
	int r;

	assert_non_null(copy);
	memcpy(copy, blob, len);
	r = fdt_open(&f, copy, len);
	if (r == 0) {
		struct fdt_exercise_stats st;

		fdt_exercise(&f, &st);
		check_compatibles(&f);
		check_indexed(&f, copy, len, r, st.nodes);		/* just fits */
		if (st.nodes > 1)
			check_indexed(&f, copy, len, r, st.nodes - 1);	/* one short: walks */
	} else {
		check_indexed(&f, copy, len, r, 256);
		check_indexed(&f, copy, len, r, 0);
	}
	free(copy);
	return r;
}

static void expect_open(const void *blob, size_t len, int err)
{
	int r = try_open(blob, len);

	if (r != err)
		fail_msg("fdt_open = %d (%s), expected %d (%s)", r, fdt_strerror(r), err, fdt_strerror(err));
}

/* Finish a writer into a blob, check fdt_open's answer, free both. */
static void expect_writer(struct fdtw *w, const struct fdtw_opts *o, int err)
{
	size_t len;
	uint8_t *b = fdtw_blob(w, o, &len);

	expect_open(b, len, err);
	free(b);
	fdtw_free(w);
}

/*
 * The hand-built sample:
 * / { #address-cells=<2>; #size-cells=<2>; compatible="acme,board","acme,generic";
 *     model="test";
 *     chosen { bootargs="console=ttyS0"; linux,initrd-start=<0 0x48000000>;
 *              linux,initrd-end=<0x49000000>; empty-str=""; not-str="ab"(no NUL);
 *              two-str="a","b"; };
 *     memory@40000000 { device_type="memory"; reg=<0 0x40000000 0 0x20000000
 *                                                  1 0 0 0x1000>; };
 *     cpus { #address-cells=<1>; #size-cells=<0>;
 *            cpu@0 { compatible="arm,cortex-a57"; reg=<0>; };
 *            cpu@1 { compatible="arm,cortex-a57"; reg=<1>; }; };
 *     soc { #address-cells=<1>; #size-cells=<1>;
 *           uart@9000000 { compatible="arm,pl011","arm,primecell"; reg=<0x9000000 0x1000>; };
 *           empty { }; }; };
 * /memreserve/ 0x1000 0x2000; /memreserve/ 0x80000000 0x100000;
 */
static void build_sample(struct fdtw *w)
{
	static const char board_compat[] = "acme,board\0acme,generic";
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	static const char two[] = "a\0b";
	uint32_t memreg[] = { 0, 0x40000000, 0, 0x20000000, 1, 0, 0, 0x1000 };
	uint32_t initrd[] = { 0, 0x48000000 };
	uint32_t uartreg[] = { 0x9000000, 0x1000 };

	fdtw_init(w);
	fdtw_rsv(w, 0x1000, 0x2000);
	fdtw_rsv(w, 0x80000000, 0x100000);
	fdtw_begin(w, "");
	fdtw_prop_u32(w, "#address-cells", 2);
	fdtw_prop_u32(w, "#size-cells", 2);
	fdtw_prop(w, "compatible", board_compat, sizeof(board_compat));
	fdtw_prop_str(w, "model", "test");
	fdtw_begin(w, "chosen");
	fdtw_prop_str(w, "bootargs", "console=ttyS0");
	fdtw_prop_cells(w, "linux,initrd-start", initrd, 2);
	fdtw_prop_u32(w, "linux,initrd-end", 0x49000000);
	fdtw_prop_str(w, "empty-str", "");
	fdtw_prop(w, "not-str", "ab", 2);
	fdtw_prop(w, "two-str", two, sizeof(two));
	fdtw_end(w);
	fdtw_begin(w, "memory@40000000");
	fdtw_prop_str(w, "device_type", "memory");
	fdtw_prop_cells(w, "reg", memreg, 8);
	fdtw_end(w);
	fdtw_begin(w, "cpus");
	fdtw_prop_u32(w, "#address-cells", 1);
	fdtw_prop_u32(w, "#size-cells", 0);
	fdtw_begin(w, "cpu@0");
	fdtw_prop_str(w, "compatible", "arm,cortex-a57");
	fdtw_prop_u32(w, "reg", 0);
	fdtw_end(w);
	fdtw_begin(w, "cpu@1");
	fdtw_prop_str(w, "compatible", "arm,cortex-a57");
	fdtw_prop_u32(w, "reg", 1);
	fdtw_end(w);
	fdtw_end(w);
	fdtw_begin(w, "soc");
	fdtw_prop_u32(w, "#address-cells", 1);
	fdtw_prop_u32(w, "#size-cells", 1);
	fdtw_begin(w, "uart@9000000");
	fdtw_prop(w, "compatible", uart_compat, sizeof(uart_compat));
	fdtw_prop_cells(w, "reg", uartreg, 2);
	fdtw_end(w);
	fdtw_begin(w, "empty");
	fdtw_end(w);
	fdtw_end(w);
	fdtw_end(w);
}

static uint8_t *sample_blob(size_t *len, const struct fdtw_opts *o)
{
	struct fdtw w;
	uint8_t *b;

	build_sample(&w);
	b = fdtw_blob(&w, o, len);
	fdtw_free(&w);
	return b;
}

/* Checks of every accessor against the sample's known content. */
static void check_sample(const struct fdt *f)
{
	int root = fdt_root(f), chosen, mem, cpus, cpu0, cpu1, soc, uart, empty, p;
	const char *s;
	const void *v;
	uint32_t len = 1234, u32;
	uint64_t u64, base, size;

	assert_int_equal(root, 0);
	assert_string_equal(fdt_node_name(f, root), "");
	chosen = fdt_first_child(f, root);
	assert_true(chosen > 0);
	assert_string_equal(fdt_node_name(f, chosen), "chosen");
	mem = fdt_next_sibling(f, chosen);
	assert_string_equal(fdt_node_name(f, mem), "memory@40000000");
	cpus = fdt_next_sibling(f, mem);
	assert_string_equal(fdt_node_name(f, cpus), "cpus");
	soc = fdt_next_sibling(f, cpus);
	assert_string_equal(fdt_node_name(f, soc), "soc");
	assert_int_equal(fdt_next_sibling(f, soc), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_first_child(f, chosen), -FDT_ERR_NOTFOUND);
	cpu0 = fdt_first_child(f, cpus);
	cpu1 = fdt_next_sibling(f, cpu0);
	assert_string_equal(fdt_node_name(f, cpu0), "cpu@0");
	assert_string_equal(fdt_node_name(f, cpu1), "cpu@1");
	assert_int_equal(fdt_next_sibling(f, cpu1), -FDT_ERR_NOTFOUND);
	uart = fdt_first_child(f, soc);
	empty = fdt_next_sibling(f, uart);
	assert_string_equal(fdt_node_name(f, empty), "empty");
	assert_int_equal(fdt_first_prop(f, empty), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_first_child(f, empty), -FDT_ERR_NOTFOUND);

	/* Parents. */
	assert_int_equal(fdt_parent(f, root), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_parent(f, chosen), root);
	assert_int_equal(fdt_parent(f, cpu1), cpus);
	assert_int_equal(fdt_parent(f, empty), soc);
	assert_int_equal(fdt_parent(f, soc), root);

	/* Lookups by name and path. */
	assert_int_equal(fdt_subnode(f, root, "cpus"), cpus);
	assert_int_equal(fdt_subnode(f, root, "cpu"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_subnode(f, root, "memory"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_subnode(f, root, "memory@40000000"), mem);
	assert_int_equal(fdt_subnode(f, root, "cpus2"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_subnode(f, cpus, "cpu@1"), cpu1);
	assert_int_equal(fdt_subnode(f, root, ""), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_subnode(f, root, NULL), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, "/"), root);
	assert_int_equal(fdt_path(f, "/chosen"), chosen);
	assert_int_equal(fdt_path(f, "/cpus/cpu@1"), cpu1);
	assert_int_equal(fdt_path(f, "/cpus/cpu@1/"), cpu1);
	assert_int_equal(fdt_path(f, "//cpus//cpu@0"), cpu0);
	assert_int_equal(fdt_path(f, "/soc/empty"), empty);
	assert_int_equal(fdt_path(f, "/cpus/cpu@2"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, "/cpus/cpu"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, "/cpu"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, "/cpus/cpu@0/x"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, "cpus"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, ""), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path(f, NULL), -FDT_ERR_NOTFOUND);

	/* Properties in order. */
	p = fdt_first_prop(f, chosen);
	assert_string_equal(fdt_prop_name(f, p), "bootargs");
	v = fdt_prop_value(f, p, &len);
	assert_int_equal(len, 14);
	assert_memory_equal(v, "console=ttyS0", 14);
	p = fdt_next_prop(f, p);
	assert_string_equal(fdt_prop_name(f, p), "linux,initrd-start");
	p = fdt_next_prop(f, p);
	p = fdt_next_prop(f, p);
	p = fdt_next_prop(f, p);
	p = fdt_next_prop(f, p);
	assert_string_equal(fdt_prop_name(f, p), "two-str");
	assert_int_equal(fdt_next_prop(f, p), -FDT_ERR_NOTFOUND);
	/* Node offsets are not properties and vice versa. */
	assert_null(fdt_prop_name(f, chosen));
	assert_null(fdt_prop_value(f, chosen, &len));
	assert_int_equal(fdt_next_prop(f, chosen), -FDT_ERR_NOTFOUND);
	assert_null(fdt_node_name(f, p));
	assert_int_equal(fdt_first_child(f, p), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_next_sibling(f, p), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_parent(f, p), -FDT_ERR_NOTFOUND);

	/* getprop and typed reads. */
	len = 77;
	assert_null(fdt_getprop(f, chosen, "nope", &len));
	assert_int_equal(len, 77);
	assert_null(fdt_getprop(f, chosen, NULL, &len));
	v = fdt_getprop(f, root, "model", &len);
	assert_int_equal(len, 5);
	assert_string_equal(v, "test");
	assert_int_equal(fdt_getprop_string(f, chosen, "bootargs", &s), 0);
	assert_string_equal(s, "console=ttyS0");
	assert_int_equal(fdt_getprop_string(f, chosen, "empty-str", &s), 0);
	assert_string_equal(s, "");
	assert_int_equal(fdt_getprop_string(f, chosen, "not-str", &s), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_getprop_string(f, chosen, "two-str", &s), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_getprop_string(f, chosen, "missing", &s), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_getprop_u64(f, chosen, "linux,initrd-start", &u64), 0);
	assert_int_equal(u64, 0x48000000);
	assert_int_equal(fdt_getprop_u64(f, chosen, "linux,initrd-end", &u64), 0);
	assert_int_equal(u64, 0x49000000);
	assert_int_equal(fdt_getprop_u64(f, chosen, "bootargs", &u64), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_getprop_u64(f, chosen, "missing", &u64), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_getprop_u32(f, chosen, "linux,initrd-end", &u32), 0);
	assert_int_equal(u32, 0x49000000);
	assert_int_equal(fdt_getprop_u32(f, chosen, "linux,initrd-start", &u32), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_getprop_u32(f, chosen, "empty-str", &u32), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_getprop_u32(f, chosen, "missing", &u32), -FDT_ERR_NOTFOUND);

	/* compatible lists. */
	assert_true(fdt_node_is_compatible(f, root, "acme,board"));
	assert_true(fdt_node_is_compatible(f, root, "acme,generic"));
	assert_false(fdt_node_is_compatible(f, root, "acme"));
	assert_false(fdt_node_is_compatible(f, root, "acme,boar"));
	assert_false(fdt_node_is_compatible(f, root, ""));
	assert_false(fdt_node_is_compatible(f, root, NULL));
	assert_true(fdt_node_is_compatible(f, uart, "arm,primecell"));
	assert_false(fdt_node_is_compatible(f, chosen, "acme,board"));
	assert_int_equal(fdt_find_compatible(f, -1, "acme,board"), root);
	assert_int_equal(fdt_find_compatible(f, root, "acme,board"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(f, -1, "arm,cortex-a57"), cpu0);
	assert_int_equal(fdt_find_compatible(f, cpu0, "arm,cortex-a57"), cpu1);
	assert_int_equal(fdt_find_compatible(f, cpu1, "arm,cortex-a57"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(f, -1, "arm,pl011"), uart);
	assert_int_equal(fdt_find_compatible(f, uart, "arm,pl011"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(f, -1, "nothing"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(f, -2, "arm,pl011"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(f, p, "arm,pl011"), -FDT_ERR_NOTFOUND);
	/* Several at once: each the node fdt_find_compatible(-1) finds (the expected values above). */
	{
		static const char *const many[] = { "arm,pl011", "nothing", NULL, "arm,cortex-a57",
						    "acme,board", "arm,primecell" };
		int got[6] = { 7, 7, 7, 7, 7, 7 };

		fdt_find_compatibles(f, many, got, 6);
		assert_int_equal(got[0], uart);
		assert_int_equal(got[1], -FDT_ERR_NOTFOUND);
		assert_int_equal(got[2], -FDT_ERR_NOTFOUND);
		assert_int_equal(got[3], cpu0);
		assert_int_equal(got[4], root);
		assert_int_equal(got[5], uart);
		fdt_find_compatibles(f, many, got, 0);	/* nothing asked: nothing written */
		assert_int_equal(got[0], uart);
		check_compatibles(f);
	}

	/* Cells and reg. */
	assert_int_equal(fdt_addr_cells(f, root), 2);
	assert_int_equal(fdt_size_cells(f, root), 2);
	assert_int_equal(fdt_addr_cells(f, cpus), 1);
	assert_int_equal(fdt_size_cells(f, cpus), 0);
	assert_int_equal(fdt_addr_cells(f, chosen), 2);	/* defaults */
	assert_int_equal(fdt_size_cells(f, chosen), 1);
	assert_int_equal(fdt_get_reg(f, mem, 0, &base, &size), 0);
	assert_int_equal(base, 0x40000000);
	assert_int_equal(size, 0x20000000);
	assert_int_equal(fdt_get_reg(f, mem, 1, &base, &size), 0);
	assert_int_equal(base, 0x100000000ull);
	assert_int_equal(size, 0x1000);
	assert_int_equal(fdt_get_reg(f, mem, 2, &base, &size), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_reg(f, mem, 0xffffffffu, &base, &size), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_reg(f, cpu1, 0, &base, &size), 0);
	assert_int_equal(base, 1);
	assert_int_equal(size, 0);
	assert_int_equal(fdt_get_reg(f, uart, 0, &base, &size), 0);
	assert_int_equal(base, 0x9000000);
	assert_int_equal(size, 0x1000);
	assert_int_equal(fdt_get_reg(f, chosen, 0, &base, &size), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_reg(f, root, 0, &base, &size), -FDT_ERR_NOTFOUND);

	/* Reservation map. */
	assert_int_equal(fdt_get_rsvmap(f, 0, &base, &size), 0);
	assert_int_equal(base, 0x1000);
	assert_int_equal(size, 0x2000);
	assert_int_equal(fdt_get_rsvmap(f, 1, &base, &size), 0);
	assert_int_equal(base, 0x80000000);
	assert_int_equal(size, 0x100000);
	assert_int_equal(fdt_get_rsvmap(f, 2, &base, &size), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_get_rsvmap(f, 0xffffffffu, &base, &size), -FDT_ERR_NOTFOUND);
}

static void test_sample_accessors(void **state)
{
	static const struct fdtw_opts layouts[] = {
		{ 0 },
		{ .version = 16 },
		{ .strings_first = true },
		{ .rsv_last = true, .gap = 24 },
		{ .version = 16, .strings_first = true, .rsv_last = true },
		{ .tail = 4096 },
		{ .version = 20, .last_comp = 17 },	/* newer, backwards compatible */
	};
	unsigned int i, mis;

	for (i = 0; i < ARRAY_SIZE(layouts); i++) {
		size_t len;
		uint8_t *b = sample_blob(&len, &layouts[i]);

		for (mis = 0; mis < 8; mis++) {
			struct held h = hold(b, len, mis);
			struct fdt f;
			struct fdt_exercise_stats st;

			assert_int_equal(fdt_open(&f, h.blob, h.len), 0);
			check_sample(&f);
			fdt_exercise(&f, &st);
			assert_int_equal(st.nodes, 9);
			assert_int_equal(st.props, 22);
			assert_int_equal(st.rsv, 2);
			assert_int_equal(st.maxdepth, 2);
			drop(&h);
		}
		/* avail may exceed totalsize. */
		{
			uint8_t *big = calloc(1, len + 100);
			struct fdt f;

			memcpy(big, b, len);
			assert_int_equal(fdt_open(&f, big, len + 100), 0);
			assert_int_equal(f.totalsize, len);
			free(big);
		}
		free(b);
	}
}

/* dtc's output for the same tree (sample.dts) reads the same. */
static void test_dtc_sample(void **state)
{
	unsigned int mis;

	for (mis = 0; mis < 4; mis++) {
		struct held h = hold(fdt_sample_dtb, fdt_sample_dtb_len, mis);
		struct fdt f;

		assert_int_equal(fdt_open(&f, h.blob, h.len), 0);
		check_sample(&f);
		drop(&h);
	}
}

/* ------------------------------------------------------------------------- */
/* Hostile headers and layouts. */

static void test_truncated_every_length(void **state)
{
	size_t len, n;
	uint8_t *b = sample_blob(&len, NULL);

	for (n = 0; n < len; n++)
		expect_open(b, n, -FDT_ERR_TRUNCATED);
	expect_open(b, len, 0);

	/* Truncated consistently: totalsize says n as well. */
	for (n = 0; n < len; n++) {
		uint8_t *c = malloc(n + 1);
		int r;

		memcpy(c, b, n);
		if (n >= 8)
			fdtw_set(c, FDTW_H_TOTALSIZE, (uint32_t)n);
		r = try_open(c, n);
		assert_true(r < 0);
		if (n >= 40)
			assert_true(r == -FDT_ERR_BADLAYOUT || r == -FDT_ERR_BADSTRUCT ||
				    r == -FDT_ERR_BADSTRING);
		free(c);
	}
	assert_int_equal(fdt_open(NULL, b, len), -FDT_ERR_TRUNCATED);
	free(b);
	{
		struct fdt f;

		assert_int_equal(fdt_open(&f, NULL, 100), -FDT_ERR_TRUNCATED);
	}
}

/* The structure block cut short at every 4-byte position. */
static void test_struct_cut_everywhere(void **state)
{
	struct fdtw w;
	size_t cut;

	build_sample(&w);
	for (cut = 0; cut < w.st_len; cut += 4) {
		struct fdtw c;
		struct fdtw_opts o = { .no_end = true };
		size_t len;
		uint8_t *b;
		int r;

		fdtw_init(&c);
		fdtw_bytes(&c, w.st, cut);
		fdtw_string_raw(&c, w.str, w.str_len);
		b = fdtw_blob(&c, &o, &len);
		r = try_open(b, len);
		assert_true(r == -FDT_ERR_BADSTRUCT || r == -FDT_ERR_BADSTRING);
		/* Same cut with FDT_END appended: still unbalanced. */
		free(b);
		b = fdtw_blob(&c, NULL, &len);
		r = try_open(b, len);
		assert_true(r == -FDT_ERR_BADSTRUCT || r == -FDT_ERR_BADSTRING);
		free(b);
		fdtw_free(&c);
	}
	fdtw_free(&w);
}

static void test_bad_magic_version(void **state)
{
	size_t len;
	uint8_t *b = sample_blob(&len, NULL);
	uint8_t *c = malloc(len);
	static const struct { uint32_t version, last_comp; int err; } v[] = {
		{ 17, 16, 0 }, { 16, 16, 0 }, { 17, 17, 0 }, { 18, 17, 0 }, { 0xffffffff, 16, 0 },
		{ 15, 15, -FDT_ERR_BADVERSION }, { 1, 1, -FDT_ERR_BADVERSION },
		{ 0, 0, -FDT_ERR_BADVERSION }, { 17, 18, -FDT_ERR_BADVERSION },
		{ 16, 17, -FDT_ERR_BADVERSION }, { 20, 20, -FDT_ERR_BADVERSION },
		{ 17, 0xffffffff, -FDT_ERR_BADVERSION },
	};
	unsigned int i;

	memcpy(c, b, len);
	fdtw_set(c, FDTW_H_MAGIC, 0xedfe0dd0);	/* little-endian magic */
	expect_open(c, len, -FDT_ERR_BADMAGIC);
	expect_open(c, 4, -FDT_ERR_BADMAGIC);
	fdtw_set(c, FDTW_H_MAGIC, 0);
	expect_open(c, len, -FDT_ERR_BADMAGIC);
	expect_open(c, 3, -FDT_ERR_TRUNCATED);

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		memcpy(c, b, len);
		fdtw_set(c, FDTW_H_VERSION, v[i].version);
		fdtw_set(c, FDTW_H_LAST_COMP, v[i].last_comp);
		/* A v16 header has no size_dt_struct: the block ends at FDT_END anyway. */
		expect_open(c, len, v[i].err);
	}
	free(c);
	free(b);
}

static void test_totalsize(void **state)
{
	size_t len;
	uint8_t *b = sample_blob(&len, NULL);
	uint8_t *c = malloc(len + 64);

	memcpy(c, b, len);
	memset(c + len, 0, 64);
	fdtw_set(c, FDTW_H_TOTALSIZE, (uint32_t)len + 1);
	expect_open(c, len, -FDT_ERR_TRUNCATED);
	fdtw_set(c, FDTW_H_TOTALSIZE, 0xffffffff);
	expect_open(c, len, -FDT_ERR_TRUNCATED);
	fdtw_set(c, FDTW_H_TOTALSIZE, (uint32_t)len + 64);
	expect_open(c, len + 64, 0);	/* padding after the blocks is fine */
	fdtw_set(c, FDTW_H_TOTALSIZE, 39);
	expect_open(c, len, -FDT_ERR_BADLAYOUT);
	fdtw_set(c, FDTW_H_TOTALSIZE, 0);
	expect_open(c, len, -FDT_ERR_BADLAYOUT);
	fdtw_set(c, FDTW_H_TOTALSIZE, (uint32_t)len - 1);	/* cuts the strings block */
	expect_open(c, len, -FDT_ERR_BADLAYOUT);
	free(c);
	free(b);
}

/* Patch one header field of the sample and expect err. */
static void patched(enum fdtw_hdr field, uint32_t (*fn)(const uint8_t *b, size_t len), int err,
		    const struct fdtw_opts *o)
{
	size_t len;
	uint8_t *b = sample_blob(&len, o);

	fdtw_set(b, field, fn(b, len));
	expect_open(b, len, err);
	free(b);
}

static uint32_t past_end(const uint8_t *b, size_t len) { return (uint32_t)len; }
static uint32_t past_end4(const uint8_t *b, size_t len) { return (uint32_t)len + 4; }
static uint32_t huge(const uint8_t *b, size_t len) { return 0xfffffff0u; }
static uint32_t zero(const uint8_t *b, size_t len) { return 0; }
static uint32_t hdr_inside(const uint8_t *b, size_t len) { return 32; }
static uint32_t plus2(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_STRUCT) + 2; }
static uint32_t rsv_plus4(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_RSVMAP) + 4; }
static uint32_t str_size_plus1(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_SIZE_STRINGS) + 1; }
static uint32_t st_size_plus4(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_SIZE_STRUCT) + 4; }
static uint32_t st_size_minus4(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_SIZE_STRUCT) - 4; }
static uint32_t st_off(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_STRUCT); }
static uint32_t str_off(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_STRINGS); }
static uint32_t st_off_plus8(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_STRUCT) + 8; }
static uint32_t str_off_minus4(const uint8_t *b, size_t len) { return fdtw_get(b, FDTW_H_OFF_STRINGS) - 4; }

static uint32_t str_into_rsv(const uint8_t *b, size_t len)
{
	return fdtw_get(b, FDTW_H_OFF_RSVMAP) - fdtw_get(b, FDTW_H_OFF_STRINGS) + 8;
}

static uint32_t st_size_plus8(const uint8_t *b, size_t len)
{
	return fdtw_get(b, FDTW_H_SIZE_STRUCT) + 8;
}

static void test_bad_layout(void **state)
{
	static const struct fdtw_opts gap = { .gap = 64 };
	static const struct fdtw_opts rsvlast = { .rsv_last = true };

	/* Blocks outside the blob. */
	patched(FDTW_H_OFF_STRUCT, past_end, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRUCT, huge, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_SIZE_STRUCT, huge, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRINGS, past_end, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRINGS, huge, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_SIZE_STRINGS, huge, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_SIZE_STRINGS, str_size_plus1, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, past_end, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, huge, -FDT_ERR_BADLAYOUT, NULL);
	/* Blocks inside the header. */
	patched(FDTW_H_OFF_STRUCT, zero, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRUCT, hdr_inside, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRINGS, zero, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, zero, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, hdr_inside, -FDT_ERR_BADLAYOUT, NULL);
	/* Misaligned. */
	patched(FDTW_H_OFF_STRUCT, plus2, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, rsv_plus4, -FDT_ERR_BADLAYOUT, NULL);
	/* Overlapping. */
	patched(FDTW_H_OFF_STRINGS, st_off, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_STRINGS, str_off_minus4, -FDT_ERR_BADLAYOUT, NULL);
	patched(FDTW_H_OFF_RSVMAP, st_off, -FDT_ERR_BADLAYOUT, &gap);
	patched(FDTW_H_OFF_RSVMAP, str_off, -FDT_ERR_BADLAYOUT, &rsvlast);
	patched(FDTW_H_OFF_STRUCT, st_off_plus8, -FDT_ERR_BADLAYOUT, NULL);
	{
		/* Only an overlap wrong: strings or structure reaching into the map. */
		static const struct fdtw_opts last = { .rsv_last = true };
		static const struct fdtw_opts sfl = { .rsv_last = true, .strings_first = true };

		patched(FDTW_H_SIZE_STRINGS, str_into_rsv, -FDT_ERR_BADLAYOUT, &last);
		patched(FDTW_H_SIZE_STRUCT, st_size_plus8, -FDT_ERR_BADLAYOUT, &sfl);
	}
	/* size_dt_struct not ending at FDT_END. */
	patched(FDTW_H_SIZE_STRUCT, st_size_plus4, -FDT_ERR_BADSTRUCT, &gap);
	patched(FDTW_H_SIZE_STRUCT, st_size_minus4, -FDT_ERR_BADSTRUCT, NULL);
	patched(FDTW_H_SIZE_STRUCT, zero, -FDT_ERR_BADSTRUCT, NULL);
	patched(FDTW_H_SIZE_STRUCT, past_end4, -FDT_ERR_BADLAYOUT, NULL);
}

static uint32_t str_into_struct(const uint8_t *b, size_t len)
{
	return fdtw_get(b, FDTW_H_OFF_STRUCT) - fdtw_get(b, FDTW_H_OFF_STRINGS) + 4;
}

static void test_v16_layouts(void **state)
{
	static const struct fdtw_opts strfirst = { .strings_first = true };
	static const struct fdtw_opts v16 = { .version = 16 };
	static const struct fdtw_opts v16_noend = { .version = 16, .no_end = true };
	struct fdtw w;

	/* v16 header is 36 bytes: blocks may start at 36 (rsvmap needs 8-alignment: 40). */
	build_sample(&w);
	expect_writer(&w, &v16, 0);
	/* No FDT_END: the walk runs into the strings block. */
	build_sample(&w);
	expect_writer(&w, &v16_noend, -FDT_ERR_BADSTRUCT);
	/*
	 * Strings block starting inside the structure block: without a size
	 * field the structure block ends where the next block starts, so the
	 * walk misses FDT_END.
	 */
	patched(FDTW_H_OFF_STRINGS, str_off_minus4, -FDT_ERR_BADSTRUCT, &v16);
	/* Strings block before the structure block, but reaching into it. */
	{
		static const struct fdtw_opts v16s = { .version = 16, .strings_first = true };

		patched(FDTW_H_SIZE_STRINGS, str_into_struct, -FDT_ERR_BADLAYOUT, &v16s);
		patched(FDTW_H_SIZE_STRINGS, str_into_struct, -FDT_ERR_BADLAYOUT, &strfirst);
	}
	/* 36 bytes are enough for a v16 header, not for v17. */
	{
		size_t len;
		uint8_t *b = sample_blob(&len, &v16);

		expect_open(b, 36, -FDT_ERR_TRUNCATED);
		expect_open(b, 35, -FDT_ERR_TRUNCATED);
		free(b);
	}
}

static void test_rsvmap(void **state)
{
	static const struct fdtw_opts noterm = { .rsv_last = true, .no_rsv_term = true };
	static const struct fdtw_opts last = { .rsv_last = true };
	struct fdtw w;
	struct fdt f;
	uint64_t base, size;
	size_t len;
	uint8_t *b;
	unsigned int i;

	/* No terminator inside the blob. */
	build_sample(&w);
	expect_writer(&w, &noterm, -FDT_ERR_BADLAYOUT);
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	expect_writer(&w, &noterm, -FDT_ERR_BADLAYOUT);
	/* Empty map (just the terminator), last in the blob. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	expect_writer(&w, &last, 0);
	/* An entry that wraps past 2^64. */
	build_sample(&w);
	fdtw_rsv(&w, 0xfffffffffffff000ull, 0x2000);
	expect_writer(&w, NULL, -FDT_ERR_BADVALUE);
	/* Up to the top exactly is fine; so is a zero-size entry with a base. */
	build_sample(&w);
	fdtw_rsv(&w, 0xfffffffffffff000ull, 0x1000);
	fdtw_rsv(&w, 0x5000, 0);
	fdtw_rsv(&w, 0, 0x5000);
	b = fdtw_blob(&w, &last, &len);
	fdtw_free(&w);
	assert_int_equal(fdt_open(&f, b, len), 0);
	for (i = 0; fdt_get_rsvmap(&f, i, &base, &size) == 0; i++)
		;
	assert_int_equal(i, 5);
	assert_int_equal(fdt_get_rsvmap(&f, 2, &base, &size), 0);
	assert_int_equal(base, 0xfffffffffffff000ull);
	assert_int_equal(size, 0x1000);
	assert_int_equal(fdt_get_rsvmap(&f, 4, &base, &size), 0);
	assert_int_equal(base, 0);
	assert_int_equal(size, 0x5000);
	free(b);
}

/* ------------------------------------------------------------------------- */
/* Hostile structure blocks. */

static void test_bad_tokens(void **state)
{
	struct fdtw w;
	uint32_t t;

	/* Unknown tokens, including the unused values around real ones. */
	for (t = 0; t < 16; t++) {
		if (t == FDTW_NOP || t == FDTW_END_NODE)
			continue;
		fdtw_init(&w);
		fdtw_begin(&w, "");
		fdtw_u32(&w, t);
		fdtw_end(&w);
		/* BEGIN_NODE without a name end, PROP without a header, END inside root. */
		expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	}
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_u32(&w, 0xffffffff);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);

	/* Empty structure block, only FDT_END, only NOPs. */
	fdtw_init(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	fdtw_init(&w);
	fdtw_nop(&w);
	fdtw_nop(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);

	/* NOPs everywhere they may be. */
	fdtw_init(&w);
	fdtw_nop(&w);
	fdtw_begin(&w, "");
	fdtw_nop(&w);
	fdtw_prop_u32(&w, "a", 1);
	fdtw_nop(&w);
	fdtw_prop_u32(&w, "b", 2);
	fdtw_nop(&w);
	fdtw_begin(&w, "c");
	fdtw_nop(&w);
	fdtw_end(&w);
	fdtw_nop(&w);
	fdtw_end(&w);
	fdtw_nop(&w);
	expect_writer(&w, NULL, 0);
}

static void test_unbalanced(void **state)
{
	struct fdtw w;

	/* Missing END_NODE of a child. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "a");
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* Extra END_NODE. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* END_NODE first. */
	fdtw_init(&w);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* Missing FDT_END. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	{
		struct fdtw_opts o = { .no_end = true };

		expect_writer(&w, &o, -FDT_ERR_BADSTRUCT);
	}
	/* FDT_END inside the root. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_u32(&w, FDTW_END);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* Tokens after FDT_END (size_dt_struct covers them). */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	fdtw_u32(&w, FDTW_END);
	fdtw_nop(&w);
	{
		struct fdtw_opts o = { .no_end = true };

		expect_writer(&w, &o, -FDT_ERR_BADSTRUCT);
	}
	/* A second root. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* A root with a name. */
	fdtw_init(&w);
	fdtw_begin(&w, "root");
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* Property outside any node, before and after the root. */
	fdtw_init(&w);
	fdtw_prop_u32(&w, "a", 1);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_end(&w);
	fdtw_prop_u32(&w, "a", 1);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	/* Property after a child node (even with a NOP between). */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "a");
	fdtw_end(&w);
	fdtw_nop(&w);
	fdtw_prop_u32(&w, "a", 1);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
}

static void test_names_and_strings(void **state)
{
	struct fdtw w;
	struct fdtw_opts noend = { .no_end = true };
	uint32_t off;

	/* Node name running to the end of the structure block. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_u32(&w, FDTW_BEGIN_NODE);
	fdtw_bytes(&w, "abcdefgh", 8);
	expect_writer(&w, &noend, -FDT_ERR_BADSTRING);
	/* Name terminated but its padding runs past the end. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_u32(&w, FDTW_BEGIN_NODE);
	fdtw_bytes(&w, "abcdef", 7);
	expect_writer(&w, &noend, -FDT_ERR_BADSTRUCT);
	/* Name exactly filling its words is fine. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "abcdefg");
	fdtw_end(&w);
	fdtw_end(&w);
	expect_writer(&w, NULL, 0);

	/* nameoff at and past the end of the strings block. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop_u32(&w, "ok", 1);
	fdtw_prop_raw(&w, 0, (uint32_t)w.str_len, NULL, 0);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRING);
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop_raw(&w, 0, 0xffffffff, NULL, 0);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRING);
	/* No strings block at all. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop_raw(&w, 0, 0, NULL, 0);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRING);
	/* Property name not terminated inside the strings block. */
	fdtw_init(&w);
	fdtw_string(&w, "fine");
	off = fdtw_string_raw(&w, "abc", 3);
	fdtw_begin(&w, "");
	fdtw_prop_raw(&w, 0, off, NULL, 0);
	fdtw_end(&w);
	expect_writer(&w, NULL, -FDT_ERR_BADSTRING);
	/* nameoff into the middle of a string is legal (a suffix). */
	fdtw_init(&w);
	off = fdtw_string(&w, "linux,phandle");
	fdtw_begin(&w, "");
	fdtw_prop_raw(&w, 0, off + 6, NULL, 0);
	fdtw_end(&w);
	{
		size_t len;
		uint8_t *b = fdtw_blob(&w, NULL, &len);
		struct fdt f;

		assert_int_equal(fdt_open(&f, b, len), 0);
		assert_string_equal(fdt_prop_name(&f, fdt_first_prop(&f, 0)), "phandle");
		assert_non_null(fdt_getprop(&f, 0, "phandle", NULL));
		free(b);
		fdtw_free(&w);
	}
	/* Empty strings block and no properties. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "x");
	fdtw_end(&w);
	fdtw_end(&w);
	expect_writer(&w, NULL, 0);
}

static void test_prop_lengths(void **state)
{
	struct fdtw w;
	struct fdtw_opts noend = { .no_end = true };
	uint32_t lens[] = { 5, 8, 0x1000, 0x7fffffff, 0xfffffff0, 0xfffffffc, 0xffffffff };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		/* Value past the end of the structure block. */
		fdtw_init(&w);
		fdtw_begin(&w, "");
		fdtw_prop_raw(&w, lens[i], fdtw_string(&w, "p"), "abcd", 4);
		fdtw_end(&w);
		expect_writer(&w, NULL, -FDT_ERR_BADSTRUCT);
	}
	/* Property header cut by the end of the block. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_u32(&w, FDTW_PROP);
	fdtw_u32(&w, 0);
	expect_writer(&w, &noend, -FDT_ERR_BADSTRUCT);
	/* Value exactly to the end, then no END_NODE / FDT_END. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop_raw(&w, 4, fdtw_string(&w, "p"), "abcd", 4);
	expect_writer(&w, &noend, -FDT_ERR_BADSTRUCT);
	/* Zero-length and odd-length values are fine. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop(&w, "z", NULL, 0);
	fdtw_prop(&w, "o", "abc", 3);
	fdtw_end(&w);
	expect_writer(&w, NULL, 0);
}

/* A chain of n nested nodes (root included). */
static void chain(struct fdtw *w, unsigned int n)
{
	unsigned int i;

	fdtw_init(w);
	fdtw_begin(w, "");
	for (i = 1; i < n; i++)
		fdtw_begin(w, "n");
	for (i = 0; i < n; i++)
		fdtw_end(w);
}

static void test_depth(void **state)
{
	struct fdtw w;
	struct fdt f;
	size_t len;
	uint8_t *b;
	int node, d;

	chain(&w, FDT_MAX_DEPTH);
	b = fdtw_blob(&w, NULL, &len);
	fdtw_free(&w);
	assert_int_equal(fdt_open(&f, b, len), 0);
	for (node = fdt_root(&f), d = 1; fdt_first_child(&f, node) >= 0; d++)
		node = fdt_first_child(&f, node);
	assert_int_equal(d, FDT_MAX_DEPTH);
	{
		struct fdt_exercise_stats st;

		fdt_exercise(&f, &st);
		assert_int_equal(st.maxdepth, FDT_MAX_DEPTH - 1);
	}
	assert_int_equal(fdt_path(&f, "/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n"), node);
	assert_int_equal(fdt_path(&f, "/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n/n"), -FDT_ERR_NOTFOUND);
	free(b);

	chain(&w, FDT_MAX_DEPTH + 1);
	expect_writer(&w, NULL, -FDT_ERR_DEPTH);
	chain(&w, 5000);
	expect_writer(&w, NULL, -FDT_ERR_DEPTH);
	/* Wide is fine: many siblings at depth 2. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	for (d = 0; d < 2000; d++) {
		fdtw_begin(&w, "s");
		fdtw_end(&w);
	}
	fdtw_end(&w);
	expect_writer(&w, NULL, 0);
}

/* A node /a { #address-cells=<ac...>; #size-cells=<sc...>; b { reg = ...; }; } */
static int reg_case(const uint32_t *ac, unsigned int nac, const uint32_t *sc, unsigned int nsc,
		    const uint32_t *reg, unsigned int nreg, unsigned int idx, uint64_t *base, uint64_t *size)
{
	struct fdtw w;
	struct fdt f;
	size_t len;
	uint8_t *b;
	int r, node;

	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "a");
	if (ac)
		fdtw_prop_cells(&w, "#address-cells", ac, nac);
	if (sc)
		fdtw_prop_cells(&w, "#size-cells", sc, nsc);
	fdtw_begin(&w, "b");
	if (reg)
		fdtw_prop_cells(&w, "reg", reg, nreg);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	b = fdtw_blob(&w, NULL, &len);
	fdtw_free(&w);
	assert_int_equal(fdt_open(&f, b, len), 0);
	node = fdt_path(&f, "/a/b");
	assert_true(node > 0);
	r = fdt_get_reg(&f, node, idx, base, size);
	free(b);
	return r;
}

static void test_reg_and_cells(void **state)
{
	static const uint32_t one = 1, two = 2, zero = 0, three = 3, big = 0x80000000u;
	static const uint32_t pair[2] = { 1, 1 };
	static const uint32_t r4[4] = { 0x1, 0x2, 0x3, 0x4 };
	static const uint32_t r3[3] = { 0x10, 0x20, 0x30 };
	static const uint32_t top[4] = { 0xffffffff, 0xfffff000, 0, 0x1000 };
	static const uint32_t wrap[4] = { 0xffffffff, 0xfffff000, 0, 0x1001 };
	uint64_t base = 0, size = 0;

	/* Defaults: #address-cells 2, #size-cells 1. */
	assert_int_equal(reg_case(NULL, 0, NULL, 0, r3, 3, 0, &base, &size), 0);
	assert_int_equal(base, 0x1000000020ull);
	assert_int_equal(size, 0x30);
	assert_int_equal(reg_case(NULL, 0, NULL, 0, r3, 3, 1, &base, &size), -FDT_ERR_NOTFOUND);
	/* 1/1: two entries. */
	assert_int_equal(reg_case(&one, 1, &one, 1, r4, 4, 1, &base, &size), 0);
	assert_int_equal(base, 3);
	assert_int_equal(size, 4);
	/* 2/2, and a wrong length for it. */
	assert_int_equal(reg_case(&two, 1, &two, 1, r4, 4, 0, &base, &size), 0);
	assert_int_equal(base, 0x100000002ull);
	assert_int_equal(size, 0x300000004ull);
	assert_int_equal(reg_case(&two, 1, &two, 1, r3, 3, 0, &base, &size), -FDT_ERR_BADVALUE);
	assert_int_equal(reg_case(&one, 1, &one, 1, r3, 3, 0, &base, &size), -FDT_ERR_BADVALUE);
	assert_int_equal(reg_case(&one, 1, &one, 1, r3, 0, 0, &base, &size), -FDT_ERR_NOTFOUND);
	/* size-cells 0: size 0. */
	assert_int_equal(reg_case(&one, 1, &zero, 1, r3, 3, 2, &base, &size), 0);
	assert_int_equal(base, 0x30);
	assert_int_equal(size, 0);
	/* Bad cells. */
	assert_int_equal(reg_case(&zero, 1, &one, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(&three, 1, &one, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(&big, 1, &one, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(pair, 2, &one, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(&one, 0, &one, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(&one, 1, &three, 1, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	assert_int_equal(reg_case(&one, 1, pair, 2, r4, 4, 0, &base, &size), -FDT_ERR_BADCELLS);
	/* No reg at all. */
	assert_int_equal(reg_case(&one, 1, &one, 1, NULL, 0, 0, &base, &size), -FDT_ERR_NOTFOUND);
	/* Up to 2^64 exactly is fine; past it wraps. */
	assert_int_equal(reg_case(&two, 1, &two, 1, top, 4, 0, &base, &size), 0);
	assert_int_equal(base, 0xfffffffffffff000ull);
	assert_int_equal(size, 0x1000);
	assert_int_equal(reg_case(&two, 1, &two, 1, wrap, 4, 0, &base, &size), -FDT_ERR_BADVALUE);
}

static void test_compatible_lists(void **state)
{
	struct fdtw w;
	struct fdt f;
	size_t len;
	uint8_t *b;
	int n1, n2, n3;

	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_begin(&w, "unterminated");
	fdtw_prop(&w, "compatible", "a\0bc", 4);	/* "bc" lacks its NUL */
	fdtw_end(&w);
	fdtw_begin(&w, "empty");
	fdtw_prop(&w, "compatible", NULL, 0);
	fdtw_end(&w);
	fdtw_begin(&w, "nuls");
	fdtw_prop(&w, "compatible", "\0\0x\0", 4);
	fdtw_end(&w);
	/* Only the first "compatible" counts, and "compatible-x" is another name. */
	fdtw_begin(&w, "twice");
	fdtw_prop(&w, "compatible-x", "y", 2);
	fdtw_nop(&w);
	fdtw_prop(&w, "compatible", "p", 2);
	fdtw_prop(&w, "compatible", "q", 2);
	fdtw_begin(&w, "child");
	fdtw_prop(&w, "compatible", "q", 2);
	fdtw_end(&w);
	fdtw_end(&w);
	fdtw_end(&w);
	b = fdtw_blob(&w, NULL, &len);
	fdtw_free(&w);
	assert_int_equal(fdt_open(&f, b, len), 0);
	n1 = fdt_path(&f, "/unterminated");
	n2 = fdt_path(&f, "/empty");
	n3 = fdt_path(&f, "/nuls");
	assert_true(fdt_node_is_compatible(&f, n1, "a"));
	assert_false(fdt_node_is_compatible(&f, n1, "bc"));
	assert_false(fdt_node_is_compatible(&f, n1, "b"));
	assert_false(fdt_node_is_compatible(&f, n2, ""));
	assert_true(fdt_node_is_compatible(&f, n3, ""));
	assert_true(fdt_node_is_compatible(&f, n3, "x"));
	assert_int_equal(fdt_find_compatible(&f, -1, "x"), n3);
	assert_int_equal(fdt_find_compatible(&f, -1, "a"), n1);
	assert_int_equal(fdt_find_compatible(&f, -1, "y"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_find_compatible(&f, -1, "p"), fdt_path(&f, "/twice"));
	assert_int_equal(fdt_find_compatible(&f, -1, "q"), fdt_path(&f, "/twice/child"));
	check_compatibles(&f);
	free(b);
}

static void test_read_cells_strerror(void **state)
{
	static const uint8_t v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xff };
	int e;

	assert_int_equal(fdt_read_cells(v, 0, 1), 0x01020304);
	assert_int_equal(fdt_read_cells(v, 1, 1), 0x05060708);
	assert_int_equal(fdt_read_cells(v, 0, 2), 0x0102030405060708ull);
	assert_int_equal(fdt_read_cells(v, 1, 2), 0x05060708090a0b0cull);
	assert_int_equal(fdt_read_cells(v + 1, 0, 1), 0x02030405);	/* unaligned */
	assert_int_equal(fdt_read_cells(v + 9, 0, 1), 0x0a0b0cff);
	assert_int_equal(fdt_read_cells(v, 0, 0), 0);
	assert_int_equal(fdt_read_cells(v, 0, 3), 0);

	/* Every code has its own text; out-of-range codes have a fallback. */
	for (e = 0; e < FDT_ERR_COUNT; e++) {
		int e2;

		assert_non_null(fdt_strerror(-e));
		assert_true(strlen(fdt_strerror(-e)) > 1);
		assert_string_equal(fdt_strerror(-e), fdt_strerror(e));
		assert_string_not_equal(fdt_strerror(-e), "unknown error");
		for (e2 = 0; e2 < e; e2++)
			assert_string_not_equal(fdt_strerror(-e), fdt_strerror(-e2));
	}
	assert_string_equal(fdt_strerror(-FDT_ERR_TRUNCATED), "truncated");
	assert_string_equal(fdt_strerror(-FDT_ERR_BADMAGIC), "bad magic");
	assert_string_equal(fdt_strerror(-FDT_ERR_COUNT), "unknown error");
	assert_string_equal(fdt_strerror(1000), "unknown error");
	assert_string_equal(fdt_strerror(-2147483647), "unknown error");
	assert_string_equal(fdt_strerror((int)0x80000000), "unknown error");
}

/* ------------------------------------------------------------------------- */
/* Random trees against a model. */

#define MODEL_NODES	80
#define MODEL_PROPS	4

struct mprop {
	char name[16];
	uint8_t val[20];
	uint32_t len;
};

struct mnode {
	int parent;		/* model index, -1 for the root */
	unsigned int depth;	/* root = 0 */
	char name[24];
	unsigned int nprops;
	struct mprop props[MODEL_PROPS];
	bool compat;		/* has compatible = "model,x" */
	int off;		/* offset found by the walk */
};

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

static void maybe_nops(struct fdtw *w)
{
	while (rnd(5) == 0)
		fdtw_nop(w);
}

static unsigned int gen_model(struct mnode *m)
{
	unsigned int n = 1 + rnd(MODEL_NODES), i, j;
	int stack[FDT_MAX_DEPTH], sp = 0;

	memset(m, 0, sizeof(*m) * MODEL_NODES);
	stack[0] = 0;
	m[0].parent = -1;
	for (i = 0; i < n; i++) {
		if (i > 0) {
			/* Child of a random node on the current path. */
			sp = (int)rnd((uint32_t)sp + 1);
			if (sp >= FDT_MAX_DEPTH - 1)
				sp = FDT_MAX_DEPTH - 2;
			m[i].parent = stack[sp];
			m[i].depth = (unsigned int)sp + 1;
			stack[++sp] = (int)i;
			if (rnd(3))
				snprintf(m[i].name, sizeof(m[i].name), "n%u", i);
			else
				snprintf(m[i].name, sizeof(m[i].name), "dev@%x", rnd(0x100000) * 16 + i);
		}
		m[i].nprops = rnd(MODEL_PROPS + 1);
		for (j = 0; j < m[i].nprops; j++) {
			struct mprop *p = &m[i].props[j];
			unsigned int k;

			snprintf(p->name, sizeof(p->name), "p%u-%u", j, rnd(4));
			/* Property names unique within the node. */
			for (k = 0; k < j; k++)
				if (!strcmp(m[i].props[k].name, p->name))
					snprintf(p->name, sizeof(p->name), "q%u", j);
			p->len = rnd(sizeof(p->val) + 1);
			for (k = 0; k < p->len; k++)
				p->val[k] = (uint8_t)rnd(256);
		}
		m[i].compat = rnd(4) == 0;
	}
	return n;
}

static void write_model(struct fdtw *w, const struct mnode *m, unsigned int n)
{
	int stack[FDT_MAX_DEPTH + 1], sp = -1;
	unsigned int i, j;

	fdtw_init(w);
	for (i = 0; i < n; i++) {
		while (sp >= 0 && stack[sp] != m[i].parent) {
			maybe_nops(w);
			fdtw_end(w);
			sp--;
		}
		maybe_nops(w);
		fdtw_begin(w, m[i].name);
		for (j = 0; j < m[i].nprops; j++) {
			maybe_nops(w);
			fdtw_prop(w, m[i].props[j].name, m[i].props[j].val, m[i].props[j].len);
		}
		if (m[i].compat)
			fdtw_prop(w, "compatible", "other\0model,x", 14);
		stack[++sp] = (int)i;
	}
	while (sp >= 0) {
		maybe_nops(w);
		fdtw_end(w);
		sp--;
	}
	maybe_nops(w);
	for (i = rnd(3); i > 0; i--)
		fdtw_rsv(w, (uint64_t)rnd(1u << 30) << 12, (uint64_t)(1 + rnd(100)) << 12);
}

static void model_path(const struct mnode *m, int i, char *buf, size_t cap)
{
	int chain[FDT_MAX_DEPTH + 1], n = 0;
	size_t len = 0;

	for (; i > 0; i = m[i].parent)
		chain[n++] = i;
	buf[0] = '\0';
	if (!n)
		snprintf(buf, cap, "/");
	while (n > 0) {
		len += (size_t)snprintf(buf + len, cap - len, "/%s", m[chain[--n]].name);
	}
}

static void check_model(const struct fdt *f, struct mnode *m, unsigned int n)
{
	int stack[FDT_MAX_DEPTH + 1], node = fdt_root(f);
	unsigned int depth = 0, i = 0, j;
	char path[512];

	/* The walk visits nodes in document order: the model's order. */
	for (;;) {
		int child, p;

		assert_true(i < n);
		assert_string_equal(fdt_node_name(f, node), m[i].name);
		assert_int_equal(depth, m[i].depth);
		m[i].off = node;
		if (i > 0)
			assert_int_equal(fdt_parent(f, node), m[m[i].parent].off);
		for (j = 0, p = fdt_first_prop(f, node); j < m[i].nprops; j++, p = fdt_next_prop(f, p)) {
			uint32_t len;
			const void *v;

			assert_true(p >= 0);
			assert_string_equal(fdt_prop_name(f, p), m[i].props[j].name);
			v = fdt_prop_value(f, p, &len);
			assert_int_equal(len, m[i].props[j].len);
			assert_memory_equal(v, m[i].props[j].val, len);
			assert_ptr_equal(fdt_getprop(f, node, m[i].props[j].name, NULL), v);
		}
		if (m[i].compat) {
			assert_string_equal(fdt_prop_name(f, p), "compatible");
			p = fdt_next_prop(f, p);
		}
		assert_int_equal(p, -FDT_ERR_NOTFOUND);
		assert_int_equal(fdt_node_is_compatible(f, node, "model,x"), m[i].compat);
		model_path(m, (int)i, path, sizeof(path));
		assert_int_equal(fdt_path(f, path), node);
		i++;

		child = fdt_first_child(f, node);
		if (child >= 0) {
			stack[depth++] = node;
			node = child;
			continue;
		}
		for (;;) {
			int sib = fdt_next_sibling(f, node);

			if (sib >= 0) {
				node = sib;
				break;
			}
			if (depth == 0) {
				node = -1;
				break;
			}
			node = stack[--depth];
		}
		if (node < 0)
			break;
	}
	assert_int_equal(i, n);

	/* find_compatible lists exactly the model's compatible nodes, in order. */
	node = -1;
	for (i = 0; i < n; i++) {
		if (!m[i].compat)
			continue;
		node = fdt_find_compatible(f, node, "model,x");
		assert_int_equal(node, m[i].off);
	}
	assert_int_equal(fdt_find_compatible(f, node, "model,x"), -FDT_ERR_NOTFOUND);
}

static void test_random_trees(void **state)
{
	static struct mnode m[MODEL_NODES];
	unsigned int seed;

	for (seed = 1; seed <= 400; seed++) {
		struct fdtw_opts o = { 0 };
		struct fdtw w;
		struct fdt f;
		struct held h;
		size_t len;
		uint8_t *b;
		unsigned int n, i;
		uint64_t base, size;

		rng = 0x9e3779b97f4a7c15ull * seed;
		n = gen_model(m);
		write_model(&w, m, n);
		o.version = rnd(2) ? 17 : 16;
		o.strings_first = rnd(2);
		o.rsv_last = rnd(2);
		o.gap = rnd(3) * 8;
		o.tail = rnd(3) * 13;
		b = fdtw_blob(&w, &o, &len);
		h = hold(b, len, rnd(8));
		assert_int_equal(fdt_open(&f, h.blob, h.len), 0);
		check_model(&f, m, n);
		{
			/* Indexed (sometimes with too small an array: then it walks). */
			struct fdt_ixnode ix[MODEL_NODES];
			unsigned int cap = rnd(4) ? MODEL_NODES : rnd(n + 1);
			struct fdt x;

			assert_int_equal(fdt_open_index(&x, h.blob, h.len, ix, cap), 0);
			assert_int_equal(x.nix, n <= cap ? n : 0);
			check_model(&x, m, n);
			assert_int_equal(fdt_exercise_index(&f, &x), n);
		}
		for (i = 0; i < w.nrsv; i++) {
			assert_int_equal(fdt_get_rsvmap(&f, i, &base, &size), 0);
			assert_int_equal(base, w.rsv[i][0]);
			assert_int_equal(size, w.rsv[i][1]);
		}
		assert_int_equal(fdt_get_rsvmap(&f, i, &base, &size), -FDT_ERR_NOTFOUND);
		{
			struct fdt_exercise_stats st;

			fdt_exercise(&f, &st);
			assert_int_equal(st.nodes, n);
		}
		drop(&h);
		free(b);
		fdtw_free(&w);
	}
}

/* Random corruption of valid blobs never crashes; accepted blobs stay consistent. */
static void test_mutations(void **state)
{
	static struct mnode m[MODEL_NODES];
	unsigned int seed, iter, accepted = 0, total = 0;

	for (seed = 1; seed <= 40; seed++) {
		struct fdtw w;
		size_t len;
		uint8_t *b;
		unsigned int n;

		rng = 0x2545f4914f6cdd1dull * seed;
		n = gen_model(m);
		write_model(&w, m, n);
		b = fdtw_blob(&w, NULL, &len);
		fdtw_free(&w);
		for (iter = 0; iter < 500; iter++) {
			uint8_t *c = malloc(len);
			unsigned int k, nmut = 1 + rnd(4);

			memcpy(c, b, len);
			for (k = 0; k < nmut; k++) {
				uint32_t at = rnd((uint32_t)len);

				switch (rnd(4)) {
				case 0:
					c[at] = (uint8_t)rnd(256);
					break;
				case 1:	/* a token value on a word boundary */
					at &= ~3u;
					if (at + 4 <= len)
						fdtw_put32(c + at, 1 + rnd(9));
					break;
				case 2:	/* a small number into a header field */
					fdtw_put32(c + 4 * rnd(10), rnd((uint32_t)len + 16));
					break;
				default:
					c[at] ^= (uint8_t)(1u << rnd(8));
					break;
				}
			}
			if (try_open(c, len) == 0)
				accepted++;
			total++;
			free(c);
		}
		free(b);
	}
	/* Both outcomes happen, so the test exercises both paths. */
	assert_true(accepted > 0 && accepted < total);
}

/* ------------------------------------------------------------------------- */
/* QEMU's DTB against a listing made by fdtget (libfdt). */

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!fp)
		fail_msg("cannot open %s (run from the top of the tree after make)", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* Append printf output to a growing buffer. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void __attribute__((format(printf, 2, 3))) sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < b->cap - b->len)
			break;
		b->cap = b->cap * 2 + (size_t)n + 256;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	b->len += (size_t)n;
}

/* The listing fdt-listing.sh makes, from our reader: nodes in document order. */
static void list_tree(const struct fdt *f, int node, char *path, size_t pathlen, struct sbuf *out)
{
	int stack[FDT_MAX_DEPTH + 1];
	size_t plen[FDT_MAX_DEPTH + 1];
	unsigned int depth = 0;

	plen[0] = 1;
	strcpy(path, "/");
	for (;;) {
		int prop, child;

		sb_printf(out, "N %s\n", path);
		for (prop = fdt_first_prop(f, node); prop >= 0; prop = fdt_next_prop(f, prop)) {
			uint32_t len, i;
			const uint8_t *v = fdt_prop_value(f, prop, &len);

			sb_printf(out, "P %s %s ", path, fdt_prop_name(f, prop));
			for (i = 0; i < len; i++)
				sb_printf(out, i ? " %x" : "%x", v[i]);
			sb_printf(out, "\n");
		}
		child = fdt_first_child(f, node);
		while (child < 0) {
			if (depth == 0)
				return;
			child = fdt_next_sibling(f, node);
			if (child >= 0)
				break;
			node = stack[--depth];
		}
		if (fdt_first_child(f, node) == child) {
			stack[depth++] = node;
			assert_true(depth <= FDT_MAX_DEPTH);
			plen[depth] = plen[depth - 1];
		}
		/* path = parent's path + "/" + name. */
		{
			size_t base = plen[depth - 1];
			const char *name = fdt_node_name(f, child);

			assert_true(base + strlen(name) + 2 < pathlen);
			if (base > 1)
				path[base++] = '/';
			strcpy(path + base, name);
			plen[depth] = base + strlen(name);
		}
		node = child;
	}
}

static void test_qemu_dtb_vs_libfdt(void **state)
{
	static const char *const blobs[] = { "build/host/gen/qemu-virt.dtb", "build/host/gen/qemu-virt-raw.dtb" };
	size_t llen, i;
	uint8_t *listing = read_file("build/host/gen/qemu-virt.list", &llen);

	for (i = 0; i < ARRAY_SIZE(blobs); i++) {
		struct sbuf out = { 0 };
		char path[1024];
		size_t len;
		uint8_t *blob = read_file(blobs[i], &len);
		struct fdt f;
		int uart;
		uint64_t base, size;

		assert_int_equal(fdt_open(&f, blob, len), 0);
		list_tree(&f, fdt_root(&f), path, sizeof(path), &out);
		assert_int_equal(out.len, llen);
		assert_memory_equal(out.s, listing, llen);
		{
			/* The same listing through the node index, which matches a raw walk. */
			struct fdt_ixnode ix[256];
			struct sbuf out2 = { 0 };
			struct fdt x;

			assert_int_equal(fdt_open_index(&x, blob, len, ix, ARRAY_SIZE(ix)), 0);
			assert_true(x.nix > 40);
			list_tree(&x, fdt_root(&x), path, sizeof(path), &out2);
			assert_int_equal(out2.len, llen);
			assert_memory_equal(out2.s, listing, llen);
			assert_int_equal(fdt_exercise_index(&f, &x), x.nix);
			check_compatibles(&x);
			free(out2.s);
		}
		/* A few facts about QEMU's virt machine. */
		uart = fdt_find_compatible(&f, -1, "arm,pl011");
		assert_true(uart > 0);
		assert_int_equal(fdt_get_reg(&f, uart, 0, &base, &size), 0);
		assert_int_equal(base, 0x9000000);
		assert_int_equal(fdt_get_reg(&f, fdt_path(&f, "/memory@40000000"), 0, &base, &size), 0);
		assert_int_equal(base, 0x40000000);
		assert_int_equal(size, 1ull << 30);
		check_compatibles(&f);
		free(out.s);
		free(blob);
	}
	free(listing);
}

/* The index's limits: the array size, a name too long for namelen, the clamp of cap. */
static void test_index_limits(void **state)
{
	static struct fdt_ixnode ix[FDT_IX_MAX + 8];
	struct fdtw w;
	struct fdt f, x;
	size_t len;
	uint8_t *b;
	char *longname;
	unsigned int i;

	/* 1 + 300 nodes: indexed with room for 301, walked with 300, clamp of a huge cap. */
	fdtw_init(&w);
	fdtw_begin(&w, "");
	fdtw_prop_str(&w, "compatible", "root");
	for (i = 0; i < 300; i++) {
		char name[16];

		snprintf(name, sizeof(name), "n@%x", i);
		fdtw_begin(&w, name);
		if (i % 7 == 0)
			fdtw_prop_str(&w, "device_type", "memory");
		fdtw_prop_str(&w, "compatible", i == 299 ? "last" : "x");
		fdtw_end(&w);
	}
	fdtw_end(&w);
	b = fdtw_blob(&w, NULL, &len);
	fdtw_free(&w);
	assert_int_equal(fdt_open(&f, b, len), 0);
	assert_int_equal(fdt_open_index(&x, b, len, ix, 301), 0);
	assert_int_equal(x.nix, 301);
	assert_int_equal(fdt_exercise_index(&f, &x), 301);
	assert_int_equal(fdt_find_compatible(&x, -1, "last"), fdt_find_compatible(&f, -1, "last"));
	assert_int_equal(fdt_open_index(&x, b, len, ix, 300), 0);
	assert_int_equal(x.nix, 0);
	assert_null(x.ix);
	assert_int_equal(fdt_exercise_index(&f, &x), 301);
	assert_int_equal(fdt_open_index(&x, b, len, ix, 0xffffffffu), 0);
	assert_int_equal(x.nix, 301);
	assert_int_equal(fdt_open_index(&x, b, len, NULL, 1000), 0);
	assert_int_equal(x.nix, 0);
	free(b);

	/*
	 * Crowded look-up buckets: a 64 KiB property at the end stretches the
	 * structure block, so the 40 small nodes before it share a few
	 * buckets. Repeated "compatible" / "device_type" properties: the
	 * index keeps the first of each, as fdt_getprop() reads.
	 */
	{
		static uint8_t big[0x10000];

		fdtw_init(&w);
		fdtw_begin(&w, "");
		for (i = 0; i < 40; i++) {
			char name[16];

			snprintf(name, sizeof(name), "c%u", i);
			fdtw_begin(&w, name);
			fdtw_prop_str(&w, "device_type", i & 1 ? "cpu" : "memory");
			fdtw_prop_str(&w, "compatible", "first");
			fdtw_prop_str(&w, "device_type", "second");
			fdtw_prop_str(&w, "compatible", "second");
			fdtw_end(&w);
		}
		fdtw_begin(&w, "big");
		fdtw_prop(&w, "blob", big, sizeof(big));
		fdtw_end(&w);
		fdtw_end(&w);
		b = fdtw_blob(&w, NULL, &len);
		fdtw_free(&w);
		assert_int_equal(fdt_open(&f, b, len), 0);
		assert_int_equal(fdt_open_index(&x, b, len, ix, 64), 0);
		assert_int_equal(x.nix, 42);
		assert_int_equal(fdt_exercise_index(&f, &x), 42);
		assert_true(x.ix_bucket[1] - x.ix_bucket[0] > 4);	/* really crowded */
		for (i = 1; i <= 40; i++) {
			const char *dt;

			assert_int_equal(fdt_device_type(&x, (int)x.ix[i].off, &dt), 0);
			assert_string_equal(dt, i & 1 ? "memory" : "cpu");
			assert_true(fdt_node_is_compatible(&x, (int)x.ix[i].off, "first"));
			assert_false(fdt_node_is_compatible(&x, (int)x.ix[i].off, "second"));
		}
		free(b);
	}

	/* A node name of 0xffff bytes does not fit namelen: no index, same answers. */
	longname = malloc(0x10000);
	assert_non_null(longname);
	memset(longname, 'a', 0xffff);
	longname[0xffff] = '\0';
	for (i = 0; i < 2; i++) {
		fdtw_init(&w);
		fdtw_begin(&w, "");
		fdtw_begin(&w, longname + i);	/* 0xffff, then 0xfffe bytes */
		fdtw_prop_u32(&w, "reg", 1);
		fdtw_end(&w);
		fdtw_begin(&w, "b");
		fdtw_end(&w);
		fdtw_end(&w);
		b = fdtw_blob(&w, NULL, &len);
		fdtw_free(&w);
		assert_int_equal(fdt_open(&f, b, len), 0);
		assert_int_equal(fdt_open_index(&x, b, len, ix, 8), 0);
		assert_int_equal(x.nix, i ? 3 : 0);
		assert_int_equal(fdt_exercise_index(&f, &x), 3);
		assert_int_equal(fdt_path(&x, "/b"), fdt_path(&f, "/b"));
		assert_true(fdt_path(&x, "/b") > 0);
		free(b);
	}
	free(longname);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_accessors),
		cmocka_unit_test(test_dtc_sample),
		cmocka_unit_test(test_qemu_dtb_vs_libfdt),
		cmocka_unit_test(test_truncated_every_length),
		cmocka_unit_test(test_struct_cut_everywhere),
		cmocka_unit_test(test_bad_magic_version),
		cmocka_unit_test(test_totalsize),
		cmocka_unit_test(test_bad_layout),
		cmocka_unit_test(test_v16_layouts),
		cmocka_unit_test(test_rsvmap),
		cmocka_unit_test(test_bad_tokens),
		cmocka_unit_test(test_unbalanced),
		cmocka_unit_test(test_names_and_strings),
		cmocka_unit_test(test_prop_lengths),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_reg_and_cells),
		cmocka_unit_test(test_compatible_lists),
		cmocka_unit_test(test_read_cells_strerror),
		cmocka_unit_test(test_random_trees),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_index_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
