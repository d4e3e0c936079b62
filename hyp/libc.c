// SPDX-License-Identifier: MIT
/*
 * What newlib's libc.a needs from its environment, for every architecture.
 *
 * The hypervisor has no heap. newlib's snprintf/vsnprintf code refers to its
 * allocator (asprintf-style growing buffers and wide-character paths that a
 * fixed-size snprintf never takes), and libc.a is built without stdlib/
 * (scripts/newlib.sh), so the references are resolved here and the
 * allocator always fails: libc.a's malloc and its sbrk hook are never linked.
 */
#include <stddef.h>

struct _reent;

void *_malloc_r(struct _reent *r, size_t n);
void *_realloc_r(struct _reent *r, void *p, size_t n);
void _free_r(struct _reent *r, void *p);

void *_malloc_r(struct _reent *r, size_t n)
{
	return NULL;
}

void *_realloc_r(struct _reent *r, void *p, size_t n)
{
	return NULL;
}

void _free_r(struct _reent *r, void *p)
{
}

/*
 * newlib's C locale (locale.o, pulled in by the C99 printf formats) points
 * at its ASCII multibyte converters, which live in stdlib/ (not built).
 * The "C" locale's conversions: one byte per character, values up to 0xff.
 */
int __ascii_wctomb(struct _reent *r, char *s, wchar_t wc, void *state);
int __ascii_mbtowc(struct _reent *r, wchar_t *pwc, const char *s, size_t n, void *state);

int __ascii_wctomb(struct _reent *r, char *s, wchar_t wc, void *state)
{
	if (!s)
		return 0;
	if ((unsigned long)wc > 0xff)
		return -1;
	*s = (char)wc;
	return 1;
}

int __ascii_mbtowc(struct _reent *r, wchar_t *pwc, const char *s, size_t n, void *state)
{
	if (!s)
		return 0;
	if (!n)
		return -2;
	if (pwc)
		*pwc = (wchar_t)(unsigned char)*s;
	return *s != 0;
}
