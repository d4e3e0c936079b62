// SPDX-License-Identifier: MIT
/*
 * libFuzzer target "hypercall": hyp/hypercall.c with the generic partition
 * core (partition, vCPU run loop, scheduler, dirty logging, consoles) on
 * the fake architecture of the host unit tests (tests/unit/hyp/fakearch).
 * Three partitions on two CPUs, each with its privileges taken from the
 * input, RAM regions of every kind (read-write, read-only, lazy, a second
 * writable one), a passthrough device, an emulated device and two
 * shared-memory channels with doorbells. The input is a sequence of guest
 * operations: a hypercall by one partition (a documented function ID or
 * any 32/64-bit value, arguments picked among partition ids, addresses
 * inside, outside and straddling every region of every partition, lengths
 * around the records' sizes, or raw values), a guest store (dirty-log and
 * lazy-map faults, aborts), or the host stopping / restarting a partition.
 * Every operation runs through the real run loop (scheduler, vcpu_run,
 * hc_dispatch) as the fake guest's next step.
 *
 * Checked after every operation (docs/hypercalls.md):
 *  - r0 is HC_OK or one of the documented error codes; an ID that is not a
 *    call gives HC_NOT_SUPPORTED; result registers a call does not define
 *    are 0; HC_VERSION / HC_PART_SELF give their values;
 *  - the privilege rules: a call on another partition (stop, restart,
 *    stats, dirty log) without the manifest privilege gives HC_DENIED (after
 *    HC_INVALID for a bad id or short length), and no other partition's
 *    state, restart count or stage-2 permissions ever change unless the
 *    caller holds the privilege for exactly that call;
 *  - buffers: HC_CONSOLE_WRITE, HC_PART_INFO and HC_PART_STATS succeed
 *    exactly when the buffer lies in one of the caller's RAM regions with
 *    the access needed (a model of the caller's layout); the records read
 *    back are right (id, state, vCPUs, privileges, name; the hypercall
 *    count of the target);
 *  - a shadow of every other byte: all partitions' RAM, the channels and the
 *    device memory are compared before and after each operation; only the
 *    caller's own buffer (and lazy pages it mapped, which read as zero), a
 *    guest store's own bytes, and a partition legitimately restarted may
 *    change;
 *  - statistics: every partition's hypercall exit count equals the model's
 *    count of the hypercalls it made (restarts do not reset them), the
 *    record's reserved exits[7] is 0, an injected abort counts once;
 *  - doorbells: HC_CHANNEL_RING pends only the other peers' doorbells of a
 *    channel the caller belongs to, and r1 counts them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "fake_arch.h"
#include "physmem.h"
#include "hyp/hypercall.h"
#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define check(c, ...)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "hypercall invariant: " __VA_ARGS__);	\
			fprintf(stderr, " (op %u)\n", opn);		\
			abort();					\
		}							\
	} while (0)

#define NP	3
#define RAM0	0x40000000ull	/* caller 0: 64 KiB rwx */
#define RO	0x70000000ull	/* caller 0: 4 KiB read-only */
#define LAZY	0x60000000ull	/* caller 0: 16 KiB rw, lazy */
#define DLOG	0x58000000ull	/* caller 0: 128 KiB rw */
#define PASS	0x08000000ull	/* caller 0: passthrough device page */
#define EMU	0x09000000ull	/* caller 0: emulated device page */
#define DEV_HPA	0x09000000ull
#define VRAM	0x50000000ull	/* partitions 1 and 2: 64 KiB rwx */
#define WRAM	0x5c000000ull	/* partition 1: 32 KiB rw, lazy */
#define CHAN	0x30000000ull	/* channel i at CHAN + 0x10000 * i in every peer */

static unsigned int opn;
static bool trace;		/* FUZZ_TRACE=1: print each operation */
static struct manifest m;
static const char hello[] = "hello\n";
static const struct fake_step idle[1] = { { F_END, { 0 } } };
static struct fake_step script[2];

/* The model: hypercalls each partition made; aborts injected. */
static uint64_t hc_made[NP];

