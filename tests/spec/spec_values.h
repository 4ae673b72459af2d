/*
 * Typed Wasm values of the spec runner's script: parsing and bit-exact
 * comparison, with the spec's NaN rules (nan:canonical, nan:arithmetic).
 * Host C11.
 */
#ifndef SPEC_VALUES_H
#define SPEC_VALUES_H

#include <stdint.h>

#include "wcap/capsule_abi.h"

typedef enum {
    SPEC_EXACT = 0,     /* compare bits */
    SPEC_NAN_CANONICAL, /* any NaN with only the top mantissa bit set (either sign) */
    SPEC_NAN_ARITHMETIC /* any NaN with the top mantissa bit set */
} spec_match_t;

typedef struct {
    char type; /* signature letter: i=i32 I=i64 f=f32 F=f64 */
    spec_match_t match;
    uint64_t bits;
} spec_value_t;

/*
 * Parses "i32:N", "i64:N", "f32:N", "f64:N" (N = the value's bits as an
 * unsigned decimal), "f32:nan:canonical", "f64:nan:arithmetic", ...
 * Returns 0, or -1 for a malformed token.
 */
int spec_value_parse(const char *tok, spec_value_t *v);

/* Stores v into a wcap_val_t of its type. */
void spec_value_store(const spec_value_t *v, wcap_val_t *out);

/* Whether `got` (of type expected->type) satisfies `expected`. */
int spec_value_matches(const spec_value_t *expected, const wcap_val_t *got);

/* Formats `got` of type `type` as "i32:N" etc. into buf (at least 32 bytes). */
void spec_value_format(char type, const wcap_val_t *got, char *buf, unsigned len);

#endif /* SPEC_VALUES_H */
