/*
 * API description files (docs/host-api.md, "API description files"): the
 * host functions a product's firmware offers capsules beyond the built-in
 * module "wcap", with IDs, signatures and capabilities. The same file is a
 * C include for the firmware (WCAP_API_CAP / WCAP_API_FN macros, see
 * format/include/wcap/api_wcap.def) and is read here for `wcap build --api`.
 */
#ifndef WCAPC_API_FILE_H
#define WCAPC_API_FILE_H

#include <stddef.h>
#include <stdint.h>

#define WCAPC_API_IDENT_MAX 32

typedef struct {
    char name[WCAPC_API_IDENT_MAX];
    uint32_t bit; /* 1 << n */
} wcapc_api_cap_t;

typedef struct {
    uint16_t id;
    char module[WCAPC_API_IDENT_MAX], name[WCAPC_API_IDENT_MAX];
    char params[16], results[2];
    uint32_t cap;     /* capability bit */
    char mangled[80]; /* wasm2c's C name: Z_<module>Z_<name> */
} wcapc_api_fn_t;

typedef struct {
    wcapc_api_cap_t caps[24];
    size_t n_caps;
    wcapc_api_fn_t fns[32];
    size_t n_fns;
} wcapc_api_t;

/* Reads and checks FILE: every line a WCAP_API_CAP(name, bit) with bit 8..31
 * or a WCAP_API_FN(id, module, name, "params", "results", cap, impl) with id
 * 2048..4095 ascending, module not "wcap", identifiers [a-z0-9_], signature
 * letters iIfF (at most one result), cap named above; C comments, blank and
 * preprocessor lines are skipped. Returns 0, or prints the reason with the
 * line number (wcapc_fail) and returns WCAPC_EXIT_USAGE. */
int wcapc_api_load(const char *path, wcapc_api_t *api);

#endif /* WCAPC_API_FILE_H */
