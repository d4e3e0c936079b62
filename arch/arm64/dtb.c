// SPDX-License-Identifier: MIT
/*
 * The platform DTB on arm64: everything the hypervisor takes from it, each
 * value checked before use, with one clear fatal() line per bad input that
 * names the node, the property and the reason.
 *
 *   /chosen       bootargs (command line), stdout-path (console),
 *                 linux,initrd-start/-end (the boot bundle)
 *   /memory       every reg entry of every memory node: RAM
 *   rsvmap, /reserved-memory   ranges the frame allocator must not hand out
 *   /psci         the conduit (must be "smc": we run at EL2) and CPU_ON id
 *   /cpus         cpu nodes: reg = MPIDR affinity, enable-method "psci"
 *   arm,gic-v3    distributor and first redistributor region
 *   arm,pl011     the console when stdout-path does not name one
 *
 * Device addresses are translated through the "ranges" of every bus above
 * the node (dt_reg), so a UART or GIC under a /soc bus is found correctly.
 *
 * Speed (this runs on every boot; QEMU's virt DTB has ~50 nodes, 48 of
 * them children of the root): the DTB is opened with a node index in
 * static storage (fdt_open_index; DTB_IX_NODES entries, enough for QEMU's
 * virt machine several times over), so parents, children, siblings, paths,
 * device_type and compatible come from the index instead of walks over the
 * tokens (a bigger DTB still works, by walking). The root's children this
 * file needs are looked up in one pass (top[]), memory nodes with
 * fdt_next_typed_child(), the GIC and the timer in one fdt_find_compatibles().
 */
#include <stdio.h>
#include <string.h>
#include "boot/fdt.h"
#include "hyp/log.h"
#include "mm/addr.h"
#include "arch/arm64/arm64.h"
#include "arch/arm64/mmu.h"

/* A PL011 register window is 4 KiB (PL011 TRM 3.2); we use up to UARTFR. */
#define PL011_MIN_SIZE	0x1c

struct arm64_platform arm64_plat;

static struct fdt fdt;
static int uart_node = -1, gic_node = -1;
/* The root's children this file asks for, found in one pass (fdt_subnodes) at the start. */
enum { TOP_CHOSEN, TOP_RESERVED, TOP_PSCI, TOP_CPUS, TOP_ALIASES, TOP_N };
static const char *const top_names[TOP_N] = { "chosen", "reserved-memory", "psci", "cpus", "aliases" };
static int top[TOP_N];

/*
 * Node index entries (20 bytes each): QEMU's virt machine has ~50-70 nodes.
 * Static rather than on the 16 KiB boot stack (3.75 KiB): arm64_dtb_parse()
 * runs once, on the boot CPU, before any other CPU starts (single-threaded).
 */
#define DTB_IX_NODES	192
static struct fdt_ixnode dtb_ix[DTB_IX_NODES];

/*
 * Full path of a node for messages ("/cpus/cpu@1"). Two buffers in turn, so
 * one message may name two nodes; boot CPU only.
 */
static const char *node_name(int node)
{
	static char bufs[2][128];
	static unsigned int turn;
	char *buf = bufs[turn++ & 1];
	int chain[FDT_MAX_DEPTH];
	unsigned int depth = 0;
	size_t n = 0;

	while (node >= 0 && node != fdt_root(&fdt) && depth < FDT_MAX_DEPTH) {
		chain[depth++] = node;
		node = fdt_parent(&fdt, node);
	}
	if (depth == 0)
		return "/";
	buf[0] = '\0';
	while (depth-- > 0 && n < sizeof(bufs[0]) - 1) {
		const char *name = fdt_node_name(&fdt, chain[depth]);

		n += (size_t)snprintf(buf + n, sizeof(bufs[0]) - n, "/%s", name ? name : "?");
	}
	return buf;
}

