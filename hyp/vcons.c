// SPDX-License-Identifier: MIT
/*
 * Partition console multiplexer (see hyp/vcons.h for the behaviour a user
 * sees). Pure logic: the virtual UART models feed vcons_putc()/vcons_getc(),
 * the physical console driver feeds vcons_input().
 */
#include <stdio.h>
#include <string.h>
#include "hyp/log.h"
#include "hyp/vcons.h"

static void emit_log(const char *line)
{
	log_printf("%s", line);
}

void vcons_mux_init(struct vcons_mux *m, void (*emit)(const char *line))
{
	memset(m, 0, sizeof(*m));
	m->lock = (struct spinlock)SPINLOCK_INIT;
	m->emit = emit ? emit : emit_log;
}

int vcons_add(struct vcons_mux *m, const char *name)
{
	int idx = -1;

	spin_lock(&m->lock);
	if (m->n < VCONS_MAX) {
		idx = (int)m->n;
		memset(&m->cons[idx], 0, sizeof(m->cons[idx]));
		snprintf(m->cons[idx].name, sizeof(m->cons[idx].name), "%s", name);
		__atomic_store_n(&m->n, m->n + 1, __ATOMIC_RELEASE);	/* published whole (rx_pending) */
	}
	spin_unlock(&m->lock);
	return idx;
}

/* Print the buffered line with its prefix (lock held). */
static void emit_line(struct vcons_mux *m, struct vcons *vc)
{
	char out[VCONS_NAME_MAX + VCONS_LINE_MAX + 8];

	vc->line[vc->len] = '\0';
	snprintf(out, sizeof(out), "[%s] %s\n", vc->name, vc->line);
	vc->len = 0;
	m->emit(out);
}

void vcons_putc(struct vcons_mux *m, unsigned int idx, uint8_t c)
{
	struct vcons *vc;

	if (idx >= VCONS_MAX)
		return;
	spin_lock(&m->lock);
	if (idx < m->n) {
		vc = &m->cons[idx];
		vc->tx_chars++;
		if (c == '\n') {
			emit_line(m, vc);
		} else if (c != '\r') {
			/* Tabs and printable bytes pass; other controls could drive the terminal. */
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				c = '?';
			vc->line[vc->len++] = (char)c;
			if (vc->len == VCONS_LINE_MAX)
				emit_line(m, vc);
		}
	}
	spin_unlock(&m->lock);
}

void vcons_flush(struct vcons_mux *m, unsigned int idx)
{
	spin_lock(&m->lock);
	if (idx < m->n && m->cons[idx].len)
		emit_line(m, &m->cons[idx]);
	spin_unlock(&m->lock);
}

void vcons_set_rx_notify(struct vcons_mux *m, unsigned int idx, void (*fn)(void *ctx), void *ctx)
{
	spin_lock(&m->lock);
	if (idx < m->n) {
		m->cons[idx].rx_notify = fn;
		m->cons[idx].rx_ctx = ctx;
	}
	spin_unlock(&m->lock);
}

/* Queue c for the focused console (lock held); returns that console if c was queued. */
static struct vcons *rx_push(struct vcons_mux *m, uint8_t c)
{
	struct vcons *vc;

	if (!m->n)
		return NULL;
	vc = &m->cons[m->focus];
	if (vc->rx_tail - vc->rx_head == VCONS_RX_SIZE) {
		vc->rx_dropped++;
		return NULL;
	}
	vc->rx[vc->rx_tail % VCONS_RX_SIZE] = c;
	__atomic_store_n(&vc->rx_tail, vc->rx_tail + 1, __ATOMIC_RELEASE);	/* read locklessly */
	return vc;
}

void vcons_input(struct vcons_mux *m, uint8_t c)
{
	char note[VCONS_NAME_MAX + 48];
	bool switched = false;
	struct vcons *to = NULL;
	void (*notify)(void *ctx) = NULL;
	void *nctx = NULL;

	spin_lock(&m->lock);
	if (!m->escape) {
		if (c == VCONS_ESCAPE)
			m->escape = true;
		else
			to = rx_push(m, c);
	} else {
		m->escape = false;
		if (c == VCONS_ESCAPE) {
			to = rx_push(m, c);
		} else if (c >= '1' && c <= '9' && (unsigned int)(c - '1') < m->n) {
			m->focus = (unsigned int)(c - '1');
			switched = true;
		} else if (c == 'n' && m->n) {
			m->focus = (m->focus + 1) % m->n;
			switched = true;
		}
	}
	if (switched) {
		snprintf(note, sizeof(note), "bulkhead: console input to \"%s\"\n", m->cons[m->focus].name);
		m->emit(note);
	}
	if (to) {
		notify = to->rx_notify;
		nctx = to->rx_ctx;
	}
	spin_unlock(&m->lock);
	/* Outside the lock: the receiver takes its device lock, which nests outside this one. */
	if (notify)
		notify(nctx);
}

int vcons_getc(struct vcons_mux *m, unsigned int idx, uint8_t *c)
{
	int ret = -1;
	struct vcons *vc;

	spin_lock(&m->lock);
	if (idx < m->n) {
		vc = &m->cons[idx];
		if (vc->rx_head != vc->rx_tail) {
			*c = vc->rx[vc->rx_head % VCONS_RX_SIZE];
			__atomic_store_n(&vc->rx_head, vc->rx_head + 1, __ATOMIC_RELEASE);
			ret = 0;
		}
	}
	spin_unlock(&m->lock);
	return ret;
}
