/* The board UART as a device-service transport (uart_transport.c). */
#ifndef WCAP_UART_TRANSPORT_H
#define WCAP_UART_TRANSPORT_H

#include "wcap/dev/transport.h"

extern const wcap_dev_transport_t wcap_fw_uart_transport;

#endif /* WCAP_UART_TRANSPORT_H */
