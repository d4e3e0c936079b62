#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# arm64 partition benchmark: instruction counts measured by a guest with the
# PMU (event 0x08, instructions retired, EL0/EL1/EL2 all counted) under
# QEMU -icount shift=0,sleep=off with one CPU, which makes every count
# deterministic. The guest is tests/guests/arm64 role 9 ("bench") in the
# bundle tests/qemu/part/arm64-bench.dts (lazy RAM), and once more with
# arm64-bench-eager.dts (the same RAM populated at creation) for the boot
# figure. Not a timed test: it prints a table with the issue-5 targets.
#
#   scripts/bench-arm64.sh            (builds what it needs)
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}/arm64
make --no-print-directory -s ARCH=arm64 $B/bulkhead.bin $B/part-tests/arm64-bench.dtb \
	$B/part-tests/arm64-bench-eager.dtb >/dev/null || exit 1
eval "$(make -s --no-print-directory ARCH=arm64 qemu-vars)" || exit 1
boot() {	# boot BUNDLE: the console log of one benchmark run
	timeout 120 "$QEMU_VAR" -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 1 -m 1G \
		-icount shift=0,sleep=off -display none -serial stdio -monitor none -no-reboot \
		-kernel $B/bulkhead.bin -initrd "$1" -append "bulkhead.guest-pmu=on" < /dev/null 2>&1
}
log=$(boot $B/part-tests/arm64-bench.dtb)
eager=$(boot $B/part-tests/arm64-bench-eager.dtb)
for l in "$log" "$eager"; do
	grep -q 'GUEST-RESULT bench: PASS' <<< "$l" || { echo "bench-arm64: the benchmark guest did not pass:"; echo "$l" | tail -20; exit 1; }
done
row() {	# row LABEL PATTERN TARGET [LOG]
	local n
	n=$(sed -n "s/.*bench: $2: \([0-9]*\) instructions.*/\1/p" <<< "${4:-$log}")
	printf '%-36s %12s   %s\n' "$1" "${n:-?}" "$3"
}
printf '%-36s %12s   %s\n' "arm64 (QEMU -icount, cortex-a57)" "instructions" "target (issue 5)"
row "null hypercall round trip" "null hypercall round trip" "<= 80"
row "PSCI_VERSION via HVC" "PSCI_VERSION via HVC" "- (Bao: 192)"
row "emulated MMIO read" "emulated MMIO read (PL011 FR)" "<= 120 (Bao GICD read: 229)"
row "stage-2 first-touch fault" "stage-2 first-touch fault" "-"
row "reset to first guest instruction" "reset to first guest instruction" "<= 150000 (Bao: ~370000)"
row "  the same, 2 MiB RAM eager" "reset to first guest instruction" "- (zeroed + cleaned at creation)" "$eager"
