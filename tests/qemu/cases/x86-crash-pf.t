# SPDX-License-Identifier: MIT
ARCH=x86
DESC="bulkhead.crashtest: a page fault on the boot CPU prints the crash dump and QEMU exits non-zero"
ARGS=(-smp 2 -append bulkhead.crashtest)
EXPECT_ORDER=1
EXPECT=("x86: bulkhead.crashtest=pf: taking an exception on purpose"
	"bulkhead: x86: CPU 0 (APIC ID 0): exception vector 14 (#PF page fault), error code 0x0"
	"  RIP    0000000000"
	"CR2 000040000dead000"
	"  RAX "
	"  R13 "
	"page fault: supervisor read access at 0x40000dead000 (page not present)"
	"bulkhead: x86: crash dump ends; stopping")
REJECT=("CPUs online")
EXIT=3
