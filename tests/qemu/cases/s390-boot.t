# SPDX-License-Identifier: MIT
ARCH=s390
DESC="ELF -kernel boot to the banner: SCLP console and configuration, honest SIE/EDAT report, 4 CPUs via SIGP, clean quiesce exit"
EXPECT_ORDER=1
EXPECT=("(QEMU TCG emulation)"
	"s390: SCLP: 1024 MiB of storage (1024 x 1 MiB), 4 CPU(s), boot CPU address 0x0"
	"s390: EDAT-1 (facility 8, 1 MiB segments): absent: 4 KiB pages only"
	"s390: SIE not available (TCG): guests cannot run here"
	"Bulkhead 0.1.0 (s390x) booting in z/Architecture supervisor state, DAT off"
	"boot bundle: none"
	"CPUs online: 4 of 4 (z/Architecture supervisor state, DAT off)"
	"bulkhead: no partitions to run yet; stopping")
# Exit status 0 needs a disabled wait at an address ending in 0xfff with every
# other CPU stopped; a failure stop exits 1 under -action panic=exit-failure.
REJECT=("CRASH" "fatal" "did not" "warning" "command line")
EXIT=0
