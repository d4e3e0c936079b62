# SPDX-License-Identifier: MIT
# The first 2000 bytes of a valid DTB, header unchanged: the structure block
# runs into zeroed memory. Delivered by the test shim as for bad magic.
ARCH=arm64
DESC="unreadable DTB (truncated): one fatal line, clean power-off"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/truncated.bin,addr=0x44000000,force-raw=on)
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=("bulkhead: fatal: DTB at 0x44000000: bad structure block" "bulkhead: stopping after a failure; powering off")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=0
