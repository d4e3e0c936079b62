# SPDX-License-Identifier: MIT
# Host unit tests for mm/ (see Makefile "Host unit tests"). A plain list:
# add your test by appending lines below. Shared helpers for mm tests:
# tests/unit/lib/physmem.c (simulated physical memory, mm_phys_to_virt),
# tests/unit/lib/host_stubs.c (arch hooks, log, fatal/BUG_ON catching).
UNIT_TESTS += frame
UT_frame_SRCS := tests/unit/mm/test_frame.c mm/frame.c tests/unit/lib/physmem.c \
	tests/unit/lib/host_stubs.c

# Page-table engine (mm/pt.c) with every format, against reference walkers.
PT_TEST_LIB := tests/unit/mm/pt_env.c tests/unit/mm/pt_check.c tests/unit/mm/model.c \
	tests/unit/mm/ref_arm64.c tests/unit/mm/ref_x86.c tests/unit/mm/ref_s390.c \
	tests/unit/mm/fake_fmt.c mm/pt.c mm/frame.c arch/arm64/pt_s2.c arch/x86/pt_npt.c \
	arch/x86/pt_ept.c arch/s390/pt_dat.c tests/unit/lib/physmem.c tests/unit/lib/host_stubs.c
UNIT_TESTS += pt
UT_pt_SRCS := tests/unit/mm/test_pt.c $(PT_TEST_LIB)
