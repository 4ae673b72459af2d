/*
 * Bounds-check merging on wasm2c's output ("spans", docs/toolchain.md).
 *
 * wasm2c checks every load and store on its own. Accesses through one base
 * value with different constant offsets (struct fields, unrolled loops, a
 * stack frame) are common, and clang does not merge their checks. This pass
 * does, inside one straight-line run of statements:
 *
 *   x = i32_load(&wcap_mem, (u64)(b) + 8u);      WCAP_SPAN_CHECK(&wcap_mem, (u64)(b), 16u);
 *   y = i32_load(&wcap_mem, (u64)(b) + 12u);  ->  x = i32_load_nc(&wcap_mem, (u64)(b) + 8u);
 *                                                  y = i32_load_nc(&wcap_mem, (u64)(b) + 12u);
 *
 * Values are tracked as (root, u32 offset): `a = b;` copies, `a = 4u;` is a
 * constant, `a += c;` / `a -= c;` with a constant c moves the offset, so
 * wasm2c's stack temporaries and clang's `p + 4` address arithmetic do not
 * hide a shared base. A group is every access through one root; member k
 * covers [(u32)(root + o_k) + OFF_k, ... + size_k), OFF_k being the access's
 * own (u64) offset. With lo = min o_k (as signed deltas) and B = (u32)(root +
 * lo), the one check "B + span > memory size" (span = max(o_k - lo + OFF_k +
 * size_k) <= 64 KiB) traps exactly when some member would: if it passes, no
 * member's u32 address wrapped and all lie below the size; if it fails, the
 * member reaching B + span traps, or, when that one's address wrapped, B is
 * within 64 KiB of 4 GiB, above any memory (a memory is at most 65535 pages,
 * runtime_lib/src/memory.c), so the member at B traps.
 *
 * Moving a check earlier must not be observable, so only loads and pure
 * arithmetic may lie between the first and the last access of a group (they
 * cannot trap, or trap with the same OOB code and no side effect done). A
 * store is a group's last widening access: no check moves above a store, but
 * later accesses the group's check already covers still join it. Anything
 * else (a call, a label, a branch, a trapping operation such as a division, a
 * global write, a line the pass does not recognise) ends the run.
 *
 * Two more rewrites share the parsing: an access whose whole range provably
 * lies below min_size (the size the memory never shrinks under) needs no
 * check at all, and a lone access without a constant offset gets
 * WCAP_CHECK_ONE (cheaper on 64-bit hosts, wasm-rt.h).
 */
#include "w2c.h"
#include "wasm_access.h"

#include <stdint.h>
#include <string.h>

#define NO_BOUND UINT32_MAX

/* What the pass needs of each load/store helper besides its name, size and
 * direction (wcapc_access_kinds, wasm_access.c, in the same order: opcodes
 * 0x28..0x3E): the DEFINE_LOAD/DEFINE_STORE type arguments and the largest
 * value a load returns (as u32). */
typedef struct {
    const char *t1, *t2, *t3;
    uint32_t result_max;
} helper_t;

static const helper_t helpers[] = {
    {"u32", "u32", "u32", NO_BOUND}, {"u64", "u64", "u64", NO_BOUND}, /* i32_load, i64_load */
    {"f32", "f32", "f32", NO_BOUND}, {"f64", "f64", "f64", NO_BOUND}, /* f32_load, f64_load */
    {"s8", "s32", "u32", NO_BOUND},  {"u8", "u32", "u32", 0xFFu},     /* i32_load8_s, i32_load8_u */
    {"s16", "s32", "u32", NO_BOUND}, {"u16", "u32", "u32", 0xFFFFu},  /* i32_load16_s, i32_load16_u */
    {"s8", "s64", "u64", NO_BOUND},  {"u8", "u64", "u64", 0xFFu},     /* i64_load8_s, i64_load8_u */
    {"s16", "s64", "u64", NO_BOUND}, {"u16", "u64", "u64", 0xFFFFu},  /* i64_load16_s, i64_load16_u */
    {"s32", "s64", "u64", NO_BOUND}, {"u32", "u64", "u64", NO_BOUND}, /* i64_load32_s, i64_load32_u */
    {"u32", "u32", NULL, NO_BOUND},  {"u64", "u64", NULL, NO_BOUND},  /* i32_store, i64_store */
    {"f32", "f32", NULL, NO_BOUND},  {"f64", "f64", NULL, NO_BOUND},  /* f32_store, f64_store */
    {"u8", "u32", NULL, NO_BOUND},   {"u16", "u32", NULL, NO_BOUND},  /* i32_store8, i32_store16 */
    {"u8", "u64", NULL, NO_BOUND},   {"u16", "u64", NULL, NO_BOUND},  /* i64_store8, i64_store16 */
    {"u32", "u64", NULL, NO_BOUND},                                   /* i64_store32 */
};
#define N_ACCESSES (sizeof helpers / sizeof helpers[0])

