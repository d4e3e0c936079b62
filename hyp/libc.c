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
