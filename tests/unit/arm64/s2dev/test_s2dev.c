// SPDX-License-Identifier: MIT
/*
 * Passthrough devices in an arm64 stage-2 (issue 5 item 6): the stage-2
 * table hyp/partition.c builds from a manifest with the real arm64 format
 * (arch/arm64/pt_s2.c), read back descriptor by descriptor by a walker and
 * decoder written here from the Arm ARM (DDI 0487: D8.2 translation walk,
 * D8.3 descriptor formats, D8.4.2 stage-2 memory attributes, D8.4.1.2 S2AP,
 * and "Combining the stage 1 and stage 2 attributes", HCR_EL2.FWB = 0).
 * Nothing of the engine or the format is used to read the result.
 *
 * Why a host test: a guest cannot see the stage-2 memory type. The one
 * architectural symptom, an alignment fault on an unaligned access to
 * Device memory whatever the guest's own attributes, is not modelled by
 * QEMU 7.2 (tests/guests/arm64/passthrough.c). So this checks the
 * descriptors: every device page is Device-nGnRE, read/write, not
 * executable, at the manifest's host address; and the combination with
 * every stage-1 type the guest may choose is Device (so unaligned accesses
 * fault on hardware).
 *
 * The partition code runs on the fake architecture of the hyp tests
 * (tests/unit/hyp/fakearch), except that arch_part_s2_config() is wrapped
 * (-Wl,--wrap) to hand out pt_fmt_arm64_s2 as arch/arm64/vcpu.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "physmem.h"
#include "arch/arm64/pt_s2.h"

/* ---- The arm64 stage-2 format as arch/arm64/vcpu.c configures it -------- */

int __wrap_arch_part_s2_config(unsigned int ipa_bits, const struct pt_fmt **fmt, unsigned int *ia_bits,
			       unsigned int *cfg);
int __wrap_arch_part_s2_config(unsigned int ipa_bits, const struct pt_fmt **fmt, unsigned int *ia_bits,
			       unsigned int *cfg)
{
	if (ipa_bits > 48)
		return -1;
	*fmt = &pt_fmt_arm64_s2;
	*ia_bits = ipa_bits < 32 ? 32 : ipa_bits;
	*cfg = 0;
	return 0;
}

/* ---- Independent walker and decoder --------------------------------------- */

#define MAX_LEAVES	4096

struct leaf {
	uint64_t ipa, size, desc;
};

static struct leaf leaves[MAX_LEAVES];
static unsigned int nleaves;

static uint64_t rd64(uint64_t pa)
{
	uint8_t *p = physmem_ptr(pa);
	uint64_t v;

	assert_non_null(p);
	memcpy(&v, p, 8);
	return v;
}

/* Collect the valid leaves under the table at `table` (level `level`, `n` entries). */
static void walk(uint64_t table, unsigned int level, unsigned int n, uint64_t ipa_base)
{
	unsigned int shift = 12 + 9 * (3 - level);

	assert_true(level <= 3);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t d = rd64(table + 8ull * i), ipa = ipa_base + ((uint64_t)i << shift);

		if (!(d & 1))
			continue;
		if (level < 3 && (d & 2)) {
			walk(d & 0x0000fffffffff000ull, level + 1, 512, ipa);
			continue;
		}
		/* Level 3 needs 0b11; a block (0b01) is allowed at levels 1 and 2 only (4 KiB granule). */
		assert_true(level == 3 ? (d & 2) != 0 : level >= 1);
		assert_true(nleaves < MAX_LEAVES);
		leaves[nleaves++] = (struct leaf){ ipa, 1ull << shift, d };
	}
}

/* Walk from what the hardware is given: VTTBR_EL2 and VTCR_EL2 (T0SZ, SL0, TG0). */
static void walk_s2(uint64_t vttbr, uint64_t vtcr)
{
	unsigned int t0sz = vtcr & 0x3f, sl0 = (vtcr >> 6) & 3, start = 2 - sl0;
	int root_bits = (int)(64 - t0sz) - (12 + 9 * (3 - (int)start));

	assert_int_equal((vtcr >> 14) & 3, 0);		/* TG0: 4 KiB */
	assert_true(sl0 <= 2 && root_bits >= 1 && root_bits <= 13);
	nleaves = 0;
	walk(vttbr & 0x0000fffffffff000ull, start, 1u << root_bits, 0);
}

/* Memory types, most restrictive first (the order the combining rules use). */
enum mtype { DEV_NGNRNE, DEV_NGNRE, DEV_NGRE, DEV_GRE, NORM_NC, NORM_WT, NORM_WB, MT_RESERVED };

