/*
 * QEMU's Xtensa FPGA board "lx60-nommu" with an LX106 core (-cpu lx106): the
 * devices and special registers the firmware uses, shared by the board code
 * (board.c, uart.c, timer.c, trap.c). The nommu machines map the board's I/O
 * at 0x90000000.
 */
#ifndef WCAP_XT_XTFPGA_H
#define WCAP_XT_XTFPGA_H

#include <stdint.h>

#define XT_REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#define XTFPGA_CLK_REG 0x9d020004u   /* reads the core clock in Hz */
#define XTFPGA_LEDS_REG 0x9d020008u  /* 8 LEDs */
#define XTFPGA_RESET_REG 0x9d020010u /* 0xdead: system reset */
#define XTFPGA_RESET_KEY 0xdeadu
#define XTFPGA_UART_BASE 0x9d050020u /* 16550, registers 4 bytes apart */
#define XTFPGA_HW_LEDS 8u

#define XT_CPU_HZ 40000000u /* CCOUNT rate (the FPGA's clock register) */

/* Interrupt numbers of the LX106 (all level 1). */
#define XT_IRQ_UART 0u   /* external interrupt 0 */
#define XT_IRQ_TIMER0 6u /* CCOMPARE0 */

/* EXCCAUSE values. */
#define XT_CAUSE_LEVEL1_INTERRUPT 4u

/* The exception frame start.S saves (uint32_t words) and hands to
 * wcap_xt_exception; the handler may rewrite XT_FRAME_EPC1. */
#define XT_FRAME_A0 0
#define XT_FRAME_A1 1
#define XT_FRAME_EPC1 16 /* EPC2 in a debug exception's frame */
#define XT_FRAME_PS 17   /* EPS2 in a debug exception's frame */
#define XT_FRAME_SAR 18
#define XT_FRAME_WORDS 20 /* 80 bytes, a multiple of 16 (call0 stack alignment) */

#define XT_RSR(sr)                                   \
    __extension__({                                  \
        uint32_t v_;                                 \
        __asm__ volatile("rsr %0, " #sr : "=a"(v_)); \
        v_;                                          \
    })
#define XT_WSR(sr, v) __asm__ volatile("wsr %0, " #sr "\n rsync" ::"a"((uint32_t)(v)) : "memory")

/* Timer (timer.c) */
void wcap_xt_timer_init(void);
void wcap_xt_timer_isr(void);
/* UART (uart.c) */
void wcap_xt_uart_init(void);
void wcap_xt_uart_isr(void);
/* Exceptions and interrupts (trap.c), called by start.S */
void wcap_xt_exception(uint32_t *frame, uint32_t cause);

#endif /* WCAP_XT_XTFPGA_H */
