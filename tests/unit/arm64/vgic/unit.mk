# SPDX-License-Identifier: MIT
# The arm64 virtual GICv3 register model (arch/arm64/vgic.c) against a
# per-INTID reference model of IHI 0069H, with hostile accesses.
UNIT_TESTS += arm64_vgic
UT_arm64_vgic_SRCS := tests/unit/arm64/vgic/test_vgic.c arch/arm64/vgic.c tests/unit/lib/host_stubs.c
