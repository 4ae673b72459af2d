/* `wcap push BLOB --port P` and `wcap run BLOB --port P [--export NAME] [ARGS...]`. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "json.h"
#include "wcap/errors.h"
#include "wcapc.h"

#define PUSH_USAGE "wcap push BLOB --port tcp:HOST:PORT|DEVICE [--timeout MS] [--json]"
#define RUN_USAGE  "wcap run BLOB --port tcp:HOST:PORT|DEVICE [--export NAME] [--timeout MS] [--stack-peak] [--json] [ARGS...]"

int wcapc_push_install(wcapc_sess_t *s, const wcapc_dev_opts_t *o, const wcapc_blob_meta_t *m,
                       wcap_UploadBegin *b)
{
    wcap_Response end;
    int rc = wcapc_upload(s, o, m, b, &end);

    if (rc == WCAPC_EXIT_OK && end.code != 0)
        rc = wcapc_device_error(&end);
    else if (rc == WCAPC_EXIT_OK && o->json) {
        printf("{\"installed\": ");
        wcapc_json_str(stdout, end.body.installed.name);
        printf(", \"version\": %u, \"target\": \"%s\"}\n", (unsigned)end.body.installed.version,
               m->target == 0 ? "portable" : wcapc_target_id_name(m->target));
    } else if (rc == WCAPC_EXIT_OK)
        printf("installed %s version %u\n", end.body.installed.name, (unsigned)end.body.installed.version);
    return rc;
}

int wcapc_cmd_push(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    wcapc_dev_opts_t o;
    wcapc_blob_meta_t m;
    wcapc_sess_t s;
    wcap_UploadBegin b = wcap_UploadBegin_init_zero;
    int rc = wcapc_dev_opts(argc, argv, PUSH_USAGE, 0, 1, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.n_pos != 1)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", PUSH_USAGE);
    if ((rc = wcapc_blob_meta_read(o.pos[0], &m)) != WCAPC_EXIT_OK)
        return rc;
    if ((rc = wcapc_sess_open(&s, &o)) == WCAPC_EXIT_OK) {
        b.mode = wcap_UploadMode_UPLOAD_INSTALL;
        memcpy(b.name, m.name, sizeof b.name);
        if (o.corrupt_from >= 0)
            rc = wcapc_push_corrupt_each(&s, &o, &m, &b); /* test only */
        else
            rc = wcapc_push_install(&s, &o, &m, &b);
        wcapc_sess_close(&s);
    }
    wcapc_blob_meta_free(&m);
    return rc;
}

/* The export `run` calls: --export, else "run", else the only export. */
static const wcapc_export_meta_t *pick_export(const wcapc_blob_meta_t *m, const char *want)
{
    const wcapc_export_meta_t *e = wcapc_blob_meta_export(m, want ? want : "run");
    if (e == NULL && want == NULL && m->n_exports == 1)
        e = &m->exports[0];
    return e;
}

static int run_result(const wcap_Response *r, int stack_peak)
{
    if (stack_peak && r->which_body == wcap_Response_result_tag)
        wcapc_stack_peak_print(&r->body.result);
    if (r->code == WCAP_E_RT_TRAP)
        return wcapc_trap_print(r);
    if (r->code != 0)
        return wcapc_device_error(r);
    wcapc_values_print(r->body.result.results, r->body.result.results_count);
    return WCAPC_EXIT_OK;
}

int wcapc_cmd_run(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    wcapc_dev_opts_t o;
    wcapc_blob_meta_t m;
    wcapc_sess_t s;
    wcap_UploadBegin b = wcap_UploadBegin_init_zero;
    wcap_Response end;
    const wcapc_export_meta_t *e;
    int rc = wcapc_dev_opts(argc, argv, RUN_USAGE, 1, 1, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.n_pos < 1)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", RUN_USAGE);
    if ((rc = wcapc_blob_meta_read(o.pos[0], &m)) != WCAPC_EXIT_OK)
        return rc;
    if ((e = pick_export(&m, o.export_name)) == NULL) {
        wcapc_blob_meta_free(&m);
        return wcapc_fail(WCAPC_EXIT_USAGE, "%s has no export '%s'", o.pos[0], o.export_name ? o.export_name : "run");
    }
    if (strlen(e->name) >= sizeof b.export) {
        wcapc_blob_meta_free(&m);
        return wcapc_fail(WCAPC_EXIT_USAGE, "export name '%s' too long for the device protocol", e->name);
    }
    b.mode = wcap_UploadMode_UPLOAD_RUN;
    strcpy(b.export, e->name);
    if ((rc = wcapc_values_parse(e->sig, o.pos + 1, o.n_pos - 1, b.args, &b.args_count)) == WCAPC_EXIT_OK &&
        (rc = wcapc_sess_open(&s, &o)) == WCAPC_EXIT_OK) {
        rc = wcapc_upload(&s, &o, &m, &b, &end);
        if (rc == WCAPC_EXIT_OK && o.json) {
            rc = wcapc_json_call_result(&s, m.name, e->name, &end);
            wcapc_sess_close(&s);
            wcapc_blob_meta_free(&m);
            return rc;
        }
        if (s.mid_line) {
            putchar('\n');
            s.mid_line = 0;
        }
        if (rc == WCAPC_EXIT_OK)
            rc = run_result(&end, o.stack_peak);
        wcapc_sess_close(&s);
    }
    wcapc_blob_meta_free(&m);
    return rc;
}
