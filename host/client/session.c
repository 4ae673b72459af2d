/*
 * Request/response sessions with a device: sequence numbers, resend on
 * timeout, device events printed as they arrive, and the common options of
 * the device commands.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include <pb_decode.h>
#include <pb_encode.h>

#include "client.h"
#include "link.h"
#include "wcap/errors.h"
#include "diag.h"

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* AuthBegin: the device's nonce for this connection's MACs. */
static int authenticate(wcapc_sess_t *s)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc;

    rq.which_body = wcap_Request_auth_begin_tag;
    memcpy(rq.body.auth_begin.identity, s->cred->identity, sizeof rq.body.auth_begin.identity);
    if ((rc = wcapc_sess_call(s, &rq, &rs, 0)) != WCAPC_EXIT_OK)
        return rc;
    if (rs.code != 0) {
        fprintf(stderr, "wcap: error: device refused identity '%s': %s (code -0x%x)\n", s->cred->identity, rs.message,
                (unsigned)-rs.code);
        return WCAPC_EXIT_DEVICE;
    }
    if (rs.which_body != wcap_Response_challenge_tag)
        return wcapc_fail(WCAPC_EXIT_PROTOCOL, "the device answered AuthBegin without a challenge");
    memcpy(s->nonce, rs.body.challenge.nonce, sizeof s->nonce);
    s->authed = 1;
    return WCAPC_EXIT_OK;
}

int wcapc_sess_open(wcapc_sess_t *s, const wcapc_dev_opts_t *o)
{
    int rc;
    uint32_t seed = 0;

    memset(s, 0, sizeof *s);
    s->json = o->json;
    s->timeout_ms = o->timeout_ms;
    s->retries = 5;
    wcap_frame_rx_init(&s->rx);
    /* A random first seq: a reconnecting host never collides with the
     * device's replay cache of an earlier connection. */
    if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
        seed = (uint32_t)time(NULL);
    s->seq = (seed & 0x7FFFFFFFu) | 1u;
    if ((rc = wcapc_port_open(&s->port, o->port, o->timeout_ms)) != WCAPC_EXIT_OK)
        return rc;
    /* A lone delimiter ends whatever half frame the device may hold. */
    static const uint8_t flush = 0;
    if (wcapc_port_write(&s->port, &flush, 1) != 0)
        return wcapc_fail(WCAPC_EXIT_CONNECT, "cannot write to %s", o->port);
    s->cred = &o->cred;
    return o->cred.identity[0] ? authenticate(s) : WCAPC_EXIT_OK;
}

void wcapc_sess_close(wcapc_sess_t *s)
{
    if (s->mid_line && !s->json) {
        putchar('\n');
        s->mid_line = 0;
    }
    free(s->out);
    s->out = NULL;
    s->out_len = s->out_cap = 0;
    fflush(stdout);
    wcapc_port_close(&s->port);
}

int wcapc_device_error(const wcap_Response *r)
{
    const char *msg = r->message[0] ? r->message : "error";
    wcapc_device_refusal_keep(msg);
    fprintf(stderr, "wcap: error: device: %s (code -0x%x)\n", msg, (unsigned)-r->code);
    return WCAPC_EXIT_DEVICE;
}

