# SPDX-License-Identifier: MIT
ARCH=x86
DESC="-machine acpi=off: the DSDT has no \\_S5, so a clean stop falls back to isa-debug-exit (QEMU status 0*2+1 = 1) instead of hanging"
ARGS=(-machine acpi=off)
EXPECT_ORDER=1
EXPECT=("RSDT; no \\_S5 package in the DSDT"
	"CPUs online: 4 of 4"
	"bulkhead: no partitions to run yet; stopping"
	"x86: ACPI has no \\_S5: no S5 power-off")
REJECT=("fatal" "exception vector")
EXIT=1
