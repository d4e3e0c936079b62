// SPDX-License-Identifier: MIT
/*
 * The platform a manifest is checked against, read from a platform device
 * tree (bulkhead-check --platform, docs/manifest.md "Platform description"):
 * RAM, CPUs, the hypervisor's own memory and the devices and interrupts it
 * keeps, and the architecture (its emulated guest windows). Owns only that
 * translation; the checks are in hyp/manifest.c.
 */
#include <stdio.h>
#include <string.h>
#include "boot/fdt.h"
#include "hyp/manifest.h"

static bool has_string(const struct fdt *f, int node, const char *prop, const char *want)
{
	const char *s;

	return fdt_getprop_string(f, node, prop, &s) == 0 && strcmp(s, want) == 0;
}

/* Append every reg entry of node to ranges[] (at most max). */
static int add_regs(const struct fdt *f, int node, struct mf_range *ranges, unsigned int *n,
		    unsigned int max, const char *what, char *why, size_t why_len)
{
	unsigned int idx;
	uint64_t base, size;
	int rc;

	for (idx = 0;; idx++) {
		rc = fdt_get_reg(f, node, idx, &base, &size);
		if (rc == -FDT_ERR_NOTFOUND)
			return 0;
		if (rc) {
			snprintf(why, why_len, "%s %.40s: bad reg (%s)", what, fdt_node_name(f, node),
				 fdt_strerror(-rc));
			return -1;
		}
		if (!size)
			continue;
		if (*n >= max) {
			snprintf(why, why_len, "more than %u %s ranges", max, what);
			return -1;
		}
		ranges[*n].base = base;
		ranges[*n].size = size;
		(*n)++;
	}
}

/*
 * /bulkhead-hypervisor "devices" (or "dma-devices"): <address size> pairs in
 * the root's cell sizes, into out[] / *n.
 */
static int read_devices(const struct fdt *f, int root, int node, const char *prop, struct mf_range *out,
			unsigned int *n, char *why, size_t why_len)
{
	int ac = fdt_addr_cells(f, root), sc = fdt_size_cells(f, root);
	uint32_t len, entry, i;
	const void *v = fdt_getprop(f, node, prop, &len);

	if (!v)
		return 0;
	if (ac < 0 || sc < 1) {
		snprintf(why, why_len, "/: bad #address-cells or #size-cells");
		return -1;
	}
	entry = (uint32_t)(ac + sc);
	if (len % (4 * entry) || len / (4 * entry) > MF_PLAT_MAX_DEV) {
		snprintf(why, why_len, "/bulkhead-hypervisor: %s must be 0 to %u <address size> pairs", prop,
			 MF_PLAT_MAX_DEV);
		return -1;
	}
	*n = 0;
	for (i = 0; i < len / (4 * entry); i++) {
		out[*n].base = fdt_read_cells(v, i * entry, (uint32_t)ac);
		out[*n].size = fdt_read_cells(v, i * entry + (uint32_t)ac, (uint32_t)sc);
		if (!range_ok(out[*n].base, out[*n].size)) {
			snprintf(why, why_len, "/bulkhead-hypervisor: %s entry %u wraps", prop, i);
			return -1;
		}
		(*n)++;
	}
	return 0;
}

/* An optional u32 setting of /bulkhead-hypervisor: 0 absent or read, -1 malformed. */
static int opt_u32(const struct fdt *f, int node, const char *name, uint32_t lo, uint32_t hi,
		   uint32_t *out, char *why, size_t why_len)
{
	uint32_t v;
	int rc = fdt_getprop_u32(f, node, name, &v);

	if (rc == -FDT_ERR_NOTFOUND)
		return 0;
	if (rc || v < lo || v > hi) {
		snprintf(why, why_len, "/bulkhead-hypervisor: %s must be one cell, %u to %u", name, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int mf_platform_from_fdt(struct mf_platform *p, const struct fdt *f, char *why, size_t why_len)
{
	int root = fdt_root(f), node, child, cpus;
	unsigned int idx;
	uint64_t base, size;
	uint32_t len;
	const uint8_t *irqs;

	mf_platform_default(p);
	p->nram = 0;
	p->cpus = 0;

	for (node = fdt_first_child(f, root); node >= 0; node = fdt_next_sibling(f, node))
		if (has_string(f, node, "device_type", "memory") &&
		    add_regs(f, node, p->ram, &p->nram, MF_PLAT_MAX_RAM, "memory", why, why_len))
			return -1;
	if (!p->nram) {
		snprintf(why, why_len, "no memory node (device_type = \"memory\")");
		return -1;
	}

	cpus = fdt_path(f, "/cpus");
	if (cpus >= 0)
		for (child = fdt_first_child(f, cpus); child >= 0; child = fdt_next_sibling(f, child))
			if (has_string(f, child, "device_type", "cpu"))
				p->cpus++;
	if (!p->cpus) {
		snprintf(why, why_len, "no CPU under /cpus (device_type = \"cpu\")");
		return -1;
	}
	if (p->cpus > MF_PLAT_MAX_CPUS) {
		snprintf(why, why_len, "%u CPUs, at most %u supported", p->cpus, MF_PLAT_MAX_CPUS);
		return -1;
	}

	for (idx = 0; fdt_get_rsvmap(f, idx, &base, &size) == 0; idx++) {
		if (!size)
			continue;
		if (p->nrsv >= MF_PLAT_MAX_RSV) {
			snprintf(why, why_len, "more than %u reserved ranges", MF_PLAT_MAX_RSV);
			return -1;
		}
		p->rsv[p->nrsv].base = base;
		p->rsv[p->nrsv++].size = size;
	}
	node = fdt_path(f, "/reserved-memory");
	if (node >= 0)
		for (child = fdt_first_child(f, node); child >= 0; child = fdt_next_sibling(f, child))
			if (add_regs(f, child, p->rsv, &p->nrsv, MF_PLAT_MAX_RSV, "reserved", why, why_len))
				return -1;

	node = fdt_path(f, "/bulkhead-hypervisor");
	if (node < 0)
		return 0;
	if (read_devices(f, root, node, "devices", p->dev, &p->ndev, why, why_len) ||
	    read_devices(f, root, node, "dma-devices", p->dma, &p->ndma, why, why_len))
		return -1;
	irqs = fdt_getprop(f, node, "irqs", &len);
	if (irqs) {
		if (len % 4 || len / 4 > MF_PLAT_MAX_IRQ) {
			snprintf(why, why_len, "/bulkhead-hypervisor: irqs must be 0 to %u cells", MF_PLAT_MAX_IRQ);
			return -1;
		}
		for (idx = 0; idx < len / 4; idx++)
			p->irq[p->nirq++] = (uint32_t)irqs[4 * idx] << 24 | (uint32_t)irqs[4 * idx + 1] << 16 |
					    (uint32_t)irqs[4 * idx + 2] << 8 | irqs[4 * idx + 3];
	}
	if (fdt_getprop(f, node, "arch", &len)) {
		const char *arch;

		if (fdt_getprop_string(f, node, "arch", &arch) || !(p->layout = mf_arch_layout_find(arch))) {
			snprintf(why, why_len, "/bulkhead-hypervisor: arch must be arm64, x86 or s390");
			return -1;
		}
	}
	if (opt_u32(f, node, "ipa-bits", 32, 64, &p->ipa_bits_max, why, why_len) ||
	    opt_u32(f, node, "vmid-max", 1, 65535, &p->vmid_max, why, why_len) ||
	    opt_u32(f, node, "irq-limit", 1, 1u << 24, &p->irq_limit, why, why_len))
		return -1;
	return 0;
}
