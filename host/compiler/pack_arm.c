/*
 * Arm (Thumb-2, Cortex-M) relocations, REL style (addend in place), per
 * "ELF for the Arm Architecture". Capsules are built with -mno-movt, so
 * absolute addresses sit in literal pools as R_ARM_ABS32.
 */
#include <elf.h>
#include <stdint.h>

#include "pack.h"

#ifndef R_ARM_THM_JUMP24
#define R_ARM_THM_JUMP24 30
#endif

static const char *type_name(uint32_t t)
{
    switch (t) {
    case R_ARM_NONE: return "R_ARM_NONE";
    case R_ARM_ABS32: return "R_ARM_ABS32";
    case R_ARM_REL32: return "R_ARM_REL32";
    case R_ARM_THM_PC22: return "R_ARM_THM_CALL";
    case R_ARM_THM_JUMP24: return "R_ARM_THM_JUMP24";
    case R_ARM_TARGET1: return "R_ARM_TARGET1";
    case R_ARM_V4BX: return "R_ARM_V4BX";
    case R_ARM_PREL31: return "R_ARM_PREL31";
    case R_ARM_MOVW_ABS_NC: return "R_ARM_MOVW_ABS_NC (-mno-movt not honoured?)";
    case R_ARM_MOVT_ABS: return "R_ARM_MOVT_ABS (-mno-movt not honoured?)";
    case R_ARM_THM_MOVW_ABS_NC: return "R_ARM_THM_MOVW_ABS_NC (-mno-movt not honoured?)";
    case R_ARM_THM_MOVT_ABS: return "R_ARM_THM_MOVT_ABS (-mno-movt not honoured?)";
    case R_ARM_THM_PC11: return "R_ARM_THM_JUMP11";
    case R_ARM_THM_PC9: return "R_ARM_THM_JUMP8";
    default: return "R_ARM_?";
    }
}

/* Offset encoded in a Thumb-2 BL / B.W (T4) pair. */
static int32_t thm_branch_decode(uint16_t hi, uint16_t lo)
{
    uint32_t s = (hi >> 10) & 1, j1 = (lo >> 13) & 1, j2 = (lo >> 11) & 1;
    uint32_t i1 = !(j1 ^ s), i2 = !(j2 ^ s);
    uint32_t imm = (s << 24) | (i1 << 23) | (i2 << 22) | ((uint32_t)(hi & 0x3FF) << 12) | ((uint32_t)(lo & 0x7FF) << 1);
    return (int32_t)(imm << 7) >> 7; /* sign-extend 25 bits */
}

static void thm_branch_encode(uint16_t *hi, uint16_t *lo, int32_t off)
{
    uint32_t v = (uint32_t)off;
    uint32_t s = (v >> 24) & 1, i1 = (v >> 23) & 1, i2 = (v >> 22) & 1;
    uint32_t j1 = !i1 ^ s, j2 = !i2 ^ s;
    *hi = (uint16_t)((*hi & 0xF800) | (s << 10) | ((v >> 12) & 0x3FF));
    *lo = (uint16_t)((*lo & 0xD000) | (j1 << 13) | (j2 << 11) | ((v >> 1) & 0x7FF));
}

static int thm_branch(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    uint16_t hi, lo;
    if (wcapc_pack_rd16(p, r->place, &hi) || wcapc_pack_rd16(p, r->place + 2, &lo))
        return -1;
    if ((hi & 0xF800) != 0xF000 || (lo & 0x8000) != 0x8000 || (lo & 0x1000) != 0x1000)
        return wcapc_pack_error(p, "%s at 0x%x is not a Thumb-2 BL/B.W", type_name(r->type), r->place);
    if (r->is_import) /* the device patches it, to a veneer when out of range; the addend stays in place */
        return wcapc_pack_emit(p, r->place, WCAP_R_THM_CALL, r->import);
    int64_t off = (int64_t)(r->target & ~(uint64_t)1) + thm_branch_decode(hi, lo) - (int64_t)r->place;
    if (off < -(1 << 24) || off >= (1 << 24))
        return wcapc_pack_error(p, "Thumb branch at 0x%x out of range", r->place);
    thm_branch_encode(&hi, &lo, (int32_t)off);
    return wcapc_pack_wr16(p, r->place, hi) || wcapc_pack_wr16(p, r->place + 2, lo);
}

static int abs32(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    uint32_t a;
    if (wcapc_pack_rd32(p, r->place, &a))
        return -1;
    if (r->is_import)
        return wcapc_pack_emit(p, r->place, WCAP_R_ABS32, r->import);
    return wcapc_pack_wr32(p, r->place, (uint32_t)r->target + a) ||
           wcapc_pack_emit(p, r->place, WCAP_R_ABS32, WCAP_SYM_IMAGE);
}

static int apply(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    uint32_t a;
    switch (r->type) {
    case R_ARM_NONE:
    case R_ARM_V4BX: return 0;
    case R_ARM_ABS32:
    case R_ARM_TARGET1: return abs32(p, r);
    case R_ARM_REL32:
        if (r->is_import || wcapc_pack_rd32(p, r->place, &a))
            return r->is_import ? wcapc_pack_unhandled(p, r) : -1;
        return wcapc_pack_wr32(p, r->place, (uint32_t)r->target + a - r->place);
    case R_ARM_THM_PC22: /* R_ARM_THM_CALL */
    case R_ARM_THM_JUMP24: return thm_branch(p, r);
    default: return wcapc_pack_unhandled(p, r);
    }
}

const wcapc_packer_t wcapc_pack_arm = {"arm", apply, type_name};
