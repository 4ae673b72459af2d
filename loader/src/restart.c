/*
 * Restarting a loaded capsule in place (wcap_capsule_restart, wcap/loader.h):
 * the instance is rebuilt from the module's initial state over the image the
 * load verified and relocated, without touching the blob again. What a
 * capsule can change at run time and what this resets (docs/memory-model.md,
 * "After a trap"):
 *   region: instance (globals, the shadow stack pointer, data/elem segment
 *           drop flags), tables, linear memory  -> zeroed, then instantiate
 *   runtime context: memory pointer, region bump state, instance pointer,
 *           last trap                             -> reset here
 *   bss:    wasm2c's function-type IDs            -> init_module rewrites them
 *           stack limit / interrupt words         -> every guarded call sets them
 *   image:  code, constants, relocated pointers   -> never written after the load
 * An interpreted capsule's descriptors live in its instance (built once by
 * wcap_interp_prepare): the instance is kept, the rest of the region zeroed,
 * and the interpreter's instantiate resets the instance's run-time parts.
 */
#include <string.h>

#include "ldr_priv.h"

int wcap_capsule_restart(wcap_capsule_t *c)
{
    wcap_rt_capsule_t *rt = &c->rt;
    const wcap_capsule_info_t *info = rt->info;

    if (c->block == NULL || info == NULL || c->code_size > c->block_size) {
        return WCAP_E_RT_BAD_ARG;
    }
    if (rt->running) {
        return WCAP_E_RT_BUSY;
    }
    if (info->free_instance != NULL && rt->instance != NULL) {
        (void)wcap_rt_guarded_call(rt, wcap_ldr_call_free_instance, rt, NULL);
    }
    uint8_t *base = (uint8_t *)c->block + c->code_size;
    size_t size = c->block_size - c->code_size, keep = 0;
    /* An engine that builds its descriptor inside the instance (the
     * interpreter, wcap/interp.h: info points into the region) keeps the
     * instance, and its instantiate sets every run-time part of it again. */
    if ((const uint8_t *)info >= base && (const uint8_t *)info < base + size && rt->instance != NULL) {
        keep = (size_t)((uint8_t *)rt->instance - base) + info->instance_size;
        if (keep > size) {
            return WCAP_E_RT_BAD_ARG;
        }
    }
    rt->region.base = base;
    rt->region.size = size;
    rt->region.used = keep;
    memset(base + keep, 0, size - keep);
    rt->memory = NULL;
    rt->last_trap = WASM_RT_TRAP_NONE;
    rt->rt_error = 0;
    if (keep == 0) { /* the same request as the load's (rt_setup in finish.c): it fits again */
        rt->instance = wcap_region_alloc(&rt->region, info->instance_size ? info->instance_size : 1u, 16u);
        if (rt->instance == NULL) {
            return WCAP_E_RT_BAD_ARG;
        }
    }
    return wcap_ldr_instantiate(rt);
}
