# SPDX-License-Identifier: MIT
# The per-CPU scheduler on the fake architecture and its fake clock (fakearch/unit.mk).
UNIT_TESTS += sched
UT_sched_SRCS = tests/unit/hyp/sched/test_sched.c $(HYP_FAKE_SRCS)
UT_sched_CFLAGS = $(HYP_FAKE_CFLAGS)
