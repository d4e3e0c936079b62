# SPDX-License-Identifier: MIT
ARCH=arm64
DESC="partitions: the benchmark guest (scripts/bench-arm64.sh) runs pinned to CPU 0 on a one-CPU machine under -icount and reports its PMU instruction counts; checks only that it runs, not the figures"
MACHINE=(-M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 1 -m 1G -icount shift=0,sleep=off)
ARGS=(-initrd "$B/part-tests/arm64-bench.dtb" -append "bulkhead.guest-pmu=on")
EXPECT=("[bench] bench: null hypercall round trip: "
	"[bench] bench: emulated MMIO read (PL011 FR): "
	"[bench] bench: stage-2 first-touch fault: "
	"[bench] bench: reset to first guest instruction: "
	"[bench] GUEST-RESULT bench: PASS ("
	"bulkhead: no partition left running; stopping")
REJECT=("GUEST-FAIL" "GUEST-EXCEPTION" "EL2 exception" "fatal")
EXIT=0
TIMEOUT=60
