# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="bulkhead.crashtest: a data abort prints the EL2 crash dump with ESR decoded, failure exit"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"crashtest: reading unmapped address 0x7fffdead0000"
	"bulkhead: EL2 exception on cpu 0: synchronous (current EL, SP_EL2)"
	"EC 0x25 data abort at EL2: translation fault, level 0, read"
	"  FAR_EL2  0x00007fffdead0000  ELR_EL2 0x00000000402"
	"  x0  0x"
	"  x29 0x"
	"  x30 0x"
	"  backtrace: 0x"
	"bulkhead: fatal: unhandled EL2 exception on cpu 0"
)
REJECT=("CPUs online" "crashtest: no exception")
EXIT=1
