/* The spec-test script interpreter of both runners (spec_script.h). */
#include "spec_script.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec_links.h"
#include "spec_values.h"
#include "wcap/rt.h"

#ifndef SPEC_MAX_MODULES
#define SPEC_MAX_MODULES 512 /* the host's; a board's arena holds far fewer */
#endif
#define SPEC_MAX_VALS 64
#define SPEC_MAX_TOKENS (2 * SPEC_MAX_VALS + 16)
#define SPEC_LINE_MAX 8192

typedef struct {
    char name[128]; /* hex of the wast $name, "" when anonymous */
    char as[128];   /* name it was registered under (decoded), "" when none */
    int keep;       /* named or registered: never unloaded */
    wcap_capsule_t cap;
} spec_module_t;

static const wcap_ldr_config_t *cfg;
static wcap_ldr_t ldr;
static spec_module_t pool[SPEC_MAX_MODULES]; /* free when pool_used[i] == 0 */
static unsigned char pool_used[SPEC_MAX_MODULES];
static wcap_capsule_t noload_cap;
static spec_module_t *modules[SPEC_MAX_MODULES];
static size_t n_modules;
static spec_module_t *current;

static spec_module_t *mod_alloc(void)
{
    for (size_t i = 0; i < SPEC_MAX_MODULES; i++) {
        if (!pool_used[i]) {
            pool_used[i] = 1;
            memset(&pool[i], 0, sizeof pool[i]);
            return &pool[i];
        }
    }
    return NULL;
}

static void mod_free(spec_module_t *m)
{
    if (m != NULL)
        pool_used[m - pool] = 0;
}

static void unload(spec_module_t *m)
{
    for (size_t i = 0; i < n_modules; i++) {
        if (modules[i] == m) {
            modules[i] = modules[--n_modules];
            break;
        }
    }
    wcap_capsule_unload(&m->cap, cfg);
    mod_free(m);
}

/* Streams the blob through the loader in 64-byte chunks, like a serial link. */
static int load_blob(const char *path, wcap_capsule_t *cap)
{
    uint8_t chunk[64];
    long n;
    int rc;
    int h = spec_io_open(path);

    if (h < 0)
        return -1;
    rc = wcap_ldr_begin(&ldr, cap);
    while (rc == WCAP_OK && (n = spec_io_read(h, chunk, sizeof chunk)) > 0)
        rc = wcap_ldr_feed(&ldr, chunk, (size_t)n);
    spec_io_close(h);
    if (rc == WCAP_OK)
        rc = wcap_ldr_finish(&ldr);
    return rc;
}

/* The loader refused the module for its memory: over the device's budget, or
 * more than the capsule RAM left free by the modules alive. */
static int too_big(int rc)
{
    return rc == WCAP_E_LDR_MEMORY || rc == WCAP_E_LDR_NO_SPACE;
}

static spec_module_t *find_module(const char *name)
{
    if (strcmp(name, "-") == 0)
        return current;
    for (size_t i = 0; i < n_modules; i++)
        if (strcmp(modules[i]->name, name) == 0)
            return modules[i];
    return NULL;
}

/* A wast $name may be defined again: the older module loses the name, and is
 * unloaded unless it was registered. */
static void forget_name(const char *name)
{
    for (size_t i = 0; i < n_modules; i++) {
        spec_module_t *old = modules[i];
        if (strcmp(old->name, name) != 0)
            continue;
        old->name[0] = '\0';
        if (old->as[0] == '\0' && old != current) {
            unload(old);
            i--; /* unload moved the last module into slot i */
        }
    }
}

