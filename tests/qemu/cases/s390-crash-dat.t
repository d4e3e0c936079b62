# SPDX-License-Identifier: MIT
ARCH=s390
DESC="bulkhead.crashtest=dat: with DAT on, a load from an invalid segment gives code 0x0010 and the address in the translation-exception id (lowcore 0xa8); exit 1"
ARGS=(-append "bulkhead.crashtest=dat")
EXPECT_ORDER=1
# PoP: segment-translation exception = 0x0010; the TEID holds the failing
# address in bits 0-51 (0x180000 here); bits 52-63 are flags. The old PSW
# still has DAT on (bit 5: 0x04 in its first byte).
EXPECT=("s390: DAT on, loading from 0x180000 (invalid segment 1)"
	"bulkhead: CRASH on CPU 0 (CPU address 0x0000): program interruption"
	"  interruption code 0x0010 (segment translation), ILC 3 (6-byte instruction)"
	"  old PSW 0x04"
	"  translation-exception id 0x0000000000180"
	"bulkhead: stopping after a fatal interruption")
REJECT=("CPUs online" "no interruption happened")
EXIT=1
