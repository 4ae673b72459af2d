/*
 * `wcap build` options.
 */
#define _POSIX_C_SOURCE 200809L
#include "build_opts.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imports.h"
#include "util.h"
#include "w2c.h"
#include "wcap/capsule_name.h"
#include "wcap/interp_format.h"
#include "wcap/symbols.h"
#include "diag.h"

static void help(FILE *out)
{
    char host[2048];
    wcapc_host_list(host, sizeof host);
    fprintf(out,
            "usage: wcap build IN.wasm --target T --key KEY -o OUT [options]\n"
            "       wcap build IN.wasm --engine interp --key KEY -o OUT [options]\n\n"
            "Compiles a WebAssembly module ahead of time (wasm2c %s + clang-14) into a signed\n"
            ".wcap blob for one target.\n\n"
            "  --engine interp     a portable interpreted blob instead (docs/interpreter.md): no --target,\n"
            "                      accepted by every device built with the interpreter; --stack is then\n"
            "                      the value stack (default 0: the device's limit). --engine aot: the default\n"
            "  --target T          one of: ",
            WCAPC_WASM2C_VERSION);
    wcapc_targets_print(out, ", ");
    fprintf(out,
            "\n  --key KEY           private key (PEM, P-256) to sign with, e.g. build/keys/dev.key\n"
            "  -o OUT              output blob; written atomically (nothing is left on failure)\n"
            "  --name N            capsule name, 1..31 of [A-Za-z0-9_.-] (default: IN's file name)\n"
            "  --version V         monotonic version, u32 (default 1); devices refuse rollbacks\n"
            "  -Os|-O2|-O1|-O0     clang optimisation (default -O2)\n"
            "  --memory-max BYTES  linear memory reserved on the device; may be below 65536 (a small\n"
            "                      memory) as long as the data segments and the C stack fit\n"
            "                      (default: the declared maximum, capped at 16 MiB, else the initial size;\n"
            "                      for a board target, when that cannot fit the reference board: the\n"
            "                      whole pages that hold the data and the C stack, with a note)\n"
            "  --cap CAP           declare a capability (repeatable or comma-separated); without --cap\n"
            "                      the capabilities are derived from the imports (-v prints them).\n"
            "                      Capabilities: log, time, random, led, sensor, reply, and those of --api\n"
            "  --api FILE          the product's API description file (docs/host-api.md): the capsule may\n"
            "                      import its functions (module.name) with exactly its signatures and\n"
            "                      needs its capabilities; the manifest declares every host function\n"
            "                      imported, and a device without one of them refuses the capsule by name\n"
            "  --stack BYTES       native stack budget per call (default per target: 64 KiB on x86_64-posix,\n"
            "                      4 KiB on the microcontrollers)\n"
            "  --time-ms MS        run-time budget of one call (default 0: the device's default)\n"
            "  --on-trap POLICY    what a device does with the installed capsule after a call traps:\n"
            "                      restart (default: fresh memory and globals, init runs again) or stop\n"
            "                      (calls refused until `wcap start`)\n"
            "  --loop-checks yes|no  loop-level bounds checks (docs/toolchain.md \"Loops\"); default yes on\n"
            "                      cortex-m4, cortex-m33 and rv32imac, no where they measured slower\n"
            "  --keep-temps DIR    keep wasm2c output, glue, object in DIR (created if missing)\n"
            "  -v                  verbose: steps, caps, clang command line, sizes\n"
            "  --json              print the summary (output, sizes, target, capabilities) as one JSON object\n\n"
            "Imports: only these host functions (module.name), with exactly these types:\n  %s\n"
            "A module without imports that exports functions over i32/i64/f32/f64 is always accepted.\n"
            "Refused: threads/atomics, SIMD, exception handling, tail calls, multi-memory, memory64,\n"
            "memory/table/global imports, WASI, and anything wasm2c " WCAPC_WASM2C_VERSION " rejects.\n\n"
            "Test-only (conformance runner; never for real capsules):\n"
            "  --extra-symbols FILE   lines \"ID NAME\": extra importable C symbols, IDs >= 1024\n"
            "  --allow-imports MODULE let the module import functions from MODULE (their mangled\n"
            "                         C names must be listed with --extra-symbols)\n\n",
            host);
    wcapc_print_exit_codes(out);
}

