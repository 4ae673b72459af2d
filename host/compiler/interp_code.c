/*
 * One function body -> interpreter bytecode (docs/interpreter.md). The module
 * has been validated (wasm-validate) before, so the stack heights tracked here
 * are exact; they are still checked, and the device re-validates everything.
 * Structure markers stay (BLOCK/LOOP/IF/ELSE/END) so the device can validate
 * in one pass; branches carry resolved targets and the slots to drop and keep.
 * Unreachable code is not emitted.
 */
#include <stdlib.h>
#include <string.h>

#include "interp_xlate.h"
#include "wcap/interp_format.h"

#define IX_MAX_DEPTH 1024u

typedef struct {
    uint8_t kind; /* WCAP_OP_BLOCK, _LOOP, _IF, or 0 for the function */
    uint32_t base, np, nr;
    uint32_t start;     /* loop: pc of LOOP */
    uint32_t end_imm;   /* BLOCK/IF: code offset of the end field to patch */
    uint32_t false_imm; /* IF: code offset of the false-target field; 0 once resolved */
    uint32_t *patches;  /* code offsets of branch targets to set to end + 1 */
    uint32_t n_patches, cap_patches;
    int dead; /* after br, br_table, return, unreachable */
} ix_frame_t;

typedef struct {
    wcapc_rd_t *r;
    const wcapc_ix_module_t *im;
    wcapc_buf_t *code;
    size_t fstart;
    ix_frame_t ctl[IX_MAX_DEPTH];
    uint32_t depth, h, max_h, skip, n_locals_all;
    int oom;
} ix_t;

static uint32_t pc(const ix_t *x)
{
    return (uint32_t)(x->code->len - x->fstart);
}

static void put(ix_t *x, const void *p, size_t n)
{
    if (wcapc_buf_put(x->code, p, n))
        x->oom = 1;
}
static void put8(ix_t *x, uint8_t v)
{
    put(x, &v, 1);
}
static void put16(ix_t *x, uint32_t v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    put(x, b, 2);
}
static void put32(ix_t *x, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    put(x, b, 4);
}
static void put64(ix_t *x, uint64_t v)
{
    put32(x, (uint32_t)v);
    put32(x, (uint32_t)(v >> 32));
}
static void patch32(ix_t *x, uint32_t at, uint32_t v)
{
    if (!x->oom)
        wcap_wr32(x->code->data + x->fstart + at, v);
}

static int fail(ix_t *x, const char *what)
{
    return wcapc_rd_fail(x->r, WCAPC_WASM_MALFORMED, "%s", what);
}

static int pop(ix_t *x, uint32_t n)
{
    if (x->h < x->ctl[x->depth - 1].base + n)
        return fail(x, "operand stack underflow");
    x->h -= n;
    return 1;
}
static void push(ix_t *x, uint32_t n)
{
    x->h += n;
    if (x->h > x->max_h)
        x->max_h = x->h;
}

static int block_type(ix_t *x, uint32_t *np, uint32_t *nr)
{
    int64_t bt;
    if (!wcapc_rd_s64(x->r, &bt))
        return 0;
    if (bt == -64) { /* 0x40: empty */
        *np = *nr = 0;
    } else if (bt < 0) {
        *np = 0;
        *nr = 1;
    } else if ((uint64_t)bt < x->im->m->n_types) {
        *np = x->im->m->types[bt].nparams;
        *nr = x->im->m->types[bt].nresults;
    } else {
        return fail(x, "block type index out of range");
    }
    if (*np > 0xFFFFu || *nr > 0xFFFFu)
        return fail(x, "block type too large");
    return 1;
}

static int open(ix_t *x, uint8_t kind, uint32_t np, uint32_t nr)
{
    if (x->depth == IX_MAX_DEPTH)
        return wcapc_rd_fail(x->r, WCAPC_WASM_UNSUPPORTED, "blocks nested deeper than %u", IX_MAX_DEPTH);
    if (kind != 0 && !pop(x, np))
        return 0;
    ix_frame_t *f = &x->ctl[x->depth++];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->base = x->h;
    f->np = np;
    f->nr = nr;
    f->start = pc(x);
    if (kind != 0)
        push(x, np);
    return 1;
}

