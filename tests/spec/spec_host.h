/*
 * The spec runner's device side on the host: the capsule arena, the trusted
 * key, and the symbol table = the runtime's table plus the functions of the
 * spec test suite's "spectest" module (IDs in spectest.syms, >= 1024), which
 * `wcap build --extra-symbols tests/spec/spectest.syms --allow-imports spectest`
 * lets a module import. Host C11.
 */
#ifndef SPEC_HOST_H
#define SPEC_HOST_H

#include "wcap/loader.h"

/* Fills cfg for x86_64-posix with a heap over the posix arena, the key in
 * `pub_path` and the merged symbol table. Returns 0, or -1 with a message. */
int spec_host_config(wcap_ldr_config_t *cfg, const char *pub_path);

#endif /* SPEC_HOST_H */
