/* Device commands without a blob: ls, rm, info, call, start, stop. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "json.h"
#include "wcap/blob_format.h"
#include "wcap/errors.h"
#include "wcapc.h"

static const char *state_name(wcap_CapsuleState s)
{
    static const char *names[] = {"empty", "ready", "running", "stopped"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

/* The one table of targets (format/include/wcap/target_ids.def). */
static const char *target_name(uint32_t t)
{
    return t == WCAP_TARGET_NONE ? "none" : wcapc_target_id_name(t);
}

/* Parses options, opens the session; returns WCAPC_EXIT_OK or the code to exit with. */
static int start(int argc, char **argv, const char *usage, int min_pos, int max_pos, wcapc_dev_opts_t *o,
                 wcapc_sess_t *s)
{
    int rc = wcapc_dev_opts(argc, argv, usage, 0, 0, o);
    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? -1 : rc;
    if (o->n_pos < min_pos || o->n_pos > max_pos)
        return wcapc_fail(WCAPC_EXIT_USAGE, "usage: %s", usage);
    return wcapc_sess_open(s, o);
}

static int name_arg(const char *name, char *dst, size_t cap)
{
    if (strlen(name) >= cap)
        return wcapc_fail(WCAPC_EXIT_USAGE, "'%s' is too long", name);
    strcpy(dst, name);
    return WCAPC_EXIT_OK;
}

int wcapc_cmd_ls(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    wcapc_dev_opts_t o;
    wcapc_sess_t s;
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc = start(argc, argv, "wcap ls --port P [--json]", 0, 0, &o, &s);
    unsigned shown = 0;

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    if (o.json)
        printf("[");
    rq.which_body = wcap_Request_list_tag;
    do {
        if ((rc = wcapc_sess_call(&s, &rq, &rs, 0)) != WCAPC_EXIT_OK)
            break;
        if (rs.code != 0) {
            rc = wcapc_device_error(&rs);
            break;
        }
        for (pb_size_t i = 0; i < rs.body.list.entries_count; i++) {
            const wcap_CapsuleEntry *e = &rs.body.list.entries[i];
            if (o.json) {
                printf("%s{\"name\": ", shown + i ? ", " : "");
                wcapc_json_str(stdout, e->name);
                printf(", \"version\": %u, \"ram\": %u, \"state\": \"%s\", \"restarts\": %u}",
                       (unsigned)e->version, (unsigned)e->ram, state_name(e->state), (unsigned)e->restarts);
                continue;
            }
            printf("%-31s version %-10u ram %-8u %-7s restarts %u\n", e->name, (unsigned)e->version,
                   (unsigned)e->ram, state_name(e->state), (unsigned)e->restarts);
        }
        shown += rs.body.list.entries_count;
        rq.body.list.start = rs.body.list.next;
    } while (rs.body.list.next != 0);
    if (o.json && rc == WCAPC_EXIT_OK)
        printf("]\n");
    else if (o.json)
        printf("\n"); /* the failure is on stderr and in the exit code; stdout is not JSON then */
    if (rc == WCAPC_EXIT_OK && shown == 0)
        fprintf(stderr, "wcap: no capsules installed\n");
    wcapc_sess_close(&s);
    return rc;
}

/* One request naming a capsule, answered without a body. */
static int simple(int argc, char **argv, const char *usage, pb_size_t tag, const char *done)
{
    wcapc_dev_opts_t o;
    wcapc_sess_t s;
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc = start(argc, argv, usage, 1, 1, &o, &s);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    rq.which_body = tag;
    /* remove, start and stop share the NameReq layout */
    if ((rc = name_arg(o.pos[0], rq.body.remove.name, sizeof rq.body.remove.name)) == WCAPC_EXIT_OK &&
        (rc = wcapc_sess_call(&s, &rq, &rs, 30000)) == WCAPC_EXIT_OK) {
        if (rs.code == WCAP_E_RT_TRAP) {
            rc = wcapc_trap_print(&rs);
        } else if (rs.code != 0) {
            rc = wcapc_device_error(&rs);
        } else {
            printf("%s %s\n", done, o.pos[0]);
        }
    }
    wcapc_sess_close(&s);
    return rc;
}

int wcapc_cmd_rm(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    return simple(argc, argv, "wcap rm NAME --port P", wcap_Request_remove_tag, "removed");
}

int wcapc_cmd_start(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    return simple(argc, argv, "wcap start NAME --port P", wcap_Request_start_tag, "started");
}

int wcapc_cmd_stop(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    return simple(argc, argv, "wcap stop NAME --port P", wcap_Request_stop_tag, "stopped");
}

