UNIT_TESTS += arm64_hyp_mmu
UT_arm64_hyp_mmu_SRCS := tests/unit/arm64/hyp_mmu/test_hyp_mmu.c arch/arm64/hyp_mmu.c
