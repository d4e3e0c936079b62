# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="two /memory nodes (NUMA) become two RAM ranges, both mapped (each touched at boot)"
MACHINE=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 4 -m 1G
	-object memory-backend-ram,id=m0,size=512M -object memory-backend-ram,id=m1,size=512M
	-numa node,memdev=m0,cpus=0-1 -numa node,memdev=m1,cpus=2-3)
EXPECT=(
	"  ram      0x0000000040000000-0x000000005fffffff (512 MiB)"
	"  ram      0x0000000060000000-0x000000007fffffff (512 MiB)"
	"memory: 1024 MiB in 2 range(s)"
	"CPUs online: 4 of 4 (EL2)"
)
REJECT=("fatal")
EXIT=0
