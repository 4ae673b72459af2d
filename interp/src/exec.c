/*
 * The interpreter loop: one function activation after another on one value
 * stack (no C recursion for Wasm calls), operands as untyped 64-bit slots,
 * frames stacked downwards from the top of the same area. Branch targets,
 * drops and arities come resolved from the image; the loop polls the
 * capsule's interrupt flag at every LOOP head and call (the time budget), and
 * checks the space for a callee's locals and deepest operand stack at every
 * call (the stack budget: WASM_RT_TRAP_EXHAUSTION). Traps go through
 * runtime_lib's wasm_rt_trap, exactly as native code's do.
 * Dispatch: computed goto where the compiler has it, else a switch (below).
 */
#include "ix_num.h"
#include "ix_priv.h"
#include "wcap/rt_libm.h" /* floor, ceil: picolibc 1.8 rounds some doubles wrongly */

#define IMM32(o) wcap_ix_rd32(pc + (o))
#define IMM64(o) ((uint64_t)wcap_ix_rd32(pc + (o)) | (uint64_t)wcap_ix_rd32(pc + (o) + 4) << 32)
#define S(i) sp[-(i)]
#define U32(i) ((uint32_t)sp[-(i)])
#define PUSH32(v) (*sp++ = (uint32_t)(v))
#define BIN32(expr)                      \
    do {                                 \
        uint32_t b = U32(1), a = U32(2); \
        sp--;                            \
        sp[-1] = (uint32_t)(expr);       \
    } while (0)
#define BIN64(expr)                  \
    do {                             \
        uint64_t b = S(1), a = S(2); \
        sp--;                        \
        sp[-1] = (uint64_t)(expr);   \
    } while (0)
#define CMP64(expr)                  \
    do {                             \
        uint64_t b = S(1), a = S(2); \
        sp--;                        \
        sp[-1] = (expr) ? 1u : 0u;   \
    } while (0)
#define BINF(expr)                                \
    do {                                          \
        float b = ix_f32(S(1)), a = ix_f32(S(2)); \
        sp--;                                     \
        sp[-1] = ix_bf32(expr);                   \
    } while (0)
#define CMPF(expr)                                \
    do {                                          \
        float b = ix_f32(S(1)), a = ix_f32(S(2)); \
        sp--;                                     \
        sp[-1] = (expr) ? 1u : 0u;                \
    } while (0)
#define BIND(expr)                                 \
    do {                                           \
        double b = ix_f64(S(1)), a = ix_f64(S(2)); \
        sp--;                                      \
        sp[-1] = ix_bf64(expr);                    \
    } while (0)
#define CMPD(expr)                                 \
    do {                                           \
        double b = ix_f64(S(1)), a = ix_f64(S(2)); \
        sp--;                                      \
        sp[-1] = (expr) ? 1u : 0u;                 \
    } while (0)
#define UNF(expr)               \
    do {                        \
        float a = ix_f32(S(1)); \
        sp[-1] = ix_bf32(expr); \
    } while (0)
#define UND(expr)                \
    do {                         \
        double a = ix_f64(S(1)); \
        sp[-1] = ix_bf64(expr);  \
    } while (0)

/* Effective address of an access of n bytes at the top-of-stack address; traps OOB. */
#define EA(n)                                  \
    uint64_t ea = (uint64_t)U32(1) + IMM32(1); \
    if (UNLIKELY(ea + (n) > msize))            \
        wasm_rt_trap(WASM_RT_TRAP_OOB);        \
    const uint8_t *mp = mem + ea
#define LOAD(t, n, conv)      \
    do {                      \
        EA(n);                \
        t v;                  \
        WCAP_IX_LD(t, v, mp); \
        sp[-1] = conv;        \
        pc += 5;              \
    } while (0)
#define STORE(t, n)                          \
    do {                                     \
        t v = (t)S(1);                       \
        sp--;                                \
        {                                    \
            EA(n);                           \
            WCAP_IX_ST(t, (uint8_t *)mp, v); \
        }                                    \
        sp--;                                \
        pc += 5;                             \
    } while (0)

typedef struct {
    wcap_ix_t *ix;
    wcap_slot_t *sp, *fp;
    const uint8_t *pc, *code;
    wcap_ix_frame_t *fsp, *fbase;
    uint32_t func;
} ix_regs_t;

static WASM_RT_NO_RETURN void exhausted(void)
{
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
}

static void host_call(wcap_ix_t *ix, uint32_t f, wcap_slot_t **spp)
{
    const wcap_ib_type_t *t = &ix->types[ix->funcs[f].type];
    wcap_slot_t *args = *spp - t->nparams;
    if (ix->interrupt != 0u) {
        wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
    }
    wcap_ix_thunks[ix->import_shape[f]](ix->imports[f], ix->rt, args);
    *spp = args + t->nresults;
}

