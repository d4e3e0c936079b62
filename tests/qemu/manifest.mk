# SPDX-License-Identifier: MIT
# Boot bundles (docs/manifest.md): the offline checker, the example bundles
# and the bad bundles the QEMU cases feed the hypervisor.
#
#   build/host/bulkhead-check              tools/bulkhead-check.c + the hypervisor's reader
#   build/<arch>/guests/idle.bin           placeholder guest (tests/guests/idle-<arch>.S)
#   build/<arch>/guests/<x>.dtb            guest device trees (examples/guests/<arch>-*.dts)
#   build/<arch>/examples/<arch>-*.dtb     every examples/<arch>-*.dts, each checked by
#                                          bulkhead-check against examples/platform/<arch>-*.dts
#   build/<arch>/bundle.dtb                the default bundle `make run` boots (-initrd)
#   build/<arch>/manifest-tests/*.dtb      tests/qemu/manifest/<arch>-*.dts (test-assets), each
#                                          with an .expect file checked by bulkhead-check
#
# `make` (all) builds and checks the examples: a manifest error fails the build.

DTC ?= dtc
MF_CHECK := $(HB)/bulkhead-check
MF_CHECK_SRCS := tools/bulkhead-check.c hyp/manifest.c hyp/manifest_platform.c hyp/manifest_layout.c boot/fdt.c
MF_GUESTS := $(B)/guests
MF_PLATFORM := $(B)/examples/platform.dtb
MF_PLATFORM_DTS := $(firstword $(wildcard examples/platform/$(ARCH)-*.dts))
MF_GUEST_DTBS := $(patsubst examples/guests/%.dts,$(MF_GUESTS)/%.dtb,$(wildcard examples/guests/$(ARCH)-*.dts))
MF_EXAMPLE_DTBS := $(patsubst examples/%.dts,$(B)/examples/%.dtb,$(wildcard examples/$(ARCH)-*.dts))
MF_BAD_DTBS := $(patsubst tests/qemu/manifest/%.dts,$(B)/manifest-tests/%.dtb,$(wildcard tests/qemu/manifest/$(ARCH)-*.dts))
# The example `make run` boots; override with MF_BUNDLE_EXAMPLE=<name>.
MF_BUNDLE_EXAMPLE ?= $(ARCH)-rtos-linux
BUNDLE := $(B)/bundle.dtb

# The checker: same reader and validator as the hypervisor, built for the host.
$(MF_CHECK): $(MF_CHECK_SRCS) hyp/manifest.h boot/fdt.h hyp/compiler.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter -I. -o $@ $(MF_CHECK_SRCS)

$(MF_GUESTS)/idle.bin: tests/guests/idle-$(ARCH).S
	@mkdir -p $(dir $@)
	$(CC) $(ARCH_CFLAGS) -c $< -o $(MF_GUESTS)/idle.o
	$(OBJCOPY) -O binary -j .text $(MF_GUESTS)/idle.o $@

$(MF_GUESTS)/%.dtb: examples/guests/%.dts
	@mkdir -p $(dir $@)
	$(DTC) -I dts -O dtb -o $@ $<

$(MF_PLATFORM): $(MF_PLATFORM_DTS)
	@mkdir -p $(dir $@)
	$(DTC) -I dts -O dtb -o $@ $<

# dtc -d lists the /incbin/ files, so a changed guest image rebuilds the bundle.
$(B)/examples/%.dtb: examples/%.dts $(MF_GUESTS)/idle.bin $(MF_GUEST_DTBS) $(MF_CHECK) $(MF_PLATFORM)
	@mkdir -p $(dir $@)
	$(DTC) -I dts -O dtb -i $(MF_GUESTS) -d $@.d -o $@ $<
	$(MF_CHECK) $@ --platform $(MF_PLATFORM) --quiet

$(BUNDLE): $(B)/examples/$(MF_BUNDLE_EXAMPLE).dtb
	cp $< $@

# Bad bundles are compiled but not checked: the QEMU cases expect their errors.
$(B)/manifest-tests/%.dtb: tests/qemu/manifest/%.dts $(MF_GUESTS)/idle.bin
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -i $(MF_GUESTS) -o $@ $<

# Each bad bundle with an .expect file: bulkhead-check must print exactly
# those errors (the same file gives the QEMU case its expected lines).
$(B)/manifest-tests/%.checked: $(B)/manifest-tests/%.dtb tests/qemu/manifest/%.expect $(MF_CHECK) $(MF_PLATFORM) \
		tests/qemu/manifest/check-expect.sh
	tests/qemu/manifest/check-expect.sh $(MF_CHECK) $< $(MF_PLATFORM) tests/qemu/manifest/$*.expect $@
MF_BAD_CHECKED := $(patsubst tests/qemu/manifest/%.expect,$(B)/manifest-tests/%.checked,\
	$(wildcard tests/qemu/manifest/$(ARCH)-*.expect))

-include $(wildcard $(B)/examples/*.dtb.d)
# Pattern-rule outputs the bundles embed: keep them (no intermediate deletion).
.SECONDARY: $(MF_GUESTS)/idle.bin $(MF_GUEST_DTBS) $(MF_PLATFORM)

all: $(BUNDLE) $(MF_EXAMPLE_DTBS)
test-assets: $(BUNDLE) $(MF_BAD_DTBS) $(MF_BAD_CHECKED)
