/*
 * rv32imac trap handling (entered from start.S with the caller-saved
 * registers saved):
 *  - machine timer and external interrupts go to their drivers; the timer
 *    tick also preempts a capsule whose time budget has expired when it
 *    interrupted the capsule's own code (mepc: see wcap_rt_preempt_pc);
 *  - an exception while a capsule is running (capsule code or a host call it
 *    made) is contained: execution resumes in a trampoline that raises a Wasm
 *    trap, so the call ends with WCAP_E_RT_TRAP and the board keeps serving.
 *    wasm2c output checks every access itself; this is a second line of
 *    defence;
 *  - any other exception prints mcause/mepc/mtval and resets the board.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "virt.h"
#include "wasm-rt.h"
#include "wcap/rt.h"

uintptr_t wcap_rv_trap(uint32_t mcause, uintptr_t mepc, uint32_t mtval);

/* Set while an interrupt handler runs: a fault there is never the capsule's. */
static volatile uint8_t in_interrupt;

static void capsule_fault_trap(void)
{
    wasm_rt_trap(WASM_RT_TRAP_OOB);
}

uintptr_t wcap_rv_trap(uint32_t mcause, uintptr_t mepc, uint32_t mtval)
{
    if (mcause & RV_MCAUSE_IRQ) {
        uint32_t irq = mcause & ~RV_MCAUSE_IRQ;
        uintptr_t resume = mepc;
        in_interrupt = 1;
        if (irq == RV_IRQ_MTIMER) {
            wcap_rv_timer_isr();
            /* An expired capsule interrupted in its own code resumes at the
             * runtime's timeout stub; elsewhere the next tick tries again. */
            uintptr_t stub = wcap_rt_preempt_pc(mepc);
            resume = stub != 0u ? stub : mepc;
        } else if (irq == RV_IRQ_MEXT) {
            wcap_rv_ext_isr();
        }
        in_interrupt = 0;
        return resume;
    }
    if (wcap_rt_current != NULL && !in_interrupt)
        return (uintptr_t)capsule_fault_trap;
    wcap_board_panic_puts("\nwcap: FATAL trap");
    wcap_board_panic_hex(" mcause=", mcause);
    wcap_board_panic_hex(" mepc=", (uint32_t)mepc);
    wcap_board_panic_hex(" mtval=", mtval);
    wcap_board_panic_puts(" -- resetting\n");
    wcap_board_reset();
}
