# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="a DTB pointer that is not 8-byte aligned is refused before it is read, clean power-off"
KERNEL=$B/tests/dtbshim-misaligned.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on)
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=("bulkhead: fatal: DTB pointer 0x44000004 is not 8-byte aligned" "bulkhead: stopping after a failure; powering off")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=0
