# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: two partitions on CPUs 1 and 2 print through their virtual PL011s at the same time, each line whole and prefixed; PSCI_VERSION, HC_VERSION, HC_CONSOLE_WRITE and the UART ID registers checked from inside; beta's lazy RAM is mapped page by page on first touch"
ARGS=(-initrd "$B/part-tests/arm64-two-consoles.dtb")
EXPECT=("partitions: 2 of 2 started"
	"[alpha] line written by HC_CONSOLE_WRITE"
	"[beta] line written by HC_CONSOLE_WRITE"
	"[alpha] hello 0 from partition 0 of 2"
	"[beta] hello 0 from partition 1 of 2"
	"[alpha] hello 29 from partition 0 of 2"
	"[beta] hello 29 from partition 1 of 2"
	"[alpha] GUEST-RESULT hello: PASS ("
	"[beta] GUEST-RESULT hello: PASS ("
	"[beta] hello: " "pages mapped on first touch"
	"bulkhead: partition \"alpha\": system off: halted"
	"bulkhead: partition \"beta\": system off: halted"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit")
EXIT=0
TIMEOUT=60
