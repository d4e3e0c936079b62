# SPDX-License-Identifier: MIT
# libFuzzer target "manifest" (tests/fuzz/fuzz_manifest.c): the boot-time
# manifest reader and validator and the --platform reader, on any bytes.
# Registered through tests/fuzz/fuzz.mk's scheme. Seeds: every example
# bundle, platform description and QEMU test bundle, compiled here with
# stand-in guest images (the seeds need the structure, not real guests).
FUZZ_TARGETS += manifest
FZ_manifest_SRCS := tests/fuzz/fuzz_manifest.c hyp/manifest.c hyp/manifest_platform.c hyp/manifest_layout.c boot/fdt.c

MF_FZ := $(FB)/gen/manifest
MF_FZ_EX := $(patsubst examples/%.dts,$(MF_FZ)/ex-%.dtb,$(wildcard examples/*.dts))
MF_FZ_PLAT := $(patsubst examples/platform/%.dts,$(MF_FZ)/platform-%.dtb,$(wildcard examples/platform/*.dts))
MF_FZ_QEMU := $(patsubst tests/qemu/manifest/%.dts,$(MF_FZ)/qemu-%.dtb,$(wildcard tests/qemu/manifest/*.dts))
FZ_manifest_SEEDS := $(MF_FZ_EX) $(MF_FZ_PLAT) $(MF_FZ_QEMU)

# Stand-ins for what the examples /incbin/: a few bytes of code, a guest DTB.
$(MF_FZ)/inc/idle.bin $(MF_FZ)/inc/test.bin:
	@mkdir -p $(@D)
	printf '\001\002\003\004\005\006\007\010' > $@

$(MF_FZ)/inc/arm64-linux.dtb: examples/guests/arm64-linux.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

$(MF_FZ_EX): $(MF_FZ)/ex-%.dtb: examples/%.dts $(MF_FZ)/inc/idle.bin $(MF_FZ)/inc/test.bin \
	$(MF_FZ)/inc/arm64-linux.dtb
	dtc -q -I dts -O dtb -i $(MF_FZ)/inc -o $@ $<

$(MF_FZ_PLAT): $(MF_FZ)/platform-%.dtb: examples/platform/%.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

$(MF_FZ_QEMU): $(MF_FZ)/qemu-%.dtb: tests/qemu/manifest/%.dts $(MF_FZ)/inc/idle.bin
	dtc -q -I dts -O dtb -i $(MF_FZ)/inc -o $@ $<
