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
 * manifest's mem_min and mem_max), written as WCAP_MEM_MIN_SIZE for
 * wasm-rt.h; the bounds checks themselves are placed afterwards
 * (wcapc_w2c_apply_checks). size_fixed: non-zero when the memory can never be larger than min_size
 * either (no memory.grow in the module, or mem_min >= mem_max): the bounds
 * checks then compare against the constant WCAP_MEM_FIXED_SIZE.
 * Returns 0, or -1 with "unexpected wasm2c output: ..." in err. */
int wcapc_w2c_rewrite(wcapc_buf_t *src, uint32_t min_size, int size_fixed, char *err, size_t errcap);

/* Applies the check decisions made on the Wasm (wasm_checks.h) to the C
 * (w2c_checks.c): access i of `a` becomes NAME_nc, preceded by its
 * WCAP_CHECK_ONE or its group's WCAP_SPAN_CHECK, as checks[i] says; FULL
 * leaves wasm2c's check. An access whose statement does not have the shape
 * the substitution needs keeps its check, and so does every other member of
 * its group. With loops (may be NULL), a loop whose checks its entry test
 * (inserted before the loop's label) covers gets a copy without them, run
 * when the test passed (wcapc_w2c_copy_loops). Returns 0, or
 * -1 with the reason in err (src unchanged). */
struct wcapc_accesses;
struct wcapc_check;
struct wcapc_loops;
int wcapc_w2c_apply_checks(wcapc_buf_t *src, const struct wcapc_accesses *a, const struct wcapc_check *checks,
                           const struct wcapc_loops *loops, char *err, size_t errcap);

/* A covered check's text in the C, [from, to), and its loop's number (wcap_ok<loop>). */
typedef struct {
    uint32_t loop;
    size_t from, to;
} wcapc_w2c_cut_t;

/* The lines that frame a loop's two copies (w2c_loops.c); each takes the
 * loop's number. The scan (wcapc_w2c_scan) knows them. */
#define WCAPC_W2C_COPY_FAST "{ /* wcap: loop %u without its covered checks */"
#define WCAPC_W2C_COPY_CHECKED "{ /* wcap: loop %u with every check */"
#define WCAPC_W2C_COPY_END "/* wcap: end of loop %u */"

/* Gives loop l (label_at[l]: where its label's line starts in src, ascending,
 * or (size_t)-1 for none) two copies under its entry test's flag: one
 * without the covered checks of `cuts` (ascending, numbered l + 1), one with
 * them (w2c_loops.c). A loop whose C does not end with its back edge keeps
 * one copy, with its checks. Returns 0, or -1 (out of memory; src
 * unchanged). */
int wcapc_w2c_copy_loops(wcapc_buf_t *src, const size_t *label_at, uint32_t n_loops, const wcapc_w2c_cut_t *cuts,
                         uint32_t n_cuts);

/* The access helper calls of wasm2c's C, function body by function body
 * (the scan both the cross-check and the substitution use): begin(f) at a
 * body's first line; access(f, k, KIND, LINE, LEN, NAME_AT, NAME_LEN) for
 * the k-th helper call (NAME or NAME_nc) of f, on LINE at NAME_AT; end(f,
 * count) at its closing brace; done(bodies) after the last line. A
 * callback's non-zero return stops the scan, which returns -1. A loop's two
 * copies (WCAPC_W2C_COPY_*) are both reported, with the same access
 * numbers; copies that differ in their count of accesses, or copy lines out
 * of order, return WCAPC_W2C_SCAN_COPIES. */
#define WCAPC_W2C_SCAN_COPIES (-2)
typedef struct {
    int (*begin)(void *ctx, uint32_t func);
    int (*access)(void *ctx, uint32_t func, uint32_t index, int kind, const char *line, size_t len, size_t name_at,
                  size_t name_len);
    int (*end)(void *ctx, uint32_t func, uint32_t count);
    int (*done)(void *ctx, uint32_t funcs);
    void *ctx;
} wcapc_w2c_scan_t;
int wcapc_w2c_scan(const wcapc_buf_t *src, const wcapc_w2c_scan_t *sc);

/* The cross-check of the final C against the module (w2c_access.c): function
 * by function, the access helper calls (NAME or NAME_nc) are exactly the
 * accesses `a` lists, in order. Returns 0, or -1 with "unexpected wasm2c
 * output: ..." in err. */
int wcapc_w2c_check_accesses(const wcapc_buf_t *src, const struct wcapc_accesses *a, char *err, size_t errcap);

/* Appends the definitions of the unchecked helpers (NAME_nc) to defs. Returns 0 or -1. */
int wcapc_w2c_define_nc(wcapc_buf_t *defs);

#endif /* WCAPC_W2C_H */
