/*
 * Instruction walker: one table of opcode ranges -> immediate kind.
 */
#include "wasm_code.h"

#include "wasm_check.h"

typedef enum {
    IMM_NONE,
    IMM_BLOCK,
    IMM_END,
    IMM_U32,
    IMM_BR_TABLE,
    IMM_CALL_INDIRECT,
    IMM_MEMARG,
    IMM_MEMIDX,
    IMM_I32,
    IMM_I64,
    IMM_F32,
    IMM_F64,
    IMM_SELECT_T,
    IMM_REFTYPE,
    IMM_PREFIX_FC,
    REFUSE_EH,
    REFUSE_TAIL,
    REFUSE_SIMD,
    REFUSE_THREADS,
    BAD
} imm_t;

static const struct {
    uint8_t lo, hi;
    uint8_t imm;      /* imm_t */
    const char *what; /* for refusals */
} opcodes[] = {
    {0x00, 0x01, IMM_NONE, 0},  /* unreachable, nop */
    {0x02, 0x04, IMM_BLOCK, 0}, /* block, loop, if */
    {0x05, 0x05, IMM_NONE, 0},  /* else */
    {0x06, 0x06, REFUSE_EH, "try"},
    {0x07, 0x07, REFUSE_EH, "catch"},
    {0x08, 0x08, REFUSE_EH, "throw"},
    {0x09, 0x09, REFUSE_EH, "rethrow"},
    {0x0B, 0x0B, IMM_END, 0},
    {0x0C, 0x0D, IMM_U32, 0}, /* br, br_if */
    {0x0E, 0x0E, IMM_BR_TABLE, 0},
    {0x0F, 0x0F, IMM_NONE, 0}, /* return */
    {0x10, 0x10, IMM_U32, 0},  /* call */
    {0x11, 0x11, IMM_CALL_INDIRECT, 0},
    {0x12, 0x12, REFUSE_TAIL, "return_call"},
    {0x13, 0x13, REFUSE_TAIL, "return_call_indirect"},
    {0x18, 0x18, REFUSE_EH, "delegate"},
    {0x19, 0x19, REFUSE_EH, "catch_all"},
    {0x1A, 0x1B, IMM_NONE, 0}, /* drop, select */
    {0x1C, 0x1C, IMM_SELECT_T, 0},
    {0x20, 0x26, IMM_U32, 0},    /* local.*, global.*, table.get/set */
    {0x28, 0x3E, IMM_MEMARG, 0}, /* loads, stores */
    {0x3F, 0x40, IMM_MEMIDX, 0}, /* memory.size, memory.grow */
    {0x41, 0x41, IMM_I32, 0},
    {0x42, 0x42, IMM_I64, 0},
    {0x43, 0x43, IMM_F32, 0},
    {0x44, 0x44, IMM_F64, 0},
    {0x45, 0xC4, IMM_NONE, 0},    /* numeric, sign extension */
    {0xD0, 0xD0, IMM_REFTYPE, 0}, /* ref.null */
    {0xD1, 0xD1, IMM_NONE, 0},    /* ref.is_null */
    {0xD2, 0xD2, IMM_U32, 0},     /* ref.func */
    {0xFC, 0xFC, IMM_PREFIX_FC, 0},
    {0xFD, 0xFD, REFUSE_SIMD, "0xFD prefix"},
    {0xFE, 0xFE, REFUSE_THREADS, "atomics, 0xFE prefix"},
};

static imm_t classify(uint8_t op, const char **what)
{
    for (size_t i = 0; i < sizeof opcodes / sizeof opcodes[0]; i++)
        if (op >= opcodes[i].lo && op <= opcodes[i].hi) {
            *what = opcodes[i].what;
            return (imm_t)opcodes[i].imm;
        }
    *what = 0;
    return BAD;
}

int wcapc_check_valtype(wcapc_rd_t *r, uint8_t vt)
{
    switch (vt) {
    case WCAPC_VT_I32:
    case WCAPC_VT_I64:
    case WCAPC_VT_F32:
    case WCAPC_VT_F64:
    case WCAPC_VT_FUNCREF:
    case WCAPC_VT_EXTERNREF: return 1;
    case WCAPC_VT_V128: return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: SIMD (v128 type)");
    default: return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "invalid value type 0x%02x", vt);
    }
}

static int blocktype(wcapc_rd_t *r)
{
    if (r->pos < r->end && (r->b[r->pos] == 0x40 || (r->b[r->pos] & 0xC0) == 0x40)) {
        uint8_t t; /* 0x40 empty, or a one-byte value type */
        return wcapc_rd_u8(r, &t) && (t == 0x40 || wcapc_check_valtype(r, t));
    }
    int64_t idx; /* type index as s33 */
    return wcapc_rd_s64(r, &idx);
}

