/*
 * libcoap client for the wcap CLI: see coap_client.h and docs/coap.md.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <coap3/coap.h>

#include "coap_client.h"
#include "diag.h"
#include "progress.h"

static struct {
    int done, failed;
    int dtls_failed; /* the handshake failed or the server closed it before answering */
    int dtls_up;     /* the handshake completed */
    wcapc_coap_resp_t resp;
    size_t total; /* upload size, for the progress bar */
    size_t sent;  /* payload bytes in blocks sent so far */
    int progress; /* show the upload's progress */
    wcapc_progress_t pg;
} cl;

static const struct {
    const char *name;
    coap_pdu_code_t code;
} methods[] = {
    {"GET", COAP_REQUEST_CODE_GET},
    {"PUT", COAP_REQUEST_CODE_PUT},
    {"POST", COAP_REQUEST_CODE_POST},
    {"DELETE", COAP_REQUEST_CODE_DELETE},
};

/* "coap://HOST[:PORT]" or "coaps://HOST[:PORT]" -> address and *dtls; 0 or -1. */
static int parse_uri(const char *uri, coap_address_t *a, int *dtls)
{
    char host[256];
    const char *h, *colon;
    unsigned long port;
    struct addrinfo hints = {0}, *res = NULL;

    *dtls = strncmp(uri, "coaps://", 8) == 0;
    if (!*dtls && strncmp(uri, "coap://", 7) != 0)
        return -1;
    h = uri + (*dtls ? 8 : 7);
    port = *dtls ? COAPS_DEFAULT_PORT : COAP_DEFAULT_PORT;
    colon = strchr(h, ':');
    size_t n = colon ? (size_t)(colon - h) : strcspn(h, "/");
    if (n == 0 || n >= sizeof host)
        return -1;
    memcpy(host, h, n);
    host[n] = '\0';
    if (colon) {
        char *end;
        port = strtoul(colon + 1, &end, 10);
        if (end == colon + 1 || (*end != '\0' && *end != '/') || port == 0 || port > 65535)
            return -1;
    }
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
        return -1;
    coap_address_init(a);
    a->size = sizeof a->addr.sin;
    memcpy(&a->addr.sin, res->ai_addr, sizeof a->addr.sin);
    a->addr.sin.sin_port = htons((uint16_t)port);
    freeaddrinfo(res);
    return 0;
}

static void draw(void)
{
    if (cl.progress && cl.total != 0)
        wcapc_progress_show(&cl.pg, cl.sent);
}

/* Each block-wise request libcoap sends carries Block1: count its bytes. */
static void on_block(unsigned num, unsigned szx)
{
    size_t end = ((size_t)num + 1) << (szx + 4);
    if (end > cl.sent)
        cl.sent = end;
    draw();
}

static void on_sent(const coap_pdu_t *pdu)
{
    coap_block_t b;
    if (cl.total != 0 && coap_get_block(pdu, COAP_OPTION_BLOCK1, &b))
        on_block(b.num, b.szx);
}

/* libcoap sends the blocks of a large body itself and tells the application
 * only about the final answer; its PDU trace (debug log level, routed here
 * while a bar is drawn) names each block: "... Block1:N/M/SIZE ...". */
static void on_log(coap_log_t level, const char *msg)
{
    const char *b = strstr(msg, "Block1:");
    unsigned num, size;
    char more;
    (void)level;
    if (b && sscanf(b + 7, "%u/%c/%u", &num, &more, &size) == 3 && size >= 16 && size <= 1024) {
        unsigned szx = 0;
        while ((16u << szx) < size)
            szx++;
        on_block(num, szx);
    }
}

static coap_response_t on_response(coap_session_t *s, const coap_pdu_t *sent, const coap_pdu_t *rcvd,
                                   const coap_mid_t mid)
{
    const uint8_t *data;
    size_t len, off, total;
    (void)s;
    (void)mid;

    if (sent)
        on_sent(sent);
    coap_pdu_code_t c = coap_pdu_get_code(rcvd);
    if (c == COAP_RESPONSE_CODE(231))
        return COAP_RESPONSE_OK; /* Continue: libcoap sends the next block */
    cl.resp.code = (int)(c >> 5) * 100 + (int)(c & 0x1F);
    if (coap_get_data_large(rcvd, &len, &data, &off, &total) && (cl.resp.body = malloc(len + 1)) != NULL) {
        memcpy(cl.resp.body, data, len);
        cl.resp.body[len] = '\0';
        cl.resp.len = len;
    }
    cl.done = 1;
    return COAP_RESPONSE_OK;
}

