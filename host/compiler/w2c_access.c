/*
 * The cross-check between the Wasm and wasm2c's C: every memory access the
 * Wasm holds (wasm_access.h) is, in order, one access helper call in its
 * function's C body (checked, NAME(...), or unchecked, NAME_nc(...)), and
 * nothing else in the C touches memory through a helper. It holds for the
 * C as wcap compiles it, after every rewrite, so a rewrite that lost,
 * duplicated or reordered an access fails the build instead of shipping.
 * It is also what makes an access number in the Wasm a position in the C.
 * A loop given two copies (w2c_loops.c) holds its accesses twice: each copy
 * is read against them.
 */
#include <stdio.h>
#include <string.h>

#include "w2c.h"
#include "wasm_access.h"

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The access kind named by identifier [p, p + len) when it is followed by
 * '(' (NAME or NAME_nc), else -1. */
static int helper_kind(const char *p, size_t len)
{
    if (p[len] != '(')
        return -1;
    if (len > 3 && memcmp(p + len - 3, "_nc", 3) == 0)
        len -= 3;
    for (size_t k = 0; k < wcapc_n_access_kinds; k++)
        if (strlen(wcapc_access_kinds[k].helper) == len && memcmp(wcapc_access_kinds[k].helper, p, len) == 0)
            return (int)k;
    return -1;
}

/* A defined function's first line: "static T NAME(Z_capsule_instance_t* instance, ..."
 * (the parameter list may go on over more lines; declarations name no parameters). */
static int is_func_start(const char *line, size_t len)
{
    static const char inst[] = "(Z_capsule_instance_t* instance";
    if (len < 8 || memcmp(line, "static ", 7) != 0)
        return 0;
    const char *paren = memchr(line, '(', len);
    if (!paren || (size_t)(line + len - paren) < sizeof inst - 1 || memcmp(paren, inst, sizeof inst - 1) != 0)
        return 0;
    const char *name = paren;
    while (name > line && is_ident(name[-1]))
        name--;
    /* wasm2c's own statics with that parameter are init_globals, init_memories,
     * init_tables, init_instance_import...; a module's functions are w2c_NAME,
     * or a bare mangled name (a function named "" is "_"). The function count
     * and every access are checked, so a miscount cannot pass unnoticed. */
    return paren > name && !(paren - name > 5 && memcmp(name, "init_", 5) == 0);
}

/* The helper calls of one line of function `func`'s body, in order. */
static int scan_line(const wcapc_w2c_scan_t *sc, uint32_t func, uint32_t *seen, const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (!is_ident(line[i]) || (i > 0 && is_ident(line[i - 1])))
            continue;
        size_t n = 0;
        while (i + n < len && is_ident(line[i + n]))
            n++;
        int k = i + n < len ? helper_kind(line + i, n) : -1;
        if (k >= 0 && sc->access(sc->ctx, func, (*seen)++, k, line, len, i, n))
            return -1;
        i += n;
    }
    return 0;
}

/* Which line of a loop's copies (WCAPC_W2C_COPY_*) this is: 1 the first
 * copy's start, 2 the second's, 3 their end; 0 none. */
static int copy_line(const char *line, size_t len)
{
    static const char *const tails[] = {" without its covered checks */", " with every check */"};
    size_t i = 0;
    while (i < len && line[i] == ' ')
        i++;
    if (len - i > 24 && memcmp(line + i, "} /* wcap: end of loop ", 23) == 0)
        return 3;
    for (int k = 0; k < 2; k++) {
        size_t tl = strlen(tails[k]);
        if (len - i > tl + 16 && memcmp(line + len - tl, tails[k], tl) == 0 &&
            (k == 0 ? memcmp(line + i, "if (wcap_ok", 11) : memcmp(line + i, "} else { /* wcap: loop ", 23)) == 0)
            return k + 1;
    }
    return 0;
}

/* Follows a loop's copies: both are numbered from the accesses seen before
 * them, and must hold as many. Returns 0 or WCAPC_W2C_SCAN_COPIES. */
