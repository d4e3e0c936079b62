# SPDX-License-Identifier: MIT
# QEMU replaces the memory nodes of a -dtb file, so the test shim
# (tests/qemu/arm64-dtbshim.S) hands this DTB over; it carries its own
# bootargs "bulkhead.exit=semihosting", so the failure exits with status 1.
ARCH=arm64
DESC="hostile DTB: overlapping memory nodes give one fatal line and a failure exit"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/mem-overlap.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: /memory@60000000 reg[0] 0x60000000-0x6fffffff overlaps RAM 0x40000000-0x7fffffff of another entry")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=1
