/*
 * Blob parsing (structure), verification (signature, digest).
 */
#include "blob.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "wcap/blob_header.h"
#include "wcap/capsule_name.h"
#include "wcap/errors.h"
#include "wcap/reloc_table.h"

int wcapc_manifest_decode(const uint8_t *in, size_t len, wcap_Manifest *m, wcapc_exp_t **exps, size_t *n,
                          wcapc_nat_t *nats, size_t n_nats_cap, size_t *n_nats);

static const char *const kind_names[WCAP_R_KIND_COUNT] = {
    "NONE", "ABS32", "ABS64", "X86_PC32", "THM_CALL", "RV_CALL", "RV_PCREL_HI20", "RV_PCREL_LO12_I", "RV_PCREL_LO12_S",
};

const char *wcapc_reloc_kind_name(unsigned kind)
{
    return kind < WCAP_R_KIND_COUNT ? kind_names[kind] : "?";
}

static int bad(char *err, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
    return -1;
}

static int parse_header(const uint8_t *d, size_t len, wcapc_blob_t *b, char *err, size_t cap)
{
    wcap_blob_header_t h;

    if (len < WCAP_HEADER_SIZE)
        return bad(err, cap, "truncated: %zu bytes is shorter than the header", len);
    switch (wcap_blob_header_parse(d, &h)) {
    case WCAP_OK: break;
    case WCAP_E_LDR_MAGIC:
        if (memcmp(d, "\0asm", 4) == 0)
            return bad(err, cap,
                       "a WebAssembly module, not a wcap blob: build it first (wcap build MODULE.wasm "
                       "--target T --key KEY -o CAPSULE.wcap), then give the .wcap");
        return bad(err, cap, "not a wcap blob (bad magic 0x%08x)", (unsigned)wcap_rd32(d + WCAP_HDR_MAGIC));
    case WCAP_E_LDR_FORMAT: return bad(err, cap, "unsupported blob format version %u", d[WCAP_HDR_VERSION]);
    case WCAP_E_LDR_MANIFEST_SIZE:
        return bad(err, cap, "malformed header: manifest_len %u not in 1..%u", wcap_rd16(d + WCAP_HDR_MANIFEST_LEN),
                   WCAP_MANIFEST_MAX);
    default:
        return bad(err, cap,
                   "malformed header: header_size %u, reserved 0x%08x, manifest_len %u "
                   "(want 16, 0, at least 1)",
                   d[WCAP_HDR_SIZE], (unsigned)wcap_rd32(d + WCAP_HDR_RESERVED), wcap_rd16(d + WCAP_HDR_MANIFEST_LEN));
    }
    b->manifest_len = h.manifest_len;
    b->payload_len = h.payload_len;
    uint64_t total = wcap_blob_total_size(&h);
    if (len < total)
        return bad(err, cap, "truncated: %zu bytes, the header announces %llu", len, (unsigned long long)total);
    if (len > total)
        return bad(err, cap, "%llu bytes after the end of the blob", (unsigned long long)(len - total));
    b->manifest = d + WCAP_HEADER_SIZE;
    b->sig_block = b->manifest + b->manifest_len;
    b->payload = b->sig_block + WCAP_SIG_BLOCK_SIZE;
    return 0;
}

static int check_manifest(const wcapc_blob_t *b, char *err, size_t cap)
{
    const wcap_Manifest *m = &b->m;
    if (!wcap_name_ok(m->name))
        return bad(err, cap, "manifest: invalid capsule name");
    if (m->n_imports > WCAP_MAX_IMPORTS)
        return bad(err, cap, "manifest: %u imports (max 256)", (unsigned)m->n_imports);
    uint64_t want = (uint64_t)m->image_size + (uint64_t)WCAP_IMPORT_SIZE * m->n_imports + m->reloc_bytes;
    if (want != b->payload_len)
        return bad(err, cap, "payload_len %u does not match image, imports and relocations", (unsigned)b->payload_len);
    if ((uint64_t)m->text_size + m->rodata_size + m->data_size > m->image_size)
        return bad(err, cap, "manifest: section sizes exceed image_size %u", (unsigned)m->image_size);
    if (m->image_align == 0 || (m->image_align & (m->image_align - 1)) || m->image_align > WCAP_MAX_IMAGE_ALIGN)
        return bad(err, cap, "manifest: image_align %u is not a power of two <= 64", (unsigned)m->image_align);
    if (m->entry >= m->image_size || m->entry % 4)
        return bad(err, cap, "manifest: entry 0x%x outside the image or misaligned", (unsigned)m->entry);
    return 0;
}

