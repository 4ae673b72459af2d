/*
 * SysTick as the 1 kHz system tick, clocked by the CPU clock
 * (WCAP_CM_SYSCLK_HZ). wcap_board_ticks() combines the millisecond count with
 * the current down-counter value into a CPU-clock-rate counter.
 */
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"

#define SYST_RELOAD (WCAP_CM_SYSCLK_HZ / 1000u)

static volatile uint32_t systick_ms;

void wcap_cm_systick_init(void)
{
    CM_SYST_CSR = 0;
    CM_SYST_RVR = SYST_RELOAD - 1u;
    CM_SYST_CVR = 0;
    CM_SYST_CSR = CM_SYST_ENABLE | CM_SYST_TICKINT | CM_SYST_CPUCLK;
}

void wcap_cm_systick_handler(void)
{
    systick_ms++;
    wcap_board_on_tick();
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
