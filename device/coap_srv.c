/*
 * wcap's CoAP server: parsing, routing, Block1 streaming into the device
 * service, Block2 answers, and the text of every answer, for the boards and
 * (routing and answers only) wcapd. See wcap/dev/coap_srv.h and docs/coap.md.
 * Every datagram is hostile: lengths are checked before every read, option
 * values are bounded, nothing is allocated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wcap/dev/coap_srv.h"
#include "wcap/targets.h"
#include "wcap/errors.h"

#define CHUNK 200u /* wcap.UploadChunk.data max_size */

enum { T_CON = 0, T_NON = 1, T_ACK = 2, T_RST = 3 };
enum {
    OPT_IF_MATCH = 1,
    OPT_URI_HOST = 3,
    OPT_ETAG = 4,
    OPT_IF_NONE_MATCH = 5,
    OPT_URI_PORT = 7,
    OPT_URI_PATH = 11,
    OPT_CONTENT_FORMAT = 12,
    OPT_MAX_AGE = 14,
    OPT_URI_QUERY = 15,
    OPT_ACCEPT = 17,
    OPT_BLOCK2 = 23,
    OPT_BLOCK1 = 27,
    OPT_SIZE2 = 28,
    OPT_SIZE1 = 60
};

/* ---- parsing ---------------------------------------------------------------- */

/* Option delta/length nibble with its extension bytes; -1 when malformed. */
static long ext_nibble(unsigned nib, const uint8_t *buf, size_t len, size_t *pos)
{
    if (nib < 13)
        return (long)nib;
    if (nib == 13) {
        if (*pos + 1 > len)
            return -1;
        return 13L + buf[(*pos)++];
    }
    if (nib == 14) {
        if (*pos + 2 > len)
            return -1;
        long v = 269L + ((long)buf[*pos] << 8) + buf[*pos + 1];
        *pos += 2;
        return v;
    }
    return -1;
}

static uint32_t uint_value(const uint8_t *v, size_t n)
{
    uint32_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | v[i];
    return x;
}

static void add_segment(wcap_coap_req_t *r, char *dst, const uint8_t *v, size_t n)
{
    if (n >= WCAP_COAP_SEG_MAX || memchr(v, 0, n) != NULL) {
        r->path_bad = 1;
        return;
    }
    memcpy(dst, v, n);
    dst[n] = '\0';
}

void wcap_coap_req_add(wcap_coap_req_t *r, unsigned option, const uint8_t *v, size_t n)
{
    if (option == OPT_URI_PATH) {
        if (r->n_path >= WCAP_COAP_SEGS)
            r->path_bad = 1;
        else
            add_segment(r, r->path[r->n_path++], v, n);
    } else if (option == OPT_URI_QUERY) {
        if (r->query[0] != '\0')
            r->path_bad = 1; /* one query at most (export=NAME, since=N) */
        else
            add_segment(r, r->query, v, n);
    }
}

int wcap_coap_parse(const uint8_t *buf, size_t len, wcap_coap_req_t *r)
{
    size_t pos;
    uint32_t num = 0;

    memset(r, 0, sizeof *r);
    if (buf == NULL || len < 4 || (buf[0] >> 6) != 1)
        return WCAP_E_NET_COAP_MSG;
    r->type = (uint8_t)((buf[0] >> 4) & 3);
    r->tkl = (uint8_t)(buf[0] & 15);
    r->code = buf[1];
    r->mid = (uint16_t)((buf[2] << 8) | buf[3]);
    if (r->tkl > 8 || len < 4u + r->tkl)
        return WCAP_E_NET_COAP_MSG;
    memcpy(r->token, buf + 4, r->tkl);
    pos = 4u + r->tkl;
    while (pos < len) {
        uint8_t b = buf[pos++];
        if (b == 0xFF) {
            if (pos == len)
                return WCAP_E_NET_COAP_MSG; /* a payload marker needs a payload */
            r->payload = buf + pos;
            r->payload_len = len - pos;
            break;
        }
        long d = ext_nibble(b >> 4, buf, len, &pos);
        long l = ext_nibble(b & 15u, buf, len, &pos);
        if (d < 0 || l < 0 || (size_t)l > len - pos)
            return WCAP_E_NET_COAP_MSG;
        num += (uint32_t)d;
        if (num > 0xFFFFu)
            return WCAP_E_NET_COAP_MSG;
        const uint8_t *v = buf + pos;
        size_t n = (size_t)l;
        pos += n;
        switch (num) {
        case OPT_URI_PATH:
        case OPT_URI_QUERY: wcap_coap_req_add(r, num, v, n); break;
        case OPT_BLOCK1:
        case OPT_BLOCK2:
            if (n > 3)
                return WCAP_E_NET_COAP_MSG;
            if (num == OPT_BLOCK1) {
                r->has_block1 = 1;
                r->block1 = uint_value(v, n);
            } else {
                r->has_block2 = 1;
                r->block2 = uint_value(v, n);
            }
            break;
        case OPT_SIZE1:
            if (n > 4)
                return WCAP_E_NET_COAP_MSG;
            r->has_size1 = 1;
            r->size1 = uint_value(v, n);
            break;
        case OPT_URI_HOST:
        case OPT_URI_PORT: /* one host, one port: nothing to choose */
        case OPT_CONTENT_FORMAT:
        case OPT_ACCEPT:
        case OPT_ETAG:
        case OPT_MAX_AGE:
        case OPT_SIZE2: break;
        default:
            if (num & 1u)
                r->bad_option = 1; /* critical and unknown (If-Match, Proxy-Uri, ...): 4.02 */
            break;                 /* elective and unknown: ignored */
        }
    }
    return r->bad_option ? WCAP_E_NET_COAP_OPTION : WCAP_OK;
}

