# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: channel doorbells (HC_CHANNEL_RING): a peer rings 16 times and the other peer, sleeping in WFI, takes its doorbell SPI (edge) each time and acknowledges in the channel page; it rings back and wakes the first from WFI; bad channel ids give HC_INVALID, a partition that is no peer gets HC_DENIED, and a halted peer is not signalled"
ARGS=(-initrd "$B/part-tests/arm64-doorbell.dtb")
EXPECT=("partitions: 3 of 3 started"
	"[ringer] doorbell: rang 16 times, 16 acknowledged; bad channel ids refused"
	"[sleeper] doorbell: sleeper took 16 doorbells in WFI"
	"[ringer] doorbell: woken from WFI by the peer's doorbell; a halted peer is not signalled"
	"[outsider] doorbell: outsider may not ring"
	"[ringer] GUEST-RESULT doorbell: PASS ("
	"[sleeper] GUEST-RESULT doorbell: PASS ("
	"[outsider] GUEST-RESULT doorbell: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "no virtual GIC" "not an SPI")
EXIT=0
TIMEOUT=90
