// SPDX-License-Identifier: MIT
/*
 * /init of the initramfs the arm64 Linux partition boots
 * (tests/qemu/cases/arm64-part-linux.t). A static arm64 Linux program with
 * no C library: raw system calls (SVC #0, number in x8, arguments in x0-x5,
 * result in x0, a negative errno on failure; the asm-generic numbers of
 * include/uapi/asm-generic/unistd.h).
 *
 * It prints a marker line, then checks what the hypervisor gives the kernel:
 *   - /proc/cpuinfo lists as many processors as expected (argv[1], from the
 *     kernel command line after "--"; default 2): the secondaries came up
 *     through PSCI CPU_ON;
 *   - sched_getaffinity() agrees (the CPUs are online, not just described);
 *   - CLOCK_MONOTONIC advances across nanosleep(200 ms) by at least 200 ms and
 *     by less than 20 s: the virtual timer interrupt wakes the sleeper;
 *   - the work on each CPU: the program moves itself to every CPU in turn with
 *     sched_setaffinity() and reads the CPU it runs on with getcpu();
 *   - CPU hotplug of the last CPU through /sys (PSCI CPU_OFF, AFFINITY_INFO,
 *     CPU_ON): it disappears from /proc/cpuinfo, nothing can be moved there,
 *     and once back the program runs on it again;
 *   - console input: it prompts "type a line" and reads what the QEMU case
 *     types from /dev/console (the vPL011's RX interrupt, an SPI, feeds the
 *     tty), within 20 s;
 *   - /proc/interrupts: the virtual timer (arch_timer) interrupted every CPU,
 *     the CPUs sent each other IPIs (SGIs through the virtual GIC), and the
 *     console's interrupt fired;
 * prints "LINUX-INIT-RESULT: PASS (n checks)" or "LINUX-INIT-RESULT: FAIL ...",
 * and powers off with reboot(LINUX_REBOOT_CMD_POWER_OFF), which the kernel
 * turns into PSCI SYSTEM_OFF (the hypervisor halts the partition). If
 * power-off returns, it says so and exits (the kernel then panics).
 */
typedef unsigned long u64;
typedef long s64;

#define NR_getcpu		168
#define NR_mkdirat		34
#define NR_mount		40
#define NR_openat		56
#define NR_close		57
#define NR_read			63
#define NR_write		64
#define NR_exit			93
#define NR_ppoll		73
#define NR_nanosleep		101
#define NR_clock_gettime	113
#define NR_sched_setaffinity	122
#define NR_sched_getaffinity	123
#define NR_reboot		142
#define NR_uname		160

#define AT_FDCWD		-100
#define CLOCK_MONOTONIC		1
#define LINUX_REBOOT_MAGIC1	0xfee1deadul
#define LINUX_REBOOT_MAGIC2	672274793ul
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcul

static s64 sys6(u64 nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5)
{
	register u64 x8 __asm__("x8") = nr;
	register u64 x0 __asm__("x0") = a0;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;
	register u64 x4 __asm__("x4") = a4;
	register u64 x5 __asm__("x5") = a5;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return (s64)x0;
}
#define sys(nr, a, b, c, d) sys6((nr), (u64)(a), (u64)(b), (u64)(c), (u64)(d), 0, 0)

