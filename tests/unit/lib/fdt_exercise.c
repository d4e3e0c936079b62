// SPDX-License-Identifier: MIT
/*
 * Cross-checks of the fdt accessors on any blob fdt_open() accepted. Every
 * check is a relation between two accessors or between an accessor and the
 * bytes of the blob, so it holds for every valid blob, hostile or not.
 */
#include <stdlib.h>
#include <string.h>
#include "fdt_exercise.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static bool in_blob(const struct fdt *f, const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= f->blob && b <= f->blob + f->totalsize && len <= (size_t)(f->blob + f->totalsize - b);
}

static void exercise_props(const struct fdt *f, int node, struct fdt_exercise_stats *st)
{
	int prop, prev = -1;
	unsigned int guard = 0;

	for (prop = fdt_first_prop(f, node); prop >= 0; prop = fdt_next_prop(f, prop)) {
		const char *name = fdt_prop_name(f, prop);
		const void *val, *v2;
		uint32_t len = 0xdeadbeef, len2 = 0, u32;
		uint64_t u64;
		const char *s;
		int r;

		CHECK(prop > prev && ++guard <= f->size_struct / 12);
		prev = prop;
		st->props++;
		CHECK(name != NULL);
		CHECK(in_blob(f, name, strlen(name) + 1));
		val = fdt_prop_value(f, prop, &len);
		CHECK(val != NULL && len != 0xdeadbeef && in_blob(f, val, len));
		CHECK(fdt_prop_value(f, prop, NULL) == val);
		/* getprop finds this or an earlier property of the same name. */
		v2 = fdt_getprop(f, node, name, &len2);
		CHECK(v2 != NULL && (const uint8_t *)v2 <= (const uint8_t *)val);
		if (v2 == val)
			CHECK(len2 == len);
		else
			continue;

		r = fdt_getprop_u32(f, node, name, &u32);
		CHECK(len == 4 ? r == 0 && u32 == fdt_read_cells(val, 0, 1) : r == -FDT_ERR_BADVALUE);
		r = fdt_getprop_u64(f, node, name, &u64);
		if (len == 8)
			CHECK(r == 0 && u64 == fdt_read_cells(val, 0, 2));
		else if (len == 4)
			CHECK(r == 0 && u64 == u32);
		else
			CHECK(r == -FDT_ERR_BADVALUE);
		r = fdt_getprop_string(f, node, name, &s);
		CHECK(r == 0 || r == -FDT_ERR_BADVALUE);
		if (r == 0)
			CHECK(s == val && len > 0 && strlen(s) + 1 == len);
		else
			CHECK(len == 0 || memchr(val, 0, len) != (const uint8_t *)val + len - 1);

		if (!strcmp(name, "compatible")) {
			const char *c = val;
			uint32_t pos = 0;

			while (pos < len) {
				const char *nul = memchr(c + pos, 0, len - pos);

				if (!nul)
					break;
				CHECK(fdt_node_is_compatible(f, node, c + pos));
				pos = (uint32_t)(nul - c) + 1;
			}
		}
	}
	CHECK(prop == -FDT_ERR_NOTFOUND);
	CHECK(fdt_getprop(f, node, "no such property, surely", NULL) == NULL);
	CHECK(!fdt_node_is_compatible(f, node, "no such compatible, surely"));
}

