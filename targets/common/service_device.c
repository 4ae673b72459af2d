/*
 * The device service on a board: loader policy (target, trusted keys, symbol
 * table, capsule RAM in the executable arena), the portable device service of
 * device/ over the UART transport, and the serve loop.
 *
 * Installed capsules live in RAM slots until the board resets; the boards have
 * no persistent store yet (store = NULL), so the anti-rollback floor of a
 * capsule is its installed version.
 */
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "fw.h"
#include "uart_transport.h"
#include "wcap/dev/service.h"
#include "wcap/heap.h"
#include "wcap/port.h"

static wcap_dev_t fw_dev;
static wcap_heap_t fw_ram;
static wcap_ldr_config_t fw_ldr;

void wcap_fw_service_init(void)
{
    wcap_fw_core_init(&fw_ldr, &fw_ram);
    wcap_dev_config_t dc = {&fw_ldr, NULL, &wcap_fw_uart_transport,
                            "wcap-fw " WCAP_FW_VERSION, (uint32_t)sizeof wcap_fw_arena};
    wcap_dev_init(&fw_dev, &dc);
}

uint32_t wcap_fw_service_ram_free(void)
{
    return (uint32_t)wcap_heap_largest_free(&fw_ram);
}

void wcap_fw_service_run(void)
{
    uint64_t next_tick = wcap_port_millis() + 1000u;

    wcap_dev_link_reset(&fw_dev);
    for (;;) {
        (void)wcap_dev_poll(&fw_dev, 1000);
        if (wcap_port_millis() >= next_tick) { /* `tick` of running capsules, about 1 Hz (docs/coap.md) */
            (void)wcap_dev_tick(&fw_dev);
            next_tick = wcap_port_millis() + 1000u;
        }
    }
}
