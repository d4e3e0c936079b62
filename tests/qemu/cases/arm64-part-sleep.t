# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: WFI: a guest that waits for its virtual timer sleeps (one WFI exit, no busy loop) and is woken at its deadline, alone on its CPU or sharing one with a time-sliced partition that keeps printing"
ARGS=(-initrd "$B/part-tests/arm64-sleep.dtb")
EXPECT=("[sleeper] sleep: 200 ms with 1 WFI, 1 wfi exits"
	"[sleeper] GUEST-RESULT sleep: PASS (3 checks)"
	"[napper] sleep: 100 ms with 1 WFI, 1 wfi exits"
	"[napper] GUEST-RESULT sleep: PASS (3 checks)"
	"[talker] hello 19 from partition 2 of 3"
	"[talker] GUEST-RESULT hello: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit")
EXIT=0
TIMEOUT=60
