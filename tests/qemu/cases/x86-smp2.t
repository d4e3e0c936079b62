# SPDX-License-Identifier: MIT
ARCH=x86
DESC="-smp 2: one AP started and idle"
ARGS=(-smp 2)
EXPECT=("x86: MADT: 2 CPU(s)" "x86: CPU 1 (APIC ID 1) online" "CPUs online: 2 of 2 (long mode)")
REJECT=("did not come up" "fatal" "x86: CPU 2 (APIC ID")
EXIT=0
