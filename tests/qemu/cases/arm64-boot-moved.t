# SPDX-License-Identifier: MIT
# The Image header says "anywhere": a loader may pick another 2 MiB aligned
# base. The test shim enters the image placed 2 MiB above its link address.
ARCH=arm64
DESC="loaded 2 MiB above its link address, the image relocates itself and boots fully"
KERNEL=$B/tests/moveshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40400000,force-raw=on)
TIMEOUT=30
EXPECT=(
	"Bulkhead 0.1.0 (arm64) booting in EL2"
	"  reserved 0x0000000040400000-0x0000000040"
	"cpu 3: online at EL2 (mpidr 0x3)"
	"CPUs online: 4 of 4 (EL2)"
	"bulkhead: no partitions to run yet; stopping"
)
REJECT=("fatal" "EL2 exception" "reserved 0x0000000040200000")
EXIT=0
