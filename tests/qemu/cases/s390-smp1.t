# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-smp 1: the SCLP lists one CPU, nothing to start, clean exit"
ARGS=(-smp 1)
EXPECT=("1 CPU(s), boot CPU address 0x0" "CPUs online: 1 of 1")
REJECT=("CRASH" "fatal" "did not" "warning")
EXIT=0
