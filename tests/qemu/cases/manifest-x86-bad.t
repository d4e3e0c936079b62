# SPDX-License-Identifier: MIT
ARCH=x86
DESC="manifest: a bad bundle gives every error (as bulkhead-check does), then a clean failure stop before anything starts"
# arch_stop(1) through isa-debug-exit: QEMU exits with 1 * 2 + 1.
ARGS=(-initrd "$B/manifest-tests/x86-bad.dtb")
EXPECT_ORDER=1
# The errors bulkhead-check gives for this bundle (checked at build time by
# tests/qemu/manifest/check-expect.sh); here the hypervisor memory it hits is
# the image as loaded, at 0x100000.
mapfile -t EXPECT < tests/qemu/manifest/x86-bad.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]/%hypervisor memory 0x/hypervisor memory 0x100000-}"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:")
EXIT=3
TIMEOUT=60