/*
 * reg entry idx of node as a CPU physical address: decoded with the
 * parent's cells (fdt_get_reg), then translated through the "ranges" of
 * every bus up to the root (DT spec 2.3.8; an empty ranges is the identity,
 * a missing one means the bus is not memory-mapped). Returns 0 or a
 * negative fdt_err; -FDT_ERR_NOTFOUND also when no ranges entry covers the
 * whole region.
 */
static int dt_reg(int node, unsigned int idx, uint64_t *base, uint64_t *size)
{
	int err, bus;
	unsigned int depth = 0;

	bus = fdt_parent(&fdt, node);
	if (bus < 0)
		return -FDT_ERR_NOTFOUND;	/* the root has no reg */
	err = fdt_get_reg_under(&fdt, node, bus, idx, base, size);
	if (err)
		return err;
	while (bus >= 0 && bus != fdt_root(&fdt) && depth++ < FDT_MAX_DEPTH) {
		int up = fdt_parent(&fdt, bus);
		int cac = fdt_addr_cells(&fdt, bus), csc = fdt_size_cells(&fdt, bus);
		int pac = fdt_addr_cells(&fdt, up);
		uint32_t len, n, i;
		const void *r = fdt_getprop(&fdt, bus, "ranges", &len);
		bool hit = false;

		if (!r)
			return -FDT_ERR_NOTFOUND;
		if (cac < 0 || csc < 0 || pac < 0)
			return -FDT_ERR_BADCELLS;
		n = (uint32_t)(cac + pac + csc);
		if (len % (n * 4))
			return -FDT_ERR_BADVALUE;
		for (i = 0; len && i < len / (n * 4) && !hit; i++) {
			uint64_t cb = fdt_read_cells(r, i * n, (uint32_t)cac);
			uint64_t pb = fdt_read_cells(r, i * n + (uint32_t)cac, (uint32_t)pac);
			uint64_t sz = csc ? fdt_read_cells(r, i * n + (uint32_t)(cac + pac), (uint32_t)csc) : 0;

			if (*base >= cb && *base - cb < sz && *size <= sz - (*base - cb)) {
				if (!range_ok(pb + (*base - cb), *size) || pb + (*base - cb) < pb)
					return -FDT_ERR_BADVALUE;
				*base = pb + (*base - cb);
				hit = true;
			}
		}
		if (len && !hit)
			return -FDT_ERR_NOTFOUND;
		bus = up;
	}
	return 0;
}

static bool node_enabled(int node)
{
	const char *s;

	if (fdt_getprop_string(&fdt, node, "status", &s))
		return true;	/* absent: enabled (DT spec 2.3.4) */
	return !strcmp(s, "okay") || !strcmp(s, "ok");
}

static bool prop_string_is(int node, const char *prop, const char *want)
{
	const char *s;

	return !fdt_getprop_string(&fdt, node, prop, &s) && !strcmp(s, want);
}

/* fdt_device_type() is want. */
static bool device_type_is(int node, const char *want)
{
	const char *s;

	return !fdt_device_type(&fdt, node, &s) && !strcmp(s, want);
}

static void parse_bootargs(struct boot_info *bi)
{
	const char *args = "";
	int err;

	if (top[TOP_CHOSEN] >= 0) {
		err = fdt_getprop_string(&fdt, top[TOP_CHOSEN], "bootargs", &args);
		if (err == -FDT_ERR_NOTFOUND)
			args = "";
		else if (err)
			fatal("DTB: /chosen bootargs: %s (not one NUL-terminated string)", fdt_strerror(err));
	}
	bi->cmdline = args;
	arm64_parse_cmdline(args);
}