/* ---- answers ---------------------------------------------------------------- */

/* Device error -> CoAP response code (docs/coap.md); 400 otherwise. */
static const struct {
    int err;
    int coap;
} code_map[] = {
    {WCAP_E_DEV_NOT_FOUND, 404},     {WCAP_E_RT_NO_EXPORT, 404},      {WCAP_E_LDR_ROLLBACK, 409},
    {WCAP_E_DEV_STOPPED, 409},       {WCAP_E_LDR_UNTRUSTED_KEY, 403}, {WCAP_E_LDR_SIGNATURE, 403},
    {WCAP_E_LDR_DIGEST, 403},        {WCAP_E_LDR_CAPS, 403},          {WCAP_E_LDR_TARGET, 422},
    {WCAP_E_LDR_ABI, 422},           {WCAP_E_DEV_INIT, 422},          {WCAP_E_LDR_NO_SPACE, 503},
    {WCAP_E_DEV_SLOTS, 503},         {WCAP_E_RT_BUSY, 503},           {WCAP_E_RT_ARENA, 503},
    {WCAP_E_DEV_STORE, 500},         {WCAP_E_RT_TRAP, 500},           {WCAP_E_LDR_CRYPTO, 500},
    {WCAP_E_DEV_AUTH_REQUIRED, 401}, {WCAP_E_DEV_AUTH_UNKNOWN, 401},  {WCAP_E_DEV_AUTH_MAC, 401},
    {WCAP_E_DEV_REPLAY, 401},        {WCAP_E_DEV_FORBIDDEN, 403},     {WCAP_E_NET_COAP_OPTION, 402},
    {WCAP_E_NET_NO_RESOURCE, 404},   {WCAP_E_NET_METHOD, 405},        {WCAP_E_NET_BLOCK_SEQ, 408},
    {WCAP_E_DEV_NO_UPLOAD, 408},     {WCAP_E_NET_TOO_LARGE, 413},     {WCAP_E_NET_NO_LOG, 404},
};

int wcap_coap_code(int err)
{
    for (size_t i = 0; i < sizeof code_map / sizeof code_map[0]; i++)
        if (code_map[i].err == err)
            return code_map[i].coap;
    return 400;
}

static void text_add(wcap_coap_srv_t *s, const char *p, size_t n)
{
    size_t cap = s->text_cap;
    if (s->text_len > cap - 4)
        return; /* already cut */
    size_t room = cap - 4 - s->text_len;
    if (n > room) {
        memcpy(s->text_buf + s->text_len, p, room);
        memcpy(s->text_buf + s->text_len + room, "...\n", 4);
        s->text_len = (uint16_t)cap;
        return;
    }
    memcpy(s->text_buf + s->text_len, p, n);
    s->text_len = (uint16_t)(s->text_len + n);
    if (n > 0)
        s->text_mid_line = p[n - 1] != '\n';
}

static void text_str(wcap_coap_srv_t *s, const char *p)
{
    text_add(s, p, strlen(p));
}

static void text_end_line(wcap_coap_srv_t *s)
{
    if (s->text_len > 0 && s->text_mid_line)
        text_add(s, "\n", 1);
}

static void text_u32(wcap_coap_srv_t *s, uint32_t v)
{
    char b[12];
    int n = snprintf(b, sizeof b, "%lu", (unsigned long)v);
    if (n > 0 && (size_t)n < sizeof b)
        text_add(s, b, (size_t)n);
}

/* Capsule output and device notices during a request. */
static void sink(void *user, int kind, int code, const uint8_t *data, size_t len, int eol)
{
    wcap_coap_srv_t *s = user;
    if (kind == wcap_EventKind_EVENT_DEVICE) {
        if (s->notice != NULL)
            s->notice(s->notice_user, code, data, len); /* the device log's, not the caller's */
        return;
    }
    text_add(s, (const char *)data, len);
    if (kind == wcap_EventKind_EVENT_LOG && eol)
        text_add(s, "\n", 1);
}

static int exec(wcap_coap_srv_t *s)
{
    wcap_dev_set_sink(s->dev, sink, s);
    int rc = wcap_dev_execute(s->dev);
    wcap_dev_set_sink(s->dev, NULL, NULL);
    return rc;
}

