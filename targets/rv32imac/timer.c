/*
 * The 1 kHz system tick on the CLINT: mtimecmp is advanced by one period per
 * interrupt (catching up without drift); wcap_board_ticks() is mtime at 10 MHz.
 */
#include <stdint.h>

#include "board.h"
#include "virt.h"

#define TICK_PERIOD (VIRT_TIMEBASE_HZ / 1000u)

static uint64_t next_tick;

static uint64_t mtime_read(void)
{
    uint32_t hi, lo;
    do {
        hi = CLINT_MTIME_HI;
        lo = CLINT_MTIME_LO;
    } while (hi != CLINT_MTIME_HI);
    return ((uint64_t)hi << 32) | lo;
}

/* Glitch-free 64-bit compare update on a 32-bit hart. */
static void mtimecmp_write(uint64_t t)
{
    CLINT_MTIMECMP_HI = UINT32_MAX;
    CLINT_MTIMECMP_LO = (uint32_t)t;
    CLINT_MTIMECMP_HI = (uint32_t)(t >> 32);
}

void wcap_rv_timer_init(void)
{
    next_tick = mtime_read() + TICK_PERIOD;
    mtimecmp_write(next_tick);
    rv_csr_set(mie, RV_MIE_MTIE);
}

void wcap_rv_timer_isr(void)
{
    next_tick += TICK_PERIOD;
    mtimecmp_write(next_tick);
    wcap_board_on_tick();
}

uint32_t wcap_board_ticks(void)
{
    return CLINT_MTIME_LO;
}
