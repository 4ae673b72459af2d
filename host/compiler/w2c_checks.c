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

/* ---- loop-level checks -------------------------------------------------------- */

/* The start of the line holding position p. */
static size_t line_start(const char *src, size_t p)
{
    while (p > 0 && src[p - 1] != '\n')
        p--;
    return p;
}

/* The nearest "w2c_L<n>: " line before position p in the same function:
 * its start, with n in *label; (size_t)-1 when there is none. */
static size_t loop_label_before(const char *src, size_t p, uint32_t *label)
{
    size_t ls = line_start(src, p);
    while (ls > 0) {
        size_t e = ls - 1; /* the previous line's newline */
        ls = line_start(src, e);
        if (e - ls == 1 && src[ls] == '}')
            return (size_t)-1; /* the function before */
        size_t i = ls;
        while (i < e && src[i] == ' ')
            i++;
        if (e - i < 8 || memcmp(src + i, "w2c_L", 5) != 0)
            continue;
        uint32_t n = 0;
        size_t d = i + 5;
        while (d < e && src[d] >= '0' && src[d] <= '9' && n < 100000000u)
            n = n * 10 + (uint32_t)(src[d++] - '0');
        if (d > i + 5 && e - d == 2 && src[d] == ':' && src[d + 1] == ' ') {
            *label = n;
            return ls;
        }
    }
    return (size_t)-1;
}

/* The C name of local k (wasm2c without local names: w2c_p<k>, w2c_l<k>). */
static void local_name(char *buf, size_t cap, const wcapc_loop_t *lp, uint32_t k)
{
    snprintf(buf, cap, "w2c_%c%u", k < lp->nparams ? 'p' : 'l', (unsigned)k);
}

/* Whether `name` occurs as a whole word in src[from, to). */
static int has_word(const char *src, size_t from, size_t to, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = from; i + n <= to; i++)
        if (memcmp(src + i, name, n) == 0 && (i == 0 || !is_ident_char(src[i - 1])) &&
            (i + n == to || !is_ident_char(src[i + n])))
            return 1;
    return 0;
}

/* The function's start: after the previous line "}" (or the file's start). */
static size_t function_start(const char *src, size_t p)
{
    size_t ls = line_start(src, p);
    while (ls > 0) {
        size_t e = ls - 1;
        ls = line_start(src, e);
        if (e - ls == 1 && src[ls] == '}')
            return e + 1;
    }
    return 0;
}

/* Whether every local the loop's test names is a variable of the function's C. */
static int names_known(const char *src, size_t label_at, const wcapc_loop_t *lp, const wcapc_loops_t *L)
{
    size_t from = function_start(src, label_at);
    char name[32];
    uint32_t locals[3] = {lp->e_local, lp->n_local, WCAPC_NO_LOCAL};
    for (uint32_t r = lp->first_range; r <= lp->first_range + lp->n_ranges; r++) {
        if (r < lp->first_range + lp->n_ranges) {
            locals[1] = L->ranges[r].inv;
            locals[2] = L->ranges[r].iv;
        }
        for (int k = 0; k < 3; k++) {
            if (locals[k] == WCAPC_NO_LOCAL)
                continue;
            local_name(name, sizeof name, lp, locals[k]);
            if (!has_word(src, from, label_at, name))
                return 0;
        }
        locals[0] = lp->n_local;
    }
    return 1;
}

/* The check of range r applies: the access's statement has the shape and
 * keeps the kind the range was made for. */
static int range_applies(const wcapc_loop_range_t *r, const wcapc_check_t *c, const site_t *sites, const uint8_t *eff)
{
    uint32_t i = r->access;
    return sites[i].ok && eff[i] == c[i].kind;
}

/* Where loop l's entry test goes (the start of its label's line), or
 * (size_t)-1 when the C does not have the shape the Wasm promised: every
 * covered access's nearest loop label is the loop's, and the names exist. */