/* Function-like names that neither trap nor touch memory (wasm2c 1.0.32 prelude). */
static const char *const pure_calls[] = {
    "I32_ROTL",
    "I32_ROTR",
    "I64_ROTL",
    "I64_ROTR",
    "I32_CLZ",
    "I32_CTZ",
    "I64_CLZ",
    "I64_CTZ",
    "I32_POPCNT",
    "I64_POPCNT",
    "wasm_fabsf",
    "wasm_fabs",
    "wasm_sqrtf",
    "wasm_sqrt",
    "wasm_quietf",
    "wasm_quiet",
    "wasm_floorf",
    "wasm_floor",
    "wasm_ceilf",
    "wasm_ceil",
    "wasm_truncf",
    "wasm_trunc",
    "wasm_nearbyintf",
    "wasm_nearbyint",
    "wasm_fminf",
    "wasm_fmin",
    "wasm_fmaxf",
    "wasm_fmax",
    "i32_reinterpret_f32",
    "i64_reinterpret_f64",
    "f32_reinterpret_i32",
    "f64_reinterpret_i64",
};
/* Names that may appear as casts. */
static const char *const pure_types[] = {"u8", "s8", "u16", "s16", "u32", "s32", "u64", "s64", "f32", "f64"};

#define MAX_VARS 64 /* distinct variables tracked in one run; more ends the run */
#define MAX_OPEN 32 /* accesses of one run; more ends the run */
#define NAME_MAX_LEN 48

#define MAX_SPAN 65536 /* bytes one merged check may cover (see above) */
#define ROOT_CONST 0u  /* root of constants: the offset is the value */

/* A u32 value: root + off (mod 2^32), the root known to lie in [0, max]
 * (max NO_BOUND: unknown). Constants have root ROOT_CONST and max 0. */
typedef struct {
    uint32_t root, off, max;
} value_t;

typedef struct {
    char name[NAME_MAX_LEN];
    value_t v;
} var_t;

typedef struct {
    size_t line; /* index of the group's first access */
    uint32_t root;
    uint32_t first_off; /* o of the first access */
    int64_t lo, hi;     /* min o_k - first_off, max (o_k - first_off + OFF_k + size_k) */
    uint16_t members;
    uint8_t open;   /* later accesses may still widen the check */
    uint8_t sealed; /* after a store: only accesses the check already covers join */
} group_t;

typedef struct {
    const char *start; /* the line */
    size_t len;
    int group;              /* -1: not a merged access */
    uint8_t in_bounds;      /* below the guaranteed memory size: no check at all */
    uint8_t single;         /* access size when it has no constant offset (0: otherwise) */
    size_t var_at, var_len; /* base variable within the line, first access only */
    size_t name_end;        /* end of the helper name within the line */
} line_t;

typedef struct {
    var_t vars[MAX_VARS];
    size_t nvars;
    group_t groups[MAX_OPEN];
    size_t ngroups;
    uint32_t next_value;
    uint32_t min_size; /* the memory is never smaller (manifest mem_min, mem_max) */
} run_t;

static int is_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && !memcmp(list[i], s, len))
            return 1;
    return 0;
}

static int is_var(const char *s, size_t len)
{
    if (len < 5 || len >= NAME_MAX_LEN || memcmp(s, "w2c_", 4))
        return 0;
    for (size_t i = 4; i < len; i++)
        if (!is_ident_char(s[i]))
            return 0;
    return 1;
}

