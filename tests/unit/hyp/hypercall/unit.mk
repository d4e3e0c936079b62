# SPDX-License-Identifier: MIT
# Hypercalls with hostile arguments on the fake architecture (fakearch/unit.mk).
UNIT_TESTS += hypercall
UT_hypercall_SRCS = tests/unit/hyp/hypercall/test_hypercall.c $(HYP_FAKE_SRCS)
UT_hypercall_CFLAGS = $(HYP_FAKE_CFLAGS)
