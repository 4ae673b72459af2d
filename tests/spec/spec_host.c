/* Host side of the spec runner: arena, key, symbol table (spec_host.h). */
#include "spec_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>

#include "spec_links.h"
#include "wcap/heap.h"
#include "wcap/port_posix.h"
#include "wcap/interp.h"
#include "wcap/symtab.h"

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

void Z_spectestZ_print(spec_ctx_t *c) { (void)c; spec_sink++; }
void Z_spectestZ_print_i32(spec_ctx_t *c, uint32_t a) { (void)c; spec_sink += a; }
void Z_spectestZ_print_i64(spec_ctx_t *c, uint64_t a) { (void)c; spec_sink += a; }
void Z_spectestZ_print_f32(spec_ctx_t *c, float a) { (void)c; spec_sink += (uint64_t)(a != a); }
void Z_spectestZ_print_f64(spec_ctx_t *c, double a) { (void)c; spec_sink += (uint64_t)(a != a); }
void Z_spectestZ_print_i32_f32(spec_ctx_t *c, uint32_t a, float b) { (void)c; (void)b; spec_sink += a; }
void Z_spectestZ_print_f64_f64(spec_ctx_t *c, double a, double b) { (void)c; (void)a; (void)b; spec_sink++; }

/* Must match spectest.syms (IDs ascending, all above the runtime's). */
static const wcap_sym_t spec_extra_syms[] = {
    {1024, 0, (const void *)&Z_spectestZ_print},
    {1025, 0, (const void *)&Z_spectestZ_print_i32},
    {1026, 0, (const void *)&Z_spectestZ_print_i64},
    {1027, 0, (const void *)&Z_spectestZ_print_f32},
    {1028, 0, (const void *)&Z_spectestZ_print_f64},
    {1029, 0, (const void *)&Z_spectestZ_print_i32_f32},
    {1030, 0, (const void *)&Z_spectestZ_print_f64_f64},
};
#define SPEC_N_EXTRA (sizeof spec_extra_syms / sizeof spec_extra_syms[0])

static wcap_sym_t spec_syms[1024];
static wcap_symtab_t spec_symtab;
static wcap_heap_t spec_heap;
static wcap_trusted_key_t spec_key;

static int build_symtab(void)
{
    const wcap_symtab_t *rt = wcap_rt_symtab();
    size_t n = rt->count;
    if (n + SPEC_N_EXTRA + spec_link_nsyms > sizeof spec_syms / sizeof spec_syms[0])
        return -1;
    /* Sorted by ID: runtime (< 1024), spectest (1024..), links (1040..). */
    memcpy(spec_syms, rt->syms, n * sizeof rt->syms[0]);
    memcpy(spec_syms + n, spec_extra_syms, sizeof spec_extra_syms);
    n += SPEC_N_EXTRA;
    memcpy(spec_syms + n, spec_link_syms, spec_link_nsyms * sizeof spec_link_syms[0]);
    n += spec_link_nsyms;
    spec_symtab.syms = spec_syms;
    spec_symtab.count = (uint16_t)n;
    return 0;
}

static int load_key(const char *path, wcap_trusted_key_t *k)
{
    mbedtls_pk_context pk;
    uint8_t digest[32];
    size_t olen = 0;
    int rc = -1;

    mbedtls_pk_init(&pk);
    if (mbedtls_pk_parse_public_keyfile(&pk, path) == 0 &&
        mbedtls_pk_get_type(&pk) == MBEDTLS_PK_ECKEY &&
        mbedtls_pk_ec(pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1 &&
        mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q,
                                       MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, k->point,
                                       sizeof k->point) == 0 &&
        olen == WCAP_PUBKEY_SIZE &&
        mbedtls_sha256_ret(k->point, WCAP_PUBKEY_SIZE, digest, 0) == 0) {
        memcpy(k->key_id, digest, WCAP_KEY_ID_SIZE);
        rc = 0;
    }
    mbedtls_pk_free(&pk);
    return rc;
}

int spec_host_config(wcap_ldr_config_t *cfg, const char *pub_path)
{
    size_t arena_len = 0;
    uint8_t *arena = wcap_posix_arena(&arena_len);

    if (arena == NULL || wcap_heap_init(&spec_heap, arena, arena_len) != 0) {
        fprintf(stderr, "spec_runner: error: no capsule arena\n");
        return -1;
    }
    if (load_key(pub_path, &spec_key) != 0) {
        fprintf(stderr, "spec_runner: error: cannot read P-256 public key %s\n", pub_path);
        return -1;
    }
    if (build_symtab() != 0) {
        fprintf(stderr, "spec_runner: error: symbol table too large\n");
        return -1;
    }
    memset(cfg, 0, sizeof *cfg);
    cfg->target = WCAP_TARGET_X86_64;
    cfg->keys = &spec_key;
    cfg->n_keys = 1;
    cfg->symtab = &spec_symtab;
    cfg->granted_caps = WCAP_CAP_ALL;
    cfg->max_mem = 4u * 1024u * 1024u;
    cfg->max_stack = 1024u * 1024u;
    cfg->default_time_ms = 10000u;
    cfg->max_time_ms = 10000u;
    cfg->alloc = wcap_heap_cfg_alloc;
    cfg->free = wcap_heap_cfg_free;
    cfg->largest_free = wcap_heap_cfg_largest_free;
    cfg->interp = &wcap_interp_engine;
    cfg->user = &spec_heap;
    return 0;
}
