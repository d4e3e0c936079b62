# SPDX-License-Identifier: MIT
# ACPI table parsing for the x86_64 boot (arch/x86/acpi.c: pure C, no I/O).
UNIT_TESTS += x86_acpi
UT_x86_acpi_SRCS := tests/unit/x86/acpi/test_acpi.c arch/x86/acpi.c
