/*
 * The stream state machine: header -> manifest (buffered) -> signature block
 * -> verify -> decode + policy -> allocate -> image bytes copied in place ->
 * imports -> relocation table decoded byte by byte, each record applied as
 * it completes -> done.
 * Chunks of any size; every byte of the payload is hashed as it arrives.
 */
#include <string.h>

#include "ldr_priv.h"
#include "wcap/blob_header.h"

static void sha_start(wcap_ldr_t *ld)
{
    mbedtls_sha256_init(&ld->sha);
    (void)mbedtls_sha256_starts_ret(&ld->sha, 0);
}

void wcap_ldr_init(wcap_ldr_t *ld, const wcap_ldr_config_t *cfg)
{
    memset(ld, 0, sizeof *ld);
    ld->cfg = cfg;
    ld->state = WCAP_LDR_IDLE;
}

int wcap_ldr_begin(wcap_ldr_t *ld, wcap_capsule_t *out)
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    if (cfg == NULL || out == NULL || cfg->alloc == NULL || cfg->free == NULL || cfg->symtab == NULL) {
        return WCAP_E_LDR_STATE;
    }
    if (ld->block != NULL) {
        wcap_ldr_abort(ld);
    }
    wcap_ldr_init(ld, cfg);
    memset(out, 0, sizeof *out);
    ld->out = out;
    ld->state = WCAP_LDR_HEADER;
    ld->part_len = WCAP_HEADER_SIZE;
    sha_start(ld);
    return WCAP_OK;
}

static int header_done(wcap_ldr_t *ld)
{
    wcap_blob_header_t h;
    int rc = wcap_blob_header_parse(ld->hdr, &h);
    if (rc != WCAP_OK) {
        return rc;
    }
    ld->state = WCAP_LDR_MANIFEST;
    ld->part_len = h.manifest_len;
    return WCAP_OK;
}

/* Signature over header||manifest, then the manifest, then the RAM block. */
static int signature_done(wcap_ldr_t *ld)
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    uint8_t hash[WCAP_SHA256_SIZE];
    uint32_t align;
    int rc;

    if (mbedtls_sha256_finish_ret(&ld->sha, hash) != 0) {
        return WCAP_E_LDR_CRYPTO;
    }
#ifdef WCAP_LDR_FUZZ_DEFER_SIGNATURE
    rc = wcap_ldr_fuzz_defer_signature(ld, hash); /* fuzz builds only, see fuzz_signature.c */
#else
    rc = wcap_ldr_verify_signature(cfg, hash, ld->sig);
#endif
    if (rc == WCAP_OK) {
        rc = wcap_ldr_manifest_accept(ld, wcap_rd16(ld->hdr + WCAP_HDR_MANIFEST_LEN),
                                      wcap_rd32(ld->hdr + WCAP_HDR_PAYLOAD_LEN));
    }
    if (rc != WCAP_OK) {
        return rc;
    }
    align = ld->image_align < 16u ? 16u : ld->image_align;
    ld->block = (uint8_t *)cfg->alloc(cfg->user, ld->man.ram_needed, align);
    if (ld->block == NULL) {
        return WCAP_E_LDR_NO_SPACE;
    }
    ld->block_size = ld->man.ram_needed;
    ld->verified = 1u;
    ld->reloc.image = ld->block;
    ld->reloc.addr = (uint64_t)(uintptr_t)ld->block;
    ld->reloc.image_size = ld->man.image_size;
    ld->reloc.n_imports = ld->man.n_imports;
    ld->reloc.stubs = ld->stub_size != 0u ? ld->block + ld->reloc.stubs_addr : NULL;
    ld->reloc.stubs_addr += ld->reloc.addr;
    memset(ld->block + ld->man.image_size, 0, ld->block_size - ld->man.image_size);
    sha_start(ld);
    ld->state = WCAP_LDR_IMAGE;
    ld->part_len = ld->man.image_size;
    return WCAP_OK;
}

/* Called when the current part is complete; moves to the next one. */
static int part_done(wcap_ldr_t *ld)
{
    ld->part_pos = 0;
    switch (ld->state) {
    case WCAP_LDR_HEADER: return header_done(ld);
    case WCAP_LDR_MANIFEST:
        ld->state = WCAP_LDR_SIGNATURE;
        ld->part_len = WCAP_SIG_BLOCK_SIZE;
        return WCAP_OK;
    case WCAP_LDR_SIGNATURE: return signature_done(ld);
    case WCAP_LDR_IMAGE:
        ld->state = WCAP_LDR_IMPORTS;
        ld->rec_index = 0;
        ld->part_len = ld->man.n_imports * WCAP_IMPORT_SIZE;
        return WCAP_OK;
    case WCAP_LDR_IMPORTS:
        ld->state = WCAP_LDR_RELOCS;
        ld->rec_index = 0;
        ld->part_len = ld->reloc_bytes;
        wcap_rtab_dec_init(&ld->rtab);
        return WCAP_OK;
    default:
        if (!wcap_rtab_dec_idle(&ld->rtab)) {
            return WCAP_E_LDR_RELOC_TRUNC;
        }
        if (ld->rec_index != ld->man.n_relocs) {
            return WCAP_E_LDR_RELOC_COUNT;
        }
        ld->state = WCAP_LDR_DONE;
        ld->part_len = 0;
        return WCAP_OK;
    }
}

