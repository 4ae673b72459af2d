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
static const char prologue_from[] = "#define FUNC_PROLOGUE                                            \\\n"
                                    "  if (++wasm_rt_call_stack_depth > WASM_RT_MAX_CALL_STACK_DEPTH) \\\n"
                                    "    TRAP(EXHAUSTION);\n"
                                    "\n"
                                    "#define FUNC_EPILOGUE --wasm_rt_call_stack_depth\n";
static const char prologue_to[] = "#define FUNC_PROLOGUE WCAP_FUNC_PROLOGUE\n"
                                  "\n"
                                  "#define FUNC_EPILOGUE WCAP_FUNC_EPILOGUE\n";

/* The bounds check of every load and store -> wcap's, cheaper on 32-bit cores. */
static const char range_check_from[] = "#define RANGE_CHECK(mem, offset, len)               \\\n"
                                       "  if (UNLIKELY(offset + (uint64_t)len > mem->size)) \\\n"
                                       "    TRAP(OOB);\n";
static const char range_check_to[] = "#define RANGE_CHECK(mem, offset, len) WCAP_RANGE_CHECK(mem, offset, len)\n";

/* f32.abs and f64.abs: wasm2c tests isnan before fabsf/fabs, a library call
 * where there is no FPU for the type (rv32imac, xtensa-lx106; f64 on the
 * Cortex-M boards). Both only clear the sign bit, NaN or not, which the bit
 * operation says alone (clang makes it one vabs/andps where there is an FPU). */
static const char fabsf_from[] = "static float wasm_fabsf(float x) {\n"
                                 "  if (UNLIKELY(isnan(x))) {\n"
                                 "    uint32_t tmp;\n"
                                 "    memcpy(&tmp, &x, 4);\n"
                                 "    tmp = tmp & ~(1 << 31);\n"
                                 "    memcpy(&x, &tmp, 4);\n"
                                 "    return x;\n"
                                 "  }\n"
                                 "  return fabsf(x);\n"
                                 "}\n";
static const char fabsf_to[] = "static float wasm_fabsf(float x) { /* wcap: the sign bit cleared, NaN or not */\n"
                               "  uint32_t tmp;\n"
                               "  memcpy(&tmp, &x, 4);\n"
                               "  tmp &= 0x7fffffffu;\n"
                               "  memcpy(&x, &tmp, 4);\n"
                               "  return x;\n"
                               "}\n";
static const char fabs_from[] = "static double wasm_fabs(double x) {\n"
                                "  if (UNLIKELY(isnan(x))) {\n"
                                "    uint64_t tmp;\n"
                                "    memcpy(&tmp, &x, 8);\n"
                                "    tmp = tmp & ~(1ll << 63);\n"
                                "    memcpy(&x, &tmp, 8);\n"
                                "    return x;\n"
                                "  }\n"
                                "  return fabs(x);\n"
                                "}\n";
static const char fabs_to[] = "static double wasm_fabs(double x) { /* wcap: the sign bit cleared, NaN or not */\n"
                              "  uint64_t tmp;\n"
                              "  memcpy(&tmp, &x, 8);\n"
                              "  tmp &= 0x7fffffffffffffffull;\n"
                              "  memcpy(&x, &tmp, 8);\n"
                              "  return x;\n"
                              "}\n";

typedef struct {
    const char *from, *to;
    int exactly_once; /* else: one or more times */
} rewrite_t;