/* The node stdout-path names (path or alias, ":options" dropped), or an error text. */
static int stdout_node(const char **why, const char **path_out)
{
	int node, aliases;
	const char *sp;
	char path[128];
	size_t n;

	if (top[TOP_CHOSEN] < 0) {
		*why = "no /chosen node";
		return -1;
	}
	if (fdt_getprop_string(&fdt, top[TOP_CHOSEN], "stdout-path", &sp) &&
	    fdt_getprop_string(&fdt, top[TOP_CHOSEN], "linux,stdout-path", &sp)) {
		*why = "no /chosen stdout-path";
		return -1;
	}
	for (n = 0; sp[n] && sp[n] != ':'; n++)
		if (n + 1 >= sizeof(path)) {
			*why = "/chosen stdout-path is too long";
			return -1;
		}
	memcpy(path, sp, n);
	path[n] = '\0';
	*path_out = sp;
	if (path[0] != '/') {
		const char *target;

		aliases = top[TOP_ALIASES];
		if (aliases < 0 || fdt_getprop_string(&fdt, aliases, path, &target)) {
			*why = "/chosen stdout-path names an unknown alias";
			return -1;
		}
		node = fdt_path(&fdt, target);
	} else {
		node = fdt_path(&fdt, path);
	}
	if (node < 0) {
		*why = "/chosen stdout-path names no node";
		return -1;
	}
	if (!fdt_node_is_compatible(&fdt, node, "arm,pl011")) {
		*why = "/chosen stdout-path is not an arm,pl011";
		return -1;
	}
	if (!node_enabled(node)) {
		*why = "/chosen stdout-path names a disabled UART";
		return -1;
	}
	return node;
}

/* Does [base, base + size) touch RAM? */
static bool overlaps_ram(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < bi->nmem; i++)
		if (ranges_overlap(base, size, bi->mem[i].base, bi->mem[i].size))
			return true;
	return false;
}

static void parse_console(const struct boot_info *bi)
{
	const char *why = NULL, *sp = "";
	int node = stdout_node(&why, &sp);
	uint64_t base, size;
	int err;

	arm64_plat.uart_from = "/chosen stdout-path";
	if (node < 0) {
		for (node = fdt_find_compatible(&fdt, -1, "arm,pl011"); node >= 0;
		     node = fdt_find_compatible(&fdt, node, "arm,pl011"))
			if (node_enabled(node))
				break;
		if (node < 0)
			fatal("DTB: no console: %s, and no enabled arm,pl011 node", why);
		arm64_plat.uart_from = "first arm,pl011:";
		sp = node_name(node);
	}
	err = dt_reg(node, 0, &base, &size);
	if (err)
		fatal("DTB: console %s reg: %s", node_name(node),
		      err == -FDT_ERR_NOTFOUND ? "missing, or outside its bus's ranges" : fdt_strerror(err));
	if (size < PL011_MIN_SIZE || !is_aligned(base, 4))
		fatal("DTB: console %s reg 0x%llx size 0x%llx: not a PL011 register window",
		      node_name(node), (unsigned long long)base, (unsigned long long)size);
	if (overlaps_ram(bi, base, size))
		fatal("DTB: console %s reg 0x%llx size 0x%llx overlaps RAM", node_name(node),
		      (unsigned long long)base, (unsigned long long)size);
	/* Only the registers we use: one page, whatever the node claims. */
	arm64_mmu_map_io(base, size < PAGE_SIZE ? size : PAGE_SIZE, "the console PL011");
	arm64_plat.uart_base = base;
	arm64_plat.uart_size = size;
	uart_node = node;
	arm64_console_set(base);
	log_printf("console: pl011 at 0x%llx (%s %s)\n", (unsigned long long)base,
		   arm64_plat.uart_from, sp);
	if (why)
		log_printf("console: %s; using the first arm,pl011\n", why);
}

