# SPDX-License-Identifier: MIT
# arm64 boot image: the raw binary of bulkhead.elf, which starts with the
# Linux arm64 Image header (arch/arm64/head.S). QEMU -kernel and U-Boot booti
# load it at RAM base + text_offset. Its header is checked after objcopy:
# magic "ARM\x64" at offset 56 and image_size covering the file.
$(B)/bulkhead.bin: $(B)/bulkhead.elf
	$(OBJCOPY) -O binary $< $@
	@if [ "$$(od -An -c -j56 -N3 $@ | tr -d ' ')" != "ARM" ]; then \
		echo "image.mk: $@ lacks the arm64 Image magic" >&2; rm -f $@; exit 1; fi
	@size=$$(od -An -t u8 -j16 -N8 $@ | tr -d ' '); \
	if [ "$$size" -lt "$$(stat -c %s $@)" ]; then \
		echo "image.mk: $@ header image_size $$size is smaller than the file" >&2; rm -f $@; exit 1; fi

# The early console (before the DTB names one): a PL011 at this physical
# address, like Linux's earlycon. QEMU virt's by default; 0 = no early
# output (for a board with no PL011 at a known address).
ARM64_EARLY_UART ?= 0x09000000
$(B)/obj/arch/arm64/console.c.o: CFLAGS += -DEARLY_UART_BASE=$(ARM64_EARLY_UART)ull
