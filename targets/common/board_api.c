/*
 * The example integrator API (board_api.def): what a firmware team writes to
 * offer capsules its own functions. Each function checks the call with
 * wcap_native_enter and reaches capsule memory only through wcap_native_mem,
 * which trap the capsule on a missing capability or a pointer outside its
 * memory; the table comes from the same API file the toolchain reads.
 */
#include "board_api.h"

#include <stddef.h>
#include <string.h>

#include "wcap/errors.h"
#include "wcap/natives.h"

/* Capability bits of the API file. */
#define WCAP_API_CAP(cap, bit) enum { board_cap_##cap = 1u << (bit) };
#define WCAP_API_FN(id, module, name, params, results, cap, impl)
#include "board_api.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN

typedef struct {
    uint8_t key_len, val_len;
    uint8_t key[WCAP_BOARD_KV_KEY_MAX];
    uint8_t val[WCAP_BOARD_KV_VAL_MAX];
} kv_entry_t;

static kv_entry_t kv[WCAP_BOARD_KV_ENTRIES];
static uint64_t counter;

static kv_entry_t *kv_find(const uint8_t *key, uint32_t len)
{
    size_t i;
    for (i = 0; i < WCAP_BOARD_KV_ENTRIES; i++) {
        if (kv[i].key_len == len && len != 0u && memcmp(kv[i].key, key, len) == 0) {
            return &kv[i];
        }
    }
    return NULL;
}

static uint32_t board_kv_put(void *ctx, uint32_t key, uint32_t key_len, uint32_t val, uint32_t val_len)
{
    wcap_rt_capsule_t *c = wcap_native_enter(ctx, board_cap_kv);
    const uint8_t *k = wcap_native_mem(c, key, key_len);
    const uint8_t *v = wcap_native_mem(c, val, val_len);
    kv_entry_t *e;
    if (key_len == 0u || key_len > WCAP_BOARD_KV_KEY_MAX || val_len > WCAP_BOARD_KV_VAL_MAX) {
        return (uint32_t)-1;
    }
    e = kv_find(k, key_len);
    if (e == NULL) {
        for (e = &kv[0]; e < &kv[WCAP_BOARD_KV_ENTRIES] && e->key_len != 0u; e++) {
        }
        if (e == &kv[WCAP_BOARD_KV_ENTRIES]) {
            return (uint32_t)-2;
        }
        e->key_len = (uint8_t)key_len;
        memcpy(e->key, k, key_len);
    }
    e->val_len = (uint8_t)val_len;
    memcpy(e->val, v, val_len);
    return 0u;
}

static uint32_t board_kv_get(void *ctx, uint32_t key, uint32_t key_len, uint32_t buf, uint32_t buf_len)
{
    wcap_rt_capsule_t *c = wcap_native_enter(ctx, board_cap_kv);
    const uint8_t *k = wcap_native_mem(c, key, key_len);
    uint8_t *out = wcap_native_mem(c, buf, buf_len);
    const kv_entry_t *e = kv_find(k, key_len);
    if (e == NULL) {
        return (uint32_t)-1;
    }
    memcpy(out, e->val, e->val_len < buf_len ? e->val_len : buf_len);
    return e->val_len;
}

static uint64_t board_counter_next(void *ctx)
{
    (void)wcap_native_enter(ctx, board_cap_counter);
    return ++counter;
}

static const wcap_native_t board_natives[] = {
#define WCAP_API_CAP(cap, bit)
#define WCAP_API_FN(id, module, name, params, results, cap, impl) \
    {id, board_cap_##cap, #module, #name, params ":" results, (const void *)&impl},
#include "board_api.def"
#undef WCAP_API_CAP
#undef WCAP_API_FN
};

int wcap_board_api_register(void)
{
    return wcap_natives_register(board_natives, (uint16_t)(sizeof board_natives / sizeof board_natives[0]));
}
