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
		{
			const char *n2 = NULL;
			uint32_t l2 = 0;

			CHECK(fdt_prop_get(f, prop, &n2, &l2) == val && n2 == name && l2 == len);
		}
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
			{
				const char *n2;
				uint32_t l2;

				if (fdt_prop_get(f, node + (int)i, &n2, &l2))
					CHECK(n2 == fdt_prop_name(f, node + (int)i));
			}
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
		{
			const char *n2 = "untouched";
			uint32_t l2 = 7;

			CHECK(fdt_prop_get(f, c, &n2, &l2) == NULL && !strcmp(n2, "untouched") && l2 == 7);
		}
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

/* ------------------------------------------------------------------------- */
/* The node index against a reference walk and against the walking reader. */

struct ref_node {
	uint32_t off, namelen, compat, devtype;
	int parent, child, sibling;	/* reference node numbers, -1 for none */
};

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Nodes of an accepted blob in document order, from the raw tokens (no
 * boot/fdt.c function): *n gets their number; malloc'd array.
 */
static struct ref_node *ref_walk(const struct fdt *f, unsigned int *n)
{
	const uint8_t *s = f->blob + f->off_struct, *str = f->blob + f->off_strings;
	unsigned int cap = f->size_struct / 8 + 1, cnt = 0, depth = 0;
	struct ref_node *r = calloc(cap, sizeof(*r));
	int stack[FDT_MAX_DEPTH + 1], last[FDT_MAX_DEPTH + 2], cur = -1;
	uint32_t off = 0;

	CHECK(r != NULL);
	last[0] = -1;
	for (;;) {
		uint32_t tok, len;

		CHECK(off + 4 <= f->size_struct);
		tok = be32_at(s + off);
		if (tok == 1) {	/* FDT_BEGIN_NODE */
			const char *name = (const char *)s + off + 4;
			size_t nl = strlen(name);

			CHECK(cnt < cap && depth <= FDT_MAX_DEPTH);
			r[cnt].off = off;
			r[cnt].namelen = (uint32_t)nl;
			r[cnt].parent = depth ? stack[depth - 1] : -1;
			r[cnt].child = r[cnt].sibling = -1;
			if (last[depth] >= 0)
				r[last[depth]].sibling = (int)cnt;
			else if (depth)
				r[stack[depth - 1]].child = (int)cnt;
			last[depth] = (int)cnt;
			last[depth + 1] = -1;
			stack[depth++] = (int)cnt;
			cur = (int)cnt++;
			off += 4 + (((uint32_t)nl + 4) & ~3u);
		} else if (tok == 3) {	/* FDT_PROP */
			const char *pn;

			len = be32_at(s + off + 4);
			pn = (const char *)str + be32_at(s + off + 8);
			CHECK(cur >= 0);
			if (!strcmp(pn, "compatible") && !r[cur].compat)
				r[cur].compat = off;
			if (!strcmp(pn, "device_type") && !r[cur].devtype)
				r[cur].devtype = off;
			off += 12 + ((len + 3) & ~3u);
		} else if (tok == 2) {	/* FDT_END_NODE */
			CHECK(depth > 0);
			depth--;
			cur = -1;
			off += 4;
		} else if (tok == 4) {	/* FDT_NOP */
			off += 4;
		} else {
			CHECK(tok == 9 && depth == 0);	/* FDT_END */
			break;
		}
	}
	*n = cnt;
	return r;
}

static int ref_off(const struct ref_node *r, int i)
{
	return i < 0 ? -FDT_ERR_NOTFOUND : (int)r[i].off;
}

static bool same_ptr_len(const void *a, uint32_t la, const void *b, uint32_t lb)
{
	return a == b && (!a || la == lb);
}

/* fdt_subnodes() against fdt_subnode() one name at a time (children's names, a missing one, NULL). */
static void check_subnodes(const struct fdt *f, int node)
{
	const char *names[12];
	int out[12];
	unsigned int n = 0, i;
	int child;

	names[n++] = NULL;
	names[n++] = "no such node, surely";
	for (child = fdt_first_child(f, node); child >= 0 && n < 11; child = fdt_next_sibling(f, child))
		names[n++] = fdt_node_name(f, child);
	names[n++] = "";
	fdt_subnodes(f, node, names, out, n);
	for (i = 0; i < n; i++)
		CHECK(out[i] == (names[i] ? fdt_subnode(f, node, names[i]) : -FDT_ERR_NOTFOUND));
	fdt_subnodes(f, node, names + 2, out, 1);	/* one name, the first child's or "" */
	CHECK(out[0] == fdt_subnode(f, node, names[2]));
}

/*
 * The children fdt_next_typed_child() lists, on both readers, against the
 * definition written with libc over fdt_getprop() and fdt_node_name().
 */
