#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run host unit-test binaries (cmocka), count test cases, print
# "unit: N passed, N failed" last. Exit status 0 only if all passed.
# Binaries run in parallel, UNIT_JOBS at a time (default: the number of CPUs).
set -u
pass=0 fail=0
logdir=${BUILD:-build}/host/unit-logs
mkdir -p "$logdir"
jobs=${UNIT_JOBS:-$(nproc)}

# Run the binaries in parallel (each writes its own log and exit status),
# then report them in the order given.
run_one() {
	local bin=$1 log
	log="$logdir/$(basename "$bin").log"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		timeout 600 "$bin" > "$log" 2>&1
	echo $? > "$log.rc"
}
running=0
for bin in "$@"; do
	rm -f "$logdir/$(basename "$bin").log.rc"
	run_one "$bin" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

for bin in "$@"; do
	name=$(basename "$bin")
	log="$logdir/$name.log"
	rc=$(cat "$log.rc" 2>/dev/null || echo 127)
	ok=$(grep -c '^\[       OK \]' "$log")
	bad=$(grep -c '^\[  FAILED  \] [^0-9]' "$log")
	run=$(grep -c '^\[ RUN      \]' "$log")
	# A crash (sanitizer report, signal) fails the case that was running.
	if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
		bad=$(( run - ok )); [ "$bad" -gt 0 ] || bad=1
	fi
	if [ "$run" -eq 0 ] && [ "$rc" -eq 0 ]; then
		echo "unit: $name ran no test case" >&2; bad=1
	fi
	pass=$((pass + ok)); fail=$((fail + bad))
	if [ "$bad" -gt 0 ]; then
		echo "FAIL $name ($ok passed, $bad failed, exit $rc): $log"
		grep -E '^\[  (ERROR|FAILED)|ERROR: AddressSanitizer|runtime error|SUMMARY' "$log" | head -n 20 | sed 's/^/    /'
	else
		echo "ok   $name ($ok passed)"
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
