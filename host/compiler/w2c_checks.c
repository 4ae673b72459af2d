/*
 * The bounds-check decisions made on the Wasm (wasm_checks.c), applied to
 * wasm2c's C access by access (docs/toolchain.md "Bounds checks"):
 *
 *   x = i32_load(&wcap_mem, (u64)(b) + 8u);      WCAP_SPAN_CHECK(&wcap_mem, (u64)(b), 16ull); x = i32_load_nc(...);
 *   y = i32_load(&wcap_mem, (u64)(b) + 12u);  -> y = i32_load_nc(&wcap_mem, (u64)(b) + 12u);
 *
 * Access k of function f (wasm_access.h) is the k-th helper call of f's C
 * body (the cross-check, w2c_access.c, proves it for the final C). A check
 * goes in front of the access's own statement, so it runs exactly where the
 * access would have been checked. The substitution needs wasm2c's statement
 * shape "[VAR = ]HELPER(&wcap_mem, (u64)(VAR)[ + N[u]][, VAR]);": an access
 * written otherwise keeps its check, and so does every member of its group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2c.h"
#include "wasm_access.h"
#include "wasm_checks.h"

/* Where access i sits in the C. */
typedef struct {
    size_t stmt;     /* the statement's first character */
    size_t name_end; /* the end of the helper's name */
    size_t var;      /* the address variable (inside "(u64)(VAR)") */
    uint8_t var_len;
    uint8_t ok; /* the statement has the shape the substitution needs */
} site_t;

typedef struct {
    const wcapc_accesses_t *a;
    const char *base;
    site_t *sites;
} apply_t;

static int is_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t skip_ident(const char *s, size_t i, size_t len)
{
    while (i < len && is_ident_char(s[i]))
        i++;
    return i;
}

static int lit(const char *s, size_t *i, size_t len, const char *l)
{
    size_t n = strlen(l);
    if (len - *i < n || memcmp(s + *i, l, n) != 0)
        return 0;
    *i += n;
    return 1;
}

/* Parses the line around the helper call at name_at into site (ok = 0 when
 * it is not "[VAR = ]HELPER(&wcap_mem, (u64)(VAR)[ + N[u]][, VAR]);"). */
static void parse_site(const char *line, size_t len, size_t name_at, size_t name_len, site_t *st)
{
    size_t i = 0, e;
    while (i < len && line[i] == ' ')
        i++;
    st->stmt = i;
    if (i != name_at) { /* "VAR = " first */
        e = skip_ident(line, i, len);
        if (e == i || !lit(line, &e, len, " = ") || e != name_at)
            return;
    }
    i = name_at + name_len;
    st->name_end = i;
    if (!lit(line, &i, len, "(&wcap_mem, (u64)("))
        return;
    st->var = i;
    i = skip_ident(line, i, len);
    st->var_len = (uint8_t)(i - st->var);
    if (i == st->var || i - st->var > 64 || !lit(line, &i, len, ")"))
        return;
    if (lit(line, &i, len, " + ")) {
        size_t d = i;
        while (i < len && line[i] >= '0' && line[i] <= '9')
            i++;
        if (i == d)
            return;
        lit(line, &i, len, "u");
    }
    if (lit(line, &i, len, ", ")) {
        size_t v = i;
        i = skip_ident(line, i, len);
        if (i == v)
            return;
    }
    if (!lit(line, &i, len, ");"))
        return;
    while (i < len && line[i] == ' ')
        i++;
    st->ok = i == len;
}

static int on_begin(void *ctx, uint32_t func)
{
    const apply_t *ap = ctx;
    return func < ap->a->n_funcs ? 0 : -1;
}

static int on_access(void *ctx, uint32_t func, uint32_t index, int kind, const char *line, size_t len, size_t name_at,
                     size_t name_len)
{
    const apply_t *ap = ctx;
    const wcapc_accesses_t *a = ap->a;
    if (index >= a->first[func + 1] - a->first[func] || a->kind[a->first[func] + index] != kind)
        return -1;
    site_t *st = &ap->sites[a->first[func] + index];
    memset(st, 0, sizeof *st);
    if (name_len == strlen(wcapc_access_kinds[kind].helper)) /* not already NAME_nc */
        parse_site(line, len, name_at, name_len, st);
    size_t at = (size_t)(line - ap->base);
    st->stmt += at;
    st->name_end += at;
    st->var += at;
    return 0;
}

static int on_end(void *ctx, uint32_t func, uint32_t count)
{
    const apply_t *ap = ctx;
    return count == ap->a->first[func + 1] - ap->a->first[func] ? 0 : -1;
}

static int on_done(void *ctx, uint32_t funcs)
{
    const apply_t *ap = ctx;
    return funcs == ap->a->n_funcs ? 0 : -1;
}

/* The decision that can be applied: a bad statement shape keeps wasm2c's
 * check, for a group's first member on behalf of the whole group. */
