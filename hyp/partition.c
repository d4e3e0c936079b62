// SPDX-License-Identifier: MIT
/*
 * Partitions (see hyp/partition.h): slots set up from the manifest, the
 * contents (stage-2 table, RAM backing, images, passthrough devices, arch
 * state, vCPUs) built and torn down as a unit, the life-cycle state machine,
 * fault policies, the MMIO bus, stage-2 fault handling and checked guest
 * memory access.
 *
 * Contents are built in steps that each record what they did, so a failure
 * at any step is undone by the same teardown that destroy and restart use:
 * every frame taken from the pool goes back.
 */
#include <string.h>
#include "hyp/partition.h"
#include "hyp/sched.h"
#include "hyp/vcons.h"
#include "hyp/log.h"
#include "mm/frame.h"

static struct partition parts[PART_MAX];
static unsigned int nparts;
static struct part_env env;
static bool env_ready;
static const struct manifest *mfst;	/* the manifest part_system_init() was given */

/*
 * Shared-memory channels: backed once at part_system_init() and kept for
 * the life of the system (a peer's restart must not lose what the other
 * peers wrote, and must not free memory others still map); each peer's
 * contents map the channel at its guest base when they are built.
 */
struct part_chan {
	hpa_t hpa;
	uint64_t size;
	bool from_pool;
};
static struct part_chan chans[MF_MAX_CHANNELS];
static unsigned int nchans;
static bool parts_written;	/* parts[] no longer as .bss left it */

/* Legal transitions: bit `to` set in allowed[from]. */
static const uint8_t allowed[PART_NSTATES] = {
	[PART_EMPTY] = 1u << PART_CREATED,
	[PART_CREATED] = 1u << PART_RUNNING | 1u << PART_EMPTY,
	[PART_RUNNING] = 1u << PART_HALTED | 1u << PART_CRASHED | 1u << PART_CREATED,
	[PART_HALTED] = 1u << PART_CREATED | 1u << PART_EMPTY,
	[PART_CRASHED] = 1u << PART_CREATED | 1u << PART_EMPTY,
};

static const char *const state_names[PART_NSTATES] = {
	"empty", "created", "running", "halted", "crashed",
};

bool part_transition_ok(enum part_state from, enum part_state to)
{
	if ((unsigned int)from >= PART_NSTATES || (unsigned int)to >= PART_NSTATES)
		return false;
	return (allowed[from] >> to) & 1;
}

const char *part_state_name(enum part_state s)
{
	return (unsigned int)s < PART_NSTATES ? state_names[s] : "?";
}

enum part_state part_state(const struct partition *p)
{
	return READ_ONCE(p->state);
}

/* Change state; every caller checked legality first, so an illegal one is our bug. */
static void set_state(struct partition *p, enum part_state to)
{
	BUG_ON(!part_transition_ok(p->state, to));
	WRITE_ONCE(p->state, to);
}

const struct part_env *part_env(void)
{
	return env_ready ? &env : NULL;
}

const struct manifest *part_manifest(void)
{
	return mfst;
}

struct partition *part_find(unsigned int id)
{
	return id < nparts ? &parts[id] : NULL;
}

unsigned int part_count(void)
{
	return nparts;
}

/* ---- Frames -------------------------------------------------------------- */

static int pool_alloc(void *ctx, unsigned nframes, uint64_t align, hpa_t *pa)
{
	return frame_alloc(ctx, nframes, align, pa) ? -1 : 0;
}

static void pool_free(void *ctx, hpa_t pa, unsigned nframes)
{
	frame_free(ctx, pa, nframes);
}

static struct pt_alloc pool_ops(void)
{
	return (struct pt_alloc){ pool_alloc, pool_free, env.pool };
}

/* ---- Channels ------------------------------------------------------------ */

static void chans_release(void)
{
	for (unsigned int i = 0; i < nchans; i++)
		if (chans[i].from_pool)
			frame_free(env.pool, chans[i].hpa, (unsigned int)(chans[i].size >> PAGE_SHIFT));
	nchans = 0;
}

/* Back every channel: zeroed, visible to caches-off guests. Boot CPU, env set. */
static int chans_init(const struct manifest *m)
{
	nchans = 0;
	if (m->nchannels > MF_MAX_CHANNELS)
		return -PART_EINVAL;
	for (unsigned int i = 0; i < m->nchannels; i++) {
		const struct mf_channel *mc = &m->chan[i];
		struct part_chan *c = &chans[i];
		uint64_t frames = mc->size >> PAGE_SHIFT;

		if (!frames || frames > UINT32_MAX || !is_aligned(mc->size | mc->hpa, PAGE_SIZE)) {
			chans_release();
			return -PART_EINVAL;
		}
		c->size = mc->size;
		c->from_pool = !mc->fixed_hpa;
		if (mc->fixed_hpa) {
			c->hpa = hpa(mc->hpa);
			mm_zero_frames(c->hpa, frames);
		} else if (frame_alloc(env.pool, (unsigned int)frames, PAGE_SIZE, &c->hpa)) {
			log_printf("bulkhead: channel \"%s\": out of memory for %llu KiB\n", mc->name,
				   (unsigned long long)(mc->size >> 10));
			chans_release();
			return -PART_ENOMEM;
		}
		mm_sync_guest_frames(c->hpa, c->size, false);
		nchans = i + 1;
	}
	return 0;
}