static void parse_memory(struct boot_info *bi)
{
	int node;

	/*
	 * Memory nodes: device_type "memory", or (some loaders omit
	 * device_type) the conventional name "memory" / "memory@...".
	 */
	for (node = fdt_next_typed_child(&fdt, fdt_root(&fdt), -1, "memory"); node >= 0;
	     node = fdt_next_typed_child(&fdt, fdt_root(&fdt), node, "memory")) {
		unsigned int idx;

		if (!node_enabled(node))
			continue;
		for (idx = 0;; idx++) {
			uint64_t base, size;
			unsigned int i;
			int err = fdt_get_reg_under(&fdt, node, fdt_root(&fdt), idx, &base, &size);

			if (err == -FDT_ERR_NOTFOUND && idx > 0)
				break;
			if (err)
				fatal("DTB: %s reg: %s", node_name(node),
				      err == -FDT_ERR_NOTFOUND ? "missing" : fdt_strerror(err));
			if (size == 0)
				continue;
			if (!boot_add_mem(bi, base, size))
				continue;
			for (i = 0; i < bi->nmem; i++)
				if (ranges_overlap(base, size, bi->mem[i].base, bi->mem[i].size))
					fatal("DTB: %s reg[%u] 0x%llx-0x%llx overlaps RAM 0x%llx-0x%llx of another entry",
					      node_name(node), idx, (unsigned long long)base,
					      (unsigned long long)(base + size - 1),
					      (unsigned long long)bi->mem[i].base,
					      (unsigned long long)(bi->mem[i].base + bi->mem[i].size - 1));
			fatal("DTB: %s reg[%u]: more than %u RAM ranges", node_name(node), idx, BOOT_MAX_MEM);
		}
	}
	if (bi->nmem == 0)
		fatal("DTB: no RAM: no memory node with a non-empty reg");
}

/* Is [base, base + size) inside one RAM range? */
static bool in_ram(const struct boot_info *bi, uint64_t base, uint64_t size)
{
	unsigned int i;

	for (i = 0; i < bi->nmem; i++)
		if (base >= bi->mem[i].base && size <= bi->mem[i].size &&
		    base - bi->mem[i].base <= bi->mem[i].size - size)
			return true;
	return false;
}

static void add_rsv(struct boot_info *bi, uint64_t base, uint64_t size, const char *what)
{
	if (boot_add_rsv(bi, base, size, what))
		fatal("DTB: reserved range %s 0x%llx (+0x%llx): %s", what, (unsigned long long)base,
		      (unsigned long long)size,
		      bi->nrsv >= BOOT_MAX_RSV ? "too many reserved ranges" : "wraps past 2^64");
}

static void parse_reserved(struct boot_info *bi, uint64_t dtb)
{
	uint64_t img = (uint64_t)(uintptr_t)_image_start, img_end = (uint64_t)(uintptr_t)_image_end;
	unsigned int i;
	int rm, node;

	if (!in_ram(bi, img, img_end - img))
		fatal("the hypervisor image 0x%llx-0x%llx is not inside the RAM the DTB describes",
		      (unsigned long long)img, (unsigned long long)img_end - 1);
	add_rsv(bi, img, img_end - img, "image");
	add_rsv(bi, dtb, fdt.totalsize, "dtb");

	for (i = 0;; i++) {
		uint64_t base, size;

		if (fdt_get_rsvmap(&fdt, i, &base, &size))
			break;
		if (size)
			add_rsv(bi, base, size, "dtb rsvmap");
	}

	rm = top[TOP_RESERVED];
	if (rm < 0)
		return;
	for (node = fdt_first_child(&fdt, rm); node >= 0; node = fdt_next_sibling(&fdt, node)) {
		uint64_t base, size;
		unsigned int idx;
		int err;

		if (!node_enabled(node))
			continue;
		for (idx = 0; (err = dt_reg(node, idx, &base, &size)) == 0; idx++)
			if (size)
				add_rsv(bi, base, size, "reserved-memory");
		if (err != -FDT_ERR_NOTFOUND)
			fatal("DTB: %s reg: %s", node_name(node), fdt_strerror(err));
	}
}

