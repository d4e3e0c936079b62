# SPDX-License-Identifier: MIT
# libFuzzer targets (Debian's clang, -fsanitize=fuzzer,address,undefined).
#
#   make fuzz         fuzz every target for FUZZ_SECONDS (default 300) each,
#                     growing build/fuzz/<name>/corpus/
#   make fuzz-check   every target: each seed once, then a short fuzz
#                     (FUZZ_CHECK_SECONDS, default 12) from the seeds into a
#                     scratch corpus; fails on any crash, leak or timeout.
#                     Closing line "fuzz: N passed, N failed", one per target.
#   make fuzz-build   just build the fuzzers and seed directories
#
# Registering a target (here or in another tests/fuzz/*.mk; append only,
# never reset FUZZ_TARGETS with :=):
#   FUZZ_TARGETS += name
#   FZ_name_SRCS := tests/fuzz/fuzz_name.c boot/fdt.c ...   (defines LLVMFuzzerTestOneInput)
#   FZ_name_CFLAGS := ...                                    (optional)
#   FZ_name_SEEDS := files built by your own rules           (optional)
# Seeds: every file in tests/fuzz/corpus/<name>/ (*.dts compiled with dtc,
# anything else copied) plus FZ_name_SEEDS, gathered in build/fuzz/<name>/seeds/.
# A dictionary tests/fuzz/<name>.dict is used when present. Everything a run
# produces (corpus, crash artifacts, logs) stays under build/fuzz/.

FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -Wno-unused-parameter \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-I. -Itests/unit/include -DHOST_TEST -DFUZZING
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 12
FB := $(BUILD)/fuzz
FUZZ_HDRS = $(wildcard boot/*.h hyp/*.h mm/*.h tests/unit/include/*.h tests/fuzz/*.h)

# --- targets -----------------------------------------------------------------
FUZZ_TARGETS += fdt
FZ_fdt_SRCS := tests/fuzz/fuzz_fdt.c boot/fdt.c tests/unit/lib/fdt_exercise.c
FZ_fdt_SEEDS := $(FB)/gen/fdt/qemu-virt.dtb $(FB)/gen/fdt/sample-v16.dtb

# --- rules (prerequisites use secondary expansion, so targets registered
# --- after this point, or in files included later, are built as well) -------
.PHONY: fuzz fuzz-check fuzz-build
.SECONDEXPANSION:

fuzz-build: $$(foreach t,$$(FUZZ_TARGETS),$(FB)/$$(t)/fuzzer $(FB)/$$(t)/seeds.stamp)

fuzz: fuzz-build
	@BUILD=$(BUILD) tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-check: fuzz-build
	@BUILD=$(BUILD) tests/fuzz/run.sh check $(FUZZ_CHECK_SECONDS) $(FUZZ_TARGETS)

$(FB)/%/fuzzer: $$(FZ_$$*_SRCS) $$(FUZZ_HDRS) tests/fuzz/fuzz.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FZ_$*_CFLAGS) -o $@ $(FZ_$*_SRCS)

$(FB)/%/seeds.stamp: $$(wildcard tests/fuzz/corpus/$$*/*) $$(FZ_$$*_SEEDS)
	@rm -rf $(@D)/seeds && mkdir -p $(@D)/seeds
	@for f in $(wildcard tests/fuzz/corpus/$*/*) $(FZ_$*_SEEDS); do \
		case $$f in \
		*.dts) dtc -q -I dts -O dtb -o $(@D)/seeds/$$(basename $$f .dts).dtb $$f || exit 1 ;; \
		*) cp $$f $(@D)/seeds/ || exit 1 ;; \
		esac; \
	done
	@touch $@

# fdt seeds made at build time: QEMU's own arm64 virt DTB (repacked by dtc
# without its 1 MiB padding) and a version-16 blob.
$(FB)/gen/fdt/qemu-virt.dtb:
	@mkdir -p $(@D)
	qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,dumpdtb=$@.raw \
		-cpu cortex-a57 -smp 4 -m 1G -nographic >/dev/null 2>&1
	dtc -q -I dtb -O dtb -o $@ $@.raw
	rm -f $@.raw

$(FB)/gen/fdt/sample-v16.dtb: tests/unit/boot/sample.dts
	@mkdir -p $(@D)
	dtc -q -V 16 -I dts -O dtb -o $@ $<
