#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build newlib's libc for one Bulkhead target from Debian's newlib-source, with
# hypervisor-safe flags (no FP/SIMD registers anywhere), and cache it.
#
#   scripts/newlib.sh ARCH OUTDIR      ARCH = arm64 | x86 | s390
#
# The result is OUTDIR/install/{include,lib/libc.a}. The build is skipped when
# OUTDIR/stamp matches the hash of every input (this script, the patches, the
# tarball, the compiler version), so a warm cache costs a few milliseconds.
set -euo pipefail

arch=${1:?usage: newlib.sh ARCH OUTDIR}
out=${2:?usage: newlib.sh ARCH OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
# configure runs from $out/obj: every path below must be absolute.
case $out in /*) ;; *) out=$PWD/$out ;; esac
tarball=$(ls /usr/src/newlib/newlib-*.tar.* 2>/dev/null | head -n1 || true)
if [ -z "$tarball" ]; then
	echo "newlib.sh: /usr/src/newlib/newlib-*.tar.* not found: install Debian's newlib-source (make deps)" >&2
	exit 1
fi

# The Makefile passes the flags it also builds the hypervisor with
# (arch/<arch>/arch.mk): CROSS, ARCH_CFLAGS, NEWLIB_TARGET.
: "${CROSS?set by the Makefile}" "${ARCH_CFLAGS:?set by the Makefile}" "${NEWLIB_TARGET:?set by the Makefile}"

common="-O2 -g -ffunction-sections -fdata-sections -fno-pic -fno-stack-protector -ffreestanding"
cflags="$common $ARCH_CFLAGS"

key=$( {
	cat "$0" "$here"/patches/newlib-*.patch
	sha256sum "$tarball"
	"${CROSS}gcc" --version | head -n1
	echo "$cflags"
} | sha256sum | cut -d' ' -f1)

cached() { [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$key" ] && [ -f "$out/install/lib/libc.a" ]; }
cached && exit 0

# One build per output directory at a time: a second make waits for the first
# and then finds the cache warm (the lock file lives beside the directory).
mkdir -p "$(dirname "$out")"
exec 9> "$out.lock"
flock 9
cached && exit 0

echo "newlib: building libc for $arch (cached in $out; about 1-2 minutes)"
rm -rf "$out"
mkdir -p "$out/src" "$out/obj" "$out/install"
tar -C "$out/src" -xf "$tarball"
src=$(ls -d "$out"/src/*/ | head -n1)
(cd "$src" && for p in "$here"/patches/newlib-*.patch; do patch -s -p1 < "$p"; done)
# arm64: newlib's assembly string routines either use NEON (memset, memchr,
# strchr, strchrnul, strrchr: SIMD registers the hypervisor must not touch)
# or assume unaligned accesses are free (they fault while the MMU is off).
# Take the generic C versions of all of them: with PREFER_SIZE_OVER_SPEED
# left undefined those work a word at a time once aligned.
if [ "$arch" = arm64 ]; then
	cond='^#if (defined (__OPTIMIZE_SIZE__) || defined (PREFER_SIZE_OVER_SPEED))'
	n=0
	for f in "$src"/newlib/libc/machine/aarch64/*-stub.c "$src"/newlib/libc/machine/aarch64/*.S; do
		if grep -q "$cond" "$f"; then
			sed -i "s%$cond%#if 1 /* bulkhead: generic C string routines */%" "$f"
			n=$((n + 1))
		fi
	done
	if [ "$n" -lt 20 ]; then
		echo "newlib.sh: expected to switch the aarch64 string routines to C, switched $n files" >&2
		exit 1
	fi
fi

log="$out/build.log"
(
	cd "$out/obj"
	"$src/configure" --target="$NEWLIB_TARGET" --prefix=/ \
		--disable-libgloss --disable-multilib --disable-nls \
		--disable-newlib-supplied-syscalls --disable-newlib-io-float --enable-newlib-io-c99-formats \
		--disable-newlib-multithread --disable-newlib-wide-orient \
		--enable-newlib-global-atexit --disable-newlib-fvwrite-in-streamio \
		CC_FOR_TARGET="${CROSS}gcc" AR_FOR_TARGET="${CROSS}ar" \
		AS_FOR_TARGET="${CROSS}as" LD_FOR_TARGET="${CROSS}ld" \
		RANLIB_FOR_TARGET="${CROSS}ranlib" NM_FOR_TARGET="${CROSS}nm" \
		OBJDUMP_FOR_TARGET="${CROSS}objdump" \
		CFLAGS_FOR_TARGET="$cflags"
	# stdlib/ and time/ need floating point and do not compile without it:
	# -k leaves them out; the hypervisor uses none of them.
	make -k -j"$(nproc)" all-target-newlib || true
	make -k install-target-newlib DESTDIR="$out/install" || true
) > "$log" 2>&1

lib=$(find "$out/install" -name libc.a | head -n1)
inc=$(find "$out/install" -type d -name include | head -n1)
if [ -z "$lib" ] || [ -z "$inc" ]; then
	echo "newlib.sh: build for $arch failed; see $log" >&2
	tail -n 20 "$log" >&2
	exit 1
fi
mkdir -p "$out/install/lib"
[ "$lib" = "$out/install/lib/libc.a" ] || cp "$lib" "$out/install/lib/libc.a"
[ "$inc" = "$out/install/include" ] || cp -r "$inc" "$out/install/include"
# List once: "ar t | grep -q" under pipefail fails when grep quits early (SIGPIPE).
members=$("${CROSS}ar" t "$out/install/lib/libc.a")
for f in memcpy.o memset.o vsnprintf.o strlen.o; do
	if ! grep -q "$f\$" <<< "$members"; then
		echo "newlib.sh: libc.a for $arch lacks $f; see $log" >&2
		exit 1
	fi
done
rm -rf "$out/src" "$out/obj"
echo "$key" > "$out/stamp"
echo "newlib: $arch done"
