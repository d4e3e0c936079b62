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
# One binary per format family (each runs its randomized sequences).
UNIT_TESTS += pt_arm64 pt_x86 pt_s390 pt_fake
UT_pt_arm64_SRCS := tests/unit/mm/test_pt.c $(PT_TEST_LIB)
UT_pt_arm64_CFLAGS := -DPT_FAMILY='"arm64"'
UT_pt_x86_SRCS := tests/unit/mm/test_pt.c $(PT_TEST_LIB)
UT_pt_x86_CFLAGS := -DPT_FAMILY='"pt"'
UT_pt_s390_SRCS := tests/unit/mm/test_pt.c $(PT_TEST_LIB)
UT_pt_s390_CFLAGS := -DPT_FAMILY='"s390"'
UT_pt_fake_SRCS := tests/unit/mm/test_pt.c $(PT_TEST_LIB)
UT_pt_fake_CFLAGS := -DPT_FAMILY='"fake"'

# Memslots, dirty logging, page tracking (mm/memslot.c, mm/dirty.c,
# mm/pagetrack.c) on the engine's formats, against reference models.
S2_TEST_LIB := tests/unit/mm/s2_fixture.c mm/memslot.c mm/dirty.c mm/pagetrack.c $(PT_TEST_LIB)
UNIT_TESTS += dirty
UT_dirty_SRCS := tests/unit/mm/test_dirty.c $(S2_TEST_LIB)
UNIT_TESTS += memslot
UT_memslot_SRCS := tests/unit/mm/test_memslot.c $(S2_TEST_LIB)
UNIT_TESTS += pagetrack
UT_pagetrack_SRCS := tests/unit/mm/test_pagetrack.c $(S2_TEST_LIB)
UNIT_TESTS += pt_dirty
UT_pt_dirty_SRCS := tests/unit/mm/test_pt_dirty.c $(PT_TEST_LIB)
