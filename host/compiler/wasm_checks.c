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
 *
 * Loops. A function's instructions are buffered, its counted-loop
 * candidates found first (counted_loop: innermost, no br_table, the one back
 * edge a final top-level br_if 0; induction variables written once at the
 * top level by a constant step). While such a loop is interpreted its
 * induction variables and the locals it never writes have loop roots, kept
 * across nested labels (nothing writes them there), and values may be
 * affine in them (affine_t). The final br_if's condition must be an i32
 * comparison of an induction variable with a constant or invariant bound
 * (exit_test). At the loop's end, whose decisions are final by then, every
 * checked access with an affine address becomes a range of the loop's entry
 * test (finish_loop); docs/toolchain.md "Loops" gives why that is exact.
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

/* Inside a counted loop a value may also be affine (see "Loops"):
 * inv + (iv + ivoff) * 2^sh + c + off, inv and iv loop roots (0: none). */
typedef struct {
    uint32_t inv, iv;
    int32_t ivoff;
    uint8_t sh;
    int64_t c;
} affine_t;

typedef struct {
    uint32_t root, off, max;
    uint8_t has_aff; /* aff holds the value (a composite of loop roots) */
    affine_t aff;
} value_t;

typedef struct {
    wcapc_insn_t in;
    int16_t kind;
    uint8_t live;
} item_t;

#define MAX_LOOP_IVS 8     /* induction variables of one loop */
#define MAX_LOOP_WRITES 64 /* distinct locals one loop writes */
#define MAX_LOOP_ROOTS 64  /* its invariant locals read and its induction variables */
#define MAX_LOOP_SITES 256 /* its accesses with an affine address */
#define MAX_STEP 65536
#define MAX_CANDS 256 /* candidates of one function; later loops keep their checks */

/* A counted-loop candidate, found before its body is interpreted. */
typedef struct {
    size_t start, end; /* items of `loop` and of its `end` */
    uint32_t label;
    uint32_t iv_local[MAX_LOOP_IVS];
    int32_t iv_step[MAX_LOOP_IVS];
    uint32_t n_ivs;
    uint32_t written[MAX_LOOP_WRITES];
    uint32_t n_written;
} loop_t;

typedef struct {
    uint32_t root, local;
    int32_t step; /* 0: an invariant local */
    uint8_t is_iv;
} loop_root_t;

typedef struct {
    uint32_t access;
    affine_t aff;
    uint32_t offset, size;
} site_t;

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
    /* the function being read (its instructions, then interpreted) */
    const wcapc_module_t *m;
    uint32_t func;
    item_t *items;
    size_t n_items, cap_items;
    /* loops */
    wcapc_loops_t *loops; /* NULL: no loop-level checks */
    size_t cap_loops, cap_ranges;
    loop_t *cur;                       /* the counted loop being interpreted, or NULL */
    loop_root_t roots[MAX_LOOP_ROOTS]; /* its roots */
    uint32_t n_roots;
    site_t sites[MAX_LOOP_SITES]; /* its accesses with an affine address */
    uint32_t n_sites;
    struct {
        uint8_t op;
        uint32_t result;
        value_t l, r;
    } cmp;       /* the last i32 comparison */
    int exit_ok; /* the loop's final br_if tests a counted exit */
    wcapc_loop_t exit;
    loop_t cands[MAX_CANDS]; /* the function's counted-loop candidates */
} state_t;

/* ---- values ---------------------------------------------------------------- */

static value_t fresh(state_t *s, uint32_t max)
{
    if (s->next_root == NO_BOUND)
        s->bad = 1; /* never in practice: a root for every instruction of a module */
    return (value_t){.root = s->next_root++, .max = max};
}

