#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where arm64 boot spends its instructions: runs the benchmark bundle
# (tests/qemu/part/arm64-bench.dts) under QEMU with one instruction per
# translation block and `-d exec,nochain`, stops the trace at the first
# instruction executed at EL1 (the guest's first), and attributes every
# hypervisor instruction to the function that holds its address
# ($B/bulkhead.elf, linked at its load address, so PCs match with
# the MMU off and on). Prints the top functions and the total.
#
#   scripts/boot-profile.sh [TOP]       (default: 40 functions)
#   CALLERS=memset scripts/boot-profile.sh   also: who calls memset, and
#                                       the instructions spent per caller
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}/arm64
top=${1:-40}
make --no-print-directory -s ARCH=arm64 $B/bulkhead.bin $B/part-tests/arm64-bench.dtb >/dev/null || exit 1
eval "$(make -s --no-print-directory ARCH=arm64 qemu-vars)" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 300 "$QEMU_VAR" -M virt,virtualization=on,gic-version=3 -cpu cortex-a57 -smp 1 -m 1G \
	-icount shift=0,sleep=off -singlestep -d exec,nochain -D "$tmp/trace" \
	-display none -serial file:"$tmp/console" -monitor none -no-reboot \
	-kernel $B/bulkhead.bin -initrd $B/part-tests/arm64-bench.dtb \
	-append "bulkhead.guest-pmu=on" < /dev/null > /dev/null 2>&1 &
qpid=$!
# The guest's result line ends the useful part of the run.
for _ in $(seq 600); do
	grep -q 'GUEST-RESULT' "$tmp/console" 2>/dev/null && break
	kill -0 $qpid 2>/dev/null || break
	sleep 0.5
done
kill $qpid 2>/dev/null; wait $qpid 2>/dev/null
aarch64-linux-gnu-nm -n $B/bulkhead.elf | awk '$2 ~ /^[tTwW]$/ {print $1, $3}' > "$tmp/syms"
# Trace lines: "Trace 0: 0x... [00000000/PC/flags/cflags] symbol". The guest
# runs at 0x40000000-0x401fffff (below the hypervisor image); the first PC
# there, once the hypervisor has started, is the first guest instruction
# (QEMU's own boot stub also runs at 0x40000000, before it).
perl -e '
	my ($symfile, $top, $callee) = @ARGV[0, 1, 3];
	open(my $sf, "<", $symfile) or die; my (@addr, @name);
	while (<$sf>) { my ($a, $n) = split; push @addr, hex($a); push @name, $n; }
	open(my $tf, "<", $ARGV[2]) or die; my (%cnt, $total, $done, $inhyp, $prev, %by, $cur);
	while (<$tf>) {
		next unless /^Trace \d+: \S+ \[[0-9a-f]+\/([0-9a-f]+)\//;
		my $pc = hex($1);
		$inhyp = 1 if $pc >= 0x40200000;
		next unless $inhyp;
		if ($pc >= 0x40000000 && $pc < 0x40200000) { $done = 1; last; }
		my ($lo, $hi, $s) = (0, $#addr, "?");
		if ($pc >= $addr[0]) {
			while ($lo < $hi) { my $mid = int(($lo + $hi + 1) / 2); if ($addr[$mid] <= $pc) { $lo = $mid } else { $hi = $mid - 1 } }
			$s = $name[$lo];
		}
		$cnt{$s}++; $total++;
		if ($callee ne "") {
			# Entering the callee from another function: remember the caller.
			$cur = $prev if $s eq $callee && defined $prev && $prev ne $callee;
			$by{$cur}++ if $s eq $callee && defined $cur;
		}
		$prev = $s;
	}
	print "boot-profile: the trace never reached the guest (incomplete figures)\n" unless $done;
	my @k = sort { $cnt{$b} <=> $cnt{$a} } keys %cnt;
	splice(@k, $top) if @k > $top;
	printf "%9d %5.1f%% %s\n", $cnt{$_}, 100 * $cnt{$_} / $total, $_ for @k;
	printf "%9d total instructions before the first guest instruction\n", $total;
	if ($callee ne "") {
		print "instructions in $callee by caller:\n";
		printf "%9d %s\n", $by{$_}, $_ for sort { $by{$b} <=> $by{$a} } keys %by;
	}
' "$tmp/syms" "$top" "$tmp/trace" "${CALLERS:-}"
