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
 * `c` may be NULL. `grows` (may be NULL) is set to 1 when the sequence holds a
 * memory.grow, and left alone otherwise. Returns 1, or 0 with the reader's
 * failure set. */
int wcapc_walk_expr(wcapc_rd_t *r, wcapc_const_t *c, uint32_t *grows);

/* One instruction as wcapc_walk_code reports it: the opcode, the 0xFC
 * sub-opcode (0 otherwise), a load's or store's memarg offset, and the
 * immediate of the one-u32 instructions (br, br_if, call, local.*, global.*,
 * table.get/set) or i32.const's value as u32 (0 otherwise). */
typedef struct {
    uint8_t op;
    uint32_t sub;
    uint32_t offset;
    uint32_t imm;
} wcapc_insn_t;

typedef void (*wcapc_insn_fn)(void *ctx, const wcapc_insn_t *insn);

/* Like wcapc_walk_expr, calling fn(ctx, insn) for every instruction, in code
 * order, the closing `end` included. */
int wcapc_walk_code(wcapc_rd_t *r, wcapc_insn_fn fn, void *ctx);

/* Refuses a value type wcap does not support (v128); 1 if fine. */
int wcapc_check_valtype(wcapc_rd_t *r, uint8_t vt);

#endif /* WCAPC_WASM_CODE_H */