static void parse_bundle(struct boot_info *bi)
{
	uint64_t start, end, dtb = (uint64_t)(uintptr_t)fdt.blob;
	int e1, e2;

	if (top[TOP_CHOSEN] < 0)
		return;
	e1 = fdt_getprop_u64(&fdt, top[TOP_CHOSEN], "linux,initrd-start", &start);
	e2 = fdt_getprop_u64(&fdt, top[TOP_CHOSEN], "linux,initrd-end", &end);
	if (e1 == -FDT_ERR_NOTFOUND && e2 == -FDT_ERR_NOTFOUND)
		return;
	if (e1 || e2)
		fatal("DTB: /chosen linux,initrd-%s: %s", e1 ? "start" : "end",
		      fdt_strerror(e1 ? e1 : e2));
	if (end < start)
		fatal("DTB: /chosen initrd end 0x%llx is below its start 0x%llx",
		      (unsigned long long)end, (unsigned long long)start);
	if (end == start)
		return;
	if (!in_ram(bi, start, end - start))
		fatal("DTB: boot bundle (initrd) 0x%llx-0x%llx is not inside RAM",
		      (unsigned long long)start, (unsigned long long)end - 1);
	if (ranges_overlap(start, end - start, (uint64_t)(uintptr_t)_image_start,
			   (uint64_t)(uintptr_t)(_image_end - _image_start)) ||
	    ranges_overlap(start, end - start, dtb, fdt.totalsize))
		fatal("DTB: boot bundle (initrd) 0x%llx-0x%llx overlaps the hypervisor image or the DTB",
		      (unsigned long long)start, (unsigned long long)end - 1);
	bi->bundle = (struct boot_range){ start, end - start };
	add_rsv(bi, start, end - start, "bundle");
}

static void parse_psci(void)
{
	int node = top[TOP_PSCI];
	const char *method;
	uint32_t id;

	if (node < 0)
		node = fdt_find_compatible(&fdt, -1, "arm,psci");
	if (node < 0)
		node = fdt_find_compatible(&fdt, -1, "arm,psci-0.2");
	if (node < 0)
		fatal("DTB: no /psci node: cannot start CPUs or power off");
	if (fdt_getprop_string(&fdt, node, "method", &method))
		fatal("DTB: %s method: missing or not a string", node_name(node));
	if (!strcmp(method, "hvc"))
		fatal("DTB: %s method \"hvc\": at EL2 an HVC traps to the hypervisor itself, firmware needs \"smc\"",
		      node_name(node));
	if (strcmp(method, "smc"))
		fatal("DTB: %s method \"%s\": not \"smc\"", node_name(node), method);
	arm64_plat.conduit = PSCI_SMC;
	if (fdt_node_is_compatible(&fdt, node, "arm,psci-0.2") ||
	    fdt_node_is_compatible(&fdt, node, "arm,psci-1.0")) {
		arm64_plat.psci_v02 = true;
		arm64_plat.psci_cpu_on = 0xc4000003u;	/* CPU_ON, SMC64 (DEN 0022 5.1.4) */
	} else if (fdt_node_is_compatible(&fdt, node, "arm,psci")) {
		if (fdt_getprop_u32(&fdt, node, "cpu_on", &id))
			fatal("DTB: %s (PSCI 0.1) cpu_on: missing or not one cell", node_name(node));
		arm64_plat.psci_cpu_on = id;
	} else {
		fatal("DTB: %s: compatible is not arm,psci, arm,psci-0.2 or arm,psci-1.0", node_name(node));
	}
}

