# SPDX-License-Identifier: MIT
ARCH=x86
DESC="Multiboot v1 boot to the banner, 4 CPUs via INIT-SIPI-SIPI, clean ACPI S5 exit"
EXPECT_ORDER=1
# The ACPI line ends with "S5 power-off available" (checked by x86-virt-features.t).
EXPECT=("bulkhead: x86_64 entry reached long mode"
	"x86: Multiboot v1 information at"
	"x86: ACPI 1.0 via the BIOS-area RSDP at 0x"
	"x86: MADT: 4 CPU(s), local APIC at 0xfee00000, boot CPU APIC ID 0"
	"(x86_64) booting in long mode"
	"x86: CPU 1 (APIC ID 1) online"
	"x86: CPU 2 (APIC ID 2) online"
	"x86: CPU 3 (APIC ID 3) online"
	"CPUs online: 4 of 4 (long mode)"
	"bulkhead: no partitions to run yet; stopping")
# Exit status 0 can only come from ACPI S5: isa-debug-exit always gives an odd status.
REJECT=("did not come up" "fatal" "x86: warning" "S5 power-off unavailable" "no S5 power-off" "S5 did not power off" "exception vector")
EXIT=0
TIMEOUT=60
