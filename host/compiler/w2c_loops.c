/*
 * The unchecked copy of a loop with an entry test (docs/toolchain.md
 * "Loops"). w2c_checks.c writes the entry test before the loop's label and
 * every covered check in front of its access; this file then gives the loop
 * two copies. Making them in the C, not leaving them to the C compiler's
 * loop unswitching, makes the unchecked copy certain on every compiler
 * (gcc left the test inside the body) and keeps the checked copy free of
 * the flag's tests:
 *
 *   ;const int64_t wcap_t1 = ...; const u32 wcap_ok1 = ...;
 *   if (wcap_ok1) {            WCAPC_W2C_COPY_FAST's comment
 *   wcap_u_w2c_L6:
 *     ... i32_store_nc(&wcap_mem, (u64)(w2c_i0), w2c_i1); ...  (a comment names wcap_ok1)
 *     if (w2c_i0) {goto wcap_u_w2c_L6;}
 *   } else {                   WCAPC_W2C_COPY_CHECKED's comment
 *   w2c_L6:
 *     ... WCAP_CHECK_ONE(&wcap_mem, (u64)(w2c_i0), 4); i32_store_nc(...); ...
 *     if (w2c_i0) {goto w2c_L6;}
 *   }                          WCAPC_W2C_COPY_END
 *
 * The loop's C is its label's line and every deeper-indented line after it;
 * it must end with wasm2c's back edge "if (...) {goto LABEL;}", else the
 * loop keeps one copy with every check. Labels defined inside the loop are
 * renamed in the first copy (a Wasm branch only targets an enclosing label,
 * so no goto from outside the loop names them). The cross-check
 * (w2c_access.c) reads both copies against the loop's accesses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "w2c.h"

static int is_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static size_t indent_of(const char *s, size_t at, size_t len)
{
    size_t i = at;
    while (i < len && s[i] == ' ')
        i++;
    return i - at;
}

static size_t line_end(const char *s, size_t at, size_t len)
{
    const char *nl = memchr(s + at, '\n', len - at);
    return nl ? (size_t)(nl - s) : len;
}

/* The label a line defines ("LABEL:" after its indentation): its length, or 0. */
static size_t label_def(const char *s, size_t at, size_t e)
{
    size_t i = at + indent_of(s, at, e), n = i;
    while (n < e && is_ident_char(s[n]))
        n++;
    if (n == i || n >= e || s[n] != ':' || (n - i == 7 && memcmp(s + i, "default", 7) == 0))
        return 0;
    return n - i;
}

/* The end of the loop whose label line starts at `at` (the start of the first
 * line after it indented no deeper, or len), or (size_t)-1 when the loop's
 * last line is not its back edge "if (...) {goto LABEL;}". */
static size_t loop_end(const char *s, size_t len, size_t at)
{
    size_t ind = indent_of(s, at, len), e = line_end(s, at, len);
    size_t ll = label_def(s, at, e);
    if (ll == 0 || ll > 60)
        return (size_t)-1;
    char back[80];
    snprintf(back, sizeof back, "{goto %.*s;}", (int)ll, s + at + ind);
    size_t bl = strlen(back), last = at, p = e + 1;
    while (p < len) {
        size_t le = line_end(s, p, len), pi = indent_of(s, p, le);
        if (p + pi < le && pi <= ind)
            break;
        if (p + pi < le)
            last = p;
        p = le + 1;
    }
    size_t le = line_end(s, last, len), li = last + indent_of(s, last, le);
    if (last == at || le - li < 4 + bl || memcmp(s + li, "if (", 4) != 0 || memcmp(s + le - bl, back, bl) != 0)
        return (size_t)-1;
    return p < len ? p : len;
}

/* Whether [at, at + n) of s is a label defined by a line of s[from, to). */
static int defined_in(const char *s, size_t from, size_t to, const char *name, size_t n)
{
    for (size_t p = from; p < to;) {
        size_t e = line_end(s, p, to), ll = label_def(s, p, e);
        if (ll == n && memcmp(s + p + indent_of(s, p, e), name, n) == 0)
            return 1;
        p = e + 1;
    }
    return 0;
}

