/*
 * kv: a capsule using the product's own host functions (the example
 * integrator API of the reference boards and wcapd, targets/common/board_api.def):
 * a key-value store and a counter the firmware offers, next to the built-in
 * log. Built with API in wcap_add_capsule (wcap build --api).
 */
#include "wcap.h"

WCAP_IMPORT(board, kv_put) int32_t board_kv_put(const void *key, uint32_t key_len, const void *val, uint32_t val_len);
WCAP_IMPORT(board, kv_get) int32_t board_kv_get(const void *key, uint32_t key_len, void *buf, uint32_t buf_len);
WCAP_IMPORT(board, counter_next) uint64_t board_counter_next(void);

static char buf[32];

/* Stores "boots" = n, reads it back, logs it; returns the stored length * 1000
 * + the counter's next value minus its previous one (always 1): 3001. */
WCAP_EXPORT(run) int32_t run(void)
{
    static const char key[] = "greeting";
    static const char val[] = "hi!";
    if (board_kv_put(key, sizeof key - 1, val, sizeof val - 1) != 0)
        return -1;
    int32_t n = board_kv_get(key, sizeof key - 1, buf, sizeof buf);
    if (n != 3 || buf[0] != 'h' || buf[2] != '!')
        return -2;
    wcap_log(buf, (uint32_t)n);
    uint64_t a = board_counter_next();
    uint64_t b = board_counter_next();
    return n * 1000 + (int32_t)(b - a);
}

/* A key that is not stored: -1. */
WCAP_EXPORT(missing) int32_t missing(void)
{
    return board_kv_get("nope", 4, buf, sizeof buf);
}

/* A value pointer outside the capsule's memory: the device traps the call. */
WCAP_EXPORT(bad_ptr) int32_t bad_ptr(void)
{
    return board_kv_get("greeting", 8, (void *)0xFFFFFFF0u, 32);
}
