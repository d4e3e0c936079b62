# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: devices that can master DMA (fw_cfg, a PCIe window: found in QEMU's DTB at boot) are refused for passthrough with the same errors bulkhead-check gives; the PL031 beside them is fine"
ARGS=(-initrd "$B/manifest-tests/arm64-dma.dtb" -semihosting -append "bulkhead.exit=semihosting")
EXPECT_ORDER=1
mapfile -t EXPECT < tests/qemu/manifest/arm64-dma.expect
EXPECT=("boot bundle: 0x" "${EXPECT[@]}" "bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online" "frames:" "device@9010000")
EXIT=1
TIMEOUT=60
