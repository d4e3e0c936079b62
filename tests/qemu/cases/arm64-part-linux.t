# SPDX-License-Identifier: MIT
# Debian bookworm's arm64 kernel as a partition: bundle tests/qemu/linux/arm64-linux.dts,
# guest device tree and /init in tests/guests/linux/, built by tests/qemu/arm64-linux.mk.
# The kernel is fetched once into build/linux-cache (scripts/linux-kernel.sh); without
# it (no network on the first build, or LINUX_KERNEL=off) the case is skipped, and its
# line says why.
ARCH=arm64
DESC="partitions: Debian bookworm's arm64 Linux kernel boots as a 2-vCPU partition (virtual GICv3, virtual timer, PSCI CPU_ON over HVC, emulated debug registers, vPL011 console) to its initramfs /init, which checks both CPUs, timer interrupts on each, IPIs, time, CPU 1 taken offline and back (PSCI CPU_OFF, AFFINITY_INFO, CPU_ON), and a line typed on its console (the vPL011's RX interrupt), then powers off by PSCI SYSTEM_OFF; a test partition watches it run and stop"
ARGS=(-initrd "$B/part-tests/arm64-linux.dtb")
if [ -n "$B" ] && [ ! -s "$B/part-tests/arm64-linux.dtb" ]; then
	DESC="$DESC [no kernel: $(cat build/linux-cache/error 2>/dev/null || echo "bundle not built: make ARCH=arm64 test-assets")]"
fi
SKIP_IF='[ ! -s "$B/part-tests/arm64-linux.dtb" ]'
# The linux partition has the console input (first partition): /init reads this line.
INPUT=("[linux] LINUX-INIT: type a line" "bulkhead\r")
EXPECT_ORDER=1
EXPECT=("bulkhead: partition \"linux\": started (2 vCPUs)"
	"bulkhead: partition \"peer\": started (1 vCPU)"
	"] Linux version 6.1."
	"[linux] [    0.000000] psci: PSCIv1.1 detected in firmware."
	"GICv3: CPU0: found redistributor 0 region 0:0x00000000080a0000"
	"[linux] [    0.000000] arch_timer: cp15 timer(s) running at 62.50MHz (virt)."
	"GICv3: CPU1: found redistributor 1 region 0:0x00000000080c0000"
	"smp: Brought up 1 node, 2 CPUs"
	"hw-breakpoint: found 6 breakpoint and 4 watchpoint registers."
	"ttyAMA0 at MMIO 0x9000000"
	"Run /init as init process"
	"[linux] LINUX-INIT: /init of the Bulkhead partition test is running"
	"[linux] LINUX-INIT: /proc/cpuinfo lists 2 processors"
	"[linux] LINUX-INIT: ran on each of 2 CPUs"
	"psci: CPU1 killed"
	"CPU1: Booted secondary processor 0x0000000001"
	"[linux] LINUX-INIT: CPU 1 offline (PSCI CPU_OFF) and back online (CPU_ON), ran there again"
	"[linux] LINUX-INIT: read \"bulkhead\" from the console"
	"[linux] LINUX-INIT-RESULT: PASS (22 checks)"
	"reboot: Power down"
	"bulkhead: partition \"linux\": system off: halted"
	"[peer] watch: partition \"linux\" halted after"
	"[peer] GUEST-RESULT watch: PASS"
	"bulkhead: partition \"peer\": system off: halted"
	"bulkhead: no partition left running; stopping")
REJECT=("LINUX-INIT-FAIL" "GUEST-FAIL" "Kernel panic" "Internal error" "Unable to handle" "Call trace"
	"undefined instruction" "WARNING:" "BUG:" "unhandled exit" "EL2 exception" "fatal" "crashed")
EXIT=0
TIMEOUT=60
