// SPDX-License-Identifier: MIT
/*
 * The manifest reader and validator (schema in docs/manifest.md). Owns the
 * translation of a boot bundle into struct manifest and every check on it.
 *
 * Two phases, both collecting every error rather than stopping at the first:
 *  - read: walk the fixed shape of the tree (root, /hypervisor, /partitions
 *    and its partitions and their children, /channels and their peers) with
 *    explicit loops, never recursion; reject unknown nodes and properties,
 *    duplicates, wrong sizes and values out of range; fill the structures;
 *  - check: relations between what was read and against the platform:
 *    alignment, IPA size, guest-physical overlaps inside a partition and
 *    with the windows the platform's architecture emulates there, host
 *    memory and device overlaps between partitions and with the hypervisor,
 *    interrupts, CPU pins and sharing, VMIDs, image placement, entry points,
 *    channels and the memory total.
 * Objects with a read error are left out of the checks that depend on them,
 * so one mistake does not produce a cascade of follow-on errors.
 *
 * No allocation, no architecture knowledge: the platform is an input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "boot/fdt.h"
#include "hyp/manifest.h"

/* ---- Errors ------------------------------------------------------------ */

static const char *const err_names[MF_ERR_COUNT] = {
	[MF_OK] = "MF_OK",
	[MF_ERR_BLOB] = "MF_ERR_BLOB",
	[MF_ERR_COMPATIBLE] = "MF_ERR_COMPATIBLE",
	[MF_ERR_UNKNOWN_NODE] = "MF_ERR_UNKNOWN_NODE",
	[MF_ERR_UNKNOWN_PROP] = "MF_ERR_UNKNOWN_PROP",
	[MF_ERR_DUPLICATE] = "MF_ERR_DUPLICATE",
	[MF_ERR_MISSING] = "MF_ERR_MISSING",
	[MF_ERR_PROP_FORM] = "MF_ERR_PROP_FORM",
	[MF_ERR_VALUE] = "MF_ERR_VALUE",
	[MF_ERR_NAME] = "MF_ERR_NAME",
	[MF_ERR_UNIT_ADDRESS] = "MF_ERR_UNIT_ADDRESS",
	[MF_ERR_LIMIT] = "MF_ERR_LIMIT",
	[MF_ERR_RANGE] = "MF_ERR_RANGE",
	[MF_ERR_ALIGN] = "MF_ERR_ALIGN",
	[MF_ERR_IPA] = "MF_ERR_IPA",
	[MF_ERR_GUEST_OVERLAP] = "MF_ERR_GUEST_OVERLAP",
	[MF_ERR_HOST_OVERLAP] = "MF_ERR_HOST_OVERLAP",
	[MF_ERR_NOT_RAM] = "MF_ERR_NOT_RAM",
	[MF_ERR_HYP_MEMORY] = "MF_ERR_HYP_MEMORY",
	[MF_ERR_DEVICE_RAM] = "MF_ERR_DEVICE_RAM",
	[MF_ERR_HYP_DEVICE] = "MF_ERR_HYP_DEVICE",
	[MF_ERR_DMA_DEVICE] = "MF_ERR_DMA_DEVICE",
	[MF_ERR_DEVICE_OVERLAP] = "MF_ERR_DEVICE_OVERLAP",
	[MF_ERR_HYP_IRQ] = "MF_ERR_HYP_IRQ",
	[MF_ERR_IRQ_CONFLICT] = "MF_ERR_IRQ_CONFLICT",
	[MF_ERR_CPU_RANGE] = "MF_ERR_CPU_RANGE",
	[MF_ERR_CPU_CONFLICT] = "MF_ERR_CPU_CONFLICT",
	[MF_ERR_VMID_CONFLICT] = "MF_ERR_VMID_CONFLICT",
	[MF_ERR_IMAGE_PLACEMENT] = "MF_ERR_IMAGE_PLACEMENT",
	[MF_ERR_ENTRY] = "MF_ERR_ENTRY",
	[MF_ERR_REFERENCE] = "MF_ERR_REFERENCE",
	[MF_ERR_CHANNEL] = "MF_ERR_CHANNEL",
	[MF_ERR_NO_MEMORY] = "MF_ERR_NO_MEMORY",
	[MF_ERR_EMULATED] = "MF_ERR_EMULATED",
};

const char *mf_err_name(enum mf_err e)
{
	if ((unsigned int)e >= MF_ERR_COUNT || !err_names[e])
		return "MF_ERR_?";
	return err_names[e];
}

#define LABEL_MAX 44

/* A labelled range or interrupt inside one partition. */
struct item {
	uint64_t base, size;
	char label[LABEL_MAX];
};

/* Items of one partition: its guest ranges, or the interrupts it sees. */
#define ITEMS_MAX	(MF_MAX_DEVICES * MF_MAX_DEV_IRQS + 1 + MF_MAX_CHANNELS)
_Static_assert(ITEMS_MAX >= MF_MAX_MEM + MF_MAX_DEVICES + 1 + MF_MAX_CHANNELS, "guest ranges fit in items");

/* Everything one mf_load() call works on. */
struct ctx {
	const struct fdt *f;
	const uint8_t *blob;
	const struct mf_platform *plat;
	struct manifest *m;
	struct mf_errors *errs;
	/*
	 * Per partition: a memory node had an error (placement checks of images
	 * and entry would only repeat it), entry and cpus were read.
	 */
	bool mem_bad[MF_MAX_PARTITIONS];
	bool entry_ok[MF_MAX_PARTITIONS];
	bool cpus_ok[MF_MAX_PARTITIONS];
	/* Channels whose fields were read without error. */
	bool chan_ok[MF_MAX_CHANNELS];
	/* Per partition: the console gave a base with an error (no default page then). */
	bool con_base_bad[MF_MAX_PARTITIONS];
	/* Scratch of one partition's check (check_guest_layout, check_partition_irqs). */
	struct item items[ITEMS_MAX];
	bool is_dev[ITEMS_MAX];
};

