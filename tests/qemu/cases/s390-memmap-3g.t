# SPDX-License-Identifier: MIT
ARCH=s390
DESC="memory map with 3 GiB: storage above 2 GiB reported and managed"
ARGS=(-m 3G -smp 2)
EXPECT=("s390: SCLP: 3072 MiB of storage (3072 x 1 MiB)"
	"  ram      0x0000000000000000-0x00000000bfffffff (3072 MiB)"
	"memory: 3072 MiB in 1 range(s)"
	"CPUs online: 2 of 2")
REJECT=("CRASH" "fatal")
EXIT=0