static value_t fresh(run_t *r, uint32_t max)
{
    return (value_t){r->next_value++, 0, max};
}

/* The variable s of the run (added with a fresh value on first sight); NULL when the table is full. */
static var_t *var_of(run_t *r, const char *s, size_t len)
{
    for (size_t i = 0; i < r->nvars; i++)
        if (strlen(r->vars[i].name) == len && !memcmp(r->vars[i].name, s, len))
            return &r->vars[i];
    if (r->nvars == MAX_VARS)
        return NULL;
    var_t *v = &r->vars[r->nvars++];
    memcpy(v->name, s, len);
    v->name[len] = 0;
    v->v = fresh(r, NO_BOUND);
    return v;
}

/* The largest value v can have, or NO_BOUND (unknown, or root + off may wrap). */
static uint32_t value_max(value_t v)
{
    if (v.max == NO_BOUND || (uint64_t)v.off + v.max >= NO_BOUND)
        return NO_BOUND;
    return v.off + v.max;
}

static size_t skip_spaces(const char *s, size_t i, size_t len)
{
    while (i < len && s[i] == ' ')
        i++;
    return i;
}

static size_t ident_end(const char *s, size_t i, size_t len)
{
    while (i < len && is_ident_char(s[i]))
        i++;
    return i;
}

static int match(const char *s, size_t *i, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len - *i < n || memcmp(s + *i, lit, n))
        return 0;
    *i += n;
    return 1;
}

/* An expression without side effects or traps: variables, numbers, operators,
 * casts and pure_calls only. */
static int is_pure_expr(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if (s[i] >= '0' && s[i] <= '9') {
            i = ident_end(s, i, len);
            while (i < len && s[i] == '.')
                i = ident_end(s, i + 1, len);
        } else if (is_ident_char(s[i])) {
            size_t e = ident_end(s, i, len), k = skip_spaces(s, e, len);
            int call = k < len && s[k] == '(';
            if (call ? !in_list(pure_calls, sizeof pure_calls / sizeof *pure_calls, s + i, e - i)
                     : !(is_var(s + i, e - i) ||
                         in_list(pure_types, sizeof pure_types / sizeof *pure_types, s + i, e - i)))
                return 0;
            i = e;
        } else if (s[i] != 0 && strchr(" ()+-*/%&|^~<>=!?:", s[i])) {
            if (s[i] == '/' || s[i] == '%')
                return 0; /* C division: never emitted by wasm2c for Wasm ops; be safe */
            if (i + 1 < len &&
                ((s[i] == '+' && s[i + 1] == '+') || (s[i] == '-' && (s[i + 1] == '-' || s[i + 1] == '>'))))
                return 0; /* ++, -- change a variable; -> reads through a pointer */
            if (s[i] == '=' && (i == 0 || !strchr("=!<>", s[i - 1])) && (i + 1 >= len || s[i + 1] != '='))
                return 0; /* an assignment inside the expression */
            i++;
        } else {
            return 0;
        }
    }
    return 1;
}

/* A decimal u32 literal with an optional 'u' suffix. */
static int parse_u32(const char *s, size_t *i, size_t len, uint32_t *value)
{
    uint64_t v = 0;
    size_t d = *i;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9' && *i - d < 11)
        v = v * 10u + (uint64_t)(s[(*i)++] - '0');
    if (*i == d || v > 0xFFFFFFFFu || (*i < len && s[*i] >= '0' && s[*i] <= '9'))
        return 0;
    match(s, i, len, "u");
    *value = (uint32_t)v;
    return 1;
}

typedef struct {
    const wcapc_access_kind_t *acc; /* name, size, direction */
    const helper_t *h;
    size_t lhs_at, lhs_len;   /* result variable (loads) */
    size_t base_at, base_len; /* "(u64)(VAR)" */
    size_t var_at, var_len;
    size_t name_end;
    uint32_t offset;
} access_line_t;