/* Imports: gather each 2-byte symbol ID, resolve it when complete. */
static int imports(wcap_ldr_t *ld, const uint8_t *d, uint32_t n)
{
    while (n > 0u) {
        uint32_t take = WCAP_IMPORT_SIZE - ld->rec_len;
        int rc;
        take = take < n ? take : n;
        memcpy(ld->rec + ld->rec_len, d, take);
        ld->rec_len = (uint8_t)(ld->rec_len + take);
        d += take;
        n -= take;
        if (ld->rec_len < WCAP_IMPORT_SIZE) {
            break;
        }
        ld->rec_len = 0;
        rc = wcap_ldr_link_import(ld, ld->rec_index, wcap_rd16(ld->rec));
        ld->rec_index++;
        if (rc != WCAP_OK) {
            return rc;
        }
    }
    return WCAP_OK;
}

/* Relocation table: one byte at a time into the decoder, each record applied
 * as soon as its last byte arrives. */
static int relocs(wcap_ldr_t *ld, const uint8_t *d, uint32_t n)
{
    uint32_t i;
    for (i = 0; i < n; i++) {
        wcap_rtab_rec_t r;
        int st, rc;
        if (ld->rec_index == ld->man.n_relocs && wcap_rtab_dec_idle(&ld->rtab)) {
            return WCAP_E_LDR_RELOC_EXTRA;
        }
        st = wcap_rtab_dec_byte(&ld->rtab, d[i], &r);
        if (st == WCAP_RTAB_E_LEB) {
            return WCAP_E_LDR_RELOC_LEB;
        }
        if (st == WCAP_RTAB_RECORD) {
            rc = wcap_ldr_link_reloc(ld, &r);
            ld->rec_index++;
            if (rc != WCAP_OK) {
                return rc;
            }
        }
    }
    return WCAP_OK;
}

/* Copies `n` bytes (n <= what the part still needs) into the current part. */
static int consume(wcap_ldr_t *ld, const uint8_t *d, uint32_t n)
{
    switch (ld->state) {
    case WCAP_LDR_HEADER:
        memcpy(ld->hdr + ld->part_pos, d, n);
        (void)mbedtls_sha256_update_ret(&ld->sha, d, n);
        /* Reject noise as soon as the magic is complete. */
        if (ld->part_pos + n >= 4u && wcap_rd32(ld->hdr) != WCAP_MAGIC) {
            return WCAP_E_LDR_MAGIC;
        }
        return WCAP_OK;
    case WCAP_LDR_MANIFEST:
        memcpy(ld->buf.manifest + ld->part_pos, d, n);
        (void)mbedtls_sha256_update_ret(&ld->sha, d, n);
        return WCAP_OK;
    case WCAP_LDR_SIGNATURE: memcpy(ld->sig + ld->part_pos, d, n); return WCAP_OK;
    case WCAP_LDR_IMAGE:
        memcpy(ld->block + ld->part_pos, d, n);
        (void)mbedtls_sha256_update_ret(&ld->sha, d, n);
        return WCAP_OK;
    case WCAP_LDR_IMPORTS: (void)mbedtls_sha256_update_ret(&ld->sha, d, n); return imports(ld, d, n);
    default: (void)mbedtls_sha256_update_ret(&ld->sha, d, n); return relocs(ld, d, n);
    }
}

int wcap_ldr_feed(wcap_ldr_t *ld, const uint8_t *data, size_t len)
{
    int rc;
    if (ld->state == WCAP_LDR_IDLE || ld->state == WCAP_LDR_FAILED) {
        return WCAP_E_LDR_STATE;
    }
    while (len > 0u) {
        uint32_t n;
        while (ld->state != WCAP_LDR_DONE && ld->part_pos == ld->part_len) {
            if ((rc = part_done(ld)) != WCAP_OK) {
                return wcap_ldr_fail(ld, rc);
            }
        }
        if (ld->state == WCAP_LDR_DONE) {
            return wcap_ldr_fail(ld, WCAP_E_LDR_TRAILING);
        }
        n = ld->part_len - ld->part_pos;
        n = (size_t)n < len ? n : (uint32_t)len;
        if ((rc = consume(ld, data, n)) != WCAP_OK) {
            return wcap_ldr_fail(ld, rc);
        }
        ld->part_pos += n;
        ld->received += n;
        data += n;
        len -= n;
    }
    /* Complete parts eagerly so errors surface with the byte that caused them. */
    while (ld->state != WCAP_LDR_DONE && ld->part_pos == ld->part_len) {
        if ((rc = part_done(ld)) != WCAP_OK) {
            return wcap_ldr_fail(ld, rc);
        }
    }
    return WCAP_OK;
}

void wcap_ldr_abort(wcap_ldr_t *ld)
{
    if (ld->state != WCAP_LDR_IDLE) {
        (void)wcap_ldr_fail(ld, WCAP_E_LDR_STATE);
    }
    ld->state = WCAP_LDR_IDLE;
}

const wcap_ldr_manifest_t *wcap_ldr_manifest(const wcap_ldr_t *ld)
{
    return ld->verified ? &ld->man : NULL;
}

wasm_rt_trap_t wcap_ldr_init_trap(const wcap_ldr_t *ld)
{
    return (wasm_rt_trap_t)ld->init_trap;
}

uint32_t wcap_ldr_received(const wcap_ldr_t *ld)
{
    return ld->received;
}
