// SPDX-License-Identifier: MIT
/*
 * Test-side FDT writer (see tests/unit/include/fdtw.h). Deliberately simple:
 * growable byte buffers, big-endian stores by shifting, dtc's block order
 * (header, reservation map, structure, strings) unless told otherwise.
 */
#include <stdlib.h>
#include <string.h>
#include "fdtw.h"

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		abort();
	return p;
}

void fdtw_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void put64(uint8_t *p, uint64_t v)
{
	fdtw_put32(p, v >> 32);
	fdtw_put32(p + 4, (uint32_t)v);
}

uint32_t fdtw_get(const uint8_t *b, enum fdtw_hdr f)
{
	return (uint32_t)b[f] << 24 | (uint32_t)b[f + 1] << 16 | (uint32_t)b[f + 2] << 8 | b[f + 3];
}

void fdtw_set(uint8_t *b, enum fdtw_hdr f, uint32_t v)
{
	fdtw_put32(b + f, v);
}

void fdtw_init(struct fdtw *w)
{
	memset(w, 0, sizeof(*w));
}

void fdtw_free(struct fdtw *w)
{
	free(w->st);
	free(w->str);
	memset(w, 0, sizeof(*w));
}

void fdtw_bytes(struct fdtw *w, const void *p, size_t n)
{
	if (!n)
		return;
	if (w->st_len + n > w->st_cap) {
		w->st_cap = (w->st_len + n) * 2 + 64;
		w->st = xrealloc(w->st, w->st_cap);
	}
	memcpy(w->st + w->st_len, p, n);
	w->st_len += n;
}

void fdtw_u32(struct fdtw *w, uint32_t v)
{
	uint8_t b[4];

	fdtw_put32(b, v);
	fdtw_bytes(w, b, 4);
}

void fdtw_pad4(struct fdtw *w)
{
	static const uint8_t zero[4];

	fdtw_bytes(w, zero, (4 - w->st_len % 4) % 4);
}

uint32_t fdtw_string_raw(struct fdtw *w, const void *p, size_t n)
{
	uint32_t off = (uint32_t)w->str_len;

	if (!n)
		return off;
	if (w->str_len + n > w->str_cap) {
		w->str_cap = (w->str_len + n) * 2 + 64;
		w->str = xrealloc(w->str, w->str_cap);
	}
	memcpy(w->str + w->str_len, p, n);
	w->str_len += n;
	return off;
}

uint32_t fdtw_string(struct fdtw *w, const char *name)
{
	size_t n = strlen(name) + 1, off = 0;

	/* Reuse an identical string that starts at a string boundary. */
	while (off < w->str_len) {
		size_t l = strnlen((char *)w->str + off, w->str_len - off);

		if (l + 1 == n && off + n <= w->str_len && !memcmp(w->str + off, name, n))
			return (uint32_t)off;
		off += l + 1;
	}
	return fdtw_string_raw(w, name, n);
}

void fdtw_begin(struct fdtw *w, const char *name)
{
	fdtw_u32(w, FDTW_BEGIN_NODE);
	fdtw_bytes(w, name, strlen(name) + 1);
	fdtw_pad4(w);
}

void fdtw_end(struct fdtw *w)
{
	fdtw_u32(w, FDTW_END_NODE);
}

void fdtw_nop(struct fdtw *w)
{
	fdtw_u32(w, FDTW_NOP);
}

void fdtw_prop_raw(struct fdtw *w, uint32_t len, uint32_t nameoff, const void *val, size_t vlen)
{
	fdtw_u32(w, FDTW_PROP);
	fdtw_u32(w, len);
	fdtw_u32(w, nameoff);
	if (vlen)
		fdtw_bytes(w, val, vlen);
	fdtw_pad4(w);
}

void fdtw_prop(struct fdtw *w, const char *name, const void *val, uint32_t len)
{
	fdtw_prop_raw(w, len, fdtw_string(w, name), val, len);
}