static int map_range(struct partition *p, uint64_t gpa_, hpa_t pa, uint64_t size, unsigned int prot);

/* Map p's side of every channel it is a peer of (never executable). Mmu lock held. */
static int chans_map(struct partition *p)
{
	int ret = 0;

	for (unsigned int i = 0; i < nchans && !ret; i++) {
		const struct mf_channel *mc = &mfst->chan[i];

		for (unsigned int j = 0; j < mc->npeers && j < MF_MAX_PEERS && !ret; j++)
			if (mc->peer[j].part == p->id)
				ret = map_range(p, mc->peer[j].gpa, chans[i].hpa, chans[i].size,
						PT_R | (mc->peer[j].writable ? PT_W : 0));
	}
	return ret;
}

/* ---- Slots --------------------------------------------------------------- */

int part_system_init(const struct part_env *e, const struct manifest *m)
{
	unsigned int i, j;
	int ret;

	if (!e || !e->pool || !e->vmids || !m || !e->ncpus || e->ncpus > SCHED_MAX_CPUS ||
	    m->nparts > PART_MAX) {
		log_printf("bulkhead: partitions: bad environment\n");
		return -PART_EINVAL;
	}
	env = *e;
	mfst = m;
	/* The first call finds the array as .bss left it, zero; later calls (host tests) clear it. */
	if (parts_written)
		memset(parts, 0, sizeof(parts));
	parts_written = true;
	nparts = 0;
	if (sched_init(e->ncpus))
		return -PART_EINVAL;
	for (i = 0; i < m->nparts; i++) {
		struct partition *p = &parts[i];
		const struct mf_partition *mp = &m->part[i];

		p->id = i;
		p->mf = mp;
		p->cons = -1;
		p->state = PART_EMPTY;
		if (mp->nvcpus == 0 || mp->nvcpus > MF_MAX_VCPUS) {
			log_printf("bulkhead: partition \"%s\": %u vCPUs not supported\n", mp->name, mp->nvcpus);
			return -PART_EINVAL;
		}
		p->nvcpus = mp->nvcpus;
		for (j = 0; j < mp->nvcpus; j++) {
			struct vcpu *v = &p->vcpu[j];

			v->part = p;
			v->idx = j;
			v->pcpu = mp->pcpu[j];
			v->exit.reason = VCPU_EXIT_NONE;
			if (v->pcpu >= e->ncpus || sched_attach(v)) {
				log_printf("bulkhead: partition \"%s\": vCPU %u: cpu %u cannot run vCPUs\n",
					   mp->name, j, v->pcpu);
				return -PART_EINVAL;
			}
		}
		if (mp->vmid && vmid_pin(e->vmids, &p->vmid, mp->vmid)) {
			log_printf("bulkhead: partition \"%s\": cannot pin vmid %u\n", mp->name, mp->vmid);
			return -PART_EINVAL;
		}
		if (e->cons)
			p->cons = vcons_add(e->cons, mp->name);
		nparts = i + 1;
	}
	ret = chans_init(m);
	if (ret) {
		log_printf("bulkhead: partitions: channels cannot be set up\n");
		return ret;
	}
	/* The manifest's console_input partition has the input focus first (hyp/vcons.h). */
	if (e->cons && m->console_input < m->nparts && parts[m->console_input].cons >= 0) {
		spin_lock(&e->cons->lock);
		e->cons->focus = (unsigned int)parts[m->console_input].cons;
		spin_unlock(&e->cons->lock);
	}
	env_ready = true;
	return 0;
}

/* ---- Contents ------------------------------------------------------------ */

static unsigned int access_prot(unsigned int acc)
{
	return ((acc & MF_ACC_R) ? PT_R : 0) | ((acc & MF_ACC_W) ? PT_W : 0) |
	       ((acc & MF_ACC_X) ? PT_X : 0);
}

/* Copy len bytes from src to host memory at pa, page by page (a fixed region may span host mappings). */
static void phys_copy(hpa_t pa, const uint8_t *src, uint64_t len)
{
	while (len) {
		uint64_t n = PAGE_SIZE - (pa.v & (PAGE_SIZE - 1));

		if (n > len)
			n = len;
		mm_copy_to_frames(pa, src, n);
		src += n;
		pa.v += n;
		len -= n;
	}
}

/* Fill the cache for need, then map. Caller holds the mmu lock. */
static int map_range(struct partition *p, uint64_t gpa_, hpa_t pa, uint64_t size, unsigned int prot)
{
	struct pt_need need;
	struct pt_alloc a = pool_ops();

	pt_need_map(&p->pt, gpa(gpa_), pa, size, &need);
	if (pt_cache_topup(&p->cache, &a, &need))
		return -PART_ENOMEM;
	if (prot & PT_DEV)
		return pt_map_device(&p->pt, &p->cache, gpa(gpa_), pa, size, prot & PT_W) ? -PART_EINVAL : 0;
	return pt_map(&p->pt, &p->cache, gpa(gpa_), pa, size, prot) ? -PART_EINVAL : 0;
}

/*
 * Stop dirty logging on every slot (its bitmap frames go back to the pool)
 * and forget slots and tracking records. Mmu lock held, tree still live.
 */
