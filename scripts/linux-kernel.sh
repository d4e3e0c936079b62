#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fetch Debian bookworm's arm64 Linux kernel (package linux-image-<abi>-arm64)
# and cache its uncompressed Image, for the QEMU case arm64-part-linux.
#
#   scripts/linux-kernel.sh CACHEDIR
#
# Uses apt with a private state and cache directory under CACHEDIR (the host's
# dpkg configuration and package lists are neither read nor changed), downloads
# the kernel package, unpacks it with dpkg-deb and decompresses /boot/vmlinuz-*
# (Debian's arm64 vmlinuz is a gzip-compressed Image) into CACHEDIR/Image.
# CACHEDIR/version names the package. A warm cache costs nothing: the download
# happens once, `make test` runs after it reuse the Image.
#
# Exit status 0 with CACHEDIR/Image present, or non-zero with one line on
# stderr saying why (no network, no such package, ...): the QEMU case then
# skips with CACHEDIR/error as its reason.
set -uo pipefail

out=${1:?usage: linux-kernel.sh CACHEDIR}
case $out in /*) ;; *) out=$PWD/$out ;; esac
mkdir -p "$out" || { echo "linux-kernel.sh: cannot create $out" >&2; exit 1; }
cached() { [ -s "$out/Image" ] && [ -s "$out/version" ] && rm -f "$out/error"; }
cached && exit 0

# One fetch at a time (parallel builds in several trees share the cache).
exec 9> "$out.lock"
flock 9
cached && exit 0

fail() {
	echo "linux-kernel.sh: $*" >&2
	echo "$*" > "$out/error"
	exit 1
}

for t in apt-get apt-cache dpkg-deb gzip; do
	command -v "$t" > /dev/null || fail "$t not found (a Debian host is needed to fetch the kernel)"
done
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || fail "$keyring not found: install debian-archive-keyring"

apt="$out/apt"
mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/etc/sources.list.d" \
	"$apt/etc/preferences.d" "$apt/etc/apt.conf.d" || fail "cannot create $apt"
: > "$apt/state/status"
cat > "$apt/etc/sources.list" <<EOF
deb [arch=arm64 signed-by=$keyring] ${DEBIAN_MIRROR:-http://deb.debian.org/debian} bookworm main
deb [arch=arm64 signed-by=$keyring] ${DEBIAN_SECURITY:-http://deb.debian.org/debian-security} bookworm-security main
EOF
opts=(-q -o APT::Architecture=arm64 -o APT::Architectures::=arm64
	-o Dir::State="$apt/state" -o Dir::State::status="$apt/state/status"
	-o Dir::Cache="$apt/cache" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
	-o Dir::Etc::SourceList="$apt/etc/sources.list" -o Dir::Etc::SourceParts="$apt/etc/sources.list.d"
	-o Dir::Etc::Preferences="$apt/etc/preferences" -o Dir::Etc::PreferencesParts="$apt/etc/preferences.d"
	-o Acquire::Languages=none -o Acquire::Retries=2 -o Acquire::http::Timeout=20
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root)

echo "linux-kernel: fetching Debian bookworm's arm64 kernel into $out (once: about 20 MB of package lists and a 60 MB package)"
apt-get "${opts[@]}" update > "$out/apt-update.log" 2>&1 ||
	fail "apt-get update failed (no network to the Debian archive?): $(grep -E '^(E|W):' "$out/apt-update.log" | head -n1)"
grep -q '^E:\|^W: Failed' "$out/apt-update.log" &&
	fail "apt-get update could not read the archive: $(grep -E '^(E|W):' "$out/apt-update.log" | head -n1)"

# linux-image-arm64 is the metapackage; it depends on the current
# linux-image-<abi>-arm64. Prefer the -unsigned variant (same Image, no
# signature wrapper), fall back to the signed one.
dep=$(apt-cache "${opts[@]}" depends linux-image-arm64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-arm64\)$/\1/p' | head -n1)
[ -n "$dep" ] || fail "cannot resolve linux-image-arm64 to a kernel package in bookworm (see $out/apt-update.log)"
pkg=
for p in "$dep-unsigned" "$dep"; do
	if apt-cache "${opts[@]}" show "$p" > /dev/null 2>&1; then pkg=$p; break; fi
done
[ -n "$pkg" ] || fail "neither $dep-unsigned nor $dep is in the archive"

dl="$apt/dl"
rm -rf "$dl"; mkdir -p "$dl"
(cd "$dl" && apt-get "${opts[@]}" download "$pkg") > "$out/apt-download.log" 2>&1 ||
	fail "apt-get download $pkg failed: $(grep -E '^(E|W):' "$out/apt-download.log" | head -n1)"
deb=$(ls "$dl"/*.deb 2>/dev/null | head -n1)
[ -n "$deb" ] || fail "apt-get download $pkg left no .deb"

x="$apt/x"
rm -rf "$x"; mkdir -p "$x"
dpkg-deb -x "$deb" "$x" || fail "dpkg-deb -x $deb failed"
vmlinuz=$(ls "$x"/boot/vmlinuz-* 2>/dev/null | head -n1)
[ -n "$vmlinuz" ] || fail "$pkg has no /boot/vmlinuz-*"
# Debian's arm64 vmlinuz is gzip-compressed; accept an uncompressed Image too.
if gzip -t "$vmlinuz" 2> /dev/null; then
	gzip -dc "$vmlinuz" > "$out/Image.tmp" || fail "cannot decompress $vmlinuz"
else
	cp "$vmlinuz" "$out/Image.tmp" || fail "cannot copy $vmlinuz"
fi
# The arm64 Image header: magic "ARM\x64" at offset 56 (Documentation/arch/arm64/booting.rst).
magic=$(dd if="$out/Image.tmp" bs=1 skip=56 count=4 2> /dev/null | od -An -tx1 | tr -d ' \n')
[ "$magic" = 41524d64 ] || fail "$vmlinuz does not hold an arm64 Image (magic $magic)"
mv "$out/Image.tmp" "$out/Image"
echo "$pkg $(dpkg-deb -f "$deb" Version)" > "$out/version"
# Only the Image is kept: apt's lists and the package are not needed again.
rm -rf "$apt" "$out/error"
echo "linux-kernel: $(cat "$out/version"): $out/Image ($(stat -c %s "$out/Image") bytes)"
