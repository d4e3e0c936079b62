# SPDX-License-Identifier: MIT
# Bulkhead: one Makefile for three architectures.
#
#   make [ARCH=arm64|x86|s390]   build build/<arch>/bulkhead.elf (default arm64)
#   make run [ARCH=...]          boot it in QEMU on this terminal
#   make test                    every test for every architecture
#   make unit                    host unit tests only (ASan + UBSan)
#   make fuzz-check              each libFuzzer target: seeds + ~12 s (tests/fuzz/fuzz.mk)
#   make fuzz [FUZZ_SECONDS=300] longer fuzzing, corpus kept in build/fuzz/
#   make qemu-test [ARCH=...]    QEMU integration tests (all arches by default)
#   make fpcheck                 no FP/SIMD instruction in any hypervisor image
#   make bench                   benchmarks (docs/perf.md)
#   make deps                    install the Debian packages the build needs
#   make clean                   remove build/ except the newlib and Linux kernel caches
#
# Every target first checks the Debian packages (scripts/deps.sh): missing ones
# are installed with apt-get when running as root, otherwise make stops with
# one line naming them.

ARCH ?= arm64
ARCHES := arm64 x86 s390
ifeq ($(filter $(ARCH),$(ARCHES)),)
$(error ARCH=$(ARCH) is not one of: $(ARCHES))
endif

# BUILD: where outputs go (default build/; a second tree, e.g. BUILD=build-x,
# lets two people build and test at once). newlib's cache stays in build/.
BUILD ?= build
B := $(BUILD)/$(ARCH)
HB := $(BUILD)/host
NEWLIB := build/newlib/$(ARCH)

include arch/$(ARCH)/arch.mk

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:

# ---------------------------------------------------------------------------
# Toolchain check (once per top-level make; sub-makes inherit the result).
NODEPS_GOALS := clean distclean help
ifeq ($(BULKHEAD_DEPS_OK),)
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
DEPS_STATUS := $(shell scripts/deps.sh >&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error missing build dependencies (see the line above))
endif
export BULKHEAD_DEPS_OK := 1
endif
endif

# ---------------------------------------------------------------------------
# The hypervisor image.
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
OBJDUMP := $(CROSS)objdump

GCC_INC := $(shell $(CC) -print-file-name=include 2>/dev/null)
LIBGCC  := $(shell $(CC) $(ARCH_CFLAGS) -print-libgcc-file-name 2>/dev/null)

# -Wframe-larger-than: no function's stack frame above 2 KiB (the boot and
# per-CPU stacks are 16 KiB; big tables belong in static or per-CPU storage).
CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -Wframe-larger-than=2048 \
	-ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-common \
	-ffunction-sections -fdata-sections -fno-omit-frame-pointer \
	$(ARCH_CFLAGS) -nostdinc -isystem $(NEWLIB)/install/include -isystem $(GCC_INC) \
	-I. -Iarch/$(ARCH)/include -MMD -MP
ASFLAGS := $(CFLAGS) -D__ASSEMBLY__
LDFLAGS := -nostdlib -static -no-pie --gc-sections -z noexecstack -z max-page-size=4096