/* A refusal: "error: MESSAGE (code -0xNNN)" or "trap: KIND ..."; returns the CoAP code. */
static int refuse_code(wcap_coap_srv_t *s, int code, const char *message, int after)
{
    static const char *const after_text[] = {"", " (capsule restarted)", " (capsule stopped)"};
    char b[24];
    text_end_line(s);
    if (code == WCAP_E_RT_TRAP) {
        text_str(s, "trap: ");
        text_str(s, message);
        text_str(s, (unsigned)after < 3u ? after_text[after] : "");
    } else {
        text_str(s, "error: ");
        text_str(s, message);
        int n = snprintf(b, sizeof b, " (code -0x%X)", (unsigned)-code);
        if (n > 0 && (size_t)n < sizeof b)
            text_add(s, b, (size_t)n);
    }
    text_add(s, "\n", 1);
    return wcap_coap_code(code);
}

static int refused(wcap_coap_srv_t *s)
{
    const wcap_Response *rs = &s->dev->resp;
    int after = rs->which_body == wcap_Response_result_tag ? (int)rs->body.result.after_trap : 0;
    return refuse_code(s, rs->code, rs->message, after);
}

static int refuse(wcap_coap_srv_t *s, int err)
{
    return refuse_code(s, err, wcap_strerror(err), 0);
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* ---- resources ---------------------------------------------------------------- */

const char *wcap_coap_state_name(int st)
{
    static const char *const names[] = {"empty", "ready", "running", "stopped"};
    return st >= 0 && st < 4 ? names[st] : "?";
}

static int op_list(wcap_coap_srv_t *s)
{
    wcap_dev_t *dev = s->dev;
    uint32_t start = 0;
    do {
        memset(&dev->req, 0, sizeof dev->req);
        dev->req.which_body = wcap_Request_list_tag;
        dev->req.body.list.start = start;
        if (exec(s) != WCAP_OK)
            return refused(s);
        const wcap_CapsuleList *l = &dev->resp.body.list;
        for (pb_size_t i = 0; i < l->entries_count && i < WCAP_DEV_LIST_PAGE; i++) {
            text_str(s, l->entries[i].name);
            text_add(s, " ", 1);
            text_u32(s, l->entries[i].version);
            text_add(s, " ", 1);
            text_str(s, wcap_coap_state_name((int)l->entries[i].state));
            text_add(s, " ", 1);
            text_u32(s, l->entries[i].ram);
            text_add(s, " ", 1);
            text_u32(s, l->entries[i].restarts);
            text_add(s, "\n", 1);
        }
        if (l->next != 0 && l->next <= start)
            break; /* never loop on a bad page */
        start = l->next;
    } while (start != 0);
    return 205;
}

/* One "key value" line of GET /info. */
static void info_line(wcap_coap_srv_t *s, const char *key, uint32_t v)
{
    text_str(s, key);
    text_add(s, " ", 1);
    text_u32(s, v);
    text_add(s, "\n", 1);
}

/* GET /info: the serial Info answer as "key value" lines (docs/coap.md). */
static int op_info(wcap_coap_srv_t *s)
{
    static const char hex[] = "0123456789abcdef";
    wcap_dev_t *dev = s->dev;
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_info_tag;
    if (exec(s) != WCAP_OK)
        return refused(s);
    const wcap_DeviceInfo *in = &dev->resp.body.info;
    const char *t = wcap_target_name(in->target);
    text_str(s, "firmware ");
    text_str(s, in->firmware);
    text_str(s, "\ntarget ");
    text_str(s, t != NULL ? t : "unknown");
    text_add(s, "\n", 1);
    info_line(s, "abi", in->abi_version);
    info_line(s, "protocol", in->protocol_version);
    info_line(s, "engines", in->engines);
    info_line(s, "ram_free", in->ram_free);
    info_line(s, "ram_total", in->ram_total);
    info_line(s, "slots_free", in->slots_free);
    info_line(s, "slots_total", in->slots_total);
    info_line(s, "granted_caps", in->granted_caps);
    info_line(s, "frames_dropped", in->frames_dropped);
    info_line(s, "max_payload", in->max_payload);
    for (pb_size_t k = 0; k < in->key_ids_count; k++) {
        text_str(s, "key ");
        for (pb_size_t i = 0; i < in->key_ids[k].size; i++) {
            char b[2] = {hex[in->key_ids[k].bytes[i] >> 4], hex[in->key_ids[k].bytes[i] & 15u]};
            text_add(s, b, 2);
        }
        text_add(s, "\n", 1);
    }
    return 205;
}

/* POST /reboot: answered, then the device resets from wcap_dev_poll once the
 * answer is out (the board's main loop polls the serial link next). */
static int op_reboot(wcap_coap_srv_t *s)
{
    wcap_dev_t *dev = s->dev;
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_reboot_tag;
    if (exec(s) != WCAP_OK)
        return refused(s);
    text_str(s, "rebooting\n");
    return 204;
}

static int op_remove(wcap_coap_srv_t *s, const char *name)
{
    wcap_dev_t *dev = s->dev;
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_remove_tag;
    copy_str(dev->req.body.remove.name, sizeof dev->req.body.remove.name, name);
    if (exec(s) != WCAP_OK)
        return refused(s);
    text_str(s, "removed ");
    text_str(s, name);
    text_add(s, "\n", 1);
    return 202;
}

static void print_results(wcap_coap_srv_t *s, const wcap_CallResult *r)
{
    char b[32];
    text_end_line(s);
    for (pb_size_t i = 0; i < r->results_count && i < WCAP_DEV_MAX_RESULTS; i++) {
        const wcap_Value *v = &r->results[i];
        int n;
        switch (v->which_v) {
        case wcap_Value_i32_tag: n = snprintf(b, sizeof b, "%s%ld", i ? " " : "", (long)v->v.i32); break;
        case wcap_Value_i64_tag: n = snprintf(b, sizeof b, "%s%lld", i ? " " : "", (long long)v->v.i64); break;
        case wcap_Value_f32_tag: n = snprintf(b, sizeof b, "%s%.9g", i ? " " : "", (double)v->v.f32); break;
        default: n = snprintf(b, sizeof b, "%s%.17g", i ? " " : "", v->v.f64); break;
        }
        if (n > 0 && (size_t)n < sizeof b)
            text_add(s, b, (size_t)n);
    }
    text_add(s, "\n", 1);
}

/* One argument by its signature character; 0 or -1. */
static int parse_arg(char type, const char *p, wcap_Value *v)
{
    char *end = NULL;
    switch (type) {
    case 'i': {
        long long x = strtoll(p, &end, 0);
        if (x < INT32_MIN || x > (long long)UINT32_MAX)
            return -1;
        v->which_v = wcap_Value_i32_tag;
        v->v.i32 = (int32_t)(uint32_t)x;
        break;
    }
    case 'I':
        v->which_v = wcap_Value_i64_tag;
        v->v.i64 = strtoll(p, &end, 0);
        break;
    case 'f':
        v->which_v = wcap_Value_f32_tag;
        v->v.f32 = strtof(p, &end);
        break;
    case 'F':
        v->which_v = wcap_Value_f64_tag;
        v->v.f64 = strtod(p, &end);
        break;
    default: return -1;
    }
    return (end == p || *end != '\0') ? -1 : 0;
}

/* Fills dev->req.body.call.args from the payload by `sig`; 0 or -1. */
static int parse_args(wcap_dev_t *dev, const char *sig, const uint8_t *args, size_t len)
{
    wcap_CallReq *c = &dev->req.body.call;
    size_t np = strcspn(sig, ":"), i = 0;
    char tok[48];

    while (i < len) {
        while (i < len && strchr(" \t\r\n,", args[i]) != NULL && args[i] != 0)
            i++;
        size_t st = i;
        while (i < len && (args[i] == 0 || strchr(" \t\r\n,", args[i]) == NULL))
            i++;
        if (i == st)
            break;
        if (i - st >= sizeof tok || memchr(args + st, 0, i - st) != NULL || c->args_count >= np ||
            c->args_count >= WCAP_DEV_MAX_ARGS)
            return -1;
        memcpy(tok, args + st, i - st);
        tok[i - st] = '\0';
        if (parse_arg(sig[c->args_count], tok, &c->args[c->args_count]) != 0)
            return -1;
        c->args_count++;
    }
    return c->args_count == np ? 0 : -1;
}

static int start_stop(wcap_coap_srv_t *s, const char *name, int start)
{
    wcap_dev_t *dev = s->dev;
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = start ? wcap_Request_start_tag : wcap_Request_stop_tag;
    copy_str(dev->req.body.start.name, sizeof dev->req.body.start.name, name); /* start/stop share NameReq */
    if (exec(s) != WCAP_OK)
        return refused(s);
    text_end_line(s);
    text_str(s, start ? "running " : "stopped ");
    text_str(s, name);
    text_add(s, "\n", 1);
    return 204;
}

static int op_call(wcap_coap_srv_t *s, const char *name, const char *export_name, const wcap_coap_req_t *r)
{
    wcap_dev_t *dev = s->dev;
    char sig[sizeof dev->resp.body.sig.sig];

    if (!strcmp(export_name, "start") || !strcmp(export_name, "stop"))
        return start_stop(s, name, export_name[2] == 'a');
    if (wcap_dev_authorize(dev, wcap_Request_call_tag) != WCAP_OK)
        return refused(s); /* before Describe: a caller without the role learns nothing */
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_describe_tag;
    copy_str(dev->req.body.describe.name, sizeof dev->req.body.describe.name, name);
    copy_str(dev->req.body.describe.export, sizeof dev->req.body.describe.export, export_name);
    if (exec(s) != WCAP_OK)
        return refused(s);
    copy_str(sig, sizeof sig, dev->resp.body.sig.sig);

    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_call_tag;
    copy_str(dev->req.body.call.name, sizeof dev->req.body.call.name, name);
    copy_str(dev->req.body.call.export, sizeof dev->req.body.call.export, export_name);
    if (parse_args(dev, sig, r->payload, r->payload_len) != 0) {
        text_str(s, "error: arguments do not fit the signature ");
        text_str(s, sig);
        text_add(s, "\n", 1);
        return 400;
    }
    if (exec(s) != WCAP_OK)
        return refused(s);
    print_results(s, &dev->resp.body.result);
    return 205;
}

/* The query of GET /log: none (0) or "since=N", N decimal, at most 4294967295. */
static int parse_since(const char *q, uint32_t *since)
{
    uint64_t v = 0;
    size_t i = 6;

    *since = 0;
    if (q[0] == '\0')
        return WCAP_OK;
    if (strncmp(q, "since=", 6) != 0 || q[6] == '\0')
        return WCAP_E_NET_LOG_SINCE;
    for (; q[i] != '\0'; i++) {
        if (q[i] < '0' || q[i] > '9' || i >= 6 + 10) /* 10 digits at most */
            return WCAP_E_NET_LOG_SINCE;
        v = v * 10u + (uint64_t)(q[i] - '0');
    }
    if (v > UINT32_MAX)
        return WCAP_E_NET_LOG_SINCE;
    *since = (uint32_t)v;
    return WCAP_OK;
}

static size_t digits(uint32_t v)
{
    size_t n = 1;
    while (v >= 10u) {
        v /= 10u;
        n++;
    }
    return n;
}

/* GET /log?since=N: "SEQ NAME text" per line kept above N, as many as the
 * answer holds, then "next M lost L more 0|1 boot B" (docs/coap.md). */
static int op_log(wcap_coap_srv_t *s, const char *query)
{
    static const size_t status_max = sizeof "next 4294967295 lost 4294967295 more 1 boot 4294967295\n" - 1;
    const wcap_log_ring_t *ring = s->dev->log;
    wcap_log_line_t line;
    uint32_t since, next, last;
    int more = 0, rc;

    if (wcap_dev_authorize_role(s->dev, WCAP_ROLE_READER, "log") != WCAP_OK)
        return refused(s);
    if (ring == NULL)
        return refuse(s, WCAP_E_NET_NO_LOG);
    if ((rc = parse_since(query, &since)) != WCAP_OK)
        return refuse(s, rc);
    last = wcap_log_last(ring);
    next = since > last ? last : since + wcap_log_lost(ring, since); /* beyond the newest: start again there */
    while (wcap_log_read(ring, next, &line)) {
        size_t n = digits(line.seq) + strlen(line.name) + strlen(line.text) + 3u;
        if ((size_t)s->text_len + n + status_max + 4u > s->text_cap) {
            more = 1;
            break;
        }
        text_u32(s, line.seq);
        text_add(s, " ", 1);
        text_str(s, line.name);
        text_add(s, " ", 1);
        text_str(s, line.text);
        text_add(s, "\n", 1);
        next = line.seq;
    }
    text_str(s, "next ");
    text_u32(s, next);
    text_str(s, " lost ");
    text_u32(s, wcap_log_lost(ring, since));
    text_str(s, more ? " more 1 boot " : " more 0 boot ");
    text_u32(s, ring->boot);
    text_add(s, "\n", 1);
    return 205;
}

static int installed(const wcap_dev_t *dev, const char *name)
{
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++)
        if (dev->slots[i].state != wcap_CapsuleState_STATE_EMPTY && strcmp(dev->slots[i].cap.name, name) == 0)
            return 1;
    return 0;
}

