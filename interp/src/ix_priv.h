/*
 * Internal interface between the interpreter's files. Not for callers.
 */
#ifndef WCAP_IX_PRIV_H
#define WCAP_IX_PRIV_H

#include <stdint.h>
#include <string.h>

#include "wcap/interp.h"
#include "wcap/interp_format.h"
#include "wcap/rt.h"

/* Nesting depth of blocks the validator accepts (its control stack lives on
 * the C stack during the load: 16 bytes per level). */
#ifndef WCAP_IX_MAX_DEPTH
#define WCAP_IX_MAX_DEPTH 64u
#endif

typedef uint64_t wcap_slot_t;

/* Calls a host function of one shape: args in a[0..), result to a[0]. */
typedef void (*wcap_ix_thunk_t)(const void *fn, void *ctx, wcap_slot_t *a);

/* A call frame, stacked downwards from the top of the value stack area. */
typedef struct {
    const uint8_t *ret;  /* caller's pc after the call */
    const uint8_t *code; /* caller's code base */
    wcap_slot_t *fp;     /* caller's frame base */
    uint32_t func;       /* caller's function */
} wcap_ix_frame_t;

/* One interpreted capsule's state (the instance; wcap_capsule_info_t inside). */
typedef struct {
    wcap_capsule_info_t info;
    uintptr_t stack_limit;       /* unused by the interpreter; the runtime writes it */
    volatile uint32_t interrupt; /* set by the runtime's timer: polled at loops and calls */
    wcap_rt_capsule_t *rt;
    const wcap_ib_header_t *h;
    const wcap_ib_type_t *types;
    const wcap_ib_func_t *funcs;
    const wcap_ib_global_t *gdefs;
    const wcap_ib_export_t *edefs;
    const wcap_ib_table_t *tdefs;
    const wcap_ib_data_t *ddefs;
    const wcap_ib_elem_t *sdefs;
    const uint8_t *code, *pool;
    wasm_rt_memory_t mem;
    wcap_slot_t *stack; /* value stack: slots up, frames down */
    uint8_t *stack_end;
    wasm_rt_funcref_table_t *tables;
    uint32_t *table_cap; /* elements allocated per table (>= size) */
    wcap_export_t *exports;
    const void **imports;
    uint8_t *import_shape; /* index into the thunk table */
    uint64_t *globals;
    uint8_t *dropped; /* bit per data segment, then per element segment */
} wcap_ix_t;

/* Scalars at any alignment, in the code and in linear memory. Every wcap
 * target is little-endian. memcpy is the portable form; GCC turns it into one
 * load where the target allows misaligned accesses (Arm, x86_64). On RV32,
 * GCC -Os keeps it a call to memcpy (the interpreter was 1.5-2x slower for
 * it), so there the access is one lw/lh/sw/sh through a may_alias type: the
 * same requirement as AOT capsules on rv32imac (misaligned scalar accesses
 * execute, WCAP_ACCESS_PTR in wasm-rt.h, docs/porting.md). */
#if defined(__riscv) && defined(__GNUC__)
#define WCAP_IX_LD(t, v, p)                           \
    do {                                              \
        typedef t __attribute__((may_alias)) ix_ua_t; \
        (v) = *(const ix_ua_t *)(const void *)(p);    \
    } while (0)
#define WCAP_IX_ST(t, p, v)                           \
    do {                                              \
        typedef t __attribute__((may_alias)) ix_ua_t; \
        *(ix_ua_t *)(void *)(p) = (v);                \
    } while (0)
#define WCAP_IX_INLINE static inline __attribute__((always_inline))
#else
#define WCAP_IX_LD(t, v, p) memcpy(&(v), (p), sizeof(t))
#define WCAP_IX_ST(t, p, v) memcpy((p), &(v), sizeof(t))
#define WCAP_IX_INLINE static inline
#endif

WCAP_IX_INLINE uint32_t wcap_ix_rd32(const uint8_t *p)
{
    uint32_t v;
    WCAP_IX_LD(uint32_t, v, p);
    return v;
}
WCAP_IX_INLINE uint16_t wcap_ix_rd16(const uint8_t *p)
{
    uint16_t v;
    WCAP_IX_LD(uint16_t, v, p);
    return v;
}

/* validate.c: every function's code; WCAP_OK or WCAP_E_IX_*. */
int wcap_ix_validate_code(const wcap_ix_t *ix);
/* Pops of numeric opcode 0x45..0xC4 (each pushes one). */
uint32_t wcap_ix_numeric_pops(uint8_t op);
/* Immediate bytes of `op` at `p` (BR_TABLE reads its count), or -1 for an unknown opcode. */
int32_t wcap_ix_imm_size(uint8_t op, const uint8_t *p, uint32_t avail);

/* hostcall.c: the thunk index for an import of type `t`, or -1. */
int wcap_ix_shape(const wcap_ix_t *ix, const wcap_ib_type_t *t);
extern const wcap_ix_thunk_t wcap_ix_thunks[];

/* exec.c: runs function `func` with its arguments in stack[0..nparams);
 * results are left in stack[0..nresults). Traps through wasm_rt_trap. */
void wcap_ix_run(wcap_ix_t *ix, uint32_t func);

/* table.c: funcref slots <-> runtime table entries. */
wasm_rt_funcref_t wcap_ix_ref_to_entry(const wcap_ix_t *ix, uint64_t ref);
uint64_t wcap_ix_entry_to_ref(const wcap_ix_t *ix, const wasm_rt_funcref_t *e);

#endif /* WCAP_IX_PRIV_H */