static void slots_release(struct partition *p)
{
	struct pt_alloc a = pool_ops();

	for (unsigned int i = 0; i < p->slots.n; i++) {
		struct memslot *slot = memslot_nth(&p->slots, i);
		struct pt_need need;

		if (slot->dirty_mode == DIRTY_MODE_OFF)
			continue;
		dirty_need_disable(&p->s2, slot, &need);
		if (pt_cache_topup(&p->cache, &a, &need) || dirty_log_disable(&p->s2, &p->cache, slot))
			log_printf("bulkhead: partition \"%s\": out of memory stopping dirty logging: "
				   "its bitmap frames are lost\n", p->mf->name);
	}
	memslots_init(&p->slots);
	pagetrack_init(&p->track, p->track_rec, PART_MAX_TRACK);
}

static void contents_destroy(struct partition *p)
{
	struct pt_alloc a = pool_ops();
	unsigned int i;

	/* Other CPUs test runnability locklessly: power off before the state goes. */
	for (i = 0; i < p->nvcpus; i++)
		WRITE_ONCE(p->vcpu[i].on, false);
	for (i = 0; i < p->nvcpus; i++) {
		struct vcpu *v = &p->vcpu[i];

		if (v->arch)
			arch_vcpu_destroy(v);
		WRITE_ONCE(v->arch, NULL);
		WRITE_ONCE(v->wfi, false);
	}
	if (p->arch_live)
		arch_part_fini(p);
	p->arch_live = false;
	spin_lock(&p->mmu_lock);
	if (p->pt_live)
		slots_release(p);
	if (p->pt_live)
		pt_destroy(&p->pt);
	p->pt_live = false;
	pt_cache_drain(&p->cache, &a);
	for (i = 0; i < p->nram; i++) {
		struct part_ram *r = &p->ram[i];

		if (r->backed && r->from_pool)
			frame_free(env.pool, r->hpa, (unsigned int)(r->size >> PAGE_SHIFT));
		r->backed = false;
	}
	p->nram = 0;
	p->nmmio = 0;
	spin_unlock(&p->mmu_lock);
}

/* Back one RAM region: contiguous frames, aligned for block mappings when large. */
static int ram_back(struct part_ram *r, const struct mf_mem *m)
{
	uint64_t frames = m->size >> PAGE_SHIFT;
	uint64_t align = PAGE_SIZE;

	r->gpa = m->gpa;
	r->size = m->size;
	r->prot = access_prot(m->access);
	r->lazy = m->lazy;
	if (m->fixed_hpa) {
		r->hpa = hpa(m->hpa);
		r->from_pool = false;
		r->backed = true;
		return 0;
	}
	if (!frames || frames > UINT32_MAX)
		return -PART_EINVAL;
	if (m->size >= (2ull << 20) && is_aligned(m->gpa, 2ull << 20))
		align = 2ull << 20;
	/* Uninitialised: ram_populate() zeroes what it maps, page_fix() lazy pages at first touch. */
	if (frame_alloc_uninit(env.pool, (unsigned int)frames, align, &r->hpa) &&
	    (align == PAGE_SIZE || frame_alloc_uninit(env.pool, (unsigned int)frames, PAGE_SIZE, &r->hpa)))
		return -PART_ENOMEM;
	r->from_pool = true;
	r->backed = true;
	return 0;
}

static struct part_ram *ram_find(struct partition *p, uint64_t gpa_)
{
	for (unsigned int i = 0; i < p->nram; i++)
		if (gpa_ >= p->ram[i].gpa && gpa_ - p->ram[i].gpa < p->ram[i].size)
			return &p->ram[i];
	return NULL;
}

/*
 * RAM contents. A page of partition RAM is mapped only once it holds what
 * the partition may see: zeroes, or an image's bytes. Eager regions are
 * populated and mapped whole at creation; in lazy regions the pages an
 * image touches are populated and mapped at creation, every other page is
 * zeroed by page_fix() at its first touch, just before it is mapped. So an
 * unmapped page of a lazy region has never been seen by the partition (no
 * path unmaps partition RAM short of destroying the contents), and no byte
 * of a previous owner can reach the guest. mm_sync_guest_frames() then
 * makes the bytes visible to a guest running with its caches off.
 */

/* Page-aligned ranges [start, end) (region offsets), sorted and merged. */
struct page_runs {
	unsigned int n;
	uint64_t start[MF_MAX_IMAGES], end[MF_MAX_IMAGES];
};

static void runs_add(struct page_runs *rs, uint64_t start, uint64_t end)
{
	unsigned int i = rs->n, j;

	if (start >= end)
		return;
	while (i > 0 && rs->start[i - 1] > start) {
		rs->start[i] = rs->start[i - 1];
		rs->end[i] = rs->end[i - 1];
		i--;
	}
	rs->start[i] = start;
	rs->end[i] = end;
	rs->n++;
	/* Merge overlapping or touching neighbours. */
	for (i = 0, j = 0; i < rs->n; i++) {
		if (j && rs->start[i] <= rs->end[j - 1]) {
			if (rs->end[i] > rs->end[j - 1])
				rs->end[j - 1] = rs->end[i];
			continue;
		}
		rs->start[j] = rs->start[i];
		rs->end[j] = rs->end[i];
		j++;
	}
	rs->n = j;
}