static void on_nack(coap_session_t *s, const coap_pdu_t *sent, const coap_nack_reason_t reason, const coap_mid_t mid)
{
    (void)s;
    (void)sent;
    (void)mid;
    if (reason == COAP_NACK_TOO_MANY_RETRIES || reason == COAP_NACK_NOT_DELIVERABLE || reason == COAP_NACK_RST ||
        reason == COAP_NACK_ICMP_ISSUE) {
        cl.failed = 1;
        cl.done = 1;
    }
}

/* A DTLS session that ends before the answer: a refused handshake (unknown
 * identity or wrong key) or one the server dropped. */
static int on_event(coap_session_t *s, const coap_event_t ev)
{
    (void)s;
    if (ev == COAP_EVENT_DTLS_CONNECTED)
        cl.dtls_up = 1;
    if ((ev == COAP_EVENT_DTLS_ERROR || ev == COAP_EVENT_DTLS_CLOSED) && !cl.done) {
        cl.dtls_failed = 1;
        cl.done = 1;
    }
    return 0;
}

/* Uri-Path options from "a/b/c", then Uri-Query from "k=v&k2=v2". */
static int add_uri(coap_pdu_t *pdu, const char *path, const char *query)
{
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n > 0 && !coap_add_option(pdu, COAP_OPTION_URI_PATH, n, (const uint8_t *)p))
            return -1;
        p += n + (p[n] == '/');
    }
    for (const char *q = query; q && *q;) {
        size_t n = strcspn(q, "&");
        if (n > 0 && !coap_add_option(pdu, COAP_OPTION_URI_QUERY, n, (const uint8_t *)q))
            return -1;
        q += n + (q[n] == '&');
    }
    return 0;
}

/* wcapc_coap_quiet: failures to reach the device are returned, not printed. */
static int quiet;

void wcapc_coap_quiet(int on)
{
    quiet = on;
}

/* wcapc_fail, unless quiet. */
static int fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (quiet)
        return code;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wcapc_fail(code, "%s", msg);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int send_wait(coap_context_t *ctx, coap_session_t *ses, coap_pdu_code_t code, const char *path,
                     const char *query, const uint8_t *data, size_t len, int timeout_ms)
{
    uint8_t token[8];
    size_t tlen;
    coap_pdu_t *pdu = coap_pdu_init(COAP_MESSAGE_CON, code, coap_new_message_id(ses), coap_session_max_pdu_size(ses));

    if (pdu == NULL)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "cannot build the CoAP request");
    coap_session_new_token(ses, &tlen, token);
    if (!coap_add_token(pdu, tlen, token) || add_uri(pdu, path, query) != 0 ||
        (len > 0 && !coap_add_data_large_request(ses, pdu, len, data, NULL, NULL))) {
        coap_delete_pdu(pdu);
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "cannot build the CoAP request");
    }
    if (coap_send(ses, pdu) == COAP_INVALID_MID)
        return fail(WCAPC_EXIT_CONNECT, "cannot send the CoAP request");
    long long deadline = now_ms() + timeout_ms;
    while (!cl.done && now_ms() < deadline)
        coap_io_process(ctx, 50);
    if (cl.dtls_failed)
        return fail(WCAPC_EXIT_CONNECT, "DTLS handshake failed: the device does not know this identity, "
                                        "or the key differs (--identity, --psk-file)");
    if (cl.failed)
        return fail(WCAPC_EXIT_CONNECT, "the device does not answer CoAP (no acknowledgement%s)",
                    coap_session_get_proto(ses) == COAP_PROTO_DTLS ? "; over DTLS also: unknown identity or wrong key"
                                                                   : "");
    if (!cl.done && coap_session_get_proto(ses) == COAP_PROTO_DTLS && !cl.dtls_up)
        return fail(WCAPC_EXIT_CONNECT,
                    "DTLS handshake did not complete in %d ms: the device does not know "
                    "this identity, the key differs (--identity, --psk-file), or no "
                    "device answers",
                    timeout_ms);
    if (!cl.done)
        return fail(WCAPC_EXIT_TIMEOUT, "no CoAP answer in %d ms", timeout_ms);
    return WCAPC_EXIT_OK;
}

