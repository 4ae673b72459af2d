/*
 * RISC-V (rv32) relocations: ABS32, CALL (auipc+jalr to an import),
 * PCREL_HI20 (auipc to an import) and the LO12_I / LO12_S halves that pair
 * with the most recent HI20.
 */
#include "wcap/reloc.h"

#define OP_AUIPC 0x17u
#define OP_JALR 0x67u

static int fits_i32(int64_t v)
{
    return v >= INT32_MIN && v <= INT32_MAX;
}

/* hi20 rounds so that the sign-extended lo12 adds back to v. */
static uint32_t hi20(int64_t v)
{
    return (uint32_t)(((uint64_t)v + 0x800u) >> 12) & 0xFFFFFu;
}

static uint32_t lo12(int64_t v)
{
    return (uint32_t)v & 0xFFFu;
}

static uint32_t set_u(uint32_t insn, int64_t v)
{
    return (insn & 0xFFFu) | (hi20(v) << 12);
}

static uint32_t set_i(uint32_t insn, int64_t v)
{
    return (insn & 0xFFFFFu) | (lo12(v) << 20);
}

static uint32_t set_s(uint32_t insn, int64_t v)
{
    uint32_t lo = lo12(v);
    return (insn & 0x01FFF07Fu) | ((lo >> 5) << 25) | ((lo & 0x1Fu) << 7);
}

static int need(const wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint32_t bytes, int import_only)
{
    if ((uint64_t)r->offset + bytes > rc->image_size) {
        return WCAP_E_LDR_RELOC_OFFSET;
    }
    if (import_only && (r->sym == WCAP_SYM_IMAGE || r->sym >= rc->n_imports)) {
        return WCAP_E_LDR_RELOC_SYM;
    }
    return WCAP_OK;
}

static int call(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    int64_t d = (int64_t)(S - (rc->addr + r->offset));
    uint32_t auipc, jalr;
    int rc_ = need(rc, r, 8u, 1);

    if (rc_ != WCAP_OK) {
        return rc_;
    }
    auipc = wcap_rd32(p);
    jalr = wcap_rd32(p + 4);
    if ((auipc & 0x7Fu) != OP_AUIPC || (jalr & 0x7Fu) != OP_JALR) {
        return WCAP_E_LDR_RELOC_INSN;
    }
    if (!fits_i32(d + 0x800)) {
        return WCAP_E_LDR_RELOC_RANGE;
    }
    wcap_wr32(p, set_u(auipc, d));
    wcap_wr32(p + 4, set_i(jalr, d));
    return WCAP_OK;
}

static int pcrel_hi(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    int64_t d = (int64_t)(S - (rc->addr + r->offset));
    int rc_ = need(rc, r, 4u, 1);

    if (rc_ != WCAP_OK) {
        return rc_;
    }
    if ((wcap_rd32(p) & 0x7Fu) != OP_AUIPC) {
        return WCAP_E_LDR_RELOC_INSN;
    }
    if (!fits_i32(d + 0x800)) {
        return WCAP_E_LDR_RELOC_RANGE;
    }
    wcap_wr32(p, set_u(wcap_rd32(p), d));
    rc->rv_hi_delta = d;
    rc->rv_hi_valid = 1u;
    return WCAP_OK;
}

static int pcrel_lo(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, int s_type)
{
    uint8_t *p = rc->image + r->offset;
    int rc_ = need(rc, r, 4u, 0);
    uint32_t insn;

    if (rc_ != WCAP_OK) {
        return rc_;
    }
    if (!rc->rv_hi_valid) {
        return WCAP_E_LDR_RELOC_SYM; /* no HI20 to pair with */
    }
    insn = wcap_rd32(p);
    wcap_wr32(p, s_type ? set_s(insn, rc->rv_hi_delta) : set_i(insn, rc->rv_hi_delta));
    return WCAP_OK;
}

int wcap_reloc_riscv32(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    uint64_t v;
    int rc_;

    switch (r->kind) {
    case WCAP_R_ABS32:
        if ((rc_ = need(rc, r, 4u, 0)) != WCAP_OK) {
            return rc_;
        }
        v = S + wcap_rd32(p);
        if (v > 0xFFFFFFFFu) {
            return WCAP_E_LDR_RELOC_RANGE;
        }
        wcap_wr32(p, (uint32_t)v);
        return WCAP_OK;
    case WCAP_R_RV_CALL: return call(rc, r, S);
    case WCAP_R_RV_PCREL_HI20: return pcrel_hi(rc, r, S);
    case WCAP_R_RV_PCREL_LO12_I: return pcrel_lo(rc, r, 0);
    case WCAP_R_RV_PCREL_LO12_S: return pcrel_lo(rc, r, 1);
    default: return WCAP_E_LDR_RELOC_KIND;
    }
}
