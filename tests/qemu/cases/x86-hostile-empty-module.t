# SPDX-License-Identifier: MIT
ARCH=x86
DESC="an empty module is no boot bundle: said, and the boot goes on"
ARGS=(-smp 1 -initrd "$B/test/empty.bin")
EXPECT=("is empty: no boot bundle" "boot bundle: none" "CPUs online: 1 of 1")
REJECT=("fatal")
EXIT=0
