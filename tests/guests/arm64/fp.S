/* SPDX-License-Identifier: MIT */
/*
 * FP/SIMD register access for the test guest's "fp" role (the guest is
 * otherwise compiled without FP; CPACR_EL1.FPEN must be enabled first).
 *   g_fp_fill(seed): v<n>.d[0] = seed + 2n, v<n>.d[1] = seed + 2n + 1
 *   g_fp_dump(out):  out[2n] = v<n>.d[0], out[2n + 1] = v<n>.d[1]
 *   g_fpcr_set(v) / g_fpcr_get()
 */
	.text
	.global	g_fp_fill
g_fp_fill:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	d\n, x0
	add	x0, x0, #1
	mov	v\n\().d[1], x0
	add	x0, x0, #1
	.endr
	ret

	.global	g_fp_dump
g_fp_dump:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmov	x1, d\n
	mov	x2, v\n\().d[1]
	stp	x1, x2, [x0], #16
	.endr
	ret

	.global	g_fpcr_set
g_fpcr_set:
	msr	fpcr, x0
	ret

	.global	g_fpcr_get
g_fpcr_get:
	mrs	x0, fpcr
	ret