static void upload_drop(wcap_coap_srv_t *s)
{
    if (s->up.active)
        wcap_dev_upload_abort(s->dev);
    memset(&s->up, 0, sizeof s->up);
}

/* One Block1 block (or a whole one-block body) of PUT /capsules/<name> or
 * POST /run; *block1_out is the Block1 option to echo (or UINT32_MAX). */
static int op_body(wcap_coap_srv_t *s, uint32_t peer, const wcap_coap_req_t *r, int install, const char *name,
                   const char *export_name, uint64_t now, uint32_t *block1_out)
{
    wcap_dev_t *dev = s->dev;
    uint32_t num = 0, more = 0, szx = 6;

    if (r->has_block1) {
        num = r->block1 >> 4;
        more = (r->block1 >> 3) & 1u;
        szx = r->block1 & 7u;
        if (szx == 7u)
            return refuse(s, WCAP_E_NET_BLOCK_SIZE); /* BERT: TCP only */
        *block1_out = r->block1;
        size_t bs = (size_t)16u << szx;
        if ((more && r->payload_len != bs) || r->payload_len > bs)
            return refuse(s, WCAP_E_NET_BLOCK_SIZE);
    }
    if (num == 0) {
        uint32_t total;
        if (r->has_size1)
            total = r->size1;
        else if (!more)
            total = (uint32_t)r->payload_len;
        else
            return refuse(s, WCAP_E_NET_NO_SIZE1);
        if (total > s->max_body)
            return refuse(s, WCAP_E_NET_TOO_LARGE); /* before a byte reaches the loader */
        if (total == 0 || total < r->payload_len)
            return refuse(s, WCAP_E_DEV_SIZE);
        if (wcap_dev_authorize(dev, wcap_Request_upload_begin_tag) != WCAP_OK)
            return refused(s); /* before anything changes: a caller without the role drops nothing */
        upload_drop(s);        /* a new body replaces a partial one */
        int existed = install && installed(dev, name);
        memset(&dev->req, 0, sizeof dev->req);
        dev->req.which_body = wcap_Request_upload_begin_tag;
        wcap_UploadBegin *b = &dev->req.body.upload_begin;
        b->total = total;
        b->mode = install ? wcap_UploadMode_UPLOAD_INSTALL : wcap_UploadMode_UPLOAD_RUN;
        copy_str(b->name, sizeof b->name, name);
        copy_str(b->export, sizeof b->export, export_name);
        if (exec(s) != WCAP_OK)
            return refused(s);
        s->up.active = 1;
        s->up.install = (uint8_t)install;
        s->up.existed = (uint8_t)existed;
        s->up.szx = (uint8_t)szx;
        s->up.peer = peer;
        s->up.next = 0;
        s->up.total = total;
        s->up.received = 0;
        copy_str(s->up.name, sizeof s->up.name, name);
        copy_str(s->up.export_name, sizeof s->up.export_name, export_name);
    } else {
        if (!s->up.active || s->up.peer != peer || s->up.install != (uint8_t)install || strcmp(s->up.name, name) != 0)
            return refuse(s, WCAP_E_NET_BLOCK_SEQ);
        if (num + 1u == s->up.next && more) {
            s->up.last_ms = now;
            return 231; /* a duplicate of the block before: acknowledged again, not fed twice */
        }
        if (num != s->up.next)
            return refuse(s, WCAP_E_NET_BLOCK_SEQ);
        if (szx != s->up.szx)
            return refuse(s, WCAP_E_NET_BLOCK_SIZE);
    }
    if (r->payload_len > s->up.total - s->up.received) {
        upload_drop(s);
        return refuse(s, WCAP_E_DEV_SIZE);
    }
    for (size_t off = 0; off < r->payload_len; off += CHUNK) {
        size_t n = r->payload_len - off < CHUNK ? r->payload_len - off : CHUNK;
        memset(&dev->req, 0, sizeof dev->req);
        dev->req.which_body = wcap_Request_upload_chunk_tag;
        dev->req.body.upload_chunk.offset = s->up.received;
        memcpy(dev->req.body.upload_chunk.data.bytes, r->payload + off, n);
        dev->req.body.upload_chunk.data.size = (pb_size_t)n;
        if (exec(s) != WCAP_OK) {
            int code = refused(s);
            upload_drop(s);
            return code;
        }
        s->up.received += (uint32_t)n;
    }
    s->up.next = num + 1u;
    s->up.last_ms = now;
    if (more)
        return 231;
    if (s->up.received != s->up.total) {
        upload_drop(s);
        return refuse(s, WCAP_E_DEV_SIZE);
    }
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_upload_end_tag;
    int rc = exec(s);
    int existed = s->up.existed;
    memset(&s->up, 0, sizeof s->up); /* the service ended the upload either way */
    if (rc != WCAP_OK)
        return refused(s);
    if (!install) {
        print_results(s, &dev->resp.body.result);
        return 205;
    }
    text_end_line(s);
    text_str(s, "installed ");
    text_str(s, dev->resp.body.installed.name);
    text_str(s, " v");
    text_u32(s, dev->resp.body.installed.version);
    text_add(s, "\n", 1);
    return existed ? 204 : 201;
}

