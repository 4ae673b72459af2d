/*
 * The host API a capsule imports from module "wcap" (docs/host-api.md), in
 * wasm2c 1.0.32 naming. `ctx` is the capsule's wcap_rt_capsule_t, handed to
 * Z_capsule_instantiate as the import instance. Every function checks its
 * capability and traps WASM_RT_TRAP_HOST when it is not granted, and checks
 * every (ptr, len) against the capsule's linear memory (trap OOB).
 */
#ifndef WCAP_HOST_API_H
#define WCAP_HOST_API_H

#include <stdint.h>

struct Z_wcap_instance_t; /* really a wcap_rt_capsule_t */

void     Z_wcapZ_log(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);
uint64_t Z_wcapZ_millis(struct Z_wcap_instance_t *ctx);
void     Z_wcapZ_sleep_ms(struct Z_wcap_instance_t *ctx, uint32_t ms);
void     Z_wcapZ_random(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);
void     Z_wcapZ_led_set(struct Z_wcap_instance_t *ctx, uint32_t index, uint32_t on);
void     Z_wcapZ_led_toggle(struct Z_wcap_instance_t *ctx, uint32_t index);
uint32_t Z_wcapZ_sensor_read(struct Z_wcap_instance_t *ctx, uint32_t channel);
void     Z_wcapZ_reply(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len);

#endif /* WCAP_HOST_API_H */
