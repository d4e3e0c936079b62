# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: console input goes to the focused partition only; Ctrl-T n moves the focus (announced), and each partition echoes exactly what it was sent"
ARGS=(-initrd "$B/part-tests/arm64-echo.dtb")
INPUT=("[first] echo: type a line" "hello-first\r"
	"[first] echo: hello-first" "\x14nhello-second\r"
	"[second] echo: hello-second" "quit\r"
	"[second] echo: quit" "\x14nquit\r")
EXPECT_ORDER=1
EXPECT=("partitions: 2 of 2 started"
	"[first] echo: hello-first"
	"bulkhead: console input to \"second\""
	"[second] echo: hello-second"
	"[second] echo: quit"
	"bulkhead: console input to \"first\""
	"[first] echo: quit"
	"bulkhead: no partition left running; stopping")
REJECT=("[first] echo: hello-second" "[second] echo: hello-first" "GUEST-FAIL" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=60
