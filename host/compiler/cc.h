/*
 * Compiling the generated C (wasm2c output + glue) with clang-14 into one
 * relocatable object per target.
 */
#ifndef WCAPC_CC_H
#define WCAPC_CC_H

#include <stddef.h>

#include "targets.h"

/* Writes DIR/prelude.h and DIR/unit.c, then compiles DIR/unit.c (which includes
 * DIR/capsule.c and DIR/glue.c) to DIR/capsule.o. `opt` is "-O2" etc.;
 * `unswitch` (the C has loop-level checks, whose loops w2c_loops.c already
 * copied) lets clang also copy a loop per value of any other loop-invariant
 * condition: measured faster with the loop checks (docs/benchmarks.md).
 * DATA_DIR is wcap's data directory (host/compiler/datadir.h): its include/ has the
 * runtime headers. Returns 0, or -1 with clang's first error line in err. */
int wcapc_cc(const wcapc_target_t *t, const char *data_dir, const char *dir, const char *opt, int unswitch, char *err,
             size_t errcap);

#endif /* WCAPC_CC_H */
