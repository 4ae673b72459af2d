/*
 * The 16550 UART of the Xtensa FPGA board (registers 4 bytes apart, accessed
 * as words). Transmit is polled; receive is interrupt driven (external
 * interrupt 0, level 1) into a ring (rx_ring.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "rx_ring.h"
#include "xtfpga.h"

#define UART_REG(n) XT_REG32(XTFPGA_UART_BASE + 4u * (n))
#define UART_RBR UART_REG(0) /* read */
#define UART_THR UART_REG(0) /* write */
#define UART_IER UART_REG(1)
#define UART_FCR UART_REG(2)
#define UART_LCR UART_REG(3)
#define UART_MCR UART_REG(4)
#define UART_LSR UART_REG(5)

#define IER_RX_AVAIL 0x01u
#define FCR_ENABLE 0x07u /* enable + clear both FIFOs */
#define LCR_8N1 0x03u
#define MCR_OUT2 0x08u /* routes the interrupt on a real 16550 */
#define LSR_DR 0x01u
#define LSR_THRE 0x20u

static wcap_rx_ring_t uart_rx;

void wcap_xt_uart_init(void)
{
    UART_IER = 0;
    UART_LCR = LCR_8N1;
    UART_FCR = FCR_ENABLE;
    UART_MCR = MCR_OUT2;
    UART_IER = IER_RX_AVAIL;
}

/* Level-triggered: draining the receiver drops the request. */
void wcap_xt_uart_isr(void)
{
    while (UART_LSR & LSR_DR)
        wcap_rx_ring_put(&uart_rx, (uint8_t)UART_RBR);
}

void wcap_board_uart_write(const uint8_t *data, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (!(UART_LSR & LSR_THRE)) {
        }
        UART_THR = data[i];
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
