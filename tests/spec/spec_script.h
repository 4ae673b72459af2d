/*
 * The spec-test script interpreter shared by the host runner (spec_runner.c)
 * and the board runner (targets/common/spec_board.c): it reads a script
 * written by run_spec.py, loads the blobs it names through the project's
 * loader and runs the invokes through the runtime. Portable C99: no malloc,
 * a fixed pool of modules (SPEC_MAX_MODULES).
 *
 * Script lines (tokens separated by one space; names and fields in hex):
 *   load LINE NAME BLOB               load + instantiate; becomes the current module
 *                                     (BLOB "-": not built, there is no current module)
 *   noload LINE BLOB                  must fail to load (unlinkable / uninstantiable)
 *   register LINE AS NAME             keep NAME (or "-": current) alive
 *   invoke LINE NAME MODE FIELD NARGS ARG... NRES RES... [TRAPTEXT]
 *        MODE: return | trap | exhaustion | action; NAME "-" = current module
 * Output (spec_out): one line per script line (except register): "ok LINE" or
 * "fail LINE reason".
 */
#ifndef SPEC_SCRIPT_H
#define SPEC_SCRIPT_H

#include <stddef.h>

#include "wcap/loader.h"

/* Runs the script in file `path` with the loader policy `cfg` (kept by
 * pointer); unloads every module at the end. Returns 0 when the script ran to
 * its end, -1 when it cannot be read. */
int spec_script_run(const char *path, const wcap_ldr_config_t *cfg);

/* ---- provided by each runner ---- */
/* Opens a file for reading: a handle >= 0, or -1. */
int spec_io_open(const char *path);
/* Reads up to n bytes: the count read, 0 at the end, < 0 on error. */
long spec_io_read(int h, void *buf, size_t n);
void spec_io_close(int h);
/* One formatted output line (printf rules). */
void spec_out(const char *fmt, ...);

#endif /* SPEC_SCRIPT_H */
