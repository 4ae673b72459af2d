/*
 * Calling capsule exports: typed argument checks against the export's
 * signature, output streamed as events while the capsule runs, results and
 * traps in the response. The requests that call are in cmd_capsules.c,
 * hooks.c and lifecycle.c.
 */
#include <string.h>

#include "dev_internal.h"
#include "wcap/rt_config.h"

/* Value tag expected for a signature character, 0 if none. */
static pb_size_t tag_for(char c)
{
    switch (c) {
    case 'i': return wcap_Value_i32_tag;
    case 'I': return wcap_Value_i64_tag;
    case 'f': return wcap_Value_f32_tag;
    case 'F': return wcap_Value_f64_tag;
    default: return 0;
    }
}

/* Checks args against "params:results"; returns the result count or an error. */
static int check_args(const char *sig, const wcap_Value *args, uint32_t n_args)
{
    uint32_t np, nr;
    if (wcap_rt_sig_parse(sig, &np, &nr) != 0)
        return WCAP_E_RT_ARGS;
    if (np > WCAP_DEV_MAX_ARGS || nr > WCAP_DEV_MAX_RESULTS)
        return WCAP_E_DEV_ARGS;
    if (np != n_args)
        return WCAP_E_RT_ARGS;
    for (uint32_t i = 0; i < np; i++)
        if (args[i].which_v != tag_for(sig[i]))
            return WCAP_E_RT_ARGS;
    return (int)nr;
}

static void to_val(const wcap_Value *a, wcap_val_t *v)
{
    switch (a->which_v) {
    case wcap_Value_i32_tag: v->i32 = (uint32_t)a->v.i32; break;
    case wcap_Value_i64_tag: v->i64 = (uint64_t)a->v.i64; break;
    case wcap_Value_f32_tag: v->f32 = a->v.f32; break;
    default: v->f64 = a->v.f64; break;
    }
}

static void from_val(char type, const wcap_val_t *v, wcap_Value *out)
{
    out->which_v = tag_for(type);
    switch (type) {
    case 'i': out->v.i32 = (int32_t)v->i32; break;
    case 'I': out->v.i64 = (int64_t)v->i64; break;
    case 'f': out->v.f32 = v->f32; break;
    default: out->v.f64 = v->f64; break;
    }
}

/* Runtime output sink: each log line or reply chunk becomes events of at most
 * WCAP_DEV_EVENT_MAX bytes; the last piece of a log line carries eol. */
static void out_sink(void *user, wcap_out_kind_t kind, const uint8_t *data, size_t len)
{
    wcap_dev_t *dev = user;
    int ek = kind == WCAP_OUT_REPLY ? wcap_EventKind_EVENT_REPLY : wcap_EventKind_EVENT_LOG;
    int eol = kind != WCAP_OUT_LOG_PART; /* a piece of a line (WASI fd_write): the line goes on */
    do {
        size_t n = len > WCAP_DEV_EVENT_MAX ? WCAP_DEV_EVENT_MAX : len;
        wcap_dev_send_event(dev, ek, 0, data, n, n == len && eol);
        data += n;
        len -= n;
    } while (len > 0);
}

void wcap_dev_call(wcap_dev_t *dev, int index, const char *export_name, const wcap_Value *args, uint32_t n_args)
{
    wcap_rt_capsule_t *c = &dev->slots[index].cap.rt;
    const wcap_export_t *e = wcap_rt_find_export(c, export_name);
    wcap_val_t vals[WCAP_DEV_MAX_ARGS];
    int nr, rc;

    if (e == NULL) {
        wcap_dev_set_error(&dev->resp, WCAP_E_RT_NO_EXPORT);
        return;
    }
    if ((nr = check_args(e->sig, args, n_args)) < 0) {
        wcap_dev_set_error(&dev->resp, nr);
        return;
    }
    memset(vals, 0, sizeof vals);
    for (uint32_t i = 0; i < n_args; i++)
        to_val(&args[i], &vals[i]);
    c->out = out_sink;
    c->out_user = dev;
    dev->out_capsule = dev->slots[index].cap.name;
    rc = wcap_rt_call_export(c, export_name, vals, WCAP_DEV_MAX_ARGS, &e);
    dev->out_capsule = NULL;
    c->out = NULL;
    c->out_user = NULL;

    memset(&dev->resp, 0, sizeof dev->resp); /* events used it meanwhile */
    dev->resp.which_body = wcap_Response_result_tag;
#if WCAP_RT_STACK_PEAK
    dev->resp.body.result.stack_peak = wcap_rt_stack_peak(); /* 0: painting off */
#endif
    if (rc == WCAP_E_RT_TRAP) {
        wcap_dev_set_error(&dev->resp, rc);
        dev->resp.body.result.trap = (uint32_t)c->last_trap;
        wcap_rt_trap_text(c, dev->resp.message, sizeof dev->resp.message);
        return;
    }
    if (rc != WCAP_OK) {
        wcap_dev_set_error(&dev->resp, rc);
        return;
    }
    const char *res = strchr(e->sig, ':') + 1;
    for (int i = 0; i < nr; i++)
        from_val(res[i], &vals[i], &dev->resp.body.result.results[i]);
    dev->resp.body.result.results_count = (pb_size_t)nr;
}