/* gcc may emit calls to these for struct copies and zeroing. */
void *memset(void *d, int c, unsigned long n);
void *memset(void *d, int c, unsigned long n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = (unsigned char)c;
	return d;
}
void *memcpy(void *d, const void *s, unsigned long n);
void *memcpy(void *d, const void *s, unsigned long n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

/* Output: one line at a time through a small buffer, to fd 1 (/dev/console). */
static char line[256];
static unsigned int used;

static void flush(void)
{
	unsigned int off = 0;

	while (off < used) {
		s64 r = sys(NR_write, 1, line + off, used - off, 0);

		if (r <= 0)
			break;
		off += (unsigned int)r;
	}
	used = 0;
}
static void put(const char *s)
{
	for (; *s; s++) {
		if (used == sizeof(line))
			flush();
		line[used++] = *s;
		if (*s == '\n')
			flush();
	}
}
static void putnum(s64 v)
{
	char b[24];
	int i = sizeof(b) - 1;
	u64 u = v < 0 ? -(u64)v : (u64)v;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	put(b + i);
}

static unsigned int checks, failed;

static void check(int ok, const char *what, s64 got)
{
	checks++;
	if (ok)
		return;
	failed++;
	put("LINUX-INIT-FAIL: ");
	put(what);
	put(" (got ");
	putnum(got);
	put(")\n");
}

static int starts_with(const char *s, const char *p)
{
	while (*p)
		if (*s++ != *p++)
			return 0;
	return 1;
}

/* Read a whole (small) file into buf, NUL-terminated; bytes read or a negative errno. */
static s64 read_file(const char *path, char *buf, unsigned long size)
{
	unsigned long n = 0;
	s64 fd, r;

	fd = sys(NR_openat, AT_FDCWD, path, 0, 0);
	if (fd < 0)
		return fd;
	while (n < size - 1 && (r = sys(NR_read, fd, buf + n, size - 1 - n, 0)) > 0)
		n += (unsigned long)r;
	sys(NR_close, fd, 0, 0, 0);
	buf[n] = 0;
	return (s64)n;
}

static char fbuf[32768];

/* Processors in /proc/cpuinfo: lines starting with "processor". */
static s64 cpuinfo_processors(void)
{
	s64 n = read_file("/proc/cpuinfo", fbuf, sizeof(fbuf)), count = 0;

	if (n < 0)
		return n;
	for (s64 i = 0; i < n; i++)
		if ((i == 0 || fbuf[i - 1] == '\n') && starts_with(fbuf + i, "processor"))
			count++;
	return count;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * The per-CPU counts of a /proc/interrupts line ("NN:  c0  c1 ...  name"):
 * cnt[0..ncpus-1]; returns how many were read.
 */
static unsigned int irq_counts(const char *line, s64 *cnt, unsigned int ncpus)
{
	const char *p = line;
	unsigned int i;

	while (*p && *p != ':' && *p != '\n')
		p++;
	if (*p != ':')
		return 0;
	p++;
	for (i = 0; i < ncpus; i++) {
		s64 v = 0;

		p = skip_spaces(p);
		if (*p < '0' || *p > '9')
			break;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		cnt[i] = v;
	}
	return i;
}

static int line_has(const char *line, const char *what)
{
	for (; *line && *line != '\n'; line++)
		if (starts_with(line, what))
			return 1;
	return 0;
}

/*
 * /proc/interrupts: the virtual timer (arch_timer, PPI 27) must have
 * interrupted every CPU, and the CPUs must have sent each other IPIs (SGIs:
 * moving this program between CPUs needs them). Returns the number of CPUs
 * the timer interrupted, the IPI total in *ipis and the console's
 * interrupts (its SPI) in *uart.
 */
static s64 timer_cpus(unsigned int ncpus, s64 *ipis, s64 *uart)
{
	s64 n = read_file("/proc/interrupts", fbuf, sizeof(fbuf)), cnt[64], timer = -1;

	*ipis = 0;
	*uart = 0;
	if (n < 0)
		return n;
	if (ncpus > 64)
		ncpus = 64;
	for (s64 i = 0; i < n; i++) {
		const char *l = fbuf + i;
		unsigned int got;

		if (i && fbuf[i - 1] != '\n')
			continue;
		if (line_has(l, "arch_timer")) {
			got = irq_counts(l, cnt, ncpus);
			timer = 0;
			for (unsigned int c = 0; c < got; c++)
				if (cnt[c] > 0)
					timer++;
			put("LINUX-INIT: timer interrupts per CPU:");
			for (unsigned int c = 0; c < got; c++) {
				put(" ");
				putnum(cnt[c]);
			}
			put("\n");
		} else if (line_has(l, "uart-pl011")) {
			got = irq_counts(l, cnt, ncpus);
			put("LINUX-INIT: console (uart-pl011) interrupts per CPU:");
			for (unsigned int c = 0; c < got; c++) {
				put(" ");
				putnum(cnt[c]);
				*uart += cnt[c];
			}
			put("\n");
		} else if (starts_with(skip_spaces(l), "IPI")) {
			got = irq_counts(l, cnt, ncpus);
			for (unsigned int c = 0; c < got; c++)
				*ipis += cnt[c];
		}
	}
	return timer;
}

struct timespec64 {
	s64 sec, nsec;
};

static s64 mono_ns(void)
{
	struct timespec64 t = { 0, 0 };

	if (sys(NR_clock_gettime, CLOCK_MONOTONIC, &t, 0, 0))
		return -1;
	return t.sec * 1000000000l + t.nsec;
}

static s64 popcount(const u64 *m, unsigned int words)
{
	s64 n = 0;

	for (unsigned int i = 0; i < words; i++)
		for (u64 v = m[i]; v; v &= v - 1)
			n++;
	return n;
}

static s64 parse_uint(const char *s)
{
	s64 v = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 1000)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* Write a short string to a (sysfs) file: bytes written or a negative errno. */
static s64 write_file(const char *path, const char *text, unsigned long len)
{
	s64 fd = sys(NR_openat, AT_FDCWD, path, 1 /* O_WRONLY */, 0), r;

	if (fd < 0)
		return fd;
	r = sys(NR_write, fd, text, len, 0);
	sys(NR_close, fd, 0, 0, 0);
	return r;
}

/* Move to cpu and report whether getcpu() then says we run there. */
static int run_on(s64 cpu, s64 *err)
{
	u64 mask[16];
	unsigned int got = ~0u;

	memset(mask, 0, sizeof(mask));
	mask[cpu / 64] = 1ul << (cpu % 64);
	*err = sys(NR_sched_setaffinity, 0, sizeof(mask), mask, 0);
	if (*err)
		return 0;
	*err = sys(NR_getcpu, &got, 0, 0, 0);
	return *err == 0 && got == (unsigned int)cpu;
}

/*
 * CPU hotplug of the last CPU through sysfs: offline it (Linux calls PSCI
 * CPU_OFF on it and waits with AFFINITY_INFO until it is off), check it is
 * gone and nothing runs there, online it again (PSCI CPU_ON) and run there.
 */
static void cpu_hotplug(s64 ncpus)
{
	static const char path[] = "/sys/devices/system/cpu/cpu1/online";
	char p[sizeof(path)];
	s64 cpu = ncpus - 1, r, n;
	unsigned int failed_before = failed;

	if (ncpus < 2 || ncpus > 10)
		return;
	memcpy(p, path, sizeof(path));
	p[sizeof("/sys/devices/system/cpu/cpu") - 1] = (char)('0' + cpu);
	sys(NR_mkdirat, AT_FDCWD, "/sys", 0555, 0);
	r = sys6(NR_mount, (u64)"sysfs", (u64)"/sys", (u64)"sysfs", 0, 0, 0);
	check(r == 0, "mount /sys", r);

	r = write_file(p, "0", 1);
	check(r == 1, "offline the last CPU", r);
	n = cpuinfo_processors();
	check(n == ncpus - 1, "processors while the last CPU is offline", n);
	check(!run_on(cpu, &r) && r == -22, "sched_setaffinity to the offline CPU (-EINVAL)", r);

	r = write_file(p, "1", 1);
	check(r == 1, "online the last CPU again", r);
	n = cpuinfo_processors();
	check(n == ncpus, "processors once it is back", n);
	check(run_on(cpu, &r), "running on the CPU brought back", r);
	if (failed == failed_before) {
		put("LINUX-INIT: CPU ");
		putnum(cpu);
		put(" offline (PSCI CPU_OFF) and back online (CPU_ON), ran there again\n");
	}
}

/*
 * Ask for a line on the console and read it from fd 0 (the tty in canonical
 * mode: the typed "\r" arrives as "\n"), waiting at most 20 s with ppoll().
 * The QEMU case types CONSOLE_WORD when it sees the prompt.
 */
#define CONSOLE_WORD	"bulkhead"
static void console_input(void)
{
	struct {
		int fd;
		short events, revents;
	} pfd = { 0, 1 /* POLLIN */, 0 };
	struct timespec64 limit = { 20, 0 };
	char in[64];
	s64 r, got = 0;

	put("LINUX-INIT: type a line\n");
	while (got < (s64)sizeof(in) - 1 && (got == 0 || in[got - 1] != '\n')) {
		r = sys(NR_ppoll, &pfd, 1, &limit, 0);
		if (r <= 0) {
			check(0, "console input within 20 s (ppoll)", r);
			return;
		}
		r = sys(NR_read, 0, in + got, sizeof(in) - 1 - got, 0);
		if (r <= 0) {
			check(0, "console read", r);
			return;
		}
		got += r;
	}
	in[got] = 0;
	if (got && in[got - 1] == '\n')
		in[--got] = 0;
	put("LINUX-INIT: read \"");
	put(in);
	put("\" from the console\n");
	check(got == sizeof(CONSOLE_WORD) - 1 && starts_with(in, CONSOLE_WORD), "the line typed", got);
}

static void run(s64 want_cpus)
{
	struct {
		char f[6][65];
	} uts;
	u64 mask[16];
	s64 n, t0, t1, r, uart_irqs;

	/* The kernel's release, as the banner said it. */
	if (sys(NR_uname, &uts, 0, 0, 0) == 0) {
		put("LINUX-INIT: ");
		put(uts.f[0]);
		put(" ");
		put(uts.f[2]);
		put(" ");
		put(uts.f[4]);
		put("\n");
	}

	sys(NR_mkdirat, AT_FDCWD, "/proc", 0555, 0);
	r = sys6(NR_mount, (u64)"proc", (u64)"/proc", (u64)"proc", 0, 0, 0);
	check(r == 0, "mount /proc", r);

	n = cpuinfo_processors();
	put("LINUX-INIT: /proc/cpuinfo lists ");
	putnum(n);
	put(" processors\n");
	check(n == want_cpus, "processors in /proc/cpuinfo", n);

	memset(mask, 0, sizeof(mask));
	r = sys(NR_sched_getaffinity, 0, sizeof(mask), mask, 0);
	n = r > 0 ? popcount(mask, (unsigned int)(r / 8)) : r;
	check(n == want_cpus, "CPUs in the affinity mask", n);

	/* Run on each CPU in turn: the scheduler migrates us there (IPIs, SGIs). */
	n = 0;
	for (s64 cpu = 0; cpu < want_cpus && cpu < 64; cpu++) {
		unsigned int got = ~0u;

		memset(mask, 0, sizeof(mask));
		mask[0] = 1ul << cpu;
		r = sys(NR_sched_setaffinity, 0, sizeof(mask), mask, 0);
		check(r == 0, "sched_setaffinity", r);
		r = sys(NR_getcpu, &got, 0, 0, 0);
		check(r == 0 && got == (unsigned int)cpu, "getcpu after moving to that CPU", got);
		if (r == 0 && got == (unsigned int)cpu)
			n++;
	}
	if (want_cpus > 0 && n == want_cpus) {
		put("LINUX-INIT: ran on each of ");
		putnum(want_cpus);
		put(" CPUs\n");
	}

	/* The timer: a sleep must end (timer interrupt) and the clock advance. */
	t0 = mono_ns();
	{
		struct timespec64 req = { 0, 200000000 };

		r = sys(NR_nanosleep, &req, 0, 0, 0);
		check(r == 0, "nanosleep", r);
	}
	t1 = mono_ns();
	check(t0 > 0 && t1 - t0 >= 200000000, "CLOCK_MONOTONIC advance over a 200 ms sleep (ns)", t1 - t0);
	check(t1 - t0 < 20000000000l, "CLOCK_MONOTONIC advance over a 200 ms sleep (ns)", t1 - t0);
	put("LINUX-INIT: slept 200 ms, CLOCK_MONOTONIC advanced ");
	putnum((t1 - t0) / 1000000);
	put(" ms, uptime ");
	putnum(t1 / 1000000);
	put(" ms\n");

	/* PSCI CPU_OFF / CPU_ON through Linux's CPU hotplug. */
	cpu_hotplug(want_cpus);

	/* Console input: the vPL011's RX interrupt (SPI) reaches the tty. */
	console_input();

	/* Interrupts: the virtual timer on every CPU, IPIs between them, the console's SPI. */
	n = timer_cpus((unsigned int)want_cpus, &r, &uart_irqs);
	check(n == want_cpus, "CPUs the virtual timer interrupted", n);
	put("LINUX-INIT: IPIs between the CPUs: ");
	putnum(r);
	put("\n");
	check(want_cpus < 2 || r > 0, "IPIs between the CPUs", r);
	check(uart_irqs > 0, "console interrupts", uart_irqs);
}

void init_main(s64 argc, char **argv, char **envp);
void init_main(s64 argc, char **argv, char **envp)
{
	s64 want = 2, r;

	put("LINUX-INIT: /init of the Bulkhead partition test is running\n");
	if (argc > 1)
		want = parse_uint(argv[1]);
	check(want >= 1, "expected CPU count", want);

	run(want);

	if (failed) {
		put("LINUX-INIT-RESULT: FAIL (");
		putnum(failed);
		put(" of ");
		putnum(checks);
		put(" checks failed)\n");
	} else {
		put("LINUX-INIT-RESULT: PASS (");
		putnum(checks);
		put(" checks)\n");
	}
	put("LINUX-INIT: powering off\n");
	r = sys(NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0);
	put("LINUX-INIT-FAIL: reboot(POWER_OFF) returned ");
	putnum(r);
	put("\n");
	sys(NR_exit, 1, 0, 0, 0);
	for (;;)
		;
}

/*
 * Entry: the kernel starts init with sp at argc, then argv[], NULL, envp[],
 * NULL (the ELF ABI's initial stack). Clear the frame pointer and link
 * register so a backtrace ends here, keep sp 16-byte aligned.
 */
__asm__(".text\n"
	".globl _start\n"
	".type _start, %function\n"
	"_start:\n"
	"	mov x29, #0\n"
	"	mov x30, #0\n"
	"	ldr x0, [sp]\n"			/* argc */
	"	add x1, sp, #8\n"		/* argv */
	"	add x2, x1, x0, lsl #3\n"
	"	add x2, x2, #8\n"		/* envp = argv + argc + 1 */
	"	bl init_main\n"
	"1:	b 1b\n"
	".size _start, . - _start\n");
