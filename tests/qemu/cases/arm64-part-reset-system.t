# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: fault policy reset-system: a crashing partition's fault is logged and the machine is reset by PSCI SYSTEM_RESET (QEMU -no-reboot exits)"
ARGS=(-initrd "$B/part-tests/arm64-reset-system.dtb")
EXPECT_ORDER=1
EXPECT=("partitions: 2 of 2 started"
	"[critical] crash: boot 0: crashing (no vectors, unmapped read)"
	"bulkhead: partition \"critical\": vCPU 0: read at 0x1000 with no abort handler: resetting the system"
	"bulkhead: system reset")
REJECT=("did not reset" "GUEST-FAIL" "EL2 exception" "fatal" "victim: round 1000 ")
EXIT=0
TIMEOUT=60
