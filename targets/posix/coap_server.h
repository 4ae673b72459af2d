/*
 * wcapd's CoAP server (libcoap 4.3, GnuTLS build): the resources of
 * docs/coap.md on top of the device service, over plain UDP (`coap://`,
 * anonymous callers) and DTLS with pre-shared keys (`coaps://`, the clients of
 * --clients by their PSK identity). Block-wise transfers (RFC 7959) are done
 * by libcoap; a request body is handed over whole. Host C11.
 */
#ifndef WCAPD_COAP_SERVER_H
#define WCAPD_COAP_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/service.h"

#define WCAPD_COAP_MAX_BODY_DEFAULT (1024u * 1024u) /* bytes; larger uploads get 4.13 */

typedef struct {
    const char *spec;                  /* plain CoAP "udp:HOST:PORT" (PORT 0 picks a free port), or NULL */
    const char *dtls_spec;             /* CoAP over DTLS (PSK), the same form, or NULL */
    const wcap_auth_client_t *clients; /* PSK identities and keys for DTLS */
    size_t n_clients;
    size_t max_body;  /* largest accepted request body */
    uint32_t tick_ms; /* period of the `tick` export of running capsules, 0: none */
    uint32_t idle_s;  /* an idle client session (and its partial upload) is dropped after this */
} wcapd_coap_cfg_t;

/* Binds the endpoints and registers the resources. On success `desc` names
 * them ("udp:127.0.0.1:5683", "coaps=udp:127.0.0.1:5684", or both separated
 * by a blank). Returns 0 or -1 (message on stderr). */
int wcapd_coap_open(const wcapd_coap_cfg_t *cfg, wcap_dev_t *dev, char *desc, size_t desc_cap);

/* Serves requests (and ticks) forever; returns only on a fatal error (-1). */
int wcapd_coap_serve(void);

/* Handles what has arrived, waiting up to `wait_ms` for something
 * (COAP_IO_NO_WAIT: not at all); no ticks. Returns -1 on a fatal error. */
int wcapd_coap_step(uint32_t wait_ms);

/* Closes the endpoint and frees the CoAP context (and what libcoap holds of
 * partial bodies and sessions). wcapd itself never returns from serving; the
 * CoAP fuzz harness (tests/fuzz) opens a fresh server for every input. */
void wcapd_coap_close(void);

#endif /* WCAPD_COAP_SERVER_H */