/* The same link format as wcapd's (libcoap's rendering of its two resources). */
static const char well_known[] = "</run>;title=\"POST a blob: run it, answer output + result\","
                                 "</capsules>;title=\"GET: name version state ram\","
                                 "</info>;title=\"GET: the device\",</reboot>;title=\"POST: reset\","
                                 "</log>;title=\"GET ?since=N: what the capsules logged\"";

/* Routes a request; the answer's text is in s->text. */
static int route(wcap_coap_srv_t *s, uint32_t peer, const wcap_coap_req_t *r, uint64_t now, uint32_t *block1_out)
{
    enum { GET = 1, POST = 2, PUT = 3, DELETE = 4 };
    const char *p0 = r->path[0];

    if (r->path_bad)
        return refuse(s, WCAP_E_NET_NO_RESOURCE);
    if (r->n_path == 2 && !strcmp(p0, ".well-known") && !strcmp(r->path[1], "core")) {
        if (r->code != GET)
            return refuse(s, WCAP_E_NET_METHOD);
        text_str(s, well_known);
        return 205;
    }
    if (r->n_path == 1 && !strcmp(p0, "info"))
        return r->code == GET ? op_info(s) : refuse(s, WCAP_E_NET_METHOD);
    if (r->n_path == 1 && !strcmp(p0, "log"))
        return r->code == GET ? op_log(s, r->query) : refuse(s, WCAP_E_NET_METHOD);
    if (r->n_path == 1 && !strcmp(p0, "reboot"))
        return r->code == POST ? op_reboot(s) : refuse(s, WCAP_E_NET_METHOD);
    if (r->n_path == 1 && !strcmp(p0, "run")) {
        const char *exp = "run";
        if (r->code != POST)
            return refuse(s, WCAP_E_NET_METHOD);
        if (r->query[0] != '\0') {
            if (strncmp(r->query, "export=", 7) != 0 || r->query[7] == '\0')
                return refuse(s, WCAP_E_NET_NO_RESOURCE);
            exp = r->query + 7;
        }
        return op_body(s, peer, r, 0, "", exp, now, block1_out);
    }
    if (r->n_path == 0 || strcmp(p0, "capsules") != 0)
        return refuse(s, WCAP_E_NET_NO_RESOURCE);
    if (r->n_path == 1)
        return r->code == GET ? op_list(s) : refuse(s, WCAP_E_NET_METHOD);
    if (r->n_path == 2) {
        if (strlen(r->path[1]) > WCAP_NAME_MAX)
            return refuse(s, WCAP_E_LDR_NAME);
        if (r->code == PUT)
            return op_body(s, peer, r, 1, r->path[1], "", now, block1_out);
        if (r->code == DELETE)
            return op_remove(s, r->path[1]);
        return refuse(s, WCAP_E_NET_METHOD);
    }
    if (r->n_path == 3)
        return r->code == POST ? op_call(s, r->path[1], r->path[2], r) : refuse(s, WCAP_E_NET_METHOD);
    return refuse(s, WCAP_E_NET_NO_RESOURCE);
}

