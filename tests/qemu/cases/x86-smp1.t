# SPDX-License-Identifier: MIT
ARCH=x86
DESC="-smp 1: the MADT lists one CPU, no AP is started"
ARGS=(-smp 1)
EXPECT=("x86: MADT: 1 CPU(s)" "CPUs online: 1 of 1 (long mode)" "bulkhead: no partitions to run yet; stopping")
REJECT=("did not come up" "fatal" "online: 4" "x86: CPU 1 (APIC ID")
EXIT=0
