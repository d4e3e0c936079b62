# x86_64: flags shared by the hypervisor and its newlib (scripts/newlib.sh).
CROSS         :=
NEWLIB_TARGET := x86_64-none-elf
# No SSE/MMX/x87, no red zone (interrupts use the stack), linked below 2 GiB.
ARCH_CFLAGS   := -m64 -mno-sse -mno-sse2 -mno-mmx -mno-80387 -mno-3dnow -mno-avx -mno-red-zone -mcmodel=small -mgeneral-regs-only
ARCH_PKGS     := qemu-system-x86
QEMU          := qemu-system-x86_64
QEMU_MACHINE  := -accel tcg -M q35 -cpu EPYC -smp 4 -m 1G -device isa-debug-exit,iobase=0xf4,iosize=0x04
# QEMU's -kernel takes Multiboot v1 ELF32 only: an elf32 copy of the image.
BOOT_IMAGE    := $(B)/bulkhead32.elf