static const rewrite_t rewrites[] = {
    {prologue_from, prologue_to, 1},
    {range_check_from, range_check_to, 1},
    {fabsf_from, fabsf_to, 1},
    {fabs_from, fabs_to, 1},
    /* the float -> i32 conversions: wasm-rt.h tests the float's bits on cores without an FPU */
    {"#define I32_TRUNC_S_F32(x) \\\n  TRUNC_S(u32, s32, f32, (f32)INT32_MIN, >=, 2147483648.f, x)\n",
     "#define I32_TRUNC_S_F32(x) WCAP_I32_TRUNC_S_F32(x)\n", 1},
    {"#define I32_TRUNC_S_F64(x) \\\n  TRUNC_S(u32, s32, f64, -2147483649., >, 2147483648., x)\n",
     "#define I32_TRUNC_S_F64(x) WCAP_I32_TRUNC_S_F64(x)\n", 1},
    {"#define I32_TRUNC_U_F32(x) TRUNC_U(u32, f32, 4294967296.f, x)\n",
     "#define I32_TRUNC_U_F32(x) WCAP_I32_TRUNC_U_F32(x)\n", 1},
    {"#define I32_TRUNC_U_F64(x) TRUNC_U(u32, f64, 4294967296., x)\n",
     "#define I32_TRUNC_U_F64(x) WCAP_I32_TRUNC_U_F64(x)\n", 1},
    {"#define I32_TRUNC_SAT_S_F32(x)                                            \\\n  TRUNC_SAT_S(u32, s32, f32, "
     "(f32)INT32_MIN, INT32_MIN, >=, 2147483648.f, \\\n              INT32_MAX, x)\n",
     "#define I32_TRUNC_SAT_S_F32(x) WCAP_I32_TRUNC_SAT_S_F32(x)\n", 1},
    {"#define I32_TRUNC_SAT_S_F64(x)                                        \\\n  TRUNC_SAT_S(u32, s32, f64, "
     "-2147483649., INT32_MIN, >, 2147483648., \\\n              INT32_MAX, x)\n",
     "#define I32_TRUNC_SAT_S_F64(x) WCAP_I32_TRUNC_SAT_S_F64(x)\n", 1},
    {"#define I32_TRUNC_SAT_U_F32(x) \\\n  TRUNC_SAT_U(u32, f32, 4294967296.f, UINT32_MAX, x)\n",
     "#define I32_TRUNC_SAT_U_F32(x) WCAP_I32_TRUNC_SAT_U_F32(x)\n", 1},
    {"#define I32_TRUNC_SAT_U_F64(x) TRUNC_SAT_U(u32, f64, 4294967296., UINT32_MAX, x)\n",
     "#define I32_TRUNC_SAT_U_F64(x) WCAP_I32_TRUNC_SAT_U_F64(x)\n", 1},
    {"wasm_asm(\"\" ::\"r\"(result));", "WCAP_LOAD_BARRIER(result);", 0},
    /* the little-endian access helpers: the access through a pointer of its own type (wasm-rt.h) */
    {"wasm_rt_memcpy(&result, &mem->data[addr], sizeof(t1));",
     "wasm_rt_memcpy(&result, WCAP_ACCESS_PTR(t1, &mem->data[addr]), sizeof(t1));", 1},
    {"wasm_rt_memcpy(&mem->data[addr], &wrapped, sizeof(t1));",
     "wasm_rt_memcpy(WCAP_ACCESS_PTR(t1, &mem->data[addr]), &wrapped, sizeof(t1));", 1},
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

/*
 * Memory base and size cached per function. wasm2c passes &instance->MEM to
 * every load/store helper, so the compiler reloads base and size after each
 * store (a byte store may alias the instance) and after each volatile poll.
 * In a function that starts with FUNC_PROLOGUE, the helpers get a local copy
 * instead (WCAP_MEM_CACHE), whose size is refreshed (WCAP_MEM_REFRESH) after
 * every line that may call out (any line that passes or reads through
 * `instance` and has a parenthesis): only a call can grow memory, and the
 * runtime never moves it. A function the pass does not understand (two
 * memories, such a line not ending a statement) keeps wasm2c's code.
 */
static const char prologue_line[] = "  FUNC_PROLOGUE;";
static const char mem_ref[] = "(&instance->";
static const char mem_local[] = "(&wcap_mem";

static const char *find_in(const char *p, const char *end, const char *what)
{
    size_t wl = strlen(what);
    for (; p < end && (size_t)(end - p) >= wl; p++)
        if (!memcmp(p, what, wl))
            return p;
    return NULL;
}

/* Whether the identifier before `paren` is a load/store helper (i32_load, f64_store, i64_load8_s, ...). */
static int is_access_helper(const char *line, const char *paren)
{
    const char *id = paren;
    while (id > line && (id[-1] == '_' || (id[-1] >= 'a' && id[-1] <= 'z') || (id[-1] >= '0' && id[-1] <= '9')))
        id--;
    return paren - id >= 8 && (id[0] == 'i' || id[0] == 'f') &&
           (!strncmp(id + 1, "32_load", 7) || !strncmp(id + 1, "64_load", 7) || !strncmp(id + 1, "32_store", 8) ||
            !strncmp(id + 1, "64_store", 8));
}

/* Copies one line to out with its helpers' "(&instance->MEM" turned into "(&wcap_mem".
 * name, name_len: the memory name (set by the first access; a second name fails). */
static int localise_line(const char *p, size_t len, wcapc_buf_t *out, const char **name, size_t *name_len)
{
    const char *end = p + len, *line = p, *hit;
    for (; (hit = find_in(p, end, mem_ref)) != NULL; p = hit) {
        const char *nm = hit + sizeof mem_ref - 1;
        const char *comma = memchr(nm, ',', (size_t)(end - nm));
        if (wcapc_buf_put(out, p, (size_t)(hit - p)))
            return -1;
        if (!comma || !is_access_helper(line, hit)) {
            if (wcapc_buf_put(out, hit, 1))
                return -1;
            hit++;
            continue;
        }
        size_t nl = (size_t)(comma - nm);
        if (*name_len && (nl != *name_len || memcmp(nm, *name, nl)))
            return 1;
        *name = nm;
        *name_len = nl;
        if (wcapc_buf_put(out, mem_local, sizeof mem_local - 1))
            return -1;
        hit = comma;
    }
    return wcapc_buf_put(out, p, (size_t)(end - p)) ? -1 : 0;
}

static int may_call(const char *p, size_t len)
{
    return find_in(p, p + len, "instance") && memchr(p, '(', len);
}

static int ends_statement(const char *p, size_t len)
{
    while (len > 0 && p[len - 1] == ' ')
        len--;
    return len > 0 && p[len - 1] == ';';
}

/* One pass over the body [p, end): pass 0 only learns the memory name, pass 1
 * writes the rewritten lines to body. Returns 1 when the function cannot use
 * the cache, 0, or -1 (out of memory). */
static int cache_pass(int pass, const char *p, const char *end, const char **name, size_t *name_len, wcapc_buf_t *body)
{
    wcapc_buf_t line = {0};
    int rc = 0;
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
        line.len = 0;
        rc = localise_line(p, len - (nl ? 1 : 0), &line, name, name_len);
        if (rc == 0 && pass == 1 && may_call((const char *)line.data, line.len)) {
            if (!ends_statement((const char *)line.data, line.len))
                rc = 1;
            else if (wcapc_buf_printf(&line, " WCAP_MEM_REFRESH(instance->%.*s);", (int)*name_len, *name))
                rc = -1;
        }
        if (rc == 0 && pass == 1 && (wcapc_buf_put(body, line.data, line.len) || (nl && wcapc_buf_put(body, "\n", 1))))
            rc = -1;
        p += len;
    }
    wcapc_buf_free(&line);
    return rc;
}

