/* --json of the device commands: the answer to a call as one JSON object. */
#include <stdio.h>
#include <string.h>

#include "client.h"
#include "link.h"
#include "json.h"
#include "wcap/errors.h"
#include "wcap/targets.h"
#include "diag.h"

const char *wcapc_target_id_name(uint32_t id)
{
    const char *n = wcap_target_name(id);
    return n ? n : "unknown";
}

int wcapc_json_call_result(const wcapc_link_t *l, const char *capsule, const char *export_name,
                           const wcapc_call_out_t *r)
{
    static const char *const after[] = {"none", "restarted", "stopped"};
    printf("{\"capsule\": ");
    wcapc_json_str(stdout, capsule);
    printf(", \"export\": ");
    wcapc_json_str(stdout, export_name);
    printf(", \"output\": ");
    wcapc_json_lines(stdout, l->out ? l->out : "", l->out_len);
    if (r->trapped) {
        printf(", \"trap\": ");
        wcapc_json_str(stdout, r->trap);
        printf(", \"after_trap\": \"%s\"}\n", after[r->after_trap]);
        fflush(stdout);
        return WCAPC_EXIT_TRAP;
    }
    printf(", \"results\": [");
    char buf[sizeof r->results];
    snprintf(buf, sizeof buf, "%s", r->results);
    int i = 0;
    for (char *v = strtok(buf, " "); v != NULL; v = strtok(NULL, " ")) {
        printf("%s", i++ ? ", " : "");
        wcapc_json_number_text(stdout, v);
    }
    printf("]");
    if (r->has_stack_peak)
        printf(", \"stack_peak\": %lu", (unsigned long)r->stack_peak);
    printf("}\n");
    fflush(stdout);
    return WCAPC_EXIT_OK;
}
