/*
 * A compact CoAP server (RFC 7252, block-wise RFC 7959) over the device
 * service: the resources, codes and text answers of every wcap CoAP endpoint
 * (docs/coap.md). The boards (targets/common/net/) hand it whole datagrams
 * (wcap_coap_srv_handle: one in, at most one out); wcapd, whose libcoap does
 * the messaging and reassembles block-wise bodies, hands it whole requests
 * (wcap_coap_srv_route), so both answer with the same code and the same text.
 * Portable C99, no malloc, every buffer in the caller-owned context; it knows
 * nothing about sockets, IP or DTLS (the caller passes a peer id and sets the
 * caller's role with wcap_dev_set_caller before each request).
 *
 * Block1 uploads are streamed straight into the device service as they
 * arrive (UploadBegin at block 0, UploadChunk per 200 bytes, UploadEnd at the
 * last block): the body is never held twice. Block n must follow block n-1;
 * a repeated last block is answered 2.31 again without being fed twice;
 * anything else is 4.08. The total (Size1, or the payload of a one-block
 * request) is checked against max_body at block 0 (4.13). A partial upload
 * silent for upload_timeout_ms is dropped (wcap_coap_srv_poll); installed
 * capsules are untouched until the last block arrived and verified.
 */
#ifndef WCAP_DEV_COAP_SRV_H
#define WCAP_DEV_COAP_SRV_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/blob_format.h"
#include "wcap/dev/service.h"

#define WCAP_COAP_PORT 5683u
#define WCAP_COAP_DATAGRAM_MAX 1152u /* largest request or answer: 1024-byte block + header and options */
#define WCAP_COAP_TEXT_MAX 2048u     /* text answer kept for Block2 (cut with "..." beyond) */
#define WCAP_COAP_SEG_MAX 48u        /* longest Uri-Path segment or query, NUL included */
#define WCAP_COAP_SEGS 4u

/* One parsed request (exposed for the fuzz harness and tests). */
typedef struct {
    uint8_t type, code, tkl;
    uint16_t mid;
    uint8_t token[8];
    uint8_t n_path;
    uint8_t path_bad; /* a segment too long, too many, or with a NUL: no such resource */
    char path[WCAP_COAP_SEGS][WCAP_COAP_SEG_MAX];
    char query[WCAP_COAP_SEG_MAX];
    uint8_t has_block1, has_block2, has_size1, bad_option;
    uint32_t block1, block2, size1;
    const uint8_t *payload;
    size_t payload_len;
} wcap_coap_req_t;

/* The CoAP response code (e.g. 404) of a device error code, as every CoAP
 * server of wcap answers it (the boards' and wcapd's); 400 for the rest. */
int wcap_coap_code(int err);

/* "empty", "ready", "running", "stopped" for a wcap_CapsuleState ("?" else). */
const char *wcap_coap_state_name(int state);

/* Parses a datagram; WCAP_OK or WCAP_E_NET_COAP_MSG (not CoAP: no answer),
 * or WCAP_E_NET_COAP_OPTION (an unknown critical option: 4.02). */
int wcap_coap_parse(const uint8_t *buf, size_t len, wcap_coap_req_t *req);

/* Adds a Uri-Path (11) or Uri-Query (15) option's value to a request built by
 * hand (wcapd, from libcoap's parse); other options are ignored. A segment
 * too long or holding a NUL, or one too many, marks the path bad (4.04). */
void wcap_coap_req_add(wcap_coap_req_t *req, unsigned option, const uint8_t *value, size_t len);

typedef struct {
    wcap_dev_t *dev;
    uint32_t max_body;          /* largest body accepted (4.13 above) */
    uint32_t upload_timeout_ms; /* a partial upload silent this long is dropped */
    uint16_t next_mid;          /* message IDs of NON answers */
    /* The last answer, resent for a retransmitted request (same peer, MID and token). */
    uint32_t last_peer;
    uint16_t last_mid, last_len;
    uint8_t has_last, last_tkl;
    uint8_t last_token[8];
    uint8_t last[WCAP_COAP_DATAGRAM_MAX];
    /* The block-wise upload in progress. */
    struct {
        uint8_t active, install, existed, szx;
        uint32_t peer, next, total, received;
        uint64_t last_ms;
        char name[WCAP_NAME_MAX + 1];
        char export_name[WCAP_COAP_SEG_MAX];
    } up;
    /* The last text answer, for Block2 follow-ups from the same peer: in
     * text_buf, which is `text` unless wcap_coap_srv_set_text gave another. */
    uint32_t text_peer;
    uint16_t text_len, text_cap;
    uint8_t text_valid, text_mid_line;
    char *text_buf;
    char text[WCAP_COAP_TEXT_MAX];
    /* Device notices during a request (NULL: dropped; they are the device
     * log's, not the caller's). */
    void (*notice)(void *user, int code, const uint8_t *text, size_t len);
    void *notice_user;
    uint32_t n_dropped; /* partial uploads dropped after the timeout */
} wcap_coap_srv_t;

void wcap_coap_srv_init(wcap_coap_srv_t *s, wcap_dev_t *dev, uint32_t max_body, uint32_t upload_timeout_ms);

/* Answers' text in `buf` (16..65535 bytes, owned by the caller and kept for
 * the server's life) instead of the WCAP_COAP_TEXT_MAX bytes inside `s`. */
void wcap_coap_srv_set_text(wcap_coap_srv_t *s, char *buf, size_t cap);

/* Where device notices go (NULL: dropped). */
void wcap_coap_srv_set_notice(wcap_coap_srv_t *s, void (*fn)(void *user, int code, const uint8_t *text, size_t len),
                              void *user);

/* Routes one whole request (no Block1: the body complete in req->payload) and
 * returns the CoAP response code (e.g. 205, 404); the answer's text is
 * s->text_buf[0 .. s->text_len). For a server that does its own messaging. */
int wcap_coap_srv_route(wcap_coap_srv_t *s, uint32_t peer, const wcap_coap_req_t *req, uint64_t now_ms);

/* The same for a request refused before routing (e.g. a body its transport
 * could not reassemble): "error: MESSAGE (code -0xNNN)" and its code. */
int wcap_coap_srv_refuse(wcap_coap_srv_t *s, int err);

/* Handles one datagram from `peer` (any id unique per client address and
 * port). Writes the answer to `out` and returns its length, 0 for no answer. */
size_t wcap_coap_srv_handle(wcap_coap_srv_t *s, uint32_t peer, const uint8_t *in, size_t in_len, uint8_t *out,
                            size_t out_cap, uint64_t now_ms);

/* Drops a partial upload silent for too long. Returns 1 when it dropped one. */
int wcap_coap_srv_poll(wcap_coap_srv_t *s, uint64_t now_ms);

#endif /* WCAP_DEV_COAP_SRV_H */