/* ---- the datagram ---------------------------------------------------------------- */

static size_t put_option(uint8_t *out, size_t pos, size_t cap, unsigned *last, unsigned num, const uint8_t *v, size_t n)
{
    unsigned d = num - *last; /* all our options are < 269 apart and < 13 long */
    if (pos == 0 || pos + 2 + n > cap || n >= 13)
        return 0;
    if (d < 13) {
        out[pos++] = (uint8_t)((d << 4) | n);
    } else {
        out[pos++] = (uint8_t)((13u << 4) | n);
        out[pos++] = (uint8_t)(d - 13);
    }
    if (n > 0)
        memcpy(out + pos, v, n); /* Content-Format text/plain has no value (v NULL) */
    *last = num;
    return pos + n;
}

static size_t put_uint_option(uint8_t *out, size_t pos, size_t cap, unsigned *last, unsigned num, uint32_t v)
{
    uint8_t b[4];
    size_t n = 0;
    for (int sh = 24; sh >= 0; sh -= 8)
        if ((v >> sh) != 0 || n > 0)
            b[n++] = (uint8_t)(v >> sh);
    return put_option(out, pos, cap, last, num, b, n);
}

static uint8_t code_byte(int c)
{
    return (uint8_t)(((c / 100) << 5) | (c % 100));
}

