// SPDX-License-Identifier: MIT
/*
 * The fake architecture for the partition / vCPU / scheduler / hypercall /
 * bring-up host tests (see fake_arch.h). The other hyp/arch.h and hyp/log.h
 * symbols come from tests/unit/lib/host_stubs.c; arch_cpu_id() is ours,
 * since these tests run on several (simulated) CPUs, and so is arch_stop(),
 * which hyp/part_boot.c calls and tests catch (fk.stop_jmp).
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
#include "fake_fmt.h"
#include "ref.h"
#include "hyp/log.h"
#include "hyp/arch.h"
#include "hyp/hypercall.h"
#include "host_stubs.h"

struct fake_state fk;

/* ---- hyp/arch.h ---------------------------------------------------------- */

/* Replaces host_stubs.c's (weak) arch_cpu_id(): tests switch CPUs in fk.cpu. */
unsigned int arch_cpu_id(void)
{
	return fk.cpu;
}

void arch_stop(int status)
{
	fk.stops++;
	fk.stop_status = status;
	if (!fk.stop_jmp)
		fail_msg("unexpected arch_stop(%d):\n%s", status, host_log());
	longjmp(*fk.stop_jmp, 1);
}

const char *fake_log(void)
{
	return host_log();
}

void fake_log_clear(void)
{
	host_log_clear();
}

/* ---- mm/pt.h TLB hooks (the engine's own tests check their ordering) ---- */

pte_t arch_pt_break(const struct pt *pt, unsigned level, uint64_t addr, pte_t *ptep, pte_t empty)
{
	return __atomic_exchange_n(ptep, empty, __ATOMIC_ACQ_REL);
}

void arch_pt_tlb_flush_range(const struct pt *pt, uint64_t addr, uint64_t size)
{
	assert_true(size != 0);
}

void arch_pt_tlb_flush_all(const struct pt *pt)
{
	/* A tree goes away (destroy, restart): its tag's entries leave every CPU's TLB. */
	if (pt->tag < FAKE_TLB_IDS)
		for (unsigned int c = 0; c < SCHED_MAX_CPUS; c++)
			fk.tlb[c][pt->tag].valid = false;
}

/* The reference walkers read simulated memory through this. */
uint64_t ref_read64(uint64_t pa)
{
	uint64_t v;
	uint8_t *p = physmem_ptr(pa);

	assert_non_null(p);
	memcpy(&v, p, 8);
	return v;
}

/* ---- Environment ---------------------------------------------------------- */

static void emit(const char *line)
{
	if (fk.nlines < 64) {
		snprintf(fk.lines[fk.nlines], sizeof(fk.lines[0]), "%s", line);
		fk.nlines++;
	}
}

bool fake_console_has(const char *line)
{
	for (unsigned int i = 0; i < fk.nlines; i++)
		if (!strcmp(fk.lines[i], line))
			return true;
	return false;
}

void fake_setup(uint64_t ram, unsigned int ncpus, unsigned int vmid_bits)
{
	struct boot_range mem = { FAKE_ARENA, ram };

	/* Whatever a failed test left behind. */
	for (unsigned int i = 0; i < PART_MAX; i++)
		for (unsigned int j = 0; j < MF_MAX_VCPUS; j++)
			if (part_env() && part_find(i) && part_find(i)->vcpu[j].arch) {
				free(part_find(i)->vcpu[j].arch);
				part_find(i)->vcpu[j].arch = NULL;	/* the next setup may not rebuild it */
			}
	physmem_reset();
	memset(&fk, 0, sizeof(fk));
	fake_log_clear();
	physmem_add(FAKE_ARENA, ram, 0x5a);
	assert_int_equal(frame_pool_init(&fk.pool, &mem, 1, NULL, 0), 0);
	fk.pool_free_at_start = frame_pool_free(&fk.pool);
	assert_int_equal(vmid_space_init(&fk.vmids, vmid_bits, 1, ncpus), 0);
	vcons_mux_init(&fk.cons, emit);
	fk.env = (struct part_env){ &fk.pool, &fk.vmids, &fk.cons, ncpus };
	fk.fail_vcpu_create = -1;
	fk.now = 1000000;
}