static void __printf(3, 4) report(struct ctx *c, enum mf_err code, const char *fmt, ...)
{
	struct mf_errors *e = c->errs;
	struct mf_error *slot;
	va_list ap;
	char *p;
	int n;

	if (e->count >= MF_MAX_ERRORS) {
		if (e->dropped < ~0u)
			e->dropped++;
		return;
	}
	slot = &e->e[e->count++];
	slot->code = code;
	n = snprintf(slot->msg, sizeof(slot->msg), "manifest: ");
	va_start(ap, fmt);
	vsnprintf(slot->msg + n, sizeof(slot->msg) - n, fmt, ap);
	va_end(ap);
	/* Names and strings come from the blob: no control characters reach the console. */
	for (p = slot->msg; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
}

/* ---- Small helpers ----------------------------------------------------- */

typedef unsigned long long ull;

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* Last byte of a non-empty range that does not wrap. */
static uint64_t last(uint64_t base, uint64_t size)
{
	return base + size - 1;
}

/* Names of partitions, channels, images: 1..31 of [a-z0-9_-], starting with a letter. */
static bool name_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len >= MF_NAME_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

/* 1..max characters, each printable ASCII (the summary prints it). */
static bool printable(const char *s, size_t max)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (i >= max || (unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return i > 0;
}

static void name_copy(char dst[MF_NAME_MAX], const char *s, size_t len)
{
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/*
 * Split "type@unit": returns true and the unit value if the node name is
 * exactly type@<1-16 hex digits>. *has_unit tells whether an '@' was there.
 */
static bool parse_unit(const char *name, const char *type, uint64_t *unit, bool *has_unit)
{
	size_t tl = strlen(type);
	const char *p;
	uint64_t v = 0;
	unsigned int digits = 0;

	*has_unit = false;
	if (strncmp(name, type, tl) != 0 || name[tl] != '@')
		return false;
	*has_unit = true;
	for (p = name + tl + 1; *p; p++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return false;
		if (++digits > 16)
			return false;
		v = v << 4 | d;
	}
	if (!digits)
		return false;
	*unit = v;
	return true;
}

/* Is the node name "type" or "type@..."? */
static bool is_type(const char *name, const char *type)
{
	size_t tl = strlen(type);

	return strncmp(name, type, tl) == 0 && (name[tl] == '\0' || name[tl] == '@');
}

/* ---- Properties -------------------------------------------------------- */

struct pv {
	const uint8_t *v;
	uint32_t len;
	bool present;
};

/*
 * Gather node's properties into out[i] for names[i]; report unknown and
 * duplicated ones. Required ones are checked by the caller (with context).
 */
static unsigned int collect(struct ctx *c, int node, const char *where, const char *const *names,
			    unsigned int n, struct pv *out)
{
	unsigned int i, bad = 0;
	int prop;

	if (n)
		memset(out, 0, n * sizeof(*out));
	for (prop = fdt_first_prop(c->f, node); prop >= 0; prop = fdt_next_prop(c->f, prop)) {
		const char *pn = NULL;
		uint32_t len = 0;
		const void *v = fdt_prop_get(c->f, prop, &pn, &len);

		if (!v)
			continue;
		for (i = 0; i < n; i++)
			if (pn[0] == names[i][0] && strcmp(pn, names[i]) == 0)
				break;
		if (i == n) {
			report(c, MF_ERR_UNKNOWN_PROP, "%s: unknown property \"%.40s\"", where, pn);
			bad++;
			continue;
		}
		if (out[i].present) {
			report(c, MF_ERR_DUPLICATE, "%s: property \"%s\" given twice", where, pn);
			bad++;
			continue;
		}
		out[i].v = v;
		out[i].len = len;
		out[i].present = true;
	}
	return bad;
}

static bool need(struct ctx *c, const char *where, const char *name, const struct pv *p)
{
	if (!p->present)
		report(c, MF_ERR_MISSING, "%s: missing property \"%s\"", where, name);
	return p->present;
}

static bool get_u32(struct ctx *c, const char *where, const char *name, const struct pv *p, uint32_t *out)
{
	if (p->len != 4) {
		report(c, MF_ERR_PROP_FORM, "%s: property \"%s\" must be one 32-bit cell", where, name);
		return false;
	}
	*out = be32(p->v);
	return true;
}

static bool get_u64(struct ctx *c, const char *where, const char *name, const struct pv *p, uint64_t *out)
{
	if (p->len != 8) {
		report(c, MF_ERR_PROP_FORM, "%s: property \"%s\" must be a 64-bit value (two cells)",
		       where, name);
		return false;
	}
	*out = be64(p->v);
	return true;
}

static bool get_reg(struct ctx *c, const char *where, const struct pv *p, uint64_t *base, uint64_t *size)
{
	if (p->len != 16) {
		report(c, MF_ERR_PROP_FORM,
		       "%s: property \"reg\" must be <base-hi base-lo size-hi size-lo> (four cells)", where);
		return false;
	}
	*base = be64(p->v);
	*size = be64(p->v + 8);
	return true;
}

/* Exactly one non-empty NUL-terminated string. */
static bool get_str(struct ctx *c, const char *where, const char *name, const struct pv *p, const char **out)
{
	if (p->len < 2 || p->v[p->len - 1] != '\0' || memchr(p->v, '\0', p->len - 1)) {
		report(c, MF_ERR_PROP_FORM, "%s: property \"%s\" must be one non-empty string", where, name);
		return false;
	}
	*out = (const char *)p->v;
	return true;
}

/* A list of non-empty NUL-terminated strings. */
static bool strlist_ok(const struct pv *p)
{
	uint32_t i, start = 0;

	if (p->len == 0 || p->v[p->len - 1] != '\0')
		return false;
	for (i = 0; i < p->len; i++) {
		if (p->v[i] == '\0') {
			if (i == start)
				return false;
			start = i + 1;
		}
	}
	return true;
}

/* A list of 1..max cells of `cell` bytes (4 or 8). */
static bool get_cells(struct ctx *c, const char *where, const char *name, const struct pv *p,
		      unsigned int cell, unsigned int max, unsigned int *n)
{
	if (p->len == 0 || p->len % cell || p->len / cell > max) {
		report(c, MF_ERR_PROP_FORM, "%s: property \"%s\" must be 1 to %u %s", where, name, max,
		       cell == 4 ? "32-bit cells" : "64-bit values (cell pairs)");
		return false;
	}
	*n = p->len / cell;
	return true;
}

static bool get_empty(struct ctx *c, const char *where, const char *name, const struct pv *p)
{
	if (p->len != 0) {
		report(c, MF_ERR_PROP_FORM, "%s: property \"%s\" must be empty", where, name);
		return false;
	}
	return true;
}

/* Leaf nodes of the schema have no children: report any as unknown. Returns their number. */
static unsigned int no_children(struct ctx *c, int node, const char *where)
{
	unsigned int n = 0;
	int child;

	for (child = fdt_first_child(c->f, node); child >= 0; child = fdt_next_sibling(c->f, child)) {
		const char *cn = fdt_node_name(c->f, child);

		report(c, MF_ERR_UNKNOWN_NODE, "%s: unknown node \"%.48s\"", where, cn ? cn : "?");
		n++;
	}
	return n;
}

/* ---- Partitions -------------------------------------------------------- */

enum { MEM_REG, MEM_HOST, MEM_ACCESS, MEM_LAZY, MEM_N };
static const char *const mem_props[MEM_N] = { "reg", "host-base", "access", "lazy" };

/* "r", "rw", "rx", "rwx" (each letter at most once, r required). */
static bool parse_access(const char *s, unsigned int *acc)
{
	unsigned int a = 0;

	for (; *s; s++) {
		unsigned int bit = *s == 'r' ? MF_ACC_R : *s == 'w' ? MF_ACC_W : *s == 'x' ? MF_ACC_X : 0;

		if (!bit || (a & bit))
			return false;
		a |= bit;
	}
	if (!(a & MF_ACC_R))
		return false;
	*acc = a;
	return true;
}

static bool check_range(struct ctx *c, const char *where, const char *what, uint64_t base, uint64_t size)
{
	if (size == 0) {
		report(c, MF_ERR_RANGE, "%s: %s is empty", where, what);
		return false;
	}
	if (!range_ok(base, size)) {
		report(c, MF_ERR_RANGE, "%s: %s 0x%llx + 0x%llx wraps past 2^64", where, what,
		       (ull)base, (ull)size);
		return false;
	}
	return true;
}

static bool check_align(struct ctx *c, const char *where, const char *what, uint64_t v)
{
	if (!is_aligned(v, c->plat->granule)) {
		report(c, MF_ERR_ALIGN, "%s: %s 0x%llx is not a multiple of the 0x%llx-byte granule",
		       where, what, (ull)v, (ull)c->plat->granule);
		return false;
	}
	return true;
}

/*
 * Property "reg" of node `nname` ("<type>@<unit>"): present and well formed,
 * the unit address equal to its base, and a granule-aligned range within the
 * `space` ("guest" or "host") address limits. Reports each problem; true if none.
 */
static bool read_unit_reg(struct ctx *c, const char *where, const char *nname, const char *type,
			  const struct pv *reg, const char *space, uint64_t *base, uint64_t *size)
{
	char range_what[16], base_what[16];
	uint64_t unit;
	bool has_unit, ok = true;

	if (!need(c, where, "reg", reg) || !get_reg(c, where, reg, base, size))
		return false;
	if (!parse_unit(nname, type, &unit, &has_unit) || unit != *base) {
		report(c, MF_ERR_UNIT_ADDRESS, "%s: unit address does not match reg (expected %s@%llx)", where, type,
		       (ull)*base);
		ok = false;
	}
	snprintf(range_what, sizeof(range_what), "%s range", space);
	snprintf(base_what, sizeof(base_what), "%s base", space);
	if (!check_range(c, where, range_what, *base, *size))
		ok = false;
	else if (!check_align(c, where, base_what, *base) || !check_align(c, where, "size", *size))
		ok = false;
	return ok;
}

/*
 * Property `name`, the base of a size-byte region in the `space` ("guest" or
 * "host") address space: a number, granule-aligned and, when size is known
 * to be good (size_ok), a range within the address limits. Reports each
 * problem; true if none.
 */
static bool read_base(struct ctx *c, const char *where, const char *name, const struct pv *p,
		      const char *space, uint64_t size, bool size_ok, uint64_t *base)
{
	char what[16];

	if (!get_u64(c, where, name, p, base))
		return false;
	snprintf(what, sizeof(what), "%s base", space);
	if (!check_align(c, where, what, *base))
		return false;
	snprintf(what, sizeof(what), "%s range", space);
	return !size_ok || check_range(c, where, what, *base, size);
}

static void read_memory(struct ctx *c, unsigned int pi, int node, const char *pwhere, const char *nname)
{
	struct mf_partition *p = &c->m->part[pi];
	struct mf_mem mem = { 0 };
	struct pv pv[MEM_N];
	char where[112];
	bool ok = true;
	const char *acc;

	snprintf(where, sizeof(where), "%s: %.48s", pwhere, nname);
	if (collect(c, node, where, mem_props, MEM_N, pv) + no_children(c, node, where))
		ok = false;
	if (!read_unit_reg(c, where, nname, "memory", &pv[MEM_REG], "guest", &mem.gpa, &mem.size))
		ok = false;
	if (pv[MEM_HOST].present) {
		if (!read_base(c, where, "host-base", &pv[MEM_HOST], "host", mem.size, ok, &mem.hpa))
			ok = false;
		mem.fixed_hpa = true;
	}
	mem.access = MF_ACC_R | MF_ACC_W;
	if (pv[MEM_ACCESS].present) {
		if (!get_str(c, where, "access", &pv[MEM_ACCESS], &acc)) {
			ok = false;
		} else if (!parse_access(acc, &mem.access)) {
			report(c, MF_ERR_VALUE, "%s: property \"access\" is \"%.16s\" (expected r, rw, rx or rwx)",
			       where, acc);
			ok = false;
		}
	}
	if (pv[MEM_LAZY].present) {
		if (!get_empty(c, where, "lazy", &pv[MEM_LAZY]))
			ok = false;
		mem.lazy = true;
	}
	if (!ok) {
		c->mem_bad[pi] = true;
		return;
	}
	if (p->nmem >= MF_MAX_MEM) {
		report(c, MF_ERR_LIMIT, "%s: more than %u memory regions", pwhere, MF_MAX_MEM);
		c->mem_bad[pi] = true;
		return;
	}
	p->mem[p->nmem++] = mem;
}

enum { IMG_DATA, IMG_LOAD, IMG_N };
static const char *const img_props[IMG_N] = { "data", "load-address" };

static void read_image(struct ctx *c, unsigned int pi, int node, const char *pwhere, const char *nname)
{
	struct mf_partition *p = &c->m->part[pi];
	struct mf_image img = { 0 };
	struct pv pv[IMG_N];
	char where[112];
	const char *label = nname[5] == '-' ? nname + 6 : nname;
	bool ok = true;

	snprintf(where, sizeof(where), "%s: %.48s", pwhere, nname);
	if (!name_ok(label, strlen(label))) {
		report(c, MF_ERR_NAME, "%s: bad image name (image or image-<name>, name 1 to 31 of a-z 0-9 _ -)",
		       where);
		ok = false;
	} else {
		name_copy(img.name, label, strlen(label));
	}
	if (collect(c, node, where, img_props, IMG_N, pv) + no_children(c, node, where))
		ok = false;
	if (need(c, where, "data", &pv[IMG_DATA])) {
		if (pv[IMG_DATA].len == 0) {
			report(c, MF_ERR_PROP_FORM, "%s: property \"data\" must not be empty", where);
			ok = false;
		} else {
			img.data = pv[IMG_DATA].v;
			img.size = pv[IMG_DATA].len;
			img.offset = (uint32_t)(pv[IMG_DATA].v - c->blob);
		}
	} else {
		ok = false;
	}
	if (!need(c, where, "load-address", &pv[IMG_LOAD]) ||
	    !get_u64(c, where, "load-address", &pv[IMG_LOAD], &img.load))
		ok = false;
	else if (img.size && !check_range(c, where, "image", img.load, img.size))
		ok = false;
	if (!ok)
		return;
	if (p->nimages >= MF_MAX_IMAGES) {
		report(c, MF_ERR_LIMIT, "%s: more than %u images", pwhere, MF_MAX_IMAGES);
		return;
	}
	p->image[p->nimages++] = img;
}

/*
 * An interrupt number of a partition (console irq, doorbell-irq, device
 * irqs): below the platform's irq-limit and, if the platform's architecture
 * has a range (struct mf_arch_layout irq_first..irq_end), one its emulated
 * interrupt controller can deliver. Reports and returns false otherwise.
 */
static bool check_irq(struct ctx *c, const char *where, unsigned int irq)
{
	const struct mf_arch_layout *lay = c->plat->layout;

	if (irq >= c->plat->irq_limit) {
		report(c, MF_ERR_VALUE, "%s: interrupt %u is not below %u", where, irq, c->plat->irq_limit);
		return false;
	}
	if (lay && lay->irq_end && (irq < lay->irq_first || irq >= lay->irq_end)) {
		report(c, MF_ERR_VALUE, "%s: interrupt %u is not one of %s (%u-%u)", where, irq,
		       lay->irq_what, lay->irq_first, lay->irq_end - 1);
		return false;
	}
	return true;
}

enum { DEV_REG, DEV_GUEST, DEV_IRQS, DEV_N };
static const char *const dev_props[DEV_N] = { "reg", "guest-base", "irqs" };

static void read_device(struct ctx *c, unsigned int pi, int node, const char *pwhere, const char *nname)
{
	struct mf_partition *p = &c->m->part[pi];
	struct mf_device dev = { 0 };
	struct pv pv[DEV_N];
	char where[112];
	bool ok = true;
	unsigned int i;

	snprintf(where, sizeof(where), "%s: %.48s", pwhere, nname);
	if (collect(c, node, where, dev_props, DEV_N, pv) + no_children(c, node, where))
		ok = false;
	if (!read_unit_reg(c, where, nname, "device", &pv[DEV_REG], "host", &dev.hpa, &dev.size))
		ok = false;
	dev.gpa = dev.hpa;
	if (pv[DEV_GUEST].present) {
		if (!read_base(c, where, "guest-base", &pv[DEV_GUEST], "guest", dev.size, ok, &dev.gpa))
			ok = false;
	}
	if (pv[DEV_IRQS].present) {
		if (!get_cells(c, where, "irqs", &pv[DEV_IRQS], 4, MF_MAX_DEV_IRQS, &dev.nirqs)) {
			ok = false;
		} else {
			for (i = 0; i < dev.nirqs; i++) {
				dev.irq[i] = be32(pv[DEV_IRQS].v + 4 * i);
				if (!check_irq(c, where, dev.irq[i]))
					ok = false;
			}
		}
	}
	if (!ok)
		return;
	if (p->ndevices >= MF_MAX_DEVICES) {
		report(c, MF_ERR_LIMIT, "%s: more than %u devices", pwhere, MF_MAX_DEVICES);
		return;
	}
	p->dev[p->ndevices++] = dev;
}

enum { CON_BASE, CON_IRQ, CON_N };
static const char *const con_props[CON_N] = { "base", "irq" };

/* A console field with an error is left unset; the console itself still exists. */
static void read_console(struct ctx *c, unsigned int pi, int node, const char *pwhere)
{
	struct mf_console *con = &c->m->part[pi].console;
	struct pv pv[CON_N];
	char where[112];

	snprintf(where, sizeof(where), "%s: console", pwhere);
	if (con->present) {
		report(c, MF_ERR_DUPLICATE, "%s: node \"console\" given twice", pwhere);
		return;
	}
	(void)collect(c, node, where, con_props, CON_N, pv);
	(void)no_children(c, node, where);
	con->present = true;
	if (pv[CON_BASE].present && get_u64(c, where, "base", &pv[CON_BASE], &con->base) &&
	    check_align(c, where, "base", con->base) && check_range(c, where, "base", con->base, c->plat->granule))
		con->has_base = true;
	else if (pv[CON_BASE].present)
		c->con_base_bad[pi] = true;
	if (pv[CON_IRQ].present && get_u32(c, where, "irq", &pv[CON_IRQ], &con->irq)) {
		if (check_irq(c, where, con->irq))
			con->has_irq = true;
	}
}

enum {
	P_ACELLS, P_SCELLS, P_VCPUS, P_CPUS, P_VMID, P_SLICE, P_FAULT, P_PRIV, P_ENTRY, P_ARGS,
	P_IPA, P_N
};
static const char *const part_props[P_N] = {
	"#address-cells", "#size-cells", "vcpus", "cpus", "vmid", "time-slice-us", "fault-policy",
	"privileges", "entry", "boot-args", "ipa-bits",
};

static const struct { const char *name; unsigned int bit; } priv_names[] = {
	{ "read-dirty-log", MF_PRIV_READ_DIRTY_LOG },
	{ "stop", MF_PRIV_STOP },
	{ "restart", MF_PRIV_RESTART },
	{ "read-stats", MF_PRIV_READ_STATS },
};

static const char *const fault_names[] = {
	[MF_FAULT_HALT] = "halt", [MF_FAULT_RESTART] = "restart", [MF_FAULT_RESET_SYSTEM] = "reset-system",
};

static void read_partition_props(struct ctx *c, unsigned int pi, int node, const char *where)
{
	struct mf_partition *p = &c->m->part[pi];
	struct pv pv[P_N];
	uint32_t v;
	unsigned int i, n;
	const char *s;

	(void)collect(c, node, where, part_props, P_N, pv);
	for (i = P_ACELLS; i <= P_SCELLS; i++) {
		if (need(c, where, part_props[i], &pv[i]) && get_u32(c, where, part_props[i], &pv[i], &v) &&
		    v != 2)
			report(c, MF_ERR_VALUE, "%s: property \"%s\" is %u (must be 2)", where, part_props[i], v);
	}
	if (need(c, where, "vcpus", &pv[P_VCPUS]) && get_u32(c, where, "vcpus", &pv[P_VCPUS], &v)) {
		if (v < 1 || v > MF_MAX_VCPUS)
			report(c, MF_ERR_VALUE, "%s: property \"vcpus\" is %u (must be 1 to %u)", where, v,
			       MF_MAX_VCPUS);
		else
			p->nvcpus = v;
	}
	if (need(c, where, "cpus", &pv[P_CPUS]) &&
	    get_cells(c, where, "cpus", &pv[P_CPUS], 4, MF_MAX_VCPUS, &n) && p->nvcpus) {
		if (n != p->nvcpus) {
			report(c, MF_ERR_VALUE, "%s: property \"cpus\" pins %u vCPU(s), \"vcpus\" is %u", where, n,
			       p->nvcpus);
		} else {
			for (i = 0; i < n; i++)
				p->pcpu[i] = be32(pv[P_CPUS].v + 4 * i);
			c->cpus_ok[pi] = true;
		}
	}
	if (pv[P_VMID].present && get_u32(c, where, "vmid", &pv[P_VMID], &v)) {
		if (v < 1 || v > c->plat->vmid_max)
			report(c, MF_ERR_VALUE, "%s: property \"vmid\" is %u (must be 1 to %u)", where, v,
			       c->plat->vmid_max);
		else
			p->vmid = v;
	}
	if (pv[P_SLICE].present && get_u32(c, where, "time-slice-us", &pv[P_SLICE], &v)) {
		if (v < 100 || v > 1000000)
			report(c, MF_ERR_VALUE, "%s: property \"time-slice-us\" is %u (must be 100 to 1000000)",
			       where, v);
		else
			p->time_slice_us = v;
	}
	p->fault = MF_FAULT_HALT;
	if (pv[P_FAULT].present && get_str(c, where, "fault-policy", &pv[P_FAULT], &s)) {
		for (i = 0; i < ARRAY_SIZE(fault_names); i++)
			if (strcmp(s, fault_names[i]) == 0)
				break;
		if (i == ARRAY_SIZE(fault_names))
			report(c, MF_ERR_VALUE,
			       "%s: property \"fault-policy\" is \"%.24s\" (expected halt, restart or reset-system)",
			       where, s);
		else
			p->fault = i;
	}
	if (pv[P_PRIV].present) {
		if (!strlist_ok(&pv[P_PRIV])) {
			report(c, MF_ERR_PROP_FORM, "%s: property \"privileges\" must be a list of non-empty strings",
			       where);
		} else {
			for (s = (const char *)pv[P_PRIV].v; s < (const char *)pv[P_PRIV].v + pv[P_PRIV].len;
			     s += strlen(s) + 1) {
				for (i = 0; i < ARRAY_SIZE(priv_names); i++)
					if (strcmp(s, priv_names[i].name) == 0)
						break;
				if (i == ARRAY_SIZE(priv_names))
					report(c, MF_ERR_VALUE,
					       "%s: unknown privilege \"%.24s\" (expected read-dirty-log, stop, restart or read-stats)",
					       where, s);
				else
					p->privileges |= priv_names[i].bit;
			}
		}
	}
	if (need(c, where, "entry", &pv[P_ENTRY]) && get_u64(c, where, "entry", &pv[P_ENTRY], &p->entry))
		c->entry_ok[pi] = true;
	if (pv[P_ARGS].present && get_cells(c, where, "boot-args", &pv[P_ARGS], 8, MF_MAX_BOOT_ARGS, &n)) {
		p->nboot_args = n;
		for (i = 0; i < n; i++)
			p->boot_arg[i] = be64(pv[P_ARGS].v + 8 * i);
	}
	if (pv[P_IPA].present && get_u32(c, where, "ipa-bits", &pv[P_IPA], &v)) {
		if (v < 32 || v > c->plat->ipa_bits_max)
			report(c, MF_ERR_VALUE, "%s: property \"ipa-bits\" is %u (must be 32 to %u)", where, v,
			       c->plat->ipa_bits_max);
		else
			p->ipa_bits = v;
	}
}

static void read_partition(struct ctx *c, unsigned int pi, int node)
{
	struct mf_partition *p = &c->m->part[pi];
	char where[MF_NAME_MAX + 16];
	int child;

	snprintf(where, sizeof(where), "partition \"%s\"", p->name);
	read_partition_props(c, pi, node, where);
	for (child = fdt_first_child(c->f, node); child >= 0; child = fdt_next_sibling(c->f, child)) {
		const char *cn = fdt_node_name(c->f, child);

		if (!cn)
			continue;
		if (is_type(cn, "memory"))
			read_memory(c, pi, child, where, cn);
		else if (is_type(cn, "device"))
			read_device(c, pi, child, where, cn);
		else if (strcmp(cn, "console") == 0)
			read_console(c, pi, child, where);
		else if (strcmp(cn, "image") == 0 || strncmp(cn, "image-", 6) == 0)
			read_image(c, pi, child, where, cn);
		else
			report(c, MF_ERR_UNKNOWN_NODE, "%s: unknown node \"%.48s\"", where, cn);
	}
	if (p->nmem == 0 && !c->mem_bad[pi])
		report(c, MF_ERR_MISSING, "%s: no memory@ node", where);
}

/* A node with neither properties nor children expected beyond `what` allows. */
static void no_props(struct ctx *c, int node, const char *where)
{
	(void)collect(c, node, where, NULL, 0, NULL);
}

/*
 * May node `cn` under `path` become the next of `count` objects of `kind`
 * (at most `limit`)? Its name must be valid and not taken (`find` looks it up
 * among those read so far). Reports why not and returns false; the limit is
 * reported once per list (*over).
 */
static bool new_child_ok(struct ctx *c, const char *path, const char *kind, const char *cn,
			 int (*find)(const struct manifest *m, const char *name), unsigned int count,
			 unsigned int limit, bool *over)
{
	if (!name_ok(cn, strlen(cn))) {
		report(c, MF_ERR_NAME, "%s: bad %s name \"%.40s\" (1 to 31 of a-z 0-9 _ -, starting with a letter)",
		       path, kind, cn);
		return false;
	}
	if (find(c->m, cn) >= 0) {
		report(c, MF_ERR_DUPLICATE, "%s: %s \"%s\" given twice", path, kind, cn);
		return false;
	}
	if (count >= limit) {
		if (!*over)
			report(c, MF_ERR_LIMIT, "%s: more than %u %ss", path, limit, kind);
		*over = true;
		return false;
	}
	return true;
}

static void read_partitions(struct ctx *c, int node)
{
	struct manifest *m = c->m;
	int child;
	bool over = false;

	no_props(c, node, "/partitions");
	for (child = fdt_first_child(c->f, node); child >= 0; child = fdt_next_sibling(c->f, child)) {
		const char *cn = fdt_node_name(c->f, child);

		if (!cn)
			continue;
		if (!new_child_ok(c, "/partitions", "partition", cn, mf_find_partition, m->nparts, MF_MAX_PARTITIONS,
				  &over))
			continue;
		name_copy(m->part[m->nparts].name, cn, strlen(cn));
		read_partition(c, m->nparts++, child);
	}
	if (m->nparts == 0 && !over)
		report(c, MF_ERR_MISSING, "/partitions: no partition defined");
}

/* ---- Global settings and channels -------------------------------------- */

enum { H_CONSOLE, H_LOG, H_WATCHDOG, H_N };
static const char *const hyp_props[H_N] = { "console-input", "log-level", "watchdog-ms" };
static const char *const log_names[] = {
	[MF_LOG_ERROR] = "error", [MF_LOG_WARN] = "warn", [MF_LOG_INFO] = "info", [MF_LOG_DEBUG] = "debug",
};

static void read_hypervisor(struct ctx *c, int node)
{
	const char *where = "/hypervisor";
	struct manifest *m = c->m;
	struct pv pv[H_N];
	const char *s;
	uint32_t v;
	unsigned int i;
	int pi;

	(void)collect(c, node, where, hyp_props, H_N, pv);
	(void)no_children(c, node, where);
	if (pv[H_CONSOLE].present && get_str(c, where, "console-input", &pv[H_CONSOLE], &s)) {
		pi = mf_find_partition(m, s);
		if (pi < 0)
			report(c, MF_ERR_REFERENCE, "%s: property \"console-input\": no partition \"%.31s\"", where, s);
		else
			m->console_input = pi;
	}
	if (pv[H_LOG].present && get_str(c, where, "log-level", &pv[H_LOG], &s)) {
		for (i = 0; i < ARRAY_SIZE(log_names); i++)
			if (strcmp(s, log_names[i]) == 0)
				break;
		if (i == ARRAY_SIZE(log_names))
			report(c, MF_ERR_VALUE,
			       "%s: property \"log-level\" is \"%.16s\" (expected error, warn, info or debug)", where, s);
		else
			m->log_level = i;
	}
	if (pv[H_WATCHDOG].present && get_u32(c, where, "watchdog-ms", &pv[H_WATCHDOG], &v)) {
		if (v != 0 && (v < 10 || v > 600000))
			report(c, MF_ERR_VALUE, "%s: property \"watchdog-ms\" is %u (must be 0 or 10 to 600000)",
			       where, v);
		else
			m->watchdog_ms = v;
	}
}

enum { CH_SIZE, CH_HOST, CH_N };
static const char *const chan_props[CH_N] = { "size", "host-base" };
enum { PE_GUEST, PE_ACCESS, PE_DOORBELL, PE_N };
static const char *const peer_props[PE_N] = { "guest-base", "access", "doorbell-irq" };

static bool read_peer(struct ctx *c, struct mf_channel *ch, int node, const char *cwhere, const char *pn)
{
	struct mf_peer peer = { 0 };
	struct pv pv[PE_N];
	char where[112];
	const char *s;
	unsigned int i;
	int pi;
	bool ok = true;

	snprintf(where, sizeof(where), "%s: peer \"%.31s\"", cwhere, pn);
	pi = mf_find_partition(c->m, pn);
	if (pi < 0) {
		report(c, MF_ERR_REFERENCE, "%s: no partition \"%.31s\"", cwhere, pn);
		return false;
	}
	peer.part = pi;
	for (i = 0; i < ch->npeers; i++) {
		if (ch->peer[i].part == peer.part) {
			report(c, MF_ERR_DUPLICATE, "%s: peer \"%s\" given twice", cwhere, pn);
			return false;
		}
	}
	if (collect(c, node, where, peer_props, PE_N, pv) + no_children(c, node, where))
		ok = false;
	if (!need(c, where, "guest-base", &pv[PE_GUEST]) ||
	    !read_base(c, where, "guest-base", &pv[PE_GUEST], "guest", ch->size, ch->size != 0, &peer.gpa))
		ok = false;
	if (!need(c, where, "access", &pv[PE_ACCESS]) || !get_str(c, where, "access", &pv[PE_ACCESS], &s)) {
		ok = false;
	} else if (strcmp(s, "r") == 0 || strcmp(s, "rw") == 0) {
		peer.writable = s[1] == 'w';
	} else {
		report(c, MF_ERR_VALUE, "%s: property \"access\" is \"%.16s\" (expected r or rw)", where, s);
		ok = false;
	}
	if (pv[PE_DOORBELL].present) {
		if (!get_u32(c, where, "doorbell-irq", &pv[PE_DOORBELL], &peer.doorbell)) {
			ok = false;
		} else if (!check_irq(c, where, peer.doorbell)) {
			ok = false;
		} else {
			peer.has_doorbell = true;
		}
	}
	if (!ok)
		return false;
	if (ch->npeers >= MF_MAX_PEERS) {
		report(c, MF_ERR_LIMIT, "%s: more than %u peers", cwhere, MF_MAX_PEERS);
		return false;
	}
	ch->peer[ch->npeers++] = peer;
	return true;
}

static int find_channel(const struct manifest *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < m->nchannels; i++)
		if (strcmp(m->chan[i].name, name) == 0)
			return i;
	return -1;
}

static void read_channels(struct ctx *c, int node)
{
	struct manifest *m = c->m;
	int child, pn;
	bool over = false;
	unsigned int i;

	no_props(c, node, "/channels");
	for (child = fdt_first_child(c->f, node); child >= 0; child = fdt_next_sibling(c->f, child)) {
		const char *cn = fdt_node_name(c->f, child);
		char where[MF_NAME_MAX + 16];
		struct mf_channel *ch;
		struct pv pv[CH_N];
		bool ok = true, writer = false;

		if (!cn)
			continue;
		if (!new_child_ok(c, "/channels", "channel", cn, find_channel, m->nchannels, MF_MAX_CHANNELS, &over))
			continue;
		ch = &m->chan[m->nchannels];
		memset(ch, 0, sizeof(*ch));
		name_copy(ch->name, cn, strlen(cn));
		snprintf(where, sizeof(where), "channel \"%s\"", ch->name);
		(void)collect(c, child, where, chan_props, CH_N, pv);
		if (!need(c, where, "size", &pv[CH_SIZE]) || !get_u64(c, where, "size", &pv[CH_SIZE], &ch->size) ||
		    !check_range(c, where, "size", 0, ch->size) || !check_align(c, where, "size", ch->size)) {
			ch->size = 0;
			ok = false;
		}
		if (pv[CH_HOST].present) {
			ch->fixed_hpa = true;
			if (!read_base(c, where, "host-base", &pv[CH_HOST], "host", ch->size, ch->size != 0, &ch->hpa))
				ok = false;
		}
		for (pn = fdt_first_child(c->f, child); pn >= 0; pn = fdt_next_sibling(c->f, pn)) {
			const char *name = fdt_node_name(c->f, pn);

			if (name && !read_peer(c, ch, pn, where, name))
				ok = false;
		}
		for (i = 0; i < ch->npeers; i++)
			writer |= ch->peer[i].writable;
		if (ok && ch->npeers < 2)
			report(c, MF_ERR_CHANNEL, "%s: needs at least two peers (has %u)", where, ch->npeers);
		else if (ok && !writer)
			report(c, MF_ERR_CHANNEL, "%s: no peer may write (give one access = \"rw\")", where);
		else
			c->chan_ok[m->nchannels] = ok;
		m->nchannels++;
	}
}

/* ---- Checks across objects --------------------------------------------- */

static void image_label(char *buf, size_t len, const struct mf_image *img)
{
	if (strcmp(img->name, "image") == 0)
		snprintf(buf, len, "image");
	else
		snprintf(buf, len, "image-%s", img->name);
}

static unsigned int bits_for(uint64_t last_byte)
{
	unsigned int b = 0;

	while (b < 64 && (last_byte >> b))
		b++;
	return b;
}

/*
 * The windows the hypervisor emulates in this partition (the platform's
 * arch layout) against its n guest ranges it[]: each overlap is reported.
 * A window that depends on a field with a read error (vcpus, console base)
 * is skipped: that error is already reported.
 */
static void check_emulated(struct ctx *c, unsigned int pi, const struct item *it, unsigned int n)
{
	const struct mf_arch_layout *lay = c->plat->layout;
	const struct mf_partition *p = &c->m->part[pi];
	unsigned int w, i;

	for (w = 0; lay && w < lay->nwin; w++) {
		const struct mf_window *win = &lay->win[w];
		uint64_t size = mf_window_size(win, p->nvcpus);

		if (win->per_vcpu && !p->nvcpus)
			continue;
		if (win->when == MF_WIN_CONSOLE_DEFAULT &&
		    (!p->console.present || p->console.has_base || c->con_base_bad[pi]))
			continue;
		if (!size || !range_ok(win->base, size))
			continue;
		for (i = 0; i < n; i++)
			if (ranges_overlap(it[i].base, it[i].size, win->base, size))
				report(c, MF_ERR_EMULATED,
				       "partition \"%s\": %s (guest 0x%llx-0x%llx) overlaps %s (0x%llx-0x%llx)",
				       p->name, it[i].label, (ull)it[i].base, (ull)last(it[i].base, it[i].size),
				       win->name, (ull)win->base, (ull)last(win->base, size));
	}
}

/* Guest-physical layout of one partition: IPA size, overlaps, emulated windows. */
static void check_guest_layout(struct ctx *c, unsigned int pi)
{
	struct mf_partition *p = &c->m->part[pi];
	struct item *it = c->items;
	unsigned int n = 0, i, j, k, limit, needed = 32;

	for (i = 0; i < p->nmem; i++) {
		it[n].base = p->mem[i].gpa;
		it[n].size = p->mem[i].size;
		snprintf(it[n++].label, LABEL_MAX, "memory@%llx", (ull)p->mem[i].gpa);
	}
	for (i = 0; i < p->ndevices; i++) {
		it[n].base = p->dev[i].gpa;
		it[n].size = p->dev[i].size;
		snprintf(it[n++].label, LABEL_MAX, "device@%llx", (ull)p->dev[i].hpa);
	}
	if (p->console.has_base) {
		it[n].base = p->console.base;
		it[n].size = c->plat->granule;
		snprintf(it[n++].label, LABEL_MAX, "console");
	}
	for (i = 0; i < c->m->nchannels; i++) {
		const struct mf_channel *ch = &c->m->chan[i];

		if (!c->chan_ok[i])
			continue;
		for (k = 0; k < ch->npeers; k++) {
			if (ch->peer[k].part != pi)
				continue;
			it[n].base = ch->peer[k].gpa;
			it[n].size = ch->size;
			snprintf(it[n++].label, LABEL_MAX, "channel \"%s\"", ch->name);
		}
	}

	limit = p->ipa_bits ? p->ipa_bits : c->plat->ipa_bits_max;
	for (i = 0; i < n; i++) {
		unsigned int b = bits_for(last(it[i].base, it[i].size));

		if (b > limit)
			report(c, MF_ERR_IPA, "partition \"%s\": %s: guest range 0x%llx-0x%llx is beyond the %u-bit IPA size",
			       p->name, it[i].label, (ull)it[i].base, (ull)last(it[i].base, it[i].size), limit);
		else if (b > needed)
			needed = b;
	}
	if (!p->ipa_bits)
		p->ipa_bits = needed;

	for (j = 1; j < n; j++)
		for (i = 0; i < j; i++)
			if (ranges_overlap(it[i].base, it[i].size, it[j].base, it[j].size))
				report(c, MF_ERR_GUEST_OVERLAP,
				       "partition \"%s\": %s (guest 0x%llx-0x%llx) overlaps %s", p->name,
				       it[j].label, (ull)it[j].base, (ull)last(it[j].base, it[j].size), it[i].label);
	check_emulated(c, pi, it, n);
}

static int find_mem(const struct mf_partition *p, uint64_t base, uint64_t size, unsigned int need_acc)
{
	unsigned int i;

	for (i = 0; i < p->nmem; i++) {
		const struct mf_mem *r = &p->mem[i];

		if (base >= r->gpa && last(base, size) <= last(r->gpa, r->size) &&
		    (r->access & need_acc) == need_acc)
			return i;
	}
	return -1;
}

static void check_images_entry(struct ctx *c, unsigned int pi)
{
	struct mf_partition *p = &c->m->part[pi];
	char li[LABEL_MAX], lj[LABEL_MAX];
	unsigned int i, j;

	if (c->mem_bad[pi])
		return;
	for (i = 0; i < p->nimages; i++) {
		const struct mf_image *img = &p->image[i];

		image_label(li, sizeof(li), img);
		if (find_mem(p, img->load, img->size, 0) < 0)
			report(c, MF_ERR_IMAGE_PLACEMENT,
			       "partition \"%s\": %s: guest 0x%llx-0x%llx is not inside one memory region",
			       p->name, li, (ull)img->load, (ull)last(img->load, img->size));
		for (j = 0; j < i; j++) {
			if (!ranges_overlap(img->load, img->size, p->image[j].load, p->image[j].size))
				continue;
			image_label(lj, sizeof(lj), &p->image[j]);
			report(c, MF_ERR_IMAGE_PLACEMENT, "partition \"%s\": %s (guest 0x%llx-0x%llx) overlaps %s",
			       p->name, li, (ull)img->load, (ull)last(img->load, img->size), lj);
		}
	}
	if (c->entry_ok[pi] && p->nmem && find_mem(p, p->entry, 1, MF_ACC_X) < 0)
		report(c, MF_ERR_ENTRY,
		       "partition \"%s\": entry 0x%llx is not in executable memory (a memory@ node with access \"rx\" or \"rwx\")",
		       p->name, (ull)p->entry);
}

/*
 * Fixed host memory of partitions and channels, numbered without a table:
 * index part * MF_MAX_MEM + region for partition memory, then
 * MF_MAX_PARTITIONS * MF_MAX_MEM + channel for channels.
 */
#define HOST_IDX_MAX (MF_MAX_PARTITIONS * MF_MAX_MEM + MF_MAX_CHANNELS)

struct hostr {
	uint64_t base, size;
	int part;		/* owner partition, or -1 for a channel */
	unsigned int idx;	/* region in the partition, or channel index */
};

static bool host_range(const struct ctx *c, unsigned int idx, struct hostr *h)
{
	if (idx < MF_MAX_PARTITIONS * MF_MAX_MEM) {
		unsigned int pi = idx / MF_MAX_MEM, r = idx % MF_MAX_MEM;
		const struct mf_mem *mem;

		if (pi >= c->m->nparts || r >= c->m->part[pi].nmem)
			return false;
		mem = &c->m->part[pi].mem[r];
		if (!mem->fixed_hpa)
			return false;
		h->base = mem->hpa;
		h->size = mem->size;
		h->part = pi;
		h->idx = r;
		return true;
	}
	idx -= MF_MAX_PARTITIONS * MF_MAX_MEM;
	if (idx >= c->m->nchannels || !c->chan_ok[idx] || !c->m->chan[idx].fixed_hpa)
		return false;
	h->base = c->m->chan[idx].hpa;
	h->size = c->m->chan[idx].size;
	h->part = -1;
	h->idx = idx;
	return true;
}

static void host_desc(const struct ctx *c, const struct hostr *h, char *buf, size_t len)
{
	if (h->part >= 0)
		snprintf(buf, len, "partition \"%s\": memory@%llx", c->m->part[h->part].name,
			 (ull)c->m->part[h->part].mem[h->idx].gpa);
	else
		snprintf(buf, len, "channel \"%s\"", c->m->chan[h->idx].name);
}

static void check_host_memory(struct ctx *c)
{
	const struct mf_platform *pl = c->plat;
	char who[MF_MSG_MAX / 2], other[MF_MSG_MAX / 2];
	struct hostr hi, hj;
	unsigned int i, j, k;

	for (i = 0; i < HOST_IDX_MAX; i++) {
		uint64_t b, e;
		bool in_ram = false;

		if (!host_range(c, i, &hi))
			continue;
		b = hi.base;
		e = last(hi.base, hi.size);
		host_desc(c, &hi, who, sizeof(who));
		for (k = 0; k < pl->nram; k++)
			if (pl->ram[k].size && b >= pl->ram[k].base && e <= last(pl->ram[k].base, pl->ram[k].size))
				in_ram = true;
		if (!in_ram && pl->nram)
			report(c, MF_ERR_NOT_RAM, "%s: host 0x%llx-0x%llx is not inside RAM", who, (ull)b, (ull)e);
		for (k = 0; k < pl->nrsv; k++)
			if (ranges_overlap(b, hi.size, pl->rsv[k].base, pl->rsv[k].size))
				report(c, MF_ERR_HYP_MEMORY,
				       "%s: host 0x%llx-0x%llx overlaps hypervisor memory 0x%llx-0x%llx", who,
				       (ull)b, (ull)e, (ull)pl->rsv[k].base,
				       (ull)last(pl->rsv[k].base, pl->rsv[k].size));
		for (j = 0; j < i; j++) {
			uint64_t lo, hi_end;

			if (!host_range(c, j, &hj) || !ranges_overlap(b, hi.size, hj.base, hj.size))
				continue;
			lo = b > hj.base ? b : hj.base;
			hi_end = e < last(hj.base, hj.size) ? e : last(hj.base, hj.size);
			if (hj.part < 0)
				snprintf(other, sizeof(other), "channel \"%s\"", c->m->chan[hj.idx].name);
			else if (hj.part == hi.part)
				snprintf(other, sizeof(other), "memory@%llx", (ull)c->m->part[hj.part].mem[hj.idx].gpa);
			else
				snprintf(other, sizeof(other), "partition \"%s\"", c->m->part[hj.part].name);
			report(c, MF_ERR_HOST_OVERLAP, "%s overlaps %s (host 0x%llx-0x%llx)", who, other,
			       (ull)lo, (ull)hi_end);
		}
	}
}

/* Passthrough devices and their interrupts, across all partitions. */
/* A passthrough device must not be (or touch) a DMA master: nothing isolates its DMA. */
static void check_dma(struct ctx *c, const struct mf_partition *p, const struct mf_device *d)
{
	const struct mf_platform *pl = c->plat;
	struct mf_range found = { 0, 0 };
	bool hit = false;

	for (unsigned int k = 0; k < pl->ndma && k < MF_PLAT_MAX_DEV && !hit; k++)
		if (ranges_overlap(d->hpa, d->size, pl->dma[k].base, pl->dma[k].size)) {
			found = pl->dma[k];
			hit = true;
		}
	if (!hit && pl->dma_master && pl->dma_master(d->hpa, d->size, &found) == 1 && found.size)
		hit = true;
	if (hit)
		report(c, MF_ERR_DMA_DEVICE,
		       "partition \"%s\": device@%llx: host 0x%llx-0x%llx touches a device that can master DMA "
		       "(0x%llx-0x%llx), and no SMMU isolates it", p->name, (ull)d->hpa, (ull)d->hpa,
		       (ull)last(d->hpa, d->size), (ull)found.base, (ull)last(found.base, found.size));
}

static void check_devices(struct ctx *c)
{
	const struct mf_platform *pl = c->plat;
	unsigned int pi, di, qi, ei, k, x, y;

	for (pi = 0; pi < c->m->nparts; pi++) {
		const struct mf_partition *p = &c->m->part[pi];

		for (di = 0; di < p->ndevices; di++) {
			const struct mf_device *d = &p->dev[di];
			uint64_t e = last(d->hpa, d->size);
			bool dup;

			for (k = 0; k < pl->nram; k++)
				if (ranges_overlap(d->hpa, d->size, pl->ram[k].base, pl->ram[k].size)) {
					report(c, MF_ERR_DEVICE_RAM,
					       "partition \"%s\": device@%llx: host 0x%llx-0x%llx is RAM, not a device",
					       p->name, (ull)d->hpa, (ull)d->hpa, (ull)e);
					break;
				}
			for (k = 0; k < pl->ndev; k++)
				if (ranges_overlap(d->hpa, d->size, pl->dev[k].base, pl->dev[k].size))
					report(c, MF_ERR_HYP_DEVICE,
					       "partition \"%s\": device@%llx: host 0x%llx-0x%llx overlaps a device of the hypervisor (0x%llx-0x%llx)",
					       p->name, (ull)d->hpa, (ull)d->hpa, (ull)e, (ull)pl->dev[k].base,
					       (ull)last(pl->dev[k].base, pl->dev[k].size));
			check_dma(c, p, d);
			/* Earlier devices: partitions before pi, and devices before di in pi. */
			for (qi = 0; qi <= pi; qi++) {
				const struct mf_partition *q = &c->m->part[qi];

				for (ei = 0; ei < (qi == pi ? di : q->ndevices); ei++)
					if (ranges_overlap(d->hpa, d->size, q->dev[ei].hpa, q->dev[ei].size))
						report(c, MF_ERR_DEVICE_OVERLAP,
						       "partition \"%s\": device@%llx overlaps partition \"%s\" device@%llx",
						       p->name, (ull)d->hpa, q->name, (ull)q->dev[ei].hpa);
			}
			for (x = 0; x < d->nirqs; x++) {
				for (k = 0; k < pl->nirq; k++)
					if (d->irq[x] == pl->irq[k])
						report(c, MF_ERR_HYP_IRQ,
						       "partition \"%s\": device@%llx: interrupt %u belongs to the hypervisor",
						       p->name, (ull)d->hpa, d->irq[x]);
				for (y = 0; y < x; y++)
					if (d->irq[y] == d->irq[x])
						break;
				if (y < x) {
					report(c, MF_ERR_IRQ_CONFLICT, "partition \"%s\": device@%llx: interrupt %u listed twice",
					       p->name, (ull)d->hpa, d->irq[x]);
					continue;
				}
				dup = false;
				for (qi = 0; qi <= pi && !dup; qi++) {
					const struct mf_partition *q = &c->m->part[qi];

					for (ei = 0; ei < (qi == pi ? di : q->ndevices) && !dup; ei++)
						for (y = 0; y < q->dev[ei].nirqs && !dup; y++)
							dup = q->dev[ei].irq[y] == d->irq[x];
					if (dup)
						report(c, MF_ERR_IRQ_CONFLICT,
						       "partition \"%s\": device@%llx: interrupt %u is also assigned to partition \"%s\" device@%llx",
						       p->name, (ull)d->hpa, d->irq[x], q->name, (ull)q->dev[ei - 1].hpa);
				}
			}
		}
	}
}

/* Interrupt numbers a partition sees: devices, console, doorbells all distinct. */
static void check_partition_irqs(struct ctx *c, unsigned int pi)
{
	const struct mf_partition *p = &c->m->part[pi];
	struct item *it = c->items;
	bool *is_dev = c->is_dev;
	unsigned int n = 0, i, j, k;

	for (i = 0; i < p->ndevices; i++)
		for (k = 0; k < p->dev[i].nirqs; k++) {
			it[n].base = p->dev[i].irq[k];
			is_dev[n] = true;
			snprintf(it[n++].label, LABEL_MAX, "device@%llx", (ull)p->dev[i].hpa);
		}
	if (p->console.has_irq) {
		it[n].base = p->console.irq;
		is_dev[n] = false;
		snprintf(it[n++].label, LABEL_MAX, "console");
	}
	for (i = 0; i < c->m->nchannels; i++) {
		const struct mf_channel *ch = &c->m->chan[i];

		if (!c->chan_ok[i])
			continue;
		for (k = 0; k < ch->npeers; k++) {
			if (ch->peer[k].part != pi || !ch->peer[k].has_doorbell)
				continue;
			it[n].base = ch->peer[k].doorbell;
			is_dev[n] = false;
			snprintf(it[n++].label, LABEL_MAX, "channel \"%s\"", ch->name);
		}
	}
	for (j = 1; j < n; j++) {
		for (i = 0; i < j; i++) {
			if (it[i].base != it[j].base || (is_dev[i] && is_dev[j]))
				continue;	/* device pairs: check_devices() */
			report(c, MF_ERR_IRQ_CONFLICT, "partition \"%s\": %s: interrupt %llu is also used by %s",
			       p->name, it[j].label, (ull)it[j].base, it[i].label);
			break;
		}
	}
}

static void check_cpus(struct ctx *c)
{
	const struct manifest *m = c->m;
	unsigned int pi, i, qi, j;

	for (pi = 0; pi < m->nparts; pi++) {
		const struct mf_partition *p = &m->part[pi];

		if (!c->cpus_ok[pi])
			continue;
		for (i = 0; i < p->nvcpus; i++) {
			bool found = false;

			if (p->pcpu[i] >= c->plat->cpus) {
				report(c, MF_ERR_CPU_RANGE,
				       "partition \"%s\": vCPU %u is pinned to cpu %u, the platform has %u CPU(s)",
				       p->name, i, p->pcpu[i], c->plat->cpus);
				continue;
			}
			for (qi = 0; qi <= pi && !found; qi++) {
				const struct mf_partition *q = &m->part[qi];

				if (!c->cpus_ok[qi])
					continue;
				for (j = 0; j < (qi == pi ? i : q->nvcpus) && !found; j++) {
					if (q->pcpu[j] != p->pcpu[i])
						continue;
					found = true;
					if (p->time_slice_us && q->time_slice_us)
						continue;
					if (qi == pi)
						report(c, MF_ERR_CPU_CONFLICT,
						       "partition \"%s\": vCPUs %u and %u share cpu %u without time-slice-us",
						       p->name, j, i, p->pcpu[i]);
					else
						report(c, MF_ERR_CPU_CONFLICT,
						       "partition \"%s\": cpu %u is also used by partition \"%s\"; sharing needs time-slice-us in both",
						       p->name, p->pcpu[i], q->name);
				}
			}
		}
	}
}

static void check_vmids(struct ctx *c)
{
	const struct manifest *m = c->m;
	unsigned int i, j;

	for (i = 1; i < m->nparts; i++) {
		if (!m->part[i].vmid)
			continue;
		for (j = 0; j < i; j++)
			if (m->part[j].vmid == m->part[i].vmid) {
				report(c, MF_ERR_VMID_CONFLICT, "partition \"%s\": vmid %u is also pinned by partition \"%s\"",
				       m->part[i].name, m->part[i].vmid, m->part[j].name);
				break;
			}
	}
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* All memory asked for must fit in RAM minus the hypervisor's own memory. */
static void check_total(struct ctx *c)
{
	const struct mf_platform *pl = c->plat;
	uint64_t need = 0, ram = 0, rsv = 0;
	unsigned int i, j;

	for (i = 0; i < c->m->nparts; i++)
		for (j = 0; j < c->m->part[i].nmem; j++)
			need = sat_add(need, c->m->part[i].mem[j].size);
	for (i = 0; i < c->m->nchannels; i++)
		need = sat_add(need, c->m->chan[i].size);
	for (i = 0; i < pl->nram; i++)
		ram = sat_add(ram, pl->ram[i].size);
	for (i = 0; i < pl->nrsv; i++)
		rsv = sat_add(rsv, pl->rsv[i].size);
	ram = ram > rsv ? ram - rsv : 0;
	if (pl->nram && need > ram)
		report(c, MF_ERR_NO_MEMORY, "partitions and channels need 0x%llx bytes of memory, the platform has 0x%llx",
		       (ull)need, (ull)ram);
}

/* ---- Entry points ------------------------------------------------------ */

void mf_platform_default(struct mf_platform *p)
{
	memset(p, 0, sizeof(*p));
	p->cpus = MF_PLAT_MAX_CPUS;
	p->granule = 4096;
	p->ipa_bits_max = 48;
	p->vmid_max = 255;
	p->irq_limit = 1024;
	/* nram = 0: the RAM layout is unknown and the checks against it are skipped. */
}

int mf_find_partition(const struct manifest *m, const char *name)
{
	unsigned int i;

	for (i = 0; i < m->nparts; i++)
		if (strcmp(m->part[i].name, name) == 0)
			return i;
	return -1;
}

enum { R_COMPAT, R_MODEL, R_N };
static const char *const root_props[R_N] = { "compatible", "model" };

/* Root: schema version, then the three top-level nodes in a fixed order. */
static void read_root(struct ctx *c)
{
	int root = fdt_root(c->f), child;
	int hyp = -1, parts = -1, chans = -1, *slot;
	struct pv pv[R_N];
	const char *s;

	(void)collect(c, root, "/", root_props, R_N, pv);
	if (!pv[R_COMPAT].present) {
		report(c, MF_ERR_COMPATIBLE, "/: missing property \"compatible\" (expected \"%s\")", MF_COMPATIBLE);
		return;
	}
	if (!strlist_ok(&pv[R_COMPAT]) || strcmp((const char *)pv[R_COMPAT].v, MF_COMPATIBLE) != 0) {
		report(c, MF_ERR_COMPATIBLE, "/: compatible is \"%.40s\" (expected \"%s\")",
		       strlist_ok(&pv[R_COMPAT]) ? (const char *)pv[R_COMPAT].v : "?", MF_COMPATIBLE);
		return;
	}
	c->m->model = "";
	if (pv[R_MODEL].present && get_str(c, "/", "model", &pv[R_MODEL], &s)) {
		if (!printable(s, MF_MODEL_MAX))
			report(c, MF_ERR_VALUE, "/: property \"model\" must be 1 to %u printable ASCII characters",
			       MF_MODEL_MAX);
		else
			c->m->model = s;
	}

	for (child = fdt_first_child(c->f, root); child >= 0; child = fdt_next_sibling(c->f, child)) {
		const char *cn = fdt_node_name(c->f, child);

		if (!cn)
			continue;
		if (strcmp(cn, "hypervisor") == 0) {
			slot = &hyp;
		} else if (strcmp(cn, "partitions") == 0) {
			slot = &parts;
		} else if (strcmp(cn, "channels") == 0) {
			slot = &chans;
		} else {
			report(c, MF_ERR_UNKNOWN_NODE, "/: unknown node \"%.48s\"", cn);
			continue;
		}
		if (*slot >= 0)
			report(c, MF_ERR_DUPLICATE, "/: node \"%s\" given twice", cn);
		else
			*slot = child;
	}
	if (parts < 0)
		report(c, MF_ERR_MISSING, "/: missing node \"partitions\"");
	else
		read_partitions(c, parts);
	if (hyp >= 0)
		read_hypervisor(c, hyp);
	if (chans >= 0)
		read_channels(c, chans);
}

/*
 * Node index entries for the bundle (fdt_open_index; 20 bytes each): the
 * bundles in examples/ and tests/ have at most ~50 nodes; a bigger one is
 * read the same way, only by walking the tokens.
 */
#define MF_IX_NODES	64

/*
 * mf_load()'s working state: the bundle's node index, the open tree and the
 * checks' context, ~3.5 KiB. Static, not on the stack: at boot mf_load()
 * runs on the boot CPU's 16 KiB stack before any other CPU or partition
 * runs (single-threaded), and the host tools call it from one thread; so
 * one call at a time, as the header says.
 */
static struct {
	struct fdt_ixnode ix[MF_IX_NODES];
	struct fdt f;
	struct ctx c;
} load;

unsigned int mf_load(struct manifest *m, const void *blob, size_t size,
		     const struct mf_platform *plat, struct mf_errors *errs)
{
	struct ctx *c = &load.c;
	unsigned int i, n;
	int rc;

	memset(m, 0, sizeof(*m));
	memset(errs, 0, sizeof(*errs));
	memset(&load, 0, sizeof(load));
	c->f = &load.f;
	c->blob = blob;
	c->plat = plat;
	c->m = m;
	c->errs = errs;
	m->log_level = MF_LOG_INFO;
	m->model = "";

	rc = fdt_open_index(&load.f, blob, size, load.ix, MF_IX_NODES);
	if (rc) {
		report(c, MF_ERR_BLOB, "bundle: not a valid device tree (%s)", fdt_strerror(-rc));
		n = errs->count;
		goto out;
	}
	read_root(c);
	if (errs->count && errs->e[0].code == MF_ERR_COMPATIBLE) {
		n = errs->count;
		goto out;
	}

	for (i = 0; i < m->nparts; i++) {
		check_guest_layout(c, i);
		check_images_entry(c, i);
		check_partition_irqs(c, i);
	}
	check_host_memory(c);
	check_devices(c);
	check_cpus(c);
	check_vmids(c);
	check_total(c);
	n = errs->count + errs->dropped;
out:
	/* Nothing keeps pointing at the index or the tree after the return. */
	load.f.ix = NULL;
	load.f.nix = 0;
	return n;
}

/* ---- Output ------------------------------------------------------------ */

static void fmt_size(char *buf, size_t len, uint64_t size)
{
	if (size >= (1ull << 30) && !(size & ((1ull << 30) - 1)))
		snprintf(buf, len, "%llu GiB", (ull)(size >> 30));
	else if (size >= (1ull << 20) && !(size & ((1ull << 20) - 1)))
		snprintf(buf, len, "%llu MiB", (ull)(size >> 20));
	else if (size >= (1ull << 10) && !(size & ((1ull << 10) - 1)))
		snprintf(buf, len, "%llu KiB", (ull)(size >> 10));
	else
		snprintf(buf, len, "%llu bytes", (ull)size);
}

void mf_summary(const struct manifest *m, void (*out)(void *ctx, const char *line), void *ctx)
{
	char line[MF_MSG_MAX + 64], sz[24], lbl[LABEL_MAX];
	unsigned int i, j, k;
	int n;

	for (i = 0; i < m->nparts; i++) {
		const struct mf_partition *p = &m->part[i];
		char vmid[12] = "auto";

		if (p->vmid)
			snprintf(vmid, sizeof(vmid), "%u", p->vmid);
		n = snprintf(line, sizeof(line), "manifest: partition \"%s\": %u vCPU(s) on cpu", p->name,
			     p->nvcpus);
		for (j = 0; j < p->nvcpus && n > 0 && (size_t)n < sizeof(line); j++)
			n += snprintf(line + n, sizeof(line) - n, "%s%u", j ? "," : " ", p->pcpu[j]);
		if (n > 0 && (size_t)n < sizeof(line))
			snprintf(line + n, sizeof(line) - n, ", entry 0x%llx, %u-bit IPA, vmid %s, fault %s",
				 (ull)p->entry, p->ipa_bits, vmid, fault_names[p->fault]);
		out(ctx, line);
		if (p->time_slice_us) {
			snprintf(line, sizeof(line), "manifest:   time slice %u us", p->time_slice_us);
			out(ctx, line);
		}
		if (p->privileges) {
			n = snprintf(line, sizeof(line), "manifest:   privileges");
			for (j = 0; j < ARRAY_SIZE(priv_names); j++)
				if ((p->privileges & priv_names[j].bit) && n > 0 && (size_t)n < sizeof(line))
					n += snprintf(line + n, sizeof(line) - n, " %s", priv_names[j].name);
			out(ctx, line);
		}
		if (p->nboot_args) {
			n = snprintf(line, sizeof(line), "manifest:   boot-args");
			for (j = 0; j < p->nboot_args && n > 0 && (size_t)n < sizeof(line); j++)
				n += snprintf(line + n, sizeof(line) - n, " 0x%llx", (ull)p->boot_arg[j]);
			out(ctx, line);
		}
		for (j = 0; j < p->nmem; j++) {
			const struct mf_mem *r = &p->mem[j];

			fmt_size(sz, sizeof(sz), r->size);
			n = snprintf(line, sizeof(line), "manifest:   memory 0x%llx-0x%llx (%s) %s%s%s", (ull)r->gpa,
				     (ull)last(r->gpa, r->size), sz, r->access & MF_ACC_R ? "r" : "",
				     r->access & MF_ACC_W ? "w" : "", r->access & MF_ACC_X ? "x" : "");
			if (r->fixed_hpa && n > 0 && (size_t)n < sizeof(line))
				n += snprintf(line + n, sizeof(line) - n, " at host 0x%llx", (ull)r->hpa);
			if (r->lazy && n > 0 && (size_t)n < sizeof(line))
				snprintf(line + n, sizeof(line) - n, " lazy");
			out(ctx, line);
		}
		for (j = 0; j < p->nimages; j++) {
			image_label(lbl, sizeof(lbl), &p->image[j]);
			snprintf(line, sizeof(line), "manifest:   %s: %llu bytes at 0x%llx", lbl,
				 (ull)p->image[j].size, (ull)p->image[j].load);
			out(ctx, line);
		}
		for (j = 0; j < p->ndevices; j++) {
			const struct mf_device *d = &p->dev[j];

			fmt_size(sz, sizeof(sz), d->size);
			n = snprintf(line, sizeof(line), "manifest:   device 0x%llx (%s) at guest 0x%llx", (ull)d->hpa,
				     sz, (ull)d->gpa);
			for (k = 0; k < d->nirqs && n > 0 && (size_t)n < sizeof(line); k++)
				n += snprintf(line + n, sizeof(line) - n, "%s%u", k ? "," : ", irq ", d->irq[k]);
			out(ctx, line);
		}
		if (p->console.present) {
			n = snprintf(line, sizeof(line), "manifest:   console");
			if (p->console.has_base)
				n += snprintf(line + n, sizeof(line) - n, " at 0x%llx", (ull)p->console.base);
			if (p->console.has_irq)
				snprintf(line + n, sizeof(line) - n, ", irq %u", p->console.irq);
			out(ctx, line);
		}
	}
	for (i = 0; i < m->nchannels; i++) {
		const struct mf_channel *ch = &m->chan[i];

		fmt_size(sz, sizeof(sz), ch->size);
		n = snprintf(line, sizeof(line), "manifest: channel \"%s\": %s, peers", ch->name, sz);
		for (j = 0; j < ch->npeers && n > 0 && (size_t)n < sizeof(line); j++)
			n += snprintf(line + n, sizeof(line) - n, "%s %s (%s at 0x%llx)", j ? "," : "",
				      m->part[ch->peer[j].part].name, ch->peer[j].writable ? "rw" : "r",
				      (ull)ch->peer[j].gpa);
		out(ctx, line);
	}
	snprintf(line, sizeof(line),
		 "manifest: %u partition(s), %u channel(s); console input \"%s\", log level %s, watchdog %u ms",
		 m->nparts, m->nchannels, m->nparts ? m->part[m->console_input].name : "",
		 log_names[m->log_level], m->watchdog_ms);
	out(ctx, line);
}

void mf_print_errors(const struct mf_errors *errs, void (*out)(void *ctx, const char *line), void *ctx)
{
	char line[64];
	unsigned int i;

	for (i = 0; i < errs->count && i < MF_MAX_ERRORS; i++)
		out(ctx, errs->e[i].msg);
	if (errs->dropped) {
		snprintf(line, sizeof(line), "manifest: %u more error(s) not shown", errs->dropped);
		out(ctx, line);
	}
	snprintf(line, sizeof(line), "manifest: %u error(s)", errs->count + errs->dropped);
	out(ctx, line);
}
