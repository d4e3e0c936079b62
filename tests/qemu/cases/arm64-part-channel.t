# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: shared-memory channels from the manifest: a writer and a reader on their own CPUs exchange 2000 checksummed messages through two channels (each read-only on one side: writes there abort, nothing executes), and a partition that is no peer finds nothing at the windows"
ARGS=(-initrd "$B/part-tests/arm64-channel.dtb")
EXPECT=("partitions: 3 of 3 started"
	"[writer] channel: writer: 2000 messages sent and acknowledged"
	"[reader] channel: reader: 2000 messages received in order, 0 bad"
	"[outsider] channel: outsider: both windows abort"
	"[writer] GUEST-RESULT channel: PASS ("
	"[reader] GUEST-RESULT channel: PASS ("
	"[outsider] GUEST-RESULT channel: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit")
EXIT=0
TIMEOUT=90
