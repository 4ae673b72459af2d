/* Signed blobs from their parts: see sign.h. */
#include "sign.h"

#include <stdio.h>
#include <string.h>

#include "blob.h"
#include "keys.h"
#include "wcap/blob_format.h"

int wcapc_sign_assemble(const uint8_t *man, size_t man_len, const uint8_t *payload, size_t payload_len, const char *key,
                        wcapc_buf_t *out, char *err, size_t errcap)
{
    uint8_t hdr[WCAP_HEADER_SIZE], sig[WCAP_SIG_BLOCK_SIZE], digest[WCAP_SHA256_SIZE];
    wcap_wr32(hdr + WCAP_HDR_MAGIC, WCAP_MAGIC);
    hdr[WCAP_HDR_VERSION] = WCAP_FORMAT_VERSION;
    hdr[WCAP_HDR_SIZE] = WCAP_HEADER_SIZE;
    wcap_wr16(hdr + WCAP_HDR_MANIFEST_LEN, (uint16_t)man_len);
    wcap_wr32(hdr + WCAP_HDR_PAYLOAD_LEN, (uint32_t)payload_len);
    wcap_wr32(hdr + WCAP_HDR_RESERVED, 0);
    if (wcapc_buf_put(out, hdr, sizeof hdr) || wcapc_buf_put(out, man, man_len)) {
        snprintf(err, errcap, "out of memory");
        return WCAPC_SIGN_OOM;
    }
    wcapc_sha256(out->data, out->len, digest);
    if (wcapc_sign(key, digest, sig + WCAP_KEY_ID_SIZE, sig, err, errcap))
        return WCAPC_SIGN_KEY;
    if (wcapc_buf_put(out, sig, sizeof sig) || wcapc_buf_put(out, payload, payload_len)) {
        snprintf(err, errcap, "out of memory");
        return WCAPC_SIGN_OOM;
    }
    return 0;
}

int wcapc_sign_resign(const uint8_t *data, size_t len, uint32_t version, const char *key, wcapc_buf_t *out, char *err,
                      size_t errcap)
{
    wcapc_blob_t b;
    uint8_t man[WCAP_MANIFEST_MAX];
    size_t man_len, kept;
    if (wcapc_blob_parse(data, len, &b, err, errcap))
        return WCAPC_SIGN_BLOB;
    b.m.version = version;
    int rc = 0;
    if (wcapc_manifest_encode(&b.m, b.natives, b.n_natives, b.exports, b.n_exports, man, &man_len, &kept)) {
        snprintf(err, errcap, "the manifest does not fit in %u bytes", WCAP_MANIFEST_MAX);
        rc = WCAPC_SIGN_LIMIT;
    } else {
        rc = wcapc_sign_assemble(man, man_len, b.payload, b.payload_len, key, out, err, errcap);
    }
    wcapc_blob_free(&b);
    return rc;
}
