/* mps2-an386 (QEMU): Cortex-M4F at 25 MHz. */
#ifndef WCAP_BOARD_CONFIG_H
#define WCAP_BOARD_CONFIG_H

#include "wcap/targets.h"

#define WCAP_BOARD_TARGET_ID WCAP_TARGET_CORTEX_M4 /* wcap/targets.h */
#define WCAP_BOARD_MACHINE "mps2-an386"

#define WCAP_CM_SYSCLK_HZ 25000000u
#define WCAP_CM_UART_BASE 0x40004000u   /* CMSDK APB UART0 */
#define WCAP_CM_FPGAIO_BASE 0x40028000u /* FPGAIO: LED0 register at +0 */
#define WCAP_CM_HW_LEDS 2u
#define WCAP_CM_UART_RX_IRQ 0 /* UART0 RX: external interrupt 0 */
#define WCAP_CM_NUM_IRQ 32
#define WCAP_CM_HAS_MSPLIM 0
#define WCAP_NET_ETH_BASE 0x40200000u /* SMSC LAN9220 (QEMU lan9118) */

#endif /* WCAP_BOARD_CONFIG_H */
