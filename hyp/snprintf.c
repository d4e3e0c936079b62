// SPDX-License-Identifier: MIT
/*
 * snprintf() and vsnprintf() for the hypervisor image: the C library's names
 * on hyp/fmt.c's formatter, so every caller in the tree (manifest summaries,
 * device-tree paths, crash dumps) uses it and newlib's stdio formatter is
 * never linked. Objects come before libc.a on the link line, so these
 * definitions are the ones used. Same contract as newlib's for what the
 * hypervisor uses (hyp/fmt.h lists the conversions; GCC checks every
 * caller's format against <stdio.h>'s printf attribute). Not built into the
 * host unit tests, which use the host C library as the formatter's reference.
 */
#include <stdio.h>
#include "hyp/fmt.h"

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
