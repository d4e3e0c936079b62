# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: guest PSCI: FEATURES, CPU_ON brings up vCPU 1 on CPU 2 at the given entry with its context id, AFFINITY_INFO follows it, CPU_OFF stops it; SYSTEM_RESET restarts the partition from its images and it runs again"
ARGS=(-initrd "$B/part-tests/arm64-psci.dtb")
EXPECT_ORDER=1
EXPECT=("bulkhead: partition \"duo\": started (2 vCPUs)"
	"[duo] psci: vCPU 1 up, context 0x1234abcd"
	"[duo] psci: boot 0: CPU_ON, AFFINITY_INFO, CPU_OFF done"
	"[duo] GUEST-RESULT psci-boot0: PASS (8 checks)"
	"bulkhead: partition \"duo\": system reset: restarting"
	"[duo] psci: vCPU 1 up, context 0x1234abcd"
	"[duo] psci: boot 1: CPU_ON, AFFINITY_INFO, CPU_OFF done"
	"[duo] GUEST-RESULT psci: PASS (9 checks)"
	"bulkhead: partition \"duo\": system off: halted"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "returned" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=60
