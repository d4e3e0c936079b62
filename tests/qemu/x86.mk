# SPDX-License-Identifier: MIT
# Assets for the x86 QEMU cases (tests/qemu/cases/x86-*.t), all under
# build/x86/test/: a boot bundle of known size and content, an empty module,
# and a sparse 200 MiB module that cannot fit in the 128 MiB test machine.
X86_TEST := $(BUILD)/x86/test

# A valid manifest (the hypervisor checks the bundle at boot), padded to 123456 bytes.
$(X86_TEST)/bundle.bin: tests/qemu/manifest/minimal.dts
	@mkdir -p $(dir $@)
	dtc -I dts -O dtb -S 123456 -o $@ $<

$(X86_TEST)/empty.bin:
	@mkdir -p $(dir $@)
	: > $@

$(X86_TEST)/huge.bin:
	@mkdir -p $(dir $@)
	truncate -s 200M $@

ifeq ($(ARCH),x86)
test-assets: $(X86_TEST)/bundle.bin $(X86_TEST)/empty.bin $(X86_TEST)/huge.bin
endif

# Multiboot2 end to end (x86-mb2-grub.t): a GRUB 2 core image with a memdisk
# holding the ELF64 image and the example bundle, prefixed with GRUB's
# lnxboot.img so QEMU's -kernel boots it as a Linux image. Built only where
# GRUB's i386-pc files are installed (Debian grub-pc-bin); the case is
# skipped otherwise.
X86_GRUB_LIB := /usr/lib/grub/i386-pc
X86_GRUB_MKIMAGE := $(shell command -v grub-mkimage 2>/dev/null)
X86_GRUB_MODS := memdisk tar multiboot2 normal configfile serial terminal echo boot

$(X86_TEST)/grub-mb2.bin: $(BUILD)/x86/bulkhead.elf $(BUILD)/x86/bundle.dtb tests/qemu/x86.mk
	rm -rf $(X86_TEST)/grub && mkdir -p $(X86_TEST)/grub/memdisk/boot/grub
	$(OBJCOPY) --strip-debug $(BUILD)/x86/bulkhead.elf $(X86_TEST)/grub/memdisk/boot/bulkhead.elf
	cp $(BUILD)/x86/bundle.dtb $(X86_TEST)/grub/memdisk/boot/bundle.dtb
	printf '%s\n' 'set timeout=0' 'serial --unit=0 --speed=115200' 'terminal_input serial' \
		'terminal_output serial' 'multiboot2 /boot/bulkhead.elf bulkhead.test=mb2' \
		'module2 /boot/bundle.dtb bundle' 'boot' > $(X86_TEST)/grub/memdisk/boot/grub/grub.cfg
	tar -C $(X86_TEST)/grub/memdisk -cf $(X86_TEST)/grub/memdisk.tar boot
	printf '%s\n' 'set root=(memdisk)' 'set prefix=(memdisk)/boot/grub' \
		'configfile (memdisk)/boot/grub/grub.cfg' > $(X86_TEST)/grub/early.cfg
	grub-mkimage -O i386-pc -d $(X86_GRUB_LIB) -o $(X86_TEST)/grub/core.img -c $(X86_TEST)/grub/early.cfg \
		-m $(X86_TEST)/grub/memdisk.tar -p '(memdisk)/boot/grub' $(X86_GRUB_MODS)
	cat $(X86_GRUB_LIB)/lnxboot.img $(X86_TEST)/grub/core.img > $@

ifeq ($(ARCH),x86)
ifneq ($(X86_GRUB_MKIMAGE),)
ifneq ($(wildcard $(X86_GRUB_LIB)/lnxboot.img),)
test-assets: $(X86_TEST)/grub-mb2.bin
endif
endif
endif