static int emu_read(void *ctx, uint64_t off, unsigned int size, uint64_t *val)
{
	*val = 0;
	return 0;
}

static const struct mmio_ops emu_ops = { emu_read, NULL };

static void part_init_hook(struct partition *p)
{
	if (p->id == 0 && part_mmio_register(p, EMU, 0x1000, &emu_ops, NULL))
		abort();
}

static void chan_add(unsigned int i, const char *name, unsigned int npeers, const struct mf_peer *peers)
{
	struct mf_channel *c = &m.chan[i];

	snprintf(c->name, sizeof(c->name), "%s", name);
	c->size = 0x1000;
	c->npeers = npeers;
	for (unsigned int j = 0; j < npeers; j++) {
		c->peer[j] = peers[j];
		c->peer[j].gpa = CHAN + 0x10000ull * i;
		c->peer[j].writable = true;
	}
	m.nchannels = i + 1;
}

static void setup(const unsigned int *priv)
{
	static const struct mf_peer c0[2] = { { .part = 0, .has_doorbell = true, .doorbell = 41 },
					      { .part = 1, .has_doorbell = true, .doorbell = 40 } };
	static const struct mf_peer c1[3] = { { .part = 1, .has_doorbell = true, .doorbell = 42 },
					      { .part = 2 }, { .part = 0, .has_doorbell = true, .doorbell = 43 } };
	static const struct mf_peer c2[1] = { { .part = 2, .has_doorbell = true, .doorbell = 44 } };
	struct mf_partition *p;

	fake_setup(4 << 20, 2, 8);
	physmem_add(DEV_HPA, 0x1000, 0x41);
	memset(&m, 0, sizeof(m));
	m.nparts = NP;
	p = &m.part[0];
	fake_mf_part(p, "caller", RAM0, 0x10000);
	p->nmem = 4;
	p->mem[1] = (struct mf_mem){ .gpa = RO, .size = 0x1000, .access = MF_ACC_R };
	p->mem[2] = (struct mf_mem){ .gpa = LAZY, .size = 0x4000, .access = MF_ACC_R | MF_ACC_W, .lazy = true };
	p->mem[3] = (struct mf_mem){ .gpa = DLOG, .size = 0x20000, .access = MF_ACC_R | MF_ACC_W };
	p->nimages = 1;
	p->image[0] = (struct mf_image){ .name = "a", .load = RAM0 + 0x100, .data = hello, .size = 6 };
	p->ndevices = 1;
	p->dev[0] = (struct mf_device){ .hpa = DEV_HPA, .gpa = PASS, .size = 0x1000 };
	p = &m.part[1];
	fake_mf_part(p, "victim", VRAM, 0x10000);
	p->pcpu[0] = 1;
	p->nmem = 2;
	p->mem[1] = (struct mf_mem){ .gpa = WRAM, .size = 0x8000, .access = MF_ACC_R | MF_ACC_W, .lazy = true };
	p = &m.part[2];
	fake_mf_part(p, "a-third-partition", VRAM, 0x10000);
	p->pcpu[0] = 1;
	for (unsigned int i = 0; i < NP; i++) {
		m.part[i].privileges = priv[i];
		fake_prog(i, 0, idle, 1, true);
	}
	chan_add(0, "zero", 2, c0);
	chan_add(1, "one", 3, c1);
	chan_add(2, "two", 1, c2);
	fk.part_init_hook = part_init_hook;
}

/* ---- The caller's layout as the documentation states it ---------------- */

struct mregion {
	uint64_t gpa, size;
	bool r, w;
};

static unsigned int layout(unsigned int pid, struct mregion *out)
{
	const struct mf_partition *p = &m.part[pid];

	for (unsigned int i = 0; i < p->nmem; i++)
		out[i] = (struct mregion){ p->mem[i].gpa, p->mem[i].size, p->mem[i].access & MF_ACC_R,
					   p->mem[i].access & MF_ACC_W };
	return p->nmem;
}

