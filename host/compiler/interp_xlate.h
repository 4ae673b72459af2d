/*
 * `wcap build --engine interp`: translation of a (validated) Wasm module into
 * the interpreter image (format/include/wcap/interp_format.h,
 * docs/interpreter.md). interp_xlate.c lays out the module sections,
 * interp_code.c translates one function body.
 */
#ifndef WCAPC_INTERP_XLATE_H
#define WCAPC_INTERP_XLATE_H

#include <stddef.h>
#include <stdint.h>

#include "pack.h"
#include "util.h"
#include "wasm_check.h"
#include "wasm_reader.h"

/* What the translation of one module needs to know about it. */
typedef struct {
    const wcapc_module_t *m;
    uint32_t *global_mut; /* per global: 1 when mutable (imports none) */
    uint32_t n_globals;
    uint32_t n_tables, n_data, n_elem;
} wcapc_ix_module_t;

/* Result of translating one body: bytecode appended to `code`. */
typedef struct {
    uint32_t n_locals;   /* beyond the parameters */
    uint32_t max_height; /* deepest operand stack */
} wcapc_ix_func_t;

/* Translates the body at r (positioned after its size, r->end = body end)
 * of a function of type `type`. Returns 1, or 0 with the reader's failure set. */
int wcapc_ix_body(wcapc_rd_t *r, const wcapc_ix_module_t *im, uint32_t type, wcapc_buf_t *code, wcapc_ix_func_t *out);

/* The translated image and its imports. */
typedef struct {
    wcapc_buf_t image;
    uint16_t imports[WCAP_MAX_IMPORTS]; /* symbol IDs, one per imported function */
    uint32_t n_imports;
    uint32_t instance_size, table_elems;
    uint32_t code_len;
} wcapc_ix_out_t;

/* Translates the module. `syms`/`n_syms` resolve import names (mangled as
 * wasm2c does: Z_<module>Z_<name>). Returns a WCAPC_EXIT_* code after printing
 * one error line. */
int wcapc_ix_translate(const uint8_t *wasm, size_t len, const wcapc_module_t *m, const wcapc_symdef_t *extra,
                       size_t n_extra, uint32_t caps, wcapc_ix_out_t *out);
void wcapc_ix_free(wcapc_ix_out_t *out);

#endif /* WCAPC_INTERP_XLATE_H */