static void add_patch(ix_t *x, ix_frame_t *f, uint32_t at)
{
    if (f->n_patches == f->cap_patches) {
        uint32_t cap = f->cap_patches ? 2 * f->cap_patches : 8;
        uint32_t *p = realloc(f->patches, cap * sizeof *p);
        if (!p) {
            x->oom = 1;
            return;
        }
        f->patches = p;
        f->cap_patches = cap;
    }
    f->patches[f->n_patches++] = at;
}

/* The BR immediate for a branch to label `depth` from the current height. */
static int br_imm(ix_t *x, uint32_t depth)
{
    if (depth >= x->depth)
        return fail(x, "branch depth out of range");
    ix_frame_t *f = &x->ctl[x->depth - 1 - depth];
    uint32_t keep = f->kind == WCAP_OP_LOOP ? f->np : f->nr;
    if (x->h < f->base + keep)
        return fail(x, "operand stack underflow at branch");
    if (f->kind == 0) { /* the function's label: a return */
        put32(x, 0xFFFFFFFFu);
    } else if (f->kind == WCAP_OP_LOOP) {
        put32(x, f->start);
    } else {
        add_patch(x, f, pc(x));
        put32(x, 0);
    }
    put32(x, x->h - keep - f->base);
    put16(x, keep);
    return 1;
}

static int close(ix_t *x)
{
    ix_frame_t *f = &x->ctl[x->depth - 1];
    if (!f->dead && x->h != f->base + f->nr)
        return fail(x, "operand stack height mismatch at end");
    if (f->kind == 0) {
        if (!f->dead)
            put8(x, WCAP_OP_RETURN);
        put8(x, WCAP_OP_END);
        x->depth--;
        return 1;
    }
    uint32_t end = pc(x);
    put8(x, WCAP_OP_END);
    if (f->kind != WCAP_OP_LOOP)
        patch32(x, f->end_imm, end);
    if (f->false_imm)
        patch32(x, f->false_imm, end + 1);
    for (uint32_t i = 0; i < f->n_patches; i++)
        patch32(x, f->patches[i], end + 1);
    free(f->patches);
    x->h = f->base + f->nr;
    x->depth--;
    if (x->h > x->max_h)
        x->max_h = x->h;
    return 1;
}

static void set_dead(ix_t *x)
{
    x->ctl[x->depth - 1].dead = 1;
    x->h = x->ctl[x->depth - 1].base;
}

static int br_table(ix_t *x)
{
    uint32_t n, d;
    if (!wcapc_rd_count(x->r, 1, &n) || !pop(x, 1))
        return 0;
    put8(x, WCAP_OP_BR_TABLE);
    put32(x, n);
    for (uint32_t i = 0; i <= n; i++)
        if (!wcapc_rd_u32(x->r, &d) || !br_imm(x, d))
            return 0;
    set_dead(x);
    return 1;
}

static int call(ix_t *x, uint32_t type)
{
    const wcapc_functype_t *t = &x->im->m->types[type];
    if (!pop(x, t->nparams))
        return 0;
    push(x, t->nresults);
    return 1;
}

/* Skips the immediates of `op` in dead code, tracking nested blocks. */
static int skip_imm(ix_t *x, uint8_t op);

static int mem_op(ix_t *x, uint8_t op, uint32_t pops, uint32_t pushes)
{
    uint32_t align, off;
    if (!wcapc_rd_u32(x->r, &align) || !wcapc_rd_u32(x->r, &off) || !pop(x, pops))
        return 0;
    put8(x, op);
    put32(x, off);
    push(x, pushes);
    return 1;
}

static int simple(ix_t *x, uint8_t op, uint32_t pops, uint32_t pushes)
{
    if (!pop(x, pops))
        return 0;
    put8(x, op);
    push(x, pushes);
    return 1;
}

static int with_u32(ix_t *x, uint8_t op, uint32_t pops, uint32_t pushes)
{
    uint32_t v;
    if (!wcapc_rd_u32(x->r, &v) || !pop(x, pops))
        return 0;
    put8(x, op);
    put32(x, v);
    push(x, pushes);
    return 1;
}

static int local_op(ix_t *x, uint8_t op, uint32_t pops, uint32_t pushes)
{
    uint32_t v;
    if (!wcapc_rd_u32(x->r, &v))
        return 0;
    if (v >= x->n_locals_all)
        return fail(x, "local index out of range");
    if (!pop(x, pops))
        return 0;
    put8(x, op);
    put32(x, v);
    push(x, pushes);
    return 1;
}

static int prefixed(ix_t *x)
{
    static const uint8_t pops[18] = {1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 3, 3, 3, 0, 3, 2, 0, 3};
    static const uint8_t pushes[18] = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0};
    uint32_t sub, a = 0, b = 0;
    uint8_t z;
    if (!wcapc_rd_u32(x->r, &sub))
        return 0;
    if (sub > 17)
        return wcapc_rd_fail(x->r, WCAPC_WASM_UNSUPPORTED, "0xfc %u instruction", sub);
    switch (sub) {
    case 8:
        if (!wcapc_rd_u32(x->r, &a) || !wcapc_rd_u8(x->r, &z))
            return 0;
        break;
    case 9:
    case 13:
    case 15:
    case 16:
    case 17:
        if (!wcapc_rd_u32(x->r, &a))
            return 0;
        break;
    case 10:
        if (!wcapc_rd_u8(x->r, &z) || !wcapc_rd_u8(x->r, &z))
            return 0;
        break;
    case 11:
        if (!wcapc_rd_u8(x->r, &z))
            return 0;
        break;
    case 12:
    case 14:
        if (!wcapc_rd_u32(x->r, &a) || !wcapc_rd_u32(x->r, &b))
            return 0;
        break;
    default: break;
    }
    if (x->ctl[x->depth - 1].dead)
        return 1;
    if (!pop(x, pops[sub]))
        return 0;
    put8(x, (uint8_t)(WCAP_OP_I32_TRUNC_SAT_F32_S + sub));
    if (sub == 8 || sub == 9 || sub == 13 || sub >= 15)
        put32(x, a);
    if (sub == 12 || sub == 14) {
        put32(x, a);
        put32(x, b);
    }
    push(x, pushes[sub]);
    return 1;
}

static int skip_imm(ix_t *x, uint8_t op)
{
    uint32_t u, n;
    int64_t s;
    const uint8_t *p;
    if (op >= 0x28 && op <= 0x3E)
        return wcapc_rd_u32(x->r, &u) && wcapc_rd_u32(x->r, &u);
    switch (op) {
    case 0x0C:
    case 0x0D:
    case 0x10:
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
    case 0x25:
    case 0x26:
    case 0xD2: return wcapc_rd_u32(x->r, &u);
    case 0x0E:
        if (!wcapc_rd_count(x->r, 1, &n))
            return 0;
        for (uint32_t i = 0; i <= n; i++)
            if (!wcapc_rd_u32(x->r, &u))
                return 0;
        return 1;
    case 0x11: return wcapc_rd_u32(x->r, &u) && wcapc_rd_u32(x->r, &u);
    case 0x1C:
        if (!wcapc_rd_count(x->r, 1, &n))
            return 0;
        return wcapc_rd_bytes(x->r, n, &p);
    case 0x3F:
    case 0x40:
    case 0xD0: return wcapc_rd_bytes(x->r, 1, &p);
    case 0x41: return wcapc_rd_s32(x->r, (int32_t *)&u);
    case 0x42: return wcapc_rd_s64(x->r, &s);
    case 0x43: return wcapc_rd_bytes(x->r, 4, &p);
    case 0x44: return wcapc_rd_bytes(x->r, 8, &p);
    case 0xFC: return prefixed(x);
    default:
        if (op == 0x00 || op == 0x01 || op == 0x0F || op == 0x1A || op == 0x1B || op == 0xD1 ||
            (op >= WCAP_OP_NUMERIC_FIRST && op <= WCAP_OP_NUMERIC_LAST))
            return 1;
        return wcapc_rd_fail(x->r, WCAPC_WASM_UNSUPPORTED, "opcode 0x%02x", op);
    }
}

/* Pops of the numeric opcodes 0x45..0xC4 (each pushes one value). */
uint32_t wcapc_ix_numeric_pops(uint8_t op);
uint32_t wcapc_ix_numeric_pops(uint8_t op)
{
    if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B) ||
        (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || op >= 0xA7)
        return 1;
    return 2;
}

static int control(ix_t *x, uint8_t op)
{
    ix_frame_t *f = &x->ctl[x->depth - 1];
    uint32_t np, nr, d;
    switch (op) {
    case 0x00:
        put8(x, WCAP_OP_UNREACHABLE);
        set_dead(x);
        return 1;
    case 0x01: return 1;
    case 0x02:
    case 0x03:
    case 0x04:
        if (!block_type(x, &np, &nr))
            return 0;
        if (op == 0x04 && !pop(x, 1))
            return 0;
        d = pc(x);
        put8(x, op);
        if (!open(x, op, np, nr))
            return 0;
        f = &x->ctl[x->depth - 1];
        f->start = d;
        if (op == 0x04) {
            f->false_imm = pc(x);
            put32(x, 0);
        }
        if (op != 0x03) {
            f->end_imm = pc(x);
            put32(x, 0);
        }
        put16(x, np);
        put16(x, nr);
        return 1;
    case 0x05:
        if (f->kind != WCAP_OP_IF || !f->false_imm)
            return fail(x, "else without if");
        if (!f->dead && x->h != f->base + f->nr)
            return fail(x, "operand stack height mismatch at else");
        put8(x, WCAP_OP_ELSE);
        add_patch(x, f, pc(x));
        put32(x, 0);
        patch32(x, f->false_imm, pc(x));
        f->false_imm = 0;
        f->dead = 0;
        x->h = f->base + f->np;
        return 1;
    case 0x0B: return close(x);
    case 0x0C:
        put8(x, WCAP_OP_BR);
        if (!wcapc_rd_u32(x->r, &d) || !br_imm(x, d))
            return 0;
        set_dead(x);
        return 1;
    case 0x0D:
        if (!wcapc_rd_u32(x->r, &d) || !pop(x, 1))
            return 0;
        put8(x, WCAP_OP_BR_IF);
        return br_imm(x, d);
    case 0x0E: return br_table(x);
    case 0x0F:
        if (!pop(x, x->ctl[0].nr))
            return 0;
        put8(x, WCAP_OP_RETURN);
        set_dead(x);
        return 1;
    default: return fail(x, "unexpected control opcode");
    }
}

static int calls(ix_t *x, uint8_t op)
{
    uint32_t a, b;
    const wcapc_module_t *m = x->im->m;
    if (!wcapc_rd_u32(x->r, &a))
        return 0;
    if (op == 0x10) {
        if (a >= m->n_funcs)
            return fail(x, "function index out of range");
        put8(x, WCAP_OP_CALL);
        put32(x, a);
        return call(x, m->func_types[a]);
    }
    if (!wcapc_rd_u32(x->r, &b))
        return 0;
    if (a >= m->n_types)
        return fail(x, "type index out of range");
    if (!pop(x, 1))
        return 0;
    put8(x, WCAP_OP_CALL_INDIRECT);
    put32(x, a);
    put32(x, b);
    return call(x, a);
}

static int consts(ix_t *x, uint8_t op)
{
    int32_t v32;
    int64_t v64;
    const uint8_t *p;
    put8(x, op);
    push(x, 1);
    switch (op) {
    case 0x41:
        if (!wcapc_rd_s32(x->r, &v32))
            return 0;
        put32(x, (uint32_t)v32);
        return 1;
    case 0x42:
        if (!wcapc_rd_s64(x->r, &v64))
            return 0;
        put64(x, (uint64_t)v64);
        return 1;
    case 0x43:
        if (!wcapc_rd_bytes(x->r, 4, &p))
            return 0;
        put(x, p, 4);
        return 1;
    default:
        if (!wcapc_rd_bytes(x->r, 8, &p))
            return 0;
        put(x, p, 8);
        return 1;
    }
}

static int instr(ix_t *x, uint8_t op)
{
    static const uint8_t mem_pops[23] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    const uint8_t *p;
    uint32_t n;
    if (op <= 0x0F)
        return control(x, op);
    if (op >= WCAP_OP_NUMERIC_FIRST && op <= WCAP_OP_NUMERIC_LAST)
        return simple(x, op, wcapc_ix_numeric_pops(op), 1);
    if (op >= 0x28 && op <= 0x3E)
        return mem_op(x, op, mem_pops[op - 0x28], op <= 0x35);
    switch (op) {
    case 0x10:
    case 0x11: return calls(x, op);
    case 0x1A: return simple(x, WCAP_OP_DROP, 1, 0);
    case 0x1B: return simple(x, WCAP_OP_SELECT, 3, 1);
    case 0x1C:
        if (!wcapc_rd_count(x->r, 1, &n) || !wcapc_rd_bytes(x->r, n, &p))
            return 0;
        return simple(x, WCAP_OP_SELECT, 3, 1);
    case 0x20: return local_op(x, WCAP_OP_LOCAL_GET, 0, 1);
    case 0x21: return local_op(x, WCAP_OP_LOCAL_SET, 1, 0);
    case 0x22: return local_op(x, WCAP_OP_LOCAL_TEE, 1, 1);
    case 0x23: return with_u32(x, WCAP_OP_GLOBAL_GET, 0, 1);
    case 0x24: return with_u32(x, WCAP_OP_GLOBAL_SET, 1, 0);
    case 0x25: return with_u32(x, WCAP_OP_TABLE_GET, 1, 1);
    case 0x26: return with_u32(x, WCAP_OP_TABLE_SET, 2, 0);
    case 0x3F:
    case 0x40:
        if (!wcapc_rd_bytes(x->r, 1, &p))
            return 0;
        return simple(x, op, op == 0x40, 1);
    case 0x41:
    case 0x42:
    case 0x43:
    case 0x44: return consts(x, op);
    case 0xD0:
        if (!wcapc_rd_bytes(x->r, 1, &p))
            return 0;
        return simple(x, WCAP_OP_REF_NULL, 0, 1);
    case 0xD1: return simple(x, WCAP_OP_REF_IS_NULL, 1, 1);
    case 0xD2: return with_u32(x, WCAP_OP_REF_FUNC, 0, 1);
    case 0xFC: return prefixed(x);
    default: return wcapc_rd_fail(x->r, WCAPC_WASM_UNSUPPORTED, "opcode 0x%02x", op);
    }
}

/* In unreachable code: decode and drop, tracking nesting; else/end at depth 0 count. */
static int dead_instr(ix_t *x, uint8_t op, int *handled)
{
    uint32_t np, nr;
    *handled = 1;
    if (op == 0x02 || op == 0x03 || op == 0x04) {
        x->skip++;
        return block_type(x, &np, &nr);
    }
    if ((op == 0x0B || op == 0x05) && x->skip > 0) {
        x->skip -= op == 0x0B;
        return 1;
    }
    if (op == 0x0B || op == 0x05) {
        *handled = 0;
        return 1;
    }
    return skip_imm(x, op);
}

static int locals(ix_t *x, uint32_t np, uint32_t *extra)
{
    uint32_t groups, n;
    uint8_t vt;
    uint64_t total = np;
    if (!wcapc_rd_count(x->r, 2, &groups))
        return 0;
    for (uint32_t i = 0; i < groups; i++) {
        if (!wcapc_rd_u32(x->r, &n) || !wcapc_rd_u8(x->r, &vt))
            return 0;
        total += n;
        if (total > 50000)
            return wcapc_rd_fail(x->r, WCAPC_WASM_UNSUPPORTED, "more than 50000 locals");
    }
    *extra = (uint32_t)(total - np);
    x->n_locals_all = (uint32_t)total;
    return 1;
}

int wcapc_ix_body(wcapc_rd_t *r, const wcapc_ix_module_t *im, uint32_t type, wcapc_buf_t *code, wcapc_ix_func_t *out)
{
    ix_t *x = calloc(1, sizeof *x);
    int ok = 0;
    if (!x)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "out of memory");
    x->r = r;
    x->im = im;
    x->code = code;
    x->fstart = code->len;
    const wcapc_functype_t *t = &im->m->types[type];
    if (!locals(x, t->nparams, &out->n_locals) || !open(x, 0, 0, t->nresults))
        goto done;
    while (x->depth > 0 && !r->status && !x->oom) {
        uint8_t op;
        int handled = 0;
        if (!wcapc_rd_u8(r, &op))
            break;
        if (x->ctl[x->depth - 1].dead && !dead_instr(x, op, &handled))
            break;
        if (!handled && !instr(x, op))
            break;
    }
    if (x->oom)
        wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "out of memory");
    else if (!r->status && (x->depth != 0 || r->pos != r->end))
        fail(x, "function body does not end at its last end");
    else if (!r->status && (x->max_h > 0xFFFFu || out->n_locals > 0xFFFFu))
        wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "function needs more than 65535 stack slots or locals");
    ok = !r->status;
    out->max_height = x->max_h;
done:
    for (uint32_t i = 0; i < x->depth; i++)
        free(x->ctl[i].patches);
    free(x);
    return ok;
}
