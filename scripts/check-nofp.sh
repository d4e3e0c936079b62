#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fail if any hypervisor image contains an FP/SIMD instruction or register.
# The only exception is code whose function name starts with "fpctx_": the
# save/restore of a guest's own FP/SIMD state on a vCPU switch.
#
#   scripts/check-nofp.sh build/arm64/bulkhead.elf build/x86/bulkhead.elf ...
# Closing line: "fpcheck: N passed, N failed" (one case per image).
set -u
pass=0 fail=0
for elf in "$@"; do
	if [ ! -f "$elf" ]; then echo "FAIL $elf: missing"; fail=$((fail + 1)); continue; fi
	machine=$(readelf -h "$elf" | sed -n 's/^ *Machine: *//p')
	case "$machine" in
	*AArch64*) od=aarch64-linux-gnu-objdump; kind=arm64 ;;
	*X86-64*|*x86-64*|*"Advanced Micro Devices X86-64"*) od=objdump; kind=x86 ;;
	*S/390*|*390*) od=s390x-linux-gnu-objdump; kind=s390 ;;
	*) echo "FAIL $elf: unknown machine '$machine'"; fail=$((fail + 1)); continue ;;
	esac
	hits=$("$od" -d --no-show-raw-insn "$elf" | awk -v kind="$kind" '
		/^[0-9a-f]+ <.*>:$/ { fn = $2; next }
		/^ *[0-9a-f]+:\t/ {
			n = split($0, f, "\t"); if (n < 2) next
			ins = f[2]; for (i = 3; i <= n; i++) ins = ins " " f[i]
			mn = ins; sub(/[ \t].*/, "", mn)
			ops = ins; if (!sub(/^[^ \t]+[ \t]+/, "", ops)) ops = ""
			gsub(/<[^>]*>/, "", ops); sub(/[#;].*/, "", ops)
			if (fn ~ /^<fpctx_/) next
			bad = 0
			if (kind == "arm64") {
				if (ops ~ /(^|[ ,{\[])([qdsbh][0-9][0-9]?|v[0-9][0-9]?(\.[0-9]*[bhsdq])?)([ ,}\]]|$)/) bad = 1
				if (mn ~ /^(f[a-z0-9]+|ld[1-4]|st[1-4]|movi|dup|ins|umov|smov|scvtf|ucvtf|cnt|addv|uaddlv)$/) bad = 1
				if (ops ~ /fpcr|fpsr/) bad = 1
			} else if (kind == "x86") {
				if (ops ~ /%(x|y|z)mm[0-9]|%mm[0-7]|%st(\(|$|,)/) bad = 1
				if (mn ~ /^(f[a-z0-9]+|emms|ldmxcsr|stmxcsr|fxsave.*|fxrstor.*|xsave.*|xrstor.*)$/ && mn !~ /^(fs|fwait)$/) bad = 1
			} else {
				if (ops ~ /%[fv][0-9][0-9]?([ ,)]|$)/) bad = 1
				if (mn ~ /^(sfpc|efpc|lfpc|stfpc|v[a-z0-9]+)$/ && mn !~ /^(verr|verw)$/) bad = 1
			}
			if (bad) { print fn " " f[1] " " ins ; cnt++ }
		}
		END { }' | head -n 20)
	if [ -n "$hits" ]; then
		echo "FAIL $elf: FP/SIMD instructions or registers:"
		echo "$hits" | sed 's/^/    /'
		fail=$((fail + 1))
	else
		echo "ok   $elf: no FP/SIMD instruction or register"
		pass=$((pass + 1))
	fi
done
echo "fpcheck: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
