# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: the debug registers (trapped by MDCR_EL2, emulated per vCPU) as Linux uses them: OS lock set at reset and cleared by OSLAR_EL1, MDSCR_EL1, each of the 6 breakpoints and 4 watchpoints (value and control) as written, the next ones and wrong-direction accesses undefined, MDCCINT_EL1/MDCCSR_EL0 read as zero, PMUSERENR_EL0 read as zero; two partitions time-sliced on one CPU each keep their own values across 40 yields"
ARGS=(-initrd "$B/part-tests/arm64-debug.dtb")
EXPECT=("[alpha] debug: 6 breakpoints, 4 watchpoints"
	"[alpha] debug: OS lock, MDSCR_EL1, 6 breakpoints and 4 watchpoints as written; the next ones undefined"
	"[alpha] debug: 40 rounds: MDSCR_EL1, DBGBVR0, DBGWVR0 kept across yields"
	"[alpha] GUEST-RESULT debug: PASS (154 checks)"
	"[beta] debug: OS lock, MDSCR_EL1, 6 breakpoints and 4 watchpoints as written; the next ones undefined"
	"[beta] debug: 40 rounds: MDSCR_EL1, DBGBVR0, DBGWVR0 kept across yields"
	"[beta] GUEST-RESULT debug: PASS (154 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "unhandled exit" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=60
