/*
 * QEMU Xtensa FPGA board lx60-nommu with an LX106 core: bring-up, the board.h
 * primitives, the FPGA's LED register, reset through the FPGA's reset register.
 *
 * Memory protection: the nommu core has none; capsules run in the same
 * privilege as the firmware, from the RAM arena. Isolation rests on wasm2c's
 * explicit bounds checks, as on the other boards; a CPU exception inside a
 * capsule call ends the call in a trap (trap.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "wcap/blob_format.h"
#include "wcap/port.h"
#include "xtfpga.h"

const wcap_board_info_t wcap_board_info = {
    .target_id = WCAP_TARGET_XTENSA_LX106,
    .machine = "lx60-nommu",
    .hw_leds = XTFPGA_HW_LEDS,
    .tick_hz = XT_CPU_HZ,
};

/* picolibc for the LX106 is built without thread-local storage (errno is a
 * plain global): the reset code's TLS setup has nothing to do. */
void _set_tls(void *tls);
void _set_tls(void *tls)
{
    (void)tls;
}

void wcap_board_init(void)
{
    wcap_xt_uart_init();
    wcap_xt_timer_init();
    XT_WSR(intenable, (1u << XT_IRQ_UART) | (1u << XT_IRQ_TIMER0));
    __asm__ volatile("rsil a2, 0" ::: "a2", "memory"); /* INTLEVEL 0: interrupts on */
}

void wcap_board_led_write(uint32_t bits)
{
    XT_REG32(XTFPGA_LEDS_REG) = bits & ((1u << XTFPGA_HW_LEDS) - 1u);
}

uint32_t wcap_board_ticks(void)
{
    return XT_RSR(ccount);
}

/* WAITI 0 lowers INTLEVEL and waits atomically: an interrupt pending while
 * masked is taken at once and WAITI returns after it. */
void wcap_board_idle(void)
{
    __asm__ volatile("waiti 0" ::: "memory");
}

uint32_t wcap_board_irq_save(void)
{
    uint32_t ps;
    __asm__ volatile("rsil %0, 15" : "=a"(ps)::"memory");
    return ps;
}

void wcap_board_irq_restore(uint32_t state)
{
    __asm__ volatile("wsr %0, ps\n rsync" ::"a"(state) : "memory");
}

void wcap_board_reset(void)
{
    XT_REG32(XTFPGA_RESET_REG) = XTFPGA_RESET_KEY;
    for (;;) {
    }
}

/* Orders the stores of freshly written code before instruction fetch. */
void wcap_port_sync_icache(void *addr, size_t len)
{
    (void)addr;
    (void)len;
    __asm__ volatile("memw\n isync" ::: "memory");
}
