# SPDX-License-Identifier: MIT
# A DTB with a memory reservation block entry and a /reserved-memory node,
# handed over by the test shim (bootargs "bulkhead.exit=semihosting").
ARCH=arm64
DESC="the DTB's memory reservation block and /reserved-memory become reserved ranges"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/rsv.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=(
	"  reserved 0x0000000044000000-0x0000000044"
	"  reserved 0x0000000050000000-0x00000000500fffff dtb rsvmap"
	"  reserved 0x0000000051000000-0x0000000051ffffff reserved-memory"
	"CPUs online: 4 of 4 (EL2)"
)
REJECT=("fatal" "EL2 exception")
EXIT=0
