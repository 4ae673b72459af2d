/*
 * Arm (Thumb-2, Cortex-M) relocations: ABS32 (image or import) and
 * THM_CALL (BL / B.W to an import). A call whose target is beyond the
 * +-16 MB reach of BL goes through the import's 8-byte veneer after the
 * image: `ldr.w pc, [pc, #0]` followed by the target address | 1.
 */
#include "wcap/reloc.h"

#define BL_RANGE (1ll << 24) /* +-16 MB */

static int32_t thumb_branch_decode(uint16_t hi, uint16_t lo)
{
    uint32_t s = (hi >> 10) & 1u, j1 = (lo >> 13) & 1u, j2 = (lo >> 11) & 1u;
    uint32_t i1 = ~(j1 ^ s) & 1u, i2 = ~(j2 ^ s) & 1u;
    uint32_t imm =
        (s << 24) | (i1 << 23) | (i2 << 22) | ((uint32_t)(hi & 0x3FFu) << 12) | ((uint32_t)(lo & 0x7FFu) << 1);
    return (int32_t)(imm ^ (1u << 24)) - (int32_t)(1u << 24); /* sign-extend 25 bits */
}

static void thumb_branch_encode(uint8_t *p, uint16_t hi, uint16_t lo, int32_t off)
{
    uint32_t v = (uint32_t)off;
    uint32_t s = (v >> 24) & 1u, i1 = (v >> 23) & 1u, i2 = (v >> 22) & 1u;
    uint32_t j1 = (~i1 ^ s) & 1u, j2 = (~i2 ^ s) & 1u;
    hi = (uint16_t)((hi & 0xF800u) | (s << 10) | ((v >> 12) & 0x3FFu));
    lo = (uint16_t)((lo & 0xD000u) | (j1 << 13) | (j2 << 11) | ((v >> 1) & 0x7FFu));
    wcap_wr16(p, hi);
    wcap_wr16(p + 2, lo);
}

/* BL (T1) or B.W (T4): hi = 11110xxx xxxxxxxx, lo = 1x x1 ... (bit 12 set). */
static int is_bl_or_bw(uint16_t hi, uint16_t lo)
{
    return (hi & 0xF800u) == 0xF000u && (lo & 0xD000u) == 0xD000u
               ? 1
               : (hi & 0xF800u) == 0xF000u && (lo & 0xD000u) == 0x9000u;
}

static int64_t branch_delta(uint64_t target, uint64_t P, int32_t addend)
{
    return (int64_t)((target & ~(uint64_t)1u) - P) + addend;
}

static int thm_call(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    uint64_t P = rc->addr + r->offset;
    uint16_t hi = wcap_rd16(p), lo = wcap_rd16(p + 2);
    int32_t addend;
    int64_t d;

    if (r->sym == WCAP_SYM_IMAGE || r->sym >= rc->n_imports) {
        return WCAP_E_LDR_RELOC_SYM;
    }
    if (!is_bl_or_bw(hi, lo)) {
        return WCAP_E_LDR_RELOC_INSN;
    }
    addend = thumb_branch_decode(hi, lo);
    d = branch_delta(S, P, addend);
    if (d < -BL_RANGE || d >= BL_RANGE) {
        uint8_t *v = rc->stubs + (size_t)r->sym * WCAP_ARM_STUB_SIZE;
        uint64_t V = rc->stubs_addr + (uint64_t)r->sym * WCAP_ARM_STUB_SIZE;
        if (rc->stubs == NULL || (S | 1u) > 0xFFFFFFFFu) {
            return WCAP_E_LDR_RELOC_RANGE;
        }
        wcap_wr16(v, 0xF8DFu); /* ldr.w pc, [pc, #0] */
        wcap_wr16(v + 2, 0xF000u);
        wcap_wr32(v + 4, (uint32_t)(S | 1u));
        d = branch_delta(V, P, addend);
        if (d < -BL_RANGE || d >= BL_RANGE) {
            return WCAP_E_LDR_RELOC_RANGE;
        }
    }
    thumb_branch_encode(p, hi, lo, (int32_t)d);
    return WCAP_OK;
}

int wcap_reloc_arm(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    uint64_t v;

    if ((uint64_t)r->offset + 4u > rc->image_size) {
        return WCAP_E_LDR_RELOC_OFFSET;
    }
    switch (r->kind) {
    case WCAP_R_ABS32:
        v = S + wcap_rd32(p);
        if (v > 0xFFFFFFFFu) {
            return WCAP_E_LDR_RELOC_RANGE;
        }
        wcap_wr32(p, (uint32_t)v);
        return WCAP_OK;
    case WCAP_R_THM_CALL: return thm_call(rc, r, S);
    default: return WCAP_E_LDR_RELOC_KIND;
    }
}
