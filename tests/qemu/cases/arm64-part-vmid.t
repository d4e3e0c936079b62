# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: VMID generations: twelve time-sliced partitions on three CPUs with 3-bit VMIDs (7 usable) each keep their own 64-page pattern across dozens of VMID rollovers"
ARGS=(-initrd "$B/part-tests/arm64-vmid.dtb" -append "bulkhead.vmid-bits=3")
EXPECT=("partitions: 3-bit VMIDs, 4 CPU(s) run vCPUs"
	"partitions: 12 of 12 started")
for i in 0 1 2 3 4 5 6 7 8 9 10 11; do
	EXPECT+=("[p$i] vmid: partition $i: 30 rounds, 0 bad words" "[p$i] GUEST-RESULT vmid: PASS (1 checks)")
done
EXPECT+=("bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "VMID generation rollovers: 0," "EL2 exception" "fatal" "halted: " "no abort handler")
EXIT=0
TIMEOUT=90
