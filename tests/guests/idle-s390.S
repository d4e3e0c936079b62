// SPDX-License-Identifier: MIT
// Placeholder guest image for the example bundles (s390x): loads an enabled
// wait PSW forever. Replaced by real guests once partitions run.
	.text
	.globl _start
_start:
	larl	%r1, wait_psw
1:	lpswe	0(%r1)
	j	1b
	.balign	8
wait_psw:
	.quad	0x0302000180000000, 0	/* wait, 64-bit addressing, I/O and external enabled */
