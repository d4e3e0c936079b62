# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="a stack overflow hits the unmapped guard page and is dumped from the separate crash stack"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest=stack")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"crashtest: pushing below the bottom of cpu 0's stack"
	"bulkhead: EL2 exception on cpu 0: synchronous (current EL, SP_EL2)"
	"EC 0x25 data abort at EL2: translation fault, level 3, write"
	"  FAR is in the guard page below cpu 0's stack: stack overflow"
	"bulkhead: fatal: unhandled EL2 exception on cpu 0"
)
REJECT=("CPUs online" "crashtest: no exception" "inside the crash handler")
EXIT=1
