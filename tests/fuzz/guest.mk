# SPDX-License-Identifier: MIT
# libFuzzer targets for what a hostile guest controls, registered through
# tests/fuzz/fuzz.mk's scheme. Each turns its input into a sequence of
# operations (tests/fuzz/fuzz_input.h) and checks invariants against a
# model after every one of them, not only "no crash":
#   hypercall   hyp/hypercall.c + the generic partition core on the fake
#               architecture of the host tests (fuzz_hypercall.c)
#   vgic        arch/arm64/vgic.c against the host test's reference model
#               (tests/unit/arm64/vgic/vgic_ref.h) plus lines and list registers
#   vpl011      hyp/vpl011.c + hyp/vcons.c: registers and console input
#   arm64_trap  arch/arm64/trap_decode.c against the Arm ARM's field definitions
# Seeds: the small files in tests/fuzz/corpus/<name>/ (written by hand from
# the documented encodings; each file's name says what it exercises).
# FUZZ_TRACE=1 build/fuzz/hypercall/fuzzer FILE prints each call and result.

# hypercall: tests/unit/hyp/fakearch/unit.mk's HYP_FAKE_SRCS / _CFLAGS are
# recursive, so these are too (expanded when the rule runs).
FUZZ_TARGETS += hypercall
FZ_hypercall_SRCS = tests/fuzz/fuzz_hypercall.c $(HYP_FAKE_SRCS)
FZ_hypercall_CFLAGS = $(HYP_FAKE_CFLAGS) -lcmocka

FUZZ_TARGETS += vgic
FZ_vgic_SRCS := tests/fuzz/fuzz_vgic.c arch/arm64/vgic.c tests/unit/lib/host_stubs.c
FZ_vgic_CFLAGS := -lcmocka

FUZZ_TARGETS += vpl011
FZ_vpl011_SRCS := tests/fuzz/fuzz_vpl011.c hyp/vpl011.c hyp/vcons.c tests/unit/lib/host_stubs.c
FZ_vpl011_CFLAGS := -lcmocka

FUZZ_TARGETS += arm64_trap
FZ_arm64_trap_SRCS := tests/fuzz/fuzz_arm64_trap.c arch/arm64/trap_decode.c

# Headers outside fuzz.mk's list that these targets depend on.
FUZZ_HDRS += tests/unit/arm64/vgic/vgic_ref.h tests/unit/hyp/fakearch/fake_arch.h arch/arm64/vgic.h \
	arch/arm64/trap_decode.h
