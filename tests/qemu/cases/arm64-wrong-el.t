# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="started at EL1 (no virtualization extensions): clear message and power-off instead of a hang"
MACHINE=(-M virt,gic-version=3 -cpu cortex-a57 -smp 1 -m 1G)
TIMEOUT=30
EXPECT=("bulkhead: fatal: entered at EL1, but the hypervisor must be started at EL2")
REJECT=("Bulkhead 0.1.0")
EXIT=0
