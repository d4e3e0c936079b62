// SPDX-License-Identifier: MIT
/*
 * Decoders for the s390x boot's outside input (see parse.h): the SCLP Read
 * SCP Info response (storage size, CPU list, per-CPU SIE facility) and
 * command-line options. Pure C, no side effects beyond the output
 * arguments, tested on the host.
 *
 * Read SCP Info layout (offsets in bytes, big-endian), as Linux
 * (drivers/s390/char/sclp.h, struct read_info_sccb) and QEMU
 * (include/hw/s390x/sclp.h, ReadInfo) define it:
 *     0  SCCB header: u16 length, u8 function, u8 control[3], u16 response
 *     8  u16 rnmax    storage increments (0: use rnmax2)
 *    10  u8  rnsize   increment size in MiB (0: use rnsize2)
 *    16  u16 number of CPU entries
 *    18  u16 offset of the first CPU entry
 *   100  u32 rnsize2
 *   104  u64 rnmax2
 * CPU entry (16 bytes): byte 0 CPU address, byte 2 bit 0x08 SIEF2, byte 14
 * CPU type.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "arch/s390/parse.h"

#define RI_LENGTH	0
#define RI_RNMAX	8
#define RI_RNSIZE	10
#define RI_NCPUS	16
#define RI_CPU_OFFSET	18
#define RI_RNSIZE2	100
#define RI_RNMAX2	104
#define RI_FIXED_END	20	/* CPU entries must not overlap bytes 0-19 */
#define RI_EXT_END	112	/* the extended fields end here */

#define CPU_ENTRY_SIZE	16
#define CPU_ADDR	0
#define CPU_FEAT_SIEF2	2	/* byte, mask 0x08 */
#define CPU_TYPE	14

static uint64_t be(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

static int fail(struct sclp_info *info, char *why, size_t whylen, const char *fmt, ...)
	__printf(4, 5);

static int fail(struct sclp_info *info, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	memset(info, 0, sizeof(*info));
	if (whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int sclp_decode_info(const uint8_t *sccb, size_t len, struct sclp_info *info, char *why,
		     size_t whylen)
{
	unsigned int sccb_len, ncpus, off, i, j;
	uint64_t rnmax, rnsize;

	memset(info, 0, sizeof(*info));
	if (len < RI_FIXED_END)
		return fail(info, why, whylen, "buffer of %u bytes is shorter than the header",
			    (unsigned int)len);
	sccb_len = (unsigned int)be(sccb + RI_LENGTH, 2);
	if (sccb_len < RI_FIXED_END || sccb_len > len)
		return fail(info, why, whylen, "SCCB length %u outside %u..%u", sccb_len,
			    RI_FIXED_END, (unsigned int)len);

	ncpus = (unsigned int)be(sccb + RI_NCPUS, 2);
	off = (unsigned int)be(sccb + RI_CPU_OFFSET, 2);
	if (ncpus == 0)
		return fail(info, why, whylen, "no CPU entries");
	if (ncpus > SCLP_MAX_CPUS)
		return fail(info, why, whylen, "%u CPU entries, more than %u", ncpus, SCLP_MAX_CPUS);
	if (off < RI_FIXED_END || off + ncpus * CPU_ENTRY_SIZE > sccb_len)
		return fail(info, why, whylen,
			    "CPU entries (%u at offset %u) outside the %u-byte SCCB body", ncpus, off,
			    sccb_len);

	rnmax = be(sccb + RI_RNMAX, 2);
	rnsize = be(sccb + RI_RNSIZE, 1);
	if (!rnmax || !rnsize) {
		/* The extended fields exist only if the fixed part reaches them. */
		if (off < RI_EXT_END || sccb_len < RI_EXT_END)
			return fail(info, why, whylen,
				    "rnmax %u / rnsize %u are 0 and the SCCB has no extended fields",
				    (unsigned int)rnmax, (unsigned int)rnsize);
		if (!rnmax) {
			rnmax = be(sccb + RI_RNMAX2, 8);
			info->ext_rnmax = true;
		}
		if (!rnsize) {
			rnsize = be(sccb + RI_RNSIZE2, 4);
			info->ext_rnsize = true;
		}
	}
	if (!rnmax || !rnsize)
		return fail(info, why, whylen, "no storage (rnmax %llu, rnsize %llu MiB)",
			    (unsigned long long)rnmax, (unsigned long long)rnsize);
	info->incr_size = rnsize << 20;		/* rnsize < 2^32: no overflow */
	info->incr_count = rnmax;
	if (__builtin_mul_overflow(info->incr_size, rnmax, &info->mem_size))
		return fail(info, why, whylen, "storage size overflows (rnmax %llu, rnsize %llu MiB)",
			    (unsigned long long)rnmax, (unsigned long long)rnsize);

	for (i = 0; i < ncpus; i++) {
		const uint8_t *e = sccb + off + i * CPU_ENTRY_SIZE;

		for (j = 0; j < i; j++)
			if (info->cpu[j].addr == e[CPU_ADDR])
				return fail(info, why, whylen, "CPU address 0x%x listed twice",
					    (unsigned int)e[CPU_ADDR]);
		info->cpu[i].addr = e[CPU_ADDR];
		info->cpu[i].type = e[CPU_TYPE];
		info->cpu[i].sief2 = e[CPU_FEAT_SIEF2] & 0x08;
	}
	info->ncpus = ncpus;
	return 0;
}

const char *cmdline_option(const char *cmdline, const char *name, char *val, size_t valsz)
{
	size_t n = strlen(name);
	const char *p = cmdline;

	while (*p) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if (n && (size_t)(end - p) >= n && !strncmp(p, name, n) &&
		    (p + n == end || p[n] == '=')) {
			const char *v = p + n == end ? end : p + n + 1;
			size_t vl = (size_t)(end - v);

			if (vl >= valsz)
				vl = valsz - 1;
			memcpy(val, v, vl);
			val[vl] = '\0';
			return val;
		}
		p = end;
	}
	return NULL;
}