static void parse_cpus(struct boot_info *bi)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = top[TOP_CPUS], node, ac, sc;
	unsigned int n = 0, i, skipped = 0;
	bool found_self = false;

	if (cpus < 0)
		fatal("DTB: no /cpus node");
	ac = fdt_addr_cells(&fdt, cpus);
	sc = fdt_size_cells(&fdt, cpus);
	if (ac < 0 || sc != 0)
		fatal("DTB: /cpus: #address-cells must be 1 or 2 and #size-cells 0");

	/* Slot 0 is the boot CPU; the others keep the DTB's order. */
	n = 1;
	for (node = fdt_first_child(&fdt, cpus); node >= 0; node = fdt_next_sibling(&fdt, node)) {
		const void *reg;
		uint32_t len;
		uint64_t mpidr;

		if (!device_type_is(node, "cpu") || !node_enabled(node))
			continue;
		reg = fdt_getprop(&fdt, node, "reg", &len);
		if (!reg || len != (uint32_t)ac * 4)
			fatal("DTB: %s reg: missing or not %d cell(s)", node_name(node), ac);
		mpidr = fdt_read_cells(reg, 0, (uint32_t)ac);
		if (mpidr & ~MPIDR_AFF_MASK)
			fatal("DTB: %s reg 0x%llx: not an MPIDR affinity value", node_name(node),
			      (unsigned long long)mpidr);
		for (i = found_self ? 0 : 1; i < n; i++)
			if (arm64_plat.mpidr[i] == mpidr)
				fatal("DTB: %s reg 0x%llx: two cpu nodes with the same MPIDR",
				      node_name(node), (unsigned long long)mpidr);
		if (mpidr == self) {
			if (found_self)
				fatal("DTB: %s reg 0x%llx: two cpu nodes with the same MPIDR",
				      node_name(node), (unsigned long long)mpidr);
			found_self = true;
			arm64_plat.mpidr[0] = mpidr;
			continue;
		}
		if (!prop_string_is(node, "enable-method", "psci"))
			fatal("DTB: %s enable-method: missing or not \"psci\" (the only method supported)",
			      node_name(node));
		if (n >= BOOT_MAX_CPUS) {
			skipped++;
			continue;
		}
		arm64_plat.mpidr[n++] = mpidr;
	}
	if (!found_self)
		fatal("DTB: the boot CPU (MPIDR 0x%llx) has no cpu node in /cpus", (unsigned long long)self);
	if (skipped)
		log_printf("warning: %u CPU(s) beyond the limit of %u ignored\n", skipped, BOOT_MAX_CPUS);
	arm64_plat.ncpus = n;
	bi->cpus_present = n;
}

/* node: the first arm,gic-v3 node (found with the timer in one pass, see arm64_dtb_parse). */
static void parse_gic(const struct boot_info *bi, int node)
{
	int err;

	gic_node = node;
	if (node < 0)
		fatal("DTB: no arm,gic-v3 interrupt controller (Bulkhead needs GICv3)");
	err = dt_reg(node, 0, &arm64_plat.gicd_base, &arm64_plat.gicd_size);
	if (!err)
		err = dt_reg(node, 1, &arm64_plat.gicr_base, &arm64_plat.gicr_size);
	if (err)
		fatal("DTB: %s reg (distributor, redistributors): %s", node_name(node), fdt_strerror(err));
	if (!arm64_plat.gicd_size || !arm64_plat.gicr_size)
		fatal("DTB: %s reg: empty distributor or redistributor region", node_name(node));
	if (overlaps_ram(bi, arm64_plat.gicd_base, arm64_plat.gicd_size) ||
	    overlaps_ram(bi, arm64_plat.gicr_base, arm64_plat.gicr_size))
		fatal("DTB: %s reg: the distributor or redistributor region overlaps RAM", node_name(node));
	arm64_mmu_map_io(arm64_plat.gicd_base, arm64_plat.gicd_size, "the GIC distributor");
	arm64_mmu_map_io(arm64_plat.gicr_base, arm64_plat.gicr_size, "the GIC redistributors");
}

static void add_hyp_dev(struct boot_info *bi, uint64_t base, uint64_t size)
{
	if (bi->nhyp_dev < BOOT_MAX_HYP_DEV)
		bi->hyp_dev[bi->nhyp_dev++] = (struct boot_range){ base, size };
}

/*
 * Entry idx of node's GIC "interrupts" property (v, len bytes; NULL if
 * absent; three cells: type, number, flags; GICv3 binding) as an INTID:
 * SPI n -> 32 + n, PPI n -> 16 + n.
 * Returns 0, -FDT_ERR_NOTFOUND past the end, or fatal() on a bad value.
 */
