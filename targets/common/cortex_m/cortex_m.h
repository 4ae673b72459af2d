/*
 * Cortex-M core registers used by the mps2 boards (ARMv7-M and ARMv8-M
 * mainline share these addresses). Board parameters come from the board's
 * board_config.h: WCAP_CM_SYSCLK_HZ, WCAP_CM_UART_BASE, WCAP_CM_FPGAIO_BASE,
 * WCAP_CM_UART_RX_IRQ, WCAP_CM_NUM_IRQ, WCAP_CM_HAS_MSPLIM.
 */
#ifndef WCAP_CORTEX_M_H
#define WCAP_CORTEX_M_H

#include <stdint.h>

#include "board_config.h"

#define CM_REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System control block */
#define CM_SCB_ICSR CM_REG(0xE000ED04u)
#define CM_SCB_VTOR CM_REG(0xE000ED08u)
#define CM_SCB_AIRCR CM_REG(0xE000ED0Cu)
#define CM_SCB_SHCSR CM_REG(0xE000ED24u)
#define CM_SCB_CFSR CM_REG(0xE000ED28u)
#define CM_SCB_HFSR CM_REG(0xE000ED2Cu)
#define CM_SCB_MMFAR CM_REG(0xE000ED34u)
#define CM_SCB_BFAR CM_REG(0xE000ED38u)
#define CM_SCB_CPACR CM_REG(0xE000ED88u)
#define CM_AIRCR_RESET (0x05FA0000u | (1u << 2))               /* VECTKEY | SYSRESETREQ */
#define CM_SHCSR_FAULTS ((1u << 16) | (1u << 17) | (1u << 18)) /* Mem, Bus, Usage enable */

/* SysTick */
#define CM_SYST_CSR CM_REG(0xE000E010u)
#define CM_SYST_RVR CM_REG(0xE000E014u)
#define CM_SYST_CVR CM_REG(0xE000E018u)
#define CM_SYST_ENABLE (1u << 0)
#define CM_SYST_TICKINT (1u << 1)
#define CM_SYST_CPUCLK (1u << 2)

static inline void cm_dsb(void)
{
    __asm__ volatile("dsb 0xF" ::: "memory");
}
static inline void cm_isb(void)
{
    __asm__ volatile("isb 0xF" ::: "memory");
}

/* Cortex-M exception handlers (startup.c, fault.c, systick.c). */
void wcap_cm_systick_init(void);
void wcap_cm_systick_handler(void);
void wcap_cm_fault_handler(void);
void wcap_cm_uart_init(void);
void wcap_cm_uart_rx_handler(void);

#endif /* WCAP_CORTEX_M_H */
