/*
 * wcapd's CoAP server: endpoints, DTLS-PSK, the caller of each request. The
 * requests themselves are routed, run and answered by the same server as the
 * boards' (device/coap_srv.c). See coap_server.h and docs/coap.md.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <coap3/coap.h>

#include "coap_server.h"
#include "wcap/dev/coap_srv.h"
#include "wcap/errors.h"
#include "wcap/port.h"

#define WCAPD_TEXT_MAX 16384u /* an answer's text (capsule output, the list); cut with "..." beyond */
#define WCAPD_LOG_MAX 4096u   /* the log ring of GET /log: what ticking capsules logged lately */

static struct {
    coap_context_t *ctx;
    wcap_dev_t *dev;
    const wcap_auth_client_t *clients;
    size_t n_clients;
    size_t max_body;
    uint32_t tick_ms;
    wcap_coap_srv_t coap; /* routing, operations and answers: device/coap_srv.c */
    char text[WCAPD_TEXT_MAX];
    wcap_log_ring_t log;
    uint8_t log_buf[WCAPD_LOG_MAX];
} srv;

/* The device acts for the DTLS peer's PSK identity, or for an anonymous
 * caller on plain CoAP (docs/coap.md, "Who may do what"). */
static void set_caller(coap_session_t *s)
{
    const wcap_auth_caller_t anon = {srv.dev->cfg.anonymous_role, NULL};
    const coap_bin_const_t *id = coap_session_get_proto(s) == COAP_PROTO_DTLS ? coap_session_get_psk_identity(s) : NULL;
    int i = id ? wcap_auth_find(srv.clients, srv.n_clients, (const char *)id->s, id->length) : -1;

    if (i < 0) {
        wcap_dev_set_caller(srv.dev, anon.role, anon.identity);
        return;
    }
    uint8_t role = srv.clients[i].role > anon.role ? srv.clients[i].role : anon.role;
    wcap_dev_set_caller(srv.dev, role, srv.clients[i].identity);
}

/* The identities of the last DTLS handshakes by peer address, so that a
 * handshake that then fails (a wrong key: GnuTLS only says it discarded a
 * record it could not decrypt) is logged with the identity it claimed. */
#define RECENT 8
static struct {
    char addr[64];
    int client;
    int logged;
} recent[RECENT];
static unsigned recent_next;

static void remember(const coap_session_t *s, int client)
{
    char a[64];
    if (coap_print_addr(coap_session_get_addr_remote(s), (unsigned char *)a, sizeof a) == 0)
        return;
    snprintf(recent[recent_next].addr, sizeof recent[0].addr, "%s", a);
    recent[recent_next].client = client;
    recent[recent_next].logged = 0;
    recent_next = (recent_next + 1) % RECENT;
}

/* libcoap's log, reduced to what the device log wants: failed DTLS sessions. */
static void on_log(coap_log_t level, const char *msg)
{
    (void)level;
    if (strstr(msg, "invalid decryption") == NULL)
        return;
    for (unsigned i = 0; i < RECENT; i++) {
        if (recent[i].addr[0] && !recent[i].logged && strstr(msg, recent[i].addr) != NULL) {
            recent[i].logged = 1;
            fprintf(stderr, "wcapd: auth: refused a DTLS session of '%s' from %s (wrong key)\n",
                    srv.clients[recent[i].client].identity, recent[i].addr);
        }
    }
}

/* DTLS handshake: the key of a known identity; NULL ends the handshake. */
static const coap_bin_const_t *psk_for(coap_bin_const_t *identity, coap_session_t *s, void *arg)
{
    static coap_bin_const_t key;
    int i = wcap_auth_find(srv.clients, srv.n_clients, (const char *)identity->s, identity->length);
    (void)arg;
    if (i < 0) {
        fprintf(stderr, "wcapd: auth: refused a DTLS handshake from unknown identity '%.*s'\n",
                (int)(identity->length > WCAP_AUTH_ID_MAX ? WCAP_AUTH_ID_MAX : identity->length),
                (const char *)identity->s);
        return NULL;
    }
    remember(s, i);
    key.s = srv.clients[i].key;
    key.length = srv.clients[i].key_len;
    return &key;
}

/* Device notices during a request go to wcapd's log. */
static void notice(void *user, int code, const uint8_t *text, size_t len)
{
    (void)user;
    fprintf(stderr, "wcapd: %.*s (%s)\n", (int)len, (const char *)text, wcap_strerror(code));
}

/* libcoap's request as the shared server's (device/coap_srv.c): method, path,
 * query and the whole body, which libcoap has reassembled (Block1). */
