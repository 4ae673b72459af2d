/*
 * wasm2c driver and the rewrite of its output: exact text replacements, each
 * of which must match, so a different wasm2c cannot silently produce code
 * without wcap's stack and interrupt checks.
 */
#include "w2c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stack-depth counter prelude of wasm2c 1.0.32 -> wcap's stack-pointer check. */
static const char prologue_from[] =
    "#define FUNC_PROLOGUE                                            \\\n"
    "  if (++wasm_rt_call_stack_depth > WASM_RT_MAX_CALL_STACK_DEPTH) \\\n"
    "    TRAP(EXHAUSTION);\n"
    "\n"
    "#define FUNC_EPILOGUE --wasm_rt_call_stack_depth\n";
static const char prologue_to[] =
    "#define FUNC_PROLOGUE WCAP_FUNC_PROLOGUE\n"
    "\n"
    "#define FUNC_EPILOGUE WCAP_FUNC_EPILOGUE\n";

typedef struct {
    const char *from, *to;
    int         exactly_once; /* else: one or more times */
} rewrite_t;

static const rewrite_t rewrites[] = {
    {prologue_from, prologue_to, 1},
    {"wasm_asm(\"\" ::\"r\"(result));", "WCAP_LOAD_BARRIER(result);", 0},
};

int wcapc_w2c_run(const char *wasm_path, const char *dir, int *rejected, char *err, size_t errcap)
{
    char out[4096], c_path[4096];
    char *ver[] = {"wasm2c", "--version", NULL};
    *rejected = 0;
    int rc = wcapc_run(ver, out, sizeof out);
    if (rc != 0) {
        snprintf(err, errcap, "cannot run wasm2c (install wabt %s): %s", WCAPC_WASM2C_VERSION, out);
        return -1;
    }
    out[strcspn(out, "\r\n")] = 0;
    if (strcmp(out, WCAPC_WASM2C_VERSION)) {
        snprintf(err, errcap, "wasm2c version is '%s', wcap needs exactly %s", out, WCAPC_WASM2C_VERSION);
        return -1;
    }
    if (wcapc_path_join(c_path, sizeof c_path, dir, "capsule.c")) {
        snprintf(err, errcap, "temporary path too long");
        return -1;
    }
    char *argv[] = {"wasm2c", "-n", "capsule", (char *)wasm_path, "-o", c_path, NULL};
    rc = wcapc_run(argv, out, sizeof out);
    if (rc != 0) {
        out[strcspn(out, "\n")] = 0; /* its first line says what it refused */
        *rejected = rc > 0 && rc != 127;
        snprintf(err, errcap, "wasm2c rejected the module: %s", out[0] ? out : "(no message)");
        return -1;
    }
    return 0;
}

/* Replaces every occurrence of `from` in b; returns the count, or -1 (out of memory). */
static int replace_all(wcapc_buf_t *b, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    wcapc_buf_t out = {0};
    const char *p = (const char *)b->data, *end = p + b->len;
    int count = 0;
    for (const char *hit; (hit = strstr(p, from)) != NULL; p = hit + fl, count++)
        if (wcapc_buf_put(&out, p, (size_t)(hit - p)) || wcapc_buf_put(&out, to, tl))
            goto oom;
    if (wcapc_buf_put(&out, p, (size_t)(end - p)))
        goto oom;
    wcapc_buf_free(b);
    *b = out;
    return count;
oom:
    wcapc_buf_free(&out);
    return -1;
}

/* A loop label line: optional spaces, "w2c_L<digits>: ", end of line. */
static int is_loop_label(const char *line, size_t len)
{
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    if (len - i < 8 || strncmp(line + i, "w2c_L", 5))
        return 0;
    i += 5;
    size_t digits = i;
    while (i < len && line[i] >= '0' && line[i] <= '9')
        i++;
    return i > digits && len - i == 2 && line[i] == ':' && line[i + 1] == ' ';
}

static int add_loop_checks(wcapc_buf_t *b)
{
    static const char check[] = " WCAP_LOOP_CHECK();";
    wcapc_buf_t out = {0};
    const char *p = (const char *)b->data, *end = p + b->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (wcapc_buf_put(&out, p, len) ||
            (is_loop_label(p, len) && wcapc_buf_put(&out, check, sizeof check - 1)) ||
            (nl && wcapc_buf_put(&out, "\n", 1))) {
            wcapc_buf_free(&out);
            return -1;
        }
        p += len + (nl ? 1 : 0);
    }
    wcapc_buf_free(b);
    *b = out;
    return 0;
}

int wcapc_w2c_rewrite(wcapc_buf_t *src, char *err, size_t errcap)
{
    for (size_t i = 0; i < sizeof rewrites / sizeof rewrites[0]; i++) {
        int n = replace_all(src, rewrites[i].from, rewrites[i].to);
        if (n < 0) {
            snprintf(err, errcap, "out of memory");
            return -1;
        }
        if (n == 0 || (rewrites[i].exactly_once && n != 1)) {
            char first[64];
            snprintf(first, sizeof first, "%s", rewrites[i].from);
            size_t len = strcspn(first, "\n");
            while (len > 0 && (first[len - 1] == ' ' || first[len - 1] == '\\'))
                len--; /* the first line of a macro, without its continuation */
            first[len] = 0;
            snprintf(err, errcap, "unexpected wasm2c output: '%s' found %d times (expected %s)", first, n,
                     rewrites[i].exactly_once ? "once" : "at least once");
            return -1;
        }
    }
    if (strstr((const char *)src->data, "wasm_rt_call_stack_depth")) {
        snprintf(err, errcap, "unexpected wasm2c output: wasm_rt_call_stack_depth still used after the rewrite");
        return -1;
    }
    if (add_loop_checks(src)) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    return 0;
}
