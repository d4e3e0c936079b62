#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make test`: every suite for every architecture, then one closing line
# "N passed, N failed" summing them. Exit status 0 only if nothing failed.
set -u
cd "$(dirname "$0")/.."
mkdir -p build
pass=0 fail=0 skip=0
jobs=$(nproc)
summary=()

suite() {	# suite NAME COMMAND...: run, show output, add its closing counts
	local name=$1; shift
	local log=build/test-$name.log
	echo "=== $name: $*"
	local t0=$SECONDS
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	local secs=$((SECONDS - t0))
	local line p f s
	line=$(grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	if [ -z "$line" ]; then
		# A suite without counts (a build step, a check) counts as one case.
		if [ "$rc" -eq 0 ]; then p=1 f=0; else p=0 f=1; fi
	else
		p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<< "$line")
		f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<< "$line")
		s=$(grep -oE '[0-9]+ skipped' <<< "$line" | cut -d' ' -f1)
		skip=$((skip + ${s:-0}))
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	fi
	pass=$((pass + p)); fail=$((fail + f))
	summary+=("$name: $p passed, $f failed (exit $rc, ${secs}s)")
}

for a in arm64 x86 s390; do
	suite "build-$a" make -j"$jobs" --no-print-directory ARCH=$a all test-assets
done
suite unit make -j"$jobs" --no-print-directory unit
suite fpcheck make -j"$jobs" --no-print-directory fpcheck
[ -f tests/fuzz/fuzz.mk ] && suite fuzz make -j"$jobs" --no-print-directory fuzz-check
suite qemu make -j"$jobs" --no-print-directory qemu-test

echo "=== summary"
printf '%s\n' "${summary[@]}"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