static int request_of(const coap_pdu_t *req, wcap_coap_req_t *cr)
{
    coap_opt_iterator_t it;
    coap_opt_t *o;
    const uint8_t *data = NULL;
    size_t n = 0, off = 0, total = 0;

    memset(cr, 0, sizeof *cr);
    cr->code = (uint8_t)coap_pdu_get_code(req);
    coap_option_iterator_init(req, &it, COAP_OPT_ALL);
    while ((o = coap_option_next(&it)) != NULL)
        wcap_coap_req_add(cr, it.number, coap_opt_value(o), coap_opt_length(o));
    if (!coap_get_data_large(req, &n, &data, &off, &total) || n == 0)
        return WCAP_OK;
    if (total > srv.max_body || n > srv.max_body)
        return WCAP_E_NET_TOO_LARGE;
    if (off != 0 || n != total)
        return WCAP_E_NET_BLOCK_SEQ; /* libcoap handed over a part: not a whole body */
    cr->payload = data;
    cr->payload_len = n;
    return WCAP_OK;
}

/* Every resource: routed, run and answered by the shared server, with this
 * session's caller. */
static void on_request(coap_resource_t *r, coap_session_t *s, const coap_pdu_t *req, const coap_string_t *q,
                       coap_pdu_t *resp)
{
    wcap_coap_req_t cr;
    int rc, code;

    set_caller(s);
    rc = request_of(req, &cr);
    code = rc == WCAP_OK ? wcap_coap_srv_route(&srv.coap, 0, &cr, 0) : wcap_coap_srv_refuse(&srv.coap, rc);
    coap_pdu_set_code(resp, (coap_pdu_code_t)COAP_RESPONSE_CODE(code));
    if (srv.coap.text_len > 0)
        coap_add_data_large_response(r, s, req, resp, q, COAP_MEDIATYPE_TEXT_PLAIN, -1, 0, srv.coap.text_len,
                                     (const uint8_t *)srv.coap.text_buf, NULL, NULL);
}

static coap_resource_t *add(const char *path, const char *title)
{
    coap_resource_t *r = coap_resource_init(coap_make_str_const(path), 0);
    if (r != NULL) {
        coap_add_attr(r, coap_make_str_const("title"), coap_make_str_const(title), 0);
        coap_add_resource(srv.ctx, r);
    }
    return r;
}

static int add_resources(void)
{
    coap_resource_t *run = add("run", "\"POST a blob: run it, answer output + result\"");
    coap_resource_t *caps = add("capsules", "\"GET: name version state ram\"");
    coap_resource_t *info = add("info", "\"GET: the device\"");
    coap_resource_t *reboot = add("reboot", "\"POST: reset\"");
    coap_resource_t *log = add("log", "\"GET ?since=N: what the capsules logged\"");
    coap_resource_t *any = coap_resource_unknown_init(on_request);

    if (run == NULL || caps == NULL || info == NULL || reboot == NULL || log == NULL || any == NULL)
        return -1;
    coap_register_handler(run, COAP_REQUEST_POST, on_request);
    coap_register_handler(caps, COAP_REQUEST_GET, on_request);
    coap_register_handler(info, COAP_REQUEST_GET, on_request);
    coap_register_handler(reboot, COAP_REQUEST_POST, on_request);
    coap_register_handler(log, COAP_REQUEST_GET, on_request);
    coap_register_handler(any, COAP_REQUEST_POST, on_request);
    coap_register_handler(any, COAP_REQUEST_DELETE, on_request);
    coap_register_handler(any, COAP_REQUEST_GET, on_request);
    coap_add_resource(srv.ctx, any);
    return 0;
}

/* "udp:HOST:PORT" -> IPv4 address. */
static int parse_spec(const char *spec, coap_address_t *a)
{
    char host[64];
    const char *colon;
    char *end;

    if (strncmp(spec, "udp:", 4) != 0 || (colon = strrchr(spec + 4, ':')) == NULL ||
        (size_t)(colon - spec - 4) >= sizeof host)
        return -1;
    memcpy(host, spec + 4, (size_t)(colon - spec - 4));
    host[colon - spec - 4] = '\0';
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (*end != '\0' || colon[1] == '\0' || port == 0 || port > 65535)
        return -1;
    coap_address_init(a);
    a->addr.sin.sin_family = AF_INET;
    a->addr.sin.sin_port = htons((uint16_t)port);
    a->size = sizeof a->addr.sin;
    return inet_pton(AF_INET, host, &a->addr.sin.sin_addr) == 1 ? 0 : -1;
}

/* Binds one endpoint of `proto` at `spec`; appends it to desc. */
static int bind_endpoint(const char *spec, coap_proto_t proto, const char *label, char *desc, size_t desc_cap)
{
    coap_address_t a;

    if (parse_spec(spec, &a) != 0) {
        fprintf(stderr, "wcapd: error: --%s wants udp:IPV4:PORT (PORT 1..65535), not '%s'\n", label, spec);
        return -1;
    }
    if (coap_new_endpoint(srv.ctx, &a, proto) == NULL) {
        fprintf(stderr, "wcapd: error: cannot bind %s (--%s)\n", spec, label);
        return -1;
    }
    size_t n = strlen(desc);
    snprintf(desc + n, desc_cap - n, "%s%s%s", n ? " " : "", proto == COAP_PROTO_DTLS && n ? "coaps=" : "", spec);
    return 0;
}

