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
#include <string.h>

#include "board.h"
#include "crypto_heap.h"
#include "fw.h"
#include "uart_transport.h"
#include "wasm-rt.h"
#include "wcap/dev/service.h"
#include "wcap/heap.h"
#include "wcap/symtab.h"

#define FW_MAX_STACK      (8u * 1024u)  /* per capsule call; the main stack is 16 KB */
#define FW_DEFAULT_TIME   5000u         /* ms, when the manifest says 0 */
#define FW_MAX_TIME       60000u

static wcap_dev_t fw_dev;
static wcap_heap_t fw_ram;
static wcap_ldr_config_t fw_ldr;

void wcap_fw_service_init(void)
{
    wcap_fw_crypto_init();
    wasm_rt_init();
    (void)wcap_heap_init(&fw_ram, wcap_fw_arena, sizeof wcap_fw_arena);

    memset(&fw_ldr, 0, sizeof fw_ldr);
    fw_ldr.target = wcap_board_info.target_id;
    fw_ldr.keys = wcap_board_trusted_keys;
    fw_ldr.n_keys = wcap_board_n_trusted_keys;
    fw_ldr.symtab = wcap_rt_symtab();
    fw_ldr.granted_caps = WCAP_CAP_ALL;
    fw_ldr.max_mem = (uint32_t)sizeof wcap_fw_arena;
    fw_ldr.max_stack = FW_MAX_STACK;
    fw_ldr.default_time_ms = FW_DEFAULT_TIME;
    fw_ldr.max_time_ms = FW_MAX_TIME;
    fw_ldr.alloc = wcap_heap_cfg_alloc;
    fw_ldr.free = wcap_heap_cfg_free;
    fw_ldr.largest_free = wcap_heap_cfg_largest_free;
    fw_ldr.user = &fw_ram;

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
    wcap_dev_link_reset(&fw_dev);
    for (;;)
        (void)wcap_dev_poll(&fw_dev, 1000);
}
