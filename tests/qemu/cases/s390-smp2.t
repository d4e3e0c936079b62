# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-smp 2: one secondary started with SIGP SET PREFIX + RESTART, stopped with SIGP STOP at exit"
ARGS=(-smp 2)
EXPECT=("2 CPU(s), boot CPU address 0x0" "CPUs online: 2 of 2")
REJECT=("CRASH" "fatal" "did not" "warning")
EXIT=0
