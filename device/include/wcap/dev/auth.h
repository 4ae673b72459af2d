/*
 * Who may manage a device (docs/device-protocol.md, "Authentication"): the
 * clients a device knows, their roles, and the message authentication code
 * that proves a serial request comes from one of them. Portable C99; the MAC
 * is HMAC-SHA256 from mbedtls (MBEDTLS_MD_C), shared by the device and the
 * host tool so both ends compute exactly the same bytes.
 *
 * Roles are ordered: a request needs a minimum role (wcap_auth_role_needed)
 * and a caller with that role or a higher one may make it.
 */
#ifndef WCAP_DEV_AUTH_H
#define WCAP_DEV_AUTH_H

#include <stddef.h>
#include <stdint.h>

#define WCAP_AUTH_ID_MAX 32u  /* identity: 1..32 printable characters, no blanks */
#define WCAP_AUTH_KEY_MIN 32u /* pre-shared key bytes (coap-client -k takes them as text) */
#define WCAP_AUTH_KEY_MAX 64u
#define WCAP_AUTH_NONCE_SIZE 16u
#define WCAP_AUTH_MAC_SIZE 16u     /* HMAC-SHA256 truncated to 128 bits (RFC 2104 section 5) */
#define WCAP_AUTH_TRAILER_SIZE 25u /* Request.auth as the last field: 7A 17 0D c c c c 12 10 mac[16] */

typedef enum {
    WCAP_ROLE_NONE = 0,   /* nobody: only AuthBegin and the replay cache */
    WCAP_ROLE_READER = 1, /* info, ls, describe (anonymous callers get this) */
    WCAP_ROLE_ADMIN = 2   /* everything: push, run, call, start, stop, rm, reboot */
} wcap_role_t;

/* One client the device knows. Tables are const (flash on a board). */
typedef struct {
    const char *identity; /* NUL-terminated, <= WCAP_AUTH_ID_MAX */
    uint8_t role;         /* wcap_role_t */
    uint8_t key_len;      /* WCAP_AUTH_KEY_MIN..WCAP_AUTH_KEY_MAX */
    const uint8_t *key;
} wcap_auth_client_t;

/* Who is making the request being executed. */
typedef struct {
    uint8_t role;         /* wcap_role_t */
    const char *identity; /* NULL: anonymous (for the device's log only) */
} wcap_auth_caller_t;

/* "reader", "admin" -> role; -1 for anything else. */
int wcap_auth_role_parse(const char *name);
const char *wcap_auth_role_name(int role);

/* Index of `identity` (length `len`, not necessarily NUL-terminated) in
 * `clients`, or -1. Compares every entry in full (no early exit on a match). */
int wcap_auth_find(const wcap_auth_client_t *clients, size_t n, const char *identity, size_t len);

/* The MAC of one authenticated request:
 *   HMAC-SHA256(key, "wcap-auth-1" || nonce[16] || counter u32 LE || msg[len])
 * truncated to WCAP_AUTH_MAC_SIZE bytes, where msg is the encoded Request
 * without its trailer. len <= 256. Returns 0, or -1 if mbedtls fails (out of
 * its memory pool) or len is too large. */
int wcap_auth_mac(const uint8_t *key, size_t key_len, const uint8_t nonce[WCAP_AUTH_NONCE_SIZE], uint32_t counter,
                  const uint8_t *msg, size_t len, uint8_t mac[WCAP_AUTH_MAC_SIZE]);

/* Writes the 25-byte trailer (Request.auth, field 15) for `counter` and `mac`. */
void wcap_auth_trailer_write(uint8_t out[WCAP_AUTH_TRAILER_SIZE], uint32_t counter,
                             const uint8_t mac[WCAP_AUTH_MAC_SIZE]);

/* Reads the trailer at the end of `payload`. Returns 0 and the counter and
 * MAC when the last 25 bytes are exactly a trailer; -1 otherwise. */
int wcap_auth_trailer_read(const uint8_t *payload, size_t len, uint32_t *counter, const uint8_t **mac);

/* 1 if the two MACs are equal, in constant time (mbedtls_ct_memcmp). */
int wcap_auth_mac_equal(const uint8_t *a, const uint8_t *b);

#endif /* WCAP_DEV_AUTH_H */