/* Parses "[LHS = ]HELPER(&wcap_mem, (u64)(VAR)[ + N[u]][, VALUE]);". */
static int parse_access(const char *s, size_t len, access_line_t *a)
{
    size_t i = skip_spaces(s, 0, len), e = ident_end(s, i, len);
    memset(a, 0, sizeof *a);
    if (e < len && s[skip_spaces(s, e, len)] == '=') {
        if (!is_var(s + i, e - i))
            return 0;
        a->lhs_at = i;
        a->lhs_len = e - i;
        i = skip_spaces(s, skip_spaces(s, e, len) + 1, len);
        e = ident_end(s, i, len);
    }
    for (size_t k = 0; k < N_ACCESSES && !a->acc; k++)
        if (strlen(wcapc_access_kinds[k].helper) == e - i && !memcmp(s + i, wcapc_access_kinds[k].helper, e - i)) {
            a->acc = &wcapc_access_kinds[k];
            a->h = &helpers[k];
        }
    if (!a->acc || (a->acc->is_store != (a->lhs_len == 0)))
        return 0;
    a->name_end = e;
    i = e;
    a->base_at = i + strlen("(&wcap_mem, ");
    if (!match(s, &i, len, "(&wcap_mem, (u64)("))
        return 0;
    a->var_at = i;
    i = ident_end(s, i, len);
    a->var_len = i - a->var_at;
    if (!is_var(s + a->var_at, a->var_len) || !match(s, &i, len, ")"))
        return 0;
    a->base_len = i - a->base_at;
    if (match(s, &i, len, " + ") && !parse_u32(s, &i, len, &a->offset))
        return 0;
    if (a->acc->is_store) {
        size_t v;
        if (!match(s, &i, len, ", "))
            return 0;
        v = i;
        i = ident_end(s, i, len);
        if (!is_var(s + v, i - v))
            return 0;
    }
    if (!match(s, &i, len, ");"))
        return 0;
    return skip_spaces(s, i, len) == len;
}

typedef struct {
    size_t lhs, lhs_len; /* the assigned variable */
    char op;             /* '=', '+', '-', '&', '|', '^', '<' (<<=), '>' (>>=), or '*' (*=) */
    size_t rhs, rhs_len; /* rhs_len > 0: the right side is this one variable, or
                            "(VAR & 31)" (a shift count) when shift is set */
    int shift;
    int is_const; /* the right side is a u32 literal, in constant */
    uint32_t constant;
} pure_t;

/* "VAR = EXPR;" or "VAR op= EXPR;" (op: + - * & | ^ << >>) with a pure EXPR. */
static int parse_pure(const char *s, size_t len, pure_t *p)
{
    size_t i = skip_spaces(s, 0, len), e = ident_end(s, i, len), x, end = len;
    memset(p, 0, sizeof *p);
    while (end > 0 && s[end - 1] == ' ')
        end--;
    if (!is_var(s + i, e - i) || end == 0 || s[end - 1] != ';')
        return 0;
    p->lhs = i;
    p->lhs_len = e - i;
    x = skip_spaces(s, e, len);
    p->op = '=';
    if (x < len && s[x] != 0 && strchr("+-*&|^", s[x]))
        p->op = s[x] == '*' ? (x++, '*') : s[x++];
    else if (x + 1 < len && (s[x] == '<' || s[x] == '>') && s[x + 1] == s[x])
        p->op = s[x], x += 2;
    if (x >= len || s[x] != '=' || (x + 1 < len && s[x + 1] == '='))
        return 0;
    x = skip_spaces(s, x + 1, len);
    end--;
    if (!is_pure_expr(s + x, end - x))
        return 0;
    e = ident_end(s, x, end);
    if (skip_spaces(s, e, end) == end && is_var(s + x, e - x)) {
        p->rhs = x;
        p->rhs_len = e - x;
    }
    size_t k = x;
    if (parse_u32(s, &k, end, &p->constant) && skip_spaces(s, k, end) == end)
        p->is_const = 1;
    k = x;
    if ((p->op == '<' || p->op == '>') && match(s, &k, end, "(")) {
        size_t v = k;
        k = ident_end(s, k, end);
        if (is_var(s + v, k - v) && match(s, &k, end, " & 31)") && k == end) {
            p->rhs = v;
            p->rhs_len = k - 6 - v;
            p->shift = 1;
        }
    }
    return 1;
}

