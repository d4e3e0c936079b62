# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-initrd: the bundle at QEMU's initrd address (0x800000) from the IPL parameter area, reserved, and read intact (manifest accepted)"
ARGS=(-initrd "$B/test/bundle.dtb")
size=$(stat -c %s "$B/test/bundle.dtb" 2>/dev/null || echo 0)
EXPECT=("  reserved 0x0000000000800000-$(printf '0x%016x' $((0x800000 + size - 1))) bundle"
	"boot bundle: 0x800000, $size bytes"
	"manifest: accepted: s390 initrd bundle test"
	"CPUs online: 4 of 4")
REJECT=("CRASH" "fatal" "boot bundle: none" "ignored")
EXIT=0
