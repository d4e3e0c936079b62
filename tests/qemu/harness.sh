#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# QEMU integration harness: one QEMU per test case, in parallel, each with a
# timeout, checking console lines and QEMU's exit status.
#
#   tests/qemu/harness.sh ARCH...        run every case of those architectures
#   ONLY=name tests/qemu/harness.sh ...  run the cases whose name contains "name"
#
# A case is a file tests/qemu/cases/NAME.t, sourced by bash, setting:
#   ARCH=arm64|x86|s390            required
#   DESC="what it shows"           required
#   ARGS=(...)                     extra QEMU arguments (after the arch's machine
#                                  arguments); $B is build/<arch>
#   MACHINE=(...)                  replaces the arch's machine arguments
#   KERNEL=path                    default: the arch's boot image
#   TIMEOUT=seconds                default 60
#   EXPECT=("line" ...)            fixed strings that must all appear
#   EXPECT_ORDER=1                 ...and in this order
#   REJECT=("text" ...)            fixed strings that must not appear
#   EXIT=0                         QEMU's expected exit status
#   SKIP_IF="shell test"           when true, the case is skipped with its reason
#   INPUT=("line" "bytes" ...)     console input, in pairs: once "line" has
#                                  appeared on the console, type "bytes"
#                                  (printf %b escapes: \r, \x14 ...)
#
# Output: a line per case, then "qemu: N passed, N failed[, N skipped]".
set -u
cd "$(dirname "$0")/../.."
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(arm64 x86 s390)
out=${BUILD:-build}/qemu-tests
mkdir -p "$out"
jobs=${QEMU_JOBS:-$(nproc)}

declare -A QEMUBIN MACHARGS IMAGE
for a in "${arches[@]}"; do
	eval "$(make -s --no-print-directory ARCH="$a" qemu-vars)" || exit 1
	QEMUBIN[$a]=$QEMU_VAR; MACHARGS[$a]=$MACHINE_VAR; IMAGE[$a]=$IMAGE_VAR
done

run_case() {
	local file=$1 name res log
	name=$(basename "$file" .t)
	log="$out/$name.log"; res="$out/$name.result"
	(
		ARCH= DESC= ARGS=() MACHINE=() KERNEL= TIMEOUT=60 EXPECT=() REJECT=() EXIT=0 EXPECT_ORDER=0 SKIP_IF= B= INPUT=()
		# shellcheck disable=SC1090
		. "$file"
		B=${BUILD:-build}/$ARCH
		. "$file"   # again, now that $B is known to ARGS/KERNEL
		if [ -n "$SKIP_IF" ] && eval "$SKIP_IF"; then
			echo "skip $name: $DESC (skipped: $SKIP_IF)" > "$res"; exit 0
		fi
		[ ${#MACHINE[@]} -gt 0 ] || read -r -a MACHINE <<< "${MACHARGS[$ARCH]}"
		[ -n "$KERNEL" ] || KERNEL=${IMAGE[$ARCH]}
		cmd=("${QEMUBIN[$ARCH]}" "${MACHINE[@]}" -display none -serial stdio -monitor none
		     -no-reboot -kernel "$KERNEL" "${ARGS[@]}")
		echo "# ${cmd[*]}" > "$log"
		if [ ${#INPUT[@]} -eq 0 ]; then
			timeout --kill-after=5 "$TIMEOUT" "${cmd[@]}" < /dev/null >> "$log" 2>&1
			rc=$?
		else
			# A FIFO held open read-write here: QEMU reads it as its
			# console, the typist below writes to it when a line shows up.
			fifo="$out/$name.in"
			rm -f "$fifo"; mkfifo "$fifo"
			exec 3<> "$fifo"
			timeout --kill-after=5 "$TIMEOUT" "${cmd[@]}" < "$fifo" >> "$log" 2>&1 &
			qpid=$!
			(
				i=0
				while [ $i -lt ${#INPUT[@]} ]; do
					until grep -qF -- "${INPUT[$i]}" "$log"; do
						kill -0 "$qpid" 2>/dev/null || exit 0
						sleep 0.2
					done
					printf '%b' "${INPUT[$((i + 1))]}" >&3
					i=$((i + 2))
				done
			) &
			typist=$!
			wait "$qpid"
			rc=$?
			kill "$typist" 2>/dev/null; wait "$typist" 2>/dev/null
			exec 3>&-
			rm -f "$fifo"
		fi
		why=()
		[ "$rc" -eq 124 ] && why+=("timed out after ${TIMEOUT}s")
		[ "$rc" -ne 124 ] && [ "$rc" -ne "$EXIT" ] && why+=("exit status $rc, expected $EXIT")
		pos=0
		for e in "${EXPECT[@]}"; do
			if [ "$EXPECT_ORDER" = 1 ]; then
				n=$(tail -n +"$((pos + 1))" "$log" | grep -nF -m1 -- "$e" | cut -d: -f1)
				if [ -z "$n" ]; then why+=("missing (in order): $e"); else pos=$((pos + n)); fi
			else
				grep -qF -- "$e" "$log" || why+=("missing: $e")
			fi
		done
		for r in "${REJECT[@]}"; do
			grep -qF -- "$r" "$log" && why+=("unexpected: $r")
		done
		if [ ${#why[@]} -eq 0 ]; then
			echo "ok   $name: $DESC" > "$res"
		else
			{ echo "FAIL $name: $DESC ($log)"; printf '    %s\n' "${why[@]}"; } > "$res"
		fi
	)
}

cases=()
for f in tests/qemu/cases/*.t; do
	[ -e "$f" ] || continue
	a=$(sed -n 's/^ARCH=\([a-z0-9]*\).*/\1/p' "$f" | head -n1)
	case " ${arches[*]} " in *" $a "*) ;; *) continue ;; esac
	[ -z "${ONLY:-}" ] || [[ "$(basename "$f")" == *"$ONLY"* ]] || continue
	cases+=("$f")
done

# Only this run's results: other harness runs may be writing theirs.
for f in "${cases[@]}"; do rm -f "$out/$(basename "$f" .t).result"; done
running=0
for f in "${cases[@]}"; do
	run_case "$f" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait

pass=0 fail=0 skip=0
for f in "${cases[@]}"; do
	r="$out/$(basename "$f" .t).result"
	if [ ! -f "$r" ]; then echo "FAIL $(basename "$f" .t): harness error"; fail=$((fail + 1)); continue; fi
	cat "$r"
	case "$(head -c4 "$r")" in
		"ok  ") pass=$((pass + 1)) ;;
		skip) skip=$((skip + 1)) ;;
		*) fail=$((fail + 1)) ;;
	esac
done
[ ${#cases[@]} -gt 0 ] || { echo "qemu: no test cases for: ${arches[*]}" >&2; fail=1; }
if [ "$skip" -gt 0 ]; then
	echo "qemu: $pass passed, $fail failed, $skip skipped"
else
	echo "qemu: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
