# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="hostile DTB: two cpu nodes with the same MPIDR, failure exit"
ARGS=(-dtb "$B/tests/dup-mpidr.dtb" -semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting")
TIMEOUT=30
EXPECT=("bulkhead: fatal: DTB: /cpus/cpu@1 reg 0x0: two cpu nodes with the same MPIDR")
REJECT=("CPUs online" "EL2 exception")
EXIT=1
