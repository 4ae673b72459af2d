/*
 * SysTick as the 1 kHz system tick, clocked by the CPU clock
 * (WCAP_CM_SYSCLK_HZ). wcap_board_ticks() combines the millisecond count with
 * the current down-counter value into a CPU-clock-rate counter.
 *
 * Every tick also preempts a capsule whose time budget has expired: when the
 * tick interrupted thread-mode code inside the capsule's image, the stacked
 * return address is replaced by the runtime's timeout stub
 * (wcap_rt_preempt_pc), so the exception return lands there; otherwise
 * (runtime, host call, libgcc helper, a nested handler) the next tick tries
 * again.
 */
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"
#include "wcap/rt.h"

#define SYST_RELOAD (WCAP_CM_SYSCLK_HZ / 1000u)

static volatile uint32_t systick_ms;

void wcap_cm_systick_init(void)
{
    CM_SYST_CSR = 0;
    CM_SYST_RVR = SYST_RELOAD - 1u;
    CM_SYST_CVR = 0;
    CM_SYST_CSR = CM_SYST_ENABLE | CM_SYST_TICKINT | CM_SYST_CPUCLK;
}

/* Stacked frame: r0-r3, r12, lr, pc, xPSR. An FP-extended frame (EXC_RETURN
 * bit 4 clear) adds s0-s15/FPSCR after these, so the offsets are the same. */
enum { FR_PC = 6, FR_XPSR = 7 };

#define EXC_RETURN_THREAD (1u << 3) /* returning to thread mode */
#define EXC_RETURN_DCRS (1u << 5)   /* ARMv8-M: r0 starts the frame (always set on v7-M) */
/* Kept in the redirected xPSR: Thumb and the stack-realignment flag; the
 * IT/ICI bits of the interrupted instruction must not apply to the stub. */
#define XPSR_KEEP ((1u << 24) | (1u << 9))

void wcap_cm_systick_isr(uint32_t *frame, uint32_t exc_return);

void wcap_cm_systick_isr(uint32_t *frame, uint32_t exc_return)
{
    uintptr_t stub;

    systick_ms++;
    wcap_board_on_tick();
    if ((exc_return & (EXC_RETURN_THREAD | EXC_RETURN_DCRS)) != (EXC_RETURN_THREAD | EXC_RETURN_DCRS))
        return;
    stub = wcap_rt_preempt_pc(frame[FR_PC]);
    if (stub != 0u) {
        frame[FR_PC] = (uint32_t)stub & ~1u;
        frame[FR_XPSR] &= XPSR_KEEP;
    }
}

/* Picks MSP or PSP from EXC_RETURN (bit 2) and tail-calls the tick; its
 * return (bx lr with EXC_RETURN) is the exception return. */
__attribute__((naked)) void wcap_cm_systick_handler(void)
{
    __asm__ volatile("tst lr, #4\n"
                     "ite eq\n"
                     "mrseq r0, msp\n"
                     "mrsne r0, psp\n"
                     "mov r1, lr\n"
                     "b wcap_cm_systick_isr\n");
}

uint32_t wcap_board_ticks(void)
{
    uint32_t ms, val;
    do {
        ms = systick_ms;
        val = CM_SYST_CVR;
    } while (ms != systick_ms);
    return ms * SYST_RELOAD + (SYST_RELOAD - 1u - val);
}