static void check_typed(const struct fdt *p, const struct fdt *x, int node)
{
	static const char *const types[] = { "memory", "cpu", "n1", "dev", "x", "" };
	unsigned int t;

	for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
		const char *type = types[t];
		size_t tl = strlen(type);
		int child, gp = -1, gx = -1;

		for (child = fdt_first_child(p, node);; child = fdt_next_sibling(p, child)) {
			bool want = false;

			if (child >= 0) {
				uint32_t len;
				const char *dt = fdt_getprop(p, child, "device_type", &len);
				const char *name = fdt_node_name(p, child);

				if (dt && len && memchr(dt, 0, len) == dt + len - 1)
					want = !strcmp(dt, type);
				else
					want = !strncmp(name, type, tl) && (name[tl] == '\0' || name[tl] == '@');
				if (!want)
					continue;
			}
			gp = fdt_next_typed_child(p, node, gp, type);
			gx = fdt_next_typed_child(x, node, gx, type);
			CHECK(gp == (child >= 0 ? child : -FDT_ERR_NOTFOUND) && gx == gp);
			if (child < 0)
				break;
		}
	}
	/* prev must be a child of parent. */
	CHECK(fdt_next_typed_child(x, node, node, "x") == -FDT_ERR_NOTFOUND);
	CHECK(fdt_next_typed_child(p, node, node, "x") == -FDT_ERR_NOTFOUND);
	CHECK(fdt_next_typed_child(x, node, -1, NULL) == -FDT_ERR_NOTFOUND);
}

/* Every accessor on node (a real node) gives the same answer on both. */
static void compare_node(const struct fdt *p, const struct fdt *x, int node)
{
	static const char *const names[] = { "compatible", "device_type", "reg", "status", "#address-cells",
					     "#size-cells", "ranges", "", "c", "d", "compatiblex", "device_typ",
					     "no such property, surely" };
	const char *sp, *sx;
	uint32_t lp = 0, lx = 0;
	const void *vp, *vx;
	uint64_t bp, bx, zp, zx;
	unsigned int i;
	int rp, rx, prop, child;

	CHECK(fdt_node_name(p, node) == fdt_node_name(x, node) && fdt_node_name(x, node));
	CHECK(fdt_first_child(p, node) == fdt_first_child(x, node));
	CHECK(fdt_next_sibling(p, node) == fdt_next_sibling(x, node));
	CHECK(fdt_parent(p, node) == fdt_parent(x, node));
	CHECK(fdt_first_prop(p, node) == fdt_first_prop(x, node));
	CHECK(fdt_addr_cells(p, node) == fdt_addr_cells(x, node));
	CHECK(fdt_size_cells(p, node) == fdt_size_cells(x, node));
	for (i = 0; i < 3; i++) {
		rp = fdt_get_reg(p, node, i, &bp, &zp);
		rx = fdt_get_reg(x, node, i, &bx, &zx);
		CHECK(rp == rx && (rp || (bp == bx && zp == zx)));
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		vp = fdt_getprop(p, node, names[i], &lp);
		vx = fdt_getprop(x, node, names[i], &lx);
		CHECK(same_ptr_len(vp, lp, vx, lx));
	}
	/* fdt_device_type() is fdt_getprop_string(device_type), indexed or not. */
	sp = sx = NULL;
	rp = fdt_getprop_string(p, node, "device_type", &sp);
	rx = fdt_device_type(x, node, &sx);
	CHECK(rp == rx && sp == sx);
	rx = fdt_device_type(p, node, &sx);
	CHECK(rp == rx && sp == sx);
	/* Each property by its own name; each compatible entry; each child by name. */
	for (prop = fdt_first_prop(p, node); prop >= 0; prop = fdt_next_prop(p, prop)) {
		const char *pn = fdt_prop_name(p, prop);

		CHECK(fdt_next_prop(x, prop) == fdt_next_prop(p, prop));
		CHECK(fdt_prop_name(x, prop) == pn && pn);
		vp = fdt_getprop(p, node, pn, &lp);
		vx = fdt_getprop(x, node, pn, &lx);
		CHECK(same_ptr_len(vp, lp, vx, lx));
		if (!strcmp(pn, "compatible")) {
			const char *c = fdt_prop_value(p, prop, &lp);
			uint32_t pos = 0;

			while (pos < lp) {
				const char *nul = memchr(c + pos, 0, lp - pos);

				if (!nul)
					break;
				CHECK(fdt_node_is_compatible(p, node, c + pos) == fdt_node_is_compatible(x, node, c + pos));
				CHECK(fdt_find_compatible(p, -1, c + pos) == fdt_find_compatible(x, -1, c + pos));
				CHECK(fdt_find_compatible(p, node, c + pos) == fdt_find_compatible(x, node, c + pos));
				pos = (uint32_t)(nul - c) + 1;
			}
		}
	}
	CHECK(fdt_node_is_compatible(p, node, "a") == fdt_node_is_compatible(x, node, "a"));
	CHECK(fdt_find_compatible(p, node, "a") == fdt_find_compatible(x, node, "a"));
	CHECK(fdt_find_compatible(x, node, NULL) == -FDT_ERR_NOTFOUND);
	for (child = fdt_first_child(p, node); child >= 0; child = fdt_next_sibling(p, child)) {
		const char *cn = fdt_node_name(p, child);

		CHECK(fdt_subnode(p, node, cn) == fdt_subnode(x, node, cn));
	}
	CHECK(fdt_subnode(p, node, "no such node, surely") == fdt_subnode(x, node, "no such node, surely"));
	check_subnodes(p, node);
	check_subnodes(x, node);
	check_typed(p, x, node);
}