static int gic_intid(int node, const void *v, uint32_t len, unsigned int idx, uint32_t *intid)
{
	uint32_t type, num;

	if (!v)
		return -FDT_ERR_NOTFOUND;
	if (len % 12)
		fatal("DTB: %s interrupts: not a list of 3-cell GIC interrupt specifiers", node_name(node));
	if (idx >= len / 12)
		return -FDT_ERR_NOTFOUND;
	type = (uint32_t)fdt_read_cells(v, idx * 3, 1);
	num = (uint32_t)fdt_read_cells(v, idx * 3 + 1, 1);
	if (type == 0 && num < 988)
		*intid = 32 + num;
	else if (type == 1 && num < 16)
		*intid = 16 + num;
	else
		fatal("DTB: %s interrupts[%u]: type %u number %u is not a GIC SPI or PPI",
		      node_name(node), idx, type, num);
	return 0;
}

/* Entries first..last of node's "interrupts" (its value read once). */
static void add_hyp_irqs(struct boot_info *bi, int node, unsigned int first, unsigned int last)
{
	const void *v;
	uint32_t intid, len = 0;
	unsigned int idx;

	if (node < 0)
		return;
	v = fdt_getprop(&fdt, node, "interrupts", &len);
	for (idx = first; idx <= last; idx++)
		if (!gic_intid(node, v, len, idx, &intid) && bi->nhyp_irq < BOOT_MAX_HYP_IRQ)
			bi->hyp_irq[bi->nhyp_irq++] = intid;
}

/*
 * What the hypervisor keeps for itself and a manifest may never assign
 * (boot_info hyp_dev / hyp_irq): the console UART and its interrupt, the
 * GIC's distributor, redistributors, ITS and its maintenance interrupt, and
 * the non-secure timer PPIs (arm,armv8-timer entries 1-4: physical,
 * virtual, EL2 physical, EL2 virtual).
 */
static void parse_hyp_resources(struct boot_info *bi, int timer)
{
	add_hyp_dev(bi, arm64_plat.uart_base, arm64_plat.uart_size);
	add_hyp_dev(bi, arm64_plat.gicd_base, arm64_plat.gicd_size);
	add_hyp_dev(bi, arm64_plat.gicr_base, arm64_plat.gicr_size);
	/*
	 * The GIC's ITS (and anything else under the GIC node: GICv3 binding)
	 * routes every partition's and the hypervisor's MSIs: never a partition's.
	 */
	if (gic_node >= 0)
		for (int c = fdt_first_child(&fdt, gic_node); c >= 0; c = fdt_next_sibling(&fdt, c)) {
			uint64_t b, sz;

			for (unsigned int idx = 0; idx < 4 && !fdt_get_reg_under(&fdt, c, gic_node, idx, &b, &sz); idx++)
				if (sz && range_ok(b, sz))
					add_hyp_dev(bi, b, sz);
		}
	add_hyp_irqs(bi, uart_node, 0, 0);
	add_hyp_irqs(bi, gic_node, 0, 0);
	add_hyp_irqs(bi, timer, 1, 4);
}

/*
 * Whether a node says it masters DMA (Devicetree Specification and its
 * bindings): "dma-coherent" (its DMA is coherent: it does DMA), "iommus" /
 * "iommu-map" (its DMA goes through an IOMMU), "#dma-cells" (a DMA
 * controller). A device that masters DMA without saying so cannot be told
 * apart here; docs/manifest.md says so.
 */
