# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: a bundle that is not a device tree is refused with one error and a failure stop"
ARGS=(-initrd tests/qemu/manifest/not-a-dtb.txt -semihosting -append "bulkhead.exit=semihosting")
EXPECT_ORDER=1
EXPECT=("boot bundle: 0x"
	"manifest: bundle: not a valid device tree (bad magic)"
	"manifest: 1 error(s)"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online")
EXIT=1
TIMEOUT=60