/* After a store no check may move above it: groups stop widening. */
static void seal_groups(run_t *r)
{
    for (size_t g = 0; g < r->ngroups; g++)
        if (r->groups[g].open)
            r->groups[g].sealed = 1;
}

/* Adds access line l (base value v) to the open group of v's root, or to a new
 * group; an access that would stretch its group beyond MAX_SPAN stays on its own. */
static int join_group(run_t *r, line_t *lines, size_t l, const access_line_t *a, value_t v)
{
    size_t g;
    for (g = 0; g < r->ngroups; g++)
        if (r->groups[g].open && r->groups[g].root == v.root)
            break;
    if (g < r->ngroups && r->groups[g].sealed) {
        group_t *gr = &r->groups[g];
        int64_t rel = (int32_t)(v.off - gr->first_off);
        if (rel >= gr->lo && rel + (int64_t)a->offset + a->acc->size <= gr->hi) {
            gr->members++; /* already covered by the group's check */
            lines[l].group = (int)g;
            lines[l].name_end = a->name_end;
            return 0;
        }
        gr->open = 0; /* not covered: a new group from here */
        g = r->ngroups;
    }
    if (g == r->ngroups) {
        if (r->ngroups == MAX_OPEN)
            return -1;
        r->groups[g] =
            (group_t){.line = l, .root = v.root, .first_off = v.off, .lo = 0, .hi = 0, .open = 1, .sealed = 0};
        r->ngroups++;
        lines[l].var_at = a->var_at;
        lines[l].var_len = a->var_len;
    }
    group_t *gr = &r->groups[g];
    int64_t rel = (int32_t)(v.off - gr->first_off); /* signed delta from the first access */
    int64_t lo = rel < gr->lo ? rel : gr->lo;
    int64_t hi_k = rel + (int64_t)a->offset + a->acc->size;
    int64_t hi = hi_k > gr->hi ? hi_k : gr->hi;
    if (hi - lo > MAX_SPAN) {
        if (gr->members == 0)
            r->ngroups--; /* the group was new: drop it */
        return 0;
    }
    gr->lo = lo;
    gr->hi = hi;
    gr->members++;
    lines[l].group = (int)g;
    lines[l].name_end = a->name_end;
    return 0;
}

/* x with every bit below its highest set bit set: a bound of a | b and a ^ b. */
static uint32_t smear(uint32_t x)
{
    x |= x >> 1;
    x |= x >> 2;
    x |= x >> 4;
    x |= x >> 8;
    return x | x >> 16;
}

/* The value after "lhs op= rhs" on u32: + and - by a constant keep the root;
 * &, shifts by a constant and sums of bounded values give bounded ones. */
static value_t apply(run_t *r, char op, value_t lhs, value_t rhs)
{
    uint32_t lmax = value_max(lhs), rmax = value_max(rhs);
    int rconst = rhs.root == ROOT_CONST;
    switch (op) {
    case '+':
        if (rconst || lhs.root == ROOT_CONST)
            return rconst ? (value_t){lhs.root, lhs.off + rhs.off, lhs.max}
                          : (value_t){rhs.root, rhs.off + lhs.off, rhs.max};
        return fresh(r, (uint64_t)lmax + rmax < NO_BOUND ? lmax + rmax : NO_BOUND);
    case '-': return rconst ? (value_t){lhs.root, lhs.off - rhs.off, lhs.max} : fresh(r, NO_BOUND);
    case '&':
        if (rconst && lhs.root == ROOT_CONST)
            return (value_t){ROOT_CONST, lhs.off & rhs.off, 0};
        return fresh(r, lmax < rmax ? lmax : rmax);
    case '|':
    case '^':
        if (rconst && lhs.root == ROOT_CONST)
            return (value_t){ROOT_CONST, op == '|' ? lhs.off | rhs.off : lhs.off ^ rhs.off, 0};
        return fresh(r, lmax == NO_BOUND || rmax == NO_BOUND ? NO_BOUND : smear(lmax | rmax));
    case '<':
        if (rconst && lmax != NO_BOUND && ((uint64_t)lmax << (rhs.off & 31u)) < NO_BOUND)
            return lhs.root == ROOT_CONST ? (value_t){ROOT_CONST, lhs.off << (rhs.off & 31u), 0}
                                          : fresh(r, lmax << (rhs.off & 31u));
        return fresh(r, NO_BOUND);
    case '>':
        if (!rconst)
            return fresh(r, NO_BOUND);
        return lhs.root == ROOT_CONST ? (value_t){ROOT_CONST, lhs.off >> (rhs.off & 31u), 0}
                                      : fresh(r, (lmax == NO_BOUND ? 0xFFFFFFFFu : lmax) >> (rhs.off & 31u));
    default: return fresh(r, NO_BOUND);
    }
}