/* Decodes the relocation table exactly as a device does; counts records by kind. */
static int check_relocs(wcapc_blob_t *b, char *err, size_t cap)
{
    wcap_rtab_dec_t d;
    uint32_t i, n = 0;
    wcap_rtab_dec_init(&d);
    for (i = 0; i < b->m.reloc_bytes; i++) {
        wcap_rtab_rec_t r;
        if (n == b->m.n_relocs && wcap_rtab_dec_idle(&d))
            return bad(err, cap, "relocation table: %u bytes after the last of %u records",
                       (unsigned)(b->m.reloc_bytes - i), (unsigned)n);
        int st = wcap_rtab_dec_byte(&d, b->relocs[i], &r);
        if (st == WCAP_RTAB_E_LEB)
            return bad(err, cap, "relocation %u: overlong or non-canonical LEB128", (unsigned)n);
        if (st != WCAP_RTAB_RECORD)
            continue;
        uint32_t width = wcap_rtab_width(r.kind);
        if (width == 0)
            return bad(err, cap, "relocation %u: invalid kind %u", (unsigned)n, r.kind);
        if (r.offset >= b->m.image_size || b->m.image_size - r.offset < width)
            return bad(err, cap, "relocation %u: offset 0x%x outside the image", (unsigned)n, (unsigned)r.offset);
        if (!r.image && r.index >= b->m.n_imports)
            return bad(err, cap, "relocation %u: symbol index %u out of range", (unsigned)n, (unsigned)r.index);
        b->reloc_counts[r.kind]++;
        n++;
    }
    if (!wcap_rtab_dec_idle(&d))
        return bad(err, cap, "relocation table ends inside record %u", (unsigned)n);
    if (n != b->m.n_relocs)
        return bad(err, cap, "relocation table holds %u records, the manifest says %u", (unsigned)n,
                   (unsigned)b->m.n_relocs);
    return 0;
}

int wcapc_blob_parse(const uint8_t *data, size_t len, wcapc_blob_t *b, char *err, size_t cap)
{
    memset(b, 0, sizeof *b);
    if (parse_header(data, len, b, err, cap))
        return -1;
    if (wcapc_manifest_decode(b->manifest, b->manifest_len, &b->m, &b->exports, &b->n_exports, b->natives,
                              sizeof b->natives / sizeof b->natives[0], &b->n_natives))
        return bad(err, cap, "malformed manifest (protobuf decoding failed)");
    if (check_manifest(b, err, cap)) {
        wcapc_blob_free(b);
        return -1;
    }
    b->imports = b->payload + b->m.image_size;
    b->relocs = b->imports + (size_t)WCAP_IMPORT_SIZE * b->m.n_imports;
    if (check_relocs(b, err, cap)) {
        wcapc_blob_free(b);
        return -1;
    }
    return 0;
}

const wcapc_nat_t *wcapc_blob_native(const wcapc_blob_t *b, uint32_t id)
{
    for (size_t i = 0; i < b->n_natives; i++)
        if (b->natives[i].id == id)
            return &b->natives[i];
    return NULL;
}

void wcapc_blob_free(wcapc_blob_t *b)
{
    free(b->exports);
    b->exports = NULL;
    b->n_exports = 0;
}

int wcapc_blob_verify(const uint8_t *data, size_t len, const uint8_t point[WCAP_PUBKEY_SIZE], char *err, size_t errcap)
{
    wcapc_blob_t b;
    if (wcapc_blob_parse(data, len, &b, err, errcap))
        return -1;
    uint8_t key_id[WCAP_KEY_ID_SIZE], digest[WCAP_SHA256_SIZE];
    int rc = -1;
    wcapc_key_id(point, key_id);
    if (memcmp(key_id, b.sig_block, WCAP_KEY_ID_SIZE)) {
        snprintf(err, errcap, "signed by another key (key id %02x%02x%02x%02x%02x%02x%02x%02x)", b.sig_block[0],
                 b.sig_block[1], b.sig_block[2], b.sig_block[3], b.sig_block[4], b.sig_block[5], b.sig_block[6],
                 b.sig_block[7]);
        goto out;
    }
    wcapc_sha256(data, WCAP_HEADER_SIZE + (size_t)b.manifest_len, digest);
    if (wcapc_sig_check(point, digest, b.sig_block + WCAP_KEY_ID_SIZE)) {
        snprintf(err, errcap, "bad signature over header and manifest");
        goto out;
    }
    wcapc_sha256(b.payload, b.payload_len, digest);
    if (memcmp(digest, b.m.payload_sha256, WCAP_SHA256_SIZE)) {
        snprintf(err, errcap, "payload digest mismatch (payload modified)");
        goto out;
    }
    rc = 0;
out:
    wcapc_blob_free(&b);
    return rc;
}