/* Rewrites the body [p, end) (the lines after FUNC_PROLOGUE up to the closing
 * brace) into out. Returns 1 when it cannot (out untouched), 0, or -1 (memory). */
static int cache_body(const char *p, const char *end, wcapc_buf_t *out)
{
    const char *name = NULL;
    size_t name_len = 0;
    wcapc_buf_t body = {0};
    int rc = cache_pass(0, p, end, &name, &name_len, &body);
    if (rc == 0 && name_len == 0)
        rc = 1; /* no access: nothing to cache */
    if (rc == 0)
        rc = cache_pass(1, p, end, &name, &name_len, &body);
    if (rc == 0 && (wcapc_buf_printf(out, " WCAP_MEM_CACHE(instance->%.*s);\n", (int)name_len, name) ||
                    wcapc_buf_put(out, body.data, body.len)))
        rc = -1;
    wcapc_buf_free(&body);
    return rc;
}

static int add_mem_cache(wcapc_buf_t *b)
{
    static const char fn_end[] = "\n}\n";
    wcapc_buf_t out = {0};
    const char *p = (const char *)b->data, *end = p + b->len, *hit, *stop;
    int rc = 0;
    for (; rc == 0 && (hit = find_in(p, end, prologue_line)) != NULL; p = stop + 1) {
        const char *body = hit + sizeof prologue_line - 1;
        stop = find_in(body, end, fn_end);
        if (!stop || *body != '\n')
            break; /* not wasm2c's layout: the rest stays as it is */
        rc = wcapc_buf_put(&out, p, (size_t)(body + 1 - p)) ? -1 : cache_body(body + 1, stop + 1, &out);
        if (rc == 1)
            rc = wcapc_buf_put(&out, body + 1, (size_t)(stop - body)) ? -1 : 0;
    }
    if (rc || wcapc_buf_put(&out, p, (size_t)(end - p))) {
        wcapc_buf_free(&out);
        return -1;
    }
    wcapc_buf_free(b);
    *b = out;
    return 0;
}