/* [ga, ga + len) inside one RAM region of pid with the access (len 0: always). */
static bool buf_ok(unsigned int pid, uint64_t ga, uint64_t len, bool write)
{
	struct mregion rg[MF_MAX_MEM];
	unsigned int n = layout(pid, rg);

	if (!len)
		return true;
	if (ga + (len - 1) < ga)
		return false;
	for (unsigned int i = 0; i < n; i++)
		if (ga >= rg[i].gpa && ga + (len - 1) <= rg[i].gpa + (rg[i].size - 1))
			return write ? rg[i].w : rg[i].r;
	return false;
}

/* ---- Argument pickers --------------------------------------------------- */

static const uint64_t addrs[] = {
	RAM0, RAM0 + 0x100, RAM0 + 0x10000, RO, LAZY, LAZY + 0x4000, DLOG, DLOG + 0x20000, PASS, EMU, VRAM,
	VRAM + 0x10000, WRAM, WRAM + 0x8000, CHAN, CHAN + 0x10000, CHAN + 0x20000, 0, 1ull << 48,
	0xfffffffffffff000ull, 0x7ffffffffffff000ull, RAM0 - 0x1000,
};
static const uint64_t lens[] = { 0, 1, 7, 8, 63, 64, 65, 95, 96, 97, 4, 16, 4096, 4097, 0x10000, ~0ull,
				 1ull << 63, 0x100000000ull };

static uint64_t pick(struct fz *f)
{
	uint8_t s = fz_u8(f);

	if (s < 0x40)
		return s & 7 ? s & 7 : (s >> 3);	/* small: ids, channels */
	if (s < 0xa0)
		return addrs[s % (sizeof(addrs) / sizeof(addrs[0]))] + (uint64_t)(int64_t)(int16_t)fz_u16(f);
	if (s < 0xd0)
		return lens[s % (sizeof(lens) / sizeof(lens[0]))];
	return fz_u64(f);
}

/* ---- Shadows ------------------------------------------------------------- */

#define MAXR	32
struct shadow {
	unsigned int n;
	uint64_t pa[MAXR], len[MAXR];
	int owner[MAXR];		/* partition whose RAM it is; -1: channel / device */
	uint64_t gpa[MAXR];
	bool lazy[MAXR];
	uint8_t *copy[MAXR];
};

static struct shadow sh;

static void shadow_add(uint64_t pa, uint64_t len, int owner, uint64_t gpa, bool lazy)
{
	if (sh.n >= MAXR)
		abort();
	sh.pa[sh.n] = pa;
	sh.len[sh.n] = len;
	sh.owner[sh.n] = owner;
	sh.gpa[sh.n] = gpa;
	sh.lazy[sh.n] = lazy;
	sh.copy[sh.n] = malloc(len);
	memcpy(sh.copy[sh.n], physmem_ptr(pa), len);
	sh.n++;
}

static void shadow_take(void)
{
	sh.n = 0;
	for (unsigned int i = 0; i < NP; i++) {
		struct partition *p = part_find(i);

		for (unsigned int r = 0; r < p->nram; r++)
			if (p->ram[r].backed)
				shadow_add(p->ram[r].hpa.v, p->ram[r].size, (int)i, p->ram[r].gpa, p->ram[r].lazy);
	}
	for (unsigned int c = 0; c < m.nchannels; c++) {
		uint64_t pa;

		/* Peer 0's view gives the channel's backing. */
		if (!fake_translate(part_find(m.chan[c].peer[0].part), m.chan[c].peer[0].gpa, &pa, NULL))
			shadow_add(pa, 0x1000, -1, 0, false);
	}
	shadow_add(DEV_HPA, 0x1000, -1, 0, false);
}

static void shadow_free(void)
{
	for (unsigned int i = 0; i < sh.n; i++)
		free(sh.copy[i]);
	sh.n = 0;
}

/* What an operation may change. */
struct allow {
	int who;			/* partition whose memory may change at [ga, ga + len) */
	uint64_t ga, len;
	bool restarted[NP];		/* rebuilt: anything */
	bool lazy_mapped[NP][64];	/* lazy pages newly mapped: zero outside [ga, ga + len) */
	int store_pa_ok;		/* a guest store: its bytes, found by translation */
	uint64_t store_pa;
};

