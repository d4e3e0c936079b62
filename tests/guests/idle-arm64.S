// SPDX-License-Identifier: MIT
// Placeholder guest image for the example bundles (arm64): waits for
// interrupts forever. Replaced by real guests once partitions run (issue 5).
	.text
	.globl _start
_start:
1:	wfi
	b	1b
