/* Typed Wasm values on the command line: parse arguments by an export's
 * signature ("params:results", i=i32 I=i64 f=f32 F=f64) and print results. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "diag.h"

static int parse_one(char type, const char *s, wcap_Value *v)
{
    char *end;
    errno = 0;
    switch (type) {
    case 'i': {
        long long x = strtoll(s, &end, 0);
        if (*end || !*s || errno || x < INT32_MIN || x > (long long)UINT32_MAX)
            return -1;
        v->which_v = wcap_Value_i32_tag;
        v->v.i32 = (int32_t)(uint32_t)x; /* 0..UINT32_MAX accepted as the same bits */
        return 0;
    }
    case 'I': {
        if (s[0] != '-') {
            unsigned long long u = strtoull(s, &end, 0);
            if (*end || !*s || errno)
                return -1;
            v->v.i64 = (int64_t)u;
        } else {
            long long x = strtoll(s, &end, 0);
            if (*end || errno)
                return -1;
            v->v.i64 = x;
        }
        v->which_v = wcap_Value_i64_tag;
        return 0;
    }
    case 'f':
        v->v.f32 = strtof(s, &end);
        v->which_v = wcap_Value_f32_tag;
        return (*end || !*s) ? -1 : 0;
    case 'F':
        v->v.f64 = strtod(s, &end);
        v->which_v = wcap_Value_f64_tag;
        return (*end || !*s) ? -1 : 0;
    default: return -1;
    }
}

int wcapc_values_parse(const char *sig, char **argv, int n, wcap_Value *out, pb_size_t *count)
{
    static const char *names[128] = {['i'] = "i32", ['I'] = "i64", ['f'] = "f32", ['F'] = "f64"};
    const char *colon = strchr(sig, ':');
    int np = colon ? (int)(colon - sig) : -1;

    if (np < 0)
        return wcapc_fail(WCAPC_EXIT_INPUT, "malformed export signature '%s'", sig);
    if (np != n)
        return wcapc_fail(WCAPC_EXIT_USAGE, "the export takes %d argument(s) (signature %s), %d given", np, sig, n);
    if (np > 8)
        return wcapc_fail(WCAPC_EXIT_USAGE, "at most 8 arguments can be sent to a device");
    for (int i = 0; i < n; i++) {
        char t = sig[i];
        if (parse_one(t, argv[i], &out[i]) != 0)
            return wcapc_fail(WCAPC_EXIT_USAGE, "argument %d '%s' is not a valid %s", i + 1, argv[i],
                              (unsigned char)t < 128 && names[(unsigned char)t] ? names[(unsigned char)t] : "value");
    }
    *count = (pb_size_t)n;
    return WCAPC_EXIT_OK;
}

int wcapc_value_format(const wcap_Value *v, char *buf, size_t cap)
{
    switch (v->which_v) {
    case wcap_Value_i32_tag: return snprintf(buf, cap, "%" PRId32, v->v.i32);
    case wcap_Value_i64_tag: return snprintf(buf, cap, "%" PRId64, v->v.i64);
    case wcap_Value_f32_tag: return snprintf(buf, cap, "%.9g", (double)v->v.f32);
    case wcap_Value_f64_tag: return snprintf(buf, cap, "%.17g", v->v.f64);
    default: return snprintf(buf, cap, "?");
    }
}