/* Zero the pages of [from, to) of region r except those inside a run of skip. */
static void zero_except(const struct part_ram *r, uint64_t from, uint64_t to, const struct page_runs *skip)
{
	for (unsigned int i = 0; i <= skip->n && from < to; i++) {
		uint64_t stop = i < skip->n ? skip->start[i] : to;

		if (stop > to)
			stop = to;
		if (stop > from)
			mm_zero_frames(hpa(r->hpa.v + from), (stop - from) >> PAGE_SHIFT);
		if (i < skip->n && skip->end[i] > from)
			from = skip->end[i];
	}
}

/*
 * Zero, fill with its images, make visible and map what of region r is
 * mapped at creation (see above). Images were checked to lie inside one
 * region each. Mmu lock held.
 */
static int ram_populate(struct partition *p, struct part_ram *r)
{
	const struct mf_partition *mp = p->mf;
	struct page_runs touched = { 0 }, covered = { 0 };
	unsigned int i;
	int ret = 0;

	for (i = 0; i < mp->nimages; i++) {
		const struct mf_image *im = &mp->image[i];
		uint64_t off;

		if (im->load < r->gpa || im->load - r->gpa >= r->size)
			continue;
		off = im->load - r->gpa;
		runs_add(&touched, align_down(off, PAGE_SIZE), align_up(off + im->size, PAGE_SIZE));
		runs_add(&covered, align_up(off, PAGE_SIZE), align_down(off + im->size, PAGE_SIZE));
	}
	/* Zero: an eager region whole, a lazy one the pages its images touch; not what an image fills. */
	if (!r->lazy)
		zero_except(r, 0, r->size, &covered);
	else
		for (i = 0; i < touched.n; i++)
			zero_except(r, touched.start[i], touched.end[i], &covered);
	for (i = 0; i < mp->nimages; i++) {
		const struct mf_image *im = &mp->image[i];

		if (im->load >= r->gpa && im->load - r->gpa < r->size)
			phys_copy(hpa(r->hpa.v + (im->load - r->gpa)), im->data, im->size);
	}
	if (!r->lazy) {
		mm_sync_guest_frames(r->hpa, r->size, r->prot & PT_X);
		return map_range(p, r->gpa, r->hpa, r->size, r->prot);
	}
	for (i = 0; i < touched.n && !ret; i++) {
		uint64_t len = touched.end[i] - touched.start[i];

		mm_sync_guest_frames(hpa(r->hpa.v + touched.start[i]), len, r->prot & PT_X);
		ret = map_range(p, r->gpa + touched.start[i], hpa(r->hpa.v + touched.start[i]), len, r->prot);
	}
	return ret;
}

static int contents_build(struct partition *p)
{
	const struct mf_partition *mp = p->mf;
	const struct pt_fmt *fmt;
	unsigned int ia_bits, cfg, i;
	struct pt_alloc a = pool_ops();
	int ret;

	if (arch_part_s2_config(mp->ipa_bits, &fmt, &ia_bits, &cfg) || !fmt || ia_bits < mp->ipa_bits ||
	    mp->nmem > MF_MAX_MEM || mp->nimages > MF_MAX_IMAGES || mp->ndevices > MF_MAX_DEVICES ||
	    mp->nboot_args > MF_MAX_BOOT_ARGS)
		return -PART_EINVAL;
	spin_lock(&p->mmu_lock);
	ret = pt_create(&p->pt, fmt, ia_bits, cfg, &a);
	if (ret) {
		spin_unlock(&p->mmu_lock);
		return ret == -PT_ENOMEM ? -PART_ENOMEM : -PART_EINVAL;
	}
	p->pt_live = true;
	memslots_init(&p->slots);
	pagetrack_init(&p->track, p->track_rec, PART_MAX_TRACK);
	s2_space_init(&p->s2, &p->pt, &p->slots, &p->track);
	for (i = 0; i < mp->nmem && !ret; i++) {
		ret = ram_back(&p->ram[i], &mp->mem[i]);
		p->nram = i + 1;
		if (!ret && memslot_insert(&p->slots, p->ram[i].gpa >> PAGE_SHIFT, p->ram[i].size >> PAGE_SHIFT,
					   p->ram[i].hpa, (p->ram[i].prot & PT_W) ? 0 : MEMSLOT_READONLY, NULL))
			ret = -PART_EINVAL;
	}
	/* Images: each must lie inside one region (the manifest checked; check again). */
	for (i = 0; i < mp->nimages && !ret; i++) {
		const struct mf_image *im = &mp->image[i];
		struct part_ram *r = ram_find(p, im->load);

		if (!r || !im->data || !im->size || im->size > r->size - (im->load - r->gpa))
			ret = -PART_EINVAL;
	}
	for (i = 0; i < p->nram && !ret; i++)
		ret = ram_populate(p, &p->ram[i]);
	for (i = 0; i < mp->ndevices && !ret; i++)
		ret = map_range(p, mp->dev[i].gpa, hpa(mp->dev[i].hpa), mp->dev[i].size, PT_R | PT_W | PT_DEV);
	if (!ret)
		ret = chans_map(p);
	spin_unlock(&p->mmu_lock);
	if (ret)
		goto fail;
	for (i = 0; i < p->nvcpus; i++)
		p->vcpu[i].s2_root = pt_root_reg(&p->pt);
	if (arch_part_init(p)) {
		p->arch_live = true;	/* fini undoes a partial init too */
		ret = -PART_EINVAL;	/* its configuration (e.g. an emulated device's place), said in the log */
		goto fail;
	}
	p->arch_live = true;
	for (i = 0; i < p->nvcpus; i++) {
		struct vcpu *v = &p->vcpu[i];

		if (arch_vcpu_create(v)) {
			ret = -PART_ENOMEM;
			goto fail;
		}
		v->exit.reason = VCPU_EXIT_NONE;
		v->exit.resume = VCPU_RESUME_AS_IS;
		v->on = false;
		v->wfi = false;
		v->yield = false;
	}
	arch_vcpu_reset(&p->vcpu[0], mp->entry, mp->boot_arg, mp->nboot_args);
	return 0;
fail:
	contents_destroy(p);
	return ret;
}