static void shadow_check(const struct allow *a)
{
	for (unsigned int i = 0; i < sh.n; i++) {
		const uint8_t *now = physmem_ptr(sh.pa[i]);
		int o = sh.owner[i];

		if ((o >= 0 && a->restarted[o]) || !memcmp(now, sh.copy[i], sh.len[i]))
			continue;
		for (uint64_t k = 0; k < sh.len[i]; k++) {
			uint64_t gpa = sh.gpa[i] + k;

			/* libc's memcmp skips equal stretches fast (the loop is instrumented). */
			if (!(k & 255) && k + 256 <= sh.len[i] && !memcmp(now + k, sh.copy[i] + k, 256)) {
				k += 255;
				continue;
			}
			if (now[k] == sh.copy[i][k])
				continue;
			if (a->store_pa_ok && sh.pa[i] + k >= a->store_pa && sh.pa[i] + k < a->store_pa + 8)
				continue;
			if (o >= 0 && o == a->who && gpa >= a->ga && gpa - a->ga < a->len)
				continue;
			if (o >= 0 && sh.lazy[i] && a->lazy_mapped[o][(k >> 12) & 63] && now[k] == 0)
				continue;	/* a lazy page's first touch zeroes it */
			check(0, "byte at hpa 0x%llx (partition %d gpa 0x%llx) changed 0x%02x -> 0x%02x; allowed: p%d [0x%llx +0x%llx)",
			      (unsigned long long)(sh.pa[i] + k), o, (unsigned long long)gpa, sh.copy[i][k], now[k],
			      a->who, (unsigned long long)a->ga, (unsigned long long)a->len);
		}
	}
}

/* Stage-2 permissions of every page of p's RAM (0: unmapped), for the other partitions' state. */
static uint64_t s2_digest(unsigned int pid)
{
	struct partition *p = part_find(pid);
	uint64_t h = 0xcbf29ce484222325ull;

	for (unsigned int r = 0; r < m.part[pid].nmem; r++) {
		const struct mf_mem *mm = &m.part[pid].mem[r];

		for (uint64_t ga = mm->gpa; ga < mm->gpa + mm->size; ga += 0x1000) {
			uint64_t pa = 0;
			unsigned int prot = 0;

			if (fake_translate(p, ga, &pa, &prot))
				prot = 0x100;
			h = (h ^ (pa ^ prot)) * 0x100000001b3ull;
		}
	}
	return h;
}

/* ---- One operation ------------------------------------------------------- */

/* Run step s as partition pid's next guest step; false if it could not run (partition not running). */
static bool run_step(unsigned int pid, struct fake_step s, struct fake_vcpu **fv)
{
	struct partition *p = part_find(pid);
	struct vcpu *v = &p->vcpu[0];
	struct fake_vcpu *f = fake_vcpu(v);

	*fv = NULL;
	if (part_state(p) != PART_RUNNING || !v->on || !f)
		return false;
	script[0] = s;
	script[1] = (struct fake_step){ F_END, { 0 } };
	f->prog = script;
	f->nsteps = 2;
	f->pc = 0;
	f->res[0] = FAKE_RES_NONE;
	v->exit.reason = VCPU_EXIT_NONE;
	v->wfi = false;
	for (unsigned int i = 0; i < 8 && fake_run(v->pcpu); i++)
		;
	/* Whatever happened, the partition's vCPU idles afterwards. */
	f = fake_vcpu(v);
	if (f && f->prog == script && f->pc > 1)
		abort();
	*fv = f && f->prog == script ? f : NULL;
	return true;
}

static bool valid_status(int64_t s)
{
	return s == HC_OK || s == HC_NOT_SUPPORTED || s == HC_INVALID || s == HC_DENIED || s == HC_BAD_ADDRESS ||
	       s == HC_BAD_STATE || s == HC_NO_MEMORY;
}