unsigned int fdt_exercise_index(const struct fdt *p, const struct fdt *x)
{
	static const char *const want[] = { "a", "arm,gic-v3", NULL, "arm,pl011", "virtio,mmio", "",
					    "model,x", "other", "arm,armv8-timer", "x", "y" };
	int got_p[sizeof(want) / sizeof(want[0])], got_x[sizeof(want) / sizeof(want[0])];
	unsigned int n, i;
	struct ref_node *r = ref_walk(p, &n);
	uint32_t off;

	CHECK(p->blob == x->blob && p->totalsize == x->totalsize && p->size_struct == x->size_struct);
	CHECK(p->ix == NULL && p->nix == 0);
	CHECK(n > 0 && fdt_root(p) == fdt_root(x) && fdt_root(x) == (int)r[0].off);
	if (x->nix) {
		CHECK(x->nix == n && x->ix != NULL);
		for (i = 0; i < n; i++) {
			const struct fdt_ixnode *e = &x->ix[i];

			CHECK(e->off == r[i].off && e->namelen == r[i].namelen);
			CHECK(e->compat == r[i].compat && e->devtype == r[i].devtype);
			CHECK((r[i].parent < 0 ? FDT_IX_NONE : (unsigned int)r[i].parent) == e->parent);
			CHECK((r[i].child < 0 ? FDT_IX_NONE : (unsigned int)r[i].child) == e->child);
			CHECK((r[i].sibling < 0 ? FDT_IX_NONE : (unsigned int)r[i].sibling) == e->sibling);
		}
	} else {
		CHECK(x->ix == NULL);
	}
	for (i = 0; i < n; i++) {
		int node = (int)r[i].off;

		/* The reference's own links, through both readers. */
		CHECK(fdt_first_child(x, node) == ref_off(r, r[i].child));
		CHECK(fdt_next_sibling(x, node) == ref_off(r, r[i].sibling));
		CHECK(fdt_parent(x, node) == ref_off(r, r[i].parent));
		CHECK(strlen(fdt_node_name(x, node)) == r[i].namelen);
		compare_node(p, x, node);
	}
	fdt_find_compatibles(p, want, got_p, sizeof(want) / sizeof(want[0]));
	fdt_find_compatibles(x, want, got_x, sizeof(want) / sizeof(want[0]));
	CHECK(!memcmp(got_p, got_x, sizeof(got_p)));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(got_x[i] == (want[i] ? fdt_find_compatible(x, -1, want[i]) : -FDT_ERR_NOTFOUND));

	/* Offsets that are not a node's: refused with an index, and never a crash. */
	for (off = 0, i = 0; off < x->size_struct + 8; off += 4) {
		bool real = i < n && r[i].off == off;

		if (real) {
			i++;
			continue;
		}
		if (x->nix) {
			CHECK(fdt_node_name(x, (int)off) == NULL);
			CHECK(fdt_first_child(x, (int)off) < 0 && fdt_next_sibling(x, (int)off) < 0);
			CHECK(fdt_parent(x, (int)off) < 0 && fdt_first_prop(x, (int)off) < 0);
			CHECK(fdt_getprop(x, (int)off, "compatible", NULL) == NULL);
			CHECK(fdt_getprop(x, (int)off, "reg", NULL) == NULL);
			CHECK(!fdt_node_is_compatible(x, (int)off, "a"));
			CHECK(fdt_find_compatible(x, (int)off, "a") < 0);
			CHECK(fdt_subnode(x, (int)off, "a") < 0);
		} else {
			(void)fdt_node_name(x, (int)off);
			(void)fdt_getprop(x, (int)off, "compatible", NULL);
		}
	}
	free(r);
	return n;
}
