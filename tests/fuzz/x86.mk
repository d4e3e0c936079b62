# SPDX-License-Identifier: MIT
# libFuzzer targets for the x86_64 boot parsers, registered through
# tests/fuzz/fuzz.mk's scheme:
#   multiboot   boot/multiboot.c (Multiboot v1 and Multiboot2 information)
#   x86_acpi    arch/x86/acpi.c (RSDP scan, RSDT/XSDT, MADT, FADT, HPET, \_S5)
# Seeds are written by tests/fuzz/gen_x86_seeds.c (QEMU / GRUB shaped).
FUZZ_TARGETS += multiboot x86_acpi
FZ_multiboot_SRCS := tests/fuzz/fuzz_multiboot.c boot/multiboot.c
FZ_x86_acpi_SRCS := tests/fuzz/fuzz_x86_acpi.c arch/x86/acpi.c
FZ_multiboot_SEEDS := $(FB)/gen/x86/multiboot/mb1-qemu.bin $(FB)/gen/x86/multiboot/mb2-grub.bin
FZ_x86_acpi_SEEDS := $(FB)/gen/x86/x86_acpi/qemu-q35-rsdt.bin $(FB)/gen/x86/x86_acpi/acpi2-xsdt.bin

$(FB)/gen/x86/seeds.stamp: tests/fuzz/gen_x86_seeds.c
	@mkdir -p $(@D)/multiboot $(@D)/x86_acpi
	$(HOST_CC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -o $(@D)/gen_x86_seeds $<
	$(@D)/gen_x86_seeds $(@D)
	@touch $@

$(FZ_multiboot_SEEDS) $(FZ_x86_acpi_SEEDS): $(FB)/gen/x86/seeds.stamp