static void do_hypercall(struct fz *f, unsigned int pid)
{
	uint8_t sel = fz_u8(f);
	uint64_t fid, a[6], r[4];
	struct fake_step s = { F_HC, { 0 } };
	struct fake_vcpu *fv;
	struct allow al;
	enum part_state st0[NP], st1[NP];
	uint64_t rs0[NP], dig0[NP], npulses0 = fk.npulses;
	unsigned int priv = m.part[pid].privileges, t, call;
	struct partition *tp;
	bool ran, got;
	int64_t r0;

	if (sel < 0xe0)
		fid = HC_FID(sel % 16);
	else if (sel < 0xf0)
		fid = HC_FID(sel % 16) | ((uint64_t)fz_u32(f) << 32);	/* SMCCC: the upper half is ignored */
	else
		fid = (sel & 1) ? fz_u32(f) : fz_u64(f);
	for (unsigned int i = 0; i < 6; i++)
		a[i] = i < 4 ? pick(f) : fz_u8(f);
	s.a[0] = fid;
	memcpy(&s.a[1], a, sizeof(a));

	memset(&al, 0, sizeof(al));
	al.who = -1;
	for (unsigned int i = 0; i < NP; i++) {
		st0[i] = part_state(part_find(i));
		rs0[i] = part_find(i)->restarts;
		dig0[i] = s2_digest(i);
	}
	/* Lazy pages of the caller not mapped yet: their first touch zeroes them. */
	for (unsigned int r2 = 0; r2 < m.part[pid].nmem; r2++) {
		const struct mf_mem *mm = &m.part[pid].mem[r2];

		if (mm->lazy)
			for (unsigned int k = 0; k < mm->size / 0x1000 && k < 64; k++)
				al.lazy_mapped[pid][k] = fake_translate(part_find(pid), mm->gpa + k * 0x1000ull, NULL,
									NULL) != 0;
	}
	shadow_take();
	ran = run_step(pid, s, &fv);
	if (ran)
		hc_made[pid]++;
	got = fv && fv->res[0] == FAKE_RES_DONE;
	memcpy(r, got ? fv->r[0] : (uint64_t[4]){ 0 }, sizeof(r));
	r0 = (int64_t)r[0];
	call = (uint32_t)fid;
	if (trace)
		fprintf(stderr, "op %u: p%u call 0x%llx (0x%llx 0x%llx 0x%llx 0x%llx): %s %lld 0x%llx 0x%llx\n", opn, pid,
			(unsigned long long)fid, (unsigned long long)a[0], (unsigned long long)a[1],
			(unsigned long long)a[2], (unsigned long long)a[3], got ? "done" : ran ? "no result" : "not run",
			(long long)r[0], (unsigned long long)r[1], (unsigned long long)r[2]);
	t = a[0] < NP ? (unsigned int)a[0] : NP;
	tp = t < NP ? part_find(t) : NULL;

	for (unsigned int i = 0; i < NP; i++) {
		st1[i] = part_state(part_find(i));
		if (part_find(i)->restarts != rs0[i])
			al.restarted[i] = true;
	}
	if (got) {
		check(valid_status(r0), "call 0x%llx: status %lld", (unsigned long long)fid, (long long)r0);
		check(r[3] == 0, "call 0x%x: r3 = 0x%llx", call, (unsigned long long)r[3]);
		if (call != HC_PART_SELF && call != HC_DIRTY_START)
			check(r[2] == 0, "call 0x%x: r2 = 0x%llx", call, (unsigned long long)r[2]);
		if (r0 != HC_OK)
			check(r[1] == 0 && r[2] == 0, "call 0x%x failed (%lld) with r1 0x%llx", call, (long long)r0,
			      (unsigned long long)r[1]);
		if (call - HC_FID_BASE >= HC_NCALLS || call < HC_FID_BASE)
			check(r0 == HC_NOT_SUPPORTED && !r[1], "unknown call 0x%llx: %lld", (unsigned long long)fid,
			      (long long)r0);
		/* A call naming a partition: bad id first, then the privilege. */
		if (call == HC_PART_STOP || call == HC_PART_RESTART || call == HC_PART_STATS ||
		    call == HC_DIRTY_START || call == HC_DIRTY_GET || call == HC_DIRTY_STOP) {
			unsigned int need = call == HC_PART_STOP ? MF_PRIV_STOP : call == HC_PART_RESTART ? MF_PRIV_RESTART :
					    call == HC_PART_STATS ? MF_PRIV_READ_STATS : MF_PRIV_READ_DIRTY_LOG;

			if (!tp)
				check(r0 == HC_INVALID, "call 0x%x on id 0x%llx: %lld", call, (unsigned long long)a[0],
				      (long long)r0);
			else if (!(call == HC_PART_STATS && a[2] < sizeof(struct hc_part_stats)) && t != pid &&
				 !(priv & need))
				check(r0 == HC_DENIED, "call 0x%x by %u on %u without privilege: %lld", call, pid, t,
				      (long long)r0);
		}
		switch (call) {
		case HC_VERSION:
			check(r0 == HC_OK && r[1] == HC_ABI_VERSION, "version");
			break;
		case HC_PART_SELF:
			check(r0 == HC_OK && r[1] == pid && r[2] == NP, "self: %llu %llu", (unsigned long long)r[1],
			      (unsigned long long)r[2]);
			break;
		case HC_YIELD:
			check(r0 == HC_OK, "yield");
			break;
		case HC_CONSOLE_WRITE: {
			int64_t want = a[1] > HC_CONSOLE_MAX ? HC_INVALID : buf_ok(pid, a[0], a[1], false) ? HC_OK : HC_BAD_ADDRESS;

			check(r0 == want && r[1] == (want == HC_OK ? a[1] : 0),
			      "console write 0x%llx len 0x%llx by %u: %lld, model %lld", (unsigned long long)a[0],
			      (unsigned long long)a[1], pid, (long long)r0, (long long)want);
			break;
		}
		case HC_PART_INFO:
		case HC_PART_STATS: {
			uint64_t need = call == HC_PART_INFO ? sizeof(struct hc_part_info) : sizeof(struct hc_part_stats);
			int64_t want = !tp || a[2] < need ? HC_INVALID :
				       call == HC_PART_STATS && t != pid && !(priv & MF_PRIV_READ_STATS) ? HC_DENIED :
				       buf_ok(pid, a[1], need, true) ? HC_OK : HC_BAD_ADDRESS;

			check(r0 == want, "call 0x%x id %llu buffer 0x%llx len 0x%llx by %u: %lld, model %lld", call,
			      (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2], pid,
			      (long long)r0, (long long)want);
			if (r0 != HC_OK)
				break;
			check(r[1] == need, "record size %llu", (unsigned long long)r[1]);
			al.who = (int)pid;
			al.ga = a[1];
			al.len = need;
			if (call == HC_PART_INFO) {
				struct hc_part_info info;

				if (part_guest_read(part_find(pid), a[1], &info, sizeof(info)))
					check(0, "record not readable");
				check(info.id == t && info.state == (uint32_t)st1[t] && info.nvcpus == 1 &&
				      info.privileges == m.part[t].privileges && !strcmp(info.name, m.part[t].name),
				      "info record of %u", t);
			} else {
				struct hc_part_stats rec;

				if (part_guest_read(part_find(pid), a[1], &rec, sizeof(rec)))
					check(0, "record not readable");
				check(rec.exits[VCPU_EXIT_HYPERCALL] == hc_made[t] && rec.exits[7] == 0,
				      "stats record of %u: %llu hypercalls, model %llu", t,
				      (unsigned long long)rec.exits[VCPU_EXIT_HYPERCALL], (unsigned long long)hc_made[t]);
			}
			break;
		}
		case HC_PART_STOP:
		case HC_PART_RESTART:
			check(r0 != HC_OK || t == pid || (priv & (call == HC_PART_STOP ? MF_PRIV_STOP : MF_PRIV_RESTART)),
			      "call 0x%x on %u by %u succeeded without privilege", call, t, pid);
			break;
		case HC_DIRTY_GET:
			if (r0 == HC_OK) {
				check(!(a[2] & 7) && buf_ok(pid, a[2], r[1], true) && r[1] <= a[3],
				      "dirty get into 0x%llx len 0x%llx wrote %llu", (unsigned long long)a[2],
				      (unsigned long long)a[3], (unsigned long long)r[1]);
				al.who = (int)pid;
				al.ga = a[2];
				al.len = r[1];
			}
			break;
		case HC_CHANNEL_RING: {
			const struct mf_channel *c = a[0] < m.nchannels ? &m.chan[a[0]] : NULL;
			bool peer = false;
			unsigned int want = 0;

			for (unsigned int j = 0; c && j < c->npeers; j++)
				peer |= c->peer[j].part == pid;
			check(r0 == (!c ? HC_INVALID : !peer ? HC_DENIED : HC_OK), "ring %llu by %u: %lld",
			      (unsigned long long)a[0], pid, (long long)r0);
			for (unsigned int j = 0; r0 == HC_OK && j < c->npeers; j++)
				want += c->peer[j].part != pid && c->peer[j].has_doorbell && st0[c->peer[j].part] == PART_RUNNING;
			check(r[1] == want && fk.npulses - npulses0 == (npulses0 + want > 16 ? 16 - npulses0 : want),
			      "ring %llu by %u signalled %llu, model %u", (unsigned long long)a[0], pid,
			      (unsigned long long)r[1], want);
			for (unsigned int k = (unsigned int)npulses0; k < fk.npulses; k++) {
				unsigned int to = fk.pulses[k] >> 16, irq = fk.pulses[k] & 0xffff;
				bool ok = false;

				for (unsigned int j = 0; j < c->npeers; j++)
					ok |= c->peer[j].part == to && to != pid && c->peer[j].has_doorbell &&
					      c->peer[j].doorbell == irq;
				check(ok, "doorbell %u pended in %u", irq, to);
			}
			break;
		}
		default:
			break;
		}
	}
	if (ran && !got)
		/* No result: only a call that stopped or restarted its own caller ends so. */
		check((call == HC_PART_STOP || call == HC_PART_RESTART) && t == pid, "call 0x%x by %u did not complete",
		      call, pid);
	if (fk.npulses != npulses0)
		check(call == HC_CHANNEL_RING, "doorbells without a ring");

	/* Other partitions: state, restarts and stage-2 change only with the privilege for this very call. */
	for (unsigned int i = 0; i < NP; i++) {
		bool may_stop = call == HC_PART_STOP && t == i && (i == pid || (priv & MF_PRIV_STOP));
		bool may_restart = call == HC_PART_RESTART && t == i && (i == pid || (priv & MF_PRIV_RESTART));
		bool may_log = (call == HC_DIRTY_START || call == HC_DIRTY_GET || call == HC_DIRTY_STOP) && t == i &&
			       (i == pid || (priv & MF_PRIV_READ_DIRTY_LOG));

		if (st1[i] != st0[i] || al.restarted[i])
			check(may_stop || may_restart, "partition %u went %d -> %d (restarts %llu -> %llu) by call 0x%x of %u",
			      i, st0[i], st1[i], (unsigned long long)rs0[i], (unsigned long long)part_find(i)->restarts,
			      call, pid);
		if (i != pid && !may_log && !may_stop && !may_restart)
			check(s2_digest(i) == dig0[i], "partition %u's stage-2 changed by call 0x%x of %u", i, call, pid);
	}
	shadow_check(&al);
	shadow_free();
}

