# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-append: the command line QEMU copies to 0x10480 is shown whole"
ARGS=(-append "console=sclp bulkhead.test=1 last-word")
EXPECT=("s390: command line: 38 bytes from the IPL parameter area"
	"command line: console=sclp bulkhead.test=1 last-word")
REJECT=("CRASH" "fatal")
EXIT=0
