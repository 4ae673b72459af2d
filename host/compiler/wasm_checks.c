/*
 * The bounds-check analysis on the Wasm (wasm_checks.h, docs/toolchain.md
 * "Bounds checks").
 *
 * Each function is interpreted abstractly over i32 values: a value is
 * (root, off, max), meaning root + off (mod 2^32) with the root known to lie
 * in [0, max]; constants have root ROOT_CONST. local.get/set/tee, i32.const,
 * i32.add/sub by a constant keep a root, so clang's `p + 4` and the operand
 * stack do not hide a shared base; i32.and, shifts by constants and narrow
 * loads bound a value.
 *
 * A run is a stretch of straight-line code that executes as a whole or
 * stops at a trap: it ends at every branch, label, call, trapping
 * instruction (division, float-to-int truncation, bulk memory, table
 * access, memory.grow) and global write. Within a run, the accesses through
 * one root form a group. Group member k covers [(u32)(root + o_k) + OFF_k,
 * ... + size_k), OFF_k being its memarg offset. With lo = min o_k (as signed
 * deltas from the first member) and B = (u32)(first's base + lo), the one
 * check "B + span > memory size" before the first member (span = max(o_k -
 * lo + OFF_k + size_k), at most 64 KiB) traps exactly when some member
 * would: if it passes, no member's address wrapped and all lie below the
 * size; if it fails, the member reaching B + span traps, or, when that one's
 * address wrapped, B is within 64 KiB of 4 GiB, above any memory (a memory is
 * at most 65535 pages, runtime_lib/src/memory.c), so the member at B traps.
 * Only loads and pure instructions lie between a group's first and last
 * member: they cannot trap, or trap with the same out-of-bounds trap and no
 * side effect done. A store is a group's last widening member: no check
 * moves above a store, but later accesses the group's check already covers
 * still join it.
 *
 * An access whose whole range lies below min_size (its base's max is known)
 * needs no check; a lone access without a memarg offset gets WCAP_CHECK_ONE.
 */
#include "wasm_checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const wcapc_check_kind_names[5] = {"full", "none", "one", "group", "covered"};

#define NO_BOUND UINT32_MAX
#define ROOT_CONST 0u      /* root of constants: the offset is the value */
#define MAX_SPAN 65536     /* bytes one group check may cover (see above) */
#define MAX_STACK 256      /* operand stack values tracked; deeper ones are unknown */
#define MAX_LOCALS 1024    /* locals tracked; higher ones are unknown */
#define MAX_GROUPS 64      /* groups of one run; later accesses keep their own checks */
#define KIND_BULK_FIRST 23 /* memory.init: wcapc_access_kinds */

typedef struct {
    uint32_t root, off, max;
} value_t;

typedef struct {
    uint32_t first; /* access number of the first member */
    uint32_t root;
    uint32_t first_off; /* o of the first member */
    int64_t lo, hi;     /* min o_k - first_off; max (o_k - first_off + OFF_k + size_k) */
    uint32_t members;
    uint8_t open;   /* later accesses may still join */
    uint8_t sealed; /* after a store: only accesses the check already covers join */
} group_t;

typedef struct {
    const wcapc_accesses_t *a;
    wcapc_check_t *out;
    uint32_t min_size;
    uint32_t next; /* the next access number */
    uint32_t run_first;
    uint32_t next_root;
    value_t stack[MAX_STACK];
    uint32_t depth;
    value_t locals[MAX_LOCALS];
    uint32_t local_epoch[MAX_LOCALS];
    uint32_t epoch;
    group_t groups[MAX_GROUPS];
    uint32_t n_groups;
    int bad; /* other accesses than the list holds */
} state_t;

/* ---- values ---------------------------------------------------------------- */

static value_t fresh(state_t *s, uint32_t max)
{
    if (s->next_root == NO_BOUND)
        s->bad = 1; /* never in practice: a root for every instruction of a module */
    return (value_t){s->next_root++, 0, max};
}

static value_t constant(uint32_t v)
{
    return (value_t){ROOT_CONST, v, 0};
}