void fdtw_prop_cells(struct fdtw *w, const char *name, const uint32_t *cells, unsigned int n)
{
	uint8_t *b = xrealloc(NULL, (size_t)n * 4);
	unsigned int i;

	for (i = 0; i < n; i++)
		fdtw_put32(b + 4 * i, cells[i]);
	fdtw_prop(w, name, b, n * 4);
	free(b);
}

void fdtw_prop_u32(struct fdtw *w, const char *name, uint32_t v)
{
	fdtw_prop_cells(w, name, &v, 1);
}

void fdtw_prop_u64(struct fdtw *w, const char *name, uint64_t v)
{
	uint32_t c[2] = { (uint32_t)(v >> 32), (uint32_t)v };

	fdtw_prop_cells(w, name, c, 2);
}

void fdtw_prop_str(struct fdtw *w, const char *name, const char *s)
{
	fdtw_prop(w, name, s, (uint32_t)strlen(s) + 1);
}

void fdtw_rsv(struct fdtw *w, uint64_t base, uint64_t size)
{
	if (w->nrsv < 64) {
		w->rsv[w->nrsv][0] = base;
		w->rsv[w->nrsv][1] = size;
		w->nrsv++;
	}
}

static size_t up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

uint8_t *fdtw_blob(struct fdtw *w, const struct fdtw_opts *o, size_t *lenp)
{
	static const struct fdtw_opts dflt;
	size_t hdr, off_rsv, off_st, off_str, rsv_len, st_len, end, i;
	uint32_t version;
	uint8_t *b;

	if (!o)
		o = &dflt;
	version = o->version ? o->version : 17;
	hdr = version >= 17 ? 40 : 36;
	rsv_len = (w->nrsv + !o->no_rsv_term) * 16;
	st_len = w->st_len + (o->no_end ? 0 : 4);

	end = up(hdr, 8) + up(o->gap, 8);
	if (!o->rsv_last) {
		off_rsv = end;
		end += rsv_len;
	}
	if (o->strings_first) {
		off_str = end + o->gap;
		off_st = up(off_str + w->str_len + o->gap, 4);
		end = off_st + st_len;
	} else {
		off_st = up(end + o->gap, 4);
		off_str = off_st + st_len + o->gap;
		end = off_str + w->str_len;
	}
	if (o->rsv_last) {
		off_rsv = up(end + o->gap, 8);
		end = off_rsv + rsv_len;
	}
	end += o->tail;

	b = calloc(1, end ? end : 1);
	if (!b)
		abort();
	fdtw_set(b, FDTW_H_MAGIC, 0xd00dfeed);
	fdtw_set(b, FDTW_H_TOTALSIZE, (uint32_t)end);
	fdtw_set(b, FDTW_H_OFF_STRUCT, (uint32_t)off_st);
	fdtw_set(b, FDTW_H_OFF_STRINGS, (uint32_t)off_str);
	fdtw_set(b, FDTW_H_OFF_RSVMAP, (uint32_t)off_rsv);
	fdtw_set(b, FDTW_H_VERSION, version);
	fdtw_set(b, FDTW_H_LAST_COMP, o->last_comp ? o->last_comp : 16);
	fdtw_set(b, FDTW_H_BOOT_CPUID, 0);
	fdtw_set(b, FDTW_H_SIZE_STRINGS, (uint32_t)w->str_len);
	if (version >= 17)
		fdtw_set(b, FDTW_H_SIZE_STRUCT, (uint32_t)st_len);

	for (i = 0; i < w->nrsv; i++) {
		put64(b + off_rsv + 16 * i, w->rsv[i][0]);
		put64(b + off_rsv + 16 * i + 8, w->rsv[i][1]);
	}
	if (w->st_len)
		memcpy(b + off_st, w->st, w->st_len);
	if (!o->no_end)
		fdtw_put32(b + off_st + w->st_len, FDTW_END);
	if (w->str_len)
		memcpy(b + off_str, w->str, w->str_len);
	*lenp = end;
	return b;
}
