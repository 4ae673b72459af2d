/*
 * Arm CMSDK APB UART (mps2 UART0), polled. QEMU applies back-pressure to the
 * host connection while the one-byte receive buffer is full, so polling loses
 * nothing there; on hardware this would want the RX interrupt and a ring.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"

#define UART_DATA    CM_REG(WCAP_CM_UART_BASE + 0x00u)
#define UART_STATE   CM_REG(WCAP_CM_UART_BASE + 0x04u)
#define UART_CTRL    CM_REG(WCAP_CM_UART_BASE + 0x08u)
#define UART_BAUDDIV CM_REG(WCAP_CM_UART_BASE + 0x10u)

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define CTRL_TX_EN    (1u << 0)
#define CTRL_RX_EN    (1u << 1)
#define UART_BAUD     115200u

void wcap_cm_uart_init(void)
{
    UART_CTRL = 0;
    UART_BAUDDIV = WCAP_CM_SYSCLK_HZ / UART_BAUD;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN;
}

void wcap_board_uart_write(const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (UART_STATE & STATE_TX_FULL) {
        }
        UART_DATA = data[i];
    }
}

int wcap_board_uart_read(void)
{
    if (!(UART_STATE & STATE_RX_FULL))
        return -1;
    return (int)(UART_DATA & 0xFFu);
}
