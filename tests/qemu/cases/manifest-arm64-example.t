# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="manifest: the example bundle (-initrd) is read, validated and summarised at boot"
ARGS=(-initrd "$B/examples/arm64-rtos-linux.dtb" -append "bulkhead.partitions=off")
EXPECT_ORDER=1
EXPECT=("boot bundle: 0x"
	"manifest: accepted: arm64 example: rtos + linux with a shared ring"
	"manifest: partition \"rtos\": 1 vCPU(s) on cpu 1, entry 0x40000000, 32-bit IPA, vmid 1, fault restart"
	"manifest:   memory 0x40000000-0x40ffffff (16 MiB) rwx at host 0x7e000000"
	"manifest:   image-firmware: 8 bytes at 0x40000000"
	"manifest: partition \"linux\": 2 vCPU(s) on cpu 2,3, entry 0x40200000, 40-bit IPA, vmid auto, fault halt"
	"manifest:   image-dtb: "
	"manifest:   device 0x9010000 (4 KiB) at guest 0x9010000, irq 34"
	"manifest: channel \"ring\": 64 KiB, peers rtos (rw at 0x50000000), linux (r at 0x50000000)"
	"manifest: 2 partition(s), 1 channel(s); console input \"linux\", log level info, watchdog 0 ms"
	"CPUs online: 4 of 4"
	"bulkhead: partitions not started (bulkhead.partitions=off); stopping")
REJECT=("error(s)" "manifest rejected" "fatal")
EXIT=0
TIMEOUT=60