static int parse_u32(const char *opt, const char *s, uint32_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (!*s || *end || errno || x > UINT32_MAX || s[0] == '-')
        return wcapc_fail(WCAPC_EXIT_USAGE, "build: %s needs an unsigned 32-bit number, not '%s'", opt, s);
    *v = (uint32_t)x;
    return 0;
}

static int parse_caps(const char *s, uint32_t *mask)
{
    char buf[256], known[256];
    wcapc_caps_list(known, sizeof known);
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        uint32_t bit = wcapc_cap_bit(tok);
        if (!bit)
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: unknown capability '%s' (known: %s)", tok, known);
        *mask |= bit;
    }
    return 0;
}

/* Default name: IN's base name without its extension. */
static void default_name(const char *in, char *out, size_t cap)
{
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    size_t n = strcspn(base, ".");
    snprintf(out, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), base);
}

static int extra_symbols(const char *path, wcapc_build_opts_t *o)
{
    uint8_t *text;
    size_t len;
    if (wcapc_read_file(path, 1u << 20, &text, &len))
        return wcapc_fail(WCAPC_EXIT_USAGE, "build: cannot read --extra-symbols %s: %s", path, strerror(errno));
    int rc = -1;
    char *save, *line;
    for (line = strtok_r((char *)text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned id;
        char name[256];
        if (line[0] == '#' || strspn(line, " \t\r") == strlen(line))
            continue;
        if (sscanf(line, "%u %255s", &id, name) != 2 || id < 1024 || id >= WCAP_SYM_IMAGE) {
            rc = wcapc_fail(WCAPC_EXIT_USAGE, "build: %s: bad line '%s' (want \"ID NAME\", 1024 <= ID < 65535)", path,
                            line);
            goto out;
        }
        wcapc_symdef_t *p = realloc(o->extra, (o->n_extra + 1) * sizeof *p);
        char *dup = strdup(name);
        if (!p || !dup) {
            free(dup);
            if (p)
                o->extra = p;
            rc = wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
            goto out;
        }
        o->extra = p;
        p[o->n_extra++] = (wcapc_symdef_t){dup, (uint16_t)id, WCAP_ARCH_ALL, 0};
    }
    rc = 0;
out:
    free(text);
    return rc;
}

/* One option with its value; returns -1 to go on, else an exit code. */
static int option(wcapc_build_opts_t *o, const char *a, const char *v)
{
    if (!strcmp(a, "--target")) {
        if (!(o->target = wcapc_target_find(v))) {
            char known[256];
            wcapc_targets_join(known, sizeof known, ", ");
            return wcapc_fail(WCAPC_EXIT_TARGET, "build: unknown target '%s' (known: %s)", v, known);
        }
    } else if (!strcmp(a, "--engine")) {
        if (strcmp(v, "aot") && strcmp(v, "interp"))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: unknown engine '%s' (aot, interp)", v);
        o->engine = strcmp(v, "interp") ? WCAP_ENGINE_AOT : WCAP_ENGINE_INTERP;
    } else if (!strcmp(a, "--key")) {
        o->key = v;
    } else if (!strcmp(a, "-o")) {
        o->out = v;
    } else if (!strcmp(a, "--name")) {
        if (!wcap_name_ok(v))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: invalid name '%s' (1..31 of [A-Za-z0-9_.-])", v);
        snprintf(o->name, sizeof o->name, "%s", v);
    } else if (!strcmp(a, "--version")) {
        return parse_u32(a, v, &o->version) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--memory-max")) {
        o->has_memory_max = 1;
        return parse_u32(a, v, &o->memory_max) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--cap")) {
        o->has_caps = 1;
        return parse_caps(v, &o->caps) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--stack")) {
        o->has_stack = 1;
        return parse_u32(a, v, &o->stack) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--time-ms")) {
        return parse_u32(a, v, &o->time_ms) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--on-trap")) {
        if (strcmp(v, "restart") && strcmp(v, "stop"))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: --on-trap takes restart or stop, not '%s'", v);
        o->on_trap = strcmp(v, "stop") ? WCAP_ON_TRAP_RESTART : WCAP_ON_TRAP_STOP;
    } else if (!strcmp(a, "--loop-checks")) {
        if (strcmp(v, "yes") && strcmp(v, "no"))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: --loop-checks takes yes or no, not '%s'", v);
        o->loop_checks = strcmp(v, "yes") ? 0 : 1;
    } else if (!strcmp(a, "--keep-temps")) {
        o->keep_temps = v;
    } else if (!strcmp(a, "--api")) {
        if (o->api_path && strcmp(o->api_path, v))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: one --api file per build (the product's API)");
    } else if (!strcmp(a, "--extra-symbols")) {
        return extra_symbols(v, o) ? WCAPC_EXIT_USAGE : -1;
    } else if (!strcmp(a, "--allow-imports")) {
        if (o->n_allowed_modules >= WCAPC_MAX_ALLOWED_MODULES)
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: too many --allow-imports");
        o->allowed_modules[o->n_allowed_modules++] = v;
    } else {
        return wcapc_fail(WCAPC_EXIT_USAGE, "build: unknown option '%s' (see wcap build --help)", a);
    }
    return -1;
}

/* Stack 0: the device's own limit becomes the interpreter's value stack. */
const wcapc_target_t wcapc_target_portable = {"portable", WCAP_TARGET_NONE, 0, 0, 0, NULL, 0, 0, 0, NULL, NULL, NULL};

/* --api is read before the other options: --cap may name its capabilities. */
static int load_api(int argc, char **argv, wcapc_build_opts_t *o)
{
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--api") && !o->api_path)
            o->api_path = argv[i + 1];
    if (!o->api_path)
        return -1;
    o->api = malloc(sizeof *o->api);
    if (!o->api)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    if (wcapc_api_load(o->api_path, o->api))
        return WCAPC_EXIT_USAGE;
    wcapc_host_use_api(o->api);
    return -1;
}

int wcapc_build_opts_parse(int argc, char **argv, wcapc_build_opts_t *o)
{
    memset(o, 0, sizeof *o);
    o->version = 1;
    o->opt = "-O2";
    o->loop_checks = -1;
    int api_rc = load_api(argc, argv, o);
    if (api_rc >= 0)
        return api_rc;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            help(stdout);
            return WCAPC_EXIT_OK;
        } else if (!strcmp(a, "-Os") || !strcmp(a, "-O2") || !strcmp(a, "-O1") || !strcmp(a, "-O0")) {
            o->opt = a;
        } else if (!strcmp(a, "-v")) {
            wcapc_verbose = 1;
        } else if (!strcmp(a, "--json")) {
            o->json = 1;
        } else if (a[0] == '-' && a[1]) {
            if (i + 1 >= argc)
                return wcapc_fail(WCAPC_EXIT_USAGE, "build: %s needs a value", a);
            int rc = option(o, a, argv[++i]);
            if (rc >= 0)
                return rc;
        } else if (!o->in) {
            o->in = a;
        } else {
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: more than one input ('%s' and '%s')", o->in, a);
        }
    }
    if (o->engine == WCAP_ENGINE_INTERP && o->target)
        return wcapc_fail(WCAPC_EXIT_USAGE, "build: --engine interp makes a portable blob: no --target");
    if (o->engine == WCAP_ENGINE_INTERP)
        o->target = &wcapc_target_portable;
    if (!o->in || !o->target || !o->key || !o->out)
        return wcapc_fail(WCAPC_EXIT_USAGE,
                          "build: IN.wasm, --target, --key and -o are required (see wcap build --help)");
    if (!o->name[0]) {
        default_name(o->in, o->name, sizeof o->name);
        if (!wcap_name_ok(o->name))
            return wcapc_fail(WCAPC_EXIT_USAGE, "build: the file name does not make a valid capsule name; use --name");
    }
    if (!o->has_stack)
        o->stack = o->target->default_stack;
    return -1;
}

void wcapc_build_opts_free(wcapc_build_opts_t *o)
{
    wcapc_host_use_api(NULL);
    free(o->api);
    o->api = NULL;
    for (size_t i = 0; i < o->n_extra; i++)
        free((char *)o->extra[i].name);
    free(o->extra);
    o->extra = NULL;
    o->n_extra = 0;
}