/* Whether a compound assignment to this variable is u32 arithmetic (wasm2c's i32 temporaries). */
static int is_i32_temp(const char *s, size_t len)
{
    if (len < 6 || memcmp(s, "w2c_i", 5))
        return 0;
    for (size_t i = 5; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Classifies line l and updates the run; returns 0, or -1 when the run must end before it. */
static int step(run_t *r, line_t *lines, size_t l)
{
    const char *s = lines[l].start;
    size_t len = lines[l].len;
    access_line_t a;
    pure_t p;
    if (parse_access(s, len, &a)) {
        var_t *base = var_of(r, s + a.var_at, a.var_len);
        if (base == NULL)
            return -1;
        uint32_t top = value_max(base->v);
        if (a.offset == 0) {
            lines[l].single = a.acc->size;
            lines[l].var_at = a.var_at;
            lines[l].var_len = a.var_len;
            lines[l].name_end = a.name_end;
        }
        if (top != NO_BOUND && (uint64_t)top + a.offset + a.acc->size <= r->min_size) {
            lines[l].in_bounds = 1;
            lines[l].name_end = a.name_end;
        } else if (join_group(r, lines, l, &a, base->v)) {
            return -1;
        }
        if (a.acc->is_store) {
            seal_groups(r);
            return 0;
        }
        var_t *dst = var_of(r, s + a.lhs_at, a.lhs_len);
        if (dst == NULL)
            return -1;
        dst->v = fresh(r, a.h->result_max);
        return 0;
    }
    if (!parse_pure(s, len, &p))
        return -1;
    var_t *dst = var_of(r, s + p.lhs, p.lhs_len), *src = p.rhs_len ? var_of(r, s + p.rhs, p.rhs_len) : NULL;
    if (dst == NULL || (p.rhs_len && src == NULL))
        return -1;
    value_t rhs = src ? src->v : p.is_const ? (value_t){ROOT_CONST, p.constant, 0} : fresh(r, NO_BOUND);
    if (p.op == '=')
        dst->v = (src && !p.shift) || p.is_const ? rhs : fresh(r, NO_BOUND);
    else if (p.shift != (p.op == '<' || p.op == '>') || !is_i32_temp(s + p.lhs, p.lhs_len))
        dst->v = fresh(r, NO_BOUND);
    else
        dst->v = apply(r, p.op, dst->v, rhs);
    return 0;
}

/* Writes one line, rewritten when it belongs to a group of two or more accesses:
 * the first one gets the group's check "(u32)(VAR + lo) + span". */
static int emit(wcapc_buf_t *out, const line_t *ln, const run_t *r, size_t index)
{
    if (ln->in_bounds)
        return wcapc_buf_put(out, ln->start, ln->name_end) || wcapc_buf_put(out, "_nc", 3) ||
                       wcapc_buf_put(out, ln->start + ln->name_end, ln->len - ln->name_end)
                   ? -1
                   : 0;
    if ((ln->group < 0 || r->groups[ln->group].members < 2) && ln->single) {
        size_t lead = skip_spaces(ln->start, 0, ln->len);
        return wcapc_buf_put(out, ln->start, lead) ||
                       wcapc_buf_printf(out, "WCAP_CHECK_ONE(&wcap_mem, (u64)(%.*s), %u); ", (int)ln->var_len,
                                        ln->start + ln->var_at, (unsigned)ln->single) ||
                       wcapc_buf_put(out, ln->start + lead, ln->name_end - lead) || wcapc_buf_put(out, "_nc", 3) ||
                       wcapc_buf_put(out, ln->start + ln->name_end, ln->len - ln->name_end)
                   ? -1
                   : 0;
    }
    if (ln->group < 0 || r->groups[ln->group].members < 2)
        return wcapc_buf_put(out, ln->start, ln->len);
    const group_t *g = &r->groups[ln->group];
    size_t lead = skip_spaces(ln->start, 0, ln->len);
    const char *var = ln->start + ln->var_at;
    int vl = (int)ln->var_len;
    unsigned long long span = (unsigned long long)(g->hi - g->lo);
    if (wcapc_buf_put(out, ln->start, lead))
        return -1;
    if (g->line == index &&
        (g->lo == 0 ? wcapc_buf_printf(out, "WCAP_SPAN_CHECK(&wcap_mem, (u64)(%.*s), %lluull); ", vl, var, span)
                    : wcapc_buf_printf(out, "WCAP_SPAN_CHECK(&wcap_mem, (u64)(u32)(%.*s + %uu), %lluull); ", vl, var,
                                       (unsigned)(uint32_t)g->lo, span)))
        return -1;
    return wcapc_buf_put(out, ln->start + lead, ln->name_end - lead) || wcapc_buf_put(out, "_nc", 3) ||
                   wcapc_buf_put(out, ln->start + ln->name_end, ln->len - ln->name_end)
               ? -1
               : 0;
}

/* Rewrites the lines [first, count) of one run into out. */
static int flush(wcapc_buf_t *out, line_t *lines, size_t count, const run_t *r)
{
    for (size_t i = 0; i < count; i++)
        if (emit(out, &lines[i], r, i) || wcapc_buf_put(out, "\n", 1))
            return -1;
    return 0;
}

int wcapc_w2c_merge_checks(wcapc_buf_t *src, uint32_t min_size)
{
    wcapc_buf_t out = {0};
    line_t lines[MAX_OPEN * 8];
    size_t n = 0;
    run_t r = {.nvars = 0, .ngroups = 0, .next_value = ROOT_CONST + 1, .min_size = min_size};
    const char *p = (const char *)src->data, *end = p + src->len;
    int rc = 0;
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lines[n] = (line_t){.start = p, .len = len, .group = -1, .in_bounds = 0, .single = 0};
        int joined = memchr(p, '(', len) || memchr(p, '=', len) ? step(&r, lines, n) == 0 : 0;
        if (joined && n + 1 < sizeof lines / sizeof lines[0]) {
            n++;
        } else {
            /* The run ends before this line (or is full): write it, then the line on its own. */
            line_t self = lines[n];
            self.group = -1;
            self.in_bounds = 0;
            self.single = 0;
            rc = flush(&out, lines, n, &r) || emit(&out, &self, &r, 0) || (nl && wcapc_buf_put(&out, "\n", 1));
            n = 0;
            r.ngroups = 0;
            r.nvars = 0;
            r.next_value = ROOT_CONST + 1;
        }
        p += len + (nl ? 1 : 0);
    }
    if (rc == 0)
        rc = flush(&out, lines, n, &r);
    if (rc) {
        wcapc_buf_free(&out);
        return -1;
    }
    wcapc_buf_free(src);
    *src = out;
    return 0;
}

int wcapc_w2c_define_nc(wcapc_buf_t *defs)
{
    if (wcapc_buf_printf(defs,
                         "/* wcap: accesses whose range WCAP_SPAN_CHECK checked (host/compiler/w2c_spans.c) */\n"))
        return -1;
    for (size_t k = 0; k < N_ACCESSES; k++) {
        const char *name = wcapc_access_kinds[k].helper;
        const helper_t *h = &helpers[k];
        if (wcapc_access_kinds[k].is_store
                ? wcapc_buf_printf(defs, "WCAP_DEFINE_STORE_NC(%s, %s, %s)\n", name, h->t1, h->t2)
                : wcapc_buf_printf(defs, "WCAP_DEFINE_LOAD_NC(%s, %s, %s, %s)\n", name, h->t1, h->t2, h->t3))
            return -1;
    }
    return 0;
}
