// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "manifest": the whole boot-time path a bundle takes
 * (fdt_open, the manifest reader and validator, the summary or error
 * printer) and the platform reader of bulkhead-check, on arbitrary bytes.
 * Seeded with the compiled examples and the bad QEMU bundles.
 *
 * Beyond "no crash, no leak, no hang" (ASan/UBSan, libFuzzer's limits) it
 * checks what a valid result promises its consumers: every count within its
 * limit, every range non-empty, aligned and not wrapping, every image inside
 * the input and inside a memory region of its partition, every entry point in
 * executable memory, every channel peer a real partition, no guest range
 * over a window the platform's architecture emulates (the second pass
 * checks against arm64's), every interrupt of a partition below irq-limit
 * and, on arm64, an SPI of its virtual GIC (32-63); and that an invalid
 * result has at least one error, each a "manifest: " message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/fdt.h"
#include "hyp/manifest.h"

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

/* Every printed line is bounded and free of control characters. */
static void sink(void *ctx, const char *line)
{
	size_t i;

	for (i = 0; line[i]; i++)
		CHECK(i < MF_MSG_MAX + 128 && (unsigned char)line[i] >= 0x20 && (unsigned char)line[i] < 0x7f);
}

static bool range_in(uint64_t base, uint64_t size, uint64_t rb, uint64_t rs)
{
	return base >= rb && base + size - 1 <= rb + rs - 1;
}

/* Does [base, base + size) touch a window the layout emulates in partition pt? */
static bool on_window(const struct mf_platform *p, const struct mf_partition *pt, uint64_t base, uint64_t size)
{
	unsigned int w;

	for (w = 0; p->layout && w < p->layout->nwin; w++) {
		const struct mf_window *win = &p->layout->win[w];
		uint64_t ws = win->size + win->per_vcpu * pt->nvcpus;

		if (win->when == MF_WIN_CONSOLE_DEFAULT && (!pt->console.present || pt->console.has_base))
			continue;
		if (ws && base <= win->base + ws - 1 && win->base <= base + size - 1)
			return true;
	}
	return false;
}

/*
 * May a partition be given interrupt irq? Below irq-limit and, on arm64,
 * one of the virtual GIC's SPIs 32-63 (IHI 0069H 2.2; written down here,
 * not taken from the layout table); x86 and s390 deliver none yet.
 */
static bool irq_ok(const struct mf_platform *p, unsigned int irq)
{
	if (irq >= p->irq_limit)
		return false;
	if (p->layout && strcmp(p->layout->arch, "arm64") == 0)
		return irq >= 32 && irq <= 63;
	return true;
}

static void check_valid(const struct manifest *m, const struct mf_platform *p, const uint8_t *buf, size_t size)
{
	unsigned int i, j, k;

	CHECK(m->nparts >= 1 && m->nparts <= MF_MAX_PARTITIONS);
	CHECK(m->nchannels <= MF_MAX_CHANNELS);
	CHECK(m->console_input < m->nparts);
	for (i = 0; m->model[i]; i++)
		CHECK(i < MF_MODEL_MAX && m->model[i] >= 0x20 && m->model[i] < 0x7f);
	for (i = 0; i < m->nparts; i++) {
		const struct mf_partition *pt = &m->part[i];
		bool entry_ok = false;

		CHECK(pt->name[0] && strlen(pt->name) < MF_NAME_MAX);
		CHECK(pt->nvcpus >= 1 && pt->nvcpus <= MF_MAX_VCPUS);
		for (j = 0; j < pt->nvcpus; j++)
			CHECK(pt->pcpu[j] < p->cpus);
		CHECK(pt->nmem >= 1 && pt->nmem <= MF_MAX_MEM);
		CHECK(pt->nimages <= MF_MAX_IMAGES && pt->ndevices <= MF_MAX_DEVICES);
		CHECK(pt->ipa_bits >= 32 && pt->ipa_bits <= 64);
		for (j = 0; j < pt->nmem; j++) {
			const struct mf_mem *r = &pt->mem[j];

			CHECK(r->size && range_ok(r->gpa, r->size) && (r->access & MF_ACC_R));
			CHECK(is_aligned(r->gpa, p->granule) && is_aligned(r->size, p->granule));
			if (pt->ipa_bits < 64)
				CHECK(((r->gpa + r->size - 1) >> pt->ipa_bits) == 0);
			if (r->fixed_hpa)
				CHECK(range_ok(r->hpa, r->size) && is_aligned(r->hpa, p->granule));
			if ((r->access & MF_ACC_X) && range_in(pt->entry, 1, r->gpa, r->size))
				entry_ok = true;
			CHECK(!on_window(p, pt, r->gpa, r->size));
		}
		if (pt->console.has_base)
			CHECK(!on_window(p, pt, pt->console.base, p->granule));
		if (pt->console.has_irq)
			CHECK(irq_ok(p, pt->console.irq));
		CHECK(entry_ok);
		for (j = 0; j < pt->nimages; j++) {
			const struct mf_image *img = &pt->image[j];
			bool inside = false;

			CHECK(img->size && (const uint8_t *)img->data >= buf &&
			      (const uint8_t *)img->data + img->size <= buf + size);
			CHECK((const uint8_t *)img->data == buf + img->offset);
			for (k = 0; k < pt->nmem; k++)
				inside |= range_in(img->load, img->size, pt->mem[k].gpa, pt->mem[k].size);
			CHECK(inside);
		}
		for (j = 0; j < pt->ndevices; j++) {
			CHECK(pt->dev[j].size && pt->dev[j].nirqs <= MF_MAX_DEV_IRQS);
			CHECK(!on_window(p, pt, pt->dev[j].gpa, pt->dev[j].size));
			for (k = 0; k < pt->dev[j].nirqs; k++)
				CHECK(irq_ok(p, pt->dev[j].irq[k]));
		}
		for (j = 0; j < i; j++) {
			CHECK(strcmp(m->part[j].name, pt->name) != 0);
			CHECK(!pt->vmid || pt->vmid != m->part[j].vmid);
		}
	}
	for (i = 0; i < m->nchannels; i++) {
		const struct mf_channel *ch = &m->chan[i];

		CHECK(ch->size && ch->npeers >= 2 && ch->npeers <= MF_MAX_PEERS);
		for (j = 0; j < ch->npeers; j++) {
			CHECK(ch->peer[j].part < m->nparts);
			CHECK(!ch->peer[j].has_doorbell || irq_ok(p, ch->peer[j].doorbell));
			CHECK(!on_window(p, &m->part[ch->peer[j].part], ch->peer[j].gpa, ch->size));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct manifest m;
	static struct mf_errors errs;
	struct mf_platform plat;
	struct fdt f;
	char why[128];
	uint8_t *buf;
	unsigned int n, i, pass;

	/* An exactly sized copy: any read past the end is an ASan report. */
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);

	for (pass = 0; pass < 2; pass++) {
		mf_platform_default(&plat);
		if (pass == 1) {	/* a small machine with hypervisor-owned pieces */
			plat.cpus = 4;
			plat.ipa_bits_max = 40;
			plat.vmid_max = 15;
			plat.irq_limit = 256;
			plat.nram = 1;
			plat.ram[0] = (struct mf_range){ 0x40000000, 0x40000000 };
			plat.nrsv = 1;
			plat.rsv[0] = (struct mf_range){ 0x40000000, 0x1000000 };
			plat.ndev = 1;
			plat.dev[0] = (struct mf_range){ 0x09000000, 0x1000 };
			plat.nirq = 1;
			plat.irq[0] = 33;
			plat.layout = mf_arch_layout_find("arm64");
			CHECK(plat.layout && plat.layout->nwin);
		}
		n = mf_load(&m, buf, size, &plat, &errs);
		if (n == 0) {
			CHECK(errs.count == 0 && errs.dropped == 0);
			check_valid(&m, &plat, buf, size);
			mf_summary(&m, sink, NULL);
		} else {
			CHECK(errs.count >= 1 && errs.count <= MF_MAX_ERRORS && n == errs.count + errs.dropped);
			for (i = 0; i < errs.count; i++) {
				CHECK(errs.e[i].code > MF_OK && errs.e[i].code < MF_ERR_COUNT);
				CHECK(strncmp(errs.e[i].msg, "manifest: ", 10) == 0);
			}
			mf_print_errors(&errs, sink, NULL);
		}
	}

	/* The same bytes as a --platform description. */
	if (fdt_open(&f, buf, size) == 0 && mf_platform_from_fdt(&plat, &f, why, sizeof(why)) == 0) {
		CHECK(plat.cpus >= 1 && plat.cpus <= MF_PLAT_MAX_CPUS && plat.nram >= 1);
		CHECK(plat.nram <= MF_PLAT_MAX_RAM && plat.nrsv <= MF_PLAT_MAX_RSV);
		CHECK(plat.ndev <= MF_PLAT_MAX_DEV && plat.nirq <= MF_PLAT_MAX_IRQ);
	}
	free(buf);
	return 0;
}
