/* The device operations over CoAP (`--coap coap[s]://HOST[:PORT]`,
 * docs/coap.md): one request per operation (coap_client.c). The device
 * answers in text: what the capsule logged, then the operation's own line
 * (results, "installed ...", "trap: KIND ..."), or "error: MESSAGE (code
 * -0xNNN)" with a 4.xx/5.xx code; this file turns that back into the
 * operations' results, so the commands print the same as over --port. */
#define _GNU_SOURCE /* nanosleep */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coap_client.h"
#include "link.h"
#include "wcap/targets.h"
#include "diag.h"

#define UPLOAD_TIMEOUT_MS 60000

/* The last line of text[0..len) (without its newline): *start, *n. The
 * capsule's output is what comes before it (an empty last line is a call
 * without results). */
static void last_line(const char *text, size_t len, size_t *start, size_t *n)
{
    if (len > 0 && text[len - 1] == '\n')
        len--;
    size_t s = len;
    while (s > 0 && text[s - 1] != '\n')
        s--;
    *start = s;
    *n = len - s;
}

/* A refusal: the capsule's output before it, then "wcap: error: device:
 * MESSAGE (code -0xnnn)" on stderr, exactly as over --port. */
static int refusal(wcapc_link_t *l, wcapc_coap_resp_t *r)
{
    char msg[256];
    size_t st = 0, n = 0;
    if (r->body != NULL) {
        last_line(r->body, r->len, &st, &n);
        if (n > 7 && !strncmp(r->body + st, "error: ", 7)) {
            wcapc_link_output(l, r->body, st);
            st += 7;
            n -= 7;
        }
    }
    snprintf(msg, sizeof msg, "%.*s", (int)n, r->body ? r->body + st : "");
    char *code = strstr(msg, "(code -0x");
    for (char *p = code ? code + 9 : NULL; p && *p && *p != ')'; p++)
        *p = (char)tolower((unsigned char)*p); /* the serial client's spelling */
    if (msg[0] == '\0')
        fprintf(stderr, "wcap: error: device: CoAP %d.%02d\n", r->code / 100, r->code % 100);
    else
        fprintf(stderr, "wcap: error: device: %s\n", msg);
    wcapc_device_refusal_keep(msg);
    return r->code / 100 == 4 || r->code / 100 == 5 ? WCAPC_EXIT_DEVICE : WCAPC_EXIT_PROTOCOL;
}

static int request(wcapc_link_t *l, const char *method, const char *path, const char *query, const uint8_t *data,
                   size_t len, wcapc_coap_resp_t *r)
{
    const wcapc_dev_opts_t *o = l->o;
    int timeout = len > 0 && o->timeout_ms < UPLOAD_TIMEOUT_MS ? UPLOAD_TIMEOUT_MS : o->timeout_ms;
    memset(r, 0, sizeof *r);
    return wcapc_coap_request(o->coap, &o->cred, method, path, query, data, len, timeout, len > 1024, r);
}

/* GET PATH: WCAPC_EXIT_OK with the 2.xx answer in *r (the caller frees it),
 * or the failure (a refusal is reported and freed here). */
static int get_ok(wcapc_link_t *l, const char *path, wcapc_coap_resp_t *r)
{
    int rc = request(l, "GET", path, NULL, NULL, 0, r);
    if (rc == WCAPC_EXIT_OK && r->code / 100 != 2) {
        rc = refusal(l, r);
        wcapc_coap_resp_free(r);
    }
    return rc;
}

/* The answer's text before its last line is the capsule's output; *line is
 * the last line (NUL-terminated in place). 2.xx answers only. */
static char *split_answer(wcapc_link_t *l, wcapc_coap_resp_t *r)
{
    static char empty[1];
    size_t st, n;
    if (r->body == NULL)
        return empty;
    last_line(r->body, r->len, &st, &n);
    wcapc_link_output(l, r->body, st);
    r->body[st + n] = '\0';
    return r->body + st;
}

/* NAME (and EXPORT) path segments: the device checks them; here only what a URI cannot carry. */
static int segment(const char *s)
{
    if (strlen(s) == 0 || strlen(s) >= 48 || strchr(s, '/') != NULL || strchr(s, '?') != NULL)
        return wcapc_fail(WCAPC_EXIT_USAGE, "bad name '%s'", s);
    return WCAPC_EXIT_OK;
}

