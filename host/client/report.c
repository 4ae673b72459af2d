/* What the device commands print, shared by both transports (link.h):
 * capsule output (printed, or kept for --json), trap lines, state names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "diag.h"

void wcapc_link_output(wcapc_link_t *l, const char *text, size_t len)
{
    if (len == 0)
        return;
    if (!l->o->json) {
        fwrite(text, 1, len, stdout);
        if (text[len - 1] != '\n')
            putchar('\n');
        fflush(stdout);
        return;
    }
    if (l->out_len + len + 1 > l->out_cap) {
        size_t cap = l->out_len + len + 1 < 4096 ? 4096 : (l->out_len + len + 1) * 2;
        char *p = realloc(l->out, cap);
        if (p == NULL)
            return; /* out of memory: the output is dropped, the command goes on */
        l->out = p;
        l->out_cap = cap;
    }
    memcpy(l->out + l->out_len, text, len);
    l->out_len += len;
    l->out[l->out_len] = '\0';
}

const char *wcapc_state_name(int state)
{
    static const char *const names[] = {"empty", "ready", "running", "stopped"};
    return state >= 0 && state < 4 ? names[state] : "?";
}

int wcapc_trap_report(const wcapc_call_out_t *r)
{
    static const char *const after[] = {"", " (capsule restarted)", " (capsule stopped)"};
    printf("trap: %s%s\n", r->trap, after[(unsigned)r->after_trap < 3u ? r->after_trap : 0]);
    fflush(stdout);
    return WCAPC_EXIT_TRAP;
}

/* The message of the last device refusal printed (both transports). */
static char last_refusal[256];

void wcapc_device_refusal_keep(const char *message)
{
    snprintf(last_refusal, sizeof last_refusal, "%s", message);
}

const char *wcapc_device_refusal_last(void)
{
    return last_refusal;
}