void fake_teardown(void)
{
	physmem_reset();
}

void fake_mf_part(struct mf_partition *mp, const char *name, uint64_t gpa, uint64_t size)
{
	memset(mp, 0, sizeof(*mp));
	snprintf(mp->name, sizeof(mp->name), "%s", name);
	mp->nvcpus = 1;
	mp->pcpu[0] = 0;
	mp->fault = MF_FAULT_HALT;
	mp->entry = gpa;
	mp->ipa_bits = 40;
	mp->nmem = 1;
	mp->mem[0] = (struct mf_mem){ .gpa = gpa, .size = size, .access = MF_ACC_R | MF_ACC_W | MF_ACC_X };
}

void fake_prog(unsigned int pid, unsigned int vidx, const struct fake_step *steps, unsigned int n, bool vectors)
{
	assert_true(n <= FAKE_MAX_STEPS);
	fk.prog[pid][vidx] = steps;
	fk.nsteps[pid][vidx] = n;
	fk.vectors[pid][vidx] = vectors;
}

struct fake_vcpu *fake_vcpu(struct vcpu *v)
{
	return v->arch;
}

struct fake_vcpu *fake_part_vcpu(unsigned int pid, unsigned int vidx)
{
	return fake_vcpu(&part_find(pid)->vcpu[vidx]);
}

void fake_boot(const struct manifest *m)
{
	assert_int_equal(part_system_init(&fk.env, m), 0);
	for (unsigned int i = 0; i < m->nparts; i++) {
		assert_int_equal(part_create(part_find(i)), 0);
		assert_int_equal(part_start(part_find(i)), 0);
	}
}

bool fake_run(unsigned int cpu)
{
	fk.cpu = cpu;
	return sched_run_once(cpu);
}

int fake_translate(struct partition *p, uint64_t gpa, uint64_t *pa, unsigned int *prot)
{
	struct ref_ctx c = { .reg = p->vcpu[0].s2_root };
	struct ref_res r;

	if (!p->pt_live || ref_fake.translate(&c, gpa, &r) != REF_OK)
		return -1;
	if (pa)
		*pa = r.pa;
	if (prot)
		*prot = r.prot;
	return 0;
}

uint8_t *fake_guest_ptr(struct partition *p, uint64_t gpa)
{
	uint64_t pa;

	if (fake_translate(p, gpa, &pa, NULL))
		return NULL;
	return physmem_ptr(pa);
}

uint64_t fake_checksum(uint64_t pa, uint64_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint64_t i = 0; i < len; i++) {
		h ^= *physmem_ptr(pa + i);
		h *= 0x100000001b3ull;
	}
	return h;
}

/* ---- hyp/arch_vcpu.h ------------------------------------------------------ */

int arch_part_s2_config(unsigned int ipa_bits, const struct pt_fmt **fmt, unsigned int *ia_bits,
			unsigned int *cfg)
{
	if (fk.fail_s2_config || ipa_bits > 48)
		return -1;
	*fmt = &pt_fmt_fake;
	*ia_bits = 48;
	*cfg = 0;
	return 0;
}

int arch_part_init(struct partition *p)
{
	fk.live_arch_parts++;
	if (fk.fail_part_init)
		return -1;
	if (fk.part_init_hook)
		fk.part_init_hook(p);
	return 0;
}

bool arch_part_irq_pulse(struct partition *p, unsigned int intid)
{
	assert_true(p->arch_live);
	if (fk.pulse_intid_max && intid > fk.pulse_intid_max)
		return false;
	if (fk.npulses < ARRAY_SIZE(fk.pulses))
		fk.pulses[fk.npulses++] = (p->id << 16) | intid;
	return true;
}

