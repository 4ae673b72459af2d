/*
 * Running wabt's wasm2c 1.0.32 and adapting its output to wcap's runtime.
 */
#ifndef WCAPC_W2C_H
#define WCAPC_W2C_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define WCAPC_WASM2C_VERSION "1.0.32"

/* Checks `wasm2c --version`, then runs `wasm2c -n capsule IN -o DIR/capsule.c`.
 * Returns 0, or -1 with the reason in err (wasm2c's own message when it
 * rejected the module: *rejected is then set). */
int wcapc_w2c_run(const char *wasm_path, const char *dir, int *rejected, char *err, size_t errcap);

/* Applies the rewrite table to the generated C in place (see docs/toolchain.md).
 * min_size: bytes the capsule's memory never has fewer of (min of the
 * manifest's mem_min and mem_max); accesses proven below it are not checked.
 * size_fixed: non-zero when the memory can never be larger than min_size
 * either (no memory.grow in the module, or mem_min >= mem_max): the bounds
 * checks then compare against the constant WCAP_MEM_FIXED_SIZE.
 * Returns 0, or -1 with "unexpected wasm2c output: ..." in err. */
int wcapc_w2c_rewrite(wcapc_buf_t *src, uint32_t min_size, int size_fixed, char *err, size_t errcap);

/* Bounds-check merging (w2c_spans.c): one check per group of accesses through
 * one base value in a straight-line run, the group's accesses unchecked, and
 * no check for an access whose whole range lies below min_size.
 * Returns 0, or -1 (out of memory; src unchanged). */
int wcapc_w2c_merge_checks(wcapc_buf_t *src, uint32_t min_size);

/* The cross-check of the final C against the module (w2c_access.c): function
 * by function, the access helper calls (NAME or NAME_nc) are exactly the
 * accesses `a` lists, in order. Returns 0, or -1 with "unexpected wasm2c
 * output: ..." in err. */
struct wcapc_accesses;
int wcapc_w2c_check_accesses(const wcapc_buf_t *src, const struct wcapc_accesses *a, char *err, size_t errcap);

/* Appends the definitions of the unchecked helpers (NAME_nc) to defs. Returns 0 or -1. */
int wcapc_w2c_define_nc(wcapc_buf_t *defs);

#endif /* WCAPC_W2C_H */
