/*
 * wcapd's CoAP operations: requests to the device service and text answers.
 * See coap_ops.h and docs/coap.md.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coap_ops.h"
#include "wcap/dev/coap_srv.h"
#include "wcap/dev/crc32.h"

#define CHUNK 200u /* wcap.UploadChunk.data max_size */

void wcapd_text_add(wcapd_text_t *t, const char *s, size_t n)
{
    size_t room = sizeof t->buf - 4 - t->len; /* keep room for "...\n" */
    if (t->len > sizeof t->buf - 4)
        return;
    if (n > room) {
        memcpy(t->buf + t->len, s, room);
        t->len += room;
        memcpy(t->buf + t->len, "...\n", 4);
        t->len = sizeof t->buf; /* full */
        return;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    if (n > 0)
        t->mid_line = s[n - 1] != '\n';
}

void wcapd_text_printf(wcapd_text_t *t, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n > 0)
        wcapd_text_add(t, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Capsule output: log lines end with a newline, reply bytes go as they are. */
static void sink(void *user, int kind, int code, const uint8_t *data, size_t len, int eol)
{
    wcapd_text_t *t = user;
    if (kind == wcap_EventKind_EVENT_DEVICE) {
        fprintf(stderr, "wcapd: %.*s (%s)\n", (int)len, (const char *)data, wcap_strerror(code));
        return;
    }
    wcapd_text_add(t, (const char *)data, len);
    if (kind == wcap_EventKind_EVENT_LOG && eol)
        wcapd_text_add(t, "\n", 1);
}

static void end_line(wcapd_text_t *t)
{
    if (t->len > 0 && t->mid_line)
        wcapd_text_add(t, "\n", 1);
}

/* The diagnostic of a refused request: "error: MESSAGE (code -0xNNN)". */
static int refused(wcap_dev_t *dev, wcapd_text_t *out)
{
    static const char *const after[] = {"", " (capsule restarted)", " (capsule stopped)"};
    int code = dev->resp.code;
    wcap_TrapAction a = dev->resp.which_body == wcap_Response_result_tag ? dev->resp.body.result.after_trap
                                                                        : wcap_TrapAction_TRAP_ACTION_NONE;
    end_line(out);
    if (code == WCAP_E_RT_TRAP)
        wcapd_text_printf(out, "trap: %s%s\n", dev->resp.message, (unsigned)a < 3u ? after[a] : "");
    else
        wcapd_text_printf(out, "error: %s (code -0x%X)\n", dev->resp.message, (unsigned)-code);
    return wcap_coap_code(code); /* the boards' table (device/coap_srv.c) */
}

static int exec(wcap_dev_t *dev, wcapd_text_t *out)
{
    wcap_dev_set_sink(dev, sink, out);
    int rc = wcap_dev_execute(dev);
    wcap_dev_set_sink(dev, NULL, NULL);
    return rc;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Begin + chunks + end; leaves the end's answer in dev->resp. */
static int upload(wcap_dev_t *dev, int mode, const char *name, const char *export_name, const uint8_t *blob,
                  size_t len, wcapd_text_t *out)
{
    if (len == 0 || len > UINT32_MAX) {
        memset(&dev->resp, 0, sizeof dev->resp);
        dev->resp.code = WCAP_E_DEV_SIZE;
        copy_str(dev->resp.message, sizeof dev->resp.message, wcap_strerror(WCAP_E_DEV_SIZE));
        return WCAP_E_DEV_SIZE;
    }
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_upload_begin_tag;
    wcap_UploadBegin *b = &dev->req.body.upload_begin;
    b->total = (uint32_t)len;
    b->mode = (wcap_UploadMode)mode;
    b->blob_crc = wcap_crc32(0, blob, len);
    copy_str(b->name, sizeof b->name, name);
    copy_str(b->export, sizeof b->export, export_name);
    if (exec(dev, out) != WCAP_OK)
        return dev->resp.code;
    for (size_t off = 0; off < len; off += CHUNK) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        memset(&dev->req, 0, sizeof dev->req);
        dev->req.which_body = wcap_Request_upload_chunk_tag;
        dev->req.body.upload_chunk.offset = (uint32_t)off;
        memcpy(dev->req.body.upload_chunk.data.bytes, blob + off, n);
        dev->req.body.upload_chunk.data.size = (pb_size_t)n;
        if (exec(dev, out) != WCAP_OK)
            return dev->resp.code; /* the service dropped the upload */
    }
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_upload_end_tag;
    return exec(dev, out);
}

static int installed(wcap_dev_t *dev, const char *name)
{
    for (uint32_t i = 0; i < WCAP_DEV_SLOTS; i++)
        if (dev->slots[i].state != wcap_CapsuleState_STATE_EMPTY && strcmp(dev->slots[i].cap.name, name) == 0)
            return 1;
    return 0;
}

int wcapd_op_install(wcap_dev_t *dev, const char *name, const uint8_t *blob, size_t len, wcapd_text_t *out)
{
    int existed = installed(dev, name);
    if (upload(dev, wcap_UploadMode_UPLOAD_INSTALL, name, "", blob, len, out) != WCAP_OK)
        return refused(dev, out);
    wcapd_text_printf(out, "installed %s v%" PRIu32 "\n", dev->resp.body.installed.name,
                      dev->resp.body.installed.version);
    return existed ? 204 : 201;
}

static void print_results(const wcap_CallResult *r, wcapd_text_t *out)
{
    end_line(out);
    for (pb_size_t i = 0; i < r->results_count; i++) {
        const wcap_Value *v = &r->results[i];
        const char *sp = i ? " " : "";
        switch (v->which_v) {
        case wcap_Value_i32_tag: wcapd_text_printf(out, "%s%" PRId32, sp, v->v.i32); break;
        case wcap_Value_i64_tag: wcapd_text_printf(out, "%s%" PRId64, sp, v->v.i64); break;
        case wcap_Value_f32_tag: wcapd_text_printf(out, "%s%.9g", sp, (double)v->v.f32); break;
        default: wcapd_text_printf(out, "%s%.17g", sp, v->v.f64); break;
        }
    }
    wcapd_text_add(out, "\n", 1);
}

int wcapd_op_run(wcap_dev_t *dev, const uint8_t *blob, size_t len, const char *export_name, wcapd_text_t *out)
{
    if (upload(dev, wcap_UploadMode_UPLOAD_RUN, "", export_name, blob, len, out) != WCAP_OK)
        return refused(dev, out);
    print_results(&dev->resp.body.result, out);
    return 205;
}

/* One argument by its signature character; 0 or -1. */
static int parse_arg(char type, const char *s, wcap_Value *v)
{
    char *end;
    switch (type) {
    case 'i': {
        long long x = strtoll(s, &end, 0);
        if (x < INT32_MIN || x > (long long)UINT32_MAX)
            return -1;
        v->which_v = wcap_Value_i32_tag;
        v->v.i32 = (int32_t)(uint32_t)x;
        break;
    }
    case 'I': v->which_v = wcap_Value_i64_tag; v->v.i64 = strtoll(s, &end, 0); break;
    case 'f': v->which_v = wcap_Value_f32_tag; v->v.f32 = strtof(s, &end); break;
    case 'F': v->which_v = wcap_Value_f64_tag; v->v.f64 = strtod(s, &end); break;
    default: return -1;
    }
    return (end == s || *end != '\0') ? -1 : 0;
}

/* Fills dev->req.body.call.args from `args` by `sig`; 0 or -1 (text set). */
static int parse_args(wcap_dev_t *dev, const char *sig, const char *args, wcapd_text_t *out)
{
    char buf[512], *save = NULL;
    wcap_CallReq *c = &dev->req.body.call;
    size_t np = strcspn(sig, ":");

    if (strlen(args) >= sizeof buf) {
        wcapd_text_printf(out, "error: arguments too long\n");
        return -1;
    }
    strcpy(buf, args);
    for (char *t = strtok_r(buf, " \t\r\n,", &save); t; t = strtok_r(NULL, " \t\r\n,", &save)) {
        if (c->args_count >= np || c->args_count >= WCAP_DEV_MAX_ARGS ||
            parse_arg(sig[c->args_count], t, &c->args[c->args_count]) != 0) {
            wcapd_text_printf(out, "error: arguments do not fit the signature %s\n", sig);
            return -1;
        }
        c->args_count++;
    }
    if (c->args_count != np) {
        wcapd_text_printf(out, "error: arguments do not fit the signature %s\n", sig);
        return -1;
    }
    return 0;
}

/* POST /capsules/<name>/start|stop: the lifecycle transition (the export of
 * that name, if any, runs as part of it), persisted across restarts. */
static int start_stop(wcap_dev_t *dev, const char *name, int start, wcapd_text_t *out)
{
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = start ? wcap_Request_start_tag : wcap_Request_stop_tag;
    copy_str(dev->req.body.start.name, sizeof dev->req.body.start.name, name); /* start/stop share NameReq */
    if (exec(dev, out) != WCAP_OK)
        return refused(dev, out);
    end_line(out);
    wcapd_text_printf(out, "%s %s\n", start ? "running" : "stopped", name);
    return 204;
}

int wcapd_op_call(wcap_dev_t *dev, const char *name, const char *export_name, const char *args, wcapd_text_t *out)
{
    char sig[sizeof dev->resp.body.sig.sig];

    if (!strcmp(export_name, "start") || !strcmp(export_name, "stop"))
        return start_stop(dev, name, export_name[2] == 'a', out);
    if (wcap_dev_authorize(dev, wcap_Request_call_tag) != WCAP_OK)
        return refused(dev, out); /* before Describe: a caller without the role learns nothing */

    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_describe_tag;
    copy_str(dev->req.body.describe.name, sizeof dev->req.body.describe.name, name);
    copy_str(dev->req.body.describe.export, sizeof dev->req.body.describe.export, export_name);
    if (exec(dev, out) != WCAP_OK)
        return refused(dev, out);
    copy_str(sig, sizeof sig, dev->resp.body.sig.sig);

    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_call_tag;
    copy_str(dev->req.body.call.name, sizeof dev->req.body.call.name, name);
    copy_str(dev->req.body.call.export, sizeof dev->req.body.call.export, export_name);
    if (parse_args(dev, sig, args, out) != 0)
        return 400;
    if (exec(dev, out) != WCAP_OK)
        return refused(dev, out);
    print_results(&dev->resp.body.result, out);
    return 205;
}

int wcapd_op_list(wcap_dev_t *dev, wcapd_text_t *out)
{
    uint32_t start = 0;
    do {
        memset(&dev->req, 0, sizeof dev->req);
        dev->req.which_body = wcap_Request_list_tag;
        dev->req.body.list.start = start;
        if (exec(dev, out) != WCAP_OK)
            return refused(dev, out);
        const wcap_CapsuleList *l = &dev->resp.body.list;
        for (pb_size_t i = 0; i < l->entries_count; i++)
            wcapd_text_printf(out, "%s %" PRIu32 " %s %" PRIu32 " %" PRIu32 "\n", l->entries[i].name,
                              l->entries[i].version, wcap_coap_state_name(l->entries[i].state), l->entries[i].ram,
                              l->entries[i].restarts);
        start = l->next;
    } while (start != 0);
    return 205;
}

int wcapd_op_remove(wcap_dev_t *dev, const char *name, wcapd_text_t *out)
{
    memset(&dev->req, 0, sizeof dev->req);
    dev->req.which_body = wcap_Request_remove_tag;
    copy_str(dev->req.body.remove.name, sizeof dev->req.body.remove.name, name);
    if (exec(dev, out) != WCAP_OK)
        return refused(dev, out);
    wcapd_text_printf(out, "removed %s\n", name);
    return 202;
}
