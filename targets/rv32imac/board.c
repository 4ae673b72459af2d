/*
 * QEMU riscv32 virt board (rv32imac, M-mode only): bring-up, the board.h
 * primitives, a simulated LED register, reset through the sifive_test device.
 *
 * Memory protection: the firmware and capsules all run in M-mode with no PMP
 * entries, and M-mode accesses that match no PMP entry are allowed, so the
 * capsule arena is executable without configuration. Isolation of capsules
 * rests on wasm2c's explicit bounds checks, as on the Cortex-M boards.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "virt.h"
#include "wcap/blob_format.h"
#include "wcap/port.h"

#define TEST_RESET 0x7777u

static volatile uint32_t sim_led_register; /* no LEDs on virt: a simulated register */

const wcap_board_info_t wcap_board_info = {
    .target_id = WCAP_TARGET_RV32IMAC,
    .machine = "virt",
    .hw_leds = 0,
    .tick_hz = VIRT_TIMEBASE_HZ,
};

void wcap_board_init(void)
{
    wcap_rv_uart_init();
    wcap_rv_timer_init();
    rv_csr_set(mstatus, RV_MSTATUS_MIE);
}

void wcap_board_led_write(uint32_t bits)
{
    sim_led_register = bits;
}

void wcap_board_idle(void)
{
    __asm__ volatile("wfi" ::: "memory");
}

uint32_t wcap_board_irq_save(void)
{
    uint32_t old;
    __asm__ volatile("csrrci %0, mstatus, 8" : "=r"(old)::"memory");
    return old & RV_MSTATUS_MIE;
}

void wcap_board_irq_restore(uint32_t state)
{
    if (state & RV_MSTATUS_MIE)
        rv_csr_set(mstatus, RV_MSTATUS_MIE);
}

void wcap_board_reset(void)
{
    RV_REG32(VIRT_TEST_BASE) = TEST_RESET;
    for (;;) {
    }
}

/* Orders the stores of freshly written code before instruction fetch. */
void wcap_port_sync_icache(void *addr, size_t len)
{
    (void)addr;
    (void)len;
    __asm__ volatile("fence rw, rw\n fence.i" ::: "memory");
}