static void do_store(struct fz *f, unsigned int pid)
{
	uint64_t ga = pick(f) & ~7ull, pa = 0, aborts0;
	struct fake_step s = { F_STORE, { ga, 8, fz_u64(f) } };
	struct partition *p = part_find(pid);
	struct fake_vcpu *fv;
	struct allow al;
	struct vcpu_stats st;
	unsigned int prot = 0;

	memset(&al, 0, sizeof(al));
	al.who = (int)pid;
	al.ga = ga;
	al.len = 8;
	for (unsigned int r = 0; r < m.part[pid].nmem; r++) {
		const struct mf_mem *mm = &m.part[pid].mem[r];

		if (mm->lazy)
			for (unsigned int k = 0; k < mm->size / 0x1000 && k < 64; k++)
				al.lazy_mapped[pid][k] = fake_translate(p, mm->gpa + k * 0x1000ull, NULL, NULL) != 0;
	}
	/* A shared channel page: the store lands in the channel. */
	if (!fake_translate(p, ga, &pa, &prot) && (prot & PT_W)) {
		al.store_pa_ok = 1;
		al.store_pa = pa;
	}
	memset(&st, 0, sizeof(st));
	part_stats(p, &st);
	aborts0 = st.aborts;
	shadow_take();
	if (run_step(pid, s, &fv) && fv) {
		if (trace)
			fprintf(stderr, "op %u: p%u store 0x%llx: result %u\n", opn, pid, (unsigned long long)ga,
				fv->res[0]);
		memset(&st, 0, sizeof(st));
		part_stats(p, &st);
		check(st.aborts - aborts0 == (fv->res[0] == FAKE_RES_ABORT), "store to 0x%llx: %llu aborts, result %u",
		      (unsigned long long)ga, (unsigned long long)(st.aborts - aborts0), fv->res[0]);
		if (fv->res[0] == FAKE_RES_DONE && !al.store_pa_ok && !fake_translate(p, ga, &pa, &prot)) {
			al.store_pa_ok = 1;	/* mapped by the fault (lazy, dirty log) */
			al.store_pa = pa;
		}
	}
	shadow_check(&al);
	shadow_free();
}

