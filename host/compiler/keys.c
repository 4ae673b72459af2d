/*
 * P-256 keys and ECDSA with mbedtls 2.28.
 */
#include "keys.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>

typedef struct {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
} rng_t;

static int rng_init(rng_t *g)
{
    static const char pers[] = "wcap keys";
    mbedtls_entropy_init(&g->entropy);
    mbedtls_ctr_drbg_init(&g->drbg);
    return mbedtls_ctr_drbg_seed(&g->drbg, mbedtls_entropy_func, &g->entropy, (const unsigned char *)pers,
                                 sizeof pers - 1);
}

static void rng_free(rng_t *g)
{
    mbedtls_ctr_drbg_free(&g->drbg);
    mbedtls_entropy_free(&g->entropy);
}

static int tls_fail(char *err, size_t cap, const char *what, int rc)
{
    char msg[128];
    mbedtls_strerror(rc, msg, sizeof msg);
    snprintf(err, cap, "%s: %s", what, msg);
    return -1;
}

void wcapc_sha256(const void *data, size_t len, uint8_t out[WCAP_SHA256_SIZE])
{
    mbedtls_sha256_ret(data, len, out, 0);
}

void wcapc_key_id(const uint8_t point[WCAP_PUBKEY_SIZE], uint8_t key_id[WCAP_KEY_ID_SIZE])
{
    uint8_t h[WCAP_SHA256_SIZE];
    wcapc_sha256(point, WCAP_PUBKEY_SIZE, h);
    memcpy(key_id, h, WCAP_KEY_ID_SIZE);
}

int wcapc_keygen_pem(char *priv_pem, size_t priv_cap, char *pub_pem, size_t pub_cap, char *err, size_t errcap)
{
    rng_t g;
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    int rc = rng_init(&g);
    if (rc) {
        rc = tls_fail(err, errcap, "random generator", rc);
        goto out;
    }
    rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
    if (!rc)
        rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk), mbedtls_ctr_drbg_random, &g.drbg);
    if (rc) {
        rc = tls_fail(err, errcap, "key generation", rc);
        goto out;
    }
    rc = mbedtls_pk_write_key_pem(&pk, (unsigned char *)priv_pem, priv_cap);
    if (!rc)
        rc = mbedtls_pk_write_pubkey_pem(&pk, (unsigned char *)pub_pem, pub_cap);
    if (rc)
        rc = tls_fail(err, errcap, "PEM encoding", rc);
out:
    mbedtls_pk_free(&pk);
    rng_free(&g);
    return rc ? -1 : 0;
}

/* The P-256 key pair inside pk, or NULL (with err) if pk holds anything else. */
static mbedtls_ecp_keypair *p256(mbedtls_pk_context *pk, const char *path, char *err, size_t cap)
{
    if (mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECKEY && mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECDSA) {
        snprintf(err, cap, "%s: not an EC key (wcap signs with ECDSA P-256)", path);
        return NULL;
    }
    mbedtls_ecp_keypair *ec = mbedtls_pk_ec(*pk);
    if (ec->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
        snprintf(err, cap, "%s: EC key is not on curve P-256", path);
        return NULL;
    }
    return ec;
}

static int write_point(mbedtls_ecp_keypair *ec, uint8_t point[WCAP_PUBKEY_SIZE])
{
    size_t olen = 0;
    int rc =
        mbedtls_ecp_point_write_binary(&ec->grp, &ec->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &olen, point, WCAP_PUBKEY_SIZE);
    return (rc || olen != WCAP_PUBKEY_SIZE) ? -1 : 0;
}