/* The largest value v can have, or NO_BOUND (unknown, or root + off may wrap). */
static uint32_t value_max(value_t v)
{
    if (v.max == NO_BOUND || (uint64_t)v.off + v.max >= NO_BOUND)
        return NO_BOUND;
    return v.off + v.max;
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

/* The i32 result of add, sub, and, or, xor, shl, shr_u (opcodes 0x6A..0x76). */
static value_t apply(state_t *s, uint8_t op, value_t l, value_t r)
{
    uint32_t lmax = value_max(l), rmax = value_max(r), c = r.off & 31u;
    int rconst = r.root == ROOT_CONST, both = rconst && l.root == ROOT_CONST;
    switch (op) {
    case 0x6A: /* add */
        if (rconst)
            return (value_t){l.root, l.off + r.off, l.max};
        if (l.root == ROOT_CONST)
            return (value_t){r.root, r.off + l.off, r.max};
        return fresh(s, (uint64_t)lmax + rmax < NO_BOUND ? lmax + rmax : NO_BOUND);
    case 0x6B: /* sub */ return rconst ? (value_t){l.root, l.off - r.off, l.max} : fresh(s, NO_BOUND);
    case 0x71: /* and */ return both ? constant(l.off & r.off) : fresh(s, lmax < rmax ? lmax : rmax);
    case 0x72: /* or */
    case 0x73: /* xor */
        if (both)
            return constant(op == 0x72 ? l.off | r.off : l.off ^ r.off);
        return fresh(s, lmax == NO_BOUND || rmax == NO_BOUND ? NO_BOUND : smear(lmax | rmax));
    case 0x74: /* shl */
        if (rconst && lmax != NO_BOUND && ((uint64_t)lmax << c) < NO_BOUND)
            return l.root == ROOT_CONST ? constant(l.off << c) : fresh(s, lmax << c);
        return fresh(s, NO_BOUND);
    case 0x76: /* shr_u */
        if (!rconst)
            return fresh(s, NO_BOUND);
        return l.root == ROOT_CONST ? constant(l.off >> c) : fresh(s, (lmax == NO_BOUND ? NO_BOUND : lmax) >> c);
    default: return fresh(s, NO_BOUND);
    }
}

/* ---- the operand stack and the locals ---------------------------------------- */

static void push(state_t *s, value_t v)
{
    if (s->depth == MAX_STACK)
        s->depth = 0; /* the values below become unknown */
    s->stack[s->depth++] = v;
}

/* The top value; below the tracked part of the stack, an unknown one. */
static value_t pop(state_t *s)
{
    return s->depth ? s->stack[--s->depth] : fresh(s, NO_BOUND);
}

static void pop_n(state_t *s, unsigned n)
{
    while (n--)
        (void)pop(s);
}

static value_t local_get(state_t *s, uint32_t i)
{
    if (i >= MAX_LOCALS)
        return fresh(s, NO_BOUND);
    if (s->local_epoch[i] != s->epoch) {
        s->locals[i] = fresh(s, NO_BOUND);
        s->local_epoch[i] = s->epoch;
    }
    return s->locals[i];
}

static void local_set(state_t *s, uint32_t i, value_t v)
{
    if (i < MAX_LOCALS) {
        s->locals[i] = v;
        s->local_epoch[i] = s->epoch;
    }
}

/* A label: control may arrive from elsewhere, nothing is known. */
static void forget_all(state_t *s)
{
    s->depth = 0;
    s->epoch++;
}

/* ---- groups ---------------------------------------------------------------- */

static group_t *group_of(state_t *s, uint32_t first)
{
    for (uint32_t g = 0; g < s->n_groups; g++)
        if (s->groups[g].first == first)
            return &s->groups[g];
    return NULL;
}

/* The run ends: the decisions of its accesses become final. */
static void end_run(state_t *s)
{
    for (uint32_t i = s->run_first; i < s->next; i++) {
        wcapc_check_t *c = &s->out[i];
        if (c->kind != WCAPC_CHECK_GROUP && c->kind != WCAPC_CHECK_COVERED)
            continue;
        const group_t *g = group_of(s, c->group);
        if (g == NULL || g->members < 2) {
            c->kind = s->a->offset[i] == 0 ? WCAPC_CHECK_ONE : WCAPC_CHECK_FULL;
            c->group = 0;
        } else if (i == g->first) {
            c->lo = (uint32_t)g->lo;
            c->span = (uint32_t)(g->hi - g->lo);
        }
    }
    s->n_groups = 0;
    s->run_first = s->next;
}

/* After a store no check may move above it: groups stop widening. */
static void seal_groups(state_t *s)
{
    for (uint32_t g = 0; g < s->n_groups; g++)
        if (s->groups[g].open)
            s->groups[g].sealed = 1;
}

/* Access i (base value v) joins the open group of v's root, or starts one; an
 * access that would stretch its group beyond MAX_SPAN keeps its own check. */
static void join_group(state_t *s, uint32_t i, value_t v, uint32_t offset, uint32_t size)
{
    uint32_t g;
    for (g = 0; g < s->n_groups; g++)
        if (s->groups[g].open && s->groups[g].root == v.root)
            break;
    if (g < s->n_groups && s->groups[g].sealed) {
        group_t *gr = &s->groups[g];
        int64_t rel = (int32_t)(v.off - gr->first_off);
        if (rel >= gr->lo && rel + (int64_t)offset + size <= gr->hi) {
            gr->members++; /* already covered by the group's check */
            s->out[i] = (wcapc_check_t){WCAPC_CHECK_COVERED, gr->first, 0, 0};
            return;
        }
        gr->open = 0; /* not covered: a new group from here */
        g = s->n_groups;
    }
    if (g == s->n_groups) {
        if (s->n_groups == MAX_GROUPS)
            return;
        s->groups[g] = (group_t){.first = i, .root = v.root, .first_off = v.off, .lo = 0, .hi = 0, .open = 1};
        s->n_groups++;
    }
    group_t *gr = &s->groups[g];
    int64_t rel = (int32_t)(v.off - gr->first_off); /* signed delta from the first member */
    int64_t lo = rel < gr->lo ? rel : gr->lo;
    int64_t hi_k = rel + (int64_t)offset + size;
    int64_t hi = hi_k > gr->hi ? hi_k : gr->hi;
    if (hi - lo > MAX_SPAN) {
        if (gr->members == 0)
            s->n_groups--; /* the group was new: drop it */
        return;
    }
    gr->lo = lo;
    gr->hi = hi;
    gr->members++;
    s->out[i] = (wcapc_check_t){gr->first == i ? WCAPC_CHECK_GROUP : WCAPC_CHECK_COVERED, gr->first, 0, 0};
}

/* ---- instructions ---------------------------------------------------------------- */

/* Largest value each i32 load returns (0x28..0x35), NO_BOUND when not bounded or not i32. */
static uint32_t load_max(uint8_t op)
{
    return op == 0x2D ? 0xFFu : op == 0x2F ? 0xFFFFu : NO_BOUND;
}

static void access(state_t *s, const wcapc_insn_t *in, int kind)
{
    const wcapc_access_kind_t *k = &wcapc_access_kinds[kind];
    uint32_t i = s->next;
    if (i >= s->a->n) {
        s->bad = 1;
        return;
    }
    s->next++;
    s->out[i] = (wcapc_check_t){WCAPC_CHECK_FULL, 0, 0, 0};
    if (kind >= KIND_BULK_FIRST) { /* memory.init/copy/fill: writes that may trap */
        end_run(s);
        pop_n(s, 3);
        return;
    }
    if (k->is_store)
        (void)pop(s); /* the value stored */
    value_t base = pop(s);
    uint32_t top = value_max(base);
    if (top != NO_BOUND && (uint64_t)top + in->offset + k->size <= s->min_size)
        s->out[i].kind = WCAPC_CHECK_NONE;
    else
        join_group(s, i, base, in->offset, k->size);
    if (s->out[i].kind == WCAPC_CHECK_FULL && in->offset == 0)
        s->out[i].kind = WCAPC_CHECK_ONE; /* in no group */
    if (k->is_store)
        seal_groups(s);
    else
        push(s, fresh(s, load_max(in->op)));
}

/* Operands of the numeric instructions 0x45..0xC4 (each pushes one result). */
static unsigned numeric_pops(uint8_t op)
{
    static const struct {
        uint8_t lo, hi, pops;
    } t[] = {
        {0x45, 0x45, 1}, {0x46, 0x4F, 2}, {0x50, 0x50, 1}, {0x51, 0x66, 2}, /* tests, comparisons */
        {0x67, 0x69, 1}, {0x6A, 0x78, 2}, {0x79, 0x7B, 1}, {0x7C, 0x8A, 2}, /* integer */
        {0x8B, 0x91, 1}, {0x92, 0x98, 2}, {0x99, 0x9F, 1}, {0xA0, 0xA6, 2}, /* float */
        {0xA7, 0xC4, 1},                                                    /* conversions, extensions */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (op >= t[i].lo && op <= t[i].hi)
            return t[i].pops;
    return 0;
}

/* Divisions, remainders and float-to-int truncations trap. */
static int numeric_traps(uint8_t op)
{
    return (op >= 0x6D && op <= 0x70) || (op >= 0x7F && op <= 0x82) || (op >= 0xA8 && op <= 0xAB) ||
           (op >= 0xAE && op <= 0xB1);
}

static void numeric(state_t *s, uint8_t op)
{
    if (numeric_traps(op))
        end_run(s);
    if (op >= 0x6A && op <= 0x76) {
        value_t r = pop(s), l = pop(s);
        push(s, apply(s, op, l, r));
        return;
    }
    pop_n(s, numeric_pops(op));
    push(s, fresh(s, NO_BOUND));
}

static void control(state_t *s, uint8_t op)
{
    end_run(s);
    switch (op) {
    case 0x04: (void)pop(s); break; /* if: the then-branch starts from here */
    case 0x0D: (void)pop(s); break; /* br_if: falling through changes nothing */
    default: forget_all(s); break;  /* a label, or dead code after a branch */
    }
}

static void select_values(state_t *s)
{
    (void)pop(s);
    value_t b = pop(s), a = pop(s);
    uint32_t am = value_max(a), bm = value_max(b);
    push(s, fresh(s, am == NO_BOUND || bm == NO_BOUND ? NO_BOUND : am > bm ? am : bm));
}

static void on_begin(void *ctx, uint32_t func)
{
    state_t *s = ctx;
    end_run(s);
    if (func >= s->a->n_funcs || s->next != s->a->first[func])
        s->bad = 1;
    else
        s->next = s->run_first = s->a->first[func];
    forget_all(s);
}

static void on_insn(void *ctx, const wcapc_insn_t *in, int kind, int live)
{
    state_t *s = ctx;
    uint8_t op = in->op;
    if (!live || s->bad)
        return;
    if (kind >= 0) {
        access(s, in, kind);
        return;
    }
    switch (op) {
    case 0x01: /* nop */
    case 0x02: /* block: nothing is written for it, nothing jumps here */ return;
    case 0x00:
    case 0x03:
    case 0x04:
    case 0x05:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x0E:
    case 0x0F: control(s, op); return;
    case 0x10:
    case 0x11: /* calls: the locals stay, the stack is unknown */
        end_run(s);
        s->depth = 0;
        return;
    case 0x1A: (void)pop(s); return;
    case 0x1B:
    case 0x1C: select_values(s); return;
    case 0x20: push(s, local_get(s, in->imm)); return;
    case 0x21: local_set(s, in->imm, pop(s)); return;
    case 0x22: {
        value_t v = pop(s);
        local_set(s, in->imm, v);
        push(s, v);
        return;
    }
    case 0x23: push(s, fresh(s, NO_BOUND)); return;
    case 0x24: /* global.set: a write a moved check could skip */
        end_run(s);
        (void)pop(s);
        return;
    case 0x3F: push(s, fresh(s, NO_BOUND)); return; /* memory.size */
    case 0x41: push(s, constant(in->imm)); return;
    case 0x42:
    case 0x43:
    case 0x44:
    case 0xD0:
    case 0xD2: push(s, fresh(s, NO_BOUND)); return;
    case 0xD1:
        (void)pop(s);
        push(s, fresh(s, NO_BOUND));
        return;
    default: break;
    }
    if (op >= 0x45 && op <= 0xC4) {
        numeric(s, op);
    } else if (op == 0xFC && in->sub <= 7) { /* saturating truncations */
        (void)pop(s);
        push(s, fresh(s, NO_BOUND));
    } else { /* memory.grow, table access, bulk table operations: end the run, forget the stack */
        end_run(s);
        s->depth = 0;
    }
}

int wcapc_checks_decide(const wcapc_module_t *m, const wcapc_accesses_t *a, uint32_t min_size, wcapc_check_t **checks,
                        char *err, size_t errcap)
{
    *checks = NULL;
    state_t *s = calloc(1, sizeof *s);
    wcapc_check_t *out = calloc(a->n ? a->n : 1, sizeof *out);
    if (!s || !out) {
        free(s);
        free(out);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    *s = (state_t){.a = a, .out = out, .min_size = min_size, .next_root = ROOT_CONST + 1, .epoch = 1};
    wcapc_code_visitor_t v = {on_begin, on_insn, s};
    uint32_t n;
    int rc = wcapc_walk_functions(m, &v, &n, err, errcap);
    end_run(s);
    if (rc == 0 && (s->bad || n != a->n_funcs || s->next != a->n)) {
        snprintf(err, errcap, "the check analysis saw other accesses than the access list (%u of %u)",
                 (unsigned)s->next, (unsigned)a->n);
        rc = -1;
    }
    free(s);
    if (rc) {
        free(out);
        return -1;
    }
    *checks = out;
    return 0;
}