/* The numeric lines of GET /info, each a field of the serial Info answer (all uint32 in device.proto). */
static const struct {
    const char *key;
    size_t offset;
} info_fields[] = {
    {"abi", offsetof(wcap_DeviceInfo, abi_version)},
    {"protocol", offsetof(wcap_DeviceInfo, protocol_version)},
    {"engines", offsetof(wcap_DeviceInfo, engines)},
    {"ram_free", offsetof(wcap_DeviceInfo, ram_free)},
    {"ram_total", offsetof(wcap_DeviceInfo, ram_total)},
    {"slots_free", offsetof(wcap_DeviceInfo, slots_free)},
    {"slots_total", offsetof(wcap_DeviceInfo, slots_total)},
    {"granted_caps", offsetof(wcap_DeviceInfo, granted_caps)},
    {"frames_dropped", offsetof(wcap_DeviceInfo, frames_dropped)},
    {"max_payload", offsetof(wcap_DeviceInfo, max_payload)},
};

/* Sets the field `key` names from `value`; 0 when `key` is not a numeric field. */
static int info_number(wcap_DeviceInfo *out, const char *key, const char *value)
{
    for (size_t i = 0; i < sizeof info_fields / sizeof info_fields[0]; i++)
        if (!strcmp(info_fields[i].key, key)) {
            uint32_t x = (uint32_t)strtoul(value, NULL, 0);
            memcpy((char *)out + info_fields[i].offset, &x, sizeof x);
            return 1;
        }
    return 0;
}

