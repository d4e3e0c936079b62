/* SPDX-License-Identifier: MIT */
/*
 * Interfaces between the s390x files of arch/s390/: the SCLP (console, machine
 * information), CPU control (SIGP, waits, TOD clock), the interruption
 * handlers and the boot code. Nothing outside arch/s390/ includes this.
 */
#ifndef ARCH_S390_S390_H
#define ARCH_S390_S390_H

#include "hyp/compiler.h"
#include "boot/bootinfo.h"
#include "arch/s390/lowcore.h"
#include "arch/s390/parse.h"

/* ---- SCLP (sclp.c) ------------------------------------------------------ */

/*
 * Enable the SCLP ASCII console (Write Event Mask). Boot CPU, once, before
 * the first output; arch_console_putc() calls it if nobody did. Returns 0,
 * or -1 when the SCLP refuses (output is then dropped).
 */
int sclp_console_init(void);

/* Send buffered console output now (arch_stop() calls it before stopping). */
void sclp_console_flush(void);

/*
 * Write a string with a private SCCB, bypassing the console buffer and lock:
 * for the crash report, which may run while the console is in use.
 */
void sclp_emergency_write(const char *s, size_t len);

/*
 * Read SCP Info (falling back to the forced variant) and decode it with
 * sclp_decode_info() (parse.c). Boot CPU only. Returns 0, or -1 with the
 * reason logged.
 */
int sclp_read_info(struct sclp_info *info) __must_check;

/* ---- CPU control (cpu.c) ------------------------------------------------ */

/* SIGP orders used here (PoP "SIGNAL PROCESSOR"). */
#define SIGP_SENSE		0x01
#define SIGP_EMERGENCY_SIGNAL	0x03
#define SIGP_STOP		0x05
#define SIGP_RESTART		0x06
#define SIGP_SET_PREFIX		0x0d

/* SIGP status bits stored with condition code 1. */
#define SIGP_STATUS_STOPPED		0x00000040u
#define SIGP_STATUS_CHECK_STOP		0x00000010u
#define SIGP_STATUS_INCORRECT_STATE	0x00000200u
#define SIGP_STATUS_INVALID_PARAMETER	0x00000100u

/* Condition codes of SIGP. */
#define SIGP_CC_ACCEPTED	0
#define SIGP_CC_STATUS		1
#define SIGP_CC_BUSY		2
#define SIGP_CC_NOT_OPERATIONAL	3

/*
 * Issue SIGP `order` to the CPU with address `addr`, with `param`. Returns the
 * condition code; *status gets the status word when it is 1.
 */
int s390_sigp(uint16_t addr, uint8_t order, uint64_t param, uint32_t *status);

/* SIGP, retried while the target reports busy (bounded). */
int s390_sigp_retry(uint16_t addr, uint8_t order, uint64_t param, uint32_t *status);

/* The calling CPU's address (STORE CPU ADDRESS). */
uint16_t s390_stap(void);

/* The TOD clock (STORE CLOCK); bit 51 ticks once per microsecond. */
uint64_t s390_tod(void);

/* Microseconds between two TOD values. */
static inline uint64_t s390_tod_us(uint64_t from, uint64_t to)
{
	return (to - from) >> 12;
}

/*
 * Wait (enabled wait PSW, external interruptions only) until an external
 * interruption whose code is `code` arrives or `timeout_us` passes (clock
 * comparator). Returns 0 and the interruption parameter in *param, or -1 on
 * timeout. `subclass` is the CR0 subclass mask bit the wait needs. Any CPU;
 * external interruptions are disabled again on return.
 */
int s390_wait_ext(uint16_t code, uint64_t subclass, uint64_t timeout_us, uint32_t *param);

/* CR0 external subclass masks (PoP "Control Registers"). */
#define CR0_EMERGENCY_SIGNAL	0x4000
#define CR0_EXTERNAL_CALL	0x2000
#define CR0_CLOCK_COMPARATOR	0x0800
#define CR0_SERVICE_SIGNAL	0x0200

/* External-interruption codes. */
#define EXT_CODE_CLOCK_COMP	0x1004
#define EXT_CODE_EMERGENCY	0x1201
#define EXT_CODE_EXTERNAL_CALL	0x1202
#define EXT_CODE_SERVICE	0x2401

/* Read / load control register 0 (external subclass masks). */
uint64_t s390_stctg0(void);
void s390_lctlg0(uint64_t v);

/* Load a disabled-wait PSW at `addr`: the CPU stops executing. */
__noreturn void s390_disabled_wait(uint64_t addr);

/*
 * Facility bits from STORE FACILITY LIST EXTENDED (PoP "Facility
 * Indications"), captured once at boot.
 */
bool s390_has_facility(unsigned int nr);
void s390_facilities_init(void);
/* Facility bits 64*i .. 64*i+63 as STFLE stored them (bit 0 = MSB); 0 past the end. */
uint64_t s390_facility_word(unsigned int i);

/* ---- interruptions (entry.S, trap.c) ------------------------------------ */

/* The new PSWs entry.S installs, in lowcore order: restart, external, SVC,
 * program, machine check, I/O (each to its entry in entry.S). */
extern const struct s390_psw s390_new_psws[6];

/* The restart new PSW of a CPU that is not being started (a stray restart). */
extern const struct s390_psw s390_restart_trap_psw;

/* Copy the interruption new PSWs into a lowcore (the boot CPU's: address 0). */
void s390_install_new_psws(void *lowcore);

/*
 * Called by entry.S for fatal interruptions on the trap stack, with the
 * interrupted GPRs at LC_TRAP_GPRS: prints the crash report and stops the
 * machine with a failure status.
 */
__noreturn void s390_trap(unsigned int kind);

/* True once any CPU has entered s390_trap(): the machine will stop failed. */
bool s390_crash_in_progress(void);

/* Called by entry.S for every external interruption; returns to resume. */
void s390_ext_interrupt(void);

/* ---- SMP and boot (smp.c, boot.c) --------------------------------------- */

/* Record the configuration's CPUs (from SCLP); boot CPU, before arch_smp_start(). */
void s390_smp_init(const struct sclp_info *info, uint16_t boot_addr);

/* Debug (bulkhead.crashtest=secondary): logical CPU 1 faults as it reports in. */
void s390_smp_crashtest(void);

/* First C code of a secondary CPU (entry.S, on its own stack). Never returns. */
__noreturn void s390_secondary_main(void);

/* The boot CPU's C entry (entry.S). Never returns. */
__noreturn void s390_boot(void);

#endif
