# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="a loader that places the image away from its link address gets a clear message and a power-off"
KERNEL=$B/tests/moveshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40400000,force-raw=on)
TIMEOUT=30
EXPECT=("bulkhead: fatal: loaded at 0x0000000040400000, but linked to run at 0x0000000040200000")
REJECT=("Bulkhead 0.1.0")
EXIT=0
