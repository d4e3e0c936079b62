# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest=ext: an emergency signal nobody waits for is reported (code 0x1201, its old PSW), not silently dropped; exit 1"
ARGS=(-append "bulkhead.crashtest=ext")
EXPECT_ORDER=1
# 0x1201 = emergency signal (PoP chapter 6); the old PSW has the external mask
# bit (0x01 in the first byte) that STOSM set just before.
EXPECT=("bulkhead: CRASH on CPU 0 (CPU address 0x0000): unexpected external interruption"
	"  code 0x1201, "
	"  old PSW 0x01"
	"  r12 0x"
	"bulkhead: stopping after a fatal interruption")
REJECT=("CPUs online" "no interruption happened")
EXIT=1
