/*
 * tests/natives: capsules built against foreign_api.def, a product API the
 * test devices do not have. -DUSE_GPIO imports board.gpio_write (the device
 * lacks it), -DUSE_OLD_KV imports board.kv_get with two parameters (the
 * device's has four). Each is refused at load, naming the function.
 * -DUSE_CAP_ONLY imports nothing but asks for the capability "gpio", which
 * the device does not grant: refused too.
 */
#include "wcap.h"

#if defined(USE_GPIO)
WCAP_IMPORT(board, gpio_write) void board_gpio_write(uint32_t pin, uint32_t level);
WCAP_EXPORT(run) int32_t run(void)
{
    board_gpio_write(5, 1);
    return 1;
}
#elif defined(USE_OLD_KV)
WCAP_IMPORT(board, kv_get) int32_t board_kv_get(const void *key, uint32_t key_len);
WCAP_EXPORT(run) int32_t run(void)
{
    return board_kv_get("k", 1);
}
#elif defined(USE_CAP_ONLY)
WCAP_EXPORT(run) int32_t run(void)
{
    return 7;
}
#else
#error "build with -DUSE_GPIO or -DUSE_OLD_KV"
#endif
