#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Run libFuzzer targets built by tests/fuzz/fuzz.mk.
#   run.sh check SECONDS name...   each seed once, then SECONDS of fuzzing from
#                                  the seeds into a scratch corpus (seed 1)
#   run.sh fuzz SECONDS name...    SECONDS of fuzzing into build/fuzz/<name>/corpus
# One case per target; a crash, leak, timeout, a hang of the whole run or a
# target without seeds fails it. Last line: "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
mode=$1 secs=$2
shift 2
pass=0 fail=0

for t in "$@"; do
	dir=${BUILD:-build}/fuzz/$t
	bin=$dir/fuzzer
	log=$dir/$mode.log
	mkdir -p "$dir/artifacts"
	opts=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$dir/artifacts/" -print_final_stats=1)
	[ -f "tests/fuzz/$t.dict" ] && opts+=(-dict="tests/fuzz/$t.dict")
	seeds=("$dir"/seeds/*)
	why=""
	: > "$log"
	if [ ! -x "$bin" ]; then
		why="not built"
	elif [ ! -e "${seeds[0]}" ]; then
		why="no seeds in $dir/seeds"
	elif [ "$mode" = check ]; then
		# Every seed once (a list of files: libFuzzer runs each, no fuzzing).
		if ! timeout 600 "$bin" "${opts[@]}" "${seeds[@]}" >> "$log" 2>&1; then
			why="a seed fails"
		else
			rm -rf "$dir/check-corpus" && mkdir -p "$dir/check-corpus"
			timeout $((secs + 120)) "$bin" "${opts[@]}" -seed=1 -max_total_time="$secs" \
				"$dir/check-corpus" "$dir/seeds" >> "$log" 2>&1
			rc=$?
			[ "$rc" -eq 124 ] && why="run did not end"
			[ "$rc" -ne 0 ] && [ -z "$why" ] && why="fuzzing found a problem (exit $rc)"
		fi
	else
		mkdir -p "$dir/corpus"
		timeout $((secs + 300)) "$bin" "${opts[@]}" -max_total_time="$secs" \
			"$dir/corpus" "$dir/seeds" >> "$log" 2>&1
		rc=$?
		[ "$rc" -eq 124 ] && why="run did not end"
		[ "$rc" -ne 0 ] && [ -z "$why" ] && why="fuzzing found a problem (exit $rc)"
	fi
	execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n1 | grep -o '[0-9]*$')
	if [ -z "$why" ]; then
		pass=$((pass + 1))
		echo "ok   $t (${#seeds[@]} seeds, ${execs:-0} executions in the fuzzing run)"
	else
		fail=$((fail + 1))
		echo "FAIL $t: $why; log: $log"
		grep -E 'ERROR: |SUMMARY: |Test unit written|runtime error' "$log" | head -n 10 | sed 's/^/    /'
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
