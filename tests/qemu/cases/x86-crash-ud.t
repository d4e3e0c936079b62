# SPDX-License-Identifier: MIT
ARCH=x86
DESC="an invalid opcode in the hypervisor dumps vector 6"
ARGS=(-smp 1 -append bulkhead.crashtest=ud)
EXPECT=("exception vector 6 (#UD invalid opcode), error code 0x0" "bulkhead: x86: crash dump ends; stopping")
EXIT=3
