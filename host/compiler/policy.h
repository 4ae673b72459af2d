/*
 * What wcap accepts of a parsed module: imports (host API table, test-only
 * extra modules), capabilities, memory sizes. Each returns a WCAPC_EXIT_*
 * code after printing one error line, or WCAPC_EXIT_OK.
 */
#ifndef WCAPC_POLICY_H
#define WCAPC_POLICY_H

#include <stdint.h>

#include "build_opts.h"
#include "imports.h"
#include "wasm_check.h"

#define WCAPC_MEM_CAP (16u << 20) /* default mem_max never exceeds this (a declared max may be huge) */

/* A board target's default linear memory (no --memory-max): when the module's
 * default would leave less than WCAPC_BOARD_CODE_RESERVE of the reference
 * board's capsule RAM for code and instance, the default becomes the fewest
 * whole pages that hold the data segments and the C stack (whole pages:
 * wasi-libc's malloc takes memory.size * 64 KiB as the end of its heap, so a
 * partial last page would be handed out and trap; docs/toolchain.md). */
#define WCAPC_BOARD_CODE_RESERVE (32u << 10)

#define WCAPC_MAX_NATIVES 24 /* different host functions per capsule (the loader's WCAP_LDR_NATIVES_MAX) */

/* The host functions a module imports, each once: the manifest declares them. */
typedef struct {
    const wcapc_host_fn_t *fns[WCAPC_MAX_NATIVES];
    size_t n;
} wcapc_native_decl_t;

/* Checks every import; writes the capabilities the imports need to *caps and
 * the host functions imported to *decl. */
int wcapc_policy_imports(const wcapc_module_t *m, const wcapc_build_opts_t *o, uint32_t *caps,
                         wcapc_native_decl_t *decl);

/* mem_min / mem_max in bytes (0/0 without a memory). */
int wcapc_policy_memory(const wcapc_module_t *m, const wcapc_build_opts_t *o, uint32_t *mem_min, uint32_t *mem_max);

#endif /* WCAPC_POLICY_H */
