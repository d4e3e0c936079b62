# SPDX-License-Identifier: MIT
# Multiboot v1 / Multiboot2 boot information parsers (boot/multiboot.c).
UNIT_TESTS += multiboot
UT_multiboot_SRCS := tests/unit/boot/multiboot/test_multiboot.c boot/multiboot.c
