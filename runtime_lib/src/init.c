/* wasm_rt_init / is_initialized / free: the runtime has no global setup
 * beyond static storage, so init only records that it was called. */
#include "wasm-rt.h"

static bool wcap_rt_initialized;

void wasm_rt_init(void)
{
    wcap_rt_initialized = true;
}

bool wasm_rt_is_initialized(void)
{
    return wcap_rt_initialized;
}

void wasm_rt_free(void)
{
    wcap_rt_initialized = false;
}