static uint8_t effective(const wcapc_check_t *c, const site_t *sites, const uint8_t *eff, uint32_t i)
{
    if (!sites[i].ok)
        return WCAPC_CHECK_FULL;
    if (c[i].kind == WCAPC_CHECK_COVERED && (c[i].group >= i || eff[c[i].group] != WCAPC_CHECK_GROUP))
        return WCAPC_CHECK_FULL;
    return c[i].kind;
}

static int emit(wcapc_buf_t *out, const char *src, const wcapc_check_t *c, const site_t *st, uint8_t kind, uint32_t i,
                const wcapc_accesses_t *a)
{
    int vl = st->var_len;
    const char *var = src + st->var;
    if (kind == WCAPC_CHECK_ONE)
        return wcapc_buf_printf(out, "WCAP_CHECK_ONE(&wcap_mem, (u64)(%.*s), %u); ", vl, var,
                                (unsigned)wcapc_access_kinds[a->kind[i]].size);
    if (kind != WCAPC_CHECK_GROUP)
        return 0;
    if (c->lo == 0)
        return wcapc_buf_printf(out, "WCAP_SPAN_CHECK(&wcap_mem, (u64)(%.*s), %lluull); ", vl, var,
                                (unsigned long long)c->span);
    return wcapc_buf_printf(out, "WCAP_SPAN_CHECK(&wcap_mem, (u64)(u32)(%.*s + %uu), %lluull); ", vl, var,
                            (unsigned)c->lo, (unsigned long long)c->span);
}

int wcapc_w2c_apply_checks(wcapc_buf_t *src, const wcapc_accesses_t *a, const wcapc_check_t *checks, char *err,
                           size_t errcap)
{
    site_t *sites = calloc(a->n ? a->n : 1, sizeof *sites);
    uint8_t *eff = calloc(a->n ? a->n : 1, 1);
    wcapc_buf_t out = {0};
    apply_t ap = {a, (const char *)src->data, sites};
    wcapc_w2c_scan_t sc = {on_begin, on_access, on_end, on_done, &ap};
    int rc = !sites || !eff ? -2 : wcapc_w2c_scan(src, &sc);
    size_t pos = 0;
    for (uint32_t i = 0; rc == 0 && i < a->n; i++) {
        eff[i] = effective(checks, sites, eff, i);
        if (eff[i] == WCAPC_CHECK_FULL)
            continue;
        const site_t *st = &sites[i];
        if (wcapc_buf_put(&out, src->data + pos, st->stmt - pos) ||
            emit(&out, (const char *)src->data, &checks[i], st, eff[i], i, a) ||
            wcapc_buf_put(&out, src->data + st->stmt, st->name_end - st->stmt) || wcapc_buf_put(&out, "_nc", 3))
            rc = -2;
        pos = st->name_end;
    }
    if (rc == 0 && wcapc_buf_put(&out, src->data + pos, src->len - pos))
        rc = -2;
    free(sites);
    free(eff);
    if (rc) {
        wcapc_buf_free(&out);
        snprintf(err, errcap,
                 rc == -2 ? "out of memory"
                          : "unexpected wasm2c output: the C's memory accesses do not match the "
                            "module's (before the check substitution)");
        return -1;
    }
    wcapc_buf_free(src);
    *src = out;
    return 0;
}

/* What each load/store helper's DEFINE_LOAD/DEFINE_STORE takes besides its
 * name (wcapc_access_kinds' order: opcodes 0x28..0x3E). */
static const char *const helper_types[][3] = {
    {"u32", "u32", "u32"}, {"u64", "u64", "u64"}, {"f32", "f32", "f32"}, {"f64", "f64", "f64"}, /* loads */
    {"s8", "s32", "u32"},  {"u8", "u32", "u32"},  {"s16", "s32", "u32"}, {"u16", "u32", "u32"},
    {"s8", "s64", "u64"},  {"u8", "u64", "u64"},  {"s16", "s64", "u64"}, {"u16", "u64", "u64"},
    {"s32", "s64", "u64"}, {"u32", "u64", "u64"}, {"u32", "u32", NULL},  {"u64", "u64", NULL}, /* stores */
    {"f32", "f32", NULL},  {"f64", "f64", NULL},  {"u8", "u32", NULL},   {"u16", "u32", NULL},
    {"u8", "u64", NULL},   {"u16", "u64", NULL},  {"u32", "u64", NULL},
};

int wcapc_w2c_define_nc(wcapc_buf_t *defs)
{
    if (wcapc_buf_printf(defs,
                         "/* wcap: accesses checked beforehand or proven in bounds (host/compiler/w2c_checks.c) */\n"))
        return -1;
    for (size_t k = 0; k < sizeof helper_types / sizeof helper_types[0]; k++) {
        const char *name = wcapc_access_kinds[k].helper;
        const char *const *t = helper_types[k];
        if (wcapc_access_kinds[k].is_store
                ? wcapc_buf_printf(defs, "WCAP_DEFINE_STORE_NC(%s, %s, %s)\n", name, t[0], t[1])
                : wcapc_buf_printf(defs, "WCAP_DEFINE_LOAD_NC(%s, %s, %s, %s)\n", name, t[0], t[1], t[2]))
            return -1;
    }
    return 0;
}
