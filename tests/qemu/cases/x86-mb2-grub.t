# SPDX-License-Identifier: MIT
ARCH=x86
DESC="Multiboot2 end to end: GRUB 2 (booted by QEMU as a Linux image) loads the ELF64 image with multiboot2 + module2; memory map, module, command line and ACPI RSDP come from the Multiboot2 tags"
KERNEL=$B/test/grub-mb2.bin
SKIP_IF="[ ! -f $B/test/grub-mb2.bin ]"
EXPECT_ORDER=1
EXPECT=("x86: Multiboot2 information at 0x"
	"x86: ACPI 1.0 via the Multiboot2 RSDP tag 14, RSDT; S5 power-off available"
	"x86: MADT: 4 CPU(s)"
	"command line: bulkhead.test=mb2"
	"  ram      0x0000000000100000-0x000000003ffdefff (1022 MiB)"
	"boot bundle: 0x"
	"manifest: accepted"
	"CPUs online: 4 of 4 (long mode)")
REJECT=("fatal" "did not come up" "BIOS-area RSDP")
EXIT=0
TIMEOUT=90
