# SPDX-License-Identifier: MIT
ARCH=x86
DESC="-initrd: the first Multiboot module is the boot bundle (the example bundle, which needs 4 CPUs), recorded with its exact size and reserved"
ARGS=(-initrd "$B/bundle.dtb")
EXPECT=("x86: Multiboot v1 information at 0x9500 from qemu: 9 memory map entries, 1 module(s)"
	" bundle"
	"boot bundle: 0x"
	", $(stat -c %s "$B/bundle.dtb" 2>/dev/null) bytes"
	"manifest: accepted"
	"CPUs online: 4 of 4")
REJECT=("fatal" "boot bundle: none")
EXIT=0
