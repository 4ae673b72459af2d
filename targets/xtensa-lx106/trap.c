/*
 * LX106 exception handling (start.S saves the frame and calls
 * wcap_xt_exception with interrupts masked):
 *  - level-1 interrupts go to their drivers; the CCOMPARE0 tick also preempts
 *    a capsule whose time budget has expired when it interrupted the
 *    capsule's own code: the frame's EPC1 is rewritten to the runtime's
 *    timeout stub (wcap_rt_preempt_pc), which RFE then enters;
 *  - any other exception while a capsule is running (capsule code or a host
 *    call it made; e.g. a misaligned word access, which this core does not
 *    allow, an illegal instruction, or a BREAK: the debug exception, level 2)
 *    is contained: execution resumes in a
 *    function that raises a Wasm trap, so the call ends with WCAP_E_RT_TRAP
 *    and the board keeps serving. wasm2c output checks every access itself;
 *    this is a second line of defence;
 *  - any other exception prints EXCCAUSE/EPC1/EXCVADDR and resets the board.
 * Resuming at a C function by RFE is sound under the call0 ABI: SP is
 * 16-byte aligned at every instruction, and neither function returns (both
 * leave through wasm_rt_trap's longjmp).
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "wasm-rt.h"
#include "wcap/rt.h"
#include "xtfpga.h"

void wcap_xt_fatal_unexpected(void);
void wcap_xt_debug_exception(uint32_t *frame, uint32_t debugcause);

/* Set while an interrupt handler runs: a fault there is never the capsule's. */
static volatile uint8_t in_interrupt;

static void capsule_fault_trap(void)
{
    wasm_rt_trap(WASM_RT_TRAP_OOB);
}

static void interrupt(uint32_t *frame)
{
    uint32_t pending = XT_RSR(interrupt) & XT_RSR(intenable);
    in_interrupt = 1;
    if (pending & (1u << XT_IRQ_TIMER0)) {
        wcap_xt_timer_isr();
        /* An expired capsule interrupted in its own code resumes at the
         * runtime's timeout stub; elsewhere the next tick tries again. */
        uintptr_t stub = wcap_rt_preempt_pc((uintptr_t)frame[XT_FRAME_EPC1]);
        if (stub != 0u)
            frame[XT_FRAME_EPC1] = (uint32_t)stub;
    }
    if (pending & (1u << XT_IRQ_UART))
        wcap_xt_uart_isr();
    in_interrupt = 0;
}

void wcap_xt_exception(uint32_t *frame, uint32_t cause)
{
    if (cause == XT_CAUSE_LEVEL1_INTERRUPT) {
        interrupt(frame);
        return;
    }
    if (wcap_rt_current != NULL && !in_interrupt) {
        frame[XT_FRAME_EPC1] = (uint32_t)(uintptr_t)capsule_fault_trap;
        return;
    }
    wcap_board_panic_puts("\nwcap: FATAL exception");
    wcap_board_panic_hex(" exccause=", cause);
    wcap_board_panic_hex(" epc1=", frame[XT_FRAME_EPC1]);
    wcap_board_panic_hex(" excvaddr=", XT_RSR(excvaddr));
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}

/* Debug exception (start.S, level 2): a BREAK instruction, which GCC emits
 * for __builtin_trap (e.g. where it proves a null dereference). Contained in
 * a capsule call like any other fault. */
void wcap_xt_debug_exception(uint32_t *frame, uint32_t debugcause)
{
    if (wcap_rt_current != NULL && !in_interrupt) {
        frame[XT_FRAME_EPC1] = (uint32_t)(uintptr_t)capsule_fault_trap;
        return;
    }
    wcap_board_panic_puts("\nwcap: FATAL debug exception");
    wcap_board_panic_hex(" debugcause=", debugcause);
    wcap_board_panic_hex(" epc2=", frame[XT_FRAME_EPC1]);
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}

/* start.S: a double exception, or the kernel vector. */
void wcap_xt_fatal_unexpected(void)
{
    wcap_board_panic_puts("\nwcap: FATAL unexpected exception vector");
    wcap_board_panic_hex(" exccause=", XT_RSR(exccause));
    wcap_board_panic_hex(" epc1=", XT_RSR(epc1));
    wcap_board_panic_hex(" depc=", XT_RSR(depc));
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}
