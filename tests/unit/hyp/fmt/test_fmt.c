// SPDX-License-Identifier: MIT
/*
 * Host tests for hyp/fmt.c. The reference is the host C library's snprintf
 * (glibc), an independent implementation: every conversion, flag, width,
 * precision and length modifier combination of d i o u x X c s p %, every
 * format the tree uses, random values and random formats must give the same
 * bytes and the same return value. Also: truncation and the NUL, the bytes
 * after the buffer untouched, a size above INT_MAX refused, the word-at-a-time
 * scans at every alignment, and the visible end marker for what is not
 * supported. (Built with ASan + UBSan.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>

#include "hyp/fmt.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat-truncation"
#pragma GCC diagnostic ignored "-Wformat-overflow"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* An interesting 64-bit value: edges, small numbers, or random bits of random width. */
static uint64_t rnd_value(void)
{
	static const uint64_t edges[] = {
		0, 1, 7, 8, 9, 10, 15, 16, 99, 100, 127, 128, 255, 256, 32767, 32768, 65535, 65536,
		0x7fffffffull, 0x80000000ull, 0xffffffffull, 0x100000000ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull, 1000000000ull,
		9999999999999999999ull, 0x0123456789abcdefull,
	};
	uint64_t r = rnd();

	if (r % 3 == 0)
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	return rnd() >> (rnd() % 64);
}

/* Compare one formatted result: buffer contents and return value. */
#define CHECK(fmt, ...)                                                              \
	do {                                                                         \
		char want[512], got[512];                                            \
		int nw = snprintf(want, sizeof(want), (fmt), ##__VA_ARGS__);          \
		int ng = fmt_snprintf(got, sizeof(got), (fmt), ##__VA_ARGS__);        \
		if (nw != ng || strcmp(want, got)) {                                 \
			print_error("format \"%s\": want %d \"%s\", got %d \"%s\"\n", \
				    (fmt), nw, want, ng, got);                       \
			fail();                                                      \
		}                                                                    \
		checks++;                                                            \
	} while (0)

static unsigned long checks;

static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z", "j", "t" };

/* One integer conversion with the given length, the argument of the right type. */
static void check_int(const char *fmt, const char *len, char conv, uint64_t v)
{
	bool sig = conv == 'd' || conv == 'i';

	if (!strcmp(len, "hh") || !strcmp(len, "h") || !strcmp(len, "")) {
		if (sig)
			CHECK(fmt, (int)v);
		else
			CHECK(fmt, (unsigned int)v);
	} else if (!strcmp(len, "l")) {
		if (sig)
			CHECK(fmt, (long)v);
		else
			CHECK(fmt, (unsigned long)v);
	} else if (!strcmp(len, "ll")) {
		if (sig)
			CHECK(fmt, (long long)v);
		else
			CHECK(fmt, (unsigned long long)v);
	} else if (!strcmp(len, "z")) {
		if (sig)
			CHECK(fmt, (ssize_t)v);
		else
			CHECK(fmt, (size_t)v);
	} else if (!strcmp(len, "j")) {
		if (sig)
			CHECK(fmt, (intmax_t)v);
		else
			CHECK(fmt, (uintmax_t)v);
	} else {
		if (sig)
			CHECK(fmt, (ptrdiff_t)v);
		else
			CHECK(fmt, (size_t)v);	/* %tu: the unsigned type of ptrdiff_t's width */
	}
}

/* Every flag set x width x precision x length x conversion, several values each. */
static void test_integer_combinations(void **state)
{
	static const char convs[] = "diouxX";
	static const char *const widths[] = { "", "1", "2", "5", "17", "30" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".17", ".25" };
	static const char flagchars[] = "-+ #0";

	checks = 0;
	for (unsigned int fl = 0; fl < 32; fl++) {
		char flags[8];
		unsigned int nf = 0;

		for (unsigned int b = 0; b < 5; b++)
			if (fl & (1u << b))
				flags[nf++] = flagchars[b];
		flags[nf] = 0;
		for (const char *c = convs; *c; c++) {
			/* '#' means nothing defined for d i u: glibc and C leave it undefined. */
			if ((fl & 8) && (*c == 'd' || *c == 'i' || *c == 'u'))
				continue;
			for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
				for (size_t p = 0; p < sizeof(precs) / sizeof(precs[0]); p++)
					for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
						char fmt[64];

						snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flags, widths[w],
							 precs[p], lengths[l], *c);
						for (int k = 0; k < 6; k++)
							check_int(fmt, lengths[l], *c, rnd_value());
						check_int(fmt, lengths[l], *c, 0);
					}
		}
	}
	print_message("integer combinations: %lu checks\n", checks);
}

