#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Make sure the Debian packages Bulkhead builds and tests with are installed.
# Installs missing ones with apt-get when run as root; otherwise prints one
# line naming them and fails. Quick (one dpkg-query) when all are present.
set -u

pkgs=(
	make gcc libc6-dev patch xz-utils
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	gcc-s390x-linux-gnu binutils-s390x-linux-gnu
	qemu-system-arm qemu-system-x86 qemu-system-misc
	device-tree-compiler newlib-source
	libcmocka-dev clang libclang-rt-14-dev valgrind
	grub-common grub-pc-bin	# GRUB 2 for the x86 Multiboot2 QEMU case (tests/qemu/x86.mk)
)

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: not a Debian system (no dpkg-query); install the equivalents of: ${pkgs[*]}" >&2
	exit 1
fi

missing=()
while read -r name status; do
	[ "$status" = "installed" ] || missing+=("$name")
done < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${pkgs[@]}" 2>/dev/null)
# Packages dpkg has never heard of print nothing: find them too.
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -q '^installed$' || {
		case " ${missing[*]-} " in *" $p "*) ;; *) missing+=("$p") ;; esac
	}
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing Debian packages: ${missing[*]} and no apt-get to install them" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >&2; then
	echo "deps: apt-get could not install: ${missing[*]}" >&2
	exit 1
fi
exit 0
