#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dirty-log harvest figures for `make bench` (called by scripts/bench.sh):
# deterministic instruction counts of dirty_log_get_and_clear() on a 4 GiB
# memslot at 0 %, 1 % and 100 % dirty pages, from valgrind --tool=callgrind
# on tests/bench/bench_harvest.c (only bench_measured is counted). Rows:
# instructions per page scanned, and per dirty page (re-protection or
# dirty-state clearing and the copy-out included).
#
#   scripts/bench-dirty.sh              every row below
#   scripts/bench-dirty.sh FORMAT MODE  one format/mode, e.g. "ept-ad hwlog"
set -u
cd "$(dirname "$0")/.."
make --no-print-directory build/host/bench/bench_harvest >/dev/null || exit 1
command -v valgrind >/dev/null || { echo "bench: valgrind not installed"; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# format mode: write-protect mode on every format; hardware modes where the
# tables have hardware dirty state; "ingest" = PML page ingestion per entry.
cases=("arm64 wp" "npt wp" "ept wp" "s390 wp" "arm64-dbm hwlog" "npt-hw hwlog" "ept-ad hwlog"
	"arm64-dbm hwscan" "npt-hw hwscan" "ept-ad hwscan" "ept-ad ingest")
[ $# -eq 2 ] && cases=("$1 $2")

row() {	# row FORMAT MODE PCT
	local f=$1 m=$2 p=$3 cg="$out/cg.$1.$2.$3" res ir pages dirty per perdirty verdict target
	res=$(valgrind --tool=callgrind --callgrind-out-file="$cg" --collect-atstart=no \
		--toggle-collect=bench_measured build/host/bench/bench_harvest "$f" "$m" "$p" 2>/dev/null) || {
		printf '%-9s %-7s %4s%% %s\n' "$f" "$m" "$p" "FAILED"; return 1; }
	ir=$(sed -n 's/^summary: //p' "$cg")
	pages=$(sed -n 's/^pages //p' <<< "$res")
	dirty=$(sed -n 's/^dirty //p' <<< "$res")
	per=$(awk -v a="$ir" -v b="$pages" 'BEGIN { printf "%.3f", a / b }')
	perdirty="-"
	[ "$dirty" -gt 0 ] && perdirty=$(awk -v a="$ir" -v b="$dirty" 'BEGIN { printf "%.1f", a / b }')
	target="-"; verdict="-"
	if [ "$m" != ingest ] && [ "$m" != hwscan ]; then
		if [ "$p" = 0 ]; then
			target="<= 0.25/page"
			verdict=$(awk -v x="$per" 'BEGIN { print (x <= 0.25) ? "met" : "MISSED" }')
		else
			target="<= 150/dirty"
			verdict=$(awk -v x="$perdirty" 'BEGIN { print (x <= 150) ? "met" : "MISSED" }')
		fi
	fi
	printf '%-9s %-7s %4s%% %14s %9s %12s %12s  %-13s %s\n' "$f" "$m" "$p" "$ir" "$pages" "$per" \
		"$perdirty" "$target" "$verdict"
}

printf '%-9s %-7s %5s %14s %9s %12s %12s  %-13s %s\n' format mode dirty instructions pages \
	"instr/page" "instr/dirty" target verdict
fail=0
for c in "${cases[@]}"; do
	set -- $c
	for p in 0 1 100; do
		[ "$2" = ingest ] && [ "$p" = 0 ] && continue
		row "$1" "$2" "$p" || fail=1
	done
done
exit $fail
