// SPDX-License-Identifier: MIT
/*
 * The hypervisor's printf-style formatter (see hyp/fmt.h for what it
 * accepts). One pass over the format: literal text goes to the sink as one
 * chunk per run; a conversion usually as one chunk too (an integer's sign or
 * 0x, zeros and digits are built together in a NUM_BUF-byte buffer),
 * otherwise as at most five (padding, prefix, zeros, digits or text,
 * padding). Nothing is copied on the way to the sink: the boot log is
 * printed through here, so the common paths are kept short.
 *
 * Arguments are read only with the type the conversion and length modifier
 * name (C11 7.21.6.1), and the scan stops at the first conversion it does
 * not know, so a bad format never reads an argument of the wrong type. Every
 * loop is bounded by the format's length, a string's length or
 * FMT_FIELD_MAX.
 */
#include <limits.h>
#include <stdint.h>
#include "hyp/fmt.h"

#define F_LEFT	0x01u	/* '-': pad on the right */
#define F_PLUS	0x02u	/* '+': sign always */
#define F_SPACE	0x04u	/* ' ': space where a '+' would go */
#define F_ALT	0x08u	/* '#': 0x / 0X / leading 0 */
#define F_ZERO	0x10u	/* '0': pad with zeros after the sign */
#define F_NEG	0x20u	/* a negative d/i value: '-' prefix */

enum fmt_len { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_MAX, LEN_SIZE, LEN_PTRDIFF };

_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "%zd reads a ptrdiff_t-sized signed value");
/* A field built in one piece: 22 octal digits of 64 bits, or zeros, sign and digits. */
#define NUM_BUF 64
_Static_assert(sizeof(uintmax_t) == 8, "64-bit octal digits fit NUM_BUF");

