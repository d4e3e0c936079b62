// SPDX-License-Identifier: MIT
// Placeholder guest image for the example bundles (x86_64): halts forever.
// Replaced by real guests once partitions run.
	.text
	.globl _start
_start:
1:	hlt
	jmp	1b
