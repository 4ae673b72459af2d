/*
 * QEMU riscv32 virt machine: the devices the firmware uses, and the pieces of
 * board code that share them (board.c, trap.c, uart.c).
 */
#ifndef WCAP_RV_VIRT_H
#define WCAP_RV_VIRT_H

#include <stdint.h>

#define RV_REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define RV_REG8(addr) (*(volatile uint8_t *)(uintptr_t)(addr))

#define VIRT_TEST_BASE 0x00100000u /* sifive_test: reset / power off */
#define VIRT_CLINT_BASE 0x02000000u
#define VIRT_PLIC_BASE 0x0C000000u
#define VIRT_UART0_BASE 0x10000000u /* NS16550A */
#define VIRT_UART0_IRQ 10u
#define VIRT_TIMEBASE_HZ 10000000u /* CLINT mtime */

#define CLINT_MTIMECMP_LO RV_REG32(VIRT_CLINT_BASE + 0x4000u)
#define CLINT_MTIMECMP_HI RV_REG32(VIRT_CLINT_BASE + 0x4004u)
#define CLINT_MTIME_LO RV_REG32(VIRT_CLINT_BASE + 0xBFF8u)
#define CLINT_MTIME_HI RV_REG32(VIRT_CLINT_BASE + 0xBFFCu)

/* mcause / mie / mstatus bits */
#define RV_MCAUSE_IRQ 0x80000000u
#define RV_IRQ_MTIMER 7u
#define RV_IRQ_MEXT 11u
#define RV_MIE_MTIE (1u << RV_IRQ_MTIMER)
#define RV_MIE_MEIE (1u << RV_IRQ_MEXT)
#define RV_MSTATUS_MIE (1u << 3)

#define rv_csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" ::"r"(bits) : "memory")
#define rv_csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" ::"r"(bits) : "memory")

/* Timer (timer.c) */
void wcap_rv_timer_init(void);
void wcap_rv_timer_isr(void);
/* UART and PLIC (uart.c) */
void wcap_rv_uart_init(void);
void wcap_rv_ext_isr(void);

#endif /* WCAP_RV_VIRT_H */
