# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="a DTB header claiming more than 2 MiB is refused before it is mapped, clean power-off"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/toobig.bin,addr=0x44000000,force-raw=on)
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=("bulkhead: fatal: DTB at 0x44000000: totalsize 3145728 exceeds the 2 MiB limit" "bulkhead: stopping after a failure; powering off")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=0