/* 0xFC sub-opcodes: number of u32 (or memory/table index byte) immediates. */
static int prefix_fc(wcapc_rd_t *r, wcapc_insn_t *in)
{
    static const uint8_t n_imm[18] = {0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 2, 1, 2, 1, 2, 1, 1, 1};
    uint32_t sub, x;
    if (!wcapc_rd_u32(r, &sub))
        return 0;
    in->sub = sub;
    if (sub >= sizeof n_imm)
        return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unknown or unsupported opcode 0xfc %u", sub);
    for (unsigned i = 0; i < n_imm[sub]; i++)
        if (!wcapc_rd_u32(r, &x))
            return 0;
    return 1;
}

static int memarg(wcapc_rd_t *r, wcapc_insn_t *in)
{
    uint32_t align;
    if (!wcapc_rd_u32(r, &align))
        return 0;
    if (align & 0x40)
        return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: multi-memory (memory index)");
    return wcapc_rd_u32(r, &in->offset);
}

static int immediates(wcapc_rd_t *r, imm_t k, wcapc_const_t *c, wcapc_insn_t *in)
{
    uint32_t n, x;
    uint8_t b;
    int32_t i32;
    int64_t i64;
    const uint8_t *p;
    switch (k) {
    case IMM_NONE:
    case IMM_END: return 1;
    case IMM_BLOCK: return blocktype(r);
    case IMM_U32: return wcapc_rd_u32(r, &in->imm);
    case IMM_BR_TABLE:
        if (!wcapc_rd_count(r, 1, &n))
            return 0;
        for (uint32_t i = 0; i <= n; i++)
            if (!wcapc_rd_u32(r, &x))
                return 0;
        return 1;
    case IMM_CALL_INDIRECT: return wcapc_rd_u32(r, &x) && wcapc_rd_u32(r, &x);
    case IMM_MEMARG: return memarg(r, in);
    case IMM_MEMIDX:
        if (!wcapc_rd_u8(r, &b))
            return 0;
        return b == 0 || wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: multi-memory");
    case IMM_I32:
        if (!wcapc_rd_s32(r, &i32))
            return 0;
        if (c)
            c->value = i32;
        in->imm = (uint32_t)i32;
        return 1;
    case IMM_I64: return wcapc_rd_s64(r, &i64);
    case IMM_F32: return wcapc_rd_bytes(r, 4, &p);
    case IMM_F64: return wcapc_rd_bytes(r, 8, &p);
    case IMM_SELECT_T:
        if (!wcapc_rd_count(r, 1, &n))
            return 0;
        for (uint32_t i = 0; i < n; i++)
            if (!wcapc_rd_u8(r, &b) || !wcapc_check_valtype(r, b))
                return 0;
        return 1;
    case IMM_REFTYPE: return wcapc_rd_u8(r, &b);
    case IMM_PREFIX_FC: return prefix_fc(r, in);
    default: return 0;
    }
}

static int walk(wcapc_rd_t *r, wcapc_const_t *c, uint32_t *grows, wcapc_insn_fn fn, void *ctx)
{
    uint32_t depth = 0, count = 0;
    int only_i32_const = 1;
    if (c)
        c->is_i32_const = 0;
    for (;;) {
        size_t at = r->pos;
        uint8_t op;
        const char *what;
        if (!wcapc_rd_u8(r, &op))
            return 0;
        imm_t k = classify(op, &what);
        if (k >= REFUSE_EH) {
            r->pos = at;
            if (k == BAD)
                return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unknown or unsupported opcode 0x%02x", op);
            static const char *const feature[] = {"exception handling", "tail calls", "SIMD", "threads"};
            return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: %s (%s)", feature[k - REFUSE_EH],
                                 what);
        }
        if (op != 0x41 && op != 0x0B)
            only_i32_const = 0;
        if (op == 0x40 && grows)
            *grows = 1; /* memory.grow */
        wcapc_insn_t in = {op, 0, 0, 0};
        if (!immediates(r, k, c, &in))
            return 0;
        if (fn)
            fn(ctx, &in);
        count++;
        if (k == IMM_BLOCK)
            depth++;
        if (k == IMM_END) {
            if (depth == 0)
                break;
            depth--;
        }
    }
    if (c)
        c->is_i32_const = only_i32_const && count == 2 && r->b[r->pos - 1] == 0x0B;
    return 1;
}

int wcapc_walk_expr(wcapc_rd_t *r, wcapc_const_t *c, uint32_t *grows)
{
    return walk(r, c, grows, NULL, NULL);
}

int wcapc_walk_code(wcapc_rd_t *r, wcapc_insn_fn fn, void *ctx)
{
    return walk(r, NULL, NULL, fn, ctx);
}
