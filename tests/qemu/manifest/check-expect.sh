#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bulkhead-check gives the messages the hypervisor gives at boot: run it on a
# bad bundle and compare with the .expect file the QEMU case of that bundle
# also reads (tests/qemu/cases/manifest-<arch>-bad.t). Each expected line is
# a prefix of the corresponding output line (the hypervisor-memory range
# depends on the machine), the line count must match, the exit status be 1.
#   check-expect.sh CHECKER BUNDLE.dtb PLATFORM.dtb EXPECT-FILE STAMP
set -u
checker=$1 bundle=$2 platform=$3 expect=$4 stamp=$5
out=$("$checker" "$bundle" --platform "$platform")
rc=$?
fail() { echo "check-expect: $bundle: $*" >&2; printf '%s\n' "$out" >&2; exit 1; }
[ "$rc" -eq 1 ] || fail "bulkhead-check exit status $rc, expected 1"
mapfile -t want < "$expect"
mapfile -t got <<< "$out"
[ "${#got[@]}" -eq "${#want[@]}" ] || fail "${#got[@]} lines, expected ${#want[@]} (as in $expect)"
for i in "${!want[@]}"; do
	case "${got[$i]}" in
	"${want[$i]}"*) ;;
	*) fail "line $((i + 1)): \"${got[$i]}\" does not start with \"${want[$i]}\"" ;;
	esac
done
touch "$stamp"
