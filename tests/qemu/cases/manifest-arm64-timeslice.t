# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: the six-partition time-sliced example is accepted at boot with its monitor's privileges and the three-way channel"
ARGS=(-initrd "$B/examples/arm64-timeslice.dtb" -append "bulkhead.partitions=off")
EXPECT_ORDER=1
EXPECT=("manifest: accepted: arm64 example: six time-sliced partitions and a monitor"
	"manifest: partition \"monitor\": 1 vCPU(s) on cpu 1, entry 0x40000000, 32-bit IPA, vmid auto, fault reset-system"
	"manifest:   time slice 1000 us"
	"manifest:   privileges read-dirty-log stop restart read-stats"
	"manifest: partition \"logger\": 1 vCPU(s) on cpu 1, entry 0x40000000, 32-bit IPA, vmid auto, fault restart"
	"manifest: channel \"events\": 16 KiB, peers monitor (r at 0x50000000), worker-a (rw at 0x50000000), worker-b (rw at 0x50000000)"
	"manifest: 6 partition(s), 1 channel(s); console input \"monitor\", log level debug, watchdog 1000 ms"
	"CPUs online: 4 of 4"
	"bulkhead: partitions not started (bulkhead.partitions=off); stopping")
REJECT=("error(s)" "manifest rejected" "fatal")
EXIT=0
TIMEOUT=60
