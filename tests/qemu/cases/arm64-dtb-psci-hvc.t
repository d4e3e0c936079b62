# SPDX-License-Identifier: MIT
# QEMU rewrites /psci in a -dtb file, so the test shim hands this DTB over
# (with its own bootargs "bulkhead.exit=semihosting").
ARCH=arm64
DESC="hostile DTB: PSCI over HVC cannot work from EL2: refused with a reason, failure exit"
KERNEL=$B/tests/dtbshim.bin
ARGS=(-device loader,file=$B/bulkhead.bin,addr=0x40200000,force-raw=on
      -device loader,file=$B/tests/psci-hvc.bin,addr=0x44000000,force-raw=on
      -semihosting-config enable=on,target=native)
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: /psci method \"hvc\": at EL2 an HVC traps to the hypervisor itself, firmware needs \"smc\"")
REJECT=("CPUs online" "EL2 exception")
EXIT=1
