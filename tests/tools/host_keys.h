/* Host-side helpers shared by wcap-exec and the loader tests: PEM public key
 * -> trusted key (65-byte point + key ID). C11, mbedtls pk. */
#ifndef WCAP_HOST_KEYS_H
#define WCAP_HOST_KEYS_H

#include "wcap/loader.h"

/* Returns 0, or -1 with a message in err. */
int wcap_host_load_pub(const char *path, wcap_trusted_key_t *key, char *err, size_t errcap);
/* key_id = first 8 bytes of SHA-256(point). */
void wcap_host_key_id(const uint8_t point[WCAP_PUBKEY_SIZE], uint8_t id[WCAP_KEY_ID_SIZE]);

#endif
