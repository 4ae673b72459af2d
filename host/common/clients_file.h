/*
 * The clients file (docs/device-protocol.md, "Authentication"): who may
 * manage a device. One client per line, `IDENTITY ROLE KEY`, fields separated
 * by blanks; `#` starts a comment; blank lines are ignored.
 *   IDENTITY  1..32 printable characters without blanks, unique in the file
 *   ROLE      reader | admin
 *   KEY       the pre-shared key exactly as `coap-client -k KEY` takes it: its
 *             characters are the key's bytes (32..64 of them; `wcap
 *             client-key` writes 32 hex digits)
 * Read by wcapd --clients and by wcap-clients2c (the boards' build). Host C11.
 */
#ifndef WCAP_CLIENTS_FILE_H
#define WCAP_CLIENTS_FILE_H

#include <stddef.h>

#include "wcap/dev/auth.h"

#define WCAP_CLIENTS_MAX 16

typedef struct {
    char ids[WCAP_CLIENTS_MAX][WCAP_AUTH_ID_MAX + 1];
    unsigned char keys[WCAP_CLIENTS_MAX][WCAP_AUTH_KEY_MAX];
    wcap_auth_client_t list[WCAP_CLIENTS_MAX]; /* points into ids/keys */
    size_t n;
} wcap_clients_t;

/* Reads `path` into *c. Returns 0, or -1 after printing "PROG: PATH:LINE: why"
 * on stderr (unreadable file, bad field, short key, duplicate identity, too
 * many clients, no client at all). Secrets never appear in a message. */
int wcap_clients_load(const char *prog, const char *path, wcap_clients_t *c);

/* 1 if `id` is a valid identity, `key` (length n) a valid key. */
int wcap_clients_id_ok(const char *id);
int wcap_clients_key_ok(const char *key, size_t n);

#endif /* WCAP_CLIENTS_FILE_H */