void arch_part_fini(struct partition *p)
{
	assert_true(fk.live_arch_parts > 0);
	fk.live_arch_parts--;
}

int arch_vcpu_create(struct vcpu *v)
{
	struct fake_vcpu *f;

	if (fk.fail_vcpu_create == 0) {
		fk.fail_vcpu_create = -1;
		return -1;
	}
	if (fk.fail_vcpu_create > 0)
		fk.fail_vcpu_create--;
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->v = v;
	f->prog = fk.prog[v->part->id][v->idx];
	f->nsteps = fk.nsteps[v->part->id][v->idx];
	f->vectors = fk.vectors[v->part->id][v->idx];
	v->arch = f;
	fk.live_arch_vcpus++;
	return 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
	assert_non_null(v->arch);
	free(v->arch);
	v->arch = NULL;
	assert_true(fk.live_arch_vcpus > 0);
	fk.live_arch_vcpus--;
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, const uint64_t *args, unsigned int nargs)
{
	struct fake_vcpu *f = v->arch;

	assert_non_null(f);
	assert_false(v->loaded);
	assert_true(nargs <= 4);
	f->pc = 0;
	f->entry = entry;
	f->nargs = nargs;
	memset(f->args, 0, sizeof(f->args));
	memcpy(f->args, args, nargs * sizeof(args[0]));
	f->resets++;
	f->burn_left = 0;
	memset(f->res, 0, sizeof(f->res));
}

bool arch_vcpu_inject_abort(struct vcpu *v, const struct vcpu_exit *x)
{
	struct fake_vcpu *f = v->arch;

	if (!f->vectors)
		return false;
	/* The guest's handler records the abort and skips the instruction. */
	f->res[f->pc] = FAKE_RES_ABORT;
	f->r[f->pc][0] = x->s2.gpa;
	f->pc++;
	return true;
}

bool arch_vcpu_wakeup_pending(struct vcpu *v)
{
	struct fake_vcpu *f = v->arch;

	return f && f->irq;
}

uint64_t arch_timer_now_ns(void)
{
	return fk.now;
}

void arch_timer_oneshot(uint64_t deadline_ns)
{
	fk.deadline[fk.cpu] = deadline_ns;
}

void arch_cpu_kick(unsigned int cpu)
{
	assert_true(cpu < SCHED_MAX_CPUS);
	fk.kicks[cpu]++;
	fk.kick_pending[cpu] = true;
}

void arch_cpu_idle(void)
{
	fk.idles++;
	if (fk.idle_jmp)
		longjmp(*fk.idle_jmp, 1);
	if (fk.idle_hook) {
		void (*hook)(void) = fk.idle_hook;

		fk.idle_hook = NULL;
		hook();
	}
	if (fk.idle_limit && fk.idles > fk.idle_limit)
		fail_msg("the CPU idled %u times: the loop does not end", fk.idles);
}

/* ---- Bring-up hooks (hyp/arch_vcpu.h) ------------------------------------ */

const char *arch_part_boot_veto(void)
{
	return fk.veto;
}

bool arch_cpu_online(unsigned int cpu)
{
	assert_true(cpu > 0);	/* only secondaries are asked */
	return cpu < SCHED_MAX_CPUS && fk.online[cpu];
}

void arch_cpu_guest_init(bool boot_cpu)
{
	assert_true(fk.cpu < SCHED_MAX_CPUS);
	if (boot_cpu) {
		assert_int_equal(fk.cpu, 0);
		fk.guest_init_boot++;
		fk.parts_at_guest_init = fk.live_arch_parts;
	} else {
		/* A secondary prepares itself only after the boot CPU did. */
		assert_true(fk.guest_init_boot > 0);
	}
	fk.guest_init[fk.cpu]++;
}

unsigned int arch_vmid_bits(void)
{
	return fk.vmid_bits;
}

