# SPDX-License-Identifier: MIT
# Assets of the QEMU case arm64-part-linux (tests/qemu/cases/arm64-part-linux.t):
#   build/linux-cache/Image              Debian bookworm's arm64 kernel, fetched once by
#                                        scripts/linux-kernel.sh (kept across builds and
#                                        build trees, like build/newlib; never committed)
#   $(B)/linux/init                      /init: tests/guests/linux/init.c, static, no libc
#   $(B)/linux/initramfs.cpio            newc archive with it (tests/guests/linux/mkcpio.sh)
#   $(B)/linux/guest.dtb                 the kernel's device tree (tests/guests/linux/arm64-guest.dts)
#   $(B)/part-tests/arm64-linux.dtb      the bundle (tests/qemu/linux/arm64-linux.dts),
#                                        checked by bulkhead-check against the example platform
# Without the kernel (no network on the first build, or LINUX_KERNEL=off) the
# bundle is not built and the case is skipped with the reason the fetch left
# in build/linux-cache/error; test-assets never fails for it.
ifeq ($(ARCH),arm64)
LINUX_CACHE := build/linux-cache
LINUX_OUT := $(B)/linux
LINUX_BUNDLE := $(B)/part-tests/arm64-linux.dtb
# -fno-builtin: init.c has its own memset/memcpy; no PIE, no libc, no start files.
LINUX_INIT_CFLAGS := -std=gnu11 -O2 -Wall -Wextra -Werror -Wno-unused-parameter -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-pie -static -nostdlib -no-pie

$(LINUX_OUT)/init: tests/guests/linux/init.c
	@mkdir -p $(dir $@)
	$(CC) $(LINUX_INIT_CFLAGS) -o $@ $<

$(LINUX_OUT)/initramfs.cpio: $(LINUX_OUT)/init tests/guests/linux/mkcpio.sh
	tests/guests/linux/mkcpio.sh $< $@

# The initramfs's guest-physical range, as the manifest loads it (image-initramfs).
LINUX_INITRD_BASE := 0x4a000000
$(LINUX_OUT)/guest.dtb: tests/guests/linux/arm64-guest.dts $(LINUX_OUT)/initramfs.cpio tests/qemu/linux/arm64-linux.dts
	@grep -q 'load-address = <0x0 $(LINUX_INITRD_BASE)>' tests/qemu/linux/arm64-linux.dts || \
		{ echo "arm64-linux.mk: the manifest no longer loads the initramfs at $(LINUX_INITRD_BASE)" >&2; exit 1; }
	sed -e 's/@INITRD_START@/$(LINUX_INITRD_BASE)/' \
	    -e "s/@INITRD_END@/$$(printf '0x%x' $$(( $(LINUX_INITRD_BASE) + $$(stat -c %s $(LINUX_OUT)/initramfs.cpio) )))/" \
	    $< > $@.dts
	$(DTC) -I dts -O dtb -o $@ $@.dts

$(LINUX_BUNDLE): tests/qemu/linux/arm64-linux.dts $(LINUX_CACHE)/Image $(LINUX_OUT)/guest.dtb \
		$(LINUX_OUT)/initramfs.cpio $(B)/guests/test.bin $(MF_CHECK) $(MF_PLATFORM)
	@mkdir -p $(dir $@)
	$(DTC) -I dts -O dtb -i $(LINUX_CACHE) -i $(LINUX_OUT) -i $(B)/guests -o $@ $<
	$(MF_CHECK) $@ --platform $(MF_PLATFORM) --quiet

# Fetch (once) and build the bundle only when the kernel is there: a failed
# fetch is reported, not fatal. Everything but the kernel is built by this
# make (so a parallel build never makes the same file twice); the sub-make
# only runs dtc and the checker on the bundle.
.PHONY: linux-assets
linux-assets: $(LINUX_OUT)/guest.dtb $(LINUX_OUT)/initramfs.cpio $(B)/guests/test.bin $(MF_CHECK) $(MF_PLATFORM)
	@if [ "$(LINUX_KERNEL)" = off ]; then \
		rm -f $(LINUX_BUNDLE); mkdir -p $(LINUX_CACHE); \
		echo "LINUX_KERNEL=off: the kernel was not fetched" > $(LINUX_CACHE)/error; \
	elif scripts/linux-kernel.sh $(LINUX_CACHE); then \
		$(MAKE) -q --no-print-directory $(LINUX_BUNDLE) || $(MAKE) --no-print-directory $(LINUX_BUNDLE); \
	else \
		rm -f $(LINUX_BUNDLE); echo "linux: no kernel ($$(cat $(LINUX_CACHE)/error 2>/dev/null)): arm64-part-linux will be skipped"; \
	fi

test-assets: linux-assets
endif