static value_t constant(uint32_t v)
{
    return (value_t){.root = ROOT_CONST, .off = v};
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

/* ---- affine values of a counted loop (see "Loops") ---------------------------- */

static const loop_root_t *loop_root(const state_t *s, uint32_t root)
{
    for (uint32_t i = 0; s->cur && i < s->n_roots; i++)
        if (s->roots[i].root == root)
            return &s->roots[i];
    return NULL;
}

/* v as an affine value of the current loop's roots: 1, or 0 when it is not one. */
static int affine(const state_t *s, value_t v, affine_t *a)
{
    int32_t off = (int32_t)v.off;
    const loop_root_t *r;
    if (s->cur == NULL)
        return 0;
    if (v.has_aff) {
        *a = v.aff;
        a->c += off;
    } else if (v.root == ROOT_CONST) {
        *a = (affine_t){0, 0, 0, 0, off};
    } else if ((r = loop_root(s, v.root)) != NULL) {
        *a = r->is_iv ? (affine_t){0, v.root, off, 0, 0} : (affine_t){v.root, 0, 0, 0, off};
    } else {
        return 0;
    }
    return 1;
}

/* l + r, when both are affine and do not both hold an inv or an iv term. */
static void affine_add(const state_t *s, value_t l, value_t r, value_t *v)
{
    affine_t a, b;
    if (!affine(s, l, &a) || !affine(s, r, &b) || (a.inv && b.inv) || (a.iv && b.iv))
        return;
    v->has_aff = 1;
    v->aff = a.iv ? a : b; /* the iv term */
    v->aff.inv = a.inv ? a.inv : b.inv;
    v->aff.c = a.c + b.c;
}

/* l << c for an induction variable l (plus a constant kept inside), c 1..4. */
static void affine_shl(const state_t *s, value_t l, uint32_t c, value_t *v)
{
    affine_t a;
    if (c < 1 || c > 4 || !affine(s, l, &a) || !a.iv || a.inv || a.sh || a.c)
        return;
    v->has_aff = 1;
    v->aff = a;
    v->aff.sh = (uint8_t)c;
}

/* The i32 result of add, sub, and, or, xor, shl, shr_u (opcodes 0x6A..0x76). */
static value_t apply(state_t *s, uint8_t op, value_t l, value_t r)
{
    uint32_t lmax = value_max(l), rmax = value_max(r), c = r.off & 31u;
    int rconst = r.root == ROOT_CONST, both = rconst && l.root == ROOT_CONST;
    value_t v;
    switch (op) {
    case 0x6A: /* add */
        if (rconst || l.root == ROOT_CONST) {
            v = rconst ? l : r;
            v.off += rconst ? r.off : l.off;
            return v;
        }
        v = fresh(s, (uint64_t)lmax + rmax < NO_BOUND ? lmax + rmax : NO_BOUND);
        affine_add(s, l, r, &v);
        return v;
    case 0x6B: /* sub */
        if (!rconst)
            return fresh(s, NO_BOUND);
        l.off -= r.off;
        return l;
    case 0x71: /* and */ return both ? constant(l.off & r.off) : fresh(s, lmax < rmax ? lmax : rmax);
    case 0x72: /* or */
    case 0x73: /* xor */
        if (both)
            return constant(op == 0x72 ? l.off | r.off : l.off ^ r.off);
        return fresh(s, lmax == NO_BOUND || rmax == NO_BOUND ? NO_BOUND : smear(lmax | rmax));
    case 0x74: /* shl */
        if (rconst && lmax != NO_BOUND && ((uint64_t)lmax << c) < NO_BOUND)
            return l.root == ROOT_CONST ? constant(l.off << c) : fresh(s, lmax << c);
        v = fresh(s, NO_BOUND);
        if (rconst)
            affine_shl(s, l, c, &v);
        return v;
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

static int loop_writes(const loop_t *lp, uint32_t local)
{
    for (uint32_t w = 0; w < lp->n_written; w++)
        if (lp->written[w] == local)
            return 1;
    return 0;
}

static value_t local_get(state_t *s, uint32_t i)
{
    if (i >= MAX_LOCALS)
        return fresh(s, NO_BOUND);
    if (s->local_epoch[i] != s->epoch) {
        s->locals[i] = fresh(s, NO_BOUND);
        s->local_epoch[i] = s->epoch;
        if (s->cur && !loop_writes(s->cur, i) && s->n_roots < MAX_LOOP_ROOTS) /* the same in every iteration */
            s->roots[s->n_roots++] = (loop_root_t){s->locals[i].root, i, 0, 0};
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

/* A label inside a counted loop's body: its induction variables and the
 * locals it never writes are written (if at all) only at the body's top
 * level, so they hold the same value on every path to a nested label. */
static void forget_in_loop(state_t *s)
{
    value_t keep[MAX_LOOP_ROOTS];
    uint8_t known[MAX_LOOP_ROOTS];
    for (uint32_t i = 0; i < s->n_roots; i++) {
        uint32_t l = s->roots[i].local;
        known[i] = l < MAX_LOCALS && s->local_epoch[l] == s->epoch;
        keep[i] = known[i] ? s->locals[l] : fresh(s, NO_BOUND);
    }
    forget_all(s);
    for (uint32_t i = 0; i < s->n_roots; i++)
        if (known[i])
            local_set(s, s->roots[i].local, keep[i]);
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
            s->out[i] = (wcapc_check_t){WCAPC_CHECK_COVERED, gr->first, 0, 0, 0};
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
    s->out[i] = (wcapc_check_t){gr->first == i ? WCAPC_CHECK_GROUP : WCAPC_CHECK_COVERED, gr->first, 0, 0, 0};
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
    s->out[i] = (wcapc_check_t){WCAPC_CHECK_FULL, 0, 0, 0, 0};
    if (kind >= KIND_BULK_FIRST) { /* memory.init/copy/fill: writes that may trap */
        end_run(s);
        pop_n(s, 3);
        return;
    }
    if (k->is_store)
        (void)pop(s); /* the value stored */
    value_t base = pop(s);
    uint32_t top = value_max(base);
    affine_t aff;
    if (affine(s, base, &aff) && (aff.inv || aff.iv) && s->n_sites < MAX_LOOP_SITES)
        s->sites[s->n_sites++] = (site_t){i, aff, in->offset, k->size};
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
    if (op >= 0x47 && op <= 0x4B) { /* i32.ne, lt_s, lt_u, gt_s, gt_u: a loop's exit test? */
        s->cmp.r = pop(s);
        s->cmp.l = pop(s);
        s->cmp.op = op;
        value_t v = fresh(s, NO_BOUND);
        s->cmp.result = v.root;
        push(s, v);
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
    default:                        /* a label, or dead code after a branch */
        if (s->cur)
            forget_in_loop(s);
        else
            forget_all(s);
        break;
    }
}

static void select_values(state_t *s)
{
    (void)pop(s);
    value_t b = pop(s), a = pop(s);
    uint32_t am = value_max(a), bm = value_max(b);
    push(s, fresh(s, am == NO_BOUND || bm == NO_BOUND ? NO_BOUND : am > bm ? am : bm));
}

/* One instruction of the function being interpreted. */
static void step(state_t *s, const wcapc_insn_t *in, int kind)
{
    uint8_t op = in->op;
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

/* ---- loops ------------------------------------------------------------------------ */

/* Records a write of `local` at item j (depth d in the body); 0 when too many locals. */
static int note_write(loop_t *lp, uint32_t local, size_t j, int d, size_t *at, uint8_t *top, uint32_t *count)
{
    uint32_t w;
    for (w = 0; w < lp->n_written && lp->written[w] != local; w++)
        ;
    if (w == lp->n_written) {
        if (w == MAX_LOOP_WRITES)
            return 0;
        lp->written[lp->n_written++] = local;
        count[w] = 0;
    }
    count[w]++;
    at[w] = j;
    top[w] = d == 0;
    return 1;
}

/* Whether local w of lp (written once, at item j, at the body's top level)
 * is "local.get x; i32.const C; i32.add|i32.sub; local.set|tee x". */
static int is_step(const state_t *s, uint32_t x, size_t j, int32_t *step)
{
    const item_t *it = s->items;
    if (j < 3 || !it[j].live || !it[j - 1].live || !it[j - 2].live || !it[j - 3].live)
        return 0;
    if (it[j - 3].in.op != 0x20 || it[j - 3].in.imm != x || it[j - 2].in.op != 0x41 ||
        (it[j - 1].in.op != 0x6A && it[j - 1].in.op != 0x6B))
        return 0;
    int64_t c = (int32_t)it[j - 2].in.imm;
    if (it[j - 1].in.op == 0x6B)
        c = -c;
    if (c == 0 || c > MAX_STEP || c < -MAX_STEP)
        return 0;
    *step = (int32_t)c;
    return 1;
}

/* Whether the loop at item i is a counted-loop candidate: innermost, no
 * br_table, its only back edge a final `br_if 0` at the body's top level
 * (early exits are fine: they only run fewer iterations).
 * Its induction variables are the locals written exactly once, at the top
 * level, by a constant step. */
static int counted_loop(const state_t *s, size_t i, loop_t *lp)
{
    size_t at[MAX_LOOP_WRITES], j;
    uint8_t top[MAX_LOOP_WRITES];
    uint32_t count[MAX_LOOP_WRITES];
    int d = 0;
    memset(lp, 0, sizeof *lp);
    for (j = i + 1; j < s->n_items; j++) {
        const wcapc_insn_t *in = &s->items[j].in;
        if (in->op == 0x03 || in->op == 0x0E)
            return 0;
        if (in->op == 0x02 || in->op == 0x04) {
            d++;
        } else if (in->op == 0x0B) {
            if (d-- == 0)
                break;
        } else if ((in->op == 0x0C || in->op == 0x0D) && in->imm == (uint32_t)d) {
            if (in->op != 0x0D || d != 0 || !s->items[j].live || j + 1 >= s->n_items || s->items[j + 1].in.op != 0x0B)
                return 0;
        } else if ((in->op == 0x21 || in->op == 0x22) && !note_write(lp, in->imm, j, d, at, top, count)) {
            return 0;
        }
    }
    if (j >= s->n_items || s->items[j - 1].in.op != 0x0D || s->items[j - 1].in.imm != 0)
        return 0;
    lp->start = i;
    lp->end = j;
    for (uint32_t w = 0; w < lp->n_written && lp->n_ivs < MAX_LOOP_IVS; w++) {
        int32_t step;
        if (count[w] == 1 && top[w] && is_step(s, lp->written[w], at[w], &step)) {
            lp->iv_local[lp->n_ivs] = lp->written[w];
            lp->iv_step[lp->n_ivs++] = step;
        }
    }
    return lp->n_ivs > 0;
}

static int pure_iv(const affine_t *a)
{
    return a->iv && !a->inv && !a->sh && !a->c;
}

/* The exit test of the loop's final br_if (its condition on the stack's
 * top): "(e + e_off) CMP bound", e an induction variable stepping towards
 * the bound, the bound a constant or a local the loop does not write. */
static int exit_test(state_t *s, value_t cond, wcapc_loop_t *x)
{
    static const uint8_t mirror[5] = {0x47, 0x4A, 0x4B, 0x48, 0x49}; /* a CMP b == b MIRROR a */
    affine_t l, r;
    uint8_t op = s->cmp.op;
    if (cond.root != s->cmp.result || cond.off != 0 || cond.has_aff || op < 0x47 || op > 0x4B ||
        !affine(s, s->cmp.l, &l) || !affine(s, s->cmp.r, &r))
        return 0;
    if (!pure_iv(&l)) {
        affine_t t = l;
        l = r;
        r = t;
        op = mirror[op - 0x47];
    }
    if (!pure_iv(&l) || r.iv || r.sh)
        return 0;
    const loop_root_t *e = loop_root(s, l.iv), *n = r.inv ? loop_root(s, r.inv) : NULL;
    if (e == NULL || (r.inv && n == NULL))
        return 0;
    if (op != 0x47 && ((op == 0x48 || op == 0x49) != (e->step > 0)))
        return 0; /* the bound is never reached by stepping */
    x->cmp = op;
    x->e_local = e->local;
    x->e_off = l.ivoff;
    x->e_step = e->step;
    x->n_local = n ? n->local : WCAPC_NO_LOCAL;
    x->n_off = (uint32_t)r.c;
    return 1;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 16;
    void *q = realloc(p, n * size);
    if (q != NULL)
        *cap = n;
    return q;
}

static uint32_t root_local(const state_t *s, uint32_t root)
{
    const loop_root_t *r = root ? loop_root(s, root) : NULL;
    return r ? r->local : WCAPC_NO_LOCAL;
}

/* The loop's end: its accesses' decisions are final; those with a check
 * and an affine address get a range of the loop's entry test. */
static void finish_loop(state_t *s)
{
    wcapc_loops_t *L = s->loops;
    if (L == NULL || !s->exit_ok)
        return;
    uint32_t first = L->n_ranges;
    for (uint32_t i = 0; i < s->n_sites; i++) {
        const site_t *st = &s->sites[i];
        wcapc_check_t *c = &s->out[st->access];
        const loop_root_t *iv = st->aff.iv ? loop_root(s, st->aff.iv) : NULL;
        if (c->kind != WCAPC_CHECK_FULL && c->kind != WCAPC_CHECK_ONE && c->kind != WCAPC_CHECK_GROUP)
            continue;
        wcapc_loop_range_t *r = grow(L->ranges, &s->cap_ranges, L->n_ranges + 1, sizeof *r);
        if (r == NULL) {
            s->bad = 1;
            return;
        }
        L->ranges = r;
        r = &L->ranges[L->n_ranges++];
        *r = (wcapc_loop_range_t){st->access,
                                  root_local(s, st->aff.inv),
                                  iv ? iv->local : WCAPC_NO_LOCAL,
                                  st->aff.ivoff,
                                  iv ? iv->step : 0,
                                  st->aff.sh,
                                  st->aff.c,
                                  0};
        if (c->kind == WCAPC_CHECK_GROUP) {
            r->c += (int32_t)c->lo;
            r->extra = c->span;
        } else {
            r->extra = st->offset + st->size;
        }
        c->loop = L->n + 1;
    }
    if (L->n_ranges == first)
        return;
    wcapc_loop_t *lp = grow(L->loops, &s->cap_loops, L->n + 1, sizeof *lp);
    if (lp == NULL) {
        s->bad = 1;
        return;
    }
    L->loops = lp;
    s->exit.first_range = first;
    s->exit.n_ranges = L->n_ranges - first;
    L->loops[L->n++] = s->exit;
}

/* ---- functions ----------------------------------------------------------------------- */

static void enter_loop(state_t *s, loop_t *lp)
{
    s->cur = lp;
    s->n_roots = s->n_sites = 0;
    s->exit_ok = 0;
    for (uint32_t v = 0; v < lp->n_ivs; v++) {
        value_t r = fresh(s, NO_BOUND);
        s->roots[s->n_roots++] = (loop_root_t){r.root, lp->iv_local[v], lp->iv_step[v], 1};
        local_set(s, lp->iv_local[v], r);
    }
}

/* Interprets the buffered function: its counted loops first, then each instruction. */
static void run_function(state_t *s)
{
    loop_t *cands = s->cands;
    uint32_t n_cands = 0, next_cand = 0, label = 0;
    const wcapc_module_t *m = s->m;
    uint32_t t = m->func_types[m->n_func_imports + s->func];
    for (size_t i = 0; s->loops && !m->local_names && i < s->n_items; i++) {
        uint8_t op = s->items[i].in.op;
        if (!s->items[i].live || (op != 0x02 && op != 0x03 && op != 0x04))
            continue;
        if (op == 0x03 && n_cands < MAX_CANDS && counted_loop(s, i, &cands[n_cands]))
            cands[n_cands++].label = label;
        label++;
    }
    for (size_t i = 0; i < s->n_items && !s->bad; i++) {
        const item_t *it = &s->items[i];
        if (!it->live)
            continue;
        if (s->cur && i == s->cur->end) {
            finish_loop(s);
            s->cur = NULL;
        }
        if (s->cur && i + 1 == s->cur->end && s->depth > 0)
            s->exit_ok = exit_test(s, s->stack[s->depth - 1], &s->exit);
        step(s, &it->in, it->kind);
        if (next_cand < n_cands && cands[next_cand].start == i) {
            enter_loop(s, &cands[next_cand++]);
            s->exit = (wcapc_loop_t){.func = s->func, .nparams = m->types[t].nparams, .label = s->cur->label};
        }
    }
    s->cur = NULL;
    s->n_items = 0;
}

static void on_begin(void *ctx, uint32_t func)
{
    state_t *s = ctx;
    if (s->n_items || s->func != UINT32_MAX)
        run_function(s);
    end_run(s);
    if (func >= s->a->n_funcs || s->next != s->a->first[func])
        s->bad = 1;
    else
        s->next = s->run_first = s->a->first[func];
    s->func = func;
    forget_all(s);
}

static void on_insn(void *ctx, const wcapc_insn_t *in, int kind, int live)
{
    state_t *s = ctx;
    item_t *it = grow(s->items, &s->cap_items, s->n_items + 1, sizeof *it);
    if (it == NULL) {
        s->bad = 1;
        return;
    }
    s->items = it;
    s->items[s->n_items++] = (item_t){*in, (int16_t)kind, (uint8_t)live};
}

int wcapc_checks_decide(const wcapc_module_t *m, const wcapc_accesses_t *a, uint32_t min_size, wcapc_check_t **checks,
                        wcapc_loops_t *loops, char *err, size_t errcap)
{
    *checks = NULL;
    if (loops)
        memset(loops, 0, sizeof *loops);
    state_t *s = calloc(1, sizeof *s);
    wcapc_check_t *out = calloc(a->n ? a->n : 1, sizeof *out);
    if (!s || !out) {
        free(s);
        free(out);
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    *s = (state_t){.a = a,
                   .out = out,
                   .min_size = min_size,
                   .next_root = ROOT_CONST + 1,
                   .epoch = 1,
                   .m = m,
                   .func = UINT32_MAX,
                   .loops = loops};
    wcapc_code_visitor_t v = {on_begin, on_insn, s};
    uint32_t n;
    int rc = wcapc_walk_functions(m, &v, &n, err, errcap);
    if (rc == 0 && s->func != UINT32_MAX)
        run_function(s);
    end_run(s);
    if (rc == 0 && (s->bad || n != a->n_funcs || s->next != a->n)) {
        snprintf(err, errcap, "the check analysis saw other accesses than the access list (%u of %u)",
                 (unsigned)s->next, (unsigned)a->n);
        rc = -1;
    }
    free(s->items);
    free(s);
    if (rc) {
        free(out);
        wcapc_loops_free(loops);
        return -1;
    }
    *checks = out;
    return 0;
}

void wcapc_loops_free(wcapc_loops_t *loops)
{
    if (loops == NULL)
        return;
    free(loops->loops);
    free(loops->ranges);
    memset(loops, 0, sizeof *loops);
}
