# SPDX-License-Identifier: MIT
ARCH=x86
DESC="an AP that never reports in (bulkhead.crashtest=ap-stall): bounded wait, named in the log, parked with INIT, the others still start"
ARGS=(-smp 3 -append bulkhead.crashtest=ap-stall)
EXPECT_ORDER=1
EXPECT=("x86: CPU 1 (APIC ID 1) did not come up"
	"x86: CPU 2 (APIC ID 2) online"
	"CPUs online: 2 of 3 (long mode)"
	"warning: 1 CPU(s) did not start"
	"bulkhead: no partitions to run yet; stopping")
REJECT=("x86: CPU 1 (APIC ID 1) online" "exception vector")
EXIT=0
