/* SPDX-License-Identifier: MIT */
/*
 * Pure-C decoders for what the s390x boot reads from outside: the SCLP Read
 * SCP Info response and the IPL command line. No instructions, no globals:
 * compiled into the hypervisor and into the host unit tests
 * (tests/unit/s390/sclp), which feed them hostile input.
 */
#ifndef ARCH_S390_PARSE_H
#define ARCH_S390_PARSE_H

#include "hyp/compiler.h"

#define SCLP_MAX_CPUS		248	/* CPU entries a 4 KiB SCCB can hold after the fixed part */

/* One CPU of the configuration, from an SCLP CPU entry. */
struct sclp_cpu {
	uint16_t addr;		/* CPU address (SIGP) */
	uint8_t type;		/* CPU type (0 = CP) */
	bool sief2;		/* SIE interpretation facility 2 installed: SIE usable */
};

/* What Read SCP Info reported, checked and decoded. */
struct sclp_info {
	uint64_t mem_size;	/* bytes of storage: increments x increment size */
	uint64_t incr_size;	/* storage increment size in bytes */
	uint64_t incr_count;
	bool ext_rnmax;		/* the count came from the extended field rnmax2 */
	bool ext_rnsize;	/* the size came from the extended field rnsize2 */
	unsigned int ncpus;	/* CPU entries, <= SCLP_MAX_CPUS */
	struct sclp_cpu cpu[SCLP_MAX_CPUS];
};

/*
 * Decode a completed Read SCP Info SCCB of `len` bytes (the buffer; the
 * SCCB's own length field must fit in it). Every offset and count is checked
 * against the SCCB length before use; big-endian fields are read bytewise.
 * Returns 0, or -1 with the reason (naming the field) in why[whylen];
 * *info is fully written either way (zeroed on error).
 */
int sclp_decode_info(const uint8_t *sccb, size_t len, struct sclp_info *info, char *why,
		     size_t whylen) __must_check;

/*
 * Find `name` as a whole space-separated word of `cmdline`, alone or as
 * name=value. Returns NULL if absent, else `val` holding the value ("" when
 * there is none), truncated to valsz - 1 characters. valsz must be >= 1.
 */
const char *cmdline_option(const char *cmdline, const char *name, char *val, size_t valsz);

#endif