/* Appends r[0, n) with every label defined in it renamed to wcap_u_LABEL,
 * where it is defined and after each "goto ". */
static int put_renamed(wcapc_buf_t *out, const char *r, size_t n)
{
    size_t pos = 0;
    for (size_t p = 0; p < n;) {
        size_t e = line_end(r, p, n), ll = label_def(r, p, e), at = p + indent_of(r, p, e);
        if (ll && (wcapc_buf_put(out, r + pos, at - pos) || wcapc_buf_put(out, "wcap_u_", 7)))
            return -1;
        pos = ll ? at : pos;
        for (size_t g = p; g + 5 < e; g++) {
            if (memcmp(r + g, "goto ", 5) != 0 || (g > 0 && is_ident_char(r[g - 1])))
                continue;
            size_t t = g + 5, te = t;
            while (te < e && is_ident_char(r[te]))
                te++;
            if (te > t && defined_in(r, 0, n, r + t, te - t)) {
                if (wcapc_buf_put(out, r + pos, t - pos) || wcapc_buf_put(out, "wcap_u_", 7))
                    return -1;
                pos = t;
            }
        }
        p = e + 1;
    }
    return wcapc_buf_put(out, r + pos, n - pos);
}

/* Appends s[from, to), leaving out (drop) or keeping the covered checks of
 * loop `number` that lie in it; c: the first cut at or after `from`. */
static int put_region(wcapc_buf_t *out, const char *s, size_t from, size_t to, const wcapc_w2c_cut_t *cuts,
                      uint32_t n_cuts, uint32_t c, uint32_t number, int drop)
{
    size_t pos = from;
    for (; drop && c < n_cuts && cuts[c].from < to; c++) {
        if (cuts[c].loop != number || cuts[c].from < pos)
            continue;
        if (wcapc_buf_put(out, s + pos, cuts[c].from - pos) || wcapc_buf_printf(out, "/* wcap_ok%u */ ", number))
            return -1;
        pos = cuts[c].to;
    }
    return wcapc_buf_put(out, s + pos, to - pos);
}

static int copy_loop(wcapc_buf_t *out, const char *s, size_t at, size_t end, const wcapc_w2c_cut_t *cuts,
                     uint32_t n_cuts, uint32_t c, uint32_t number)
{
    int ind = (int)indent_of(s, at, end);
    wcapc_buf_t fast = {0};
    int rc = put_region(&fast, s, at, end, cuts, n_cuts, c, number, 1);
    rc = rc || wcapc_buf_printf(out, "%*sif (wcap_ok%u) " WCAPC_W2C_COPY_FAST "\n", ind, "", number, number);
    rc = rc || put_renamed(out, (const char *)fast.data, fast.len);
    rc = rc || wcapc_buf_printf(out, "%*s} else " WCAPC_W2C_COPY_CHECKED "\n", ind, "", number);
    rc = rc || put_region(out, s, at, end, cuts, n_cuts, c, number, 0);
    rc = rc || wcapc_buf_printf(out, "%*s} " WCAPC_W2C_COPY_END "\n", ind, "", number);
    wcapc_buf_free(&fast);
    return rc ? -1 : 0;
}

int wcapc_w2c_copy_loops(wcapc_buf_t *src, const size_t *label_at, uint32_t n_loops, const wcapc_w2c_cut_t *cuts,
                         uint32_t n_cuts)
{
    const char *s = (const char *)src->data;
    wcapc_buf_t out = {0};
    size_t pos = 0;
    uint32_t c = 0;
    int rc = 0;
    for (uint32_t l = 0; rc == 0 && l < n_loops; l++) {
        size_t at = label_at[l], end = at == (size_t)-1 || at < pos ? (size_t)-1 : loop_end(s, src->len, at);
        if (end == (size_t)-1)
            continue;
        while (c < n_cuts && cuts[c].from < at)
            c++;
        rc = wcapc_buf_put(&out, s + pos, at - pos) || copy_loop(&out, s, at, end, cuts, n_cuts, c, l + 1);
        pos = end;
    }
    if (rc || wcapc_buf_put(&out, s + pos, src->len - pos)) {
        wcapc_buf_free(&out);
        return -1;
    }
    wcapc_buf_free(src);
    *src = out;
    return 0;
}
