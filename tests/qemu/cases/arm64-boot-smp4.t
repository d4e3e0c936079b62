# SPDX-License-Identifier: MIT
ARCH=arm64
# 4 ranges: PL011, GICD, GICR, ITS. 33 = PL011 SPI 1, 25 = GIC maintenance PPI 9, 30/27/26 = NS physical,
# virtual and EL2 timer PPIs 14/11/10, as QEMU's virt DTB describes them.
DESC="boots at EL2 on 4 CPUs with the DTB's console, memory map, clean PSCI power-off"
ARGS=(-semihosting-config enable=on,target=native -append "bulkhead.exit=semihosting")
EXPECT=(
	"console: pl011 at 0x9000000 (/chosen stdout-path /pl011@9000000)"
	"hypervisor keeps: 4 device range(s), interrupts 33 25 30 27 26"
	"Bulkhead 0.1.0 (arm64) booting in EL2"
	"command line: bulkhead.exit=semihosting"
	"  ram      0x0000000040000000-0x000000007fffffff (1024 MiB)"
	"  reserved 0x0000000040200000-0x0000000040"
	"memory: 1024 MiB in 1 range(s)"
	"boot bundle: none"
	"frames: "
	"CPUs online: 4 of 4 (EL2)"
	"bulkhead: no partitions to run yet; stopping"
)
REJECT=("fatal" "did not come up" "warning" "EL2 exception")
EXIT=0
