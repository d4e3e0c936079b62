# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="a load address that is not 4 KiB aligned is refused before relocation, with a power-off"
KERNEL=$B/tests/moveshim-odd.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40a00800,force-raw=on)
TIMEOUT=30
EXPECT=("bulkhead: fatal: loaded at an address that is not 4 KiB aligned; powering off")
REJECT=("Bulkhead 0.1.0")
EXIT=0
