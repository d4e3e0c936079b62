# SPDX-License-Identifier: MIT
# vCPU run loop, exits and fault policies on the fake architecture (fakearch/unit.mk).
UNIT_TESTS += vcpu_run
UT_vcpu_run_SRCS = tests/unit/hyp/run/test_run.c $(HYP_FAKE_SRCS)
UT_vcpu_run_CFLAGS = $(HYP_FAKE_CFLAGS)
