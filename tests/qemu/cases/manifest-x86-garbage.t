# SPDX-License-Identifier: MIT
ARCH=x86
DESC="manifest: a bundle that is not a device tree is refused with one error and a failure stop"
ARGS=(-initrd tests/qemu/manifest/not-a-dtb.txt)
EXPECT_ORDER=1
EXPECT=("boot bundle: 0x"
	"manifest: bundle: not a valid device tree (bad magic)"
	"manifest: 1 error(s)"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online")
EXIT=3
TIMEOUT=60