/* Enters function f (a Wasm function, not an import) whose arguments are on top. */
static void enter(ix_regs_t *r, uint32_t f)
{
    wcap_ix_t *ix = r->ix;
    const wcap_ib_func_t *fn = &ix->funcs[f];
    uint32_t np = ix->types[fn->type].nparams;
    wcap_slot_t *nfp = r->sp - np;
    if (ix->interrupt != 0u) {
        wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
    }
    /* room for the locals, the deepest operand stack and the frame record */
    if ((size_t)((uint8_t *)(r->fsp - 1) - (uint8_t *)r->sp) / sizeof(wcap_slot_t) <
            (size_t)fn->n_locals + fn->max_height ||
        (uint8_t *)(r->fsp - 1) < (uint8_t *)r->sp) {
        exhausted();
    }
    r->fsp--;
    r->fsp->ret = r->pc;
    r->fsp->code = r->code;
    r->fsp->fp = r->fp;
    r->fsp->func = r->func;
    memset(r->sp, 0, (size_t)fn->n_locals * sizeof(wcap_slot_t));
    r->fp = nfp;
    r->sp = nfp + np + fn->n_locals;
    r->code = ix->code + fn->code;
    r->pc = r->code;
    r->func = f;
}

/* Returns from the current function; 0 when it was the entry function. */
static int leave(ix_regs_t *r)
{
    uint32_t nr = r->ix->types[r->ix->funcs[r->func].type].nresults;
    memmove(r->fp, r->sp - nr, (size_t)nr * sizeof(wcap_slot_t));
    r->sp = r->fp + nr;
    if (r->fsp == r->fbase) {
        return 0;
    }
    r->pc = r->fsp->ret;
    r->code = r->fsp->code;
    r->fp = r->fsp->fp;
    r->func = r->fsp->func;
    r->fsp++;
    return 1;
}

static void call_indirect(ix_regs_t *r, uint32_t type, uint32_t table)
{
    wcap_ix_t *ix = r->ix;
    const wasm_rt_funcref_table_t *t = &ix->tables[table];
    uint32_t i = (uint32_t) * --r->sp;
    uint64_t ref;
    if (i >= t->size || t->data[i].func == NULL || t->data[i].func_type != ix->types[type].canon + 1u) {
        wasm_rt_trap(WASM_RT_TRAP_CALL_INDIRECT);
    }
    ref = wcap_ix_entry_to_ref(ix, &t->data[i]);
    if (ref == 0u) {
        wasm_rt_trap(WASM_RT_TRAP_CALL_INDIRECT);
    }
    if (ref - 1u < ix->h->n_imports) {
        host_call(ix, (uint32_t)(ref - 1u), &r->sp);
    } else {
        enter(r, (uint32_t)(ref - 1u));
    }
}

/* Branch immediate at p: keep `keep` slots, drop `drop` below them, jump. 0: a return. */
static int branch(ix_regs_t *r, const uint8_t *p)
{
    uint32_t target = wcap_ix_rd32(p), drop = wcap_ix_rd32(p + 4), keep = wcap_ix_rd16(p + 8);
    if (target == 0xFFFFFFFFu) {
        return 0;
    }
    if (drop != 0u) {
        memmove(r->sp - keep - drop, r->sp - keep, (size_t)keep * sizeof(wcap_slot_t));
        r->sp -= drop;
    }
    r->pc = r->code + target;
    return 1;
}

/* Bulk memory and table instructions (exec_bulk.c). Return the new sp. */
wcap_slot_t *wcap_ix_bulk(wcap_ix_t *ix, uint8_t op, const uint8_t *imm, wcap_slot_t *sp);

/* Dispatch: computed goto on GCC and clang (one indirect jump at the end of
 * every instruction: 33% fewer instructions on x86_64, docs/interpreter.md),
 * else a switch. Size-optimised builds (-Os: the firmware) keep the switch by
 * default: the goto form costs 2.6 KB more flash on Cortex-M4. Force either
 * with -DWCAP_IX_GOTO=1 or 0. The case labels are the same in both forms. */
#ifndef WCAP_IX_GOTO
#if (defined(__GNUC__) || defined(__clang__)) && !defined(__OPTIMIZE_SIZE__)
#define WCAP_IX_GOTO 1
#else
#define WCAP_IX_GOTO 0
#endif
#endif
#if WCAP_IX_GOTO
#define CASE(x) \
    case x:     \
        L_##x:
#define DEFAULT_LABEL \
    L_default:
#define NEXT() goto *labels[*pc]
#else
#define CASE(x) case x:
#define DEFAULT_LABEL
#define NEXT() break
#endif

#define SYNC() (r.sp = sp, r.pc = pc)
#define LOAD_REGS() (sp = r.sp, pc = r.pc, mem = ix->mem.data, msize = ix->mem.size)

