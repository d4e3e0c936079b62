# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: two partitions time-sliced on CPU 1 keep their own q0-q31 and FPCR across preemptions and yields (guest FP/SIMD state saved and restored by fpctx_*)"
ARGS=(-initrd "$B/part-tests/arm64-fp.dtb")
EXPECT=("[alpha] fp: partition 0: 40 rounds, 0 bad registers"
	"[beta] fp: partition 1: 40 rounds, 0 bad registers"
	"[alpha] GUEST-RESULT fp: PASS (1 checks)"
	"[beta] GUEST-RESULT fp: PASS (1 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit")
EXIT=0
TIMEOUT=90