/* ---- Life cycle ---------------------------------------------------------- */

static void kick_running(struct partition *p)
{
	unsigned int me = arch_cpu_id();

	for (unsigned int i = 0; i < p->nvcpus; i++)
		if (p->vcpu[i].loaded && p->vcpu[i].pcpu != me)
			arch_cpu_kick(p->vcpu[i].pcpu);
}

static void kick_powered(struct partition *p)
{
	unsigned int me = arch_cpu_id();

	for (unsigned int i = 0; i < p->nvcpus; i++)
		if (p->vcpu[i].on && p->vcpu[i].pcpu != me)
			arch_cpu_kick(p->vcpu[i].pcpu);
}

int part_create(struct partition *p)
{
	int ret;

	if (!env_ready || !p)
		return -PART_EINVAL;
	spin_lock(&p->lock);
	/* Only an empty slot: HALTED/CRASHED -> CREATED is a restart (contents exist). */
	if (p->state != PART_EMPTY) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	ret = contents_build(p);
	if (!ret)
		set_state(p, PART_CREATED);
	spin_unlock(&p->lock);
	if (ret)
		log_printf("bulkhead: partition \"%s\": cannot be created (%s)\n", p->mf->name,
			   ret == -PART_ENOMEM ? "out of memory" : "configuration not supported");
	return ret;
}

/* CREATED -> RUNNING with the lock held. */
static void start_locked(struct partition *p)
{
	set_state(p, PART_RUNNING);
	p->vcpu[0].on = true;
	kick_powered(p);
}

int part_start(struct partition *p)
{
	spin_lock(&p->lock);
	if (p->state != PART_CREATED) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	start_locked(p);
	spin_unlock(&p->lock);
	return 0;
}

static void log_event(struct partition *p, const char *why, const char *what)
{
	log_printf("bulkhead: partition \"%s\": %s: %s\n", p->mf->name, why ? why : "request", what);
}

/* The fault policy's "restarting" line, rate-limited (PART_CRASH_LOG_*). Lock held. */
static void crash_log(struct partition *p, const char *why)
{
	uint64_t now = arch_timer_now_ns();

	if (p->crash_log_refill_ns == 0) {		/* first crash */
		p->crash_log_tokens = PART_CRASH_LOG_BURST;
		p->crash_log_refill_ns = now + PART_CRASH_LOG_PERIOD_NS;
	}
	while (now >= p->crash_log_refill_ns && p->crash_log_tokens < PART_CRASH_LOG_BURST) {
		p->crash_log_tokens++;
		p->crash_log_refill_ns += PART_CRASH_LOG_PERIOD_NS;
	}
	if (now >= p->crash_log_refill_ns)	/* full: the period starts again from now */
		p->crash_log_refill_ns = now + PART_CRASH_LOG_PERIOD_NS;
	if (!p->crash_log_tokens) {
		p->crash_log_suppressed++;
		return;
	}
	p->crash_log_tokens--;
	if (p->crash_log_suppressed)
		log_printf("bulkhead: partition \"%s\": %s: restarting (%llu more crash restarts were not logged)\n",
			   p->mf->name, why ? why : "request", (unsigned long long)p->crash_log_suppressed);
	else
		log_event(p, why, "restarting");
	p->crash_log_suppressed = 0;
}

int part_stop(struct partition *p, const char *why)
{
	spin_lock(&p->lock);
	if (p->state != PART_RUNNING) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	set_state(p, PART_HALTED);
	kick_running(p);
	spin_unlock(&p->lock);
	if (p->cons >= 0 && env.cons)
		vcons_flush(env.cons, (unsigned int)p->cons);
	log_event(p, why, "halted");
	return 0;
}

/*
 * Rebuild now (lock held, no vCPU loaded): a running partition first goes to
 * `stopped` (HALTED for a requested restart, CRASHED for a fault policy),
 * then -> CREATED -> RUNNING; on failure it stays stopped.
 */
static int rebuild_locked(struct partition *p, enum part_state stopped)
{
	int ret;

	p->restart_pending = false;
	/* Lockless readers (vcpu_runnable) must not see RUNNING while contents change. */
	if (p->state == PART_RUNNING)
		set_state(p, stopped);
	contents_destroy(p);
	ret = contents_build(p);
	if (ret) {
		/* Nothing left to run: it stays stopped (halted or crashed). */
		log_printf("bulkhead: partition \"%s\": restart failed (%s): halted\n", p->mf->name,
			   ret == -PART_ENOMEM ? "out of memory" : "configuration not supported");
		return ret;
	}
	set_state(p, PART_CREATED);
	p->restarts++;
	start_locked(p);
	return 0;
}

