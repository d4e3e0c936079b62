// SPDX-License-Identifier: MIT
/*
 * Hypercall dispatch (ABI in hyp/hypercall.h and docs/hypercalls.md). Each
 * call validates its arguments completely before it changes anything; guest
 * buffers go through part_guest_access(), which checks them against the
 * caller's own stage-2 mappings.
 */
#include <string.h>
#include "hyp/hypercall.h"
#include "hyp/arch_vcpu.h"
#include "hyp/partition.h"
#include "hyp/part_dirty.h"
#include "hyp/vcons.h"

_Static_assert(HC_STATE_EMPTY == PART_EMPTY && HC_STATE_CREATED == PART_CREATED &&
	       HC_STATE_RUNNING == PART_RUNNING && HC_STATE_HALTED == PART_HALTED &&
	       HC_STATE_CRASHED == PART_CRASHED, "hc states are the partition states");
_Static_assert(VCPU_EXIT_NR <= 8, "hc_part_stats.exits holds every exit reason");
_Static_assert(MF_NAME_MAX <= sizeof(((struct hc_part_info *)0)->name), "names fit hc_part_info");

static void set1(struct vcpu_exit *x, int64_t status, uint64_t r1)
{
	x->hc.r[0] = (uint64_t)status;
	x->hc.r[1] = r1;
	x->hc.r[2] = 0;
	x->hc.r[3] = 0;
}

struct cons_ctx {
	unsigned int idx;
};

static void cons_chunk(void *c, void *host, size_t n)
{
	const struct part_env *e = part_env();
	const uint8_t *s = host;
	struct cons_ctx *cc = c;

	for (size_t i = 0; i < n; i++)
		vcons_putc(e->cons, cc->idx, s[i]);
}

static int64_t hc_console_write(struct partition *self, uint64_t ga, uint64_t len, uint64_t *done)
{
	const struct part_env *e = part_env();
	struct cons_ctx cc;

	*done = 0;
	if (len > HC_CONSOLE_MAX)
		return HC_INVALID;
	if (self->cons < 0 || !e || !e->cons)
		return HC_NOT_SUPPORTED;
	cc.idx = (unsigned int)self->cons;
	if (part_guest_access(self, ga, len, PT_R, cons_chunk, &cc))
		return HC_BAD_ADDRESS;
	*done = len;
	return HC_OK;
}

/* The target of a call that names a partition; NULL for a bad id. */
static struct partition *target(uint64_t id)
{
	return id < part_count() ? part_find((unsigned int)id) : NULL;
}

static bool may(const struct partition *self, const struct partition *t, unsigned int priv)
{
	return self == t || (self->mf->privileges & priv);
}

static int64_t hc_part_info(struct partition *self, uint64_t id, uint64_t ga, uint64_t len, uint64_t *done)
{
	struct partition *t = target(id);
	struct hc_part_info info;

	*done = 0;
	if (!t || len < sizeof(info))
		return HC_INVALID;
	memset(&info, 0, sizeof(info));
	info.id = t->id;
	info.state = part_state(t);
	info.nvcpus = t->nvcpus;
	info.privileges = t->mf->privileges;
	info.restarts = READ_ONCE(t->restarts);
	memcpy(info.name, t->mf->name, MF_NAME_MAX);
	info.name[MF_NAME_MAX - 1] = '\0';
	if (part_guest_write(self, ga, &info, sizeof(info)))
		return HC_BAD_ADDRESS;
	*done = sizeof(info);
	return HC_OK;
}

static int64_t hc_part_stats(struct partition *self, uint64_t id, uint64_t ga, uint64_t len, uint64_t *done)
{
	struct partition *t = target(id);
	struct hc_part_stats st;
	struct vcpu_stats sum;

	*done = 0;
	if (!t || len < sizeof(st))
		return HC_INVALID;
	if (!may(self, t, MF_PRIV_READ_STATS))
		return HC_DENIED;
	part_stats(t, &sum);
	memset(&st, 0, sizeof(st));
	for (unsigned int i = 0; i < VCPU_EXIT_NR; i++)
		st.exits[i] = sum.exits[i];
	st.mmio = sum.mmio;
	st.lazy_maps = sum.lazy_maps;
	st.wp_faults = sum.wp_faults;
	st.aborts = sum.aborts;
	if (part_guest_write(self, ga, &st, sizeof(st)))
		return HC_BAD_ADDRESS;
	*done = sizeof(st);
	return HC_OK;
}

static int64_t hc_stop_restart(struct partition *self, uint64_t id, bool restart)
{
	struct partition *t = target(id);
	int ret;

	if (!t)
		return HC_INVALID;
	if (!may(self, t, restart ? MF_PRIV_RESTART : MF_PRIV_STOP))
		return HC_DENIED;
	if (restart)
		ret = part_restart(t, t == self ? "restart hypercall" : "restarted by another partition");
	else
		ret = part_stop(t, t == self ? "stop hypercall" : "stopped by another partition");
	if (ret == -PART_ESTATE)
		return HC_BAD_STATE;
	return ret ? HC_INVALID : HC_OK;
}