static size_t loop_entry(const char *src, const wcapc_loops_t *L, uint32_t l, const wcapc_check_t *c,
                         const site_t *sites, const uint8_t *eff)
{
    const wcapc_loop_t *lp = &L->loops[l];
    size_t at = (size_t)-1;
    int any = 0;
    for (uint32_t r = lp->first_range; r < lp->first_range + lp->n_ranges; r++) {
        if (!range_applies(&L->ranges[r], c, sites, eff))
            continue;
        uint32_t label;
        size_t ls = loop_label_before(src, sites[L->ranges[r].access].stmt, &label);
        if (ls == (size_t)-1 || label != lp->label || (any && ls != at))
            return (size_t)-1;
        at = ls;
        any = 1;
    }
    return any && names_known(src, at, lp, L) ? at : (size_t)-1;
}

/*
 * Ranges of one loop through the same inv, iv, step and shift differ by a
 * constant, their start ivoff * 2^shift + c. One wcap_fits of the lowest start
 * with extra = the furthest end minus that start holds exactly when each of
 * theirs does: every range lies above the lowest start, and each end is at
 * most the memory's size (at most 2^32), so each address stays below 2^32
 * when its extra is at least 1. Starts and extras beyond 2^30 keep their own test.
 */
#define WCAPC_FITS_MERGE_MAX ((int64_t)1 << 30)

static int64_t range_start(const wcapc_loop_range_t *g)
{
    return (int64_t)g->ivoff * ((int64_t)1 << g->shift) + g->c;
}

static int range_mergeable(const wcapc_loop_range_t *g)
{
    int64_t s = range_start(g);
    return g->extra >= 1u && g->extra <= WCAPC_FITS_MERGE_MAX && s >= -WCAPC_FITS_MERGE_MAX &&
           s <= WCAPC_FITS_MERGE_MAX;
}

static int same_line(const wcapc_loop_range_t *a, const wcapc_loop_range_t *b)
{
    return range_mergeable(a) && range_mergeable(b) && a->inv == b->inv && a->iv == b->iv && a->step == b->step &&
           a->shift == b->shift;
}

/* The test that covers range r of [first, end): 0 when an earlier range's
 * test already covers it, else 1 with *t the merged range (r itself when
 * no later range shares its line). */
static int fits_test(const wcapc_loop_range_t *ranges, uint32_t first, uint32_t end, uint32_t r, wcapc_loop_range_t *t)
{
    for (uint32_t k = first; k < r; k++)
        if (same_line(&ranges[k], &ranges[r]))
            return 0;
    *t = ranges[r];
    int64_t lo = range_start(t), hi = lo + t->extra;
    for (uint32_t k = r + 1; k < end; k++) {
        if (!same_line(&ranges[k], &ranges[r]))
            continue;
        int64_t s = range_start(&ranges[k]);
        if (s < lo) {
            lo = s;
            t->ivoff = ranges[k].ivoff;
            t->c = ranges[k].c;
        }
        if (s + ranges[k].extra > hi)
            hi = s + ranges[k].extra;
    }
    t->extra = (uint32_t)(hi - lo);
    return 1;
}

static int emit_entry(wcapc_buf_t *out, const char *src, size_t at, const wcapc_loops_t *L, uint32_t l)
{
    const wcapc_loop_t *lp = &L->loops[l];
    char e[32], n[32], inv[32], iv[32];
    int indent = 0;
    while (src[at + (size_t)indent] == ' ')
        indent++;
    local_name(e, sizeof e, lp, lp->e_local);
    local_name(n, sizeof n, lp, lp->n_local == WCAPC_NO_LOCAL ? 0 : lp->n_local);
    /* ";" first: the line before may be an outer loop's label, and a label needs a statement */
    int rc = wcapc_buf_printf(out, "%*s;const int64_t wcap_t%u = wcap_trips((u32)(%s + %uu), ", indent, "", l + 1, e,
                              (unsigned)lp->e_off);
    rc = rc || (lp->n_local == WCAPC_NO_LOCAL ? wcapc_buf_printf(out, "%uu", lp->n_off)
                                              : wcapc_buf_printf(out, "(u32)(%s + %uu)", n, lp->n_off));
    rc = rc || wcapc_buf_printf(out, ", %d, 0x%x);\n%*sconst u32 wcap_ok%u = wcap_t%u > 0", (int)lp->e_step,
                                (unsigned)lp->cmp, indent, "", l + 1, l + 1);
    uint32_t end = lp->first_range + lp->n_ranges;
    for (uint32_t r = lp->first_range; r < end && !rc; r++) {
        wcapc_loop_range_t t;
        const wcapc_loop_range_t *g = &t;
        if (!fits_test(L->ranges, lp->first_range, end, r, &t))
            continue;
        strcpy(inv, "0u");
        strcpy(iv, "0u");
        if (g->inv != WCAPC_NO_LOCAL)
            local_name(inv, sizeof inv, lp, g->inv);
        if (g->iv != WCAPC_NO_LOCAL)
            local_name(iv, sizeof iv, lp, g->iv);
        rc = wcapc_buf_printf(
            out, " &&\n%*s    wcap_fits(wcap_t%u, %s, %s, %d, %d, %u, %lldll, %uu, WCAP_MEM_SIZE(&wcap_mem))", indent,
            "", l + 1, inv, iv, (int)g->ivoff, (int)g->step, (unsigned)g->shift, (long long)g->c, (unsigned)g->extra);
    }
    return rc || wcapc_buf_printf(out, ";\n");
}

