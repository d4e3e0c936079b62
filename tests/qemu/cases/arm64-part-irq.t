# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: virtual GICv3: a two-vCPU partition brings its GIC up like Linux (GICD_CTLR, GICR_WAKER, ICC_SRE/PMR/IGRPEN1), takes 21 virtual-timer interrupts (PPI 27, HW list register) 2 ms apart in its EL1 IRQ vector, none early or more than 50 us late (-icount: the counter follows instructions, not the host clock), is woken from WFI by the interrupt (IRQs unmasked, and masked with ISR_EL1.I set), takes 7 SGIs sent to itself in priority order through 4 list registers (underflow maintenance refill), and exchanges 32 SGIs each way with vCPU 1 sleeping in WFI, plus an IRM broadcast that reaches vCPU 1 only"
ARGS=(-icount shift=0,sleep=off -initrd "$B/part-tests/arm64-irq.dtb")
EXPECT_ORDER=1
EXPECT=("bulkhead: partition \"irq\": started (2 vCPUs)"
	"[irq] irq: GIC up (TYPER 0x480021), PPI 27 enabled"
	"[irq] irq: 20+ timer interrupts at least 2000 us apart, none early"
	"[irq] irq: WFI woken by the timer interrupt, unmasked and masked"
	"[irq] irq: 7 SGIs to itself through 4 list registers, taken in priority order"
	"[irq] irq: 32 SGIs each way between vCPUs 0 and 1, broadcast to vCPU 1 only; vCPU 1 slept in WFI"
	"[irq] GUEST-RESULT irq: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "no virtual GIC")
EXIT=0
TIMEOUT=90
