# SPDX-License-Identifier: MIT
# arm64 guest-exit arithmetic (arch/arm64/trap_decode.c): stage-2 abort
# decode, emulated-load completion, SEA injection, guest PSCI, the emulated
# debug registers.
UNIT_TESTS += arm64_trap
UT_arm64_trap_SRCS := tests/unit/arm64/trap/test_trap.c arch/arm64/trap_decode.c
