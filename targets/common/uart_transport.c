/*
 * The device service's transport (device/include/wcap/dev/transport.h) on the
 * board UART. read() sleeps (WFI) until a byte arrives or the timeout
 * passes, then takes every byte already received; the link is never "gone"
 * on a UART.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "uart_transport.h"
#include "wcap/port.h"

static int uart_tp_read(void *user, uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
    uint64_t end = wcap_port_millis() + timeout_ms;
    size_t n = 0;
    int c;

    (void)user;
    while (n == 0) {
        while (n < cap && (c = wcap_board_uart_read()) >= 0)
            buf[n++] = (uint8_t)c;
        if (n > 0 || wcap_port_millis() >= end)
            break;
        uint32_t irq = wcap_board_irq_save();
        if (wcap_board_uart_rx_empty())
            wcap_board_idle(); /* woken by the UART or the 1 kHz tick */
        wcap_board_irq_restore(irq);
    }
    return (int)n;
}

static int uart_tp_write(void *user, const uint8_t *data, size_t len)
{
    (void)user;
    wcap_board_uart_write(data, len);
    return 0;
}

const wcap_dev_transport_t wcap_fw_uart_transport = {uart_tp_read, uart_tp_write, NULL};
