/* The "spectest" module and the cross-module links as symbols (spec_imports.h). */
#include "spec_imports.h"

#include <stdint.h>
#include <string.h>

#include "spec_links.h"
#include "wcap/rt.h"

/* ---- the "spectest" module's functions: they only have to exist ---- */
typedef struct spec_ctx spec_ctx_t; /* whatever instance pointer the glue passes */

void Z_spectestZ_print(spec_ctx_t *c);
void Z_spectestZ_print_i32(spec_ctx_t *c, uint32_t a);
void Z_spectestZ_print_i64(spec_ctx_t *c, uint64_t a);
void Z_spectestZ_print_f32(spec_ctx_t *c, float a);
void Z_spectestZ_print_f64(spec_ctx_t *c, double a);
void Z_spectestZ_print_i32_f32(spec_ctx_t *c, uint32_t a, float b);
void Z_spectestZ_print_f64_f64(spec_ctx_t *c, double a, double b);

static volatile uint64_t spec_sink; /* keeps the calls observable */

void Z_spectestZ_print(spec_ctx_t *c)
{
    (void)c;
    spec_sink++;
}
void Z_spectestZ_print_i32(spec_ctx_t *c, uint32_t a)
{
    (void)c;
    spec_sink += a;
}
void Z_spectestZ_print_i64(spec_ctx_t *c, uint64_t a)
{
    (void)c;
    spec_sink += a;
}
void Z_spectestZ_print_f32(spec_ctx_t *c, float a)
{
    (void)c;
    spec_sink += (uint64_t)(a != a);
}
void Z_spectestZ_print_f64(spec_ctx_t *c, double a)
{
    (void)c;
    spec_sink += (uint64_t)(a != a);
}
void Z_spectestZ_print_i32_f32(spec_ctx_t *c, uint32_t a, float b)
{
    (void)c;
    (void)b;
    spec_sink += a;
}
void Z_spectestZ_print_f64_f64(spec_ctx_t *c, double a, double b)
{
    (void)c;
    (void)a;
    (void)b;
    spec_sink++;
}

/* Must match spectest.syms (IDs ascending, all above the runtime's). */
static const wcap_sym_t spec_extra_syms[] = {
    {1024, 0, (const void *)&Z_spectestZ_print},         {1025, 0, (const void *)&Z_spectestZ_print_i32},
    {1026, 0, (const void *)&Z_spectestZ_print_i64},     {1027, 0, (const void *)&Z_spectestZ_print_f32},
    {1028, 0, (const void *)&Z_spectestZ_print_f64},     {1029, 0, (const void *)&Z_spectestZ_print_i32_f32},
    {1030, 0, (const void *)&Z_spectestZ_print_f64_f64},
};
#define SPEC_N_EXTRA (sizeof spec_extra_syms / sizeof spec_extra_syms[0])

static wcap_sym_t spec_syms[1024];
static wcap_symtab_t spec_symtab_v;

const wcap_symtab_t *spec_symtab(void)
{
    const wcap_symtab_t *rt = wcap_rt_symtab();
    size_t n = rt->count;
    if (n + SPEC_N_EXTRA + spec_link_nsyms > sizeof spec_syms / sizeof spec_syms[0])
        return NULL;
    /* Sorted by ID: runtime (< 1024), spectest (1024..), links (1040..). */
    memcpy(spec_syms, rt->syms, n * sizeof rt->syms[0]);
    memcpy(spec_syms + n, spec_extra_syms, sizeof spec_extra_syms);
    n += SPEC_N_EXTRA;
    memcpy(spec_syms + n, spec_link_syms, spec_link_nsyms * sizeof spec_link_syms[0]);
    n += spec_link_nsyms;
    spec_symtab_v.syms = spec_syms;
    spec_symtab_v.count = (uint16_t)n;
    return &spec_symtab_v;
}
