/* mps2-an505 (QEMU): Cortex-M33 (FPU, TrustZone) at 20 MHz. The firmware runs
 * in the Secure state it boots in and uses the Secure aliases (address bit 28
 * set) of the peripherals and RAM: the IoTKit PPCs and MPCs reset to
 * Secure-only, so the Non-secure aliases would bus-fault. */
#ifndef WCAP_BOARD_CONFIG_H
#define WCAP_BOARD_CONFIG_H

#include "wcap/targets.h"

#define WCAP_BOARD_TARGET_ID WCAP_TARGET_CORTEX_M33 /* wcap/targets.h */
#define WCAP_BOARD_MACHINE "mps2-an505"

#define WCAP_CM_SYSCLK_HZ 20000000u
#define WCAP_CM_UART_BASE 0x50200000u   /* CMSDK APB UART0, Secure alias of 0x40200000 */
#define WCAP_CM_FPGAIO_BASE 0x50302000u /* FPGAIO, Secure alias of 0x40302000 */
#define WCAP_CM_HW_LEDS 2u
#define WCAP_CM_UART_RX_IRQ 32 /* UART0 RX (AN505 IRQ 32; expansion interrupts start at 32) */
#define WCAP_CM_NUM_IRQ 92
#define WCAP_CM_HAS_MSPLIM 1
#define WCAP_NET_ETH_BASE 0x52000000u /* SMSC LAN9220 (QEMU lan9118), Secure alias of 0x42000000 */

#endif /* WCAP_BOARD_CONFIG_H */
