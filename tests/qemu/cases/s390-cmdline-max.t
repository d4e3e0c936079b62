# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-append of 2943 bytes (the area 0x10480-0x10fff, NUL included): taken whole"
ARGS=(-append "$(printf 'x%.0s' $(seq 2942))Z")
EXPECT=("s390: command line: 2943 bytes from the IPL parameter area" "CPUs online: 4 of 4")
REJECT=("CRASH" "fatal" "not terminated")
EXIT=0
