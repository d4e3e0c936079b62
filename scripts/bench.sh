#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: deterministic instruction counts of the page-table engine,
# from valgrind --tool=callgrind on host benchmark binaries (tests/bench/).
# Only the measured operation is counted (--toggle-collect=bench_measured);
# the table gives instructions per 4 KiB page of the range (per page scanned
# for harvests) and, for harvests with dirty pages, per dirty page.
#
#   scripts/bench.sh [FORMAT...]        default: arm64 npt ept s390
#
# To add a benchmark: a binary whose measured work happens inside a
# non-inlined function named bench_measured, printing "pages N" (and
# optionally "dirty N") on stdout; add a run_case line below. Benchmarks that
# run under QEMU (e.g. -icount on arm64) can be appended as further sections
# printing rows in the same format.
set -u
cd "$(dirname "$0")/.."
make --no-print-directory build/host/bench/bench_pt >/dev/null || exit 1
command -v valgrind >/dev/null || { echo "bench: valgrind not installed"; exit 1; }

formats=("$@")
[ ${#formats[@]} -eq 0 ] && formats=(arm64 npt ept s390)
scenarios=(map4k map2m unmap4k wp4k split2m harvest0 harvest1 harvest100)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Targets from issue 3 (instructions per page; harvest100/harvest1 per dirty page).
target() {
	case $1 in
	map4k) echo "<= 40/page" ;;
	harvest0) echo "<= 0.25/page" ;;
	harvest1|harvest100) echo "<= 150/dirty" ;;
	*) echo "-" ;;
	esac
}

run_case() {	# run_case FORMAT SCENARIO: prints one table row
	local f=$1 s=$2 cg="$out/cg.$1.$2" res ir pages dirty per perdirty verdict
	res=$(valgrind --tool=callgrind --callgrind-out-file="$cg" --collect-atstart=no \
		--toggle-collect=bench_measured build/host/bench/bench_pt "$f" "$s" 2>/dev/null) || {
		printf '%-6s %-11s %s\n' "$f" "$s" "FAILED"; return 1; }
	ir=$(sed -n 's/^summary: //p' "$cg")
	pages=$(sed -n 's/^pages //p' <<< "$res")
	dirty=$(sed -n 's/^dirty //p' <<< "$res")
	per=$(awk -v a="$ir" -v b="$pages" 'BEGIN { printf "%.3f", a / b }')
	perdirty="-"
	if [ -n "$dirty" ] && [ "$dirty" -gt 0 ]; then
		perdirty=$(awk -v a="$ir" -v b="$dirty" 'BEGIN { printf "%.1f", a / b }')
	fi
	verdict="-"
	case $s in
	map4k) verdict=$(awk -v x="$per" 'BEGIN { print (x <= 40) ? "met" : "MISSED" }') ;;
	harvest0) verdict=$(awk -v x="$per" 'BEGIN { print (x <= 0.25) ? "met" : "MISSED" }') ;;
	harvest1|harvest100) verdict=$(awk -v x="$perdirty" 'BEGIN { print (x <= 150) ? "met" : "MISSED" }') ;;
	esac
	printf '%-6s %-11s %14s %9s %12s %12s  %-13s %s\n' "$f" "$s" "$ir" "$pages" "$per" "$perdirty" \
		"$(target "$s")" "$verdict"
}

printf '%-6s %-11s %14s %9s %12s %12s  %-13s %s\n' format scenario instructions pages "instr/page" \
	"instr/dirty" target verdict
fail=0
for f in "${formats[@]}"; do
	for s in "${scenarios[@]}"; do
		run_case "$f" "$s" || fail=1
	done
done
# Dirty-log harvests through mm/dirty.c (whole get-and-clear, copy-out included).
if [ $# -eq 0 ]; then
	echo
	scripts/bench-dirty.sh || fail=1
fi
exit $fail