static void print_event(wcapc_sess_t *s, const wcap_Response *r)
{
    const wcap_Event *e = &r->body.event;

    s->events++;
    if (!s->label && e->kind != wcap_EventKind_EVENT_DEVICE && e->capsule[0] != '\0' &&
        (s->want == NULL || strcmp(e->capsule, s->want) != 0))
        return; /* another capsule's output (its tick): wcap monitor shows it */
    if (e->kind == wcap_EventKind_EVENT_DEVICE) {
        fprintf(stderr, "wcap: device: %s (code -0x%x)\n", r->message, (unsigned)-r->code);
        return;
    }
    if (s->mid_line && (int)e->kind != s->last_kind)
        putchar('\n'); /* reply bytes and log lines never share a line */
    s->last_kind = (int)e->kind;
    if (s->json) { /* kept for the JSON answer (one line per log line) */
        size_t need = s->out_len + e->data.size + 2;
        if (need > s->out_cap) {
            size_t cap = need < 4096 ? 4096 : need * 2;
            char *p = realloc(s->out, cap);
            if (p == NULL)
                return; /* out of memory: the output is dropped, the call goes on */
            s->out = p;
            s->out_cap = cap;
        }
        memcpy(s->out + s->out_len, e->data.bytes, e->data.size);
        s->out_len += e->data.size;
        if (e->kind == wcap_EventKind_EVENT_LOG) {
            s->mid_line = !e->eol;
            if (e->eol)
                s->out[s->out_len++] = '\n';
        } else if (e->data.size > 0) {
            s->mid_line = e->data.bytes[e->data.size - 1] != '\n';
        }
        return;
    }
    if (s->label && !s->mid_line)
        printf("[%s] ", e->capsule[0] ? e->capsule : "device");
    fwrite(e->data.bytes, 1, e->data.size, stdout);
    if (e->kind == wcap_EventKind_EVENT_LOG) {
        s->mid_line = !e->eol;
        if (e->eol)
            putchar('\n');
    } else if (e->data.size > 0) {
        s->mid_line = e->data.bytes[e->data.size - 1] != '\n';
    }
    fflush(stdout);
}

static int send_request(wcapc_sess_t *s, const wcap_Request *rq)
{
    uint8_t raw[WCAP_FRAME_RAW_MAX], wire[WCAP_FRAME_WIRE_MAX];
    pb_ostream_t os = pb_ostream_from_buffer(raw, WCAP_FRAME_PAYLOAD_MAX);

    if (!pb_encode(&os, wcap_Request_fields, rq))
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "cannot encode request: %s", PB_GET_ERROR(&os));
    size_t len = os.bytes_written;
    if (s->authed) { /* the MAC trailer (docs/device-protocol.md, "Authentication") */
        uint8_t mac[WCAP_AUTH_MAC_SIZE];
        if (len + WCAP_AUTH_TRAILER_SIZE > WCAP_FRAME_PAYLOAD_MAX ||
            wcap_auth_mac(s->cred->key, s->cred->key_len, s->nonce, s->counter, raw, len, mac) != 0)
            return wcapc_fail(WCAPC_EXIT_INTERNAL, "cannot authenticate the request");
        wcap_auth_trailer_write(raw + len, s->counter, mac);
        len += WCAP_AUTH_TRAILER_SIZE;
    }
    size_t n = wcap_frame_encode(raw, len, wire, sizeof wire);
    if (n == 0 || s->port.fd < 0 || wcapc_port_write(&s->port, wire, n) != 0)
        return s->quiet_lost ? WCAPC_EXIT_CONNECT
                             : wcapc_fail(WCAPC_EXIT_CONNECT, "connection to %s lost", s->port.spec);
    return WCAPC_EXIT_OK;
}

#define WCAPC_LISTEN_SEQ 0xFFFFFFFFu /* no request has it: listening for events only */

/* Waits for the response to `seq`; returns 1 got it, 0 timeout, 2 the device
 * dropped a damaged frame (resend now), or an exit code < 0 negated.
 * During a wait longer than the session's timeout, every timeout of silence
 * sends a lone delimiter: if line noise damaged our frame's own delimiter,
 * the device holds a half frame and would never answer; the delimiter ends
 * it, the device reports the damage and we resend at once. A device that is
 * simply busy ignores it (an empty frame). */
