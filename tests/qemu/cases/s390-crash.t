# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest: a load beyond storage gives the program-interruption report (code, ILC, PSW, GPRs) and exit status 1"
ARGS=(-append "bulkhead.crashtest")
EXPECT_ORDER=1
# Addressing exception = code 0x0005 (PoP, chapter 6); LG is a 6-byte RXY
# instruction (ILC 3). r6/r7 are set to known values and r8 to the address
# 1 GiB + 1 MiB just before the load.
EXPECT=("s390: bulkhead.crashtest="
	"s390: loading from 0x40100000 (beyond storage)"
	"bulkhead: CRASH on CPU 0 (CPU address 0x0000): program interruption"
	"  interruption code 0x0005 (addressing), ILC 3 (6-byte instruction)"
	"  old PSW 0x0000"
	"  translation-exception id 0x"
	" 0x0123456789abcdef 0xfedcba9876543210"
	"  r8  0x0000000040100000 "
	"  r12 0x"
	"bulkhead: stopping after a fatal interruption")
REJECT=("CPUs online")
EXIT=1
