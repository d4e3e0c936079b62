# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="W^X: a write to hypervisor text is a permission fault (text is mapped read-only)"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest=write-text")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"crashtest: writing to hypervisor text at 0x402"
	"EC 0x25 data abort at EL2: permission fault, level 3, write"
	"bulkhead: fatal: unhandled EL2 exception on cpu 0"
)
REJECT=("CPUs online" "crashtest: no exception")
EXIT=1