/*
 * Stop (to `stopped`) and restart now or when the last vCPU leaves. Lock
 * held. A partition already stopped (HALTED, CRASHED) may still have vCPUs
 * on their CPUs that have not seen the stop yet: its contents must not be
 * rebuilt under them either, so it waits for them the same way.
 */
static int restart_locked(struct partition *p, enum part_state stopped)
{
	if (p->nrunning) {
		if (p->state == PART_RUNNING)
			set_state(p, stopped);
		p->restart_pending = true;
		kick_running(p);
		return 0;
	}
	return rebuild_locked(p, stopped);
}

int part_restart(struct partition *p, const char *why)
{
	int ret;

	spin_lock(&p->lock);
	if (!part_transition_ok(p->state, PART_CREATED) || p->state == PART_EMPTY || p->restart_pending) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	if (p->cons >= 0 && env.cons)
		vcons_flush(env.cons, (unsigned int)p->cons);
	log_event(p, why, "restarting");
	ret = restart_locked(p, PART_HALTED);
	spin_unlock(&p->lock);
	return ret;
}

void part_fault(struct partition *p, const char *why)
{
	spin_lock(&p->lock);
	if (p->state != PART_RUNNING) {
		spin_unlock(&p->lock);
		return;
	}
	if (p->cons >= 0 && env.cons)
		vcons_flush(env.cons, (unsigned int)p->cons);
	switch (p->mf->fault) {
	case MF_FAULT_RESTART:
		crash_log(p, why);
		(void)restart_locked(p, PART_CRASHED);
		break;
	case MF_FAULT_RESET_SYSTEM:
		log_event(p, why, "resetting the system");
		set_state(p, PART_CRASHED);
		spin_unlock(&p->lock);
		arch_system_reset();
	case MF_FAULT_HALT:
	default:
		log_event(p, why, "halted");
		set_state(p, PART_CRASHED);
		kick_running(p);
		break;
	}
	spin_unlock(&p->lock);
}

int part_destroy(struct partition *p)
{
	spin_lock(&p->lock);
	if (!part_transition_ok(p->state, PART_EMPTY)) {
		spin_unlock(&p->lock);
		return -PART_ESTATE;
	}
	if (p->nrunning) {
		spin_unlock(&p->lock);
		return -PART_EBUSY;
	}
	contents_destroy(p);
	p->restart_pending = false;
	set_state(p, PART_EMPTY);
	spin_unlock(&p->lock);
	return 0;
}

bool part_vcpu_get(struct vcpu *v)
{
	struct partition *p = v->part;
	bool flush = false;
	uint32_t id;

	spin_lock(&p->lock);
	if (p->state != PART_RUNNING || !v->on || v->loaded) {
		spin_unlock(&p->lock);
		return false;
	}
	p->nrunning++;
	v->loaded = true;
	/*
	 * Once per stay on the CPU is enough: the tag scheme keeps the ids that
	 * CPUs are running across a rollover (hyp/vmid.h), so this CPU's id
	 * stays valid until it next loads a vCPU.
	 */
	id = vmid_get(env.vmids, &p->vmid, v->pcpu, &flush);
	v->hw_vmid = id;
	v->flush_local |= flush;
	__atomic_store_n(&p->pt.tag, (uint16_t)id, __ATOMIC_RELAXED);
	spin_unlock(&p->lock);
	return true;
}

void part_vcpu_put(struct vcpu *v)
{
	struct partition *p = v->part;

	spin_lock(&p->lock);
	BUG_ON(!v->loaded || !p->nrunning);
	v->loaded = false;
	p->nrunning--;
	if (!p->nrunning && p->restart_pending)
		(void)rebuild_locked(p, PART_HALTED);	/* already stopped: the state stands */
	spin_unlock(&p->lock);
}

unsigned int part_boot_all(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nparts; i++) {
		struct partition *p = &parts[i];

		if (part_create(p))
			continue;
		if (part_start(p))
			continue;
		log_printf("bulkhead: partition \"%s\": started (%u vCPU%s)\n", p->mf->name, p->nvcpus,
			   p->nvcpus == 1 ? "" : "s");
		n++;
	}
	return n;
}

bool part_is_any_alive(void)
{
	for (unsigned int i = 0; i < nparts; i++) {
		struct partition *p = &parts[i];
		bool alive;

		spin_lock(&p->lock);
		alive = p->state == PART_RUNNING || p->state == PART_CREATED || p->restart_pending;
		spin_unlock(&p->lock);
		if (alive)
			return true;
	}
	return false;
}

/* ---- MMIO bus ------------------------------------------------------------ */

