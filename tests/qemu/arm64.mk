# SPDX-License-Identifier: MIT
# Assets for the arm64 QEMU tests (tests/qemu/cases/arm64-*.t): hostile
# DTBs derived from QEMU's own virt DTB, the loader shims that hand the
# hypervisor unreadable blobs or load it away from its link address, and a
# boot bundle.
ifeq ($(ARCH),arm64)
A64T := $(B)/tests

A64_DTBS := $(addprefix $(A64T)/,no-console.dtb dup-mpidr.dtb extra-cpu.dtb \
	mem-overlap.bin psci-hvc.bin uart-in-ram.bin soc-ranges.bin soc-ranges-bad.bin rsv.bin toobig.bin badmagic.bin truncated.bin)

$(A64_DTBS) &: tests/qemu/arm64-dtbs.sh arch/arm64/arch.mk
	tests/qemu/arm64-dtbs.sh $(QEMU) $(A64T) $(QEMU_MACHINE)

# Loader shims (tests/qemu/arm64-dtbshim.S), each entering the hypervisor:
#   dtbshim            x0 = the blob at 0x44000000, image at its link address
#   dtbshim-misaligned x0 = 0x44000004 (not 8-byte aligned)
#   dtbshim-null       x0 = 0 (no DTB)
#   moveshim           x0 = QEMU's DTB, image placed 2 MiB above its link address
#   moveshim-4k        ... placed at 0x40a01000 (4 KiB but not 2 MiB aligned)
#   moveshim-odd       ... placed at 0x40a00800 (not even 4 KiB aligned)
A64_SHIMS := $(addprefix $(A64T)/,dtbshim.bin dtbshim-misaligned.bin dtbshim-null.bin moveshim.bin \
	moveshim-4k.bin moveshim-odd.bin)
$(A64T)/dtbshim.bin: A64_SHIM_DEFS := -DSHIM_DTB=0x44000000 -DSHIM_JUMP=0x40200000
$(A64T)/dtbshim-misaligned.bin: A64_SHIM_DEFS := -DSHIM_DTB=0x44000004 -DSHIM_JUMP=0x40200000
$(A64T)/dtbshim-null.bin: A64_SHIM_DEFS := -DSHIM_DTB=0 -DSHIM_JUMP=0x40200000
$(A64T)/moveshim.bin: A64_SHIM_DEFS := -DSHIM_JUMP=0x40400000
$(A64T)/moveshim-4k.bin: A64_SHIM_DEFS := -DSHIM_JUMP=0x40a01000
$(A64T)/moveshim-odd.bin: A64_SHIM_DEFS := -DSHIM_JUMP=0x40a00800

$(A64_SHIMS): $(A64T)/%.bin: tests/qemu/arm64-dtbshim.S tests/qemu/arm64.mk
	@mkdir -p $(dir $@)
	$(CC) -c $(A64_SHIM_DEFS) -o $(A64T)/$*.o $<
	$(LD) -Ttext=0x41000000 -o $(A64T)/$*.elf $(A64T)/$*.o
	$(OBJCOPY) -O binary $(A64T)/$*.elf $@

# Any file serves as a bundle for these tests: 12345 bytes of a fixed pattern.
$(A64T)/bundle.bin: tests/qemu/arm64.mk
	@mkdir -p $(dir $@)
	head -c 12345 /dev/zero | tr '\0' 'B' > $@

test-assets: $(A64_DTBS) $(A64_SHIMS) $(A64T)/bundle.bin
endif
