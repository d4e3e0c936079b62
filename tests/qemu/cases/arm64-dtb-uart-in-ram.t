# SPDX-License-Identifier: MIT
# Handed over by the test shim (with bootargs "bulkhead.exit=semihosting"):
# the error goes to the early UART, since the DTB's console is refused.
ARCH=arm64
DESC="hostile DTB: a console PL011 placed inside RAM is refused before any write to it"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/uart-in-ram.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: console /pl011@9000000 reg 0x40000000 size 0x1000 overlaps RAM")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=1
