# SPDX-License-Identifier: MIT
ARCH=x86
DESC="5 GiB: RAM above 4 GiB (q35 splits at 2 GiB) is identity-mapped with 1 GiB pages and handed to the frame allocator"
ARGS=(-smp 1 -m 5G)
EXPECT=("x86: identity map up to 0x1c0000000"
	"  ram      0x0000000000100000-0x000000007ffdefff (2046 MiB)"
	"  ram      0x0000000100000000-0x00000001bfffffff (3072 MiB)"
	"memory: 5119 MiB in 3 range(s)")
REJECT=("fatal" "not mapped")
EXIT=0
