# SPDX-License-Identifier: MIT
ARCH=x86
DESC="boot stack overflow into its guard page: the #PF cannot be delivered, the #DF runs on IST1 and dumps"
ARGS=(-smp 1 -append bulkhead.crashtest=stack)
EXPECT=("exception vector 8 (#DF double fault), error code 0x0" "bulkhead: x86: crash dump ends; stopping")
EXIT=3
