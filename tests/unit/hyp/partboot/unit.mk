# SPDX-License-Identifier: MIT
# Partition bring-up and the end of the machine (hyp/part_boot.c, part_is_any_alive) on the fake architecture (fakearch/unit.mk).
UNIT_TESTS += part_boot
UT_part_boot_SRCS = tests/unit/hyp/partboot/test_part_boot.c $(HYP_FAKE_SRCS)
UT_part_boot_CFLAGS = $(HYP_FAKE_CFLAGS)
