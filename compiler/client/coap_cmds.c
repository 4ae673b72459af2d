/*
 * `wcap push|run|ls|rm|call|start|stop ... --coap coap://HOST[:PORT]`: the
 * device commands over CoAP (docs/coap.md). Same output and exit codes as
 * over --port: the device's text answer is printed as it comes (log lines,
 * then the result on the last line); a refusal prints the device's
 * diagnostic and exits 14, a trap exits 15.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "coap_client.h"
#include "wcapc.h"

#define UPLOAD_TIMEOUT_MS 60000

int wcapc_coap_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--coap"))
            return 1;
    return 0;
}

/* Prints the answer; maps its code to an exit code. */
static int report(const wcapc_coap_resp_t *r)
{
    const char *body = r->body ? r->body : "";
    if (r->code / 100 == 2) {
        fputs(body, stdout);
        if (r->len > 0 && body[r->len - 1] != '\n')
            putchar('\n');
        fflush(stdout);
        return WCAPC_EXIT_OK;
    }
    const char *trap = strstr(body, "trap: ");
    if (r->code == 500 && trap != NULL && (trap == body || trap[-1] == '\n')) {
        fputs(body, stdout); /* output, then "trap: KIND" last */
        fflush(stdout);
        return WCAPC_EXIT_TRAP;
    }
    const char *diag = strstr(body, "error: ");
    size_t n = strcspn(diag ? diag + 7 : body, "\n");
    fprintf(stderr, "wcap: error: device: %d.%02d %.*s\n", r->code / 100, r->code % 100, (int)n,
            diag ? diag + 7 : body);
    return r->code / 100 == 4 || r->code / 100 == 5 ? WCAPC_EXIT_DEVICE : WCAPC_EXIT_PROTOCOL;
}

static int request(const wcapc_dev_opts_t *o, const char *method, const char *path, const char *query,
                   const uint8_t *data, size_t len)
{
    wcapc_coap_resp_t r;
    int timeout = len > 0 && o->timeout_ms < UPLOAD_TIMEOUT_MS ? UPLOAD_TIMEOUT_MS : o->timeout_ms;
    int rc = wcapc_coap_request(o->coap, &o->cred, method, path, query, data, len, timeout, len > 1024, &r);
    if (rc != WCAPC_EXIT_OK)
        return rc;
    rc = report(&r);
    wcapc_coap_resp_free(&r);
    return rc;
}

static int blob_cmd(const char *cmd, const wcapc_dev_opts_t *o)
{
    wcapc_blob_meta_t m;
    char path[64], query[80];
    int rc;

    if (o->n_pos != 1)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: wcap %s BLOB --coap coap://HOST[:PORT]%s", cmd,
                          cmd[0] == 'r' ? " [--export NAME] (no arguments over CoAP)" : "");
    if ((rc = wcapc_blob_meta_read(o->pos[0], &m)) != WCAPC_EXIT_OK)
        return rc;
    if (cmd[0] == 'p') {
        snprintf(path, sizeof path, "capsules/%s", m.name);
        rc = request(o, "PUT", path, NULL, m.data, m.len);
    } else {
        snprintf(query, sizeof query, "export=%s", o->export_name ? o->export_name : "run");
        rc = request(o, "POST", "run", query, m.data, m.len);
    }
    wcapc_blob_meta_free(&m);
    return rc;
}

/* NAME (and EXPORT) path segments: the device checks them; here only the length. */
static int seg_ok(const char *s)
{
    return strlen(s) > 0 && strlen(s) < 48 && strchr(s, '/') == NULL && strchr(s, '?') == NULL;
}

int wcapc_coap_cmd(int argc, char **argv)
{
    static const char usage[] = "wcap push|run|ls|rm|call|start|stop|info ... --coap coap[s]://HOST[:PORT] "
                                "[--identity ID --psk-file F] [--timeout MS]";
    const char *cmd = argv[0];
    wcapc_dev_opts_t o;
    char path[128], args[512] = "";
    int rc = wcapc_dev_opts(argc, argv, usage, !strcmp(cmd, "run"), 0, &o);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (!strcmp(cmd, "push") || !strcmp(cmd, "run"))
        return blob_cmd(cmd, &o);
    if (!strcmp(cmd, "info")) /* the device's resources */
        return o.n_pos == 0 ? request(&o, "GET", ".well-known/core", NULL, NULL, 0)
                            : wcapc_fail(WCAPC_EXIT_USAGE, "usage: wcap info --coap URI");
    if (!strcmp(cmd, "ls"))
        return o.n_pos == 0 ? request(&o, "GET", "capsules", NULL, NULL, 0)
                            : wcapc_fail(WCAPC_EXIT_USAGE, "usage: wcap ls --coap URI");
    for (int i = 0; i < o.n_pos && i < 2; i++)
        if (!seg_ok(o.pos[i]))
            return wcapc_fail(WCAPC_EXIT_USAGE, "bad name '%s'", o.pos[i]);
    if (!strcmp(cmd, "rm") && o.n_pos == 1) {
        snprintf(path, sizeof path, "capsules/%s", o.pos[0]);
        return request(&o, "DELETE", path, NULL, NULL, 0);
    }
    if ((!strcmp(cmd, "start") || !strcmp(cmd, "stop")) && o.n_pos == 1) {
        snprintf(path, sizeof path, "capsules/%s/%s", o.pos[0], cmd);
        return request(&o, "POST", path, NULL, NULL, 0);
    }
    if (!strcmp(cmd, "call") && o.n_pos >= 2) {
        for (int i = 2; i < o.n_pos; i++) {
            if (strlen(args) + strlen(o.pos[i]) + 2 >= sizeof args)
                return wcapc_fail(WCAPC_EXIT_USAGE, "arguments too long");
            strcat(strcat(args, i > 2 ? " " : ""), o.pos[i]);
        }
        snprintf(path, sizeof path, "capsules/%s/%s", o.pos[0], o.pos[1]);
        return request(&o, "POST", path, NULL, (const uint8_t *)args, strlen(args));
    }
    return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", usage);
}
