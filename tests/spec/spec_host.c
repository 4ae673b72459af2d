/* Host side of the spec runner: arena, key, symbol table (spec_host.h). */
#include "spec_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>

#include "spec_imports.h"
#include "wcap/heap.h"
#include "wcap/port_posix.h"
#include "wcap/interp.h"

static wcap_heap_t spec_heap;
static wcap_trusted_key_t spec_key;

static int load_key(const char *path, wcap_trusted_key_t *k)
{
    mbedtls_pk_context pk;
    uint8_t digest[32];
    size_t olen = 0;
    int rc = -1;

    mbedtls_pk_init(&pk);
    if (mbedtls_pk_parse_public_keyfile(&pk, path) == 0 && mbedtls_pk_get_type(&pk) == MBEDTLS_PK_ECKEY &&
        mbedtls_pk_ec(pk)->grp.id == MBEDTLS_ECP_DP_SECP256R1 &&
        mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q, MBEDTLS_ECP_PF_UNCOMPRESSED,
                                       &olen, k->point, sizeof k->point) == 0 &&
        olen == WCAP_PUBKEY_SIZE && mbedtls_sha256_ret(k->point, WCAP_PUBKEY_SIZE, digest, 0) == 0) {
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

    memset(cfg, 0, sizeof *cfg);

    if (arena == NULL || wcap_heap_init(&spec_heap, arena, arena_len) != 0) {
        fprintf(stderr, "spec_runner: error: no capsule arena\n");
        return -1;
    }
    if (load_key(pub_path, &spec_key) != 0) {
        fprintf(stderr, "spec_runner: error: cannot read P-256 public key %s\n", pub_path);
        return -1;
    }
    cfg->symtab = spec_symtab();
    if (cfg->symtab == NULL) {
        fprintf(stderr, "spec_runner: error: symbol table too large\n");
        return -1;
    }
    cfg->target = WCAP_TARGET_X86_64;
    cfg->keys = &spec_key;
    cfg->n_keys = 1;
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
