# SPDX-License-Identifier: MIT
ARCH=x86
DESC="hostile: a 200 MiB module on a 128 MiB machine (QEMU places it past RAM) is rejected with a clear error"
ARGS=(-smp 1 -m 128M -initrd "$B/test/huge.bin")
EXPECT=("bulkhead: fatal: multiboot: module 0 (boot bundle) 0x" "is not inside available RAM")
REJECT=("Bulkhead 0.1.0" "boot bundle: 0x")
EXIT=3