/* The unchecked helpers (NAME_nc) after wasm2c's last access helper. */
static int add_nc_helpers(wcapc_buf_t *src, char *err, size_t errcap)
{
    static const char last_helper[] = "DEFINE_STORE(i64_store32, u32, u64)\n";
    wcapc_buf_t defs = {0};
    int n = -1;
    if (wcapc_buf_put(&defs, last_helper, sizeof last_helper - 1) == 0 && wcapc_w2c_define_nc(&defs) == 0 &&
        wcapc_buf_put(&defs, "", 1) == 0)
        n = replace_all(src, last_helper, (const char *)defs.data);
    wcapc_buf_free(&defs);
    if (n < 0) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    if (n != 1) {
        snprintf(err, errcap,
                 "unexpected wasm2c output: 'DEFINE_STORE(i64_store32, u32, u64)' found %d times "
                 "(expected once)",
                 n);
        return -1;
    }
    return 0;
}

/* "#define WCAP_MEM_MIN_SIZE N" before everything (wasm-rt.h reads it), and
 * "#define WCAP_MEM_FIXED_SIZE N" when the size can never change. */
static int add_min_size(wcapc_buf_t *src, uint32_t min_size, int size_fixed, char *err, size_t errcap)
{
    wcapc_buf_t out = {0};
    if (wcapc_buf_printf(&out, "#define WCAP_MEM_MIN_SIZE %uu /* wcap: the memory is never smaller */\n",
                         (unsigned)min_size) ||
        (size_fixed &&
         wcapc_buf_printf(&out,
                          "#define WCAP_MEM_FIXED_SIZE %uu /* wcap: nor larger (no memory.grow, or min = max) */\n",
                          (unsigned)min_size)) ||
        wcapc_buf_put(&out, src->data, src->len)) {
        wcapc_buf_free(&out);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    wcapc_buf_free(src);
    *src = out;
    return 0;
}

int wcapc_w2c_rewrite(wcapc_buf_t *src, uint32_t min_size, int size_fixed, char *err, size_t errcap)
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
    if (add_nc_helpers(src, err, errcap) || add_min_size(src, min_size, size_fixed, err, errcap))
        return -1;
    if (add_mem_cache(src)) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    return 0;
}
