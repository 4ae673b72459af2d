/* Trusted signing keys for wcapd: PEM/DER public key -> uncompressed point and
 * key ID (first 8 bytes of SHA-256 of the point, docs/blob-format.md). */
#include <stdio.h>
#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>

#include "wcapd.h"

int wcapd_key_load(const char *path, wcap_trusted_key_t *k)
{
    mbedtls_pk_context pk;
    size_t olen = 0;
    uint8_t digest[32];
    int rc = -1;

    mbedtls_pk_init(&pk);
    if (mbedtls_pk_parse_public_keyfile(&pk, path) != 0) {
        fprintf(stderr, "wcapd: error: cannot read public key %s\n", path);
        goto out;
    }
    if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY || mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
        fprintf(stderr, "wcapd: error: %s is not a P-256 public key\n", path);
        goto out;
    }
    if (mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q, MBEDTLS_ECP_PF_UNCOMPRESSED,
                                       &olen, k->point, sizeof k->point) != 0 ||
        olen != WCAP_PUBKEY_SIZE) {
        fprintf(stderr, "wcapd: error: cannot encode public key %s\n", path);
        goto out;
    }
    if (mbedtls_sha256_ret(k->point, WCAP_PUBKEY_SIZE, digest, 0) != 0)
        goto out;
    memcpy(k->key_id, digest, WCAP_KEY_ID_SIZE);
    rc = 0;
out:
    mbedtls_pk_free(&pk);
    return rc;
}
