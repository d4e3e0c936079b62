# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="boots on a single CPU (no secondaries to start)"
MACHINE=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 1 -m 1G)
EXPECT=("Bulkhead 0.1.0 (arm64) booting in EL2" "CPUs online: 1 of 1 (EL2)" "no partitions to run yet; stopping")
REJECT=("fatal" "cpu 1:" "did not come up")
EXIT=0
