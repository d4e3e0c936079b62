// SPDX-License-Identifier: MIT
/*
 * Console logging: formats with hyp/fmt.c straight to the console (no
 * intermediate buffer) under one lock, so lines from different CPUs never
 * interleave. Each call prints at most LOG_LINE_MAX - 1 bytes of output; the
 * rest is cut, as the buffered version did.
 */
#include "hyp/arch.h"
#include "hyp/fmt.h"
#include "hyp/log.h"
#include "hyp/spinlock.h"

#define LOG_LINE_MAX 512

/* Not a CPU number: nobody holds the console lock. */
#define NO_OWNER (~0u)

static struct spinlock console_lock = SPINLOCK_INIT;
/* CPU holding console_lock (written by that CPU only), NO_OWNER if none. */
static unsigned int console_owner = NO_OWNER;

/* The console as a formatter sink, cutting one call's output at the limit. */
struct console_sink {
	struct fmt_sink sink;
	size_t room;
};

static void console_sink_write(struct fmt_sink *sink, const char *s, size_t n)
{
	struct console_sink *cs = (struct console_sink *)sink;

	if (n > cs->room)
		n = cs->room;
	if (!n)
		return;
	cs->room -= n;
	arch_console_write(s, n);
}

static void console_lock_take(void)
{
	spin_lock(&console_lock);
	WRITE_ONCE(console_owner, arch_cpu_id());
}

static void console_lock_give(void)
{
	WRITE_ONCE(console_owner, NO_OWNER);
	spin_unlock(&console_lock);
}

/* Print one formatted piece; the caller holds the console lock. */
static void log_emit(const char *fmt, va_list ap)
{
	struct console_sink cs = { { console_sink_write }, LOG_LINE_MAX - 1 };

	fmt_vformat(&cs.sink, fmt, ap);
}

void log_vprintf(const char *fmt, va_list ap)
{
	console_lock_take();
	log_emit(fmt, ap);
	console_lock_give();
}

void log_crash_begin(void)
{
	unsigned long spins;

	/* Crashed while printing: the lock is ours already (the dump follows a cut line). */
	if (READ_ONCE(console_owner) == arch_cpu_id())
		return;
	for (spins = 0; spins < 20000000ul; spins++) {
		if (spin_trylock(&console_lock)) {
			WRITE_ONCE(console_owner, arch_cpu_id());
			return;
		}
		arch_cpu_relax();
	}
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	static const char prefix[] = "bulkhead: fatal: ";
	va_list ap;

	/* One lock hold: no other CPU's line lands inside the message. */
	console_lock_take();
	arch_console_write(prefix, sizeof(prefix) - 1);
	va_start(ap, fmt);
	log_emit(fmt, ap);
	va_end(ap);
	arch_console_write("\n", 1);
	console_lock_give();
	arch_stop(1);
}

/*
 * The generic loop, for an architecture (or a host test) that has nothing
 * faster than one character at a time: arch/<a>/ overrides it.
 */
__attribute__((weak)) void arch_console_write(const char *s, size_t n)
{
	const char *end = s + n;

	for (; s < end; s++) {
		if (*s == '\n')
			arch_console_putc('\r');
		arch_console_putc(*s);
	}
}
