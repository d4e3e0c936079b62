# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="boots on two CPUs"
MACHINE=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 2 -m 1G)
EXPECT=("cpu 1: online at EL2 (mpidr 0x1)" "CPUs online: 2 of 2 (EL2)" "no partitions to run yet; stopping")
REJECT=("fatal" "cpu 2:" "did not come up")
EXIT=0