/* ---- the substitution ----------------------------------------------------------- */

int wcapc_w2c_apply_checks(wcapc_buf_t *src, const wcapc_accesses_t *a, const wcapc_check_t *checks,
                           const wcapc_loops_t *loops, char *err, size_t errcap)
{
    site_t *sites = calloc(a->n ? a->n : 1, sizeof *sites);
    uint8_t *eff = calloc(a->n ? a->n : 1, 1);
    uint32_t n_loops = loops ? loops->n : 0;
    size_t *entry = calloc(n_loops ? n_loops : 1, sizeof *entry);
    const wcapc_loop_range_t **range_of = calloc(a->n ? a->n : 1, sizeof *range_of);
    wcapc_buf_t out = {0};
    const char *text = (const char *)src->data;
    apply_t ap = {a, text, sites};
    wcapc_w2c_scan_t sc = {on_begin, on_access, on_end, on_done, &ap};
    int rc = !sites || !eff || !entry || !range_of ? -2 : wcapc_w2c_scan(src, &sc);
    for (uint32_t i = 0; rc == 0 && i < a->n; i++)
        eff[i] = effective(checks, sites, eff, i);
    for (uint32_t l = 0; rc == 0 && l < n_loops; l++) {
        const wcapc_loop_t *lp = &loops->loops[l];
        entry[l] = loop_entry(text, loops, l, checks, sites, eff);
        for (uint32_t r = lp->first_range; entry[l] != (size_t)-1 && r < lp->first_range + lp->n_ranges; r++)
            if (range_applies(&loops->ranges[r], checks, sites, eff))
                range_of[loops->ranges[r].access] = &loops->ranges[r];
    }
    size_t pos = 0, *label_at = entry; /* entry[l] becomes where loop l's label line is in out */
    uint32_t next_loop = 0, n_cuts = 0;
    wcapc_w2c_cut_t *cuts = calloc(a->n ? a->n : 1, sizeof *cuts);
    rc = rc == 0 && !cuts ? -2 : rc;
    for (uint32_t i = 0; rc == 0 && i < a->n; i++) {
        const wcapc_loop_range_t *g = range_of[i];
        if (eff[i] == WCAPC_CHECK_FULL && g == NULL)
            continue;
        const site_t *st = &sites[i];
        for (; rc == 0 && next_loop < n_loops && (entry[next_loop] == (size_t)-1 || entry[next_loop] < st->stmt);
             next_loop++) {
            size_t at = entry[next_loop];
            if (at == (size_t)-1)
                continue;
            if (wcapc_buf_put(&out, src->data + pos, at - pos) || emit_entry(&out, text, at, loops, next_loop))
                rc = -2;
            pos = at;
            label_at[next_loop] = out.len;
        }
        if (rc || wcapc_buf_put(&out, src->data + pos, st->stmt - pos))
            rc = -2;
        size_t from = out.len;
        if (rc == 0 && eff[i] == WCAPC_CHECK_FULL)
            rc = wcapc_buf_printf(&out, "WCAP_SPAN_CHECK(&wcap_mem, (u64)(%.*s), %uull); ", (int)st->var_len,
                                  text + st->var, (unsigned)g->extra)
                     ? -2
                     : 0;
        else if (rc == 0 && emit(&out, text, &checks[i], st, eff[i], i, a))
            rc = -2;
        if (g && rc == 0)
            cuts[n_cuts++] = (wcapc_w2c_cut_t){checks[i].loop, from, out.len};
        if (rc == 0 &&
            (wcapc_buf_put(&out, src->data + st->stmt, st->name_end - st->stmt) || wcapc_buf_put(&out, "_nc", 3)))
            rc = -2;
        pos = st->name_end;
    }
    for (; next_loop < n_loops; next_loop++)
        label_at[next_loop] = (size_t)-1; /* no covered access: no entry test written */
    if (rc == 0 && wcapc_buf_put(&out, src->data + pos, src->len - pos))
        rc = -2;
    if (rc == 0 && wcapc_w2c_copy_loops(&out, label_at, n_loops, cuts, n_cuts))
        rc = -2;
    free(cuts);
    free(sites);
    free(eff);
    free(entry);
    free(range_of);
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

/* The loop entry test's helpers (wasm_checks.h "Loop-level checks"): the
 * body's executions from the exit test (0: not known), and whether one
 * access's range fits for all of them. 32-bit arithmetic where it can be
 * (a 32-bit core divides 64-bit numbers in a library call; step is a
 * constant, so the divisions become shifts or multiplications): signed
 * tests compare d and n with their sign bits flipped, which orders them as
 * unsigned numbers. Magnitudes: t - 1 < 2^32, |step| <= 2^16, shift <= 4,
 * so every product stays below 2^52. */
static const char loop_helpers[] =
    "static inline int64_t wcap_trips(uint32_t d, uint32_t n, int32_t step, int cmp) {\n"
    "  uint32_t bias = cmp == 0x48 || cmp == 0x4A ? 0x80000000u : 0u, D = d ^ bias, N = n ^ bias, dist, q;\n"
    "  uint32_t s = step > 0 ? (uint32_t)step : 0u - (uint32_t)step;\n"
    "  if (cmp == 0x47) {\n"
    "    if (step > 0 ? N < D : N > D) return 0;\n"
    "    dist = step > 0 ? N - D : D - N;\n"
    "    return dist % s != 0 ? 0 : (int64_t)(dist / s) + 1;\n"
    "  }\n"
    "  if (step > 0 ? D >= N : D <= N) return 1;\n"
    "  dist = step > 0 ? N - D : D - N;\n"
    "  q = (dist - 1) / s + 1;\n"
    "  if (step > 0 ? (uint64_t)D + (uint64_t)q * s > 0xFFFFFFFFu : (uint64_t)q * s > D) return 0;\n"
    "  return (int64_t)q + 1;\n"
    "}\n"
    "static inline int wcap_fits(int64_t t, uint32_t inv, uint32_t iv, int32_t ivoff, int32_t step, int sh,\n"
    "                            int64_t c, uint32_t extra, uint64_t size) {\n"
    "  int64_t a0 = (int64_t)inv + ((int64_t)iv + ivoff) * (1 << sh) + c;\n"
    "  uint32_t mag = (step < 0 ? 0u - (uint32_t)step : (uint32_t)step) << sh;\n"
    "  int64_t span = (int64_t)((uint64_t)(uint32_t)(t - 1) * mag);\n"
    "  int64_t lo = step < 0 ? a0 - span : a0, hi = step < 0 ? a0 : a0 + span;\n"
    "  return lo >= 0 && hi <= 0xFFFFFFFFll && (uint64_t)hi + extra <= size;\n"
    "}\n";

int wcapc_w2c_define_nc(wcapc_buf_t *defs)
{
    if (wcapc_buf_printf(
            defs, "/* wcap: accesses checked beforehand or proven in bounds (host/compiler/w2c_checks.c) */\n") ||
        wcapc_buf_put(defs, loop_helpers, sizeof loop_helpers - 1))
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
