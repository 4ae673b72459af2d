/* Hand-built signed blobs for loader tests (see blob_builder.h). */
#include "blob_builder.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_keys.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/sha256.h"
#include "pb_encode.h"
#include "wcap/capsule_abi.h"
#include "wcap/natives.h"

/* Deterministic "entropy" so each seed always gives the same key. */
static int fixed_entropy(void *p, unsigned char *out, size_t len)
{
    int seed = *(int *)p;
    size_t i;
    for (i = 0; i < len; i++) {
        out[i] = (unsigned char)(seed * 131 + (int)i * 7 + 1);
    }
    return 0;
}

static void keypair(int seed, mbedtls_ecdsa_context *k, mbedtls_ctr_drbg_context *drbg)
{
    mbedtls_ctr_drbg_init(drbg);
    mbedtls_ctr_drbg_seed(drbg, fixed_entropy, &seed, NULL, 0);
    mbedtls_ecdsa_init(k);
    mbedtls_ecdsa_genkey(k, MBEDTLS_ECP_DP_SECP256R1, mbedtls_ctr_drbg_random, drbg);
}

void tb_key(int seed, wcap_trusted_key_t *key)
{
    mbedtls_ecdsa_context k;
    mbedtls_ctr_drbg_context drbg;
    size_t olen;
    keypair(seed, &k, &drbg);
    mbedtls_ecp_point_write_binary(&k.grp, &k.Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, key->point, sizeof key->point);
    wcap_host_key_id(key->point, key->key_id);
    mbedtls_ecdsa_free(&k);
    mbedtls_ctr_drbg_free(&drbg);
}

void tb_spec_init(tb_spec_t *s)
{
    memset(s, 0, sizeof *s);
    strcpy(s->m.name, "test");
    s->m.version = 1;
    s->m.target = WCAP_TARGET_X86_64;
    s->m.abi_version = WCAP_ABI_VERSION;
    s->m.image_align = 16;
    s->m.stack_budget = 64 * 1024;
    s->m.time_budget_ms = 1000;
    s->seed = 1;
}

static void sign(int seed, const uint8_t hash[32], uint8_t sig[72])
{
    mbedtls_ecdsa_context k;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_mpi r, s;
    wcap_trusted_key_t key;
    tb_key(seed, &key);
    keypair(seed, &k, &drbg);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    mbedtls_ecdsa_sign(&k.grp, &r, &s, &k.d, hash, 32, mbedtls_ctr_drbg_random, &drbg);
    memcpy(sig, key.key_id, 8);
    mbedtls_mpi_write_binary(&r, sig + 8, 32);
    mbedtls_mpi_write_binary(&s, sig + 40, 32);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    mbedtls_ecdsa_free(&k);
    mbedtls_ctr_drbg_free(&drbg);
}

/* Declares every imported native (wcap/natives.h) as the device has it, like
 * wcap build does; spec fields can leave them out or falsify the signature. */
static bool encode_natives(pb_ostream_t *os, const pb_field_t *field, void *const *arg)
{
    const tb_spec_t *s = *arg;
    for (uint32_t i = 0; !s->no_native_decl && i < s->m.n_imports; i++) {
        const wcap_native_t *n = wcap_natives_find(s->imports[i]);
        wcap_Native d = wcap_Native_init_zero;
        if (n == NULL)
            continue;
        d.id = n->id;
        snprintf(d.name, sizeof d.name, "%s.%s", n->module, n->name);
        snprintf(d.sig, sizeof d.sig, "%s", s->native_sig ? s->native_sig : n->sig);
        if (!pb_encode_tag_for_field(os, field) || !pb_encode_submessage(os, wcap_Native_fields, &d))
            return false;
    }
    return true;
}

int tb_build(const tb_spec_t *s, tb_blob_t *blob)
{
    wcap_Manifest m = s->m;
    uint32_t rlen = s->raw_relocs != NULL ? s->raw_relocs_len : m.n_relocs * WCAP_RTAB_REC_MAX;
    uint32_t plen = m.image_size + 2u * m.n_imports + rlen, prev = 0;
    uint8_t *payload = calloc(1, plen + 1u), *p, *rtab, man[1024], hash[32];
    pb_ostream_t os = pb_ostream_from_buffer(man, sizeof man);
    size_t mlen, total;
    uint32_t i;

    memcpy(payload, s->image, m.image_size);
    p = payload + m.image_size;
    for (i = 0; i < m.n_imports; i++, p += 2) {
        wcap_wr16(p, s->imports[i]);
    }
    rtab = p;
    if (s->raw_relocs != NULL) {
        memcpy(p, s->raw_relocs, rlen);
        p += rlen;
    }
    for (i = 0; s->raw_relocs == NULL && i < m.n_relocs; i++) {
        const wcap_reloc_t *r = &s->relocs[i];
        p += wcap_rtab_encode(p, &prev, r->offset, r->kind, r->sym);
    }
    m.reloc_bytes = (uint32_t)(p - rtab);
    plen = (uint32_t)(p - payload);
    mbedtls_sha256_ret(payload, plen, m.payload_sha256, 0);
    if (s->corrupt_payload && m.image_size > 0u) {
        payload[0] ^= 0x40u;
    }
    m.natives.funcs.encode = encode_natives;
    m.natives.arg = (void *)(uintptr_t)s;
    pb_encode(&os, wcap_Manifest_fields, &m);
    mlen = os.bytes_written;
    total = 16u + mlen + 72u + plen;
    blob->data = calloc(1, total);
    blob->len = total;
    wcap_wr32(blob->data, WCAP_MAGIC);
    blob->data[4] = WCAP_FORMAT_VERSION;
    blob->data[5] = WCAP_HEADER_SIZE;
    wcap_wr16(blob->data + 6, (uint16_t)mlen);
    wcap_wr32(blob->data + 8, plen);
    memcpy(blob->data + 16, man, mlen);
    mbedtls_sha256_ret(blob->data, 16u + mlen, hash, 0);
    sign(s->seed, hash, blob->data + 16 + mlen);
    if (s->corrupt_sig) {
        blob->data[16 + mlen + 20] ^= 1u;
    }
    memcpy(blob->data + 16 + mlen + 72, payload, plen);
    free(payload);
    return 0;
}
