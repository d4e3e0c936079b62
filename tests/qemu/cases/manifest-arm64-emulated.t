# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: guest ranges over the virtual GIC or the console's default page are refused at boot (as bulkhead-check does), then a clean failure stop"
# Semihosting lets arch_stop(1) set QEMU's exit status (arch/arm64/psci.c).
ARGS=(-initrd "$B/manifest-tests/arm64-emulated.dtb" -semihosting -append "bulkhead.exit=semihosting")
EXPECT_ORDER=1
# The errors bulkhead-check gives for this bundle (checked at build time by
# tests/qemu/manifest/check-expect.sh against the example platform).
mapfile -t EXPECT < tests/qemu/manifest/arm64-emulated.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]}" "bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:" "no virtual GIC")
EXIT=1
TIMEOUT=60