void arch_smp_release(void (*fn)(unsigned int cpu), unsigned int ncpus)
{
	assert_non_null(fn);
	fk.release_fn = fn;
	fk.release_ncpus = ncpus;
	fk.releases++;
}

int arch_console_getc(void)
{
	if (fk.input_taken >= fk.ninput)
		return -1;
	return fk.input[fk.input_taken++];
}

void arch_system_reset(void)
{
	fk.resets++;
	assert_non_null(fk.reset_jmp);
	longjmp(*fk.reset_jmp, 1);
}

/* Complete the previous exit as x->resume says. */
static void complete(struct fake_vcpu *f, struct vcpu_exit *x)
{
	unsigned int pc = f->pc;

	if (x->resume != VCPU_RESUME_NEXT || x->reason == VCPU_EXIT_NONE)
		return;
	assert_true(pc < f->nsteps);
	switch (x->reason) {
	case VCPU_EXIT_HYPERCALL:
		memcpy(f->r[pc], x->hc.r, sizeof(f->r[pc]));
		if (f->prog[pc].op == F_NOISY)
			return;		/* its periodic yield: keep looping */
		break;
	case VCPU_EXIT_S2_FAULT:
		f->r[pc][0] = x->s2.data;
		break;
	case VCPU_EXIT_SYSTEM:
		f->r[pc][0] = (uint64_t)x->sys.ret;
		break;
	case VCPU_EXIT_WFI:
		if (f->prog[pc].op == F_END)
			return;		/* idles for ever: stay on the END step */
		break;
	default:
		fail_msg("resume NEXT after exit %u", x->reason);
	}
	f->res[pc] = FAKE_RES_DONE;
	f->pc++;
}

static void do_store(uint64_t pa, unsigned int size, uint64_t val)
{
	uint8_t *p = physmem_ptr(pa);

	assert_non_null(p);
	memcpy(p, &val, size);	/* little-endian host */
}

