# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: fault policies: a guest that crashes with no vectors is halted (policy halt) or restarted from its images twice until it finishes (policy restart), logged with the reason; a guest touching the (trapped) PMU takes an undefined-instruction exception and goes on; while a third partition keeps its checksum"
ARGS=(-initrd "$B/part-tests/arm64-fault.dtb")
EXPECT=("bulkhead: partition \"halter\": vCPU 0: read at 0x1000 with no abort handler: halted"
	"[restarter] crash: boot 0: crashing (no vectors, unmapped read)"
	"[restarter] crash: boot 1: crashing (no vectors, unmapped read)"
	"bulkhead: partition \"restarter\": vCPU 0: read at 0x1000 with no abort handler: restarting"
	"[restarter] crash: boot 2: restarted 2 times, done"
	"[restarter] GUEST-RESULT crash: PASS (1 checks)"
	"[snoop] pmu: reading PMCR_EL0"
	"[snoop] pmu: PMCR_EL0 is undefined here (ESR_EL1 0x2000000, exception kind 4)"
	"[snoop] GUEST-RESULT pmu: PASS ("
	"[survivor] victim: round 40 checksum"
	"[survivor] GUEST-RESULT victim: PASS (1 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("the PMU is not trapped" "partition \"snoop\": vCPU 0: unhandled exit" "GUEST-FAIL" "GUEST-EXCEPTION" "CHANGED" "[halter] crash: boot 1" "[restarter] crash: boot 3" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=90
