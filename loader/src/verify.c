/*
 * Signature check: ECDSA P-256 over SHA-256(header || manifest), raw r||s,
 * the public key chosen by the (unsigned) key ID. Uses only mbedtls' ecp,
 * ecdsa and bignum modules (see loader/mbedtls_config_device.h).
 */
#include <string.h>

#include "ldr_priv.h"
#include "mbedtls/ecdsa.h"
#include "mbedtls/ecp.h"

static int verify_with(const uint8_t point[WCAP_PUBKEY_SIZE], const uint8_t hash[WCAP_SHA256_SIZE],
                       const uint8_t rs[64])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, s;
    int ret, code;

    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    code = WCAP_E_LDR_CRYPTO;
    if (mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1) != 0 || mbedtls_mpi_read_binary(&r, rs, 32) != 0 ||
        mbedtls_mpi_read_binary(&s, rs + 32, 32) != 0) {
        goto out;
    }
    code = WCAP_E_LDR_UNTRUSTED_KEY; /* a configured key that is not a P-256 point */
    if (mbedtls_ecp_point_read_binary(&grp, &q, point, WCAP_PUBKEY_SIZE) != 0 ||
        mbedtls_ecp_check_pubkey(&grp, &q) != 0) {
        goto out;
    }
    ret = mbedtls_ecdsa_verify(&grp, hash, WCAP_SHA256_SIZE, &q, &r, &s);
    if (ret == 0) {
        code = WCAP_OK;
    } else if (ret == MBEDTLS_ERR_ECP_VERIFY_FAILED || ret == MBEDTLS_ERR_ECP_BAD_INPUT_DATA) {
        code = WCAP_E_LDR_SIGNATURE;
    } else {
        code = WCAP_E_LDR_CRYPTO;
    }
out:
    mbedtls_mpi_free(&s);
    mbedtls_mpi_free(&r);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return code;
}

int wcap_ldr_verify_signature(const wcap_ldr_config_t *cfg, const uint8_t hash[WCAP_SHA256_SIZE],
                              const uint8_t sig[WCAP_SIG_BLOCK_SIZE])
{
    size_t i;
    int code = WCAP_E_LDR_UNTRUSTED_KEY;

    for (i = 0; i < cfg->n_keys; i++) {
        if (memcmp(cfg->keys[i].key_id, sig, WCAP_KEY_ID_SIZE) != 0) {
            continue;
        }
        code = verify_with(cfg->keys[i].point, hash, sig + WCAP_KEY_ID_SIZE);
        if (code == WCAP_OK) {
            return WCAP_OK;
        }
    }
    return code;
}
