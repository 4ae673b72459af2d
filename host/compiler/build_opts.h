/*
 * Command line of `wcap build` (parsing, validation, --help).
 */
#ifndef WCAPC_BUILD_OPTS_H
#define WCAPC_BUILD_OPTS_H

#include <stdint.h>

#include "api_file.h"
#include "pack.h"
#include "targets.h"

#define WCAPC_MAX_ALLOWED_MODULES 8

typedef struct {
    const char *in, *out, *key, *keep_temps;
    const wcapc_target_t *target;
    char name[32];
    uint32_t version;
    const char *opt; /* "-O2" ... */
    int loop_checks; /* --loop-checks: 1 yes, 0 no, -1 the target's default (wcapc_target_loop_checks) */
    int has_memory_max;
    uint32_t memory_max;
    int has_caps;
    uint32_t caps;
    int has_stack;
    uint32_t stack;
    uint32_t time_ms;
    uint32_t on_trap;                                       /* WCAP_ON_TRAP_* (--on-trap; default restart) */
    const char *allowed_modules[WCAPC_MAX_ALLOWED_MODULES]; /* test-only --allow-imports */
    int n_allowed_modules;
    wcapc_symdef_t *extra; /* test-only --extra-symbols */
    size_t n_extra;
    uint32_t engine;      /* WCAP_ENGINE_AOT (default) or WCAP_ENGINE_INTERP */
    int json;             /* --json: the summary as one JSON object */
    const char *api_path; /* --api FILE: an integrator's host functions */
    wcapc_api_t *api;     /* ... as read (malloc'd), NULL without --api */
} wcapc_build_opts_t;

/* The target of an interpreted blob: portable (manifest target 0). */
extern const wcapc_target_t wcapc_target_portable;

/* Parses argv (argv[0] = "build"). Returns -1 when the build should go on,
 * else the exit code to return (0 after --help). */
int wcapc_build_opts_parse(int argc, char **argv, wcapc_build_opts_t *o);
void wcapc_build_opts_free(wcapc_build_opts_t *o);

#endif /* WCAPC_BUILD_OPTS_H */