int part_mmio_register(struct partition *p, uint64_t base, uint64_t size,
		       const struct mmio_ops *ops, void *ctx)
{
	const struct mf_partition *mp = p->mf;
	const char *why = "overlaps the partition's memory, devices, channels or another emulated device";
	unsigned int i;
	int ret = -PART_EINVAL;

	if (!ops || !size || !range_ok(base, size) || !is_aligned(base, 4) ||
	    (mp->ipa_bits < 64 && (base >> mp->ipa_bits || (base + size - 1) >> mp->ipa_bits)))
		return -PART_EINVAL;
	spin_lock(&p->mmu_lock);
	if (p->nmmio >= PART_MAX_MMIO) {
		why = "is one too many";
		goto out;
	}
	for (i = 0; i < mp->nmem; i++)
		if (ranges_overlap(base, size, mp->mem[i].gpa, mp->mem[i].size))
			goto out;
	for (i = 0; i < mp->ndevices; i++)
		if (ranges_overlap(base, size, mp->dev[i].gpa, mp->dev[i].size))
			goto out;
	for (i = 0; i < p->nmmio; i++)
		if (ranges_overlap(base, size, p->mmio[i].base, p->mmio[i].size))
			goto out;
	for (i = 0; mfst && i < mfst->nchannels && i < MF_MAX_CHANNELS; i++)
		for (unsigned int j = 0; j < mfst->chan[i].npeers && j < MF_MAX_PEERS; j++)
			if (mfst->chan[i].peer[j].part == p->id &&
			    ranges_overlap(base, size, mfst->chan[i].peer[j].gpa, mfst->chan[i].size))
				goto out;
	p->mmio[p->nmmio] = (struct mmio_region){ base, size, ops, ctx };
	__atomic_store_n(&p->nmmio, p->nmmio + 1, __ATOMIC_RELEASE);
	ret = 0;
out:
	spin_unlock(&p->mmu_lock);
	if (ret)
		log_printf("bulkhead: partition \"%s\": emulated device at 0x%llx (%llu bytes) %s\n", mp->name,
			   (unsigned long long)base, (unsigned long long)size, why);
	return ret;
}

int part_cache_topup(struct partition *p, const struct pt_need *need)
{
	struct pt_alloc a = pool_ops();

	return pt_cache_topup(&p->cache, &a, need) ? -PART_ENOMEM : 0;
}

/* ---- Stage-2 faults and guest memory ------------------------------------- */

enum page_fix {
	PAGE_OK,	/* mapped as needed */
	PAGE_FIXED,	/* changed (mapped, or made writable): look again / re-execute */
	PAGE_EMULATED,	/* a tracked page: the write was done by s2_write_fault() */
	PAGE_BAD,	/* not the partition's to access so */
};

/*
 * Make the page of ga usable for `need` (PT_R, PT_W or PT_X) if the
 * partition may access it so: map lazy RAM, hand a write to a protected
 * page to s2_write_fault() (data/bytes: the guest's store, for tracked
 * pages; NULL/0 refuses them). Statistics go to v (NULL: a hypercall
 * buffer). Mmu lock held.
 */
static enum page_fix page_fix(struct partition *p, uint64_t ga, unsigned int need, const void *data,
			      unsigned int bytes, struct vcpu *v)
{
	struct part_ram *r = ram_find(p, ga);
	uint64_t page = align_down(ga, PAGE_SIZE), gfn = ga >> PAGE_SHIFT;
	enum s2_wf res = S2_WF_NOT_OURS;
	struct memslot *slot;
	struct pt_xlate xl;
	struct pt_need nd;
	int ret;

	if (!r || (need & ~r->prot))
		return PAGE_BAD;
	slot = memslot_find(&p->slots, gfn);
	BUG_ON(!slot);		/* every RAM region is a slot */
	if (pt_lookup(&p->pt, gpa(ga), &xl)) {
		unsigned int prot = r->prot;

		if (!r->lazy)
			return PAGE_BAD;
		/* Dirty logging or tracking wants it protected: the first write faults again. */
		if (!s2_page_may_write(&p->s2, slot, gfn))
			prot &= ~PT_W;
		/* Never seen by the partition (see ram_populate()): zero it first. */
		mm_zero_frames(hpa(r->hpa.v + (page - r->gpa)), 1);
		mm_sync_guest_frames(hpa(r->hpa.v + (page - r->gpa)), PAGE_SIZE, r->prot & PT_X);
		if (map_range(p, page, hpa(r->hpa.v + (page - r->gpa)), PAGE_SIZE, prot))
			return PAGE_BAD;
		if (v)
			v->stats.lazy_maps++;
		return PAGE_FIXED;
	}
	if (xl.prot & PT_DEV)
		return PAGE_BAD;
	/* The mapping must be this region's backing (defence in depth). */
	if (xl.pa.v != r->hpa.v + (ga - r->gpa))
		return PAGE_BAD;
	if (!(need & ~xl.prot))
		return PAGE_OK;
	if (need != PT_W)
		return PAGE_BAD;
	pt_need_edges(&p->pt, gpa(page), PAGE_SIZE, &nd);
	if (part_cache_topup(p, &nd))
		return PAGE_BAD;
	ret = s2_write_fault(&p->s2, &p->cache, gpa(ga), data, bytes, &res);
	if (res == S2_WF_EMULATED) {
		/* Done even if a tracker's handler failed: that is the tracker's business. */
		if (v)
			v->stats.wp_faults++;
		return PAGE_EMULATED;
	}
	if (ret || res != S2_WF_RETRY)
		return PAGE_BAD;
	if (v)
		v->stats.wp_faults++;
	return PAGE_FIXED;
}

static const struct mmio_region *mmio_find(const struct partition *p, uint64_t ga)
{
	unsigned int n = __atomic_load_n(&p->nmmio, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < n; i++)
		if (ga - p->mmio[i].base < p->mmio[i].size)
			return &p->mmio[i];
	return NULL;
}

