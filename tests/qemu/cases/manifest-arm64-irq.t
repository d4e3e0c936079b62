# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: a console irq, doorbell-irq or device irq outside the virtual GIC's SPIs 32-63 is refused at boot with the errors bulkhead-check gives (32 and 63 are fine), then a clean failure stop"
# Semihosting lets arch_stop(1) set QEMU's exit status (arch/arm64/psci.c).
ARGS=(-initrd "$B/manifest-tests/arm64-irq.dtb" -semihosting -append "bulkhead.exit=semihosting")
EXPECT_ORDER=1
# The errors bulkhead-check gives for this bundle (checked at build time by
# tests/qemu/manifest/check-expect.sh against the example platform).
mapfile -t EXPECT < tests/qemu/manifest/arm64-irq.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]}" "bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:" "not an SPI" "no virtual GIC")
EXIT=1
TIMEOUT=60
