/*
 * Function-type registry for call_indirect: equal signatures get equal IDs,
 * across every capsule loaded since boot (a funcref may cross capsules).
 * Bounded: WCAP_RT_MAX_FUNC_TYPES signatures, WCAP_RT_FUNC_TYPE_POOL bytes of
 * packed value types (2 per byte). IDs start at 1; 0 is the null funcref.
 */
#include <stdarg.h>
#include <string.h>

#include "wcap/rt.h"
#include "wcap/rt_config.h"

typedef struct {
    uint16_t off; /* first type in the pool (in value types, not bytes) */
    uint16_t nparams;
    uint16_t nresults;
} wcap_ftype_t;

static wcap_ftype_t wcap_ftypes[WCAP_RT_MAX_FUNC_TYPES];
static uint8_t wcap_ftype_pool[WCAP_RT_FUNC_TYPE_POOL];
static uint16_t wcap_ftype_count;
static uint16_t wcap_ftype_used; /* value types stored in the pool */

static unsigned pool_get(uint32_t i)
{
    return (wcap_ftype_pool[i >> 1] >> ((i & 1u) * 4u)) & 15u;
}

static void pool_set(uint32_t i, unsigned v)
{
    uint8_t *b = &wcap_ftype_pool[i >> 1];
    *b = (uint8_t)((*b & ~(15u << ((i & 1u) * 4u))) | ((v & 15u) << ((i & 1u) * 4u)));
}

static int type_code(int t, unsigned *out)
{
    if (t < (int)WASM_RT_I32 || t > (int)WASM_RT_EXTERNREF) {
        return -1;
    }
    *out = (unsigned)t;
    return 0;
}

static void ftypes_full(void)
{
    if (wcap_rt_current != NULL) {
        wcap_rt_current->rt_error = WCAP_E_RT_FUNC_TYPES;
    }
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
}

uint32_t wasm_rt_register_func_type(uint32_t params, uint32_t results, ...)
{
    unsigned codes[WCAP_RT_MAX_SIG_TYPES];
    uint32_t n = params + results;
    uint32_t i, k;
    va_list ap;

    if (params > WCAP_RT_MAX_SIG_TYPES || results > WCAP_RT_MAX_SIG_TYPES || n > WCAP_RT_MAX_SIG_TYPES) {
        ftypes_full();
    }
    va_start(ap, results);
    for (i = 0; i < n; i++) {
        if (type_code(va_arg(ap, int), &codes[i]) != 0) {
            va_end(ap);
            ftypes_full();
        }
    }
    va_end(ap);

    for (k = 0; k < wcap_ftype_count; k++) {
        const wcap_ftype_t *f = &wcap_ftypes[k];
        if (f->nparams != params || f->nresults != results) {
            continue;
        }
        for (i = 0; i < n && pool_get(f->off + i) == codes[i]; i++) {
        }
        if (i == n) {
            return k + 1u;
        }
    }
    if (wcap_ftype_count >= WCAP_RT_MAX_FUNC_TYPES || wcap_ftype_used + n > WCAP_RT_FUNC_TYPE_POOL * 2u) {
        ftypes_full();
    }
    wcap_ftypes[wcap_ftype_count].off = wcap_ftype_used;
    wcap_ftypes[wcap_ftype_count].nparams = (uint16_t)params;
    wcap_ftypes[wcap_ftype_count].nresults = (uint16_t)results;
    for (i = 0; i < n; i++) {
        pool_set(wcap_ftype_used + i, codes[i]);
    }
    wcap_ftype_used = (uint16_t)(wcap_ftype_used + n);
    wcap_ftype_count++;
    return wcap_ftype_count;
}

/* Forgets every registered type (tests; a device never needs it). */
void wcap_rt_func_types_reset(void)
{
    wcap_ftype_count = 0;
    wcap_ftype_used = 0;
    memset(wcap_ftype_pool, 0, sizeof wcap_ftype_pool);
}

uint32_t wcap_rt_func_types_count(void)
{
    return wcap_ftype_count;
}