static int wait_response(wcapc_sess_t *s, uint32_t seq, wcap_Response *out, int wait_ms)
{
    long deadline = now_ms() + wait_ms;
    long nudge = wait_ms > s->timeout_ms && seq != WCAPC_LISTEN_SEQ ? now_ms() + s->timeout_ms : deadline;
    uint8_t buf[256];

    for (;;) {
        long now = now_ms(), left = deadline - now;
        if (left <= 0)
            return 0;
        if (nudge <= now) {
            static const uint8_t flush = 0;
            if (wcapc_port_write(&s->port, &flush, 1) != 0)
                return -WCAPC_EXIT_CONNECT;
            nudge = now + s->timeout_ms;
        }
        if (nudge < deadline && nudge - now < left)
            left = nudge - now;
        int n = wcapc_port_read(&s->port, buf, sizeof buf, (int)left);
        if (n < 0)
            return -WCAPC_EXIT_CONNECT;
        for (int i = 0; i < n; i++) {
            const uint8_t *payload;
            size_t len;
            if (wcap_frame_rx_byte(&s->rx, buf[i], &payload, &len) != WCAP_FRAME_READY)
                continue; /* a damaged frame from the device: the resend covers it */
            pb_istream_t is = pb_istream_from_buffer(payload, len);
            memset(out, 0, sizeof *out);
            if (!pb_decode(&is, wcap_Response_fields, out))
                continue;
            if (out->seq == 0 && out->which_body == wcap_Response_event_tag &&
                out->body.event.kind == wcap_EventKind_EVENT_DEVICE &&
                (out->code == WCAP_E_DEV_CRC || out->code == WCAP_E_DEV_FRAME)) {
                s->dropped++;
                return 2; /* our frame may be the damaged one: resend without waiting */
            } else if (out->seq == 0 && out->which_body == wcap_Response_event_tag) {
                print_event(s, out);
                deadline = now_ms() + wait_ms; /* the device is alive and working */
            } else if (out->seq == 0 && out->code != 0) {
                fprintf(stderr, "wcap: device: %s (code -0x%x)\n", out->message, (unsigned)-out->code);
            } else if (out->seq == seq) {
                return 1;
            }
        }
    }
}

int wcapc_sess_listen(wcapc_sess_t *s, int ms)
{
    wcap_Response r;
    int rc = wait_response(s, WCAPC_LISTEN_SEQ, &r, ms);
    return rc < 0 ? -rc : WCAPC_EXIT_OK;
}

int wcapc_sess_call(wcapc_sess_t *s, wcap_Request *rq, wcap_Response *out, int wait_ms)
{
    int rc, fast_resends = 0;

    rq->seq = s->seq++;
    if (s->seq == 0)
        s->seq = 1;
    s->counter++; /* one per request; a resend repeats it (the device answers it from its cache) */
    if (wait_ms <= 0)
        wait_ms = s->timeout_ms;
    for (int attempt = 0; attempt <= s->retries; attempt++) {
        if ((rc = send_request(s, rq)) != WCAPC_EXIT_OK)
            return rc;
        rc = wait_response(s, rq->seq, out, wait_ms);
        if (rc == 1)
            return WCAPC_EXIT_OK;
        if (rc == 2 && fast_resends++ < 32) {
            wcapc_note("device dropped a damaged frame, resending request %u", (unsigned)rq->seq);
            attempt--; /* not a timeout: does not use up a retry */
            continue;
        }
        if (rc < 0)
            return s->quiet_lost ? -rc : wcapc_fail(-rc, "connection to %s lost", s->port.spec);
        wcapc_note("no answer to request %u in %d ms, resending", (unsigned)rq->seq, wait_ms);
    }
    return wcapc_fail(WCAPC_EXIT_TIMEOUT, "device on %s did not answer (%d tries of %d ms)", s->port.spec,
                      s->retries + 1, wait_ms);
}

