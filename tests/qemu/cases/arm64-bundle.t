# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="-initrd is found through /chosen linux,initrd-start/end and reserved as the boot bundle"
ARGS=(-initrd "$B/tests/bundle.bin")
# What follows (the manifest reader refusing a bundle that is no DTB) is
# not this test's business; without the semihosting option every stop exits 0.
EXPECT=("boot bundle: 0x48000000, 12345 bytes" "  reserved 0x0000000048000000-0x0000000048003038 bundle")
REJECT=("bulkhead: fatal" "boot bundle: none" "EL2 exception")
EXIT=0