static const char spaces[16] = { ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
				 ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
static const char zeros[16] = { '0', '0', '0', '0', '0', '0', '0', '0',
				'0', '0', '0', '0', '0', '0', '0', '0' };
static const char lower_digits[16] = { '0', '1', '2', '3', '4', '5', '6', '7',
				       '8', '9', 'a', 'b', 'c', 'd', 'e', 'f' };
static const char upper_digits[16] = { '0', '1', '2', '3', '4', '5', '6', '7',
				       '8', '9', 'A', 'B', 'C', 'D', 'E', 'F' };

/* n copies of the character pat[] holds, n <= FMT_FIELD_MAX. */
static void fill(struct fmt_sink *sink, const char *pat, size_t n)
{
	while (n) {
		size_t k = n > 16 ? 16 : n;

		sink->write(sink, pat, k);
		n -= k;
	}
}

/*
 * One converted field in pieces: prefix (sign, 0x), nzero zeros, body;
 * padded to width with spaces (left or right). Returns the field's length.
 */
static size_t field(struct fmt_sink *sink, unsigned int flags, size_t width,
		    const char *prefix, size_t plen, size_t nzero, const char *body, size_t blen)
{
	size_t len = plen + nzero + blen;
	size_t npad = width > len ? width - len : 0;

	if (npad && !(flags & F_LEFT))
		fill(sink, spaces, npad);
	if (plen)
		sink->write(sink, prefix, plen);
	if (nzero)
		fill(sink, zeros, nzero);
	if (blen)
		sink->write(sink, body, blen);
	if (npad && (flags & F_LEFT))
		fill(sink, spaces, npad);
	return len + npad;
}

/* A width or precision digit string; the value saturates at FMT_FIELD_MAX. */
static size_t read_number(const char **pp)
{
	const char *p = *pp;
	size_t v = 0;

	while (*p >= '0' && *p <= '9') {
		if (v < FMT_FIELD_MAX)
			v = v * 10 + (size_t)(*p - '0');
		p++;
	}
	*pp = p;
	return v > FMT_FIELD_MAX ? FMT_FIELD_MAX : v;
}

static size_t clamp_field(unsigned int v)
{
	return v > FMT_FIELD_MAX ? FMT_FIELD_MAX : v;
}

/* Bytes that end a run of literal text: NUL and '%'. */
static const unsigned char lit_stop[256] = { [0] = 1, ['%'] = 1 };

/* The first '%' or NUL at or after p (a table look-up: three instructions a byte). */
static const char *scan_literal(const char *p)
{
	while (!lit_stop[(unsigned char)*p])
		p++;
	return p;
}

/* strlen(s), without a call. */
static size_t str_len(const char *s)
{
	const char *e = s;

	while (*e)
		e++;
	return (size_t)(e - s);
}

size_t fmt_vformat(struct fmt_sink *sink, const char *fmt, va_list ap)
{
	const char *p = fmt;
	size_t total = 0;

	for (;;) {
		const char *lit = p;
		unsigned int flags = 0, base = 10;
		size_t width = 0, prec = 0;
		bool has_prec = false, is_signed = false, upper = false, is_ptr = false;
		enum fmt_len len = LEN_INT;
		uintmax_t v;
		char c;

		p = scan_literal(p);
		if (p != lit) {
			sink->write(sink, lit, (size_t)(p - lit));
			total += (size_t)(p - lit);
		}
		if (!*p)
			break;
		p++;

		if (*p == 's') {
			/* The commonest conversion, plain %s: straight to the sink. */
			const char *str = va_arg(ap, const char *);
			size_t n;

			p++;
			if (!str)
				str = "(null)";
			n = str_len(str);
			if (n)
				sink->write(sink, str, n);
			total += n;
			continue;
		}

		/* Flags, width and precision all sort below 'A': one test skips them. */
		if (*p < 'A') {
			for (;; p++) {
				if (*p == '-')
					flags |= F_LEFT;
				else if (*p == '+')
					flags |= F_PLUS;
				else if (*p == ' ')
					flags |= F_SPACE;
				else if (*p == '#')
					flags |= F_ALT;
				else if (*p == '0')
					flags |= F_ZERO;
				else
					break;
			}
			if (*p == '*') {
				int w = va_arg(ap, int);

				p++;
				if (w < 0) {
					flags |= F_LEFT;
					width = clamp_field(0u - (unsigned int)w);
				} else {
					width = clamp_field((unsigned int)w);
				}
			} else {
				width = read_number(&p);
			}
			if (*p == '.') {
				p++;
				if (*p == '*') {
					int pr = va_arg(ap, int);

					p++;
					/* A negative precision is taken as if omitted (C11 7.21.6.1p5). */
					if (pr >= 0) {
						has_prec = true;
						prec = clamp_field((unsigned int)pr);
					}
				} else {
					has_prec = true;
					prec = read_number(&p);
				}
			}
		}
		switch (*p) {
		case 'h':
			p++;
			len = LEN_SHORT;
			if (*p == 'h') {
				p++;
				len = LEN_CHAR;
			}
			break;
		case 'l':
			p++;
			len = LEN_LONG;
			if (*p == 'l') {
				p++;
				len = LEN_LLONG;
			}
			break;
		case 'j':
			p++;
			len = LEN_MAX;
			break;
		case 'z':
			p++;
			len = LEN_SIZE;
			break;
		case 't':
			p++;
			len = LEN_PTRDIFF;
			break;
		default:
			break;
		}

		c = *p;
		switch (c) {
		case '%':
			if (len != LEN_INT)
				goto unsupported;
			p++;
			sink->write(sink, "%", 1);
			total++;
			continue;
		case 'c': {
			char ch;

			if (len != LEN_INT)
				goto unsupported;	/* %lc: wide characters */
			p++;
			ch = (char)va_arg(ap, int);
			total += field(sink, flags, width, NULL, 0, 0, &ch, 1);
			continue;
		}
		case 's': {
			const char *s;
			size_t n = 0;

			if (len != LEN_INT)
				goto unsupported;	/* %ls: wide strings */
			p++;
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			if (has_prec) {
				while (n < prec && s[n])
					n++;
			} else {
				n = str_len(s);
			}
			if (width <= n) {
				if (n)
					sink->write(sink, s, n);
				total += n;
			} else {
				total += field(sink, flags, width, NULL, 0, 0, s, n);
			}
			continue;
		}
		case 'd':
		case 'i': {
			intmax_t sv;

			switch (len) {
			case LEN_CHAR: sv = (signed char)va_arg(ap, int); break;
			case LEN_SHORT: sv = (short)va_arg(ap, int); break;
			case LEN_LONG: sv = va_arg(ap, long); break;
			case LEN_LLONG: sv = va_arg(ap, long long); break;
			case LEN_MAX: sv = va_arg(ap, intmax_t); break;
			case LEN_SIZE: sv = va_arg(ap, ptrdiff_t); break;
			case LEN_PTRDIFF: sv = va_arg(ap, ptrdiff_t); break;
			default: sv = va_arg(ap, int); break;
			}
			is_signed = true;
			v = sv < 0 ? 0 - (uintmax_t)sv : (uintmax_t)sv;
			if (sv < 0)
				flags |= F_NEG;
			break;
		}
		case 'o':
		case 'u':
		case 'x':
		case 'X':
			switch (len) {
			case LEN_CHAR: v = (unsigned char)va_arg(ap, unsigned int); break;
			case LEN_SHORT: v = (unsigned short)va_arg(ap, unsigned int); break;
			case LEN_LONG: v = va_arg(ap, unsigned long); break;
			case LEN_LLONG: v = va_arg(ap, unsigned long long); break;
			case LEN_MAX: v = va_arg(ap, uintmax_t); break;
			case LEN_SIZE: v = va_arg(ap, size_t); break;
			case LEN_PTRDIFF: v = (uintmax_t)va_arg(ap, ptrdiff_t); break;
			default: v = va_arg(ap, unsigned int); break;
			}
			base = c == 'o' ? 8 : c == 'u' ? 10 : 16;
			upper = c == 'X';
			break;
		case 'p':
			if (len != LEN_INT)
				goto unsupported;
			v = (uintptr_t)va_arg(ap, void *);
			base = 16;
			is_ptr = true;
			break;
		default:
			goto unsupported;
		}
		p++;

		/* An integer: d i o u x X p. Built right to left: digits, zeros, prefix. */
		{
			char buf[NUM_BUF];
			char *end = buf + sizeof(buf), *q = end;
			size_t ndig, nzero = 0, plen = 0, len_all;
			const char *dig = upper ? upper_digits : lower_digits;
			bool nonzero = v != 0, zpad = (flags & F_ZERO) && !has_prec && !(flags & F_LEFT);
			char pre[2];

			if (base == 16) {
				do {
					*--q = dig[v & 15];
					v >>= 4;
				} while (v);
			} else if (base == 10) {
				do {
					*--q = (char)('0' + v % 10);
					v /= 10;
				} while (v);
			} else {
				do {
					*--q = (char)('0' + (v & 7));
					v >>= 3;
				} while (v);
			}
			if (!flags && !width && !has_prec && !is_ptr) {
				/* No sign, prefix or padding: the digits are the field. */
				ndig = (size_t)(end - q);
				sink->write(sink, q, ndig);
				total += ndig;
				continue;
			}
			/* "The result of converting zero with an explicit precision of zero is no characters." */
			if (has_prec && prec == 0 && !nonzero && !is_ptr)
				q = end;
			ndig = (size_t)(end - q);
			if (has_prec && prec > ndig)
				nzero = prec - ndig;
			if (is_signed) {
				if (flags & F_NEG)
					pre[plen++] = '-';
				else if (flags & F_PLUS)
					pre[plen++] = '+';
				else if (flags & F_SPACE)
					pre[plen++] = ' ';
			} else if (is_ptr || ((flags & F_ALT) && base == 16 && nonzero)) {
				pre[plen++] = '0';
				pre[plen++] = upper ? 'X' : 'x';
			} else if ((flags & F_ALT) && base == 8 && nzero == 0 && (ndig == 0 || *q != '0')) {
				nzero = 1;	/* '#' with o: the first digit is a zero */
			}
			if (zpad && width > plen + nzero + ndig)
				nzero = width - plen - ndig;
			len_all = plen + nzero + ndig;
			if (len_all <= sizeof(buf) && len_all >= width) {
				/* The usual case: the whole field in one piece. */
				while (nzero--)
					*--q = '0';
				while (plen)
					*--q = pre[--plen];
				sink->write(sink, q, len_all);
				total += len_all;
			} else {
				total += field(sink, flags, width, pre, plen, nzero, q, ndig);
			}
		}
		continue;

unsupported:
		/* Visible, and the end: the argument's type is unknown from here on. */
		sink->write(sink, "%!", 2);
		total += 2;
		if (*p) {
			sink->write(sink, p, 1);
			total++;
		}
		break;
	}
	return total;
}

/* A bounded buffer: stores what fits, counts everything. */
struct buf_sink {
	struct fmt_sink sink;
	char *out;	/* where the next byte goes */
	size_t room;	/* bytes that may still be stored (the NUL is kept apart) */
};

static void buf_write(struct fmt_sink *sink, const char *s, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)sink;
	char *d = b->out;
	const char *end;

	if (n > b->room)
		n = b->room;
	b->room -= n;
	end = s + n;
	/* Byte copies (no alignment needed), four per round while they last. */
	for (; end - s >= 4; s += 4, d += 4) {
		char c0 = s[0], c1 = s[1], c2 = s[2], c3 = s[3];

		d[0] = c0;
		d[1] = c1;
		d[2] = c2;
		d[3] = c3;
	}
	while (s < end)
		*d++ = *s++;
	b->out = d;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_sink b = { { buf_write }, buf, size ? size - 1 : 0 };
	size_t total;

	if (size > INT_MAX)
		return -1;
	total = fmt_vformat(&b.sink, fmt, ap);
	if (size)
		*b.out = '\0';
	return total > INT_MAX ? -1 : (int)total;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
