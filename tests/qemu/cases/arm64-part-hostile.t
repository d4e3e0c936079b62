# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: a hostile partition reads, writes and executes outside its RAM (below it, the physical GIC redistributors past its one virtual redistributor, past its UART, the RTC, the hypervisor image, other host RAM, the IPA top), does 8-byte UART accesses and sends malformed hypercalls and PSCI calls: every access gets a synchronous external abort and every call an error code; the GIC range is its own virtual GICv3 (emulation identification, one redistributor) and switching it all off leaves the hypervisor's interrupts working, while a victim on another CPU and a neighbour time-sliced on the hostile one's CPU keep their 1 MiB checksums unchanged"
ARGS=(-initrd "$B/part-tests/arm64-hostile.dtb")
EXPECT=("[hostile] hostile: GIC: the virtual one (IIDR 0x100b042), physical registers unreachable"
	"[hostile] hostile: 0x80c0000: read and write aborted"
	"[hostile] hostile: 0x40200000: read and write aborted"
	"[hostile] hostile: GIC, hypervisor, other partitions, bad UART accesses: all aborted"
	"[hostile] hostile: malformed hypercalls and PSCI calls: all refused"
	"[hostile] GUEST-RESULT hostile: PASS"
	"[victim] victim: round 24 checksum"
	"[victim] GUEST-RESULT victim: PASS (1 checks)"
	"[neighbour] victim: round 16 checksum"
	"[neighbour] GUEST-RESULT victim: PASS (1 checks)"
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "CHANGED" "EL2 exception" "fatal" "unhandled exit" "crash")
EXIT=0
TIMEOUT=90