enum part_s2_result part_handle_s2_fault(struct vcpu *v, struct vcpu_exit *x)
{
	struct partition *p = v->part;
	const struct mmio_region *m = mmio_find(p, x->s2.gpa);
	unsigned int need = x->s2.access & (PT_R | PT_W | PT_X);
	union { uint8_t b; uint16_t h; uint32_t w; uint64_t d; } st = { .d = 0 };
	unsigned int bytes = 1;
	enum page_fix fix;

	if (m) {
		uint64_t off = x->s2.gpa - m->base;
		unsigned int size = x->s2.size;

		/* Only decoded loads and stores that fit the device are emulated. */
		if (!x->s2.isv || (size != 1 && size != 2 && size != 4 && size != 8) ||
		    size > m->size - off || (need != PT_R && need != PT_W))
			return PART_S2_VIOLATION;
		v->stats.mmio++;
		if (need == PT_W) {
			uint64_t val = size == 8 ? x->s2.data : x->s2.data & ((1ull << (size * 8)) - 1);

			if (!m->ops->write || m->ops->write(m->ctx, off, size, val))
				return PART_S2_VIOLATION;
		} else {
			uint64_t val = 0;

			if (!m->ops->read || m->ops->read(m->ctx, off, size, &val))
				return PART_S2_VIOLATION;
			x->s2.data = size == 8 ? val : val & ((1ull << (size * 8)) - 1);
		}
		return PART_S2_EMULATED;
	}
	if (need != PT_R && need != PT_W && need != PT_X)
		return PART_S2_VIOLATION;
	/* The store as it would reach memory (native byte order), for tracked pages. */
	switch (x->s2.isv && need == PT_W ? x->s2.size : 0) {
	case 1: st.b = (uint8_t)x->s2.data; break;
	case 2: st.h = (uint16_t)x->s2.data; break;
	case 4: st.w = (uint32_t)x->s2.data; break;
	case 8: st.d = x->s2.data; break;
	default: bytes = 0; break;
	}
	if (bytes)
		bytes = x->s2.size;
	spin_lock(&p->mmu_lock);
	fix = p->pt_live ? page_fix(p, x->s2.gpa, need, bytes ? &st : NULL, bytes, v) : PAGE_BAD;
	spin_unlock(&p->mmu_lock);
	if (fix == PAGE_EMULATED)
		return PART_S2_EMULATED;
	return fix == PAGE_BAD ? PART_S2_VIOLATION : PART_S2_RETRY;
}

int part_guest_access(struct partition *p, uint64_t ga, uint64_t len, unsigned int need,
		      void (*fn)(void *ctx, void *host, size_t n), void *ctx)
{
	uint64_t a, last;
	int ret = 0;

	if (!len)
		return 0;
	if (!range_ok(ga, len) || (need != PT_R && need != PT_W))
		return -PART_EFAULT;
	last = ga + len - 1;
	spin_lock(&p->mmu_lock);
	if (!p->pt_live) {
		spin_unlock(&p->mmu_lock);
		return -PART_EFAULT;
	}
	/* Check every page first (mapping lazy ones); act only if all pass. */
	for (a = ga;; a = align_down(a, PAGE_SIZE) + PAGE_SIZE) {
		enum page_fix f = PAGE_FIXED;

		/* At most: map a lazy page, then record a dirty-logged write. */
		for (unsigned int k = 0; k < 3 && f == PAGE_FIXED; k++)
			f = page_fix(p, a, need, NULL, 0, NULL);
		if (f != PAGE_OK) {
			ret = -PART_EFAULT;
			break;
		}
		if (align_down(a, PAGE_SIZE) == align_down(last, PAGE_SIZE))
			break;
	}
	for (a = ga; !ret;) {
		struct pt_xlate xl;
		uint64_t n = PAGE_SIZE - (a & (PAGE_SIZE - 1));

		if (n > last - a + 1)
			n = last - a + 1;
		/* Checked above under the same lock: a failure here is our bug. */
		BUG_ON(pt_lookup(&p->pt, gpa(a), &xl));
		fn(ctx, mm_phys_to_virt(xl.pa), (size_t)n);
		if (a + (n - 1) == last)
			break;
		a += n;
	}
	spin_unlock(&p->mmu_lock);
	return ret;
}

struct copy_ctx {
	uint8_t *buf;
	bool to_guest;
};

static void copy_chunk(void *c, void *host, size_t n)
{
	struct copy_ctx *cc = c;

	if (cc->to_guest)
		memcpy(host, cc->buf, n);
	else
		memcpy(cc->buf, host, n);
	cc->buf += n;
}

int part_guest_write(struct partition *p, uint64_t ga, const void *src, uint64_t len)
{
	struct copy_ctx cc = { (uint8_t *)(uintptr_t)src, true };

	return part_guest_access(p, ga, len, PT_W, copy_chunk, &cc);
}

int part_guest_read(struct partition *p, uint64_t ga, void *dst, uint64_t len)
{
	struct copy_ctx cc = { dst, false };

	return part_guest_access(p, ga, len, PT_R, copy_chunk, &cc);
}

void part_stats(const struct partition *p, struct vcpu_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (unsigned int i = 0; i < p->nvcpus; i++)
		vcpu_stats_add(&p->vcpu[i], sum);
}
