# SPDX-License-Identifier: MIT
ARCH=x86
DESC="W^X: a write to hypervisor text faults (protection violation, error code P|W)"
ARGS=(-smp 1 -append bulkhead.crashtest=wx)
EXPECT=("exception vector 14 (#PF page fault), error code 0x3"
	"page fault: supervisor write access at 0x"
	"(protection violation)")
EXIT=3
