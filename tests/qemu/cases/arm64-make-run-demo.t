# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="make run's bundle (examples/arm64-demo.dts): two partitions print side by side, each line prefixed, power themselves off, and QEMU exits 0"
ARGS=(-initrd "$B/bundle.dtb")
EXPECT=("CPUs online: 4 of 4 (EL2)"
	"manifest: accepted: arm64 demo: two partitions side by side"
	"partitions: 2 of 2 started"
	"[rtos] hello 0 from partition 0 of 2"
	"[linux] hello 0 from partition 1 of 2"
	"[rtos] hello 7 from partition 0 of 2"
	"[linux] hello 7 from partition 1 of 2"
	"[rtos] GUEST-RESULT hello: PASS ("
	"[linux] GUEST-RESULT hello: PASS ("
	"bulkhead: partition \"rtos\": system off: halted"
	"bulkhead: partition \"linux\": system off: halted"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal" "unhandled exit")
EXIT=0
TIMEOUT=60
