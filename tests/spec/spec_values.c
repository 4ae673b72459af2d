/* Typed values of the spec runner: parse, store, compare (spec_values.h). */
#include "spec_values.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *prefix;
    char type;
    uint64_t max;
} spec_type_t;

static const spec_type_t spec_types[] = {
    {"i32:", 'i', UINT32_MAX},
    {"i64:", 'I', UINT64_MAX},
    {"f32:", 'f', UINT32_MAX},
    {"f64:", 'F', UINT64_MAX},
};

int spec_value_parse(const char *tok, spec_value_t *v)
{
    for (size_t i = 0; i < sizeof spec_types / sizeof spec_types[0]; i++) {
        const spec_type_t *t = &spec_types[i];
        const char *rest;
        char *end;
        unsigned long long n;

        if (strncmp(tok, t->prefix, 4) != 0)
            continue;
        rest = tok + 4;
        v->type = t->type;
        v->bits = 0;
        if (strcmp(rest, "nan:canonical") == 0 || strcmp(rest, "nan:arithmetic") == 0) {
            if (t->type != 'f' && t->type != 'F')
                return -1;
            v->match = rest[4] == 'c' ? SPEC_NAN_CANONICAL : SPEC_NAN_ARITHMETIC;
            return 0;
        }
        if (*rest < '0' || *rest > '9')
            return -1;
        errno = 0;
        n = strtoull(rest, &end, 10);
        if (errno != 0 || *end != '\0' || n > t->max)
            return -1;
        v->match = SPEC_EXACT;
        v->bits = n;
        return 0;
    }
    return -1;
}

void spec_value_store(const spec_value_t *v, wcap_val_t *out)
{
    uint32_t b32 = (uint32_t)v->bits;
    memset(out, 0, sizeof *out);
    switch (v->type) {
    case 'i': out->i32 = b32; break;
    case 'f': memcpy(&out->f32, &b32, sizeof b32); break;
    case 'F': memcpy(&out->f64, &v->bits, sizeof v->bits); break;
    default: out->i64 = v->bits; break;
    }
}

static uint64_t value_bits(char type, const wcap_val_t *got)
{
    uint32_t b32;
    uint64_t b64;
    switch (type) {
    case 'i': return got->i32;
    case 'f': memcpy(&b32, &got->f32, sizeof b32); return b32;
    case 'F': memcpy(&b64, &got->f64, sizeof b64); return b64;
    default: return got->i64;
    }
}

int spec_value_matches(const spec_value_t *expected, const wcap_val_t *got)
{
    uint64_t bits = value_bits(expected->type, got);
    uint64_t exp_mask, quiet, mant_mask;

    if (expected->match == SPEC_EXACT)
        return bits == expected->bits;
    if (expected->type == 'f') {
        exp_mask = 0x7F800000u;
        quiet = 0x00400000u;
        mant_mask = 0x007FFFFFu;
    } else {
        exp_mask = 0x7FF0000000000000ull;
        quiet = 0x0008000000000000ull;
        mant_mask = 0x000FFFFFFFFFFFFFull;
    }
    if ((bits & exp_mask) != exp_mask || (bits & quiet) == 0)
        return 0;
    if (expected->match == SPEC_NAN_CANONICAL)
        return (bits & mant_mask) == quiet;
    return 1;
}

void spec_value_format(char type, const wcap_val_t *got, char *buf, unsigned len)
{
    static const char *const names[] = {"i32", "i64", "f32", "f64"};
    const char *name = type == 'i' ? names[0] : type == 'I' ? names[1] : type == 'f' ? names[2] : names[3];
    snprintf(buf, len, "%s:%" PRIu64, name, value_bits(type, got));
}
