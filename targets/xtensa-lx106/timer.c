/*
 * The 1 kHz system tick on CCOMPARE0 (interrupt 6, level 1): the compare
 * value advances one period per interrupt, without drift. Without -icount
 * QEMU's CCOUNT follows host time, so a late interrupt may find the next
 * compare value already passed: it then counts the missed ticks and moves on,
 * rather than waiting a whole 2^32-cycle wrap (107 s at 40 MHz); the same
 * holds if CCOUNT passes the new value while it is being written.
 * wcap_board_ticks() is CCOUNT itself (board.c).
 */
#include <stdint.h>

#include "board.h"
#include "xtfpga.h"

#define TICK_PERIOD (XT_CPU_HZ / 1000u)

void wcap_xt_timer_init(void)
{
    XT_WSR(ccompare0, XT_RSR(ccount) + TICK_PERIOD);
}

void wcap_xt_timer_isr(void)
{
    uint32_t next = XT_RSR(ccompare0) + TICK_PERIOD;
    wcap_board_on_tick();
    /* The interrupt fires only when CCOUNT equals CCOMPARE0: a compare value
     * CCOUNT passed before it was written would stop the tick for a whole
     * wrap (QEMU descheduled between the check and the write, as on a loaded
     * host), and with it every time budget. So check again after writing. */
    do {
        while ((int32_t)(next - XT_RSR(ccount)) <= 0) {
            next += TICK_PERIOD;
            wcap_board_on_tick();
        }
        XT_WSR(ccompare0, next); /* also acknowledges the interrupt */
    } while ((int32_t)(next - XT_RSR(ccount)) <= 0);
}
