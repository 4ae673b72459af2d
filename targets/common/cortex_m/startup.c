/*
 * Cortex-M vector table and reset handler for the mps2 boards. The table
 * sits at the start of flash (VTOR's reset value on mps2-an386; the
 * init-svtor of mps2-an505). Every exception without a handler of its own
 * ends in the fault reporter, which prints a diagnostic on the UART.
 */
#include <stdint.h>

#include "cortex_m.h"
#include "reset.h"

extern uint32_t __stack_top[];
extern uint32_t __stack_bottom[];

void wcap_reset_entry(void) __attribute__((noreturn));

typedef void (*cm_vector_t)(void);

#define CM_SYSTEM_VECTORS 16

__attribute__((section(".vectors"), used)) const cm_vector_t wcap_cm_vectors[CM_SYSTEM_VECTORS + WCAP_CM_NUM_IRQ] = {
    [0] = (cm_vector_t)(uintptr_t)__stack_top,
    [1] = wcap_reset_entry,
    [2] = wcap_cm_fault_handler,  /* NMI */
    [3] = wcap_cm_fault_handler,  /* HardFault */
    [4] = wcap_cm_fault_handler,  /* MemManage */
    [5] = wcap_cm_fault_handler,  /* BusFault */
    [6] = wcap_cm_fault_handler,  /* UsageFault */
    [7] = wcap_cm_fault_handler,  /* SecureFault (ARMv8-M) */
    [11] = wcap_cm_fault_handler, /* SVCall: nothing issues SVC */
    [12] = wcap_cm_fault_handler, /* DebugMonitor */
    [14] = wcap_cm_fault_handler, /* PendSV: unused */
    [15] = wcap_cm_systick_handler,
    /* External interrupts: only the UART receive interrupt is enabled; a
     * stray one is reported. (The UART entry deliberately overrides the range:
     * this file is built with -Wno-override-init.) */
    [CM_SYSTEM_VECTORS... CM_SYSTEM_VECTORS + WCAP_CM_NUM_IRQ - 1] = wcap_cm_fault_handler,
    [CM_SYSTEM_VECTORS + WCAP_CM_UART_RX_IRQ] = wcap_cm_uart_rx_handler,
};

__attribute__((section(".text.reset"), noreturn)) void wcap_reset_entry(void)
{
    /* FPU: full access for CP10/CP11 before any floating-point code runs. */
    CM_SCB_CPACR |= (0xFu << 20);
    cm_dsb();
    cm_isb();
#if WCAP_CM_HAS_MSPLIM
    /* ARMv8-M: a main-stack overflow faults instead of corrupting .bss. */
    __asm__ volatile("msr msplim, %0" ::"r"((uint32_t)(uintptr_t)__stack_bottom));
#endif
    /* Separate MemManage/BusFault/UsageFault so the report names the cause. */
    CM_SCB_SHCSR |= CM_SHCSR_FAULTS;
    wcap_reset_c();
}
