/*
 * The host side of CoAP (docs/coap.md): `wcap push/run/ls/rm/call/start/stop
 * --coap coap://HOST[:PORT]`. One request per call over libcoap (UDP), with
 * block-wise transfer (RFC 7959) done by libcoap in both directions. Host C11.
 */
#ifndef WCAPC_COAP_CLIENT_H
#define WCAPC_COAP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"

typedef struct {
    int code;   /* class*100 + detail, e.g. 205, 409; 0 when none came */
    char *body; /* NUL-terminated (malloc'd, may be NULL) */
    size_t len;
} wcapc_coap_resp_t;

/* Sends one request (method "GET"/"PUT"/"POST"/"DELETE") to `uri`
 * ("coap://HOST[:PORT]", or "coaps://HOST[:PORT]": DTLS with the pre-shared
 * key of `cred`, which must then have an identity) + `path` (e.g. "capsules/svc"), optional `query`,
 * with payload `data` (block-wise when larger than one datagram; `progress`
 * draws a bar on stderr), and waits up to `timeout_ms` for the answer.
 * Returns WCAPC_EXIT_OK (the answer is in *out, free with
 * wcapc_coap_resp_free), WCAPC_EXIT_USAGE (bad URI), WCAPC_EXIT_CONNECT or
 * WCAPC_EXIT_TIMEOUT (message printed). */
int wcapc_coap_request(const char *uri, const wcapc_cred_t *cred, const char *method, const char *path,
                       const char *query, const uint8_t *data, size_t len, int timeout_ms, int progress,
                       wcapc_coap_resp_t *out);
void wcapc_coap_resp_free(wcapc_coap_resp_t *r);

/* Quiet (1): a device that cannot be reached (WCAPC_EXIT_CONNECT,
 * WCAPC_EXIT_TIMEOUT) is returned without a message, for a caller that tries
 * again (wcap monitor); 0 (the default) prints it. */
void wcapc_coap_quiet(int on);

#endif /* WCAPC_COAP_CLIENT_H */
