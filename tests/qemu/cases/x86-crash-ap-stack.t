# SPDX-License-Identifier: MIT
ARCH=x86
DESC="AP stacks have an unmapped guard page: an overflow on CPU 1 double-faults onto its IST stack and dumps"
ARGS=(-smp 2 -append bulkhead.crashtest=ap-stack)
EXPECT=("bulkhead: x86: CPU 1 (APIC ID 1): exception vector 8 (#DF double fault), error code 0x0"
	"bulkhead: x86: crash dump ends; stopping")
REJECT=("CPUs online: 2 of 2")
EXIT=3