static void cmd_load(const char *line, const char *name, const char *blob)
{
    spec_module_t *m = n_modules < SPEC_MAX_MODULES ? mod_alloc() : NULL;
    int rc;

    if (m == NULL) {
        spec_out("fail %s runner out of module slots\n", line);
        return;
    }
    /* An anonymous module nobody registered can never be named again. */
    if (current != NULL && !current->keep) {
        unload(current);
    }
    current = NULL;
    if (strcmp(blob, "-") == 0) { /* the driver could not build it */
        spec_out("fail %s not built\n", line);
        mod_free(m);
        return;
    }
    rc = load_blob(blob, &m->cap);
    if (rc == WCAP_E_LDR_INIT_TRAP) {
        spec_out("fail %s load: trapped during instantiation: %s%s%s\n", line,
                 wcap_rt_trap_message(wcap_ldr_init_trap(&ldr)), m->cap.rt.rt_error ? ": " : "",
                 m->cap.rt.rt_error ? wcap_strerror(m->cap.rt.rt_error) : "");
        mod_free(m);
        return;
    }
    if (rc != WCAP_OK) {
        spec_out("fail %s load: %s%s (%d)\n", line, too_big(rc) ? "does not fit the board: " : "",
                 rc == -1 ? "cannot open blob" : wcap_strerror(rc), rc);
        mod_free(m);
        return;
    }
    if (strcmp(name, "-") != 0) {
        forget_name(name);
        snprintf(m->name, sizeof m->name, "%s", name);
        m->keep = 1;
    }
    modules[n_modules++] = m;
    current = m;
    spec_out("ok %s\n", line);
}

