/*
 * Cortex-M fault handling. Every fault and unexpected exception enters
 * wcap_cm_fault_handler, which finds the stacked exception frame and hands it
 * to fault_report():
 *
 *  - a fault raised by thread-mode code while a capsule is running (capsule
 *    code or a host call it made) is contained: the stacked return address is
 *    redirected to a trampoline that raises a Wasm trap, so the capsule call
 *    ends with WCAP_E_RT_TRAP ("out of bounds memory access") and the board
 *    keeps serving. wasm2c output checks every access itself, so this is a
 *    second line of defence, not the normal path;
 *  - anything else prints one diagnostic line (exception number, stacked PC,
 *    LR, xPSR, CFSR, HFSR, MMFAR, BFAR) on the UART and resets the board.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"
#include "wasm-rt.h"
#include "wcap/rt.h"

enum { FR_R0, FR_R1, FR_R2, FR_R3, FR_R12, FR_LR, FR_PC, FR_XPSR };

#define EXC_RETURN_THREAD (1u << 3) /* returning to thread mode */
#define EXC_RETURN_PSP (1u << 2)    /* frame is on the process stack */
#define XPSR_THUMB (1u << 24)

static void capsule_fault_trap(void)
{
    wasm_rt_trap(WASM_RT_TRAP_OOB);
}

static int capsule_is_running(uint32_t exc_return)
{
    return (exc_return & EXC_RETURN_THREAD) && wcap_rt_current != NULL;
}

#define HFSR_DEBUGEVT (1u << 31)
#define BKPT_SEMIHOST 0xBEABu

/* Called with the stacked frame; returns into the (possibly redirected) frame. */
void wcap_cm_fault_report(uint32_t *frame, uint32_t exc_return)
{
    uint32_t exc = CM_SCB_ICSR & 0x1FFu;
    uint32_t cfsr = CM_SCB_CFSR, hfsr = CM_SCB_HFSR;

    /* A semihosting call (bkpt 0xAB) while QEMU runs without semihosting: the
     * firmware's own probe (semihost_flash.c, the QEMU flash stand-in). Answer
     * -1 and go on after the bkpt. */
    if ((exc == 3 || exc == 12) && !capsule_is_running(exc_return) &&
        *(const volatile uint16_t *)(uintptr_t)(frame[FR_PC] & ~1u) == BKPT_SEMIHOST) {
        CM_SCB_HFSR = hfsr & HFSR_DEBUGEVT; /* write-one-to-clear */
        CM_REG(0xE000ED30u) = 0x1Fu;        /* DFSR, likewise */
        frame[FR_R0] = 0xFFFFFFFFu;
        frame[FR_PC] += 2u;
        return;
    }

    if (exc >= 3 && exc <= 7 && capsule_is_running(exc_return)) {
        CM_SCB_CFSR = cfsr; /* write-one-to-clear */
        CM_SCB_HFSR = hfsr;
        frame[FR_PC] = (uint32_t)(uintptr_t)capsule_fault_trap & ~1u;
        frame[FR_XPSR] = XPSR_THUMB;
        return;
    }
    wcap_board_panic_puts("\nwcap: FATAL fault");
    wcap_board_panic_hex(" exc=", exc);
    wcap_board_panic_hex(" pc=", frame[FR_PC]);
    wcap_board_panic_hex(" lr=", frame[FR_LR]);
    wcap_board_panic_hex(" xpsr=", frame[FR_XPSR]);
    wcap_board_panic_hex(" cfsr=", cfsr);
    wcap_board_panic_hex(" hfsr=", hfsr);
    wcap_board_panic_hex(" mmfar=", CM_SCB_MMFAR);
    wcap_board_panic_hex(" bfar=", CM_SCB_BFAR);
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}

/* Picks MSP or PSP from EXC_RETURN and tail-calls the reporter; its return
 * (bx lr with EXC_RETURN) is the exception return. */
__attribute__((naked)) void wcap_cm_fault_handler(void)
{
    __asm__ volatile("tst lr, #4\n"
                     "ite eq\n"
                     "mrseq r0, msp\n"
                     "mrsne r0, psp\n"
                     "mov r1, lr\n"
                     "b wcap_cm_fault_report\n");
}