static void exercise_reg(const struct fdt *f, int node)
{
	int parent = fdt_parent(f, node);
	uint32_t len;
	const void *reg = fdt_getprop(f, node, "reg", &len);
	uint64_t base, size;
	unsigned int idx;
	int ac, sc, r;

	r = fdt_get_reg(f, node, 0, &base, &size);
	if (parent < 0) {
		CHECK(r == -FDT_ERR_NOTFOUND);
		return;
	}
	{
		/* With the parent given, the same answer for every entry and past the end. */
		uint64_t b2, s2;

		for (idx = 0; idx < 4; idx++) {
			int r1 = fdt_get_reg(f, node, idx, &base, &size);
			int r2 = fdt_get_reg_under(f, node, parent, idx, &b2, &s2);

			CHECK(r1 == r2 && (r1 || (base == b2 && size == s2)));
		}
	}
	ac = fdt_addr_cells(f, parent);
	sc = fdt_size_cells(f, parent);
	CHECK(ac == -FDT_ERR_BADCELLS || (ac >= 1 && ac <= 2));
	CHECK(sc == -FDT_ERR_BADCELLS || (sc >= 0 && sc <= 2));
	if (ac < 0 || sc < 0) {
		CHECK(r == -FDT_ERR_BADCELLS);
		return;
	}
	if (!reg) {
		CHECK(r == -FDT_ERR_NOTFOUND);
		return;
	}
	if (len % (uint32_t)((ac + sc) * 4)) {
		CHECK(r == -FDT_ERR_BADVALUE);
		return;
	}
	for (idx = 0; idx <= len / (uint32_t)((ac + sc) * 4); idx++) {
		uint64_t eb, es;

		r = fdt_get_reg(f, node, idx, &base, &size);
		if (idx == len / (uint32_t)((ac + sc) * 4)) {
			CHECK(r == -FDT_ERR_NOTFOUND);
			break;
		}
		eb = fdt_read_cells(reg, idx * (uint32_t)(ac + sc), (uint32_t)ac);
		es = sc ? fdt_read_cells(reg, idx * (uint32_t)(ac + sc) + (uint32_t)ac, (uint32_t)sc) : 0;
		if (es && eb + es - 1 < eb)
			CHECK(r == -FDT_ERR_BADVALUE);
		else
			CHECK(r == 0 && base == eb && size == es);
	}
}

/* Path of the nodes on stack[0..depth], if short enough and names are path-safe. */
static bool make_path(const struct fdt *f, const int *stack, unsigned int depth, char *buf, size_t cap)
{
	size_t len = 0;
	unsigned int i;

	buf[len++] = '/';
	for (i = 1; i <= depth; i++) {
		const char *n = fdt_node_name(f, stack[i]);
		size_t nl = strlen(n);

		if (!nl || strchr(n, '/') || len + nl + 2 > cap)
			return false;
		if (i > 1)
			buf[len++] = '/';
		memcpy(buf + len, n, nl);
		len += nl;
	}
	buf[len] = '\0';
	return true;
}

