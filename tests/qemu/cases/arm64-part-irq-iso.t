# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: virtual GICv3 isolation: two partitions time-sliced on CPU 1 each take exactly their own virtual-timer interrupts (1.5 ms and 2.3 ms periods, none early, none later than the other's 1 ms slice plus 50 us, under -icount), and none once their own timer is off while the other's keeps firing on the same physical CPU"
ARGS=(-icount shift=0,sleep=off -initrd "$B/part-tests/arm64-irq-iso.dtb")
EXPECT=("[irqa] irq: 20+ timer interrupts at least 1500 us apart, none early"
	"[irqb] irq: 20+ timer interrupts at least 2300 us apart, none early"
	"[irqa] irq-iso: no interrupt after my timer stopped"
	"[irqb] irq-iso: no interrupt after my timer stopped"
	"[irqa] GUEST-RESULT irq: PASS ("
	"[irqb] GUEST-RESULT irq: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "no virtual GIC")
EXIT=0
TIMEOUT=90