/* Stage-2 MemAttr[3:0] with HCR_EL2.FWB = 0 (D8.4.2; inner = outer here). */
static enum mtype s2_type(uint64_t desc)
{
	unsigned int ma = (desc >> 2) & 0xf, outer = ma >> 2, inner = ma & 3;

	if (outer == 0)
		return (enum mtype)(DEV_NGNRNE + inner);
	if (inner == 0 || inner != outer)	/* 0bxx00 reserved; mixed inner/outer not used here */
		return MT_RESERVED;
	return outer == 1 ? NORM_NC : outer == 2 ? NORM_WT : NORM_WB;
}

/*
 * Combining stage 1 and stage 2 (FWB = 0): Device if either is Device (the
 * more restrictive Device type), else Normal with the weaker cacheability.
 */
static enum mtype combine(enum mtype s1, enum mtype s2)
{
	return s1 < s2 ? s1 : s2;
}

static bool is_device(enum mtype t)
{
	return t <= DEV_GRE;
}

/* ---- The manifest partition ------------------------------------------------ */

static struct manifest m;

struct dev { uint64_t hpa, gpa, size; };

/* The QEMU test's devices (tests/qemu/part/arm64-passthrough.dts) and two that need blocks. */
static const struct dev devs[] = {
	{ 0x09010000, 0x0c000000, 0x1000 },		/* PL031, relocated */
	{ 0x0a000000, 0x0a000000, 0x1000 },		/* virtio-mmio page, at its host address */
	{ 0x10000000, 0x20000000, 0x401000 },		/* 2 MiB blocks and a page */
	{ 0x8000000000ull, 0x100000000ull, 0x40000000 },	/* one 1 GiB block, above 4 GiB */
};

#define RAM_GPA		0x40000000ull
#define RAM_SIZE	0x200000ull

static void manifest(void)
{
	struct mf_partition *mp = &m.part[0];

	memset(&m, 0, sizeof(m));
	m.nparts = 1;
	fake_mf_part(mp, "owner", RAM_GPA, RAM_SIZE);
	mp->ipa_bits = 40;	/* start at level 1 (two concatenated tables): 1 GiB blocks possible */
	mp->ndevices = ARRAY_SIZE(devs);
	for (unsigned int i = 0; i < ARRAY_SIZE(devs); i++)
		mp->dev[i] = (struct mf_device){ .hpa = devs[i].hpa, .gpa = devs[i].gpa, .size = devs[i].size };
	assert_int_equal(part_system_init(&fk.env, &m), 0);
}

static const struct dev *dev_of(uint64_t ipa)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(devs); i++)
		if (ipa - devs[i].gpa < devs[i].size)
			return &devs[i];
	return NULL;
}

/* Check every leaf of p's stage-2; returns the device bytes seen. */
static uint64_t check_leaves(struct partition *p)
{
	uint64_t dev_bytes = 0, ram_bytes = 0;

	walk_s2(pt_root_reg(&p->pt), arm64_s2_vtcr(&p->pt, 48));
	for (unsigned int i = 0; i < nleaves; i++) {
		const struct leaf *l = &leaves[i];
		const struct dev *d = dev_of(l->ipa);
		uint64_t oa = l->desc & 0x0000fffffffff000ull & ~(l->size - 1);
		unsigned int s2ap = (l->desc >> 6) & 3, xn = (l->desc >> 53) & 3, sh = (l->desc >> 8) & 3;

		assert_true(l->desc & (1ull << 10));			/* AF: no access-flag faults */
		assert_false(l->desc & (1ull << 51));			/* no DBM (cfg 0) */
		assert_int_not_equal(sh, 1);				/* SH 0b01 reserved */
		assert_int_equal(l->desc & 0x0000fffffffff000ull & (l->size - 1), 0);	/* block OA aligned */
		if (d) {
			/* The whole leaf lies in the device range, at the host address. */
			assert_true(l->ipa + l->size - d->gpa <= d->size);
			assert_int_equal(oa, d->hpa + (l->ipa - d->gpa));
			assert_int_equal((l->desc >> 2) & 0xf, 0x1);	/* MemAttr 0b0001 */
			assert_int_equal(s2_type(l->desc), DEV_NGNRE);
			assert_int_equal(s2ap, 3);			/* read/write */
			assert_int_equal(xn, 2);			/* not executable at EL1 or EL0 */
			/* Whatever the guest maps it as, the access is to Device memory. */
			for (int s1 = DEV_NGNRNE; s1 <= NORM_WB; s1++) {
				enum mtype c = combine((enum mtype)s1, s2_type(l->desc));

				assert_true(is_device(c));
				assert_true(c <= DEV_NGNRE);
			}
			dev_bytes += l->size;
		} else {
			/* Otherwise only the RAM region: Normal write-back, inner shareable, rwx. */
			assert_true(l->ipa >= RAM_GPA && l->ipa + l->size <= RAM_GPA + RAM_SIZE);
			assert_int_equal(s2_type(l->desc), NORM_WB);
			assert_int_equal(sh, 3);
			assert_int_equal(s2ap, 3);
			assert_int_equal(xn, 0);
			for (int s1 = DEV_NGNRNE; s1 <= NORM_WB; s1++)
				assert_int_equal(combine((enum mtype)s1, NORM_WB), s1);
			ram_bytes += l->size;
		}
	}
	assert_int_equal(ram_bytes, RAM_SIZE);
	return dev_bytes;
}

