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
} wcapc_check_t;

/* One decision per access of `a` (read from the same module): checks[i]
 * for access i. min_size: bytes the memory never has fewer of. Returns 0 and
 * a malloc'd array in *checks (free() it), or -1 with the reason in err. */
int wcapc_checks_decide(const wcapc_module_t *m, const wcapc_accesses_t *a, uint32_t min_size, wcapc_check_t **checks,
                        char *err, size_t errcap);

#endif /* WCAPC_WASM_CHECKS_H */