/* Header, options and the Block2 slice of s->text. */
static size_t answer(wcap_coap_srv_t *s, const wcap_coap_req_t *r, int code, uint32_t block1, uint8_t *out, size_t cap)
{
    unsigned last = 0;
    size_t pos;
    uint32_t szx = 6, num = 0;

    if (cap < 4u + r->tkl + 16u)
        return 0;
    out[0] = (uint8_t)(0x40 | ((r->type == T_CON ? T_ACK : T_NON) << 4) | r->tkl);
    out[1] = code_byte(code);
    uint16_t mid = r->type == T_CON ? r->mid : s->next_mid++;
    out[2] = (uint8_t)(mid >> 8);
    out[3] = (uint8_t)mid;
    memcpy(out + 4, r->token, r->tkl);
    pos = 4u + r->tkl;
    if (r->has_block2) {
        num = r->block2 >> 4;
        szx = r->block2 & 7u;
        if (szx > 6u)
            szx = 6u;
    }
    size_t bs = (size_t)16u << szx, off = (size_t)num * bs;
    if (off > s->text_len)
        off = s->text_len; /* past the end: an empty last block */
    size_t n = s->text_len - off;
    int more = n > bs;
    if (more)
        n = bs;
    if (s->text_len > 0)
        pos = put_option(out, pos, cap, &last, OPT_CONTENT_FORMAT, NULL, 0); /* text/plain */
    if (pos && (more || num > 0 || r->has_block2))
        pos = put_uint_option(out, pos, cap, &last, OPT_BLOCK2, (num << 4) | ((uint32_t)more << 3) | szx);
    if (pos && block1 != UINT32_MAX)
        pos = put_uint_option(out, pos, cap, &last, OPT_BLOCK1, block1);
    if (pos == 0)
        return 0;
    if (n > 0) {
        if (pos + 1 + n > cap)
            return 0;
        out[pos++] = 0xFF;
        memcpy(out + pos, s->text_buf + off, n);
        pos += n;
    }
    return pos;
}

