/*
 * The memory accesses of a module's function bodies, listed in the order
 * wasm2c 1.0.32 writes them into C: per defined function, every load, store
 * and memory.init/copy/fill that wasm2c emits (it writes nothing after an
 * unconditional branch, return or unreachable up to the end of that block's
 * instruction list, so neither does this list). Access k of function f is
 * the k-th access helper call in f's C body: the key that bounds-check
 * decisions made on the Wasm are applied to the C by (docs/toolchain.md).
 */
#ifndef WCAPC_WASM_ACCESS_H
#define WCAPC_WASM_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "wasm_check.h"
#include "wasm_code.h"

/* One kind of access: the wasm2c helper that performs it. */
typedef struct {
    const char *helper; /* i32_load, ..., memory_fill */
    uint8_t size;       /* bytes accessed; 0: a bulk operation (length at run time) */
    uint8_t is_store;
} wcapc_access_kind_t;

extern const wcapc_access_kind_t wcapc_access_kinds[];
extern const size_t wcapc_n_access_kinds;

typedef struct wcapc_accesses {
    uint32_t n_funcs; /* defined functions (imports excluded) */
    uint32_t *first;  /* n_funcs + 1 entries: function f's accesses are [first[f], first[f + 1]) */
    uint8_t *kind;    /* index into wcapc_access_kinds */
    uint32_t *offset; /* memarg offset; 0 for bulk operations */
    uint32_t n;
} wcapc_accesses_t;

/* Lists the accesses of `m` (parsed by wcapc_wasm_parse, bytes still alive).
 * Returns 0, or -1 with the reason in err (a is then empty). */
int wcapc_accesses_read(const wcapc_module_t *m, wcapc_accesses_t *a, char *err, size_t errcap);
void wcapc_accesses_free(wcapc_accesses_t *a);

/* The walk both the access list and the check analysis (wasm_checks.h) are
 * made from: for each defined function f, begin(ctx, f), then every
 * instruction of its body in code order with its access kind (index into
 * wcapc_access_kinds, or -1) and whether wasm2c writes it (live; else and
 * end are reported either way, they end dead code). */
typedef struct {
    void (*begin)(void *ctx, uint32_t func);
    void (*insn)(void *ctx, const wcapc_insn_t *in, int kind, int live);
    void *ctx;
} wcapc_code_visitor_t;

/* Walks every function body of `m`; *n_funcs gets their number. Returns 0,
 * or -1 with the reason in err. */
int wcapc_walk_functions(const wcapc_module_t *m, const wcapc_code_visitor_t *v, uint32_t *n_funcs, char *err,
                         size_t errcap);

#endif /* WCAPC_WASM_ACCESS_H */
