# SPDX-License-Identifier: MIT
ARCH=s390
DESC="memory map from SCLP Read SCP Info (1 GiB): RAM, lowcore and image reserved, frames exclude them"
EXPECT=("s390: SCLP: 1024 MiB of storage (1024 x 1 MiB)"
	"  ram      0x0000000000000000-0x000000003fffffff (1024 MiB)"
	"  reserved 0x0000000000000000-0x0000000000001fff lowcore"
	"  reserved 0x0000000000010000-0x"
	" image"
	"memory: 1024 MiB in 1 range(s)"
	"frames: ")
REJECT=("CRASH" "fatal" "rnmax2")
EXIT=0
