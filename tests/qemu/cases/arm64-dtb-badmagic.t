# SPDX-License-Identifier: MIT
# QEMU's -dtb refuses such a blob, so a test shim (tests/qemu/arm64-dtbshim.S)
# enters the hypervisor with x0 pointing at it. No command line can be read
# from it, so semihosting is not enabled: the stop is PSCI SYSTEM_OFF (exit 0)
# after the failure line.
ARCH=arm64
DESC="unreadable DTB (bad magic): one fatal line, early UART, clean power-off"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/badmagic.bin,addr=0x44000000,force-raw=on)
TIMEOUT=30
EXPECT_ORDER=1
EXPECT=("bulkhead: fatal: DTB at 0x44000000: bad magic" "bulkhead: stopping after a failure; powering off")
REJECT=("Bulkhead 0.1.0" "EL2 exception")
EXIT=0