void arch_vcpu_enter(struct vcpu *v, struct vcpu_exit *x)
{
	struct fake_vcpu *f = v->arch;
	struct ref_ctx c = { .reg = v->s2_root };

	assert_non_null(f);
	assert_true(v->loaded);
	if (v->pcpu != fk.cpu)
		fk.pinning_errors++;
	if (sched_current(fk.cpu) != v)
		fk.current_errors++;
	fk.last_deadline = fk.deadline[fk.cpu];
	/* TLB model: an id this CPU cached for another tree must have been flushed. */
	if (v->flush_local) {
		memset(fk.tlb[fk.cpu], 0, sizeof(fk.tlb[fk.cpu]));
		v->flush_local = false;
	}
	if (v->hw_vmid < FAKE_TLB_IDS) {
		struct fake_tlb *t = &fk.tlb[fk.cpu][v->hw_vmid];

		if (t->valid && t->root != v->s2_root)
			fk.tlb_errors++;
		t->valid = true;
		t->root = v->s2_root;
	}
	if (!v->hw_vmid)
		fk.tlb_errors++;	/* id 0 belongs to the host */
	assert_true(++f->enters < 1000000);
	complete(f, x);
	x->resume = VCPU_RESUME_AS_IS;
	for (unsigned int iter = 0;; iter++) {
		const struct fake_step *s;
		struct ref_res r;
		enum ref_status st;
		unsigned int acc;

		if (fk.kick_pending[fk.cpu] || iter > 10000) {	/* kick, or a device interrupt */
			fk.kick_pending[fk.cpu] = false;
			x->reason = VCPU_EXIT_IRQ;
			return;
		}
		if (fk.deadline[fk.cpu] && fk.now >= fk.deadline[fk.cpu]) {
			fk.deadline[fk.cpu] = 0;
			x->reason = VCPU_EXIT_TIMER;
			return;
		}
		if (f->pc >= f->nsteps || f->prog[f->pc].op == F_END) {
			x->reason = VCPU_EXIT_WFI;
			x->wait.event = false;
			return;
		}
		s = &f->prog[f->pc];
		if (s->op != F_BURN) {
			fk.now += FAKE_STEP_NS;
			f->run_ns += FAKE_STEP_NS;
		}
		switch (s->op) {
		case F_HC:
			x->reason = VCPU_EXIT_HYPERCALL;
			x->hc.fid = s->a[0];
			memcpy(x->hc.a, &s->a[1], sizeof(x->hc.a));
			memset(x->hc.r, 0xee, sizeof(x->hc.r));
			return;
		case F_LOAD:
		case F_STORE:
		case F_EXEC:
		case F_NOISY:
			acc = s->op == F_LOAD ? PT_R : s->op == F_EXEC ? PT_X : PT_W;
			st = ref_fake.access(&c, s->a[0], acc, &r);
			assert_int_not_equal(st, REF_BAD);
			if (st != REF_OK) {
				x->reason = VCPU_EXIT_S2_FAULT;
				x->s2.gpa = s->a[0];
				x->s2.access = acc;
				x->s2.isv = s->op != F_EXEC;
				x->s2.sign_extend = false;
				x->s2.size = s->op == F_EXEC ? 4 : (uint8_t)s->a[1];
				x->s2.reg = 0;
				x->s2.data = s->op == F_STORE ? s->a[2] : s->op == F_NOISY ? f->noisy : 0;
				return;
			}
			if (s->op == F_LOAD) {
				uint64_t val = 0;

				memcpy(&val, physmem_ptr(r.pa), s->a[1]);
				f->r[f->pc][0] = val;
			} else if (s->op == F_STORE) {
				do_store(r.pa, (unsigned int)s->a[1], s->a[2]);
			} else if (s->op == F_NOISY) {
				do_store(r.pa, (unsigned int)s->a[1], ++f->noisy);
				if (f->noisy % FAKE_NOISY_YIELD == 0) {
					x->reason = VCPU_EXIT_HYPERCALL;
					x->hc.fid = HC_YIELD;
					memset(x->hc.a, 0, sizeof(x->hc.a));
					return;
				}
				continue;	/* same step again */
			}
			f->res[f->pc] = FAKE_RES_DONE;
			f->pc++;
			continue;
		case F_WFI:
		case F_WFE:
			x->reason = VCPU_EXIT_WFI;
			x->wait.event = s->op == F_WFE;
			return;
		case F_SYS:
			x->reason = VCPU_EXIT_SYSTEM;
			x->sys.event = (uint32_t)s->a[0];
			memcpy(x->sys.arg, &s->a[1], sizeof(x->sys.arg));
			x->sys.ret = 0x7777;
			return;
		case F_UNKNOWN:
			x->reason = VCPU_EXIT_UNKNOWN;
			x->unknown.code = s->a[0];
			return;
		case F_BURN:
			if (!f->burn_left)
				f->burn_left = s->a[0];
			if (fk.deadline[fk.cpu] && fk.now + f->burn_left >= fk.deadline[fk.cpu]) {
				uint64_t d = fk.deadline[fk.cpu] - fk.now;

				f->burn_left -= d;
				fk.now += d;
				f->run_ns += d;
				if (!f->burn_left) {
					f->res[f->pc] = FAKE_RES_DONE;
					f->pc++;
				}
				fk.deadline[fk.cpu] = 0;
				x->reason = VCPU_EXIT_TIMER;
				return;
			}
			fk.now += f->burn_left;
			f->run_ns += f->burn_left;
			f->burn_left = 0;
			f->res[f->pc] = FAKE_RES_DONE;
			f->pc++;
			continue;
		case F_JUMP:
			f->pc = (unsigned int)s->a[0];
			continue;
		default:
			fail_msg("bad fake step %d", s->op);
		}
	}
}
