/*
 * Arm CMSDK APB UART (mps2 UART0). Transmit is polled; receive is interrupt
 * driven into a ring (rx_ring.h), so the main loop can sleep in WFI and still
 * wake for the first byte of a frame at once.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "cortex_m.h"
#include "rx_ring.h"

#define UART_DATA CM_REG(WCAP_CM_UART_BASE + 0x00u)
#define UART_STATE CM_REG(WCAP_CM_UART_BASE + 0x04u)
#define UART_CTRL CM_REG(WCAP_CM_UART_BASE + 0x08u)
#define UART_INTSTATUS CM_REG(WCAP_CM_UART_BASE + 0x0Cu)
#define UART_BAUDDIV CM_REG(WCAP_CM_UART_BASE + 0x10u)

#define STATE_TX_FULL (1u << 0)
#define STATE_RX_FULL (1u << 1)
#define CTRL_TX_EN (1u << 0)
#define CTRL_RX_EN (1u << 1)
#define CTRL_RX_IE (1u << 3)
#define INT_RX (1u << 1)
#define UART_BAUD 115200u

#define NVIC_ISER(n) CM_REG(0xE000E100u + 4u * (n))

static wcap_rx_ring_t uart_rx;

void wcap_cm_uart_init(void)
{
    UART_CTRL = 0;
    UART_BAUDDIV = WCAP_CM_SYSCLK_HZ / UART_BAUD;
    UART_INTSTATUS = INT_RX;
    UART_CTRL = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_IE;
    NVIC_ISER(WCAP_CM_UART_RX_IRQ / 32u) = 1u << (WCAP_CM_UART_RX_IRQ % 32u);
}

/* Clear first, then drain: a byte arriving meanwhile raises the flag again. */
void wcap_cm_uart_rx_handler(void)
{
    UART_INTSTATUS = INT_RX;
    while (UART_STATE & STATE_RX_FULL)
        wcap_rx_ring_put(&uart_rx, (uint8_t)UART_DATA);
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
    return wcap_rx_ring_get(&uart_rx);
}

int wcap_board_uart_rx_empty(void)
{
    return wcap_rx_ring_empty(&uart_rx);
}
