# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: a bad bundle gives every error (as bulkhead-check does), then a clean failure stop before anything starts"
# Semihosting lets arch_stop(1) set QEMU's exit status (arch/arm64/psci.c).
ARGS=(-initrd "$B/manifest-tests/arm64-bad.dtb" -semihosting -append "bulkhead.exit=semihosting")
EXPECT_ORDER=1
# The errors bulkhead-check gives for this bundle (checked at build time by
# tests/qemu/manifest/check-expect.sh); here the hypervisor memory it hits is
# the image as loaded, at 0x40200000.
mapfile -t EXPECT < tests/qemu/manifest/arm64-bad.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]/%hypervisor memory 0x/hypervisor memory 0x40200000-}"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:")
EXIT=1
TIMEOUT=60
