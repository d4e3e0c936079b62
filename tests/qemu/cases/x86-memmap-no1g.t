# SPDX-License-Identifier: MIT
ARCH=x86
DESC="5 GiB on a CPU without 1 GiB pages: RAM above 4 GiB is left out, with a message"
ARGS=(-smp 1 -m 5G -cpu EPYC,-pdpe1gb)
EXPECT=("x86: identity map up to 0x100000000"
	"x86: 3072 MiB of RAM above 0x100000000 is not mapped (no 1 GiB pages?): unused"
	"memory: 2047 MiB in 2 range(s)"
	"CPUs online: 1 of 1")
REJECT=("fatal" "0x0000000100000000-")
EXIT=0
