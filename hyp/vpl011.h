/* SPDX-License-Identifier: MIT */
/*
 * A virtual Arm PL011 UART (PrimeCell UART PL011 TRM, ARM DDI 0183) for a
 * partition's console: an emulated device on the partition's MMIO bus
 * (part_mmio_register) whose transmitted bytes go to the partition's
 * console in hyp/vcons.h and whose received bytes come from it. Enough of
 * the register file for Linux's pl011 / earlycon drivers and a polled
 * newlib console: UARTDR, UARTRSR/ECR, UARTFR, IBRD/FBRD/LCR_H (stored),
 * UARTCR, IFLS, IMSC, RIS, MIS, ICR, DMACR, and the PrimeCell ID registers.
 * Transmission is instantaneous (the FIFO always reads empty).
 *
 * Interrupts (TRM 2.8, 3.3.10-3.3.13): the raw status UARTRIS is
 *  - TXRIS (bit 5): latched on every UARTDR write (the FIFO drains at once,
 *    so it always falls through its trigger level) and at reset, cleared
 *    by UARTICR. Linux's amba-pl011 driver enables TXIM only while its FIFO
 *    is full, which never happens here, so it never sees a TX interrupt;
 *    a guest that unmasks TXIM with TXRIS set gets an interrupt until it
 *    clears TXRIS or masks TXIM, as on the hardware.
 *  - RXRIS (bit 4) and RTRIS (bit 6): set while input is queued (both at
 *    once: the trigger level and the receive timeout elapse instantly).
 *    UARTICR clears them until the next byte arrives or the queue drains.
 * The PL011's combined interrupt line UARTINTR = (RIS & IMSC) != 0 is
 * given to the callback set by vpl011_set_irq() whenever it changes: on
 * input (vpl011_rx_event), on UARTDR reads that drain the queue, and on
 * UARTIMSC / UARTICR / UARTDR writes. Without a callback, guests poll.
 *
 * Not CPU-specific: the same device serves every architecture whose guests
 * expect a PL011. Module prefix vpl011_.
 *
 * Locking: vpl011.lock serialises the vCPUs of one partition; it is taken
 * from the stage-2 fault path with no other lock held, or by
 * vpl011_rx_event() inside the partition's lock, and nests outside
 * vcons_mux.lock and whatever the interrupt callback takes (the arch's
 * virtual interrupt controller lock).
 */
#ifndef HYP_VPL011_H
#define HYP_VPL011_H

#include "hyp/compiler.h"
#include "hyp/spinlock.h"
#include "hyp/partition.h"
#include "hyp/vcons.h"

#define VPL011_SIZE		0x1000ull
#define VPL011_DEFAULT_BASE	0x09000000ull	/* QEMU virt's UART, when the manifest gives none */

/* Register offsets. */
#define VPL011_DR	0x000
#define VPL011_RSR	0x004
#define VPL011_FR	0x018
#define VPL011_ILPR	0x020
#define VPL011_IBRD	0x024
#define VPL011_FBRD	0x028
#define VPL011_LCR_H	0x02c
#define VPL011_CR	0x030
#define VPL011_IFLS	0x034
#define VPL011_IMSC	0x038
#define VPL011_RIS	0x03c
#define VPL011_MIS	0x040
#define VPL011_ICR	0x044
#define VPL011_DMACR	0x048

/* UARTFR bits. */
#define VPL011_FR_BUSY	(1u << 3)
#define VPL011_FR_RXFE	(1u << 4)
#define VPL011_FR_TXFF	(1u << 5)
#define VPL011_FR_RXFF	(1u << 6)
#define VPL011_FR_TXFE	(1u << 7)
/* Interrupt bits (RIS / MIS / IMSC / ICR). */
#define VPL011_INT_RX	(1u << 4)
#define VPL011_INT_TX	(1u << 5)
#define VPL011_INT_RT	(1u << 6)
#define VPL011_INT_ALL	0x7ffu

struct vpl011 {
	struct spinlock lock;
	/* Immutable after vpl011_init(). */
	struct vcons_mux *mux;
	unsigned int cons;
	/* Set by vpl011_set_irq() before the guest runs. */
	void (*irq)(void *ctx, bool level);	/* the UARTINTR line; NULL: none */
	void *irq_ctx;
	/* Protected by lock. */
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc, dmacr, ilpr;
	uint32_t ris_tx;	/* latched TX interrupt status */
	uint32_t rx_clr;	/* RX/RT status cleared by UARTICR while input stays queued */
	bool line;		/* the level last given to irq */
	uint64_t tx_bytes;
};

/* Reset state (UARTCR = TXE | RXE, IFLS = 0x12, everything else 0), console cons of mux. */
void vpl011_init(struct vpl011 *u, struct vcons_mux *mux, unsigned int cons);

/*
 * Give the interrupt line to irq(ctx, level): called (under u->lock, from
 * the vCPU's MMIO exit or from vpl011_rx_event) each time the level
 * changes; it starts low. Call after vpl011_init, before the guest runs.
 */
void vpl011_set_irq(struct vpl011 *u, void (*irq)(void *ctx, bool level), void *ctx);

/*
 * Input was queued for u's console (any CPU): RX status re-arms and the
 * line follows. The caller keeps u alive and initialised (the arch holds
 * the partition's lock, so a restart cannot re-initialise it meanwhile).
 */
void vpl011_rx_event(struct vpl011 *u);

/* True while UARTINTR is high (what was last given to the callback). Takes u->lock. */
bool vpl011_line(struct vpl011 *u);

/* True if a read at offset off may change the interrupt line (UARTDR, with a callback set). */
static inline bool vpl011_read_has_effect(const struct vpl011 *u, uint64_t off)
{
	return u->irq && (off & ~3ull) == VPL011_DR;
}

/*
 * UARTFR as a 32-bit read returns it: TX always empty, RXFE unless input is
 * queued. Lock-free (mux and cons are immutable), inline for the arch's MMIO
 * fast path; vpl011_ops.read gives the same value.
 */
static inline uint32_t vpl011_fr(const struct vpl011 *u)
{
	return VPL011_FR_TXFE | (vcons_rx_pending(u->mux, u->cons) ? 0 : VPL011_FR_RXFE);
}

/* The MMIO-bus callbacks; ctx is the struct vpl011. */
extern const struct mmio_ops vpl011_ops;

#endif