static void cmd_noload(const char *line, const char *blob)
{
    wcap_capsule_t *cap = &noload_cap;
    int rc;

    memset(cap, 0, sizeof *cap);
    rc = load_blob(blob, cap);
    if (rc == WCAP_OK) {
        spec_out("fail %s module loaded but should not link or instantiate\n", line);
        wcap_capsule_unload(cap, cfg);
    } else if (rc == -1) {
        spec_out("fail %s cannot open blob\n", line);
    } else if (too_big(rc)) { /* refused for its size: whether it links is unknown */
        spec_out("fail %s load: does not fit the board: %s (%d)\n", line, wcap_strerror(rc), rc);
    } else {
        spec_out("ok %s\n", line);
    }
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* "-" is the empty string (run_spec.py's hexs), e.g. the export named "". */
static int hex_decode(const char *hex, char *out, size_t cap)
{
    size_t n = strcmp(hex, "-") == 0 ? 0 : strlen(hex);
    if (n % 2u != 0 || n / 2u >= cap)
        return -1;
    for (size_t i = 0; i < n / 2u; i++) {
        int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (char)(hi << 4 | lo);
    }
    out[n / 2u] = '\0';
    return 0;
}

/* Trap kinds accepted for each expected message of the test suite. */
typedef struct {
    const char *text;
    wasm_rt_trap_t kinds[2];
} spec_trap_map_t;

static const spec_trap_map_t trap_map[] = {
    {"out of bounds memory access", {WASM_RT_TRAP_OOB, WASM_RT_TRAP_OOB}},
    {"out of bounds table access", {WASM_RT_TRAP_OOB, WASM_RT_TRAP_OOB}},
    {"undefined element", {WASM_RT_TRAP_OOB, WASM_RT_TRAP_CALL_INDIRECT}},
    {"uninitialized element", {WASM_RT_TRAP_CALL_INDIRECT, WASM_RT_TRAP_OOB}},
    {"indirect call type mismatch", {WASM_RT_TRAP_CALL_INDIRECT, WASM_RT_TRAP_CALL_INDIRECT}},
    {"integer divide by zero", {WASM_RT_TRAP_DIV_BY_ZERO, WASM_RT_TRAP_DIV_BY_ZERO}},
    {"integer overflow", {WASM_RT_TRAP_INT_OVERFLOW, WASM_RT_TRAP_INT_OVERFLOW}},
    {"invalid conversion to integer", {WASM_RT_TRAP_INVALID_CONVERSION, WASM_RT_TRAP_INVALID_CONVERSION}},
    {"unreachable", {WASM_RT_TRAP_UNREACHABLE, WASM_RT_TRAP_UNREACHABLE}},
    {"call stack exhausted", {WASM_RT_TRAP_EXHAUSTION, WASM_RT_TRAP_EXHAUSTION}},
};

static int trap_expected(const char *text, wasm_rt_trap_t got)
{
    for (size_t i = 0; i < sizeof trap_map / sizeof trap_map[0]; i++)
        if (strncmp(text, trap_map[i].text, strlen(trap_map[i].text)) == 0)
            return got == trap_map[i].kinds[0] || got == trap_map[i].kinds[1];
    return 0; /* a message this table does not know: count it as a mismatch */
}

/* Checks the export's signature letters against the script's types; the
 * results only when the script states them (res != NULL). */
static int sig_matches(const char *sig, const spec_value_t *args, size_t nargs, const spec_value_t *res, size_t nres)
{
    const char *colon = strchr(sig, ':');
    if (colon == NULL || (size_t)(colon - sig) != nargs)
        return 0;
    for (size_t i = 0; i < nargs; i++)
        if (sig[i] != args[i].type)
            return 0;
    if (res == NULL)
        return strlen(colon + 1) <= SPEC_MAX_VALS;
    if (strlen(colon + 1) != nres)
        return 0;
    for (size_t i = 0; i < nres; i++)
        if (colon[1 + i] != res[i].type)
            return 0;
    return 1;
}

static void report_call(const char *line, const char *mode, const char *traptext, int rc, wcap_rt_capsule_t *rt,
                        const spec_value_t *res, size_t nres, const wcap_val_t *vals)
{
    if (rc == WCAP_E_RT_TRAP) {
        const char *msg = wcap_rt_trap_message(rt->last_trap);
        if (strcmp(mode, "trap") == 0 && trap_expected(traptext, rt->last_trap))
            spec_out("ok %s\n", line);
        else if (strcmp(mode, "exhaustion") == 0 && rt->last_trap == WASM_RT_TRAP_EXHAUSTION)
            spec_out("ok %s\n", line);
        else
            spec_out("fail %s trapped: %s (expected %s%s%s)\n", line, msg, mode, traptext[0] ? " " : "", traptext);
        return;
    }
    if (rc != WCAP_OK) {
        spec_out("fail %s call: %s (%d)\n", line, wcap_strerror(rc), rc);
        return;
    }
    if (strcmp(mode, "trap") == 0 || strcmp(mode, "exhaustion") == 0) {
        spec_out("fail %s returned, expected %s %s\n", line, mode, traptext);
        return;
    }
    for (size_t i = 0; i < nres; i++) {
        if (!spec_value_matches(&res[i], &vals[i])) {
            char got[48];
            spec_value_format(res[i].type, &vals[i], got, sizeof got);
            spec_out("fail %s result %zu: got %s\n", line, i, got);
            return;
        }
    }
    spec_out("ok %s\n", line);
}

static void cmd_invoke(char **tok, int ntok)
{
    const char *line = tok[1], *mode = tok[3];
    spec_value_t args[SPEC_MAX_VALS], res[SPEC_MAX_VALS];
    wcap_val_t vals[SPEC_MAX_VALS];
    char field[1024], traptext[256] = "";
    const wcap_export_t *e;
    spec_module_t *m;
    long nargs, nres;
    int i = 6, rc;

    nargs = strtol(tok[5], NULL, 10);
    if (nargs < 0 || nargs > SPEC_MAX_VALS || 6 + nargs >= ntok) {
        spec_out("fail %s malformed script line\n", line);
        return;
    }
    for (long k = 0; k < nargs; k++)
        if (spec_value_parse(tok[i++], &args[k]) != 0) {
            spec_out("fail %s malformed argument\n", line);
            return;
        }
    nres = strtol(tok[i++], NULL, 10);
    if (nres < 0 || nres > SPEC_MAX_VALS || i + nres > ntok) {
        spec_out("fail %s malformed script line\n", line);
        return;
    }
    for (long k = 0; k < nres; k++)
        if (spec_value_parse(tok[i++], &res[k]) != 0) {
            spec_out("fail %s malformed result\n", line);
            return;
        }
    if (i < ntok && strcmp(tok[i], "-") != 0 && hex_decode(tok[i], traptext, sizeof traptext) != 0) {
        spec_out("fail %s malformed trap text\n", line);
        return;
    }
    m = find_module(tok[2]);
    if (m == NULL || hex_decode(tok[4], field, sizeof field) != 0) {
        spec_out("fail %s no such module\n", line);
        return;
    }
    e = wcap_rt_find_export(&m->cap.rt, field);
    if (e == NULL) {
        spec_out("fail %s no such export\n", line);
        return;
    }
    if (!sig_matches(e->sig, args, (size_t)nargs, strcmp(mode, "return") == 0 ? res : NULL, (size_t)nres)) {
        spec_out("fail %s export signature %s does not match\n", line, e->sig);
        return;
    }
    memset(vals, 0, sizeof vals);
    for (long k = 0; k < nargs; k++)
        spec_value_store(&args[k], &vals[k]);
    rc = wcap_rt_call_export(&m->cap.rt, field, vals, SPEC_MAX_VALS, &e);
    report_call(line, mode, traptext, rc, &m->cap.rt, res, (size_t)nres, vals);
}

wcap_rt_capsule_t *spec_registered(const char *as)
{
    for (size_t i = 0; i < n_modules; i++) /* names are unique: see cmd_register */
        if (strcmp(modules[i]->as, as) == 0)
            return &modules[i]->cap.rt;
    return NULL;
}

static void cmd_register(const char *line, const char *as, const char *name)
{
    spec_module_t *m = find_module(name);
    if (m == NULL) {
        spec_out("fail %s register: no such module\n", line);
        return;
    }
    for (size_t i = 0; i < n_modules; i++) /* a later registration replaces an earlier one */
        if (modules[i] != m && strlen(modules[i]->as) == strlen(as) / 2u) {
            char other[128];
            if (hex_decode(as, other, sizeof other) == 0 && strcmp(other, modules[i]->as) == 0)
                modules[i]->as[0] = '\0';
        }
    if (hex_decode(as, m->as, sizeof m->as) != 0)
        spec_out("fail %s register: malformed name\n", line);
    m->keep = 1;
}

static int split(char *s, char **tok, int max)
{
    int n = 0;
    for (char *p = strtok(s, " \n"); p != NULL && n < max; p = strtok(NULL, " \n"))
        tok[n++] = p;
    return n;
}

static void run_line(char *buf)
{
    char *tok[SPEC_MAX_TOKENS];
    int n = split(buf, tok, SPEC_MAX_TOKENS);

    if (n == 4 && strcmp(tok[0], "load") == 0)
        cmd_load(tok[1], tok[2], tok[3]);
    else if (n == 3 && strcmp(tok[0], "noload") == 0)
        cmd_noload(tok[1], tok[2]);
    else if (n == 4 && strcmp(tok[0], "register") == 0)
        cmd_register(tok[1], tok[2], tok[3]);
    else if (n >= 7 && strcmp(tok[0], "invoke") == 0)
        cmd_invoke(tok, n);
    else if (n > 1)
        spec_out("fail %s malformed script line\n", tok[1]);
}

int spec_script_run(const char *path, const wcap_ldr_config_t *config)
{
    static char line[SPEC_LINE_MAX];
    static char rd[512];
    size_t len = 0;
    long n;
    int h = spec_io_open(path);

    if (h < 0)
        return -1;
    cfg = config;
    wcap_ldr_init(&ldr, cfg);
    while ((n = spec_io_read(h, rd, sizeof rd)) > 0) {
        for (long i = 0; i < n; i++) {
            if (rd[i] != '\n') {
                if (len < sizeof line - 1) /* a longer line is cut: malformed */
                    line[len++] = rd[i];
                continue;
            }
            line[len] = '\0';
            run_line(line);
            len = 0;
        }
    }
    spec_io_close(h);
    if (len > 0) {
        line[len] = '\0';
        run_line(line);
    }
    while (n_modules > 0)
        unload(modules[n_modules - 1]);
    return n < 0 ? -1 : 0;
}
