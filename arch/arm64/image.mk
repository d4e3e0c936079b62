# SPDX-License-Identifier: MIT
# arm64 boot image: the raw binary of bulkhead.elf, which starts with the
# Linux arm64 Image header (arch/arm64/head.S). QEMU -kernel and U-Boot booti
# load it at a 2 MiB aligned base + text_offset. Its header is checked after
# objcopy: magic "ARM\x64" at offset 56 and image_size covering the file.
#
# bulkhead.elf is a static PIE (head.S relocates itself): the objects stay
# -fno-pic (adrp reaches everything PC-relatively), the link lists every
# absolute address stored in the image as an R_AARCH64_RELATIVE entry.
# -z notext: some of those live in rodata and literal pools, rewritten
# before the MMU makes them read-only. The check after the link makes sure
# head.S can apply every entry: only RELATIVE (or NONE), each 8-byte
# aligned (head.S writes them with the MMU off, where an unaligned store
# faults).
$(B)/bulkhead.elf: LDFLAGS += -pie -z notext --no-dynamic-linker
$(B)/bulkhead.bin: $(B)/bulkhead.elf
	@$(CROSS)readelf -rW $< | awk ' \
		/^[0-9a-f]+ +[0-9a-f]+ R_AARCH64/ { n++; \
			if ($$3 != "R_AARCH64_RELATIVE" && $$3 != "R_AARCH64_NONE") { print "image.mk: unsupported relocation " $$3 " at " $$1; bad = 1 } \
			if ($$3 == "R_AARCH64_RELATIVE" && (substr($$1, length($$1)) !~ /[08]/)) { print "image.mk: misaligned relocation at " $$1; bad = 1 } } \
		END { exit bad }' >&2 || { rm -f $@; exit 1; }
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
$(B)/obj/arch/arm64/console.c.o: CFLAGS += -DEARLY_UART_BASE=$(ARM64_EARLY_UART)
$(B)/obj/arch/arm64/head.S.o: ASFLAGS += -DEARLY_UART_BASE=$(ARM64_EARLY_UART)

# VMID width cap (make ARM64_VMID_BITS=n, 1..16): the hardware's width
# (ID_AA64MMFR1_EL1.VMIDBits) is never exceeded; a smaller one lets tests
# run more partitions than VMIDs. The stamp rebuilds vcpu.c when it changes.
ARM64_VMID_BITS ?= 16
$(B)/vmid-bits.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo "$(ARM64_VMID_BITS)" | cmp -s - $@ || echo "$(ARM64_VMID_BITS)" > $@
$(B)/obj/arch/arm64/vcpu.c.o: $(B)/vmid-bits.stamp
$(B)/obj/arch/arm64/vcpu.c.o: CFLAGS += -DARM64_VMID_BITS=$(ARM64_VMID_BITS)
.PHONY: FORCE
FORCE:
