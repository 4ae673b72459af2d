/*
 * Bytecode validation, once per load, before anything runs: one pass per
 * function with a bounded control stack. Checks every opcode and immediate
 * (indices, branch targets against the enclosing labels, block structure),
 * the operand stack height at every instruction (never below the block's
 * base, equal at END/ELSE and branches, never above the function's declared
 * max_height, which the interpreter's per-call space check relies on).
 * Values are untyped 64-bit slots: types were checked on the host, and a
 * wrong type can only produce wrong bits, never an access outside the
 * capsule (every memory, table, global and local access is checked or
 * validated here).
 */
#include "ix_priv.h"

typedef struct {
    uint32_t label;   /* branch target pc: LOOP's pc, or END + 1; 0xFFFFFFFF for the function */
    uint32_t end;     /* pc of the END (0xFFFFFFFF: a loop, not known ahead) */
    uint32_t false_t; /* IF: false target; 0 once an ELSE was seen */
    uint16_t base, np, nr;
    uint8_t kind, dead;
} vframe_t;

typedef struct {
    const wcap_ix_t *ix;
    const wcap_ib_func_t *f;
    const uint8_t *code;
    uint32_t len, pc, h, max_h, n_locals, depth;
    vframe_t ctl[WCAP_IX_MAX_DEPTH];
} vstate_t;

uint32_t wcap_ix_numeric_pops(uint8_t op)
{
    if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B) ||
        (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || op >= 0xA7) {
        return 1u;
    }
    return 2u;
}

static const uint8_t imm_kind[256] = {
#define WCAP_IOP(code, name, imm, pops, pushes) [code] = (uint8_t)(WCAP_IMM_##imm + 1),
#include "wcap/interp_ops.def"
#undef WCAP_IOP
};
static const int8_t fixed_pops[256] = {
#define WCAP_IOP(code, name, imm, pops, pushes) [code] = (int8_t)(pops),
#include "wcap/interp_ops.def"
#undef WCAP_IOP
};
static const int8_t fixed_pushes[256] = {
#define WCAP_IOP(code, name, imm, pops, pushes) [code] = (int8_t)(pushes),
#include "wcap/interp_ops.def"
#undef WCAP_IOP
};
static const uint8_t imm_bytes[] = {0, 4, 8, 8, 8, 12, 4, 10, 4};

int32_t wcap_ix_imm_size(uint8_t op, const uint8_t *p, uint32_t avail)
{
    uint32_t k;
    if (op >= WCAP_OP_NUMERIC_FIRST && op <= WCAP_OP_NUMERIC_LAST) {
        return 0;
    }
    k = imm_kind[op];
    if (k == 0u) {
        return -1;
    }
    if (k - 1u == WCAP_IMM_TABLE) {
        uint32_t n;
        if (avail < 4u) {
            return -1;
        }
        n = wcap_ix_rd32(p);
        if (n > (avail - 4u) / WCAP_IB_BR_SIZE) {
            return -1;
        }
        return (int32_t)(4u + WCAP_IB_BR_SIZE * (n + 1u));
    }
    return imm_bytes[k - 1u];
}

static int pop(vstate_t *v, uint32_t n)
{
    if (v->h < (uint32_t)v->ctl[v->depth - 1u].base + n) {
        return 0;
    }
    v->h -= n;
    return 1;
}

static int push(vstate_t *v, uint32_t n)
{
    v->h += n;
    if (v->h > v->max_h) {
        v->max_h = v->h;
    }
    return v->h <= v->f->max_height;
}

/* A BR immediate at p: the target must be an enclosing label, keep its arity,
 * drop exactly the slots above the label's base. */
static int branch_ok(const vstate_t *v, const uint8_t *p)
{
    uint32_t target = wcap_ix_rd32(p), drop = wcap_ix_rd32(p + 4), keep = wcap_ix_rd16(p + 8);
    uint32_t i;
    for (i = v->depth; i-- > 0u;) {
        const vframe_t *c = &v->ctl[i];
        if (c->label == target) {
            uint32_t arity = (c->kind == WCAP_OP_LOOP) ? c->np : c->nr;
            return keep == arity && v->h >= (uint32_t)c->base + keep && drop == v->h - keep - c->base;
        }
    }
    return 0;
}

static int open_block(vstate_t *v, uint8_t op, const uint8_t *imm)
{
    vframe_t *c;
    uint32_t np, nr, end = 0xFFFFFFFFu, false_t = 0u, o = 0u;
    if (op == WCAP_OP_IF) {
        false_t = wcap_ix_rd32(imm);
        o = 4u;
    }
    if (op != WCAP_OP_LOOP) {
        end = wcap_ix_rd32(imm + o);
        o += 4u;
    }
    np = wcap_ix_rd16(imm + o);
    nr = wcap_ix_rd16(imm + o + 2u);
    if (v->depth == WCAP_IX_MAX_DEPTH) {
        return WCAP_E_IX_NESTING;
    }
    if ((op == WCAP_OP_IF && !pop(v, 1u)) || !pop(v, np)) {
        return WCAP_E_IX_STACK;
    }
    if (op != WCAP_OP_LOOP && (end <= v->pc || end >= v->len)) {
        return WCAP_E_IX_BRANCH;
    }
    if (op == WCAP_OP_IF && (false_t <= v->pc || false_t > end + 1u)) {
        return WCAP_E_IX_BRANCH;
    }
    c = &v->ctl[v->depth++];
    c->label = (op == WCAP_OP_LOOP) ? v->pc : end + 1u;
    c->end = end;
    c->false_t = false_t;
    c->base = (uint16_t)v->h;
    c->np = (uint16_t)np;
    c->nr = (uint16_t)nr;
    c->kind = op;
    c->dead = 0u;
    return push(v, np) ? WCAP_OK : WCAP_E_IX_STACK;
}

static int end_block(vstate_t *v, uint8_t op, const uint8_t *imm)
{
    vframe_t *c = &v->ctl[v->depth - 1u];
    if (!c->dead && v->h != (uint32_t)c->base + c->nr) {
        return WCAP_E_IX_STACK;
    }
    if (op == WCAP_OP_ELSE) {
        /* the then-part jumps to END + 1; the false target is just after ELSE */
        if (c->kind != WCAP_OP_IF || c->false_t != v->pc + 5u || wcap_ix_rd32(imm) != c->label) {
            return WCAP_E_IX_BRANCH;
        }
        c->false_t = 0u;
        c->dead = 0u;
        v->h = (uint32_t)c->base + c->np;
        return WCAP_OK;
    }
    if (c->kind == 0u) { /* the function's own END: the last byte */
        if (v->pc + 1u != v->len) {
            return WCAP_E_IX_BRANCH;
        }
        v->depth--;
        return WCAP_OK;
    }
    if ((c->end != 0xFFFFFFFFu && c->end != v->pc) ||
        (c->kind == WCAP_OP_IF && c->false_t != 0u && (c->false_t != v->pc + 1u || c->np != c->nr))) {
        return WCAP_E_IX_BRANCH;
    }
    v->h = (uint32_t)c->base + c->nr;
    v->depth--;
    return push(v, 0u) ? WCAP_OK : WCAP_E_IX_STACK;
}

static void set_dead(vstate_t *v)
{
    vframe_t *c = &v->ctl[v->depth - 1u];
    c->dead = 1u;
    v->h = c->base;
}

static int branches(vstate_t *v, uint8_t op, const uint8_t *imm)
{
    uint32_t i, n;
    if (op != WCAP_OP_BR && !pop(v, 1u)) {
        return WCAP_E_IX_STACK;
    }
    n = (op == WCAP_OP_BR_TABLE) ? wcap_ix_rd32(imm) + 1u : 1u;
    imm += (op == WCAP_OP_BR_TABLE) ? 4u : 0u;
    for (i = 0; i < n; i++) {
        if (!branch_ok(v, imm + i * WCAP_IB_BR_SIZE)) {
            return WCAP_E_IX_BRANCH;
        }
    }
    if (op != WCAP_OP_BR_IF) {
        set_dead(v);
    }
    return WCAP_OK;
}

static int call_effect(vstate_t *v, uint32_t type)
{
    const wcap_ib_type_t *t = &v->ix->types[type];
    if (!pop(v, t->nparams)) {
        return WCAP_E_IX_STACK;
    }
    return push(v, t->nresults) ? WCAP_OK : WCAP_E_IX_STACK;
}

/* The index immediates of `op`; WCAP_OK or WCAP_E_IX_INDEX. */
static int index_ok(const vstate_t *v, uint8_t op, const uint8_t *imm)
{
    const wcap_ib_header_t *h = v->ix->h;
    uint32_t a = 0u, b = 0u, k = imm_kind[op] - 1u;
    int ok = 1;
    if (k == WCAP_IMM_U32 || k == WCAP_IMM_U32X2) {
        a = wcap_ix_rd32(imm);
    }
    if (k == WCAP_IMM_U32X2) {
        b = wcap_ix_rd32(imm + 4);
    }
    switch (op) {
    case WCAP_OP_CALL:
    case WCAP_OP_REF_FUNC: ok = a < h->n_funcs; break;
    case WCAP_OP_CALL_INDIRECT: ok = a < h->n_types && b < h->n_tables; break;
    case WCAP_OP_LOCAL_GET:
    case WCAP_OP_LOCAL_SET:
    case WCAP_OP_LOCAL_TEE: ok = a < v->n_locals; break;
    case WCAP_OP_GLOBAL_GET: ok = a < h->n_globals; break;
    case WCAP_OP_GLOBAL_SET: ok = a < h->n_globals && v->ix->gdefs[a].mut; break;
    case WCAP_OP_TABLE_GET:
    case WCAP_OP_TABLE_SET:
    case WCAP_OP_TABLE_GROW:
    case WCAP_OP_TABLE_SIZE:
    case WCAP_OP_TABLE_FILL: ok = a < h->n_tables; break;
    case WCAP_OP_MEMORY_INIT: ok = a < h->n_data && h->has_memory; break;
    case WCAP_OP_DATA_DROP: ok = a < h->n_data; break;
    case WCAP_OP_TABLE_INIT: ok = a < h->n_elem && b < h->n_tables; break;
    case WCAP_OP_ELEM_DROP: ok = a < h->n_elem; break;
    case WCAP_OP_TABLE_COPY: ok = a < h->n_tables && b < h->n_tables; break;
    case WCAP_OP_MEMORY_SIZE:
    case WCAP_OP_MEMORY_GROW:
    case WCAP_OP_MEMORY_COPY:
    case WCAP_OP_MEMORY_FILL: ok = h->has_memory != 0u; break;
    default: ok = !(op >= WCAP_OP_I32_LOAD && op <= WCAP_OP_I64_STORE32) || h->has_memory != 0u; break;
    }
    return ok ? WCAP_OK : WCAP_E_IX_INDEX;
}

static int one(vstate_t *v, uint8_t op, const uint8_t *imm)
{
    int rc;
    if (v->ctl[v->depth - 1u].dead && op != WCAP_OP_END && op != WCAP_OP_ELSE) {
        return WCAP_E_IX_OPCODE; /* the translator emits no unreachable code */
    }
    if ((rc = index_ok(v, op, imm)) != WCAP_OK) {
        return rc;
    }
    switch (op) {
    case WCAP_OP_BLOCK:
    case WCAP_OP_LOOP:
    case WCAP_OP_IF: return open_block(v, op, imm);
    case WCAP_OP_ELSE:
    case WCAP_OP_END: return end_block(v, op, imm);
    case WCAP_OP_BR:
    case WCAP_OP_BR_IF:
    case WCAP_OP_BR_TABLE: return branches(v, op, imm);
    case WCAP_OP_UNREACHABLE: set_dead(v); return WCAP_OK;
    case WCAP_OP_RETURN:
        if (!pop(v, v->ix->types[v->f->type].nresults)) {
            return WCAP_E_IX_STACK;
        }
        set_dead(v);
        return WCAP_OK;
    case WCAP_OP_CALL: return call_effect(v, v->ix->funcs[wcap_ix_rd32(imm)].type);
    case WCAP_OP_CALL_INDIRECT: return pop(v, 1u) ? call_effect(v, wcap_ix_rd32(imm)) : WCAP_E_IX_STACK;
    default: break;
    }
    if (op >= WCAP_OP_NUMERIC_FIRST && op <= WCAP_OP_NUMERIC_LAST) {
        return pop(v, wcap_ix_numeric_pops(op)) && push(v, 1u) ? WCAP_OK : WCAP_E_IX_STACK;
    }
    return pop(v, (uint32_t)fixed_pops[op]) && push(v, (uint32_t)fixed_pushes[op]) ? WCAP_OK : WCAP_E_IX_STACK;
}

static int function(vstate_t *v)
{
    const wcap_ib_type_t *t = &v->ix->types[v->f->type];
    v->code = v->ix->code + v->f->code;
    v->len = v->f->code_len;
    v->pc = 0u;
    v->h = 0u;
    v->max_h = 0u;
    v->n_locals = (uint32_t)t->nparams + v->f->n_locals;
    v->depth = 1u;
    memset(&v->ctl[0], 0, sizeof v->ctl[0]);
    v->ctl[0].label = 0xFFFFFFFFu;
    v->ctl[0].end = 0xFFFFFFFFu;
    v->ctl[0].nr = t->nresults;
    while (v->depth > 0u) {
        uint8_t op;
        int32_t n;
        int rc;
        if (v->pc >= v->len) {
            return WCAP_E_IX_OPCODE;
        }
        op = v->code[v->pc];
        n = wcap_ix_imm_size(op, v->code + v->pc + 1u, v->len - v->pc - 1u);
        if (n < 0 || (uint32_t)n > v->len - v->pc - 1u) {
            return WCAP_E_IX_OPCODE;
        }
        if ((rc = one(v, op, v->code + v->pc + 1u)) != WCAP_OK) {
            return rc;
        }
        v->pc += 1u + (uint32_t)n;
    }
    return v->pc == v->len ? WCAP_OK : WCAP_E_IX_OPCODE;
}

int wcap_ix_validate_code(const wcap_ix_t *ix)
{
    vstate_t v;
    uint32_t i;
    v.ix = ix;
    for (i = ix->h->n_imports; i < ix->h->n_funcs; i++) {
        int rc;
        v.f = &ix->funcs[i];
        if ((rc = function(&v)) != WCAP_OK) {
            return rc;
        }
    }
    return WCAP_OK;
}
