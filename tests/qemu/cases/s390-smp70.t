# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-smp 70: more CPUs than BOOT_MAX_CPUS (64): said so, the first 64 started, the rest left stopped, clean exit"
ARGS=(-smp 70)
EXPECT=("70 CPU(s), boot CPU address 0x0" "s390: 70 CPUs configured, using the first 64" "CPUs online: 64 of 64")
REJECT=("CRASH" "fatal" "did not")
EXIT=0
TIMEOUT=120