static int c_info(wcapc_link_t *l, wcap_DeviceInfo *out)
{
    wcapc_coap_resp_t r;
    int rc = get_ok(l, "info", &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    memset(out, 0, sizeof *out);
    for (char *line = r.body ? strtok(r.body, "\n") : NULL; line; line = strtok(NULL, "\n")) {
        char *v = strchr(line, ' ');
        if (v == NULL)
            continue;
        *v++ = '\0';
        if (!strcmp(line, "firmware"))
            snprintf(out->firmware, sizeof out->firmware, "%s", v);
        else if (!strcmp(line, "target"))
            out->target = wcap_target_by_name(v);
        else if (info_number(out, line, v))
            continue;
        else if (!strcmp(line, "key") && out->key_ids_count < sizeof out->key_ids / sizeof out->key_ids[0]) {
            size_t n = 0;
            for (; n < sizeof out->key_ids[0].bytes && v[2 * n] && v[2 * n + 1]; n++) {
                unsigned b;
                if (sscanf(v + 2 * n, "%2x", &b) != 1)
                    break;
                out->key_ids[out->key_ids_count].bytes[n] = (uint8_t)b;
            }
            out->key_ids[out->key_ids_count].size = (pb_size_t)n;
            out->key_ids_count++;
        }
    }
    wcapc_coap_resp_free(&r);
    return WCAPC_EXIT_OK;
}

static int c_list(wcapc_link_t *l, wcapc_entry_fn each, void *user)
{
    wcapc_coap_resp_t r;
    int rc = get_ok(l, "capsules", &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    for (char *line = r.body ? strtok(r.body, "\n") : NULL; line && rc == WCAPC_EXIT_OK; line = strtok(NULL, "\n")) {
        wcapc_entry_t e;
        memset(&e, 0, sizeof e);
        if (sscanf(line, "%31s %u %11s %u %u", e.name, &e.version, e.state, &e.ram, &e.restarts) != 5) {
            rc = wcapc_fail(WCAPC_EXIT_PROTOCOL, "device: unexpected line in GET /capsules: '%s'", line);
            break;
        }
        rc = each(user, &e);
    }
    wcapc_coap_resp_free(&r);
    return rc;
}

/* The answer to a call or a run. */
static int call_answer(wcapc_link_t *l, wcapc_coap_resp_t *r, wcapc_call_out_t *out)
{
    static const char restarted[] = " (capsule restarted)", stopped[] = " (capsule stopped)";
    int rc = WCAPC_EXIT_OK;
    memset(out, 0, sizeof *out);
    if (r->code == 500 && r->body != NULL) {
        size_t st, n;
        last_line(r->body, r->len, &st, &n);
        if (n > 6 && !strncmp(r->body + st, "trap: ", 6)) {
            wcapc_link_output(l, r->body, st);
            char *kind = r->body + st + 6;
            kind[n - 6] = '\0';
            size_t k = strlen(kind), sr = sizeof restarted - 1, ss = sizeof stopped - 1;
            if (k > sr && !strcmp(kind + k - sr, restarted)) {
                out->after_trap = 1;
                kind[k - sr] = '\0';
            } else if (k > ss && !strcmp(kind + k - ss, stopped)) {
                out->after_trap = 2;
                kind[k - ss] = '\0';
            }
            out->trapped = 1;
            snprintf(out->trap, sizeof out->trap, "%s", kind);
            return WCAPC_EXIT_OK;
        }
    }
    if (r->code / 100 != 2)
        return refusal(l, r);
    snprintf(out->results, sizeof out->results, "%s", split_answer(l, r));
    return rc;
}

static int c_install(wcapc_link_t *l, const wcapc_blob_meta_t *m, uint32_t *version)
{
    char path[64];
    wcapc_coap_resp_t r;
    snprintf(path, sizeof path, "capsules/%s", m->name);
    int rc = request(l, "PUT", path, NULL, m->data, m->len, &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    if (r.code / 100 != 2)
        rc = refusal(l, &r);
    else
        (void)split_answer(l, &r); /* the last line says "installed NAME vN": the blob's version */
    wcapc_coap_resp_free(&r);
    *version = m->version;
    return rc;
}

static int c_run(wcapc_link_t *l, const wcapc_blob_meta_t *m, const wcapc_export_meta_t *e, char **args, int n,
                 wcapc_call_out_t *out)
{
    char query[80];
    wcapc_coap_resp_t r;
    (void)args;
    if (n > 0)
        return wcapc_fail(WCAPC_EXIT_USAGE, "CoAP's POST /run takes no arguments: install the capsule (wcap push) "
                                            "and use wcap call NAME EXPORT ARGS..., or run it over --port");
    snprintf(query, sizeof query, "export=%s", e->name);
    int rc = request(l, "POST", "run", query, m->data, m->len, &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    rc = call_answer(l, &r, out);
    wcapc_coap_resp_free(&r);
    return rc;
}

static int c_call(wcapc_link_t *l, const char *name, const char *export_name, char **args, int n, wcapc_call_out_t *out)
{
    char path[128], text[512] = "";
    wcapc_coap_resp_t r;
    int rc;
    if ((rc = segment(name)) != WCAPC_EXIT_OK || (rc = segment(export_name)) != WCAPC_EXIT_OK)
        return rc;
    for (int i = 0; i < n; i++) {
        if (strlen(text) + strlen(args[i]) + 2 >= sizeof text)
            return wcapc_fail(WCAPC_EXIT_USAGE, "arguments too long");
        strcat(strcat(text, i > 0 ? " " : ""), args[i]);
    }
    snprintf(path, sizeof path, "capsules/%s/%s", name, export_name);
    if ((rc = request(l, "POST", path, NULL, (const uint8_t *)text, strlen(text), &r)) != WCAPC_EXIT_OK)
        return rc;
    rc = call_answer(l, &r, out);
    wcapc_coap_resp_free(&r);
    return rc;
}

static int c_name_op(wcapc_link_t *l, wcapc_name_op_t op, const char *name)
{
    char path[128];
    wcapc_coap_resp_t r;
    int rc = segment(name);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    if (op == WCAPC_OP_REMOVE) {
        snprintf(path, sizeof path, "capsules/%s", name);
        rc = request(l, "DELETE", path, NULL, NULL, 0, &r);
    } else {
        snprintf(path, sizeof path, "capsules/%s/%s", name, op == WCAPC_OP_START ? "start" : "stop");
        rc = request(l, "POST", path, NULL, NULL, 0, &r);
    }
    if (rc != WCAPC_EXIT_OK)
        return rc;
    wcapc_call_out_t t;
    rc = call_answer(l, &r, &t); /* a start or stop export may trap */
    wcapc_coap_resp_free(&r);
    return rc == WCAPC_EXIT_OK && t.trapped ? wcapc_trap_report(&t) : rc;
}

static int c_reboot(wcapc_link_t *l)
{
    wcapc_coap_resp_t r;
    int rc = request(l, "POST", "reboot", NULL, NULL, 0, &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    rc = r.code / 100 == 2 ? WCAPC_EXIT_OK : refusal(l, &r);
    wcapc_coap_resp_free(&r);
    return rc;
}

static void sleep_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

static long long mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A poll that got no answer. Before the first answer it ends the monitor;
 * after it, the device is tried again for five request timeouts (a reboot, a
 * lost datagram) before it counts as gone (WCAPC_EXIT_CONNECT). */
static int poll_failed(wcapc_link_t *l, int rc, int wait_ms)
{
    long long now = mono_ms(), grace = 5LL * l->o->timeout_ms;
    if (rc != WCAPC_EXIT_CONNECT && rc != WCAPC_EXIT_TIMEOUT)
        return rc;
    if (!l->log_polled)
        return WCAPC_EXIT_CONNECT; /* the message is printed */
    if (l->log_silent_ms == 0) {
        l->log_silent_ms = now;
        fprintf(stderr, "wcap: the device does not answer; trying again for %.1f s\n", (double)grace / 1000.0);
    } else if (now - l->log_silent_ms >= grace) {
        return wcapc_fail(WCAPC_EXIT_CONNECT, "the device did not answer for %.1f s", (double)grace / 1000.0);
    }
    sleep_ms(wait_ms);
    return WCAPC_EXIT_OK;
}

/* One line of GET /log, "SEQ NAME text": printed "[NAME] text" when newer than `since`. */
static int log_line(char *line, uint32_t since)
{
    char *end, *name;
    unsigned long seq = strtoul(line, &end, 10);
    if (end == line || *end != ' ')
        return wcapc_fail(WCAPC_EXIT_PROTOCOL, "device: unexpected line in GET /log: '%s'", line);
    name = end + 1;
    char *text = strchr(name, ' ');
    if (text == NULL)
        return wcapc_fail(WCAPC_EXIT_PROTOCOL, "device: unexpected line in GET /log: '%s'", line);
    *text++ = '\0';
    if (seq > since)
        printf("[%s] %s\n", name[0] ? name : "device", text);
    return WCAPC_EXIT_OK;
}

/* The answer of GET /log: its lines, then "next M lost L more B boot X". A
 * new boot number: the device started again, and what it holds is all new. */
static int log_answer(wcapc_link_t *l, char *body, uint32_t since, uint32_t *next, int *more)
{
    unsigned long n = 0, lost = 0, boot = 0;
    int rc = WCAPC_EXIT_OK, status = 0;
    char *last = NULL;
    for (char *line = body, *nl; line != NULL && *line; line = nl) {
        if ((nl = strchr(line, '\n')) != NULL)
            *nl++ = '\0';
        last = line;
        status = !strncmp(line, "next ", 5) &&
                 sscanf(line, "next %lu lost %lu more %d boot %lu", &n, &lost, more, &boot) == 4;
    }
    if (!status || n > UINT32_MAX || boot > UINT32_MAX)
        return wcapc_fail(WCAPC_EXIT_PROTOCOL, "device: GET /log without its 'next M lost L more B boot X' line");
    if (l->log_polled && (uint32_t)boot != l->log_boot) {
        fprintf(stderr, "wcap: the device's log started again (a reboot?)\n");
        l->log_boot = (uint32_t)boot;
        *next = 0; /* poll again from its first line */
        *more = 1;
        return WCAPC_EXIT_OK;
    }
    l->log_boot = (uint32_t)boot;
    if (lost > 0)
        fprintf(stderr, "wcap: %lu line%s lost: the device's log overwrote %s before this poll\n", lost,
                lost == 1 ? "" : "s", lost == 1 ? "it" : "them");
    for (char *line = body, *following; rc == WCAPC_EXIT_OK && line != last; line = following) {
        following = line + strlen(line) + 1; /* before log_line cuts the line */
        rc = log_line(line, since);
    }
    fflush(stdout);
    *next = (uint32_t)n;
    return rc;
}

/* GET /log?since=N, the first time since the newest line (from now on);
 * a device that stops answering is tried again for a while (poll_failed). */
static int c_monitor(wcapc_link_t *l, int wait_ms)
{
    char query[32];
    wcapc_coap_resp_t r;
    uint32_t since = l->log_polled ? l->log_since : UINT32_MAX, next = since;
    int more = 0;
    char empty[1] = "";
    snprintf(query, sizeof query, "since=%lu", (unsigned long)since);
    wcapc_coap_quiet(l->log_polled); /* after the first answer, poll_failed says what happened */
    int rc = request(l, "GET", "log", query, NULL, 0, &r);
    wcapc_coap_quiet(0);
    if (rc != WCAPC_EXIT_OK)
        return poll_failed(l, rc, wait_ms);
    if (l->log_silent_ms != 0)
        fprintf(stderr, "wcap: the device answers again\n");
    l->log_silent_ms = 0;
    if (r.code / 100 != 2)
        rc = refusal(l, &r);
    else
        rc = log_answer(l, r.body ? r.body : empty, since, &next, &more);
    wcapc_coap_resp_free(&r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    l->log_since = next;
    l->log_polled = 1;
    if (!more)
        sleep_ms(wait_ms);
    return WCAPC_EXIT_OK;
}

static void c_close(wcapc_link_t *l)
{
    (void)l;
}

static const wcapc_link_ops_t coap_ops = {
    "coap", c_info, c_list, c_install, c_run, c_call, c_name_op, c_reboot, c_monitor, c_close,
};

int wcapc_link_open_coap(wcapc_link_t *l, const wcapc_dev_opts_t *o)
{
    (void)o;
    l->ops = &coap_ops; /* connectionless: each operation is one request (DTLS: one session) */
    return WCAPC_EXIT_OK;
}