int wcapc_dev_opts(int argc, char **argv, const char *usage, int allow_export, int allow_corrupt, wcapc_dev_opts_t *o)
{
    static char *pos[256];

    const char *identity = NULL, *psk_file = NULL;

    memset(o, 0, sizeof *o);
    o->port = getenv("WCAP_PORT");
    o->timeout_ms = 2000;
    o->corrupt_at = -1;
    o->drop_at = -1;
    o->corrupt_from = o->corrupt_to = -1;
    o->pos = pos;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_val = i + 1 < argc;
        char *end;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: %s\n\n%s\n"
                   "Device options (every device command):\n"
                   "  --port P          tcp:HOST:PORT or a serial device path (default: $WCAP_PORT)\n"
                   "  --coap URI        coap://HOST[:PORT] or coaps://HOST[:PORT] (DTLS) instead of --port\n"
                   "  --identity ID     the client this command acts as (default: $WCAP_IDENTITY)\n"
                   "  --psk-file F      its pre-shared key, from wcap client-key (default: $WCAP_PSK_FILE);\n"
                   "                    without a credential a device answers only reads (info, ls)\n"
                   "  --timeout MS      per request attempt (default 2000; 5 resends)\n"
                   "  --json            one JSON value on stdout instead of text\n"
                   "  --no-fit-check    (push, run) upload without first comparing the blob's target, ABI and\n"
                   "                    RAM need with the device's info (the device then refuses what does not fit)\n"
                   "  --bump --key K    (push) re-sign the blob with K as the version after the one the device\n"
                   "                    holds for its name, so an edited capsule installs without --version\n"
                   "                    (anti-rollback unchanged: the device still refuses older versions)\n\n"
                   "Transports: --port speaks the serial device protocol (docs/device-protocol.md), over a\n"
                   "serial line or TCP (wcapd, a QEMU board's UART); --coap speaks CoAP (docs/coap.md), with\n"
                   "DTLS for coaps://. The output and exit codes are the same on both.\n\n"
                   "Environment: WCAP_PORT (default --port), WCAP_IDENTITY and WCAP_PSK_FILE (default\n"
                   "credential).\n\n",
                   usage, wcapc_device_help(argv[0]));
            wcapc_print_exit_codes(stdout);
            return -1;
        } else if (!strcmp(a, "--port") && has_val) {
            o->port = argv[++i];
        } else if (!strcmp(a, "--coap") && has_val) {
            o->coap = argv[++i];
        } else if (!strcmp(a, "--identity") && has_val) {
            identity = argv[++i];
        } else if (!strcmp(a, "--psk-file") && has_val) {
            psk_file = argv[++i];
        } else if (!strcmp(a, "--timeout") && has_val) {
            o->timeout_ms = (int)strtol(argv[++i], &end, 10);
            if (*end || o->timeout_ms <= 0 || o->timeout_ms > 600000)
                return wcapc_fail(WCAPC_EXIT_USAGE, "--timeout wants 1..600000 ms");
        } else if (allow_export && !strcmp(a, "--export") && has_val) {
            o->export_name = argv[++i];
        } else if (allow_corrupt && !strcmp(a, "--corrupt-at") && has_val) {
            o->corrupt_at = strtol(argv[++i], &end, 10);
            if (*end || o->corrupt_at < 0)
                return wcapc_fail(WCAPC_EXIT_USAGE, "--corrupt-at wants a byte offset");
        } else if (allow_corrupt && !strcmp(a, "--corrupt-each") && has_val) {
            o->corrupt_from = strtol(argv[++i], &end, 10);
            o->corrupt_to = *end == ':' ? strtol(end + 1, &end, 10) : -1;
            if (*end || o->corrupt_from < 0 || o->corrupt_to < o->corrupt_from)
                return wcapc_fail(WCAPC_EXIT_USAGE, "--corrupt-each wants FROM:TO byte offsets");
        } else if (allow_corrupt && !strcmp(a, "--drop-at") && has_val) {
            o->drop_at = strtol(argv[++i], &end, 10);
            if (*end || o->drop_at < 0)
                return wcapc_fail(WCAPC_EXIT_USAGE, "--drop-at wants a byte offset");
        } else if (!strcmp(a, "--stack-peak")) {
            o->stack_peak = 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (allow_corrupt && !strcmp(a, "--no-fit-check")) {
            o->no_fit_check = 1;
        } else if (allow_corrupt && !strcmp(a, "--bump")) {
            o->bump = 1;
        } else if (allow_corrupt && !strcmp(a, "--key") && has_val) {
            o->key = argv[++i];
        } else if (!strcmp(a, "--")) {
            while (++i < argc && o->n_pos < 256)
                pos[o->n_pos++] = argv[i];
        } else if (a[0] == '-' && a[1] == '-') {
            return wcapc_fail(WCAPC_EXIT_USAGE, "unknown or incomplete option %s (usage: %s)", a, usage);
        } else if (o->n_pos < 256) {
            pos[o->n_pos++] = argv[i];
        }
    }
    if (o->port == NULL && o->coap == NULL)
        return wcapc_fail(WCAPC_EXIT_USAGE, "no --port given (usage: %s)", usage);
    return wcapc_cred_load(&o->cred, identity, psk_file);
}
