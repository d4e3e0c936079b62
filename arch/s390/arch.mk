# s390x: flags shared by the hypervisor and its newlib (scripts/newlib.sh).
CROSS         := s390x-linux-gnu-
NEWLIB_TARGET := s390x-none-elf
# z196 has no vector facility; soft-float keeps FP registers out.
ARCH_CFLAGS   := -march=z196 -msoft-float -m64 --param=min-pagesize=0
ARCH_PKGS     := gcc-s390x-linux-gnu binutils-s390x-linux-gnu qemu-system-misc
QEMU          := qemu-system-s390x
QEMU_MACHINE  := -M s390-ccw-virtio -accel tcg -smp 4 -m 1G -action panic=exit-failure
BOOT_IMAGE    := $(B)/bulkhead.elf
