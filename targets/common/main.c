/*
 * Firmware entry: board bring-up, service start, one banner line on the
 * UART, then the service loop. The banner is followed by a 0x00 byte so that
 * a host already speaking the framed protocol drops it as one bad frame and
 * resynchronises immediately (docs/device-protocol.md, "Framing").
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "fw.h"

int main(void)
{
    char line[160];
    size_t n;

    wcap_board_init();
    wcap_fw_service_init();
    n = wcap_fw_banner(line, sizeof line - 2);
    line[n++] = '\n';
    line[n++] = '\0';
    wcap_board_uart_write((const uint8_t *)line, n);
    wcap_fw_service_run();
}
