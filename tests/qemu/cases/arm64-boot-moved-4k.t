# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="loaded at a 4 KiB (not 2 MiB) aligned address, the image still relocates and boots"
KERNEL=$B/tests/moveshim-4k.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40a01000,force-raw=on)
TIMEOUT=30
EXPECT=("  reserved 0x0000000040a01000-0x0000000040" "CPUs online: 4 of 4 (EL2)")
REJECT=("fatal" "EL2 exception")
EXIT=0
