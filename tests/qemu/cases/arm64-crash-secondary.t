# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="an exception on a secondary CPU is dumped on that CPU's own crash stack, naming it, failure exit"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest=secondary")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"cpu 1: online at EL2 (mpidr 0x1)"
	"crashtest: reading unmapped address 0x7fffdead0000"
	"bulkhead: EL2 exception on cpu 1: synchronous (current EL, SP_EL2)"
	"EC 0x25 data abort at EL2: translation fault, level 0, read"
	"bulkhead: fatal: unhandled EL2 exception on cpu 1"
)
REJECT=("crashtest: cpu 1 raised no exception" "no partitions to run yet")
EXIT=1
