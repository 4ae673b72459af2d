/*
 * The glue `wcap build` compiles next to wasm2c's output: the per-capsule
 * stack limit and interrupt flag, one uniform wrapper per exported function,
 * the export table and the wcap_capsule_info_t descriptor
 * (format/include/wcap/capsule_abi.h).
 */
#ifndef WCAPC_GLUE_H
#define WCAPC_GLUE_H

#include <stddef.h>

#include "blob.h"
#include "util.h"
#include "wasm_check.h"

/* Mangles a wasm name the way wasm2c 1.0.32 does into out (NUL-terminated). */
int wcapc_mangle(const uint8_t *name, size_t len, char *out, size_t cap);

/*
 * Generates the glue for module m. `header` (header_len bytes) is wasm2c's
 * capsule.h (to check that every export it names exists and to read the
 * instantiate prototype); it may contain NUL bytes (wasm2c copies export names
 * raw into comments), so it is searched by length, never as a C string.
 * Fills exps/n_exps (malloc'd) with the exported functions and signatures.
 * Returns 0, or -1 with a reason in err.
 */
int wcapc_glue_generate(const wcapc_module_t *m, const char *header, size_t header_len, wcapc_buf_t *out,
                        wcapc_exp_t **exps, size_t *n_exps, char *err, size_t errcap);

#endif /* WCAPC_GLUE_H */
