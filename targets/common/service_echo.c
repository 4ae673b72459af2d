/*
 * Fallback service while the device service is not linked in: echoes every
 * byte received on the UART. Lets the boot and UART path be tested alone.
 */
#include <stdint.h>

#include "board.h"
#include "fw.h"

void wcap_fw_service_init(void)
{
}

uint32_t wcap_fw_service_ram_free(void)
{
    return WCAP_FW_ARENA_SIZE;
}

void wcap_fw_service_run(void)
{
    for (;;) {
        int c = wcap_board_uart_read();
        if (c < 0) {
            wcap_board_idle();
            continue;
        }
        uint8_t b = (uint8_t)c;
        wcap_board_uart_write(&b, 1);
    }
}
