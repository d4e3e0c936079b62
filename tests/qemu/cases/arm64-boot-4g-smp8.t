# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="8 CPUs and 4 GiB: all start, and RAM up to 5 GiB is mapped (its last page touched at boot)"
MACHINE=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 8 -m 4G)
EXPECT=(
	"  ram      0x0000000040000000-0x000000013fffffff (4096 MiB)"
	"memory: 4096 MiB in 1 range(s)"
	"cpu 7: online at EL2 (mpidr 0x7)"
	"CPUs online: 8 of 8 (EL2)"
)
REJECT=("fatal" "did not come up")
EXIT=0
