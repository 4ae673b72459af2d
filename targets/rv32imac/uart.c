/*
 * NS16550A UART0 of QEMU virt. Transmit is polled; receive is interrupt
 * driven (PLIC source 10, hart 0 M-mode context) into a ring (rx_ring.h).
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "rx_ring.h"
#include "virt.h"

#define UART_RBR RV_REG8(VIRT_UART0_BASE + 0u) /* read */
#define UART_THR RV_REG8(VIRT_UART0_BASE + 0u) /* write */
#define UART_IER RV_REG8(VIRT_UART0_BASE + 1u)
#define UART_FCR RV_REG8(VIRT_UART0_BASE + 2u)
#define UART_LCR RV_REG8(VIRT_UART0_BASE + 3u)
#define UART_MCR RV_REG8(VIRT_UART0_BASE + 4u)
#define UART_LSR RV_REG8(VIRT_UART0_BASE + 5u)

#define IER_RX_AVAIL 0x01u
#define FCR_ENABLE 0x07u /* enable + clear both FIFOs */
#define LCR_8N1 0x03u
#define MCR_OUT2 0x08u /* routes the interrupt on a real 16550 */
#define LSR_DR 0x01u
#define LSR_THRE 0x20u

/* PLIC, context 0 = hart 0 M-mode */
#define PLIC_PRIORITY(src) RV_REG32(VIRT_PLIC_BASE + 4u * (src))
#define PLIC_ENABLE0 RV_REG32(VIRT_PLIC_BASE + 0x2000u)
#define PLIC_THRESHOLD0 RV_REG32(VIRT_PLIC_BASE + 0x200000u)
#define PLIC_CLAIM0 RV_REG32(VIRT_PLIC_BASE + 0x200004u)

static wcap_rx_ring_t uart_rx;

void wcap_rv_uart_init(void)
{
    UART_IER = 0;
    UART_LCR = LCR_8N1;
    UART_FCR = FCR_ENABLE;
    UART_MCR = MCR_OUT2;
    UART_IER = IER_RX_AVAIL;
    PLIC_PRIORITY(VIRT_UART0_IRQ) = 1;
    PLIC_THRESHOLD0 = 0;
    PLIC_ENABLE0 = 1u << VIRT_UART0_IRQ;
    rv_csr_set(mie, RV_MIE_MEIE);
}

/* Machine external interrupt: claim, drain the UART, complete. */
void wcap_rv_ext_isr(void)
{
    uint32_t src;
    while ((src = PLIC_CLAIM0) != 0) {
        if (src == VIRT_UART0_IRQ)
            while (UART_LSR & LSR_DR)
                wcap_rx_ring_put(&uart_rx, UART_RBR);
        PLIC_CLAIM0 = src;
    }
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
