// SPDX-License-Identifier: MIT
/*
 * The SCLP (service-call logical processor): the s390x console and the
 * source of the machine's memory size and CPU list. Owns the SERVICE CALL
 * instruction, the SCCBs (service-call control blocks) and their checks.
 *
 * A command is issued with SERVICE CALL (command word, SCCB real address);
 * completion is signalled by a service-signal external interruption whose
 * parameter is the SCCB address, and only then is the SCCB's response code
 * valid. QEMU completes synchronously, hardware does not: we wait for the
 * interruption (bounded) and then read the response code either way.
 * SCCBs: 8-byte aligned, below 2 GiB, not crossing a 4 KiB boundary, outside
 * the prefix area; ours are 4 KiB-aligned static pages in the image.
 *
 * Layouts: the SCLP interface as documented by Linux's drivers/s390/char
 * (sclp.h, sclp_early.c) and QEMU's hw/s390x (sclp.c, event-facility.c);
 * field offsets are checked with static asserts below.
 */
#include <string.h>
#include "arch/s390/s390.h"
#include "hyp/log.h"

#define SCLP_CMD_READ_SCP_INFO		0x00020001u
#define SCLP_CMD_READ_SCP_INFO_FORCED	0x00120001u
#define SCLP_CMD_WRITE_EVENT_MASK	0x00780005u
#define SCLP_CMD_WRITE_EVENT_DATA	0x00760005u

#define SCLP_RC_NORMAL_READ		0x0010
#define SCLP_RC_NORMAL			0x0020
#define SCLP_RC_INVALID_COMMAND		0x01f0	/* try the forced variant */

#define SCLP_EVTYP_ASCII		0x1a	/* ASCII console data (VT220) */
#define SCLP_EVMASK_ASCII		(0x80000000u >> (SCLP_EVTYP_ASCII - 1))

#define SCCB_SIZE			4096
#define SCLP_TIMEOUT_US			5000000	/* hardware completes in milliseconds */

struct sccb_header {
	uint16_t length;
	uint8_t function_code;
	uint8_t control_mask[3];
	uint16_t response_code;
} __packed;

struct evbuf_header {
	uint16_t length;
	uint8_t type;
	uint8_t flags;
	uint16_t reserved;
} __packed;

struct write_event_mask {
	struct sccb_header h;
	uint16_t reserved;
	uint16_t mask_length;
	uint32_t cp_receive_mask;	/* events we accept */
	uint32_t cp_send_mask;		/* events we send */
	uint32_t sclp_receive_mask;	/* events the SCLP accepts (returned) */
	uint32_t sclp_send_mask;	/* events the SCLP sends (returned) */
} __packed;

#define CONSOLE_BUF_MAX	(SCCB_SIZE - sizeof(struct sccb_header) - sizeof(struct evbuf_header))

struct write_event_data {
	struct sccb_header h;
	struct evbuf_header ebh;
	char data[CONSOLE_BUF_MAX];
} __packed;

_Static_assert(sizeof(struct sccb_header) == 8, "SCCB header is 8 bytes");
_Static_assert(sizeof(struct write_event_mask) == 28, "write event mask, 4-byte masks");
_Static_assert(offsetof(struct write_event_data, data) == 14, "event data follows two headers");

/* The console SCCB, protected by the console lock in hyp/log.c. */
static uint8_t sccb_page[SCCB_SIZE] __aligned(SCCB_SIZE);
/* The crash report's SCCB (serialised by trap.c's crash lock). */
static uint8_t emergency_page[SCCB_SIZE] __aligned(SCCB_SIZE);
/* Read SCP Info's SCCB (boot CPU only). */
static uint8_t info_page[SCCB_SIZE] __aligned(SCCB_SIZE);

static int console_state;	/* 0: not tried, 1: working, -1: refused */
static size_t console_len;	/* bytes buffered in sccb_page's event data */
static bool console_busy;	/* a command is in flight on sccb_page */

/* SERVICE CALL; returns the condition code (0 = initiated, 2 = busy, 3 = no SCLP). */
static int servc(uint32_t cmd, void *sccb)
{
	int cc;

	__asm__ volatile(".insn rre,0xb2200000,%[cmd],%[sccb]\n\t"
			 "ipm	%[cc]\n\t"
			 "srl	%[cc],28"
			 : [cc] "=&d"(cc)
			 : [cmd] "d"((uint64_t)cmd), [sccb] "a"((uint64_t)(uintptr_t)sccb)
			 : "cc", "memory");
	return cc;
}

/*
 * Run one command to completion. Returns the response code, or 0 when the
 * SCLP never took the command or never completed it (a finished command's
 * response code is never 0).
 */
