/*
 * Walks wasm instruction sequences (function bodies and constant
 * expressions), decoding every immediate, and refuses the opcodes of
 * features wcap does not support, naming the feature.
 */
#ifndef WCAPC_WASM_CODE_H
#define WCAPC_WASM_CODE_H

#include <stdint.h>

#include "wasm_reader.h"

/* Result of a constant expression when it is exactly `i32.const N; end`. */
typedef struct {
    int is_i32_const;
    int32_t value;
} wcapc_const_t;

/* Reads instructions up to and including the `end` that closes the sequence.
 * `c` may be NULL. Returns 1, or 0 with the reader's failure set. */
int wcapc_walk_expr(wcapc_rd_t *r, wcapc_const_t *c);

/* Refuses a value type wcap does not support (v128); 1 if fine. */
int wcapc_check_valtype(wcapc_rd_t *r, uint8_t vt);

#endif /* WCAPC_WASM_CODE_H */
