/* PEM public keys for host tools (see host_keys.h). */
#include "host_keys.h"

#include <stdio.h>
#include <string.h>

#include "mbedtls/ecp.h"
#include "mbedtls/pk.h"
#include "mbedtls/sha256.h"

void wcap_host_key_id(const uint8_t point[WCAP_PUBKEY_SIZE], uint8_t id[WCAP_KEY_ID_SIZE])
{
    uint8_t h[32];
    mbedtls_sha256_ret(point, WCAP_PUBKEY_SIZE, h, 0);
    memcpy(id, h, WCAP_KEY_ID_SIZE);
}

int wcap_host_load_pub(const char *path, wcap_trusted_key_t *key, char *err, size_t errcap)
{
    mbedtls_pk_context pk;
    size_t olen = 0;
    int ret;

    mbedtls_pk_init(&pk);
    ret = mbedtls_pk_parse_public_keyfile(&pk, path);
    if (ret != 0) {
        snprintf(err, errcap, "%s: not a PEM/DER public key (mbedtls -0x%04x)", path, (unsigned)-ret);
        mbedtls_pk_free(&pk);
        return -1;
    }
    if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY || mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
        snprintf(err, errcap, "%s: not a P-256 public key", path);
        mbedtls_pk_free(&pk);
        return -1;
    }
    ret = mbedtls_ecp_point_write_binary(&mbedtls_pk_ec(pk)->grp, &mbedtls_pk_ec(pk)->Q, MBEDTLS_ECP_PF_UNCOMPRESSED,
                                         &olen, key->point, sizeof key->point);
    mbedtls_pk_free(&pk);
    if (ret != 0 || olen != WCAP_PUBKEY_SIZE) {
        snprintf(err, errcap, "%s: cannot export the public point", path);
        return -1;
    }
    wcap_host_key_id(key->point, key->key_id);
    return 0;
}
