/* --json of the device commands: the answer to a call as one JSON object. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "json.h"
#include "wcap/errors.h"
#include "wcap/targets.h"
#include "wcapc.h"

const char *wcapc_target_id_name(uint32_t id)
{
    const char *n = wcap_target_name(id);
    return n ? n : "unknown";
}

int wcapc_json_call_result(const wcapc_sess_t *s, const char *capsule, const char *export_name,
                           const wcap_Response *r)
{
    static const char *const after[] = {"none", "restarted", "stopped"};
    if (r->code != 0 && r->code != WCAP_E_RT_TRAP)
        return wcapc_device_error(r);
    printf("{\"capsule\": ");
    wcapc_json_str(stdout, capsule);
    printf(", \"export\": ");
    wcapc_json_str(stdout, export_name);
    printf(", \"output\": ");
    wcapc_json_lines(stdout, s->out ? s->out : "", s->out_len);
    if (r->code == WCAP_E_RT_TRAP) {
        wcap_TrapAction a = r->which_body == wcap_Response_result_tag ? r->body.result.after_trap
                                                                      : wcap_TrapAction_TRAP_ACTION_NONE;
        printf(", \"trap\": ");
        wcapc_json_str(stdout, r->message);
        printf(", \"after_trap\": \"%s\"}\n", (unsigned)a < 3u ? after[a] : "none");
        fflush(stdout);
        return WCAPC_EXIT_TRAP;
    }
    printf(", \"results\": [");
    for (pb_size_t i = 0; i < r->body.result.results_count; i++) {
        char buf[64];
        wcapc_value_format(&r->body.result.results[i], buf, sizeof buf);
        printf("%s", i ? ", " : "");
        wcapc_json_number_text(stdout, buf);
    }
    printf("]");
    if (r->which_body == wcap_Response_result_tag && r->body.result.stack_peak != 0)
        printf(", \"stack_peak\": %lu", (unsigned long)r->body.result.stack_peak);
    printf("}\n");
    fflush(stdout);
    return WCAPC_EXIT_OK;
}
