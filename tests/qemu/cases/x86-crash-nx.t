# SPDX-License-Identifier: MIT
ARCH=x86
DESC="W^X: executing from hypervisor data faults (instruction fetch, error code P|I)"
ARGS=(-smp 1 -append bulkhead.crashtest=nx)
EXPECT=("exception vector 14 (#PF page fault), error code 0x11"
	"page fault: supervisor instruction fetch access at 0x"
	"(protection violation)")
EXIT=3