static uint16_t sclp_run(uint32_t cmd, void *sccb)
{
	struct sccb_header *h = sccb;
	uint64_t start = s390_tod();
	int cc;

	while ((cc = servc(cmd, sccb)) == 2) {
		if (s390_tod_us(start, s390_tod()) > SCLP_TIMEOUT_US)
			return 0;
		(void)s390_wait_ext(EXT_CODE_SERVICE, CR0_SERVICE_SIGNAL, 1000, NULL);
	}
	if (cc != 0)
		return 0;
	/*
	 * Consume the completion signal, so none stays pending. It may carry
	 * another SCCB's completion (QEMU merges pending service signals): the
	 * response code decides, the signal only paces.
	 */
	do {
		(void)s390_wait_ext(EXT_CODE_SERVICE, CR0_SERVICE_SIGNAL, SCLP_TIMEOUT_US / 4, NULL);
		if (__atomic_load_n(&h->response_code, __ATOMIC_ACQUIRE))
			break;
	} while (s390_tod_us(start, s390_tod()) < SCLP_TIMEOUT_US);
	return __atomic_load_n(&h->response_code, __ATOMIC_ACQUIRE);
}

static int write_ascii(uint8_t *page, const char *s, size_t len)
{
	struct write_event_data *w = (struct write_event_data *)page;

	if (len > CONSOLE_BUF_MAX)
		len = CONSOLE_BUF_MAX;
	memset(page, 0, sizeof(struct sccb_header) + sizeof(struct evbuf_header));
	if ((const uint8_t *)s != (const uint8_t *)w->data)
		memcpy(w->data, s, len);
	w->h.length = (uint16_t)(offsetof(struct write_event_data, data) + len);
	w->ebh.length = (uint16_t)(sizeof(struct evbuf_header) + len);
	w->ebh.type = SCLP_EVTYP_ASCII;
	return sclp_run(SCLP_CMD_WRITE_EVENT_DATA, page) == SCLP_RC_NORMAL ? 0 : -1;
}

int sclp_console_init(void)
{
	struct write_event_mask *m = (struct write_event_mask *)sccb_page;
	uint16_t rc;

	if (console_state)
		return console_state > 0 ? 0 : -1;
	console_busy = true;
	memset(m, 0, sizeof(*m));
	m->h.length = sizeof(*m);
	m->mask_length = sizeof(uint32_t);
	m->cp_receive_mask = 0;		/* no input: nothing to read, no event pending */
	m->cp_send_mask = SCLP_EVMASK_ASCII;
	rc = sclp_run(SCLP_CMD_WRITE_EVENT_MASK, m);
	console_state = (rc == SCLP_RC_NORMAL && (m->sclp_receive_mask & SCLP_EVMASK_ASCII)) ? 1 : -1;
	console_busy = false;
	console_len = 0;
	return console_state > 0 ? 0 : -1;
}

void sclp_console_flush(void)
{
	struct write_event_data *w = (struct write_event_data *)sccb_page;

	if (console_state <= 0 || console_busy || !console_len)
		return;
	console_busy = true;
	(void)write_ascii(sccb_page, w->data, console_len);
	console_len = 0;
	console_busy = false;
}

void arch_console_putc(char c)
{
	struct write_event_data *w = (struct write_event_data *)sccb_page;

	if (!console_state)
		(void)sclp_console_init();
	if (console_state <= 0 || console_busy)
		return;
	w->data[console_len++] = c;
	if (c == '\n' || console_len == CONSOLE_BUF_MAX)
		sclp_console_flush();
}

/* Same bytes as arch_console_putc() of each, '\r' before each '\n'. */
void arch_console_write(const char *s, size_t n)
{
	struct write_event_data *w = (struct write_event_data *)sccb_page;
	const char *end = s + n;

	if (!console_state)
		(void)sclp_console_init();
	for (; s < end; s++) {
		if (console_state <= 0 || console_busy)
			return;
		if (*s == '\n') {
			w->data[console_len++] = '\r';
			if (console_len == CONSOLE_BUF_MAX)
				sclp_console_flush();
		}
		w->data[console_len++] = *s;
		if (*s == '\n' || console_len == CONSOLE_BUF_MAX)
			sclp_console_flush();
	}
}

void sclp_emergency_write(const char *s, size_t len)
{
	/* Works even if the console never started: the mask is not needed to write. */
	while (len) {
		size_t n = len > CONSOLE_BUF_MAX ? CONSOLE_BUF_MAX : len;

		if (write_ascii(emergency_page, s, n))
			return;
		s += n;
		len -= n;
	}
}

int sclp_read_info(struct sclp_info *info)
{
	static const uint32_t cmds[] = { SCLP_CMD_READ_SCP_INFO, SCLP_CMD_READ_SCP_INFO_FORCED };
	char why[128];
	uint16_t rc = 0;
	unsigned int i;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		struct sccb_header *h = (struct sccb_header *)info_page;

		memset(info_page, 0, sizeof(info_page));
		h->length = SCCB_SIZE;
		h->function_code = 0x80;
		h->control_mask[2] = 0x80;	/* variable-length response */
		rc = sclp_run(cmds[i], info_page);
		if (rc != SCLP_RC_INVALID_COMMAND)
			break;
	}
	if (rc != SCLP_RC_NORMAL_READ && rc != SCLP_RC_NORMAL) {
		log_printf("s390: SCLP Read SCP Info failed: response 0x%04x\n", (unsigned int)rc);
		return -1;
	}
	if (sclp_decode_info(info_page, sizeof(info_page), info, why, sizeof(why))) {
		log_printf("s390: SCLP Read SCP Info: %s\n", why);
		return -1;
	}
	return 0;
}