static void do_host(struct fz *f)
{
	uint8_t b = fz_u8(f);
	struct partition *p = part_find((b >> 1) % NP);

	/* The operator (or a test) stops or restarts a partition, so calls can go on. */
	if (b & 1)
		(void)part_restart(p, "fuzz");
	else
		(void)part_stop(p, "fuzz");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("CMOCKA_TEST_ABORT", "1", 1);	/* a failed assertion in the fake arch aborts */
	trace = getenv("FUZZ_TRACE") != NULL;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	unsigned int priv[NP];
	uint8_t pb = fz_u8(&f);

	for (unsigned int i = 0; i < NP; i++)
		priv[i] = (pb >> (i == 0 ? 0 : i == 1 ? 4 : 2)) & (i == 2 ? 3 : 15);
	setup(priv);
	fake_boot(&m);
	memset(hc_made, 0, sizeof(hc_made));
	for (unsigned int i = 0; i < NP; i++)
		fake_run(i == 0 ? 0 : 1);	/* everyone idles */
	for (opn = 0; !fz_done(&f) && opn < 64; opn++) {
		uint8_t op = fz_u8(&f);
		unsigned int pid = (op & 3) % NP;

		if ((op & 3) == 3)
			do_host(&f);
		else if (op & 0x80)
			do_store(&f, pid);
		else
			do_hypercall(&f, pid);
		for (unsigned int i = 0; i < NP; i++) {
			struct vcpu_stats st;

			memset(&st, 0, sizeof(st));
			part_stats(part_find(i), &st);
			check(st.exits[VCPU_EXIT_HYPERCALL] == hc_made[i],
			      "partition %u: %llu hypercall exits, model %llu", i,
			      (unsigned long long)st.exits[VCPU_EXIT_HYPERCALL], (unsigned long long)hc_made[i]);
		}
	}
	/* Give the vCPUs' fake state back (as fake_setup() would), so no input leaks. */
	for (unsigned int i = 0; i < NP; i++) {
		struct partition *p = part_find(i);

		for (unsigned int j = 0; j < p->nvcpus; j++) {
			free(p->vcpu[j].arch);
			p->vcpu[j].arch = NULL;
		}
	}
	fake_teardown();
	return 0;
}
