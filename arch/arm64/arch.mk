# arm64: flags shared by the hypervisor and its newlib (scripts/newlib.sh).
CROSS         := aarch64-linux-gnu-
NEWLIB_TARGET := aarch64-none-elf
# No FP/SIMD registers anywhere; MMU-off code must not do unaligned accesses.
ARCH_CFLAGS   := -mgeneral-regs-only -mstrict-align -mcmodel=small -mno-outline-atomics
ARCH_PKGS     := gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-system-arm
QEMU          := qemu-system-aarch64
QEMU_MACHINE  := -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 4 -m 1G
# What QEMU boots: the raw Image with the arm64 Linux Image header.
BOOT_IMAGE    := $(B)/bulkhead.bin
# The bundle `make run` boots: two partitions that print side by side, then stop.
MF_BUNDLE_EXAMPLE := arm64-demo