int wcapc_sign(const char *key_path, const uint8_t digest[WCAP_SHA256_SIZE], uint8_t sig[64],
               uint8_t key_id[WCAP_KEY_ID_SIZE], char *err, size_t errcap)
{
    rng_t g;
    mbedtls_pk_context pk;
    mbedtls_mpi r, s;
    uint8_t point[WCAP_PUBKEY_SIZE];
    mbedtls_pk_init(&pk);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    int rc = rng_init(&g);
    if (rc) {
        rc = tls_fail(err, errcap, "random generator", rc);
        goto out;
    }
    rc = mbedtls_pk_parse_keyfile(&pk, key_path, NULL);
    if (rc && mbedtls_pk_parse_public_keyfile(&pk, key_path) == 0) {
        snprintf(err, errcap,
                 "%s is a public key: --key takes the private key (the .key file next to it, from "
                 "wcap keygen); devices trust the .pub",
                 key_path);
        rc = -1;
        goto out;
    }
    if (rc) {
        char what[512];
        snprintf(what, sizeof what, "cannot load private key %s", key_path);
        rc = tls_fail(err, errcap, what, rc);
        goto out;
    }
    mbedtls_ecp_keypair *ec = p256(&pk, key_path, err, errcap);
    if (!ec) {
        rc = -1;
        goto out;
    }
    /* Deterministic ECDSA (RFC 6979): the same capsule and key give the same blob,
     * byte for byte; the random generator only blinds the computation. */
    rc = mbedtls_ecdsa_sign_det_ext(&ec->grp, &r, &s, &ec->d, digest, WCAP_SHA256_SIZE, MBEDTLS_MD_SHA256,
                                    mbedtls_ctr_drbg_random, &g.drbg);
    if (!rc)
        rc = mbedtls_mpi_write_binary(&r, sig, 32);
    if (!rc)
        rc = mbedtls_mpi_write_binary(&s, sig + 32, 32);
    if (rc) {
        rc = tls_fail(err, errcap, "ECDSA signing", rc);
        goto out;
    }
    if (write_point(ec, point)) {
        snprintf(err, errcap, "%s: cannot encode the public point", key_path);
        rc = -1;
        goto out;
    }
    wcapc_key_id(point, key_id);
out:
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    mbedtls_pk_free(&pk);
    rng_free(&g);
    return rc ? -1 : 0;
}

int wcapc_load_pub(const char *path, uint8_t point[WCAP_PUBKEY_SIZE], char *err, size_t errcap)
{
    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    int rc = mbedtls_pk_parse_public_keyfile(&pk, path);
    if (rc) {
        mbedtls_pk_free(&pk);
        mbedtls_pk_init(&pk);
        if (mbedtls_pk_parse_keyfile(&pk, path, NULL) == 0)
            rc = 0;
    }
    if (rc) {
        char what[512];
        snprintf(what, sizeof what, "cannot load public key %s", path);
        tls_fail(err, errcap, what, rc);
        mbedtls_pk_free(&pk);
        return -1;
    }
    mbedtls_ecp_keypair *ec = p256(&pk, path, err, errcap);
    rc = ec ? write_point(ec, point) : -1;
    if (ec && rc)
        snprintf(err, errcap, "%s: cannot encode the public point", path);
    mbedtls_pk_free(&pk);
    return rc;
}

int wcapc_sig_check(const uint8_t point[WCAP_PUBKEY_SIZE], const uint8_t digest[WCAP_SHA256_SIZE],
                    const uint8_t sig[64])
{
    mbedtls_ecp_group grp;
    mbedtls_ecp_point q;
    mbedtls_mpi r, s;
    mbedtls_ecp_group_init(&grp);
    mbedtls_ecp_point_init(&q);
    mbedtls_mpi_init(&r);
    mbedtls_mpi_init(&s);
    int rc = mbedtls_ecp_group_load(&grp, MBEDTLS_ECP_DP_SECP256R1);
    if (!rc)
        rc = mbedtls_ecp_point_read_binary(&grp, &q, point, WCAP_PUBKEY_SIZE);
    if (!rc)
        rc = mbedtls_ecp_check_pubkey(&grp, &q);
    if (!rc)
        rc = mbedtls_mpi_read_binary(&r, sig, 32);
    if (!rc)
        rc = mbedtls_mpi_read_binary(&s, sig + 32, 32);
    if (!rc)
        rc = mbedtls_ecdsa_verify(&grp, digest, WCAP_SHA256_SIZE, &q, &r, &s);
    mbedtls_mpi_free(&r);
    mbedtls_mpi_free(&s);
    mbedtls_ecp_point_free(&q);
    mbedtls_ecp_group_free(&grp);
    return rc ? -1 : 0;
}