void fdt_exercise(const struct fdt *f, struct fdt_exercise_stats *st)
{
	int stack[FDT_MAX_DEPTH + 1];
	bool first_of_name[FDT_MAX_DEPTH + 1];	/* path lookups reach this node */
	unsigned int depth = 0, guard = 0, i;
	int node = fdt_root(f), prev = -1, c;
	char path[512];
	uint64_t base, size;

	memset(st, 0, sizeof(*st));
	CHECK(node >= 0);
	CHECK(fdt_node_name(f, node) && !fdt_node_name(f, node)[0]);
	CHECK(fdt_parent(f, node) == -FDT_ERR_NOTFOUND);
	CHECK(fdt_next_sibling(f, node) == -FDT_ERR_NOTFOUND);
	CHECK(fdt_path(f, "/") == node);

	stack[0] = node;
	first_of_name[0] = true;
	for (;;) {
		const char *name = fdt_node_name(f, node);
		int child;

		CHECK(name && in_blob(f, name, strlen(name) + 1));
		CHECK(node > prev && ++guard <= f->size_struct / 8);
		prev = node;
		st->nodes++;
		if (depth > st->maxdepth)
			st->maxdepth = depth;
		CHECK(depth < FDT_MAX_DEPTH);
		if (depth > 0) {
			int sub = fdt_subnode(f, stack[depth - 1], name);

			CHECK(fdt_parent(f, node) == stack[depth - 1]);
			CHECK(sub >= 0 && sub <= node && !strcmp(fdt_node_name(f, sub), name));
			first_of_name[depth] = first_of_name[depth - 1] && sub == node;
		}
		if (first_of_name[depth] && make_path(f, stack, depth, path, sizeof(path))) {
			int p = fdt_path(f, path);

			CHECK(p == node);
		}
		exercise_props(f, node, st);
		exercise_reg(f, node);
		c = fdt_addr_cells(f, node);
		CHECK(c == -FDT_ERR_BADCELLS || (c >= 1 && c <= 2));
		c = fdt_size_cells(f, node);
		CHECK(c == -FDT_ERR_BADCELLS || (c >= 0 && c <= 2));

		/* Accessors must not crash on offsets next to a real one. */
		for (i = 1; i < 8; i++) {
			(void)fdt_node_name(f, node + (int)i);
			(void)fdt_first_child(f, node + (int)i);
			(void)fdt_next_sibling(f, node + (int)i);
			(void)fdt_first_prop(f, node + (int)i);
			(void)fdt_next_prop(f, node + (int)i);
			(void)fdt_prop_name(f, node + (int)i);
			(void)fdt_prop_value(f, node + (int)i, NULL);
			(void)fdt_find_compatible(f, node + (int)i, "x");
		}

		child = fdt_first_child(f, node);
		if (child >= 0) {
			CHECK(child > node);
			stack[++depth] = child;
			node = child;
			continue;
		}
		CHECK(child == -FDT_ERR_NOTFOUND);
		for (;;) {
			int sib = fdt_next_sibling(f, node);

			if (sib >= 0) {
				CHECK(sib > node && depth > 0);
				stack[depth] = sib;
				node = sib;
				break;
			}
			CHECK(sib == -FDT_ERR_NOTFOUND);
			if (depth == 0) {
				node = -1;
				break;
			}
			node = stack[--depth];
		}
		if (node < 0)
			break;
	}

	/* find_compatible walks forward and ends. */
	for (node = fdt_find_compatible(f, -1, "a"), prev = -1, guard = 0; node >= 0;
	     node = fdt_find_compatible(f, node, "a")) {
		CHECK(node > prev && ++guard <= st->nodes);
		CHECK(fdt_node_is_compatible(f, node, "a"));
		prev = node;
	}
	for (i = 0;; i++) {
		int r = fdt_get_rsvmap(f, i, &base, &size);

		if (r) {
			CHECK(r == -FDT_ERR_NOTFOUND);
			break;
		}
		CHECK(i < f->totalsize / 16 && (size == 0 || base + size - 1 >= base));
		st->rsv++;
	}

	/* Hostile offsets. */
	for (c = -9; c < 0; c++) {
		CHECK(fdt_node_name(f, c) == NULL);
		CHECK(fdt_first_child(f, c) < 0 && fdt_next_sibling(f, c) < 0 && fdt_parent(f, c) < 0);
		CHECK(fdt_first_prop(f, c) < 0 && fdt_next_prop(f, c) < 0);
		CHECK(fdt_prop_name(f, c) == NULL && fdt_prop_value(f, c, NULL) == NULL);
		CHECK(fdt_subnode(f, c, "") < 0 && fdt_getprop(f, c, "reg", NULL) == NULL);
		CHECK(fdt_addr_cells(f, c) < 0 && fdt_size_cells(f, c) < 0);
		CHECK(fdt_get_reg(f, c, 0, &base, &size) < 0);
		if (c != -1)
			CHECK(fdt_find_compatible(f, c, "a") < 0);
	}
	CHECK(fdt_node_name(f, (int)f->size_struct) == NULL);
	CHECK(fdt_node_name(f, 0x7ffffffc) == NULL);
	CHECK(fdt_first_child(f, 0x7ffffffc) < 0);
	CHECK(fdt_path(f, "") < 0 && fdt_path(f, "relative") < 0 && fdt_path(f, NULL) < 0);
}
