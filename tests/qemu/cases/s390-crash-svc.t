# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest=svc: SUPERVISOR CALL 0 is reported (code, ILC 1 = 2 bytes) and stops the machine (exit 1)"
ARGS=(-append "bulkhead.crashtest=svc")
EXPECT_ORDER=1
EXPECT=("bulkhead: CRASH on CPU 0 (CPU address 0x0000): unexpected SUPERVISOR CALL"
	"  SVC code 0x0000, ILC 1"
	"  old PSW 0x"
	"  r12 0x"
	"bulkhead: stopping after a fatal interruption")
REJECT=("CPUs online" "no interruption happened")
EXIT=1
