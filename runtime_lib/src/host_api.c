/*
 * The host API (module "wcap"), the built-in natives (api_wcap.def,
 * natives.c). Capability checks here are defence in depth:
 * the loader already refuses a capsule that imports a function whose
 * capability it was not granted. No host function runs once the capsule's
 * time budget has expired (the interrupt is pending): it traps TIMEOUT, so a
 * capsule spinning on host calls stops at its next call.
 */
#include "wcap/host_api.h"

#include "wcap/blob_format.h"
#include "wcap/natives.h"
#include "wcap/port.h"
#include "wcap/rt.h"
#include "wcap/rt_config.h"

static wcap_rt_capsule_t *gate(struct Z_wcap_instance_t *ctx, uint32_t cap)
{
    return wcap_native_enter(ctx, cap);
}

static void emit(wcap_rt_capsule_t *c, wcap_out_kind_t kind, uint32_t ptr, uint32_t len)
{
    const uint8_t *p = wcap_rt_mem_ptr(c, ptr, len);
    if (c->out != NULL) {
        c->out(c->out_user, kind, p, len);
    }
}

void Z_wcapZ_log(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len)
{
    emit(gate(ctx, WCAP_CAP_LOG), WCAP_OUT_LOG, ptr, len);
}

void Z_wcapZ_reply(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len)
{
    emit(gate(ctx, WCAP_CAP_REPLY), WCAP_OUT_REPLY, ptr, len);
}

uint64_t Z_wcapZ_millis(struct Z_wcap_instance_t *ctx)
{
    (void)gate(ctx, WCAP_CAP_TIME);
    return wcap_port_millis();
}

void Z_wcapZ_sleep_ms(struct Z_wcap_instance_t *ctx, uint32_t ms)
{
    wcap_rt_capsule_t *c = gate(ctx, WCAP_CAP_TIME);
    while (ms > 0u) {
        uint32_t slice = ms < WCAP_RT_SLEEP_SLICE_MS ? ms : WCAP_RT_SLEEP_SLICE_MS;
        if (*c->info->interrupt != 0u) {
            wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
        }
        wcap_port_sleep_ms(slice);
        ms -= slice;
    }
    if (*c->info->interrupt != 0u) {
        wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
    }
}

void Z_wcapZ_random(struct Z_wcap_instance_t *ctx, uint32_t ptr, uint32_t len)
{
    wcap_rt_capsule_t *c = gate(ctx, WCAP_CAP_RANDOM);
    wcap_port_random(wcap_rt_mem_ptr(c, ptr, len), len);
}

void Z_wcapZ_led_set(struct Z_wcap_instance_t *ctx, uint32_t index, uint32_t on)
{
    (void)gate(ctx, WCAP_CAP_LED);
    wcap_port_led_set(index, on != 0u);
}

void Z_wcapZ_led_toggle(struct Z_wcap_instance_t *ctx, uint32_t index)
{
    (void)gate(ctx, WCAP_CAP_LED);
    wcap_port_led_set(index, !wcap_port_led_get(index));
}

uint32_t Z_wcapZ_sensor_read(struct Z_wcap_instance_t *ctx, uint32_t channel)
{
    (void)gate(ctx, WCAP_CAP_SENSOR);
    return (uint32_t)wcap_port_sensor_read(channel);
}
