# SPDX-License-Identifier: MIT
# The console sits under a /soc bus at child address 0x1000, which the bus's
# ranges put at 0x09000000: output appears only if the translation is right.
# Handed over by the test shim (with bootargs "bulkhead.exit=semihosting").
ARCH=arm64
DESC="a console under a translating bus (ranges) is found at its CPU address"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/soc-ranges.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=("console: pl011 at 0x9000000 (/chosen stdout-path /soc/pl011@1000)"
	"  reserved 0x0000000044000000-0x0000000044" "CPUs online: 4 of 4 (EL2)")
REJECT=("fatal" "EL2 exception")
EXIT=0
