/*
 * A small reader of the WebAssembly binary format (MVP + the post-MVP features
 * wasm2c 1.0.32 supports). It does not validate everything (wasm2c does); it
 * finds what wcap must refuse (threads, SIMD, exceptions, multi-memory,
 * memory64, tail calls, imports other than the host API) with a message naming
 * the feature and the byte offset, and extracts what the packager needs.
 */
#ifndef WCAPC_WASM_CHECK_H
#define WCAPC_WASM_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* Value type codes of the binary format. */
enum {
    WCAPC_VT_I32 = 0x7F,
    WCAPC_VT_I64 = 0x7E,
    WCAPC_VT_F32 = 0x7D,
    WCAPC_VT_F64 = 0x7C,
    WCAPC_VT_V128 = 0x7B,
    WCAPC_VT_FUNCREF = 0x70,
    WCAPC_VT_EXTERNREF = 0x6F
};

typedef struct {
    uint32_t nparams, nresults;
    const uint8_t *params, *results; /* point into the module bytes */
} wcapc_functype_t;

typedef struct {
    const uint8_t *module, *name; /* not NUL-terminated */
    uint32_t module_len, name_len;
    uint8_t kind;  /* 0 func, 1 table, 2 memory, 3 global, 4 tag */
    uint32_t type; /* type index for functions */
} wcapc_import_t;

typedef struct {
    const uint8_t *name;
    uint32_t name_len;
    uint8_t kind; /* 0 func, 1 table, 2 memory, 3 global */
    uint32_t index;
} wcapc_export_t;

typedef struct {
    const uint8_t *bytes;
    size_t len;
    wcapc_functype_t *types;
    uint32_t n_types;
    wcapc_import_t *imports;
    uint32_t n_imports, n_func_imports;
    uint32_t *func_types; /* type index of every function, imports first */
    uint32_t n_funcs;     /* imports + defined */
    wcapc_export_t *exports;
    uint32_t n_exports;
    uint32_t has_memory, mem_min_pages, mem_has_max, mem_max_pages;
    uint32_t has_memory_grow;  /* some function body holds memory.grow */
    size_t code_off, code_len; /* the code section's contents within bytes (0, 0: none) */
    uint64_t table_elems;      /* sum over tables: declared max, else initial */
    uint64_t data_end;         /* highest end of an active data segment (constant offset) */
    uint32_t has_stack_pointer;
    uint32_t stack_pointer_init; /* initial value of clang's __stack_pointer */
    uint32_t n_globals;
    uint32_t local_names; /* the name section may name locals (or is broken): wasm2c's C names differ */
} wcapc_module_t;

/* Refusal classes, mapped to exit codes by the caller. */
enum { WCAPC_WASM_OK = 0, WCAPC_WASM_MALFORMED = 1, WCAPC_WASM_UNSUPPORTED = 2 };

/*
 * Parses `bytes` (kept alive by the caller while `m` is used). Returns
 * WCAPC_WASM_OK, or another WCAPC_WASM_* with a one-line reason in `err`.
 * Imports are not judged here (see wcapc_wasm_check_imports in build).
 */
int wcapc_wasm_parse(const uint8_t *bytes, size_t len, wcapc_module_t *m, char *err, size_t errcap);
void wcapc_wasm_free(wcapc_module_t *m);

/* Signature letter of a value type (i I f F), or 0 for reference and other types. */
char wcapc_wasm_sig_char(uint8_t vt);

#endif /* WCAPC_WASM_CHECK_H */
