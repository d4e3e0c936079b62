# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: a passthrough device's interrupt: the PL031 RTC's physical SPI 34 is forwarded to the owning partition's virtual GIC as a HW-linked SPI; its match interrupt wakes the guest from WFI twice (the guest's EOI deactivates the physical SPI, so it fires again), nothing more arrives once the guest cleared it at the device; fired while the guest masks IRQs it is held pending, and after the partition restarts itself the device's still-high line is delivered again and a further match works"
ARGS=(-initrd "$B/part-tests/arm64-devirq.dtb")
EXPECT_ORDER=1
EXPECT=("partitions: 1 of 1 started"
	"[rtc] devirq: the RTC's SPI 34 woke WFI 2 times (HW-linked, EOI deactivates), then quiet"
	"[rtc] devirq: held pending with IRQs masked; restarting"
	"[rtc] devirq: after a restart with the SPI held active, the device's line was delivered again, then 1 more"
	"[rtc] GUEST-RESULT devirq: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "no virtual GIC" "not an SPI" "another partition")
EXIT=0
TIMEOUT=90
