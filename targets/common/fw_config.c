/*
 * The board's loader policy, shared by the device service and the load
 * benchmark: this board's target, the trusted keys built in, the runtime's
 * symbol table, every capability granted, capsule RAM from the executable
 * arena, and the stack/time limits of a call.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "board_api.h"
#include "crypto_heap.h"
#include "fw.h"
#include "wasm-rt.h"
#include "wcap/natives.h"
#include "wcap/symtab.h"
#if defined(WCAP_FW_INTERP) && WCAP_FW_INTERP
#include "wcap/interp.h"
#endif

#define FW_MAX_STACK (8u * 1024u) /* per capsule call; the main stack is 16 KB */
#define FW_DEFAULT_TIME 5000u     /* ms, when the manifest says 0 */
#define FW_MAX_TIME 60000u

void wcap_fw_core_init(wcap_ldr_config_t *cfg, wcap_heap_t *ram)
{
    wcap_fw_crypto_init();
    wasm_rt_init();
    (void)wcap_heap_init(ram, wcap_fw_arena, sizeof wcap_fw_arena);

    memset(cfg, 0, sizeof *cfg);
    cfg->target = wcap_board_info.target_id;
    cfg->keys = wcap_board_trusted_keys;
    cfg->n_keys = wcap_board_n_trusted_keys;
    cfg->symtab = wcap_rt_symtab();
    (void)wcap_board_api_register(); /* the example integrator API (board_api.def) */
    cfg->granted_caps = wcap_natives_caps();
    cfg->max_mem = (uint32_t)sizeof wcap_fw_arena;
    cfg->max_stack = FW_MAX_STACK;
    cfg->default_time_ms = FW_DEFAULT_TIME;
    cfg->max_time_ms = FW_MAX_TIME;
    cfg->alloc = wcap_heap_cfg_alloc;
    cfg->free = wcap_heap_cfg_free;
    cfg->largest_free = wcap_heap_cfg_largest_free;
    cfg->user = ram;
#if defined(WCAP_FW_INTERP) && WCAP_FW_INTERP
    cfg->interp = &wcap_interp_engine;
#endif
}