static void test_strings_and_chars(void **state)
{
	static const char *const strs[] = { "", "a", "hello", "exactly sixteen!", "a longer string of text" };
	static const char *const flags[] = { "", "-" };
	static const char *const widths[] = { "", "1", "5", "16", "30" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".16", ".31", ".48" };

	for (size_t f = 0; f < 2; f++)
		for (size_t w = 0; w < 5; w++) {
			char fmt[32];

			for (size_t p = 0; p < 8; p++)
				for (size_t s = 0; s < 5; s++) {
					snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]", flags[f], widths[w], precs[p]);
					CHECK(fmt, strs[s]);
				}
			snprintf(fmt, sizeof(fmt), "[%%%s%sc]", flags[f], widths[w]);
			for (int ch = 1; ch < 256; ch++)
				CHECK(fmt, ch);
		}
	/* NULL: both print "(null)" when no precision cuts it (glibc prints nothing then). */
	CHECK("%s|%10s|%-8s|%.6s|", (char *)NULL, (char *)NULL, (char *)NULL, (char *)NULL);
	CHECK("%%|%s%%", "x");
}

static void test_star_width_and_precision(void **state)
{
	for (int w = -40; w <= 40; w += 3)
		for (int p = -3; p <= 25; p += 2) {
			uint64_t v = rnd_value();

			CHECK("%*.*d|", w, p, (int)v);
			CHECK("%*.*llx|", w, p, (unsigned long long)v);
			CHECK("%-*.*lu|", w, p, (unsigned long)v);
			CHECK("%0*llu|", w, (unsigned long long)v);
			CHECK("%*.*s|", w, p, "star string");
			CHECK("%*c|", w, 'q');
		}
}

static void test_pointer(void **state)
{
	for (int i = 0; i < 1000; i++) {
		uintptr_t v = (uintptr_t)rnd_value();
		char want[64], got[64];

		if (!v)
			continue;
		snprintf(want, sizeof(want), "at %#lx.", (unsigned long)v);
		assert_int_equal(fmt_snprintf(got, sizeof(got), "at %p.", (void *)v), (int)strlen(want));
		assert_string_equal(got, want);
		CHECK("at %p.", (void *)v);	/* glibc agrees for non-NULL pointers */
	}
	/* NULL prints like newlib's (0x0), not glibc's "(nil)". */
	char got[16];

	assert_int_equal(fmt_snprintf(got, sizeof(got), "%p", NULL), 3);
	assert_string_equal(got, "0x0");
}

/* Every conversion specification the hypervisor's sources use (grep of boot/ hyp/ mm/ arch/ drivers/). */
static void test_tree_formats(void **state)
{
	for (int i = 0; i < 2000; i++) {
		uint64_t a = rnd_value(), b = rnd_value();

		CHECK("  reserved 0x%016llx-0x%016llx %s\n", (unsigned long long)a, (unsigned long long)b, "image");
		CHECK("memory: %llu MiB in %u range(s)\n", (unsigned long long)a, (unsigned int)b);
		CHECK("%llx %04llx %x %02x %04x %08x", (unsigned long long)a, (unsigned long long)b,
		      (unsigned int)a, (unsigned int)b, (unsigned int)(a >> 7), (unsigned int)(b >> 3));
		CHECK("  x%-2u 0x%016llx  x%-2u 0x%016llx\n", (unsigned int)(a % 40), (unsigned long long)a,
		      (unsigned int)(b % 40), (unsigned long long)b);
		CHECK("%d %lld %lu %u%%", (int)a, (long long)b, (unsigned long)a, (unsigned int)b);
		CHECK("%s: %.48s|%.40s|%.31s|%.16s|%.24s|%.4s", "where",
		      "a node name that is longer than forty-eight characters in all",
		      "forty", "a peer name that is longer than thirty-one", "sixteen and more", "x", "abcdefgh");
	}
	CHECK("%s", "");
	CHECK("no conversion at all");
	CHECK("%s", "bulkhead: fatal: BUG at hyp/x.c:12: cond\n");
}

