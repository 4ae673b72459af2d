/* Device commands without a blob: ls, rm, info, call, start, stop, reboot.
 * Each is written once over the device link (link.h), whatever the transport. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "client_cmds.h"
#include "json.h"
#include "imports.h"
#include "link.h"
#include "wcap/blob_format.h"
#include "wcap/errors.h"
#include "diag.h"

/* The one table of targets (format/include/wcap/target_ids.def). */
static const char *target_name(uint32_t t)
{
    return t == WCAP_TARGET_NONE ? "none" : wcapc_target_id_name(t);
}

/* Parses options and opens the link; returns WCAPC_EXIT_OK, -1 (--help
 * printed) or the code to exit with. */
static int start(int argc, char **argv, const char *usage, int min_pos, int max_pos, wcapc_dev_opts_t *o,
                 wcapc_link_t *l)
{
    memset(l, 0, sizeof *l);
    int rc = wcapc_dev_opts(argc, argv, usage, 0, 0, o);
    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? -1 : rc;
    if (o->n_pos < min_pos || o->n_pos > max_pos)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", usage);
    return wcapc_link_open(l, o);
}

static int finish(wcapc_link_t *l, int rc)
{
    wcapc_link_close(l);
    return rc < 0 ? WCAPC_EXIT_OK : rc;
}

typedef struct {
    int json;
    unsigned shown;
} ls_state_t;

static int ls_entry(void *user, const wcapc_entry_t *e)
{
    ls_state_t *st = user;
    if (st->json) {
        printf("%s{\"name\": ", st->shown ? ", " : "["); /* "[" once something came */
        wcapc_json_str(stdout, e->name);
        printf(", \"version\": %u, \"ram\": %u, \"state\": \"%s\", \"restarts\": %u}", (unsigned)e->version,
               (unsigned)e->ram, e->state, (unsigned)e->restarts);
    } else {
        printf("%-31s version %-10u ram %-8u %-7s restarts %u\n", e->name, (unsigned)e->version, (unsigned)e->ram,
               e->state, (unsigned)e->restarts);
    }
    st->shown++;
    return WCAPC_EXIT_OK;
}

int wcapc_cmd_ls(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    ls_state_t st = {0, 0};
    int rc = start(argc, argv, "wcap ls --port P|--coap URI [--json]", 0, 0, &o, &l);

    if (rc != WCAPC_EXIT_OK)
        return finish(&l, rc);
    st.json = o.json;
    rc = l.ops->list(&l, ls_entry, &st);
    if (o.json && rc == WCAPC_EXIT_OK)
        printf(st.shown ? "]\n" : "[]\n");
    else if (o.json && st.shown)
        printf("\n"); /* cut short: the failure is on stderr and in the exit code */
    if (rc == WCAPC_EXIT_OK && st.shown == 0)
        fprintf(stderr, "wcap: no capsules installed\n");
    return finish(&l, rc);
}

/* rm, start, stop: one operation on an installed capsule. */
static int name_cmd(int argc, char **argv, const char *usage, wcapc_name_op_t op, const char *done)
{
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    int rc = start(argc, argv, usage, 1, 1, &o, &l);

    if (rc == WCAPC_EXIT_OK && (rc = l.ops->name_op(&l, op, o.pos[0])) == WCAPC_EXIT_OK) {
        if (o.json) {
            printf("{\"%s\": ", done);
            wcapc_json_str(stdout, o.pos[0]);
            printf("}\n");
        } else {
            printf("%s %s\n", done, o.pos[0]);
        }
    }
    return finish(&l, rc);
}

int wcapc_cmd_rm(int argc, char **argv)
{
    return name_cmd(argc, argv, "wcap rm NAME --port P|--coap URI [--json]", WCAPC_OP_REMOVE, "removed");
}

int wcapc_cmd_start(int argc, char **argv)
{
    return name_cmd(argc, argv, "wcap start NAME --port P|--coap URI [--json]", WCAPC_OP_START, "started");
}

int wcapc_cmd_stop(int argc, char **argv)
{
    return name_cmd(argc, argv, "wcap stop NAME --port P|--coap URI [--json]", WCAPC_OP_STOP, "stopped");
}

static void key_ids(const wcap_DeviceInfo *in, int json)
{
    for (pb_size_t k = 0; k < in->key_ids_count; k++) {
        printf(json ? "%s\"" : "%s", json ? (k ? ", " : "") : " ");
        for (pb_size_t i = 0; i < in->key_ids[k].size; i++)
            printf("%02x", in->key_ids[k].bytes[i]);
        if (json)
            printf("\"");
    }
}

