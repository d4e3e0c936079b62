# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: the vPL011's interrupt as a level SPI (console irq 33): the GIC shows only owned SPIs; with UARTIMSC = 0 typed input raises UARTRIS.RX but no interrupt, unmasking takes it at once; a guest sleeping in WFI with IRQs unmasked is woken by the RX interrupt and reads the typed line in its handler (MIS shows RX), the line is low once drained; TXIM with TXRIS latched interrupts once (cleared by UARTICR, no storm); after the partition restarts itself the interrupt works again; the unfocused partition gets no interrupt and only the input typed after Ctrl-T n"
ARGS=(-initrd "$B/part-tests/arm64-uart-irq.dtb")
INPUT=("[first] uartirq: masked, type now" "m\r"
	"[first] uartirq: sleeping, type now" "hello\r"
	"[first] uartirq: restarted, sleeping, type now" "again\r"
	"[first] GUEST-RESULT uartirq" "\x14nsecond\r")
EXPECT=("partitions: 2 of 2 started"
	"[second] uartirq: unfocused, sleeping until input comes"
	"[first] uartirq: masked input raised RIS only; unmasking took it at once"
	"[first] uartirq: woken from WFI by the RX interrupt, read \"hello\" in"
	"[first] uartirq: TXIM with TXRIS set: 1 interrupt, cleared by UARTICR"
	"[first] uartirq: restarting"
	"[first] uartirq: after the restart, read \"again\" in"
	"[first] GUEST-RESULT uartirq: PASS ("
	"bulkhead: console input to \"second\""
	"[second] uartirq: unfocused partition got only its own input (\"second\")"
	"[second] GUEST-RESULT uartirq: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "no virtual GIC" "not an SPI")
EXIT=0
TIMEOUT=90