/* Random formats: literal runs and random conversions, with matching arguments. */
static void test_random_formats(void **state)
{
	static const char lit[] = "abc \n\t%%xyz-:=()";

	for (int i = 0; i < 20000; i++) {
		char fmt[96];
		size_t n = 0;
		uint64_t v = rnd_value();
		char conv = "diouxXsc"[rnd() % 8];
		const char *len = conv == 's' || conv == 'c' ? "" : lengths[rnd() % 8];
		char flagbuf[8] = "";
		size_t nf = 0;
		int litn = (int)(rnd() % 12);

		for (int k = 0; k < litn; k++) {
			size_t j = rnd() % (sizeof(lit) - 1);

			if (lit[j] == '%') {
				fmt[n++] = '%';
				fmt[n++] = '%';
			} else {
				fmt[n++] = lit[j];
			}
		}
		if (rnd() & 1)
			flagbuf[nf++] = '-';
		if ((rnd() & 1) && conv != 's' && conv != 'c') {
			flagbuf[nf++] = "+ 0"[rnd() % 3];
			if ((rnd() & 1) && (conv == 'o' || conv == 'x' || conv == 'X'))
				flagbuf[nf++] = '#';
		}
		flagbuf[nf] = 0;
		n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, "%%%s", flagbuf);
		if (rnd() & 1)
			n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, "%u", (unsigned int)(rnd() % 40));
		if ((rnd() & 1) && conv != 'c')
			n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, ".%u", (unsigned int)(rnd() % 30));
		n += (size_t)snprintf(fmt + n, sizeof(fmt) - n, "%s%c tail", len, conv);
		if (conv == 's') {
			const char *arg = "random string argument" + rnd() % 20;

			CHECK(fmt, arg);
		}
		else if (conv == 'c')
			CHECK(fmt, (int)(v % 255) + 1);	/* not 0: glibc stops the string there too */
		else
			check_int(fmt, len, conv, v);
	}
}

/* Truncation: every size from 0 up, the NUL, the return value, nothing past the buffer. */
static void test_truncation(void **state)
{
	const char *fmt = "value %08x and %s, %-6d|%llu";
	char want[128];
	int total = snprintf(want, sizeof(want), fmt, 0xbeefu, "a string", -42, 123456789012ull);

	for (size_t size = 0; size <= (size_t)total + 2; size++) {
		char buf[160], ref[160];

		memset(buf, 0x5a, sizeof(buf));
		memset(ref, 0x5a, sizeof(ref));
		assert_int_equal(fmt_snprintf(size ? buf : NULL, size, fmt, 0xbeefu, "a string", -42,
					      123456789012ull), total);
		assert_int_equal(snprintf(ref, size, fmt, 0xbeefu, "a string", -42, 123456789012ull), total);
		assert_memory_equal(buf, ref, sizeof(buf));
	}
	/* Like newlib's: a size above INT_MAX is refused, nothing is written. */
	char b[4] = "abc";

	assert_int_equal(fmt_snprintf(b, (size_t)INT_MAX + 1, "%d", 5), -1);
	assert_string_equal(b, "abc");
}

/* Widths and precisions saturate at FMT_FIELD_MAX; the field is still right. */
static void test_field_max(void **state)
{
	static char got[FMT_FIELD_MAX + 64], want[FMT_FIELD_MAX + 64];

	CHECK("%4096d|", 7);
	CHECK("%-4096s|", "x");
	CHECK("%.4096u|", 3u);
	assert_int_equal(fmt_snprintf(got, sizeof(got), "%99999d|", 7), FMT_FIELD_MAX + 1);
	snprintf(want, sizeof(want), "%4096d|", 7);
	assert_string_equal(got, want);
	assert_int_equal(fmt_snprintf(got, sizeof(got), "%*d|", INT_MIN, 7), FMT_FIELD_MAX + 1);
	snprintf(want, sizeof(want), "%-4096d|", 7);
	assert_string_equal(got, want);
}