void wcap_coap_srv_init(wcap_coap_srv_t *s, wcap_dev_t *dev, uint32_t max_body, uint32_t upload_timeout_ms)
{
    memset(s, 0, sizeof *s);
    s->dev = dev;
    s->max_body = max_body;
    s->upload_timeout_ms = upload_timeout_ms;
    s->next_mid = 0x5A00;
    s->text_buf = s->text;
    s->text_cap = (uint16_t)sizeof s->text;
}

void wcap_coap_srv_set_text(wcap_coap_srv_t *s, char *buf, size_t cap)
{
    if (buf == NULL || cap < 16u || cap > 0xFFFFu)
        return;
    s->text_buf = buf;
    s->text_cap = (uint16_t)cap;
    s->text_len = 0;
    s->text_valid = 0;
}

void wcap_coap_srv_set_notice(wcap_coap_srv_t *s, void (*fn)(void *user, int code, const uint8_t *text, size_t len),
                              void *user)
{
    s->notice = fn;
    s->notice_user = user;
}

static void text_reset(wcap_coap_srv_t *s)
{
    s->text_len = 0;
    s->text_mid_line = 0;
    s->text_valid = 0;
}

int wcap_coap_srv_route(wcap_coap_srv_t *s, uint32_t peer, const wcap_coap_req_t *r, uint64_t now_ms)
{
    uint32_t block1 = UINT32_MAX;
    text_reset(s);
    if (r->has_block1 || r->has_block2)
        return refuse(s, WCAP_E_NET_BLOCK_SEQ); /* whole requests only: the caller reassembles */
    return route(s, peer, r, now_ms, &block1);
}

int wcap_coap_srv_refuse(wcap_coap_srv_t *s, int err)
{
    text_reset(s);
    return refuse(s, err);
}

size_t wcap_coap_srv_handle(wcap_coap_srv_t *s, uint32_t peer, const uint8_t *in, size_t in_len, uint8_t *out,
                            size_t out_cap, uint64_t now_ms)
{
    wcap_coap_req_t r;
    int rc = wcap_coap_parse(in, in_len, &r), code;
    uint32_t block1 = UINT32_MAX;
    size_t n;

    if (rc == WCAP_E_NET_COAP_MSG || r.type == T_ACK || r.type == T_RST)
        return 0;      /* not for us to answer */
    if (r.code == 0) { /* empty: a CON is a ping, answered with a reset */
        if (r.type != T_CON || out_cap < 4)
            return 0;
        out[0] = 0x70;
        out[1] = 0;
        out[2] = (uint8_t)(r.mid >> 8);
        out[3] = (uint8_t)r.mid;
        return 4;
    }
    if ((r.code >> 5) != 0)
        return 0; /* a response: we made no request */
    if (r.type == T_CON && s->has_last && s->last_peer == peer && s->last_mid == r.mid && s->last_tkl == r.tkl &&
        memcmp(s->last_token, r.token, r.tkl) == 0) {
        if (s->last_len > out_cap)
            return 0;
        memcpy(out, s->last, s->last_len); /* a retransmission: the same answer, nothing run twice */
        return s->last_len;
    }
    if (r.has_block2 && (r.block2 >> 4) > 0 && s->text_valid && s->text_peer == peer) {
        code = 205; /* a further block of the last answer, not run again */
    } else {
        text_reset(s);
        if (rc == WCAP_E_NET_COAP_OPTION)
            code = refuse(s, WCAP_E_NET_COAP_OPTION);
        else if (r.has_block2 && (r.block2 >> 4) > 0 && r.code != 1)
            code = refuse(s, WCAP_E_NET_BLOCK_SEQ); /* only a GET can be answered again */
        else
            code = route(s, peer, &r, now_ms, &block1);
        s->text_valid = code >= 200 && code < 300;
        s->text_peer = peer;
    }
    n = answer(s, &r, code, block1, out, out_cap);
    if (n > 0 && r.type == T_CON && n <= sizeof s->last) {
        memcpy(s->last, out, n);
        s->last_len = (uint16_t)n;
        s->last_mid = r.mid;
        s->last_tkl = r.tkl;
        memcpy(s->last_token, r.token, r.tkl);
        s->last_peer = peer;
        s->has_last = 1;
    }
    return n;
}

int wcap_coap_srv_poll(wcap_coap_srv_t *s, uint64_t now_ms)
{
    if (!s->up.active || now_ms - s->up.last_ms < s->upload_timeout_ms)
        return 0;
    upload_drop(s); /* nothing installed changes: the new slot and the store's temporary record go */
    s->n_dropped++;
    return 1;
}
