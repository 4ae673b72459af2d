/* Trampolines for imports between registered spec modules (spec_links.h). */
#include "spec_links.h"

#include <string.h>

#include "wcap/rt.h"

#define LINK_VALS 8

/* Calls export `field` (signature `sig`) of the module registered as `as`. */
static void link_call(const char *as, const char *field, const char *sig, wcap_val_t *v)
{
    wcap_rt_capsule_t *callee = spec_registered(as);
    const wcap_export_t *e = callee ? wcap_rt_find_export(callee, field) : NULL;
    int rc;

    if (e == NULL || strcmp(e->sig, sig) != 0)
        wasm_rt_trap(WASM_RT_TRAP_HOST); /* unlinked: the loader cannot see types */
    rc = wcap_rt_call_export(callee, field, v, LINK_VALS, &e);
    if (rc == WCAP_E_RT_TRAP)
        wasm_rt_trap(callee->last_trap); /* unwinds the caller (now current again) */
    if (rc != WCAP_OK)
        wasm_rt_trap(WASM_RT_TRAP_HOST);
}

/* () -> i32 exports of a registered module: wasm2c name Z_<as>Z_<field>. */
#define LINK_V_I(as, field)                \
    uint32_t Z_##as##Z_##field(void *ctx); \
    uint32_t Z_##as##Z_##field(void *ctx)  \
    {                                      \
        wcap_val_t v[LINK_VALS];           \
        (void)ctx;                         \
        link_call(#as, #field, ":i", v);   \
        return v[0].i32;                   \
    }

/* (i32) -> i32 exports of a registered module. */
#define LINK_I_I(as, field)                            \
    uint32_t Z_##as##Z_##field(void *ctx, uint32_t a); \
    uint32_t Z_##as##Z_##field(void *ctx, uint32_t a)  \
    {                                                  \
        wcap_val_t v[LINK_VALS];                       \
        (void)ctx;                                     \
        v[0].i32 = a;                                  \
        link_call(#as, #field, "i:i", v);              \
        return v[0].i32;                               \
    }

/* table_copy.wast and table_init.wast: (register "a") of ef0..ef4. */
LINK_V_I(a, ef0)
LINK_V_I(a, ef1)
LINK_V_I(a, ef2)
LINK_V_I(a, ef3)
LINK_V_I(a, ef4)
/* linking.wast: Mf.call, Mt.call, Mt.h, Mm.load; ref_func.wast: M.f. */
LINK_V_I(Mf, call)
LINK_I_I(Mt, call)
LINK_V_I(Mt, h)
LINK_I_I(Mm, load)
LINK_I_I(M, f)

/* Must match spectest.syms. */
const wcap_sym_t spec_link_syms[] = {
    {1040, 0, (const void *)&Z_aZ_ef0},   {1041, 0, (const void *)&Z_aZ_ef1}, {1042, 0, (const void *)&Z_aZ_ef2},
    {1043, 0, (const void *)&Z_aZ_ef3},   {1044, 0, (const void *)&Z_aZ_ef4}, {1045, 0, (const void *)&Z_MfZ_call},
    {1046, 0, (const void *)&Z_MtZ_call}, {1047, 0, (const void *)&Z_MtZ_h},  {1048, 0, (const void *)&Z_MmZ_load},
    {1049, 0, (const void *)&Z_MZ_f},
};
const unsigned spec_link_nsyms = sizeof spec_link_syms / sizeof spec_link_syms[0];
