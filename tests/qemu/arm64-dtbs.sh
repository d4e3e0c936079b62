#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the hostile platform DTBs the arm64 QEMU tests boot with, from the
# DTB QEMU itself generates for the test machine (dumped as source by dtc).
#
#   tests/qemu/arm64-dtbs.sh QEMU OUTDIR MACHINE-ARGS...
#
# Through QEMU's -dtb (QEMU must be able to parse them; note that it
# replaces every memory node and the /psci node with its own, and sets
# bootargs / initrd in /chosen):
#   no-console.dtb    no arm,pl011 node and no stdout-path
#   dup-mpidr.dtb     two cpu nodes with MPIDR 0
#   extra-cpu.dtb     a fifth cpu node (MPIDR 4) the machine does not have
# Raw blobs placed in memory by the test shim (tests/qemu/arm64-dtbshim.S),
# for what QEMU would reject or rewrite. The valid ones carry their own
# bootargs "bulkhead.exit=semihosting", so their failure exits non-zero:
#   mem-overlap.bin   a second memory node overlapping the first
#   psci-hvc.bin      /psci method "hvc" (cannot reach firmware from EL2)
#   uart-in-ram.bin   the console PL011's reg inside RAM
#   soc-ranges.bin    the console under a /soc bus whose ranges move it to
#                     0x09000000: a valid DTB, boots if "ranges" is applied
#   soc-ranges-bad.bin  the same, with ranges too small for the UART's reg
#   rsv.bin           valid, with a /memreserve/ entry and a /reserved-memory
#                     node: both must show up as reserved ranges
#   toobig.bin        a valid DTB whose header claims 3 MiB (limit: 2 MiB)
#   badmagic.bin      a valid DTB with its magic overwritten
#   truncated.bin     the first 2000 bytes of a valid DTB (header unchanged)
set -euo pipefail
qemu=$1 out=$2; shift 2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$qemu" "$@" -machine dumpdtb="$tmp/virt.dtb" -display none >/dev/null 2>&1 ||
	{ echo "arm64-dtbs.sh: $qemu could not dump its DTB" >&2; exit 1; }
dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
grep -q 'pl011@9000000 {' "$tmp/virt.dts" || { echo "arm64-dtbs.sh: unexpected virt DTB" >&2; exit 1; }

mk() {	# mk NAME < dts
	dtc -q -I dts -O dtb -o "$out/$1.dtb" -
}
mkbin() {	# mkbin NAME < dts: with the semihosting exit in bootargs
	sed '/^\tchosen {/a\
\t\tbootargs = "bulkhead.exit=semihosting";' | dtc -q -I dts -O dtb -o "$out/$1.bin" -
}

# Everything but the root's closing "};", so nodes can be appended.
head -n -1 "$tmp/virt.dts" > "$tmp/open.dts"
[ "$(tail -n 1 "$tmp/virt.dts")" = "};" ] || { echo "arm64-dtbs.sh: unexpected DTS ending" >&2; exit 1; }

{ cat "$tmp/open.dts"; printf '\tmemory@60000000 {\n\t\tdevice_type = "memory";\n\t\treg = <0x00 0x60000000 0x00 0x10000000>;\n\t};\n};\n'; } | mkbin mem-overlap

awk '/^\tpl011@9000000 \{/ { skip = 1 } !skip && !/stdout-path/ { print } skip && /^\t\};/ { skip = 0 }' \
	"$tmp/virt.dts" | mk no-console

sed 's/method = "smc";/method = "hvc";/' "$tmp/virt.dts" | mkbin psci-hvc

sed '/^\tpl011@9000000 {/,/^\t};/ s/reg = <0x00 0x9000000 0x00 0x1000>;/reg = <0x00 0x40000000 0x00 0x1000>;/' \
	"$tmp/virt.dts" | mkbin uart-in-ram
grep -q '40000000 0x00 0x1000>' <(dtc -q -I dtb -O dts "$out/uart-in-ram.bin") || { echo "arm64-dtbs.sh: uart variant" >&2; exit 1; }

soc() {	# soc RANGES-SIZE: the PL011 moved under a translating bus
	awk '/^\tpl011@9000000 \{/ { skip = 1 } !skip { print } skip && /^\t\};/ { skip = 0 }' "$tmp/open.dts" |
		sed 's|stdout-path = "/pl011@9000000";|stdout-path = "/soc/pl011@1000";|'
	printf '\tsoc {\n\t\tcompatible = "simple-bus";\n\t\t#address-cells = <0x01>;\n\t\t#size-cells = <0x01>;\n'
	printf '\t\tranges = <0x1000 0x00 0x9000000 %s>;\n' "$1"
	printf '\t\tpl011@1000 {\n\t\t\treg = <0x1000 0x1000>;\n\t\t\tinterrupts = <0x00 0x01 0x04>;\n'
	printf '\t\t\tcompatible = "arm,pl011", "arm,primecell";\n\t\t};\n\t};\n};\n'
}
soc 0x1000 | mkbin soc-ranges
soc 0x800 | mkbin soc-ranges-bad
grep -q 'soc/pl011@1000' <(dtc -q -I dtb -O dts "$out/soc-ranges.bin") || { echo "arm64-dtbs.sh: soc variant" >&2; exit 1; }

sed '/^\t\tcpu@1 {/,/^\t\t};/ s/reg = <0x01>;/reg = <0x00>;/' "$tmp/virt.dts" | mk dup-mpidr

sed '/^\t\tcpu@0 {/i\
\t\tcpu@4 {\n\t\t\treg = <0x04>;\n\t\t\tenable-method = "psci";\n\t\t\tcompatible = "arm,cortex-a57";\n\t\t\tdevice_type = "cpu";\n\t\t};' \
	"$tmp/virt.dts" | mk extra-cpu

{ echo '/dts-v1/;'; echo '/memreserve/ 0x50000000 0x100000;'; tail -n +2 "$tmp/open.dts"
  printf '\treserved-memory {\n\t\t#address-cells = <0x02>;\n\t\t#size-cells = <0x02>;\n\t\tranges;\n'
  printf '\t\tfw@51000000 {\n\t\t\treg = <0x00 0x51000000 0x00 0x1000000>;\n\t\t\tno-map;\n\t\t};\n\t};\n};\n'; } | mkbin rsv
dtc -q -I dtb -O dts "$out/rsv.bin" | grep -q '/memreserve/' || { echo "arm64-dtbs.sh: rsv variant" >&2; exit 1; }

# A compact valid DTB to corrupt (QEMU's dump is padded to 1 MiB).
dtc -q -I dts -O dtb -o "$tmp/good.dtb" "$tmp/virt.dts"
cp "$tmp/good.dtb" "$out/badmagic.bin"
printf '\xde\xad\xbe\xef' | dd of="$out/badmagic.bin" bs=1 count=4 conv=notrunc status=none
head -c 2000 "$tmp/good.dtb" > "$out/truncated.bin"
cp "$tmp/good.dtb" "$out/toobig.bin"
printf '\x00\x30\x00\x00' | dd of="$out/toobig.bin" bs=1 seek=4 count=4 conv=notrunc status=none

# Each variant must really differ from the original.
for f in no-console.dtb dup-mpidr.dtb extra-cpu.dtb mem-overlap.bin psci-hvc.bin; do
	cmp -s "$out/$f" "$tmp/good.dtb" && { echo "arm64-dtbs.sh: $f is unchanged" >&2; exit 1; }
done
grep -q 'bulkhead.exit=semihosting' "$out/psci-hvc.bin" || { echo "arm64-dtbs.sh: no bootargs" >&2; exit 1; }
exit 0
