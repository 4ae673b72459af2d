/*
 * Signing keys (mbedtls 2.28): P-256 key pairs, ECDSA signatures over
 * SHA-256 as raw r||s, key IDs. Host C11.
 */
#ifndef WCAPC_KEYS_H
#define WCAPC_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/blob_format.h"

/* Generates a P-256 pair; writes PEM texts (NUL-terminated) into the buffers. */
int wcapc_keygen_pem(char *priv_pem, size_t priv_cap, char *pub_pem, size_t pub_cap, char *err, size_t errcap);

/* Signs digest (SHA-256) with the private key in PEM file `key_path`: sig = r||s
 * (32+32, big-endian), key_id = first 8 bytes of SHA-256(uncompressed point).
 * Returns 0, or -1 with a reason in err. */
int wcapc_sign(const char *key_path, const uint8_t digest[WCAP_SHA256_SIZE], uint8_t sig[64],
               uint8_t key_id[WCAP_KEY_ID_SIZE], char *err, size_t errcap);

/* Loads a public key (PEM or DER file; a private key file is accepted too) as
 * its uncompressed point. Returns 0, or -1 with a reason in err. */
int wcapc_load_pub(const char *path, uint8_t point[WCAP_PUBKEY_SIZE], char *err, size_t errcap);

/* key_id of an uncompressed point. */
void wcapc_key_id(const uint8_t point[WCAP_PUBKEY_SIZE], uint8_t key_id[WCAP_KEY_ID_SIZE]);

/* Checks sig (r||s) over digest against the point. Returns 0 when valid. */
int wcapc_sig_check(const uint8_t point[WCAP_PUBKEY_SIZE], const uint8_t digest[WCAP_SHA256_SIZE],
                    const uint8_t sig[64]);

void wcapc_sha256(const void *data, size_t len, uint8_t out[WCAP_SHA256_SIZE]);

#endif /* WCAPC_KEYS_H */
