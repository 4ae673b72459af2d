/*
 * End of a load: digest check, icache sync, descriptor validation, then
 * init_module + instantiate under the runtime's trap guard (also used by
 * restart.c). Also the single failure path (wcap_ldr_fail) and unloading.
 */
#include <string.h>

#include "ldr_priv.h"
#include "wcap/interp_format.h"
#include "wcap/port.h"

int wcap_ldr_fail(wcap_ldr_t *ld, int code)
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    if (ld->block != NULL) {
        cfg->free(cfg->user, ld->block);
        ld->block = NULL;
    }
    if (ld->out != NULL) {
        memset(ld->out, 0, sizeof *ld->out);
    }
    mbedtls_sha256_free(&ld->sha);
    ld->verified = 0u;
    ld->state = WCAP_LDR_FAILED;
    ld->error = code;
    return code;
}

/* [p, p+len) inside [lo, hi). */
static int within(uintptr_t p, size_t len, uintptr_t lo, uintptr_t hi)
{
    return p >= lo && p <= hi && len <= hi - p;
}

static int cstr_within(const char *s, uintptr_t lo, uintptr_t hi)
{
    uintptr_t p = (uintptr_t)s;
    if (!within(p, 1u, lo, hi)) {
        return 0;
    }
    return memchr(s, '\0', hi - p) != NULL;
}

static int code_within(void (*fn)(void), uintptr_t lo, uintptr_t hi)
{
    return fn != NULL && within((uintptr_t)fn & ~(uintptr_t)1u, 2u, lo, hi);
}

/* The relocated descriptor must point only into this capsule. */
static int descriptor_ok(const wcap_ldr_t *ld, const wcap_capsule_info_t *i)
{
    uintptr_t lo = (uintptr_t)ld->block, img = lo + ld->man.image_size;
    uintptr_t all = img + ld->man.bss_size;
    uint32_t k;

    if (i->abi_version != WCAP_ABI_VERSION || i->instance_size != ld->instance_size ||
        !code_within((void (*)(void))i->init_module, lo, img) ||
        !code_within((void (*)(void))i->instantiate, lo, img) ||
        (i->free_instance != NULL && !code_within((void (*)(void))i->free_instance, lo, img)) ||
        !within((uintptr_t)i->stack_limit, sizeof *i->stack_limit, lo, all) ||
        !within((uintptr_t)i->interrupt, sizeof *i->interrupt, lo, all) ||
        (uintptr_t)i->stack_limit % sizeof(uintptr_t) != 0u || (uintptr_t)i->interrupt % 4u != 0u) {
        return 0;
    }
    if (i->n_exports == 0u) {
        return 1;
    }
    if (i->n_exports > ld->man.image_size / sizeof(wcap_export_t) || (uintptr_t)i->exports % sizeof(void *) != 0u ||
        !within((uintptr_t)i->exports, i->n_exports * sizeof(wcap_export_t), lo, img)) {
        return 0;
    }
    for (k = 0; k < i->n_exports; k++) {
        const wcap_export_t *e = &i->exports[k];
        if (!cstr_within(e->name, lo, img) || !cstr_within(e->sig, lo, img) ||
            !code_within((void (*)(void))e->fn, lo, img)) {
            return 0;
        }
    }
    return 1;
}

static void call_init_module(void *arg, wcap_val_t *vals)
{
    (void)vals;
    ((const wcap_capsule_info_t *)arg)->init_module();
}

static void call_instantiate(void *arg, wcap_val_t *vals)
{
    wcap_rt_capsule_t *c = (wcap_rt_capsule_t *)arg;
    (void)vals;
    c->info->instantiate(c->instance, c);
}

int wcap_ldr_instantiate(wcap_rt_capsule_t *c)
{
    if (!wasm_rt_is_initialized()) {
        wasm_rt_init();
    }
    if (wcap_rt_guarded_call(c, call_init_module, (void *)c->info, NULL) != WCAP_OK ||
        wcap_rt_guarded_call(c, call_instantiate, c, NULL) != WCAP_OK) {
        return WCAP_E_LDR_INIT_TRAP;
    }
    return WCAP_OK;
}

static void rt_setup(wcap_ldr_t *ld, wcap_rt_capsule_t *c, const wcap_capsule_info_t *info)
{
    c->info = info;
    c->region.base = ld->block + ld->region_off;
    c->region.size = ld->block_size - ld->region_off;
    c->region.used = 0;
    c->mem_reserve = ld->man.mem_max;
    c->caps = ld->man.caps;
    c->stack_budget = ld->man.stack_budget;
    c->time_budget_ms = ld->man.time_budget_ms;
    c->code_base = (uintptr_t)ld->block; /* image, bss and import stubs: where its PC may be */
    c->code_size = ld->region_off;
    if (ld->engine == WCAP_ENGINE_INTERP) {
        c->region.used = (size_t)((uint8_t *)c->instance - c->region.base) + ld->instance_size;
        return; /* the instance was placed (and filled) by interp_setup */
    }
    c->instance = wcap_region_alloc(&c->region, ld->instance_size ? ld->instance_size : 1u, 16u);
}

