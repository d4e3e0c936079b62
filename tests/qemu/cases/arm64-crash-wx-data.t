# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="W^X: executing hypervisor data is an instruction permission fault (data is execute-never)"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting bulkhead.crashtest=exec-data")
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=(
	"crashtest: executing hypervisor data at 0x402"
	"EC 0x21 instruction abort at EL2: permission fault, level 3, instruction fetch"
	"bulkhead: fatal: unhandled EL2 exception on cpu 0"
)
REJECT=("CPUs online" "crashtest: no exception")
EXIT=1
