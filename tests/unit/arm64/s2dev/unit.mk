# SPDX-License-Identifier: MIT
# Passthrough devices in the arm64 stage-2: hyp/partition.c with the real
# arm64 format (arch/arm64/pt_s2.c) on the fake architecture, read back by an
# independent walker and attribute decoder.
UNIT_TESTS += arm64_s2dev
UT_arm64_s2dev_SRCS = tests/unit/arm64/s2dev/test_s2dev.c arch/arm64/pt_s2.c $(HYP_FAKE_SRCS)
UT_arm64_s2dev_CFLAGS = $(HYP_FAKE_CFLAGS) -Wl,--wrap=arch_part_s2_config