int wcapc_cmd_info(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    wcapc_dev_opts_t o;
    wcapc_sess_t s;
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc = start(argc, argv, "wcap info --port P [--json]", 0, 0, &o, &s);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    rq.which_body = wcap_Request_info_tag;
    if ((rc = wcapc_sess_call(&s, &rq, &rs, 0)) == WCAPC_EXIT_OK) {
        const wcap_DeviceInfo *in = &rs.body.info;
        if (rs.code != 0) {
            rc = wcapc_device_error(&rs);
        } else if (o.json) {
            printf("{\"firmware\": ");
            wcapc_json_str(stdout, in->firmware);
            printf(", \"target\": \"%s\", \"abi_version\": %u, \"protocol_version\": %u, \"engines\": %s",
                   target_name(in->target), (unsigned)in->abi_version, (unsigned)in->protocol_version,
                   (in->engines & 2u) ? "[\"aot\", \"interp\"]" : "[\"aot\"]");
            printf(", \"ram_free\": %u, \"ram_total\": %u, \"slots_free\": %u, \"slots_total\": %u",
                   (unsigned)in->ram_free, (unsigned)in->ram_total, (unsigned)in->slots_free,
                   (unsigned)in->slots_total);
            printf(", \"granted_caps\": ");
            wcapc_json_caps(stdout, in->granted_caps);
            printf(", \"frames_dropped\": %u, \"max_payload\": %u, \"trusted_keys\": [",
                   (unsigned)in->frames_dropped, (unsigned)in->max_payload);
            for (pb_size_t k = 0; k < in->key_ids_count; k++) {
                printf("%s\"", k ? ", " : "");
                for (pb_size_t i = 0; i < in->key_ids[k].size; i++)
                    printf("%02x", in->key_ids[k].bytes[i]);
                printf("\"");
            }
            printf("]}\n");
        } else {
            printf("firmware:       %s\ntarget:         %s\nruntime ABI:    %u\nprotocol:       %u\n",
                   in->firmware, target_name(in->target), (unsigned)in->abi_version,
                   (unsigned)in->protocol_version);
            printf("engines:        %s\n", (in->engines & 2u) ? "aot, interp" : "aot");
            printf("capsule RAM:    %u free of %u bytes\nslots:          %u free of %u\n",
                   (unsigned)in->ram_free, (unsigned)in->ram_total, (unsigned)in->slots_free,
                   (unsigned)in->slots_total);
            printf("granted caps:   0x%02x\nframes dropped: %u\nmax payload:    %u\ntrusted keys:  ",
                   (unsigned)in->granted_caps, (unsigned)in->frames_dropped, (unsigned)in->max_payload);
            for (pb_size_t k = 0; k < in->key_ids_count; k++) {
                putchar(' ');
                for (pb_size_t i = 0; i < in->key_ids[k].size; i++)
                    printf("%02x", in->key_ids[k].bytes[i]);
            }
            putchar('\n');
        }
    }
    wcapc_sess_close(&s);
    return rc;
}

int wcapc_cmd_call(int argc, char **argv)
{
    if (wcapc_coap_wanted(argc, argv))
        return wcapc_coap_cmd(argc, argv);
    static const char usage[] = "wcap call NAME EXPORT [ARGS...] --port P [--stack-peak] [--json]";
    wcapc_dev_opts_t o;
    wcapc_sess_t s;
    wcap_Request rq = wcap_Request_init_zero;
    wcap_Response rs;
    int rc = start(argc, argv, usage, 2, 2 + 8, &o, &s);

    if (rc != WCAPC_EXIT_OK)
        return rc < 0 ? WCAPC_EXIT_OK : rc;
    rq.which_body = wcap_Request_describe_tag;
    if ((rc = name_arg(o.pos[0], rq.body.describe.name, sizeof rq.body.describe.name)) != WCAPC_EXIT_OK ||
        (rc = name_arg(o.pos[1], rq.body.describe.export, sizeof rq.body.describe.export)) != WCAPC_EXIT_OK ||
        (rc = wcapc_sess_call(&s, &rq, &rs, 0)) != WCAPC_EXIT_OK)
        goto out;
    if (rs.code != 0) {
        rc = wcapc_device_error(&rs);
        goto out;
    }
    char sig[sizeof rs.body.sig.sig];
    memcpy(sig, rs.body.sig.sig, sizeof sig);
    memset(&rq, 0, sizeof rq);
    rq.which_body = wcap_Request_call_tag;
    strcpy(rq.body.call.name, o.pos[0]);
    strcpy(rq.body.call.export, o.pos[1]);
    if ((rc = wcapc_values_parse(sig, o.pos + 2, o.n_pos - 2, rq.body.call.args, &rq.body.call.args_count)) !=
            WCAPC_EXIT_OK ||
        (rc = wcapc_sess_call(&s, &rq, &rs, 70000)) != WCAPC_EXIT_OK)
        goto out;
    if (o.json) {
        rc = wcapc_json_call_result(&s, o.pos[0], o.pos[1], &rs);
        goto out;
    }
    if (s.mid_line) {
        putchar('\n');
        s.mid_line = 0;
    }
    if (o.stack_peak && rs.which_body == wcap_Response_result_tag)
        wcapc_stack_peak_print(&rs.body.result);
    if (rs.code == WCAP_E_RT_TRAP) {
        rc = wcapc_trap_print(&rs);
    } else if (rs.code != 0) {
        rc = wcapc_device_error(&rs);
    } else {
        wcapc_values_print(rs.body.result.results, rs.body.result.results_count);
    }
out:
    wcapc_sess_close(&s);
    return rc;
}
