/*
 * The bounds-check analysis, made on the Wasm: for every memory access
 * (numbered as wasm_access.h numbers them) a decision of how the C checks
 * it. w2c_checks.c then applies the decisions to wasm2c's output, access
 * by access. docs/toolchain.md "Bounds checks" gives the rules and why each
 * keeps Wasm's trap semantics exactly.
 */
#ifndef WCAPC_WASM_CHECKS_H
#define WCAPC_WASM_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "wasm_access.h"

typedef enum {
    WCAPC_CHECK_FULL = 0,   /* wasm2c's own check, unchanged */
    WCAPC_CHECK_NONE = 1,   /* proven below the memory's guaranteed size: no check */
    WCAPC_CHECK_ONE = 2,    /* a lone access without a constant offset: WCAP_CHECK_ONE */
    WCAPC_CHECK_GROUP = 3,  /* the first of a group: one WCAP_SPAN_CHECK for all of it */
    WCAPC_CHECK_COVERED = 4 /* a later member of a group: checked by its first */
} wcapc_check_kind_t;

extern const char *const wcapc_check_kind_names[5]; /* "full", "none", "one", "group", "covered" */

typedef struct wcapc_check {
    uint8_t kind;   /* wcapc_check_kind_t */
    uint32_t group; /* GROUP and COVERED: the access number of the group's first access */
    uint32_t lo;    /* GROUP: the checked range starts at (u32)(base + lo), base the access's address operand */
    uint32_t span;  /* GROUP: bytes the one check covers, 1..65536 */
    uint32_t loop;  /* FULL, ONE, GROUP: 1 + the index of the loop whose entry test covers it, or 0 */
} wcapc_check_t;

#define WCAPC_NO_LOCAL UINT32_MAX

/*
 * Loop-level checks. A counted loop (wasm_checks.c, "Loops") runs its body
 * T times at most, T computed on entry from the exit test
 * "(e + e_off) CMP bound" (e a local stepped by e_step once per iteration).
 * Each covered check has a range: in iteration k (0 <= k < T) its address is
 *   inv + (iv + ivoff + k * step) * 2^shift + c      (inv, iv: entry values)
 * and the check is "that address + extra > memory size" (extra = memarg
 * offset + access size, or a group's span with its lo in c). One test on
 * entry, that every such address of every iteration lies in [0, 2^32) and
 * fits, lets the body skip the covered checks; otherwise they all run.
 */
typedef struct wcapc_loop_range {
    uint32_t access;     /* the check's access number */
    uint32_t inv, iv;    /* locals (WCAPC_NO_LOCAL: no such term) */
    int32_t ivoff, step; /* iv's term, see above */
    uint8_t shift;       /* 0..4 */
    int64_t c;
    uint32_t extra;
} wcapc_loop_range_t;

typedef struct wcapc_loop {
    uint32_t func;    /* the defined function (as wcapc_accesses_t numbers them) */
    uint32_t nparams; /* its locals below this are parameters (wasm2c: w2c_p<k>, others w2c_l<k>) */
    uint32_t label;   /* wasm2c's label number: the loop starts at "w2c_L<label>: " */
    uint8_t cmp;      /* 0x47 ne, 0x48 lt_s, 0x49 lt_u, 0x4A gt_s, 0x4B gt_u */
    uint32_t e_local; /* the exit test's local */
    int32_t e_off, e_step;
    uint32_t n_local; /* the bound is n_local + n_off (WCAPC_NO_LOCAL: the constant n_off) */
    uint32_t n_off;
    uint32_t first_range, n_ranges;
} wcapc_loop_t;

typedef struct wcapc_loops {
    wcapc_loop_t *loops;
    uint32_t n;
    wcapc_loop_range_t *ranges;
    uint32_t n_ranges;
} wcapc_loops_t;

/* One decision per access of `a` (read from the same module): checks[i]
 * for access i. min_size: bytes the memory never has fewer of. loops: when
 * not NULL, also the loop-level checks (free with wcapc_loops_free); the
 * decisions' `loop` fields then point into it. Returns 0 and a malloc'd
 * array in *checks (free() it), or -1 with the reason in err. */
int wcapc_checks_decide(const wcapc_module_t *m, const wcapc_accesses_t *a, uint32_t min_size, wcapc_check_t **checks,
                        wcapc_loops_t *loops, char *err, size_t errcap);
void wcapc_loops_free(wcapc_loops_t *loops);

#endif /* WCAPC_WASM_CHECKS_H */
