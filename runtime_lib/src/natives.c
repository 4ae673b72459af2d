/*
 * Natives: the built-in host API's table (api_wcap.def) and the one table an
 * integrator registers, looked up by symbol ID when the loader links a
 * capsule's imports (loader/src/link.c).
 */
#include <stddef.h>
#include <string.h>

#include "wcap/blob_format.h"
#include "wcap/errors.h"
#include "wcap/host_api.h"
#include "wcap/natives.h"

/* The built-in capabilities of api_wcap.def are the WCAP_CAP_* bits; `none`
 * (WASI proc_exit, args and environ) needs no capability. */
enum { wcap_api_cap_none = 0 };
#define WCAP_API_CAP(cap, bit) enum { wcap_api_cap_##cap = 1u << (bit) };
#define WCAP_API_FN(id, module, name, params, results, cap, impl)
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
typedef char wcap_api_caps_match[(wcap_api_cap_log == WCAP_CAP_LOG && wcap_api_cap_time == WCAP_CAP_TIME &&
                                  wcap_api_cap_random == WCAP_CAP_RANDOM && wcap_api_cap_led == WCAP_CAP_LED &&
                                  wcap_api_cap_sensor == WCAP_CAP_SENSOR && wcap_api_cap_reply == WCAP_CAP_REPLY)
                                     ? 1
                                     : -1];

static const wcap_native_t builtin[] = {
#define WCAP_API_CAP(cap, bit)
#define WCAP_API_FN(id, module, name, params, results, cap, impl) \
    {id, wcap_api_cap_##cap, #module, #name, params ":" results, (const void *)&impl},
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};
#define N_BUILTIN ((uint16_t)(sizeof builtin / sizeof builtin[0]))

/* Built-in IDs stay below symbols.def's first runtime symbol (32). */
#define WCAP_API_CAP(cap, bit)
#define WCAP_API_FN(id, module, name, params, results, cap, impl) \
    typedef char wcap_api_id_##name[((id) >= 1 && (id) <= WCAP_NATIVE_ID_BUILTIN_LAST) ? 1 : -1];
#include "wcap/api_wcap.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN

static const wcap_native_t *user;
static uint16_t user_count;
static uint32_t user_caps;

static int ident_ok(const char *s)
{
    size_t i, n = s != NULL ? strlen(s) : 0u;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return 0;
        }
    }
    return n > 0u;
}

static int sig_ok(const char *s)
{
    size_t i, n = s != NULL ? strlen(s) : 0u, colon = 0u, after = 0u;
    if (n == 0u || n >= WCAP_NATIVE_SIG_MAX) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (s[i] == ':') {
            colon++;
        } else if (strchr("iIfF", s[i]) == NULL) {
            return 0;
        } else if (colon != 0u) {
            after++;
        }
    }
    return colon == 1u && after <= 1u;
}

static int entry_ok(const wcap_native_t *e, uint16_t prev_id)
{
    uint32_t cap = e->cap;
    return e->id > prev_id && e->id >= WCAP_NATIVE_ID_USER_FIRST && e->id <= WCAP_NATIVE_ID_USER_LAST && cap != 0u &&
           (cap & (cap - 1u)) == 0u && (cap & WCAP_CAP_USER_MASK) == cap && ident_ok(e->module) && ident_ok(e->name) &&
           strlen(e->module) + 1u + strlen(e->name) < WCAP_NATIVE_NAME_MAX && sig_ok(e->sig) && e->fn != NULL;
}

int wcap_natives_register(const wcap_native_t *table, uint16_t count)
{
    uint16_t i, prev = 0;
    uint32_t caps = 0;
    if (count > WCAP_NATIVES_MAX || (table == NULL && count != 0u)) {
        return WCAP_E_RT_NATIVES;
    }
    for (i = 0; i < count; i++) {
        if (!entry_ok(&table[i], prev)) {
            return WCAP_E_RT_NATIVES;
        }
        prev = table[i].id;
        caps |= table[i].cap;
    }
    user = count != 0u ? table : NULL;
    user_count = count;
    user_caps = caps;
    return WCAP_OK;
}

static const wcap_native_t *bisect(const wcap_native_t *t, uint16_t n, uint16_t id)
{
    uint16_t lo = 0, hi = n;
    while (lo < hi) {
        uint16_t mid = (uint16_t)(lo + (hi - lo) / 2u);
        if (t[mid].id == id) {
            return &t[mid];
        }
        if (t[mid].id < id) {
            lo = (uint16_t)(mid + 1u);
        } else {
            hi = mid;
        }
    }
    return NULL;
}

int wcap_natives_is_native_id(uint16_t id)
{
    return (id >= 1u && id <= WCAP_NATIVE_ID_BUILTIN_LAST) ||
           (id >= WCAP_NATIVE_ID_USER_FIRST && id <= WCAP_NATIVE_ID_USER_LAST);
}

const wcap_native_t *wcap_natives_find(uint16_t id)
{
    return id < WCAP_NATIVE_ID_USER_FIRST ? bisect(builtin, N_BUILTIN, id) : bisect(user, user_count, id);
}

uint32_t wcap_natives_caps(void)
{
    return WCAP_CAP_ALL | user_caps;
}

wcap_rt_capsule_t *wcap_native_enter(void *ctx, uint32_t cap)
{
    wcap_rt_capsule_t *c = (wcap_rt_capsule_t *)ctx;
    if (c == NULL || c != wcap_rt_current || (c->caps & cap) != cap) {
        wasm_rt_trap(WASM_RT_TRAP_HOST);
    }
    if (*c->info->interrupt != 0u) {
        wasm_rt_trap(WASM_RT_TRAP_TIMEOUT); /* out of time: no more host work */
    }
    return c;
}

uint8_t *wcap_native_mem(wcap_rt_capsule_t *c, uint32_t ptr, uint32_t len)
{
    return wcap_rt_mem_ptr(c, ptr, len);
}