void wcap_ix_run(wcap_ix_t *ix, uint32_t func)
{
    ix_regs_t r;
    wcap_slot_t *sp;
    const uint8_t *pc;
    const uint8_t *mem = ix->mem.data;
    uint64_t msize = ix->mem.size;
    const uint8_t *pool;

    r.ix = ix;
    r.fbase = (wcap_ix_frame_t *)(void *)ix->stack_end;
    r.fsp = r.fbase;
    r.fp = ix->stack;
    r.sp = ix->stack + ix->types[ix->funcs[func].type].nparams;
    r.code = NULL;
    r.pc = NULL;
    r.func = func;
    enter(&r, func);
    r.fsp++; /* the entry function's frame record is not needed: leave() stops there */
    LOAD_REGS();
    pool = ix->pool;
    (void)pool;
#if WCAP_IX_GOTO
    static const void *const labels[256] = {&&L_WCAP_OP_UNREACHABLE,
                                            &&L_default,
                                            &&L_WCAP_OP_BLOCK,
                                            &&L_WCAP_OP_LOOP,
                                            &&L_WCAP_OP_IF,
                                            &&L_WCAP_OP_ELSE,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_END,
                                            &&L_WCAP_OP_BR,
                                            &&L_WCAP_OP_BR_IF,
                                            &&L_WCAP_OP_BR_TABLE,
                                            &&L_WCAP_OP_RETURN,
                                            &&L_WCAP_OP_CALL,
                                            &&L_WCAP_OP_CALL_INDIRECT,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_DROP,
                                            &&L_WCAP_OP_SELECT,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_LOCAL_GET,
                                            &&L_WCAP_OP_LOCAL_SET,
                                            &&L_WCAP_OP_LOCAL_TEE,
                                            &&L_WCAP_OP_GLOBAL_GET,
                                            &&L_WCAP_OP_GLOBAL_SET,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_I32_LOAD,
                                            &&L_WCAP_OP_I64_LOAD,
                                            &&L_WCAP_OP_F32_LOAD,
                                            &&L_WCAP_OP_F64_LOAD,
                                            &&L_WCAP_OP_I32_LOAD8_S,
                                            &&L_WCAP_OP_I32_LOAD8_U,
                                            &&L_WCAP_OP_I32_LOAD16_S,
                                            &&L_WCAP_OP_I32_LOAD16_U,
                                            &&L_WCAP_OP_I64_LOAD8_S,
                                            &&L_WCAP_OP_I64_LOAD8_U,
                                            &&L_WCAP_OP_I64_LOAD16_S,
                                            &&L_WCAP_OP_I64_LOAD16_U,
                                            &&L_WCAP_OP_I64_LOAD32_S,
                                            &&L_WCAP_OP_I64_LOAD32_U,
                                            &&L_WCAP_OP_I32_STORE,
                                            &&L_WCAP_OP_I64_STORE,
                                            &&L_WCAP_OP_F32_STORE,
                                            &&L_WCAP_OP_F64_STORE,
                                            &&L_WCAP_OP_I32_STORE8,
                                            &&L_WCAP_OP_I32_STORE16,
                                            &&L_WCAP_OP_I64_STORE8,
                                            &&L_WCAP_OP_I64_STORE16,
                                            &&L_WCAP_OP_I64_STORE32,
                                            &&L_WCAP_OP_MEMORY_SIZE,
                                            &&L_WCAP_OP_MEMORY_GROW,
                                            &&L_WCAP_OP_I32_CONST,
                                            &&L_WCAP_OP_I64_CONST,
                                            &&L_WCAP_OP_F32_CONST,
                                            &&L_WCAP_OP_F64_CONST,
                                            &&L_0x45,
                                            &&L_0x46,
                                            &&L_0x47,
                                            &&L_0x48,
                                            &&L_0x49,
                                            &&L_0x4A,
                                            &&L_0x4B,
                                            &&L_0x4C,
                                            &&L_0x4D,
                                            &&L_0x4E,
                                            &&L_0x4F,
                                            &&L_0x50,
                                            &&L_0x51,
                                            &&L_0x52,
                                            &&L_0x53,
                                            &&L_0x54,
                                            &&L_0x55,
                                            &&L_0x56,
                                            &&L_0x57,
                                            &&L_0x58,
                                            &&L_0x59,
                                            &&L_0x5A,
                                            &&L_0x5B,
                                            &&L_0x5C,
                                            &&L_0x5D,
                                            &&L_0x5E,
                                            &&L_0x5F,
                                            &&L_0x60,
                                            &&L_0x61,
                                            &&L_0x62,
                                            &&L_0x63,
                                            &&L_0x64,
                                            &&L_0x65,
                                            &&L_0x66,
                                            &&L_0x67,
                                            &&L_0x68,
                                            &&L_0x69,
                                            &&L_0x6A,
                                            &&L_0x6B,
                                            &&L_0x6C,
                                            &&L_0x6D,
                                            &&L_0x6E,
                                            &&L_0x6F,
                                            &&L_0x70,
                                            &&L_0x71,
                                            &&L_0x72,
                                            &&L_0x73,
                                            &&L_0x74,
                                            &&L_0x75,
                                            &&L_0x76,
                                            &&L_0x77,
                                            &&L_0x78,
                                            &&L_0x79,
                                            &&L_0x7A,
                                            &&L_0x7B,
                                            &&L_0x7C,
                                            &&L_0x7D,
                                            &&L_0x7E,
                                            &&L_0x7F,
                                            &&L_0x80,
                                            &&L_0x81,
                                            &&L_0x82,
                                            &&L_0x83,
                                            &&L_0x84,
                                            &&L_0x85,
                                            &&L_0x86,
                                            &&L_0x87,
                                            &&L_0x88,
                                            &&L_0x89,
                                            &&L_0x8A,
                                            &&L_0x8B,
                                            &&L_0x8C,
                                            &&L_0x8D,
                                            &&L_0x8E,
                                            &&L_0x8F,
                                            &&L_0x90,
                                            &&L_0x91,
                                            &&L_0x92,
                                            &&L_0x93,
                                            &&L_0x94,
                                            &&L_0x95,
                                            &&L_0x96,
                                            &&L_0x97,
                                            &&L_0x98,
                                            &&L_0x99,
                                            &&L_0x9A,
                                            &&L_0x9B,
                                            &&L_0x9C,
                                            &&L_0x9D,
                                            &&L_0x9E,
                                            &&L_0x9F,
                                            &&L_0xA0,
                                            &&L_0xA1,
                                            &&L_0xA2,
                                            &&L_0xA3,
                                            &&L_0xA4,
                                            &&L_0xA5,
                                            &&L_0xA6,
                                            &&L_0xA7,
                                            &&L_0xA8,
                                            &&L_0xA9,
                                            &&L_0xAA,
                                            &&L_0xAB,
                                            &&L_0xAC,
                                            &&L_0xAD,
                                            &&L_0xAE,
                                            &&L_0xAF,
                                            &&L_0xB0,
                                            &&L_0xB1,
                                            &&L_0xB2,
                                            &&L_0xB3,
                                            &&L_0xB4,
                                            &&L_0xB5,
                                            &&L_0xB6,
                                            &&L_0xB7,
                                            &&L_0xB8,
                                            &&L_0xB9,
                                            &&L_0xBA,
                                            &&L_0xBB,
                                            &&L_0xBC,
                                            &&L_0xBD,
                                            &&L_0xBE,
                                            &&L_0xBF,
                                            &&L_0xC0,
                                            &&L_0xC1,
                                            &&L_0xC2,
                                            &&L_0xC3,
                                            &&L_0xC4,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_REF_NULL,
                                            &&L_WCAP_OP_REF_IS_NULL,
                                            &&L_WCAP_OP_REF_FUNC,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_WCAP_OP_I32_TRUNC_SAT_F32_S,
                                            &&L_WCAP_OP_I32_TRUNC_SAT_F32_U,
                                            &&L_WCAP_OP_I32_TRUNC_SAT_F64_S,
                                            &&L_WCAP_OP_I32_TRUNC_SAT_F64_U,
                                            &&L_WCAP_OP_I64_TRUNC_SAT_F32_S,
                                            &&L_WCAP_OP_I64_TRUNC_SAT_F32_U,
                                            &&L_WCAP_OP_I64_TRUNC_SAT_F64_S,
                                            &&L_WCAP_OP_I64_TRUNC_SAT_F64_U,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default,
                                            &&L_default};
    (void)pool;
    NEXT();
#endif
    for (;;) {
        uint8_t op = *pc;
        switch (op) {
            CASE(WCAP_OP_UNREACHABLE) wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE);
            CASE(WCAP_OP_BLOCK) pc += 9;
            NEXT();
            CASE(WCAP_OP_LOOP)
            if (UNLIKELY(ix->interrupt != 0u))
                wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
            pc += 5;
            NEXT();
            CASE(WCAP_OP_IF)
            sp--;
            pc = ((uint32_t)*sp != 0u) ? pc + 13 : r.code + IMM32(1);
            NEXT();
            CASE(WCAP_OP_ELSE) pc = r.code + IMM32(1);
            NEXT();
            CASE(WCAP_OP_END) pc += 1;
            NEXT();
            CASE(WCAP_OP_BR_IF)
            sp--;
            if ((uint32_t)*sp == 0u) {
                pc += 11;
                NEXT();
            }
            goto do_branch;
            CASE(WCAP_OP_BR)
        do_branch:
            r.sp = sp;
            if (branch(&r, pc + 1)) {
                sp = r.sp;
                pc = r.pc;
                NEXT();
            }
            goto do_return;
            CASE(WCAP_OP_BR_TABLE)
            {
                uint32_t n = IMM32(1), i = (uint32_t) * --sp;
                r.sp = sp;
                if (branch(&r, pc + 5 + WCAP_IB_BR_SIZE * (i < n ? i : n))) {
                    sp = r.sp;
                    pc = r.pc;
                    NEXT();
                }
                goto do_return;
            }
            CASE(WCAP_OP_RETURN)
        do_return:
            r.sp = sp;
            if (!leave(&r)) {
                return;
            }
            LOAD_REGS();
            NEXT();
            CASE(WCAP_OP_CALL)
            {
                uint32_t f = IMM32(1);
                r.sp = sp;
                r.pc = pc + 5;
                if (f < ix->h->n_imports) {
                    host_call(ix, f, &r.sp);
                } else {
                    enter(&r, f);
                }
                LOAD_REGS();
                NEXT();
            }
            CASE(WCAP_OP_CALL_INDIRECT)
            r.sp = sp;
            r.pc = pc + 9;
            call_indirect(&r, IMM32(1), IMM32(5));
            LOAD_REGS();
            NEXT();
            CASE(WCAP_OP_DROP) sp--;
            pc++;
            NEXT();
            CASE(WCAP_OP_SELECT)
            sp -= 2;
            if ((uint32_t)sp[1] == 0u)
                sp[-1] = sp[0];
            pc++;
            NEXT();
            CASE(WCAP_OP_LOCAL_GET) *sp++ = r.fp[IMM32(1)];
            pc += 5;
            NEXT();
            CASE(WCAP_OP_LOCAL_SET) r.fp[IMM32(1)] = *--sp;
            pc += 5;
            NEXT();
            CASE(WCAP_OP_LOCAL_TEE) r.fp[IMM32(1)] = sp[-1];
            pc += 5;
            NEXT();
            CASE(WCAP_OP_GLOBAL_GET) *sp++ = ix->globals[IMM32(1)];
            pc += 5;
            NEXT();
            CASE(WCAP_OP_GLOBAL_SET) ix->globals[IMM32(1)] = *--sp;
            pc += 5;
            NEXT();
            CASE(WCAP_OP_I32_LOAD) LOAD(uint32_t, 4, v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD) LOAD(uint64_t, 8, v);
            NEXT();
            CASE(WCAP_OP_F32_LOAD) LOAD(uint32_t, 4, v);
            NEXT();
            CASE(WCAP_OP_F64_LOAD) LOAD(uint64_t, 8, v);
            NEXT();
            CASE(WCAP_OP_I32_LOAD8_S) LOAD(int8_t, 1, (uint32_t)(int32_t)v);
            NEXT();
            CASE(WCAP_OP_I32_LOAD8_U) LOAD(uint8_t, 1, (uint32_t)v);
            NEXT();
            CASE(WCAP_OP_I32_LOAD16_S) LOAD(int16_t, 2, (uint32_t)(int32_t)v);
            NEXT();
            CASE(WCAP_OP_I32_LOAD16_U) LOAD(uint16_t, 2, (uint32_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD8_S) LOAD(int8_t, 1, (uint64_t)(int64_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD8_U) LOAD(uint8_t, 1, (uint64_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD16_S) LOAD(int16_t, 2, (uint64_t)(int64_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD16_U) LOAD(uint16_t, 2, (uint64_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD32_S) LOAD(int32_t, 4, (uint64_t)(int64_t)v);
            NEXT();
            CASE(WCAP_OP_I64_LOAD32_U) LOAD(uint32_t, 4, (uint64_t)v);
            NEXT();
            CASE(WCAP_OP_I32_STORE) STORE(uint32_t, 4);
            NEXT();
            CASE(WCAP_OP_I64_STORE) STORE(uint64_t, 8);
            NEXT();
            CASE(WCAP_OP_F32_STORE) STORE(uint32_t, 4);
            NEXT();
            CASE(WCAP_OP_F64_STORE) STORE(uint64_t, 8);
            NEXT();
            CASE(WCAP_OP_I32_STORE8) CASE(WCAP_OP_I64_STORE8) STORE(uint8_t, 1);
            NEXT();
            CASE(WCAP_OP_I32_STORE16) CASE(WCAP_OP_I64_STORE16) STORE(uint16_t, 2);
            NEXT();
            CASE(WCAP_OP_I64_STORE32) STORE(uint32_t, 4);
            NEXT();
            CASE(WCAP_OP_MEMORY_SIZE) *sp++ = ix->mem.pages;
            pc++;
            NEXT();
            CASE(WCAP_OP_MEMORY_GROW)
            sp[-1] = wasm_rt_grow_memory(&ix->mem, U32(1));
            mem = ix->mem.data;
            msize = ix->mem.size;
            pc++;
            NEXT();
            CASE(WCAP_OP_I32_CONST) CASE(WCAP_OP_F32_CONST) *sp++ = IMM32(1);
            pc += 5;
            NEXT();
            CASE(WCAP_OP_I64_CONST) CASE(WCAP_OP_F64_CONST) *sp++ = IMM64(1);
            pc += 9;
            NEXT();
            CASE(WCAP_OP_REF_NULL) *sp++ = 0u;
            pc++;
            NEXT();
            CASE(WCAP_OP_REF_IS_NULL) sp[-1] = sp[-1] == 0u;
            pc++;
            NEXT();
            CASE(WCAP_OP_REF_FUNC) *sp++ = (uint64_t)IMM32(1) + 1u;
            pc += 5;
            NEXT();
            /* i32 */
            CASE(0x45) sp[-1] = U32(1) == 0u;
            pc++;
            NEXT();
            CASE(0x46) BIN32(a == b);
            pc++;
            NEXT();
            CASE(0x47) BIN32(a != b);
            pc++;
            NEXT();
            CASE(0x48) BIN32((int32_t)a < (int32_t)b);
            pc++;
            NEXT();
            CASE(0x49) BIN32(a < b);
            pc++;
            NEXT();
            CASE(0x4A) BIN32((int32_t)a > (int32_t)b);
            pc++;
            NEXT();
            CASE(0x4B) BIN32(a > b);
            pc++;
            NEXT();
            CASE(0x4C) BIN32((int32_t)a <= (int32_t)b);
            pc++;
            NEXT();
            CASE(0x4D) BIN32(a <= b);
            pc++;
            NEXT();
            CASE(0x4E) BIN32((int32_t)a >= (int32_t)b);
            pc++;
            NEXT();
            CASE(0x4F) BIN32(a >= b);
            pc++;
            NEXT();
            /* i64 compare */
            CASE(0x50) sp[-1] = S(1) == 0u;
            pc++;
            NEXT();
            CASE(0x51) CMP64(a == b);
            pc++;
            NEXT();
            CASE(0x52) CMP64(a != b);
            pc++;
            NEXT();
            CASE(0x53) CMP64((int64_t)a < (int64_t)b);
            pc++;
            NEXT();
            CASE(0x54) CMP64(a < b);
            pc++;
            NEXT();
            CASE(0x55) CMP64((int64_t)a > (int64_t)b);
            pc++;
            NEXT();
            CASE(0x56) CMP64(a > b);
            pc++;
            NEXT();
            CASE(0x57) CMP64((int64_t)a <= (int64_t)b);
            pc++;
            NEXT();
            CASE(0x58) CMP64(a <= b);
            pc++;
            NEXT();
            CASE(0x59) CMP64((int64_t)a >= (int64_t)b);
            pc++;
            NEXT();
            CASE(0x5A) CMP64(a >= b);
            pc++;
            NEXT();
            /* f32 / f64 compare */
            CASE(0x5B) CMPF(a == b);
            pc++;
            NEXT();
            CASE(0x5C) CMPF(a != b);
            pc++;
            NEXT();
            CASE(0x5D) CMPF(a < b);
            pc++;
            NEXT();
            CASE(0x5E) CMPF(a > b);
            pc++;
            NEXT();
            CASE(0x5F) CMPF(a <= b);
            pc++;
            NEXT();
            CASE(0x60) CMPF(a >= b);
            pc++;
            NEXT();
            CASE(0x61) CMPD(a == b);
            pc++;
            NEXT();
            CASE(0x62) CMPD(a != b);
            pc++;
            NEXT();
            CASE(0x63) CMPD(a < b);
            pc++;
            NEXT();
            CASE(0x64) CMPD(a > b);
            pc++;
            NEXT();
            CASE(0x65) CMPD(a <= b);
            pc++;
            NEXT();
            CASE(0x66) CMPD(a >= b);
            pc++;
            NEXT();
            /* i32 arithmetic */
            CASE(0x67) sp[-1] = ix_clz32(U32(1));
            pc++;
            NEXT();
            CASE(0x68) sp[-1] = ix_ctz32(U32(1));
            pc++;
            NEXT();
            CASE(0x69) sp[-1] = ix_pop32(U32(1));
            pc++;
            NEXT();
            CASE(0x6A) BIN32(a + b);
            pc++;
            NEXT();
            CASE(0x6B) BIN32(a - b);
            pc++;
            NEXT();
            CASE(0x6C) BIN32(a * b);
            pc++;
            NEXT();
            CASE(0x6D) BIN32(ix_div_s32(a, b));
            pc++;
            NEXT();
            CASE(0x6E) BIN32(ix_div_u32(a, b));
            pc++;
            NEXT();
            CASE(0x6F) BIN32(ix_rem_s32(a, b));
            pc++;
            NEXT();
            CASE(0x70) BIN32(ix_rem_u32(a, b));
            pc++;
            NEXT();
            CASE(0x71) BIN32(a & b);
            pc++;
            NEXT();
            CASE(0x72) BIN32(a | b);
            pc++;
            NEXT();
            CASE(0x73) BIN32(a ^ b);
            pc++;
            NEXT();
            CASE(0x74) BIN32(a << (b & 31u));
            pc++;
            NEXT();
            CASE(0x75) BIN32((uint32_t)((int32_t)a >> (b & 31u)));
            pc++;
            NEXT();
            CASE(0x76) BIN32(a >> (b & 31u));
            pc++;
            NEXT();
            CASE(0x77) BIN32(ix_rotl32(a, b));
            pc++;
            NEXT();
            CASE(0x78) BIN32(ix_rotr32(a, b));
            pc++;
            NEXT();
            /* i64 arithmetic */
            CASE(0x79) sp[-1] = ix_clz64(S(1));
            pc++;
            NEXT();
            CASE(0x7A) sp[-1] = ix_ctz64(S(1));
            pc++;
            NEXT();
            CASE(0x7B) sp[-1] = ix_pop64(S(1));
            pc++;
            NEXT();
            CASE(0x7C) BIN64(a + b);
            pc++;
            NEXT();
            CASE(0x7D) BIN64(a - b);
            pc++;
            NEXT();
            CASE(0x7E) BIN64(a * b);
            pc++;
            NEXT();
            CASE(0x7F) BIN64(ix_div_s64(a, b));
            pc++;
            NEXT();
            CASE(0x80) BIN64(ix_div_u64(a, b));
            pc++;
            NEXT();
            CASE(0x81) BIN64(ix_rem_s64(a, b));
            pc++;
            NEXT();
            CASE(0x82) BIN64(ix_rem_u64(a, b));
            pc++;
            NEXT();
            CASE(0x83) BIN64(a & b);
            pc++;
            NEXT();
            CASE(0x84) BIN64(a | b);
            pc++;
            NEXT();
            CASE(0x85) BIN64(a ^ b);
            pc++;
            NEXT();
            CASE(0x86) BIN64(a << (b & 63u));
            pc++;
            NEXT();
            CASE(0x87) BIN64((uint64_t)((int64_t)a >> (b & 63u)));
            pc++;
            NEXT();
            CASE(0x88) BIN64(a >> (b & 63u));
            pc++;
            NEXT();
            CASE(0x89) BIN64(ix_rotl64(a, b));
            pc++;
            NEXT();
            CASE(0x8A) BIN64(ix_rotr64(a, b));
            pc++;
            NEXT();
            /* f32 arithmetic (abs, neg, copysign on the bits: NaN payloads kept) */
            CASE(0x8B) sp[-1] = U32(1) & 0x7FFFFFFFu;
            pc++;
            NEXT();
            CASE(0x8C) sp[-1] = U32(1) ^ 0x80000000u;
            pc++;
            NEXT();
            /* rounding: libm may return a signalling NaN unquieted; a + a quiets it */
            CASE(0x8D) UNF(a != a ? a + a : ceilf(a));
            pc++;
            NEXT();
            CASE(0x8E) UNF(a != a ? a + a : floorf(a));
            pc++;
            NEXT();
            CASE(0x8F) UNF(a != a ? a + a : truncf(a));
            pc++;
            NEXT();
            CASE(0x90) UNF(a != a ? a + a : nearbyintf(a));
            pc++;
            NEXT();
            CASE(0x91) UNF(sqrtf(a));
            pc++;
            NEXT();
            CASE(0x92) BINF(a + b);
            pc++;
            NEXT();
            CASE(0x93) BINF(a - b);
            pc++;
            NEXT();
            CASE(0x94) BINF(a * b);
            pc++;
            NEXT();
            CASE(0x95) BINF(a / b);
            pc++;
            NEXT();
            CASE(0x96) BINF(ix_fminf(a, b));
            pc++;
            NEXT();
            CASE(0x97) BINF(ix_fmaxf(a, b));
            pc++;
            NEXT();
            CASE(0x98) BIN32((a & 0x7FFFFFFFu) | (b & 0x80000000u));
            pc++;
            NEXT();
            /* f64 arithmetic */
            CASE(0x99) sp[-1] = S(1) & 0x7FFFFFFFFFFFFFFFull;
            pc++;
            NEXT();
            CASE(0x9A) sp[-1] = S(1) ^ 0x8000000000000000ull;
            pc++;
            NEXT();
            CASE(0x9B) UND(a != a ? a + a : wcap_rt_ceil(a));
            pc++;
            NEXT();
            CASE(0x9C) UND(a != a ? a + a : wcap_rt_floor(a));
            pc++;
            NEXT();
            CASE(0x9D) UND(a != a ? a + a : trunc(a));
            pc++;
            NEXT();
            CASE(0x9E) UND(a != a ? a + a : nearbyint(a));
            pc++;
            NEXT();
            CASE(0x9F) UND(sqrt(a));
            pc++;
            NEXT();
            CASE(0xA0) BIND(a + b);
            pc++;
            NEXT();
            CASE(0xA1) BIND(a - b);
            pc++;
            NEXT();
            CASE(0xA2) BIND(a * b);
            pc++;
            NEXT();
            CASE(0xA3) BIND(a / b);
            pc++;
            NEXT();
            CASE(0xA4) BIND(ix_fmin(a, b));
            pc++;
            NEXT();
            CASE(0xA5) BIND(ix_fmax(a, b));
            pc++;
            NEXT();
            CASE(0xA6) BIN64((a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull));
            pc++;
            NEXT();
            /* conversions */
            CASE(0xA7) sp[-1] = U32(1);
            pc++;
            NEXT();
            CASE(0xA8)
            {
                double a = ix_f32(S(1));
                ix_trunc_check(a, -2147483649.0, 2147483648.0);
                sp[-1] = (uint32_t)(int32_t)a;
                pc++;
                NEXT();
            }
            CASE(0xA9)
            {
                double a = ix_f32(S(1));
                ix_trunc_check(a, -1.0, 4294967296.0);
                sp[-1] = (uint32_t)a;
                pc++;
                NEXT();
            }
            CASE(0xAA)
            {
                double a = ix_f64(S(1));
                ix_trunc_check(a, -2147483649.0, 2147483648.0);
                sp[-1] = (uint32_t)(int32_t)a;
                pc++;
                NEXT();
            }
            CASE(0xAB)
            {
                double a = ix_f64(S(1));
                ix_trunc_check(a, -1.0, 4294967296.0);
                sp[-1] = (uint32_t)a;
                pc++;
                NEXT();
            }
            CASE(0xAC) sp[-1] = (uint64_t)(int64_t)(int32_t)U32(1);
            pc++;
            NEXT();
            CASE(0xAD) sp[-1] = (uint64_t)U32(1);
            pc++;
            NEXT();
            CASE(0xAE)
            {
                double a = ix_f32(S(1));
                ix_trunc_check(a, -9223372036854777856.0, 9223372036854775808.0);
                sp[-1] = (uint64_t)(int64_t)a;
                pc++;
                NEXT();
            }
            CASE(0xAF)
            {
                double a = ix_f32(S(1));
                ix_trunc_check(a, -1.0, 18446744073709551616.0);
                sp[-1] = (uint64_t)a;
                pc++;
                NEXT();
            }
            CASE(0xB0)
            {
                double a = ix_f64(S(1));
                ix_trunc_check(a, -9223372036854777856.0, 9223372036854775808.0);
                sp[-1] = (uint64_t)(int64_t)a;
                pc++;
                NEXT();
            }
            CASE(0xB1)
            {
                double a = ix_f64(S(1));
                ix_trunc_check(a, -1.0, 18446744073709551616.0);
                sp[-1] = (uint64_t)a;
                pc++;
                NEXT();
            }
            CASE(0xB2) sp[-1] = ix_bf32((float)(int32_t)U32(1));
            pc++;
            NEXT();
            CASE(0xB3) sp[-1] = ix_bf32((float)U32(1));
            pc++;
            NEXT();
            CASE(0xB4) sp[-1] = ix_bf32((float)(int64_t)S(1));
            pc++;
            NEXT();
            CASE(0xB5) sp[-1] = ix_bf32((float)S(1));
            pc++;
            NEXT();
            CASE(0xB6) sp[-1] = ix_bf32((float)ix_f64(S(1)));
            pc++;
            NEXT();
            CASE(0xB7) sp[-1] = ix_bf64((double)(int32_t)U32(1));
            pc++;
            NEXT();
            CASE(0xB8) sp[-1] = ix_bf64((double)U32(1));
            pc++;
            NEXT();
            CASE(0xB9) sp[-1] = ix_bf64((double)(int64_t)S(1));
            pc++;
            NEXT();
            CASE(0xBA) sp[-1] = ix_bf64((double)S(1));
            pc++;
            NEXT();
            CASE(0xBB) sp[-1] = ix_bf64((double)ix_f32(S(1)));
            pc++;
            NEXT();
            CASE(0xBC) sp[-1] = U32(1);
            pc++;
            NEXT(); /* i32.reinterpret_f32 */
            CASE(0xBD) CASE(0xBF) pc++;
            NEXT(); /* i64/f64 reinterpret */
            CASE(0xBE) sp[-1] = U32(1);
            pc++;
            NEXT(); /* f32.reinterpret_i32 */
            CASE(0xC0) sp[-1] = (uint32_t)(int32_t)(int8_t)U32(1);
            pc++;
            NEXT();
            CASE(0xC1) sp[-1] = (uint32_t)(int32_t)(int16_t)U32(1);
            pc++;
            NEXT();
            CASE(0xC2) sp[-1] = (uint64_t)(int64_t)(int8_t)S(1);
            pc++;
            NEXT();
            CASE(0xC3) sp[-1] = (uint64_t)(int64_t)(int16_t)S(1);
            pc++;
            NEXT();
            CASE(0xC4) sp[-1] = (uint64_t)(int64_t)(int32_t)S(1);
            pc++;
            NEXT();
            CASE(WCAP_OP_I32_TRUNC_SAT_F32_S) sp[-1] = ix_sat_s32(ix_f32(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I32_TRUNC_SAT_F32_U) sp[-1] = ix_sat_u32(ix_f32(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I32_TRUNC_SAT_F64_S) sp[-1] = ix_sat_s32(ix_f64(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I32_TRUNC_SAT_F64_U) sp[-1] = ix_sat_u32(ix_f64(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I64_TRUNC_SAT_F32_S) sp[-1] = ix_sat_s64(ix_f32(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I64_TRUNC_SAT_F32_U) sp[-1] = ix_sat_u64(ix_f32(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I64_TRUNC_SAT_F64_S) sp[-1] = ix_sat_s64(ix_f64(S(1)));
            pc++;
            NEXT();
            CASE(WCAP_OP_I64_TRUNC_SAT_F64_U) sp[-1] = ix_sat_u64(ix_f64(S(1)));
            pc++;
            NEXT();
        default:
            DEFAULT_LABEL
            {
                /* tables and bulk memory: validated opcodes only reach here */
                int32_t n = wcap_ix_imm_size(*pc, pc + 1, 8u);
                sp = wcap_ix_bulk(ix, *pc, pc + 1, sp);
                mem = ix->mem.data;
                msize = ix->mem.size;
                pc += 1 + (n > 0 ? n : 0);
                NEXT();
            }
        }
    }
}