static int track_copies(int kind, int *state, uint32_t *seen, uint32_t *first, uint32_t *count)
{
    if (kind != *state + 1)
        return WCAPC_W2C_SCAN_COPIES;
    if (kind == 1)
        *first = *seen;
    else if (kind == 2) {
        *count = *seen - *first;
        *seen = *first;
    } else if (*seen - *first != *count)
        return WCAPC_W2C_SCAN_COPIES;
    *state = kind == 3 ? 0 : kind;
    return 0;
}

int wcapc_w2c_scan(const wcapc_buf_t *src, const wcapc_w2c_scan_t *sc)
{
    const char *p = (const char *)src->data, *end = p + src->len;
    int in_func = 0, copies = 0, kind;
    uint32_t funcs = 0, seen = 0, first = 0, count = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (!in_func && is_func_start(p, len)) {
            if (sc->begin(sc->ctx, funcs++))
                return -1;
            seen = 0;
            in_func = 1;
        } else if (in_func && len == 1 && p[0] == '}') {
            if (copies)
                return WCAPC_W2C_SCAN_COPIES;
            if (sc->end(sc->ctx, funcs - 1, seen))
                return -1;
            in_func = 0;
        } else if (in_func && (kind = copy_line(p, len)) != 0) {
            if (track_copies(kind, &copies, &seen, &first, &count))
                return WCAPC_W2C_SCAN_COPIES;
        } else if (in_func && scan_line(sc, funcs - 1, &seen, p, len)) {
            return -1;
        }
        p += len + 1;
    }
    return sc->done(sc->ctx, funcs) ? -1 : 0;
}

typedef struct {
    const wcapc_accesses_t *a;
    char *err;
    size_t errcap;
} check_t;

static int mismatch(check_t *c, uint32_t func, uint32_t seen, const char *what_c, const char *what_wasm)
{
    snprintf(c->err, c->errcap,
             "unexpected wasm2c output: function %u, memory access %u: %s in the C, %s in the Wasm "
             "(the C no longer matches the module access for access)",
             func, seen, what_c, what_wasm);
    return -1;
}

static int check_begin(void *ctx, uint32_t func)
{
    check_t *c = ctx;
    if (func < c->a->n_funcs)
        return 0;
    snprintf(c->err, c->errcap, "unexpected wasm2c output: more functions in the C than the %u the Wasm defines",
             c->a->n_funcs);
    return -1;
}

static int check_access(void *ctx, uint32_t func, uint32_t seen, int kind, const char *line, size_t len, size_t name_at,
                        size_t name_len)
{
    check_t *c = ctx;
    const wcapc_accesses_t *a = c->a;
    (void)line, (void)len, (void)name_at, (void)name_len;
    if (seen >= a->first[func + 1] - a->first[func])
        return mismatch(c, func, seen, wcapc_access_kinds[kind].helper, "none (fewer accesses)");
    int want = a->kind[a->first[func] + seen];
    return want == kind ? 0 : mismatch(c, func, seen, wcapc_access_kinds[kind].helper, wcapc_access_kinds[want].helper);
}

static int check_end(void *ctx, uint32_t func, uint32_t seen)
{
    check_t *c = ctx;
    const wcapc_accesses_t *a = c->a;
    if (seen == a->first[func + 1] - a->first[func])
        return 0;
    return mismatch(c, func, seen, "none (fewer accesses)", wcapc_access_kinds[a->kind[a->first[func] + seen]].helper);
}

static int check_done(void *ctx, uint32_t funcs)
{
    check_t *c = ctx;
    if (funcs == c->a->n_funcs)
        return 0;
    snprintf(c->err, c->errcap, "unexpected wasm2c output: %u function bodies in the C, %u defined in the Wasm", funcs,
             c->a->n_funcs);
    return -1;
}

int wcapc_w2c_check_accesses(const wcapc_buf_t *src, const wcapc_accesses_t *a, char *err, size_t errcap)
{
    check_t c = {a, err, errcap};
    wcapc_w2c_scan_t sc = {check_begin, check_access, check_end, check_done, &c};
    int rc = wcapc_w2c_scan(src, &sc);
    if (rc == WCAPC_W2C_SCAN_COPIES)
        snprintf(err, errcap,
                 "unexpected C: a loop's two copies (host/compiler/w2c_loops.c) do not hold the same "
                 "accesses, or their lines are out of order");
    return rc ? -1 : 0;
}
