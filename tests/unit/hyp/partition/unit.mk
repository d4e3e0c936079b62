# SPDX-License-Identifier: MIT
# Partition life cycle and contents on the fake architecture (fakearch/unit.mk).
UNIT_TESTS += partition
UT_partition_SRCS = tests/unit/hyp/partition/test_partition.c $(HYP_FAKE_SRCS)
UT_partition_CFLAGS = $(HYP_FAKE_CFLAGS)
