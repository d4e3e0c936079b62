# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: dirty logging while another vCPU writes: vCPU 1 numbers its writes to random pages of a 1 MiB region, vCPU 0 harvests 300 times meanwhile; every write completed between two harvests is in the second (none lost to the race with the harvest's write protection and TLB flush), nothing unwritten is reported, the final harvest after the writer stops has its last writes, then nothing"
ARGS=(-initrd "$B/part-tests/arm64-dirty-race.dtb")
EXPECT=("bulkhead: partition \"race\": started (2 vCPUs)"
	"): 0 writes lost, 0 pages reported unwritten"
	"[race] GUEST-RESULT dirty: PASS (12 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-NOTE" "GUEST-EXCEPTION" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=120
