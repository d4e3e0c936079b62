# SPDX-License-Identifier: MIT
ARCH=s390
DESC="manifest: a bad bundle gives every error (as bulkhead-check does), then a clean failure stop before anything starts"
# arch_stop(1): a disabled wait that -action panic=exit-failure turns into status 1.
ARGS=(-initrd "$B/manifest-tests/s390-bad.dtb")
EXPECT_ORDER=1
# The errors bulkhead-check gives for this bundle (checked at build time by
# tests/qemu/manifest/check-expect.sh); here the hypervisor memory it hits is
# the image as loaded, at 0x10000.
mapfile -t EXPECT < tests/qemu/manifest/s390-bad.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]/%hypervisor memory 0x/hypervisor memory 0x10000-}"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:")
EXIT=1
TIMEOUT=60
