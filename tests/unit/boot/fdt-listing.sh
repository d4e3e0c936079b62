#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Reference listing of a DTB made with fdtget (libfdt, an implementation
# independent of boot/fdt.c), for test_fdt.c: one line per node in document
# order, "N <path>", then one line per property, "P <path> <name> <bytes>"
# with the value's bytes in hex as fdtget -t bx prints them.
#   fdt-listing.sh DTB > LISTING
set -eu
dtb=$1

walk() {
	local path=$1 p child
	echo "N $path"
	while read -r p; do
		[ -n "$p" ] || continue
		echo "P $path $p $(fdtget -t bx "$dtb" "$path" "$p")"
	done < <(fdtget -p "$dtb" "$path")
	while read -r child; do
		[ -n "$child" ] || continue
		if [ "$path" = / ]; then walk "/$child"; else walk "$path/$child"; fi
	done < <(fdtget -l "$dtb" "$path")
}
walk /
