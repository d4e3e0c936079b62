# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="no DTB at all (x0 = 0): one fatal line, clean power-off"
KERNEL=$B/tests/dtbshim-null.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on)
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=("bulkhead: fatal: no DTB: the loader passed x0 = 0" "bulkhead: stopping after a failure; powering off")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=0
