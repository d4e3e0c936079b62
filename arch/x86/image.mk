# SPDX-License-Identifier: MIT
# x86_64 boot image: QEMU's -kernel Multiboot loader accepts only ELF32, so
# BOOT_IMAGE is an elf32-i386 copy of bulkhead.elf (same load addresses and
# segments; the code stays 64-bit and is entered in 32-bit mode at _start32).
# GRUB (Multiboot2) can load bulkhead.elf itself.
$(B)/bulkhead32.elf: $(B)/bulkhead.elf
	$(OBJCOPY) -O elf32-i386 --strip-debug $< $@
