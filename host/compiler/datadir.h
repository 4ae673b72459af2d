/*
 * Where `wcap` finds its data: the runtime headers that `wcap build` compiles
 * the generated C against, in the source tree's layout (runtime_lib/include,
 * format/include), and next to them the SDK (sdk/). Host C11.
 *
 * The data directory is, in this order:
 *   1. $WCAP_DATA_DIR when set (an installation moved elsewhere, a packager's test);
 *   2. DIR/../share/wcap, DIR being the directory of the running executable
 *      (/proc/self/exe): PREFIX/share/wcap of an installation, or build/share/wcap,
 *      which the build stages for build/bin/wcap.
 * Never the source tree: an installed wcap keeps working with the checkout gone.
 */
#ifndef WCAPC_DATADIR_H
#define WCAPC_DATADIR_H

#include <stddef.h>

#define WCAPC_DATA_ENV "WCAP_DATA_DIR"
/* A file every data directory has (relative to it). */
#define WCAPC_DATA_MARKER "runtime_lib/include/wasm-rt.h"

/* Finds the data directory and checks that it holds the runtime headers.
 * Returns 0 with its path in out, or -1 with one line in err that names the
 * places looked at and the fix. */
int wcapc_data_dir(char *out, size_t cap, char *err, size_t errcap);

/* The directory of the running executable (no trailing slash). Returns 0 or -1. */
int wcapc_exe_dir(char *out, size_t cap);

#endif /* WCAPC_DATADIR_H */