/* The word-at-a-time scans: '%', NUL and text at every offset from every alignment. */
static void test_scan_alignment(void **state)
{
	char *mem = malloc(64);

	assert_non_null(mem);
	for (size_t start = 0; start < 16; start++)
		for (size_t len = 0; len < 40; len++) {
			char *f = mem + start;
			char got[96], want[96];

			memset(mem, 'x', 64);
			for (size_t i = 0; i < len; i++)
				f[i] = (char)('a' + (i % 26));
			f[len] = 0;
			/* A literal of len bytes, then as a %s argument, then with a %% inside. */
			assert_int_equal(fmt_snprintf(got, sizeof(got), f), (int)len);
			assert_string_equal(got, f);
			assert_int_equal(fmt_snprintf(got, sizeof(got), "<%s>", f), (int)len + 2);
			snprintf(want, sizeof(want), "<%s>", f);
			assert_string_equal(got, want);
			if (len >= 3) {
				f[len / 2] = '%';
				f[len / 2 + 1] = '%';
				snprintf(want, sizeof(want), f);
				assert_int_equal(fmt_snprintf(got, sizeof(got), f), (int)strlen(want));
				assert_string_equal(got, want);
			}
		}
	/* Bytes 0x80..0xff and 0x25 neighbours in literals. */
	char hi[300];
	size_t n = 0;

	for (int c = 1; c < 256; c++)
		if (c != '%')
			hi[n++] = (char)c;
	hi[n] = 0;
	CHECK("%s", hi);
	CHECK(hi, 0);
	free(mem);
}

/* A sink that records chunks: their concatenation is the output, the count its length. */
struct rec_sink {
	struct fmt_sink sink;
	char out[256];
	size_t len;
	unsigned int chunks;
};

static void rec_write(struct fmt_sink *sink, const char *s, size_t n)
{
	struct rec_sink *r = (struct rec_sink *)sink;

	assert_true(n > 0);
	assert_true(r->len + n < sizeof(r->out));
	memcpy(r->out + r->len, s, n);
	r->len += n;
	r->out[r->len] = 0;
	r->chunks++;
}

static size_t rec_format(struct rec_sink *r, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	memset(r, 0, sizeof(*r));
	r->sink.write = rec_write;
	va_start(ap, fmt);
	n = fmt_vformat(&r->sink, fmt, ap);
	va_end(ap);
	return n;
}

static void test_sink(void **state)
{
	struct rec_sink r;

	assert_int_equal(rec_format(&r, "ram 0x%016llx (%llu MiB)\n", 0x40000000ull, 1024ull), 34);
	assert_string_equal(r.out, "ram 0x0000000040000000 (1024 MiB)\n");
	/* Literal, number, literal, number, literal: five pieces, no byte-by-byte calls. */
	assert_int_equal(r.chunks, 5);
	assert_int_equal(rec_format(&r, ""), 0);
	assert_int_equal(r.chunks, 0);
}

/* Not supported: a visible marker, and nothing read or printed after it. */
static void test_unsupported(void **state)
{
	static const struct {
		const char *fmt, *want;
	} cases[] = {
		{ "pi is %f, %d", "pi is %!f" },
		{ "%e", "%!e" },
		{ "%g%s", "%!g" },
		{ "%a", "%!a" },
		{ "%Lf", "%!L" },
		{ "count%n", "count%!n" },
		{ "%lc", "%!c" },
		{ "%ls", "%!s" },
		{ "%lp", "%!p" },
		{ "%l%", "%!%" },
		{ "%q", "%!q" },
		{ "trailing %", "trailing %!" },
		{ "%5", "%!" },
		{ "ok %d then %w", "ok 1 then %!w" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[64];
		const char *fmt = cases[i].fmt;

		assert_int_equal(fmt_snprintf(got, sizeof(got), fmt, 1, 2, 3), (int)strlen(cases[i].want));
		assert_string_equal(got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integer_combinations),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_star_width_and_precision),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_tree_formats),
		cmocka_unit_test(test_random_formats),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_field_max),
		cmocka_unit_test(test_scan_alignment),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_unsupported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