/* An interpreted capsule: the engine validates the image and builds the
 * descriptor inside the instance (the loader resolved the imports already). */
static int interp_setup(wcap_ldr_t *ld, wcap_rt_capsule_t *c, const wcap_capsule_info_t **info)
{
    const void *imports[WCAP_MAX_IMPORTS];
    uint32_t i;
    for (i = 0; i < ld->man.n_imports; i++) {
        imports[i] = wcap_ldr_import_addr(ld, i);
    }
    c->region.base = ld->block + ld->region_off;
    c->region.size = ld->block_size - ld->region_off;
    c->region.used = 0;
    c->instance = wcap_region_alloc(&c->region, ld->instance_size, 16u);
    if (c->instance == NULL) {
        return WCAP_E_LDR_NO_SPACE;
    }
    return ld->cfg->interp->prepare(ld->block, ld->man.image_size, imports, ld->man.n_imports, c->instance,
                                    ld->instance_size, info);
}

int wcap_ldr_finish(wcap_ldr_t *ld)
{
    uint8_t hash[WCAP_SHA256_SIZE];
    wcap_capsule_t *out = ld->out;
    const wcap_capsule_info_t *info;

    if (ld->state == WCAP_LDR_IDLE || ld->state == WCAP_LDR_FAILED) {
        return WCAP_E_LDR_STATE;
    }
    if (ld->state != WCAP_LDR_DONE) {
        return wcap_ldr_fail(ld, WCAP_E_LDR_TRUNCATED);
    }
    if (mbedtls_sha256_finish_ret(&ld->sha, hash) != 0) {
        return wcap_ldr_fail(ld, WCAP_E_LDR_CRYPTO);
    }
    if (memcmp(hash, ld->digest, WCAP_SHA256_SIZE) != 0) {
        return wcap_ldr_fail(ld, WCAP_E_LDR_DIGEST);
    }
#ifdef WCAP_LDR_FUZZ_DEFER_SIGNATURE
    { /* fuzz builds only (fuzz_signature.c): the real signature check, before anything runs */
        int rc = wcap_ldr_fuzz_deferred_signature(ld);
        if (rc != WCAP_OK) {
            return wcap_ldr_fail(ld, rc);
        }
    }
#endif
    if (ld->engine == WCAP_ENGINE_INTERP) {
        int rc = interp_setup(ld, &out->rt, &info);
        if (rc != WCAP_OK) {
            return wcap_ldr_fail(ld, rc);
        }
        rt_setup(ld, &out->rt, info);
        out->rt.code_size = 0; /* never redirected: the interpreter polls the flag itself */
    } else {
        wcap_port_sync_icache(ld->block, ld->region_off);
        info = (const wcap_capsule_info_t *)(const void *)(ld->block + ld->entry);
        if (!descriptor_ok(ld, info)) {
            return wcap_ldr_fail(ld, WCAP_E_LDR_ENTRY);
        }
        rt_setup(ld, &out->rt, info);
    }
    if (out->rt.instance == NULL) {
        return wcap_ldr_fail(ld, WCAP_E_LDR_NO_SPACE);
    }
    if (wcap_ldr_instantiate(&out->rt) != WCAP_OK) {
        ld->init_trap = (uint8_t)out->rt.last_trap;
        return wcap_ldr_fail(ld, WCAP_E_LDR_INIT_TRAP);
    }
    memcpy(out->name, ld->man.name, sizeof out->name);
    out->version = ld->man.version;
    out->block = ld->block;
    out->block_size = ld->block_size;
    out->code_size = ld->region_off;
    ld->block = NULL; /* owned by the capsule now */
    mbedtls_sha256_free(&ld->sha);
    ld->state = WCAP_LDR_IDLE;
    return WCAP_OK;
}

void wcap_ldr_call_free_instance(void *arg, wcap_val_t *vals)
{
    wcap_rt_capsule_t *c = (wcap_rt_capsule_t *)arg;
    (void)vals;
    c->info->free_instance(c->instance);
}

void wcap_capsule_unload(wcap_capsule_t *c, const wcap_ldr_config_t *cfg)
{
    if (c == NULL || c->block == NULL) {
        return;
    }
    if (c->rt.info != NULL && c->rt.info->free_instance != NULL && !c->rt.running) {
        (void)wcap_rt_guarded_call(&c->rt, wcap_ldr_call_free_instance, &c->rt, NULL);
    }
    cfg->free(cfg->user, c->block);
    memset(c, 0, sizeof *c);
}
