/* SPDX-License-Identifier: MIT */
/*
 * Test asset, not part of the hypervisor: a minimal arm64 "bootloader" that
 * QEMU starts with -kernel (Image header, loaded at RAM base + 16 MiB), which
 * then enters the hypervisor the way a buggy or hostile loader would:
 *
 *   SHIM_DTB    if defined, x0 = this address (a blob QEMU placed with
 *               -device loader: bad magic, truncated, ...); otherwise x0 is
 *               QEMU's real DTB, passed on unchanged
 *   SHIM_JUMP   where the hypervisor image was placed (-device loader)
 *
 * QEMU's own -dtb refuses blobs it cannot parse, so this is the only way to
 * hand the hypervisor an unreadable DTB; it is also how the tests load the
 * image somewhere other than its link address.
 */
	.text
	.global _start
_start:
	b	1f			/* code0 */
	.long	0			/* code1 */
	.quad	0x1000000		/* text_offset: 16 MiB, clear of the hypervisor */
	.quad	0x1000			/* image_size */
	.quad	2			/* flags: little endian, 4 KiB, fixed */
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
1:
#ifdef SHIM_DTB
	ldr	x0, =SHIM_DTB
#endif
	ldr	x1, =SHIM_JUMP
	br	x1
	.ltorg
