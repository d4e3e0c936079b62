# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: two partitions share CPU 1 with 1 ms slices and never yield; the EL2 timer preempts them (each guest checks its own timer-exit count through HC_PART_STATS) and both finish"
ARGS=(-initrd "$B/part-tests/arm64-timeslice.dtb")
EXPECT=("partitions: 2 of 2 started"
	"[alpha] hello 0 from partition 0 of 2"
	"[beta] hello 0 from partition 1 of 2"
	"[alpha] hello 199 from partition 0 of 2"
	"[beta] hello 199 from partition 1 of 2"
	"[alpha] GUEST-RESULT hello: PASS ("
	"[beta] GUEST-RESULT hello: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit" " 0 timer exits")
EXIT=0
TIMEOUT=90
