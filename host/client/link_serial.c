/* The device operations over the serial device protocol (`--port`,
 * docs/device-protocol.md): one request/response session (session.c),
 * uploads streamed in acknowledged chunks (upload.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "wcap/errors.h"
#include "diag.h"

static int copy_name(const char *name, char *dst, size_t cap)
{
    if (strlen(name) >= cap)
        return wcapc_fail(WCAPC_EXIT_USAGE, "'%s' is too long", name);
    strcpy(dst, name);
    return WCAPC_EXIT_OK;
}

/* Ends a half-printed output line, so what the command prints next starts a line. */
static void end_output_line(wcapc_link_t *l)
{
    if (l->sess.mid_line && !l->sess.json) {
        putchar('\n');
        l->sess.mid_line = 0;
    }
}

/* The session's --json output becomes the link's. */
static void take_output(wcapc_link_t *l)
{
    free(l->out);
    l->out = l->sess.out;
    l->out_len = l->sess.out_len;
    l->out_cap = l->sess.out_cap;
    l->sess.out = NULL;
    l->sess.out_len = l->sess.out_cap = 0;
}

static int call_outcome(wcapc_link_t *l, const wcap_Response *r, wcapc_call_out_t *out)
{
    memset(out, 0, sizeof *out);
    end_output_line(l);
    take_output(l);
    if (r->which_body == wcap_Response_result_tag) {
        out->has_stack_peak = r->body.result.stack_peak != 0;
        out->stack_peak = r->body.result.stack_peak;
    }
    if (r->code == WCAP_E_RT_TRAP) {
        out->trapped = 1;
        snprintf(out->trap, sizeof out->trap, "%s", r->message);
        if (r->which_body == wcap_Response_result_tag && (unsigned)r->body.result.after_trap < 3u)
            out->after_trap = (int)r->body.result.after_trap;
        return WCAPC_EXIT_OK;
    }
    if (r->code != 0)
        return wcapc_device_error(r);
    size_t used = 0;
    pb_size_t n = r->which_body == wcap_Response_result_tag ? r->body.result.results_count : 0;
    for (pb_size_t i = 0; i < n; i++) {
        char buf[64];
        wcapc_value_format(&r->body.result.results[i], buf, sizeof buf);
        int n = snprintf(out->results + used, sizeof out->results - used, "%s%s", i ? " " : "", buf);
        if (n < 0 || (size_t)n >= sizeof out->results - used)
            break;
        used += (size_t)n;
    }
    return WCAPC_EXIT_OK;
}

static int s_info(wcapc_link_t *l, wcap_DeviceInfo *out)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    rq.which_body = wcap_Request_info_tag;
    int rc = wcapc_sess_call(&l->sess, &rq, &rs, 0);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    if (rs.code != 0)
        return wcapc_device_error(&rs);
    *out = rs.body.info;
    return WCAPC_EXIT_OK;
}

static int s_list(wcapc_link_t *l, wcapc_entry_fn each, void *user)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    rq.which_body = wcap_Request_list_tag;
    do {
        int rc = wcapc_sess_call(&l->sess, &rq, &rs, 0);
        if (rc != WCAPC_EXIT_OK)
            return rc;
        if (rs.code != 0)
            return wcapc_device_error(&rs);
        for (pb_size_t i = 0; i < rs.body.list.entries_count; i++) {
            const wcap_CapsuleEntry *c = &rs.body.list.entries[i];
            wcapc_entry_t e;
            memset(&e, 0, sizeof e);
            snprintf(e.name, sizeof e.name, "%s", c->name);
            snprintf(e.state, sizeof e.state, "%s", wcapc_state_name((int)c->state));
            e.version = c->version;
            e.ram = c->ram;
            e.restarts = c->restarts;
            if ((rc = each(user, &e)) != WCAPC_EXIT_OK)
                return rc;
        }
        if (rs.body.list.next != 0 && rs.body.list.next <= rq.body.list.start)
            return wcapc_fail(WCAPC_EXIT_PROTOCOL, "device: the capsule list does not advance");
        rq.body.list.start = rs.body.list.next;
    } while (rs.body.list.next != 0);
    return WCAPC_EXIT_OK;
}

static int s_install(wcapc_link_t *l, const wcapc_blob_meta_t *m, uint32_t *version)
{
    wcap_UploadBegin b = wcap_UploadBegin_init_zero;
    wcap_Response end;
    b.mode = wcap_UploadMode_UPLOAD_INSTALL;
    memcpy(b.name, m->name, sizeof b.name);
    l->sess.want = m->name;
    int rc = wcapc_upload(&l->sess, l->o, m, &b, &end);
    end_output_line(l);
    take_output(l);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    if (end.code != 0)
        return wcapc_device_error(&end);
    *version = end.body.installed.version;
    return WCAPC_EXIT_OK;
}

