# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest=restart: a restart interruption on a running CPU is reported and stops the machine (exit 1)"
ARGS=(-append "bulkhead.crashtest=restart")
EXPECT_ORDER=1
EXPECT=("bulkhead: CRASH on CPU 0 (CPU address 0x0000): unexpected restart interruption"
	"  old PSW 0x"
	"  r12 0x"
	"bulkhead: stopping after a fatal interruption")
REJECT=("CPUs online" "no interruption happened")
EXIT=1
