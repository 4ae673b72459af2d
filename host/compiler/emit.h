/*
 * Last step of `wcap build`: manifest, payload digest, signature, atomic write.
 */
#ifndef WCAPC_EMIT_H
#define WCAPC_EMIT_H

#include "blob.h"
#include "build_opts.h"
#include "pack.h"

typedef struct {
    const wcapc_build_opts_t *o;
    const wcapc_packed_t *packed;
    const wcapc_exp_t *exports;
    size_t n_exports;
    uint32_t caps, mem_min, mem_max, table_elems;
    uint32_t engine;            /* WCAP_ENGINE_*: manifest field 25 */
    const wcapc_nat_t *natives; /* host functions imported: manifest field 26 */
    size_t n_natives;
} wcapc_emit_t;

/* Builds, signs and writes the blob. Returns a WCAPC_EXIT_* code (one error line printed). */
int wcapc_emit(const wcapc_emit_t *e);

#endif /* WCAPC_EMIT_H */