static bool node_masters_dma(int node)
{
	static const char *const props[] = { "dma-coherent", "iommus", "iommu-map", "#dma-cells" };
	uint32_t len;

	for (unsigned int i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if (fdt_getprop(&fdt, node, props[i], &len))
			return true;
	return false;
}

/* A DMA master's "ranges" windows (a bus such as PCIe: its devices' BARs) on the root's address space. */
static bool dma_ranges_hit(int node, int parent, uint64_t base, uint64_t size, struct boot_range *found)
{
	int csc = fdt_size_cells(&fdt, node), pac = fdt_addr_cells(&fdt, parent);
	uint32_t len, entry, i, cac = 2;
	const void *v = fdt_getprop(&fdt, node, "ranges", &len);

	/* A PCI bus has 3 address cells (fdt_addr_cells() stops at 2): read it here. */
	if (fdt_getprop_u32(&fdt, node, "#address-cells", &cac) == -FDT_ERR_NOTFOUND)
		cac = 2;
	/* Only a bus directly under the root translates onto host addresses here. */
	if (!v || parent != fdt_root(&fdt) || cac < 1 || cac > 3 || pac < 1 || pac > 2 || csc < 1 || csc > 2)
		return false;
	entry = cac + (uint32_t)(pac + csc);
	for (i = 0; i < len / (4 * entry); i++) {
		uint64_t pb = fdt_read_cells(v, i * entry + cac, (uint32_t)pac);
		uint64_t ps = fdt_read_cells(v, i * entry + cac + (uint32_t)pac, (uint32_t)csc);

		if (ps && range_ok(pb, ps) && ranges_overlap(base, size, pb, ps)) {
			*found = (struct boot_range){ pb, ps };
			return true;
		}
	}
	return false;
}

/*
 * boot_info.dma_master: walk every node (asked only for the manifest's
 * passthrough devices, so boot without them pays nothing) for a DMA master
 * whose registers, or whose bus windows, touch [base, base + size).
 */
static int dma_master(uint64_t base, uint64_t size, struct boot_range *found)
{
	int stack[FDT_MAX_DEPTH];
	unsigned int depth = 0;
	int node = fdt_first_child(&fdt, fdt_root(&fdt));

	while (node >= 0) {
		int parent = depth ? stack[depth - 1] : fdt_root(&fdt), next;

		if (node_masters_dma(node)) {
			uint64_t b, sz;

			for (unsigned int idx = 0; idx < 16 && !fdt_get_reg_under(&fdt, node, parent, idx, &b, &sz); idx++)
				if (sz && range_ok(b, sz) && ranges_overlap(base, size, b, sz)) {
					*found = (struct boot_range){ b, sz };
					return 1;
				}
			if (dma_ranges_hit(node, parent, base, size, found))
				return 1;
		}
		/* Depth first: children, then siblings, then the parents' siblings. */
		next = depth + 1 < FDT_MAX_DEPTH ? fdt_first_child(&fdt, node) : -FDT_ERR_NOTFOUND;
		if (next >= 0) {
			stack[depth++] = node;
			node = next;
			continue;
		}
		for (next = fdt_next_sibling(&fdt, node); next < 0 && depth; depth--)
			next = fdt_next_sibling(&fdt, stack[depth - 1]);
		node = next;
	}
	return 0;
}

void arm64_dtb_parse(const void *dtb, size_t avail, struct boot_info *bi)
{
	static const char *const compat[2] = { "arm,gic-v3", "arm,armv8-timer" };
	int found[2];
	int err = fdt_open_index(&fdt, dtb, avail, dtb_ix, DTB_IX_NODES);

	if (err)
		fatal("DTB at 0x%llx: %s", (unsigned long long)(uintptr_t)dtb, fdt_strerror(err));
	/* "/name" paths are the root's children of that exact name. */
	fdt_subnodes(&fdt, fdt_root(&fdt), top_names, top, TOP_N);
	/*
	 * The command line first: it decides how a later failure stops. RAM
	 * before the console, so a console claimed inside RAM is refused
	 * (errors until then go to the early UART).
	 */
	parse_bootargs(bi);
	parse_memory(bi);
	parse_console(bi);
	if (fdt_getprop_string(&fdt, fdt_root(&fdt), "model", &arm64_plat.model))
		arm64_plat.model = "unknown";
	parse_reserved(bi, (uint64_t)(uintptr_t)dtb);
	parse_bundle(bi);
	parse_psci();
	parse_cpus(bi);
	fdt_find_compatibles(&fdt, compat, found, 2);
	parse_gic(bi, found[0]);
	parse_hyp_resources(bi, found[1]);
	bi->dma_master = dma_master;
	/*
	 * Later readers (dma_master, asked from mf_boot()) walk the tokens, as
	 * when the index lived on this stack frame: nothing uses it after the
	 * return.
	 */
	fdt.ix = NULL;
	fdt.nix = 0;
}