static void test_device_descriptors(void **state)
{
	struct partition *p;
	uint64_t want = 0;
	unsigned int n2m = 0, n1g = 0;

	fake_setup(16 << 20, 1, 8);
	manifest();
	p = part_find(0);
	assert_int_equal(part_create(p), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(devs); i++)
		want += devs[i].size;
	assert_int_equal(check_leaves(p), want);
	/* The engine used blocks where the alignment allows: they carry the same attributes. */
	for (unsigned int i = 0; i < nleaves; i++) {
		n2m += leaves[i].size == 0x200000 && dev_of(leaves[i].ipa);
		n1g += leaves[i].size == 0x40000000 && dev_of(leaves[i].ipa);
	}
	assert_int_equal(n2m, 2);
	assert_int_equal(n1g, 1);
	/* The device's host address is not mapped where it is relocated away from. */
	for (unsigned int i = 0; i < nleaves; i++)
		assert_false(0x09010000 - leaves[i].ipa < leaves[i].size);

	/* A restart rebuilds the same device mappings. */
	assert_int_equal(part_start(p), 0);
	assert_int_equal(part_restart(p, "test"), 0);
	assert_int_equal(check_leaves(p), want);

	assert_int_equal(part_stop(p, NULL), 0);
	assert_int_equal(part_destroy(p), 0);
	fake_teardown();
}

/*
 * Faults in a device window are never "fixed": a fetch (XN) or any access
 * the mapping already allows is not the hypervisor's to grant, so the guest
 * gets an abort and the descriptors stay as they were.
 */
static void test_device_faults(void **state)
{
	static const unsigned int acc[] = { PT_X, PT_R, PT_W };
	struct partition *p;

	fake_setup(16 << 20, 1, 8);
	manifest();
	p = part_find(0);
	assert_int_equal(part_create(p), 0);
	assert_int_equal(part_start(p), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(devs); i++) {
		for (unsigned int a = 0; a < ARRAY_SIZE(acc); a++) {
			struct vcpu_exit x = { 0 };

			x.s2.gpa = devs[i].gpa + devs[i].size - 8;
			x.s2.access = acc[a];
			assert_int_equal(part_handle_s2_fault(&p->vcpu[0], &x), PART_S2_VIOLATION);
		}
	}
	assert_int_equal(p->vcpu[0].stats.lazy_maps, 0);
	assert_int_equal(p->vcpu[0].stats.mmio, 0);
	check_leaves(p);
	assert_int_equal(part_stop(p, NULL), 0);
	assert_int_equal(part_destroy(p), 0);
	fake_teardown();
}

/* The decoder itself, on hand-made descriptors (D8.4.2 encodings). */
static void test_decoder(void **state)
{
	assert_int_equal(s2_type(0x0ull << 2), DEV_NGNRNE);
	assert_int_equal(s2_type(0x1ull << 2), DEV_NGNRE);
	assert_int_equal(s2_type(0x2ull << 2), DEV_NGRE);
	assert_int_equal(s2_type(0x3ull << 2), DEV_GRE);
	assert_int_equal(s2_type(0x5ull << 2), NORM_NC);
	assert_int_equal(s2_type(0xaull << 2), NORM_WT);
	assert_int_equal(s2_type(0xfull << 2), NORM_WB);
	assert_int_equal(s2_type(0x4ull << 2), MT_RESERVED);
	assert_int_equal(combine(NORM_WB, DEV_NGNRE), DEV_NGNRE);
	assert_int_equal(combine(DEV_NGNRNE, DEV_NGNRE), DEV_NGNRNE);
	assert_int_equal(combine(DEV_GRE, DEV_NGNRE), DEV_NGNRE);
	assert_int_equal(combine(NORM_WB, NORM_NC), NORM_NC);
	assert_true(is_device(DEV_GRE));
	assert_false(is_device(NORM_NC));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decoder),
		cmocka_unit_test(test_device_descriptors),
		cmocka_unit_test(test_device_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
