# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: passthrough MMIO: \"owner\" is given QEMU's PL031 RTC (relocated to guest 0x0c000000 by guest-base) and the PL061 GPIO by its manifest and uses them directly: exact PrimeCell IDs, 512 reads with no exit, RTCDR ticking at 1 Hz by the virtual counter, RTCMR read back and its match in RTCRIS, RTCLR loading the time, the PL061's IDs and direction register; outside the two pages, fetches and hypercall buffers in them are refused. \"intruder\" owns no device: its reads, writes and fetches there abort, and the owner then finds RTCMR and the time untouched. (Device attributes of the mapping: host-tested in tests/unit/arm64/s2dev; QEMU 7.2 does not fault unaligned Device accesses.)"
ARGS=(-initrd "$B/part-tests/arm64-passthrough.dtb")
EXPECT=("manifest:   device 0x9010000 (4 KiB) at guest 0xc000000"
	"manifest:   device 0x9030000 (4 KiB) at guest 0x9030000"
	"bulkhead: partition \"owner\": started (1 vCPU)"
	"[intruder] passthrough: intruder: 7 accesses, 7 aborts injected"
	"[intruder] GUEST-RESULT passthrough: PASS (11 checks)"
	"bulkhead: partition \"intruder\": system off: halted"
	"[owner] passthrough: RTCMR 0x0, RTCDR"
	"[owner] passthrough: 512 direct reads: 0 stage-2 exits, 0 emulated accesses"
	"[owner] passthrough: RTCMR written and read back; its match set RTCRIS, RTCICR cleared it"
	"[owner] passthrough: RTCLR loaded 1000000000 (read 100000000"
	"[owner] passthrough: PL061 identification and direction register read back"
	"[owner] passthrough: outside the windows, fetches and hypercall buffers: all refused"
	"[owner] GUEST-RESULT passthrough: PASS (50 checks)"
	"bulkhead: partition \"owner\": system off: halted"
	"bulkhead: no partition left running; stopping")
EXPECT_ORDER=1
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "GUEST-NOTE" "EL2 exception" "fatal" "unhandled exit" "crash")
EXIT=0
TIMEOUT=60
