# SPDX-License-Identifier: MIT
ARCH=s390
DESC="a zero-length -initrd reads as no bundle, not as a bundle of 0 bytes"
ARGS=(-initrd "$B/test/empty.bin")
EXPECT=("boot bundle: none" "CPUs online: 4 of 4")
REJECT=("CRASH" "fatal" " bundle\$")
EXIT=0
