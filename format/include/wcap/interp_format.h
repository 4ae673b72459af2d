/*
 * The image of an interpreted capsule (manifest engine = WCAP_ENGINE_INTERP,
 * docs/interpreter.md, docs/blob-format.md): what `wcap build --engine interp`
 * writes as the blob's image and what the device interpreter runs in place.
 * Shared by the host translator (C11) and the device (C99).
 *
 * All integers little-endian. The image starts with wcap_ib_header_t; every
 * section is an array of fixed-size records at an 8-aligned image offset; the
 * pool holds names, signatures, value types, data bytes and element items.
 * The device checks every offset, count and index before anything runs.
 */
#ifndef WCAP_INTERP_FORMAT_H
#define WCAP_INTERP_FORMAT_H

#include <stdint.h>

#define WCAP_IB_MAGIC 0x31424957u /* "WIB1" */
#define WCAP_ENGINE_AOT 0u
#define WCAP_ENGINE_INTERP 1u
#define WCAP_IB_NO_START 0xFFFFFFFFu

/* Immediate layouts (bytes after the opcode). */
enum {
    WCAP_IMM_NONE = 0, /* 0 */
    WCAP_IMM_U32,      /* 4: index, offset or i32/f32 bits */
    WCAP_IMM_U64,      /* 8: i64/f64 bits */
    WCAP_IMM_U32X2,    /* 8: two indices */
    WCAP_IMM_BLOCK,    /* 8: u32 pc of its END, u16 params, u16 results */
    WCAP_IMM_IF,       /* 12: u32 false target (after ELSE, else END + 1), then as BLOCK */
    WCAP_IMM_LOOP,     /* 4: u16 params, u16 results */
    WCAP_IMM_BR,       /* 10: u32 target (0xFFFFFFFF: return), u32 drop, u16 keep */
    WCAP_IMM_TABLE     /* 4 + 10*(n+1): u32 n, then n+1 BR immediates (the last is the default) */
};
#define WCAP_IB_BR_SIZE 10u

enum {
#define WCAP_IOP(code, name, imm, pops, pushes) WCAP_OP_##name = code,
#include "wcap/interp_ops.def"
#undef WCAP_IOP
    WCAP_OP_NUMERIC_FIRST = 0x45,
    WCAP_OP_NUMERIC_LAST = 0xC4
};

typedef struct {
    uint32_t magic;
    uint32_t n_types, n_funcs, n_imports, n_globals, n_exports, n_tables, n_data, n_elem;
    uint32_t start;                                    /* function index or WCAP_IB_NO_START */
    uint32_t has_memory, mem_min_pages, mem_max_pages; /* declared limits (max 65536 when none) */
    uint32_t off_types, off_funcs, off_globals, off_exports, off_tables, off_data, off_elem;
    uint32_t off_code, code_len, off_pool, pool_len;
} wcap_ib_header_t;

typedef struct {
    uint16_t nparams, nresults;
    uint32_t vtypes; /* pool offset of nparams + nresults Wasm value type bytes */
    uint32_t canon;  /* index of the first structurally equal type (call_indirect identity) */
} wcap_ib_type_t;

typedef struct {
    uint32_t type;
    uint32_t code;       /* offset in the code section; imports: 0 */
    uint32_t code_len;   /* imports: 0 */
    uint16_t n_locals;   /* locals beyond the parameters */
    uint16_t max_height; /* deepest operand stack, in slots */
} wcap_ib_func_t;

enum { WCAP_IB_INIT_CONST = 0, WCAP_IB_INIT_GLOBAL = 1, WCAP_IB_INIT_FUNC = 2 };

typedef struct {
    uint8_t vtype, mut, init_kind, pad;
    uint32_t init_index; /* global or function index (INIT_GLOBAL, INIT_FUNC) */
    uint64_t value;      /* INIT_CONST bits */
} wcap_ib_global_t;

typedef struct {
    uint32_t func;
    uint32_t name; /* pool offset, NUL-terminated */
    uint32_t sig;  /* pool offset, NUL-terminated "params:results" */
} wcap_ib_export_t;

typedef struct {
    uint32_t min, reserve; /* elements at start, elements reserved (declared max, else min) */
    uint32_t max;          /* declared maximum (0xFFFFFFFF when none) */
} wcap_ib_table_t;

enum { WCAP_IB_SEG_ACTIVE = 0, WCAP_IB_SEG_PASSIVE = 1, WCAP_IB_SEG_DECLARED = 2 };

typedef struct {
    uint32_t mode;
    uint32_t off_kind;  /* WCAP_IB_INIT_CONST or _GLOBAL (active only) */
    uint32_t off_value; /* constant offset, or global index */
    uint32_t bytes, len;
} wcap_ib_data_t;

typedef struct {
    uint32_t mode, table;
    uint32_t off_kind, off_value;
    uint32_t items, count; /* pool offset of `count` u32: function index + 1, or 0 for null */
} wcap_ib_elem_t;

/* Bytes of device state one interpreted capsule may need beyond its value
 * stack (the manifest's instance_size; the device refuses a larger need).
 * Counted with 8-byte pointers so one figure fits every device. */
#define WCAP_IB_INSTANCE_FIXED 320u
#define WCAP_IB_INSTANCE_SIZE(n_exports, n_imports, n_globals, n_tables, n_segs)                                       \
    (WCAP_IB_INSTANCE_FIXED + 24u * (uint32_t)(n_exports) + 12u * (uint32_t)(n_imports) + 8u * (uint32_t)(n_globals) + \
     24u * (uint32_t)(n_tables) + ((uint32_t)(n_segs) + 7u) / 8u + 16u)

#endif /* WCAP_INTERP_FORMAT_H */