/* A DTLS session with the credential's pre-shared key. */
static coap_session_t *dtls_session(coap_context_t *ctx, const coap_address_t *dst, const wcapc_cred_t *cred)
{
    coap_dtls_cpsk_t cp;

    memset(&cp, 0, sizeof cp);
    cp.version = COAP_DTLS_CPSK_SETUP_VERSION;
    cp.psk_info.identity.s = (const uint8_t *)cred->identity;
    cp.psk_info.identity.length = strlen(cred->identity);
    cp.psk_info.key.s = cred->key;
    cp.psk_info.key.length = cred->key_len;
    return coap_new_client_session_psk2(ctx, NULL, dst, COAP_PROTO_DTLS, &cp);
}

int wcapc_coap_request(const char *uri, const wcapc_cred_t *cred, const char *method, const char *path,
                       const char *query, const uint8_t *data, size_t len, int timeout_ms, int progress,
                       wcapc_coap_resp_t *out)
{
    coap_address_t dst;
    coap_pdu_code_t code = 0;
    int rc, dtls = 0;

    memset(&cl, 0, sizeof cl);
    memset(out, 0, sizeof *out);
    cl.total = len;
    cl.progress = progress;
    wcapc_progress_init(&cl.pg, len);
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (!strcmp(methods[i].name, method))
            code = methods[i].code;
    if (code == 0 || parse_uri(uri, &dst, &dtls) != 0)
        return wcapc_fail(WCAPC_EXIT_USAGE, "--coap wants coap://HOST[:PORT] or coaps://HOST[:PORT], not '%s'", uri);
    if (dtls && !cred->identity[0])
        return wcapc_fail(WCAPC_EXIT_USAGE,
                          "%s is DTLS: give --identity ID --psk-file F (or WCAP_IDENTITY and "
                          "WCAP_PSK_FILE)",
                          uri);
    if (!dtls && cred->identity[0] && !quiet)
        wcapc_note("%s is plain CoAP: the credential of '%s' is not used (coaps:// uses it)", uri, cred->identity);
    coap_startup();
    coap_set_log_level(progress && len > 0 ? LOG_DEBUG : LOG_EMERG);
    coap_set_log_handler(on_log);
    coap_set_show_pdu_output(0);
    coap_context_t *ctx = coap_new_context(NULL);
    if (ctx == NULL)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "cannot create a CoAP context");
    coap_context_set_block_mode(ctx, COAP_BLOCK_USE_LIBCOAP | COAP_BLOCK_SINGLE_BODY);
    coap_register_response_handler(ctx, on_response);
    coap_register_nack_handler(ctx, on_nack);
    coap_register_event_handler(ctx, on_event);
    coap_session_t *ses =
        dtls ? dtls_session(ctx, &dst, cred) : coap_new_client_session(ctx, NULL, &dst, COAP_PROTO_UDP);
    if (ses == NULL)
        rc = fail(WCAPC_EXIT_CONNECT, "cannot open a CoAP%s session to %s", dtls ? " DTLS" : "", uri);
    else
        rc = send_wait(ctx, ses, code, path, query, data, len, timeout_ms);
    if (rc == WCAPC_EXIT_OK && progress && len > 0) {
        cl.sent = len;
        draw();
    }
    if (rc == WCAPC_EXIT_OK)
        *out = cl.resp;
    else
        free(cl.resp.body);
    if (ses)
        coap_session_release(ses);
    coap_free_context(ctx);
    coap_cleanup();
    return rc;
}

void wcapc_coap_resp_free(wcapc_coap_resp_t *r)
{
    free(r->body);
    memset(r, 0, sizeof *r);
}