# Generic code is built for every architecture; arch/<a>/ only for its own.
HYP_SRCS := $(wildcard boot/*.c hyp/*.c mm/*.c drivers/gvt/*.c) \
	$(wildcard arch/$(ARCH)/*.c arch/$(ARCH)/*.S)
HYP_OBJS := $(patsubst %,$(B)/obj/%.o,$(HYP_SRCS))

NEWLIB_STAMP := $(NEWLIB)/install/lib/libc.a

.PHONY: all newlib run test unit qemu-test fpcheck bench deps clean distclean help

all: $(B)/bulkhead.elf $(BOOT_IMAGE)

newlib: $(NEWLIB_STAMP)

# Rebuilt only when its inputs change; the script checks its own stamp.
$(NEWLIB_STAMP): scripts/newlib.sh $(wildcard scripts/patches/newlib-*.patch) arch/$(ARCH)/arch.mk
	@CROSS="$(CROSS)" ARCH_CFLAGS="$(ARCH_CFLAGS)" NEWLIB_TARGET="$(NEWLIB_TARGET)" \
		scripts/newlib.sh $(ARCH) $(NEWLIB)
	@touch $@

$(B)/obj/%.c.o: %.c | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/obj/%.S.o: %.S | $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c $< -o $@

$(B)/bulkhead.elf: $(HYP_OBJS) linker/$(ARCH).ld $(NEWLIB_STAMP)
	$(LD) $(LDFLAGS) -T linker/$(ARCH).ld -Map=$(B)/bulkhead.map -o $@ \
		$(HYP_OBJS) $(NEWLIB)/install/lib/libc.a $(LIBGCC)

-include $(HYP_OBJS:.o=.d)
-include arch/$(ARCH)/image.mk

# ---------------------------------------------------------------------------
# Running.
QEMU_RUN_ARGS ?= -initrd $(B)/bundle.dtb
run: all
	@echo "make run: $(QEMU) $(QEMU_MACHINE) -nographic -kernel $(BOOT_IMAGE) $(QEMU_RUN_ARGS)"
	@scripts/qemu-run.sh $(ARCH) $(QEMU) $(QEMU_MACHINE) -nographic -kernel $(BOOT_IMAGE) $(QEMU_RUN_ARGS)

# What the QEMU harness needs to know about this architecture (shell syntax).
.PHONY: qemu-vars
qemu-vars:
	@echo "QEMU_VAR='$(QEMU)'; MACHINE_VAR='$(QEMU_MACHINE)'; IMAGE_VAR='$(BOOT_IMAGE)'"

# ---------------------------------------------------------------------------
# Host unit tests: every tests/unit/**/unit.mk adds names to UNIT_TESTS and
# sets UT_<name>_SRCS (and optionally UT_<name>_CFLAGS).
HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-I. -Itests/unit/include -DHOST_TEST
HOST_LDLIBS := -lcmocka

UNIT_TESTS :=
include $(wildcard tests/unit/*/unit.mk tests/unit/*/*/unit.mk)

define unit_rule
$(HB)/unit/$(1): $$(UT_$(1)_SRCS) $$(wildcard tests/unit/include/*.h)
	@mkdir -p $$(dir $$@)
	$$(HOST_CC) $$(HOST_CFLAGS) $$(UT_$(1)_CFLAGS) -MMD -MP -o $$@ $$(UT_$(1)_SRCS) $$(HOST_LDLIBS)
-include $(HB)/unit/$(1).d
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

UNIT_BINS := $(addprefix $(HB)/unit/,$(UNIT_TESTS))

unit: $(UNIT_BINS)
	@scripts/run-unit.sh $(UNIT_BINS)

# ---------------------------------------------------------------------------
# Everything, all architectures. Images are built one arch at a time (each
# with -j), then all QEMU tests run in parallel under one harness.
fpcheck:
	@for a in $(ARCHES); do $(MAKE) --no-print-directory ARCH=$$a all || exit 1; done
	@scripts/check-nofp.sh $(foreach a,$(ARCHES),$(BUILD)/$(a)/bulkhead.elf)

QEMU_TEST_ARCHES ?= $(if $(filter command line,$(origin ARCH)),$(ARCH),$(ARCHES))
qemu-test:
	@for a in $(QEMU_TEST_ARCHES); do $(MAKE) --no-print-directory ARCH=$$a all test-assets || exit 1; done
	@tests/qemu/harness.sh $(QEMU_TEST_ARCHES)

test:
	@scripts/test-all.sh

# Assets QEMU tests need beyond the image (bundles, hostile DTBs): arch and
# test fragments add prerequisites to this target.
.PHONY: test-assets
test-assets: all

# manifest.mk first: other fragments use its variables (MF_CHECK, MF_PLATFORM) in rules.
-include tests/qemu/manifest.mk $(filter-out tests/qemu/manifest.mk,$(wildcard tests/qemu/*.mk))
-include $(wildcard tests/bench/*.mk)
-include $(wildcard tests/fuzz/*.mk)

bench:
	@scripts/bench.sh

deps:
	@scripts/deps.sh

help:
	@sed -n '2,18p' Makefile

clean:
	rm -rf build/arm64 build/x86 build/s390 build/host build/qemu-tests build/fuzz

distclean:
	rm -rf build