static int setup_psk(void)
{
    coap_dtls_spsk_t sp;

    if (!coap_dtls_is_supported()) {
        fprintf(stderr, "wcapd: error: --coaps: this libcoap has no DTLS (wcapd links libcoap-3-gnutls)\n");
        return -1;
    }
    memset(&sp, 0, sizeof sp);
    sp.version = COAP_DTLS_SPSK_SETUP_VERSION;
    sp.validate_id_call_back = psk_for;
    if (!coap_context_set_psk2(srv.ctx, &sp)) {
        fprintf(stderr, "wcapd: error: cannot set up DTLS with pre-shared keys\n");
        return -1;
    }
    return 0;
}

int wcapd_coap_open(const wcapd_coap_cfg_t *cfg, wcap_dev_t *dev, char *desc, size_t desc_cap)
{
    coap_startup();
    coap_set_log_handler(on_log);
    coap_set_log_level(cfg->dtls_spec ? LOG_WARNING : LOG_CRIT); /* on_log keeps only failed DTLS sessions */
    coap_dtls_set_log_level(LOG_CRIT);
    srv.dev = dev;
    srv.clients = cfg->clients;
    srv.n_clients = cfg->n_clients;
    srv.max_body = cfg->max_body;
    srv.tick_ms = cfg->tick_ms;
    wcap_coap_srv_init(&srv.coap, dev, cfg->max_body > UINT32_MAX ? UINT32_MAX : (uint32_t)cfg->max_body,
                       cfg->idle_s ? cfg->idle_s * 1000u : 60000u);
    wcap_coap_srv_set_text(&srv.coap, srv.text, sizeof srv.text);
    wcap_coap_srv_set_notice(&srv.coap, notice, NULL);
    uint32_t boot;
    wcap_port_random((uint8_t *)&boot, sizeof boot);
    if (wcap_log_init(&srv.log, srv.log_buf, sizeof srv.log_buf, boot) == WCAP_OK)
        wcap_dev_set_log(dev, &srv.log); /* before the boot: what init logs there is kept too */
    if ((srv.ctx = coap_new_context(NULL)) == NULL) {
        fprintf(stderr, "wcapd: error: cannot create the CoAP context\n");
        return -1;
    }
    coap_context_set_block_mode(srv.ctx, COAP_BLOCK_USE_LIBCOAP | COAP_BLOCK_SINGLE_BODY);
    coap_context_set_session_timeout(srv.ctx, cfg->idle_s ? cfg->idle_s : 60);
    desc[0] = '\0';
    if (cfg->spec && bind_endpoint(cfg->spec, COAP_PROTO_UDP, "coap", desc, desc_cap) != 0)
        return -1;
    if (cfg->dtls_spec &&
        (setup_psk() != 0 || bind_endpoint(cfg->dtls_spec, COAP_PROTO_DTLS, "coaps", desc, desc_cap) != 0))
        return -1;
    if (add_resources() != 0) {
        fprintf(stderr, "wcapd: error: cannot register the CoAP resources\n");
        return -1;
    }
    return 0;
}

/* Output of ticking capsules goes to stderr. */
static void tick_sink(void *user, int kind, int code, const uint8_t *data, size_t len, int eol)
{
    (void)user;
    (void)eol;
    fprintf(stderr, "wcapd: tick %s: %.*s%s%s\n", kind == wcap_EventKind_EVENT_DEVICE ? "notice" : "output", (int)len,
            (const char *)data, code ? " - " : "", code ? wcap_strerror(code) : "");
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int wcapd_coap_serve(void)
{
    uint64_t next_tick = now_ms() + srv.tick_ms;
    for (;;) {
        uint32_t wait = 200;
        if (srv.tick_ms) {
            uint64_t t = now_ms();
            if (t >= next_tick) {
                wcap_dev_set_sink(srv.dev, tick_sink, NULL);
                (void)wcap_dev_tick(srv.dev);
                wcap_dev_set_sink(srv.dev, NULL, NULL);
                next_tick = t + srv.tick_ms;
            }
            wait = (uint32_t)(next_tick - t < 200 ? next_tick - t : 200);
        }
        if (wcapd_coap_step(wait ? wait : 1) < 0)
            return -1;
    }
}

int wcapd_coap_step(uint32_t wait_ms)
{
    return coap_io_process(srv.ctx, wait_ms) < 0 ? -1 : 0;
}

void wcapd_coap_close(void)
{
    if (srv.ctx != NULL) {
        coap_free_context(srv.ctx);
        srv.ctx = NULL;
    }
}