static void info_json(const wcap_DeviceInfo *in)
{
    printf("{\"firmware\": ");
    wcapc_json_str(stdout, in->firmware);
    printf(", \"target\": \"%s\", \"abi_version\": %u, \"protocol_version\": %u, \"engines\": %s",
           target_name(in->target), (unsigned)in->abi_version, (unsigned)in->protocol_version,
           (in->engines & 2u) ? "[\"aot\", \"interp\"]" : "[\"aot\"]");
    printf(", \"ram_free\": %u, \"ram_total\": %u, \"slots_free\": %u, \"slots_total\": %u", (unsigned)in->ram_free,
           (unsigned)in->ram_total, (unsigned)in->slots_free, (unsigned)in->slots_total);
    printf(", \"granted_caps\": ");
    wcapc_json_caps(stdout, in->granted_caps, wcapc_caps_format);
    printf(", \"frames_dropped\": %u, \"max_payload\": %u, \"trusted_keys\": [", (unsigned)in->frames_dropped,
           (unsigned)in->max_payload);
    key_ids(in, 1);
    printf("]}\n");
}

static void info_text(const wcap_DeviceInfo *in)
{
    printf("firmware:       %s\ntarget:         %s\nruntime ABI:    %u\nprotocol:       %u\n", in->firmware,
           target_name(in->target), (unsigned)in->abi_version, (unsigned)in->protocol_version);
    printf("engines:        %s\n", (in->engines & 2u) ? "aot, interp" : "aot");
    printf("capsule RAM:    %u free of %u bytes\nslots:          %u free of %u\n", (unsigned)in->ram_free,
           (unsigned)in->ram_total, (unsigned)in->slots_free, (unsigned)in->slots_total);
    printf("granted caps:   0x%02x\nframes dropped: %u\nmax payload:    %u\ntrusted keys:  ",
           (unsigned)in->granted_caps, (unsigned)in->frames_dropped, (unsigned)in->max_payload);
    key_ids(in, 0);
    putchar('\n');
}

int wcapc_cmd_info(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    wcap_DeviceInfo in;
    int rc = start(argc, argv, "wcap info --port P|--coap URI [--json]", 0, 0, &o, &l);

    if (rc == WCAPC_EXIT_OK && (rc = l.ops->info(&l, &in)) == WCAPC_EXIT_OK) {
        if (o.json)
            info_json(&in);
        else
            info_text(&in);
    }
    return finish(&l, rc);
}

int wcapc_call_report(wcapc_link_t *l, const char *capsule, const char *export_name, const wcapc_call_out_t *r)
{
    if (l->o->json)
        return wcapc_json_call_result(l, capsule, export_name, r);
    if (l->o->stack_peak) {
        if (r->has_stack_peak)
            fprintf(stderr, "stack_peak %lu\n", (unsigned long)r->stack_peak);
        else
            fprintf(stderr, "stack_peak n/a\n");
    }
    if (r->trapped)
        return wcapc_trap_report(r);
    if (r->results[0] != '\0')
        printf("%s\n", r->results);
    fflush(stdout);
    return WCAPC_EXIT_OK;
}

int wcapc_cmd_call(int argc, char **argv)
{
    static const char usage[] = "wcap call NAME EXPORT [ARGS...] --port P|--coap URI [--stack-peak] [--json]";
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    wcapc_call_out_t r;
    int rc = start(argc, argv, usage, 2, 2 + 8, &o, &l);

    if (rc == WCAPC_EXIT_OK && (rc = l.ops->call(&l, o.pos[0], o.pos[1], o.pos + 2, o.n_pos - 2, &r)) == WCAPC_EXIT_OK)
        rc = wcapc_call_report(&l, o.pos[0], o.pos[1], &r);
    return finish(&l, rc);
}

/* `wcap reboot`: the device answers, then resets (docs/device-protocol.md).
 * Installed capsules come back from its store. */
int wcapc_cmd_reboot(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    int rc = start(argc, argv, "wcap reboot --port P|--coap URI [--json]", 0, 0, &o, &l);

    if (rc == WCAPC_EXIT_OK && (rc = l.ops->reboot(&l)) == WCAPC_EXIT_OK)
        printf(o.json ? "{\"rebooting\": true}\n" : "rebooting\n");
    return finish(&l, rc);
}

/* `wcap monitor`: prints the capsules' output the device writes on its own
 * (their ticks, docs/device-protocol.md "Events"; over CoAP read from its
 * log, GET /log in docs/coap.md), "[NAME] line", until interrupted or the
 * device is gone. */
int wcapc_cmd_monitor(int argc, char **argv)
{
    wcapc_dev_opts_t o;
    wcapc_link_t l;
    int rc = start(argc, argv, "wcap monitor --port P|--coap URI", 0, 0, &o, &l);

    if (rc != WCAPC_EXIT_OK)
        return finish(&l, rc);
    const char *where = o.coap != NULL ? o.coap : o.port;
    fprintf(stderr, "wcap: monitoring %s: what the capsules log, until interrupted (Ctrl-C)\n", where);
    while ((rc = l.ops->monitor(&l, 500)) == WCAPC_EXIT_OK) {
    }
    if (rc == WCAPC_EXIT_CONNECT)
        fprintf(stderr, "wcap: the connection to %s is gone\n", where);
    return finish(&l, rc);
}