static int s_run(wcapc_link_t *l, const wcapc_blob_meta_t *m, const wcapc_export_meta_t *e, char **args, int n,
                 wcapc_call_out_t *out)
{
    wcap_UploadBegin b = wcap_UploadBegin_init_zero;
    wcap_Response end;
    int rc;
    if (strlen(e->name) >= sizeof b.export)
        return wcapc_fail(WCAPC_EXIT_USAGE, "export name '%s' too long for the device protocol", e->name);
    b.mode = wcap_UploadMode_UPLOAD_RUN;
    strcpy(b.export, e->name);
    l->sess.want = m->name;
    if ((rc = wcapc_values_parse(e->sig, args, n, b.args, &b.args_count)) != WCAPC_EXIT_OK)
        return rc;
    if ((rc = wcapc_upload(&l->sess, l->o, m, &b, &end)) != WCAPC_EXIT_OK) {
        end_output_line(l);
        return rc;
    }
    return call_outcome(l, &end, out);
}

static int s_call(wcapc_link_t *l, const char *name, const char *export_name, char **args, int n, wcapc_call_out_t *out)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc;
    rq.which_body = wcap_Request_describe_tag;
    l->sess.want = name;
    if ((rc = copy_name(name, rq.body.describe.name, sizeof rq.body.describe.name)) != WCAPC_EXIT_OK ||
        (rc = copy_name(export_name, rq.body.describe.export, sizeof rq.body.describe.export)) != WCAPC_EXIT_OK ||
        (rc = wcapc_sess_call(&l->sess, &rq, &rs, 0)) != WCAPC_EXIT_OK)
        return rc;
    if (rs.code != 0)
        return wcapc_device_error(&rs);
    char sig[sizeof rs.body.sig.sig];
    memcpy(sig, rs.body.sig.sig, sizeof sig);
    memset(&rq, 0, sizeof rq);
    rq.which_body = wcap_Request_call_tag;
    strcpy(rq.body.call.name, name);
    strcpy(rq.body.call.export, export_name);
    if ((rc = wcapc_values_parse(sig, args, n, rq.body.call.args, &rq.body.call.args_count)) != WCAPC_EXIT_OK ||
        (rc = wcapc_sess_call(&l->sess, &rq, &rs, 70000)) != WCAPC_EXIT_OK) {
        end_output_line(l);
        return rc;
    }
    return call_outcome(l, &rs, out);
}

static int s_name_op(wcapc_link_t *l, wcapc_name_op_t op, const char *name)
{
    static const pb_size_t tags[] = {wcap_Request_remove_tag, wcap_Request_start_tag, wcap_Request_stop_tag};
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc;
    rq.which_body = tags[op];
    l->sess.want = name;
    /* remove, start and stop share the NameReq layout */
    if ((rc = copy_name(name, rq.body.remove.name, sizeof rq.body.remove.name)) != WCAPC_EXIT_OK ||
        (rc = wcapc_sess_call(&l->sess, &rq, &rs, 30000)) != WCAPC_EXIT_OK)
        return rc;
    wcapc_call_out_t t;
    rc = call_outcome(l, &rs, &t); /* the capsule's start or stop export may trap */
    return rc == WCAPC_EXIT_OK && t.trapped ? wcapc_trap_report(&t) : rc;
}

static int s_reboot(wcapc_link_t *l)
{
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    rq.which_body = wcap_Request_reboot_tag;
    int rc = wcapc_sess_call(&l->sess, &rq, &rs, 0);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    return rs.code != 0 ? wcapc_device_error(&rs) : WCAPC_EXIT_OK;
}

/* The device sends its capsules' output outside commands as events: labelled, as they come. */
static int s_monitor(wcapc_link_t *l, int wait_ms)
{
    l->sess.label = 1;
    return wcapc_sess_listen(&l->sess, wait_ms);
}

static void s_close(wcapc_link_t *l)
{
    wcapc_sess_close(&l->sess);
}

static const wcapc_link_ops_t serial_ops = {
    "serial", s_info, s_list, s_install, s_run, s_call, s_name_op, s_reboot, s_monitor, s_close,
};

int wcapc_link_open_serial(wcapc_link_t *l, const wcapc_dev_opts_t *o)
{
    l->ops = &serial_ops;
    return wcapc_sess_open(&l->sess, o);
}
