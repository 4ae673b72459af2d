/*
 * The host functions a capsule may import: the built-in API (module "wcap",
 * format/include/wcap/api_wcap.def) and, for this build, an integrator's API
 * description file (`wcap build --api FILE`, api_file.h); their capability
 * names.
 */
#ifndef WCAPC_HOST_API_H
#define WCAPC_HOST_API_H

#include <stddef.h>
#include <stdint.h>

#include "api_file.h"
#include "pack.h"

#define WCAPC_HOST_MODULE "wcap"

typedef struct {
    uint16_t id;
    const char *module, *name;
    const char *params; /* signature letters */
    const char *results;
    uint32_t cap;        /* WCAP_CAP_* bit, or an API file's bit */
    const char *mangled; /* wasm2c's C name, Z_<module>Z_<name> */
} wcapc_host_fn_t;

/* Makes the functions and capabilities of `api` importable in this build
 * (NULL: the built-in API only). The caller keeps `api` alive. */
void wcapc_host_use_api(const wcapc_api_t *api);

/* The host function `module`.`name`, or NULL. */
const wcapc_host_fn_t *wcapc_host_find(const char *module, size_t mlen, const char *name, size_t nlen);
/* The built-in host function with this ID, or NULL. */
const wcapc_host_fn_t *wcapc_host_by_id(uint16_t id);
/* Whether the manifest declares native `id` named `name` ("module.name") by
 * its ID alone (empty name): the built-in WASI subset, whose long names would
 * not fit the manifest (docs/blob-format.md, "natives"). */
int wcapc_native_by_id_only(uint32_t id, const char *name);
/* Whether a module of that name offers host functions (built in or --api). */
int wcapc_host_module_known(const char *module, size_t mlen);
/* The symbol (ID, capability) of a host function by its mangled C name, or NULL. */
const wcapc_symdef_t *wcapc_host_symdef(const char *mangled);
/* Writes "wcap.log(ii)->(), ..." (every importable host function) into out. */
void wcapc_host_list(char *out, size_t cap);

/* Capability bit for a name ("log"), or 0 when unknown. */
uint32_t wcapc_cap_bit(const char *name);
/* Writes the names of the bits in mask, comma separated, into out ("-" for none). */
void wcapc_caps_format(uint32_t mask, char *out, size_t cap);
/* Writes every capability name, comma separated ("log, time, ..."), into out. */
void wcapc_caps_list(char *out, size_t cap);

#endif /* WCAPC_HOST_API_H */
