#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Write the initramfs of the arm64 Linux partition test: an uncompressed
# "newc" cpio archive (the format Linux unpacks, Documentation/driver-api/
# early-userspace/buffer-format.rst) holding
#   /dev (0755), /dev/console (character device 5:1, 0600), /proc (0555),
#   /init (0755, the given program).
#
#   tests/guests/linux/mkcpio.sh INIT OUT.cpio
#
# Each entry: the ASCII header "070701" and 13 eight-digit hex fields (ino,
# mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
# rdevminor, namesize with its NUL, check = 0), the name and its NUL padded
# to a multiple of 4 from the start of the header, the data padded likewise;
# the archive ends with the entry "TRAILER!!!". Owner root, mtime 0: the
# output depends only on INIT.
set -euo pipefail

init=${1:?usage: mkcpio.sh INIT OUT.cpio}
out=${2:?usage: mkcpio.sh INIT OUT.cpio}
[ -f "$init" ] || { echo "mkcpio.sh: $init: no such file" >&2; exit 1; }

ino=1
pad() {	# pad(n): NULs up to the next multiple of 4 of n
	local r=$(( (4 - $1 % 4) % 4 ))
	[ $r -eq 0 ] || head -c $r /dev/zero
}
entry() {	# entry(name, mode, nlink, rdevmajor, rdevminor, datafile|"")
	local name=$1 mode=$2 nlink=$3 rmaj=$4 rmin=$5 data=$6 size=0 nsz
	[ -z "$data" ] || size=$(stat -c %s "$data")
	nsz=$(( ${#name} + 1 ))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$ino" "$mode" 0 0 "$nlink" 0 "$size" 0 0 "$rmaj" "$rmin" "$nsz" 0
	printf '%s\0' "$name"
	pad $(( 110 + nsz ))
	if [ -n "$data" ]; then
		cat "$data"
		pad "$size"
	fi
	ino=$((ino + 1))
}

tmp="$out.tmp"
{
	entry dev $((0040755)) 2 0 0 ""
	entry dev/console $((0020600)) 1 5 1 ""
	entry proc $((0040555)) 2 0 0 ""
	entry init $((0100755)) 1 0 0 "$init"
	ino=0
	entry 'TRAILER!!!' 0 1 0 0 ""
} > "$tmp"
mv "$tmp" "$out"
