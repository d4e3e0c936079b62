# SPDX-License-Identifier: MIT
ARCH=s390
DESC="-append longer than the area: QEMU refuses to copy it (the header is its own segment), so the code after it is intact"
ARGS=(-append "$(printf 'y%.0s' $(seq 5000))")
EXPECT=("Bulkhead 0.1.0 (s390x)" "CPUs online: 4 of 4" "bulkhead: no partitions to run yet; stopping")
REJECT=("CRASH" "fatal" "command line")
EXIT=0
