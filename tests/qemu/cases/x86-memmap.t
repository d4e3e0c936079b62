# SPDX-License-Identifier: MIT
ARCH=x86
DESC="memory map from Multiboot v1 (QEMU q35, 1 GiB: e820 RAM below 640 KiB and 1 MiB..1 GiB-128 KiB) and the reservations"
ARGS=(-smp 1)
# q35 with -m 1G: RAM 0-0x9fbff and 0x100000-0x3ffdffff (QEMU's e820), cut to whole pages.
# QEMU's Multiboot v1 loader puts the e820 buffer at 0x9000 and the 68-byte info at 0x9500.
EXPECT=("  ram      0x0000000000000000-0x000000000009efff (0 MiB)"
	"  ram      0x0000000000100000-0x000000003ffdefff (1022 MiB)"
	"  reserved 0x0000000000000000-0x00000000000fffff low memory"
	"  reserved 0x0000000000100000-"
	" image"
	"  reserved 0x0000000000009000-0x0000000000009543 boot info"
	"memory: 1023 MiB in 2 range(s)"
	"boot bundle: none"
	"frames: ")
REJECT=("fatal" "ignored")
EXIT=0
