/*
 * Host API and capability tables.
 */
#include "host_api.h"

#include <stdio.h>
#include <string.h>

#include "wcap/blob_format.h"

static const wcapc_host_fn_t host_fns[] = {
#define WCAPC_HOST(name, params, results, cap) {#name, params, results, cap},
#include "host_api.def"
#undef WCAPC_HOST
};

static const struct {
    const char *name;
    uint32_t    bit;
} caps[] = {
#define WCAPC_CAP(name, bit) {#name, bit},
#include "caps.def"
#undef WCAPC_CAP
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const wcapc_host_fn_t *wcapc_host_find(const char *name, size_t len)
{
    for (size_t i = 0; i < COUNT(host_fns); i++)
        if (strlen(host_fns[i].name) == len && !memcmp(host_fns[i].name, name, len))
            return &host_fns[i];
    return NULL;
}

void wcapc_host_list(char *out, size_t cap)
{
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < COUNT(host_fns) && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s(%s)->(%s)", i ? ", " : "", host_fns[i].name,
                         host_fns[i].params, host_fns[i].results);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

uint32_t wcapc_cap_bit(const char *name)
{
    for (size_t i = 0; i < COUNT(caps); i++)
        if (!strcmp(caps[i].name, name))
            return caps[i].bit;
    return 0;
}

void wcapc_caps_format(uint32_t mask, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < COUNT(caps) && used < cap; i++) {
        if (!(mask & caps[i].bit))
            continue;
        int n = snprintf(out + used, cap - used, "%s%s", used ? "," : "", caps[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (!used && cap > 1)
        snprintf(out, cap, "-");
}
