# SPDX-License-Identifier: MIT
ARCH=s390
DESC="70 GiB (sparse file-backed): 71680 increments overflow the 16-bit rnmax, decoded from the extended rnmax2"
ARGS=(-m 70G -smp 2 -object "memory-backend-file,id=mem0,size=70G,mem-path=$B/test/mem,share=on"
      -machine memory-backend=mem0)
EXPECT=("s390: SCLP: 71680 MiB of storage (71680 x 1 MiB, rnmax2)"
	"  ram      0x0000000000000000-0x000000117fffffff (71680 MiB)"
	"memory: 71680 MiB in 1 range(s)"
	"CPUs online: 2 of 2")
REJECT=("CRASH" "fatal")
EXIT=0
TIMEOUT=90
