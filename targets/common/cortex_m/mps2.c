/*
 * The mps2 boards (mps2-an386 Cortex-M4, mps2-an505 Cortex-M33): board
 * bring-up, FPGAIO LEDs, and the core primitives of board.h. Addresses and
 * clocks come from the board's board_config.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"
#include "wcap/port.h"

#define FPGAIO_LED0 CM_REG(WCAP_CM_FPGAIO_BASE + 0x00u)

const wcap_board_info_t wcap_board_info = {
    .target_id = WCAP_BOARD_TARGET_ID,
    .machine = WCAP_BOARD_MACHINE,
    .hw_leds = WCAP_CM_HW_LEDS,
    .tick_hz = WCAP_CM_SYSCLK_HZ,
};

void wcap_board_init(void)
{
    wcap_cm_uart_init();
    FPGAIO_LED0 = 0;
    wcap_cm_systick_init();
    __asm__ volatile("cpsie i" ::: "memory");
}

void wcap_board_led_write(uint32_t bits)
{
    FPGAIO_LED0 = bits & ((1u << WCAP_CM_HW_LEDS) - 1u);
}

void wcap_board_idle(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

uint32_t wcap_board_irq_save(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n cpsid i" : "=r"(primask)::"memory");
    return primask;
}

void wcap_board_irq_restore(uint32_t state)
{
    __asm__ volatile("msr primask, %0" ::"r"(state) : "memory");
}

void wcap_board_reset(void)
{
    cm_dsb();
    CM_SCB_AIRCR = CM_AIRCR_RESET;
    cm_dsb();
    for (;;) {
    }
}

/* No caches on these cores: order the writes and flush the pipeline. */
void wcap_port_sync_icache(void *addr, size_t len)
{
    (void)addr;
    (void)len;
    cm_dsb();
    cm_isb();
}
