# SPDX-License-Identifier: MIT
ARCH=x86
DESC="manifest: a pinned VMID (ASID) beyond what CPUID reports (16 ASIDs under TCG, 0 the host's) is refused at boot, as bulkhead-check does"
# arch_stop(1) through isa-debug-exit: QEMU exits with 1 * 2 + 1.
ARGS=(-initrd "$B/manifest-tests/x86-vmid.dtb")
EXPECT_ORDER=1
mapfile -t EXPECT < tests/qemu/manifest/x86-vmid.expect
EXPECT=("x86: SVM present (AMD-V), NPT present, 16 ASIDs" "boot bundle: 0x" "${EXPECT[@]}"
	"bulkhead: manifest rejected: no partition started; stopping")
REJECT=("manifest: accepted" "CPUs online")
EXIT=3
TIMEOUT=60
