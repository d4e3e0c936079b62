// SPDX-License-Identifier: MIT
/*
 * Flat reference model (see model.h): sorted, merged runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
}

void model_fini(struct model *m)
{
	free(m->r);
	memset(m, 0, sizeof(*m));
}

static void grow(struct model *m, size_t n)
{
	if (n <= m->cap)
		return;
	m->cap = n * 2 + 16;
	m->r = realloc(m->r, m->cap * sizeof(*m->r));
	if (!m->r)
		abort();
}

void model_copy(struct model *dst, const struct model *src)
{
	dst->n = 0;
	grow(dst, src->n);
	if (src->n)
		memcpy(dst->r, src->r, src->n * sizeof(*src->r));
	dst->n = src->n;
}

static bool joins(const struct mrun *a, const struct mrun *b)
{
	return a->va + a->len == b->va && a->pa + a->len == b->pa && a->prot == b->prot;
}

void model_append(struct model *m, uint64_t va, uint64_t len, uint64_t pa, unsigned prot)
{
	struct mrun r = { va, len, pa, prot };

	if (m->n && joins(&m->r[m->n - 1], &r)) {
		m->r[m->n - 1].len += len;
		return;
	}
	grow(m, m->n + 1);
	m->r[m->n++] = r;
}

/* Split the run containing va (if any) so that a run starts at va. */
static void cut(struct model *m, uint64_t va)
{
	for (size_t i = 0; i < m->n; i++) {
		struct mrun *r = &m->r[i];

		if (va > r->va && va - r->va < r->len) {
			uint64_t off = va - r->va;

			grow(m, m->n + 1);
			r = &m->r[i];
			memmove(&m->r[i + 2], &m->r[i + 1], (m->n - i - 1) * sizeof(*r));
			m->r[i + 1] = (struct mrun){ va, r->len - off, r->pa + off, r->prot };
			r->len = off;
			m->n++;
			return;
		}
	}
}

static void merge_all(struct model *m)
{
	size_t o = 0;

	for (size_t i = 0; i < m->n; i++) {
		if (o && joins(&m->r[o - 1], &m->r[i]))
			m->r[o - 1].len += m->r[i].len;
		else
			m->r[o++] = m->r[i];
	}
	m->n = o;
}

void model_unmap(struct model *m, uint64_t va, uint64_t len)
{
	size_t o = 0;

	cut(m, va);
	cut(m, va + len);
	for (size_t i = 0; i < m->n; i++)
		if (!(m->r[i].va >= va && m->r[i].va - va < len))
			m->r[o++] = m->r[i];
	m->n = o;
}

void model_map(struct model *m, uint64_t va, uint64_t len, uint64_t pa, unsigned prot)
{
	size_t i;

	model_unmap(m, va, len);
	grow(m, m->n + 1);
	for (i = 0; i < m->n && m->r[i].va < va; i++)
		;
	memmove(&m->r[i + 1], &m->r[i], (m->n - i) * sizeof(*m->r));
	m->r[i] = (struct mrun){ va, len, pa, prot };
	m->n++;
	merge_all(m);
}

void model_protect(struct model *m, uint64_t va, uint64_t len, unsigned set, unsigned clear)
{
	cut(m, va);
	cut(m, va + len);
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].va >= va && m->r[i].va - va < len)
			m->r[i].prot = (m->r[i].prot & ~clear) | set;
	merge_all(m);
}

bool model_lookup(const struct model *m, uint64_t va, uint64_t *pa, unsigned *prot)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct mrun *r = &m->r[mid];

		if (va < r->va)
			hi = mid;
		else if (va - r->va >= r->len)
			lo = mid + 1;
		else {
			*pa = r->pa + (va - r->va);
			*prot = r->prot;
			return true;
		}
	}
	return false;
}

bool model_equal(const struct model *a, const struct model *b, char *msg, size_t msglen)
{
	for (size_t i = 0; i < a->n || i < b->n; i++) {
		if (i >= a->n || i >= b->n || a->r[i].va != b->r[i].va || a->r[i].len != b->r[i].len ||
		    a->r[i].pa != b->r[i].pa || a->r[i].prot != b->r[i].prot) {
			const struct mrun *x = i < a->n ? &a->r[i] : NULL, *y = i < b->n ? &b->r[i] : NULL;

			snprintf(msg, msglen,
				 "run %zu: expected %s va=%#llx len=%#llx pa=%#llx prot=%#x, tables %s va=%#llx len=%#llx pa=%#llx prot=%#x",
				 i, x ? "" : "(none)", x ? (unsigned long long)x->va : 0ull,
				 x ? (unsigned long long)x->len : 0ull, x ? (unsigned long long)x->pa : 0ull,
				 x ? x->prot : 0u, y ? "" : "(none)", y ? (unsigned long long)y->va : 0ull,
				 y ? (unsigned long long)y->len : 0ull, y ? (unsigned long long)y->pa : 0ull,
				 y ? y->prot : 0u);
			return false;
		}
	}
	return true;
}

uint64_t model_pages(const struct model *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += m->r[i].len >> 12;
	return n;
}