/* A partition error as a status. */
static int64_t part_status(int ret)
{
	switch (ret) {
	case 0: return HC_OK;
	case -PART_ESTATE: return HC_BAD_STATE;
	case -PART_EFAULT: return HC_BAD_ADDRESS;
	case -PART_ENOMEM: return HC_NO_MEMORY;
	default: return HC_INVALID;
	}
}

/*
 * HC_DIRTY_START / _GET / _STOP: own partition freely, another one with
 * "read-dirty-log". The rest is checked by part_dirty_*() before it acts.
 */
static int64_t hc_dirty(struct partition *self, uint32_t fid, const uint64_t *a, uint64_t *r1, uint64_t *r2)
{
	struct partition *t = target(a[0]);
	enum dirty_mode mode;
	int ret;

	*r1 = 0;
	*r2 = 0;
	if (!t)
		return HC_INVALID;
	if (!may(self, t, MF_PRIV_READ_DIRTY_LOG))
		return HC_DENIED;
	switch (fid) {
	case HC_DIRTY_START:
		ret = part_dirty_start(t, a[1], r1, &mode);
		*r2 = ret ? 0 : (uint64_t)mode;
		break;
	case HC_DIRTY_GET:
		ret = part_dirty_get(t, a[1], self, a[2], a[3], r1);
		break;
	default:
		ret = part_dirty_stop(t, a[1]);
		break;
	}
	return part_status(ret);
}

/*
 * Architectures without a virtual interrupt controller deliver no
 * doorbell: HC_CHANNEL_RING then signals nobody (r1 = 0). arm64 overrides
 * this with its vGIC (arch/arm64/vcpu.c).
 */
__attribute__((weak)) bool arch_part_irq_pulse(struct partition *p, unsigned int intid)
{
	(void)p;
	(void)intid;
	return false;
}

/*
 * HC_CHANNEL_RING: the caller must be a peer of channel id (the manifest's
 * /channels order); every other peer with a doorbell-irq that is running
 * gets that interrupt pended (edge). *n = peers signalled.
 */
static int64_t hc_channel_ring(struct partition *self, uint64_t id, uint64_t *n)
{
	const struct manifest *m = part_manifest();
	const struct mf_channel *c;
	bool peer = false;

	*n = 0;
	if (!m || id >= m->nchannels || id >= MF_MAX_CHANNELS)
		return HC_INVALID;
	c = &m->chan[id];
	for (unsigned int j = 0; j < c->npeers && j < MF_MAX_PEERS; j++)
		peer |= c->peer[j].part == self->id;
	if (!peer)
		return HC_DENIED;
	for (unsigned int j = 0; j < c->npeers && j < MF_MAX_PEERS; j++) {
		const struct mf_peer *pe = &c->peer[j];
		struct partition *t;

		if (pe->part == self->id || !pe->has_doorbell || !(t = target(pe->part)))
			continue;
		spin_lock(&t->lock);
		if (t->state == PART_RUNNING && arch_part_irq_pulse(t, pe->doorbell))
			(*n)++;
		spin_unlock(&t->lock);
	}
	return HC_OK;
}

/* Everything but the null call: out of line, so the null call needs no stack frame. */
static __attribute__((noinline)) enum hc_action hc_slow(struct vcpu *v, struct vcpu_exit *x, uint32_t fid)
{
	struct partition *self = v->part;
	const uint64_t *a = x->hc.a;
	uint64_t r1 = 0, r2 = 0;
	int64_t st;

	switch (fid) {
	case HC_CONSOLE_WRITE:
		st = hc_console_write(self, a[0], a[1], &r1);
		break;
	case HC_PART_SELF:
		set1(x, HC_OK, self->id);
		x->hc.r[2] = part_count();
		return HC_CONTINUE;
	case HC_PART_INFO:
		st = hc_part_info(self, a[0], a[1], a[2], &r1);
		break;
	case HC_YIELD:
		set1(x, HC_OK, 0);
		return HC_RESCHED;
	case HC_PART_STOP:
		st = hc_stop_restart(self, a[0], false);
		break;
	case HC_PART_RESTART:
		st = hc_stop_restart(self, a[0], true);
		break;
	case HC_PART_STATS:
		st = hc_part_stats(self, a[0], a[1], a[2], &r1);
		break;
	case HC_DIRTY_START:
	case HC_DIRTY_GET:
	case HC_DIRTY_STOP:
		st = hc_dirty(self, fid, a, &r1, &r2);
		set1(x, st, r1);
		x->hc.r[2] = r2;
		return HC_CONTINUE;
	case HC_CHANNEL_RING:
		st = hc_channel_ring(self, a[0], &r1);
		break;
	default:
		st = HC_NOT_SUPPORTED;
		break;
	}
	set1(x, st, r1);
	return HC_CONTINUE;
}

enum hc_action hc_dispatch(struct vcpu *v, struct vcpu_exit *x)
{
	/* SMCCC: the function ID is W0; the upper half of X0 is ignored. */
	uint32_t fid = (uint32_t)x->hc.fid;

	x->resume = VCPU_RESUME_NEXT;
	if (likely(fid == HC_VERSION)) {
		set1(x, HC_OK, HC_ABI_VERSION);
		return HC_CONTINUE;
	}
	return hc_slow(v, x, fid);
}
