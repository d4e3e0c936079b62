# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="hostile DTB: a console reg outside its bus's ranges is refused, failure exit"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/soc-ranges-bad.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: console /soc/pl011@1000 reg: missing, or outside its bus's ranges")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=1
