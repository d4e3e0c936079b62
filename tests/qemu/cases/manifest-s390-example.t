# SPDX-License-Identifier: MIT
ARCH=s390
DESC="manifest: the example bundle (QEMU -initrd) is read, validated and summarised at boot; its host-base range is kept from the frame allocator"
ARGS=(-initrd "$B/bundle.dtb")
EXPECT_ORDER=1
EXPECT=("boot bundle: 0x"
	"manifest: accepted: s390x example: rtos + linux with a shared ring"
	"manifest: partition \"rtos\": 1 vCPU(s) on cpu 1, entry 0x10000, 32-bit IPA, vmid auto, fault restart"
	"manifest:   memory 0x0-0xffffff (16 MiB) rwx at host 0x3e000000"
	"manifest:   image-firmware: 32 bytes at 0x10000"
	"manifest:   console"
	"manifest: partition \"linux\": 2 vCPU(s) on cpu 2,3, entry 0x10000, 32-bit IPA, vmid auto, fault halt"
	"manifest:   memory 0x0-0xfffffff (256 MiB) rwx"
	"manifest: channel \"ring\": 64 KiB, peers rtos (rw at 0x20000000), linux (r at 0x20000000)"
	"manifest: 2 partition(s), 1 channel(s); console input \"linux\", log level info, watchdog 0 ms"
	"  reserved 0x000000003e000000-0x000000003effffff for \"rtos\" (host-base)"
	"CPUs online: 4 of 4"
	"bulkhead: s390x cannot run partitions yet: the manifest was checked, nothing started; stopping")
REJECT=("error(s)" "manifest rejected" "fatal")
EXIT=0
TIMEOUT=60
