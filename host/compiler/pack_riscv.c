/*
 * RISC-V (rv32) relocations, RELA style, per the RISC-V ELF psABI. Capsules
 * are built -mcmodel=medany -mno-relax: addresses are formed PC-relative
 * (auipc + lo12) and resolved here when the target is in the image; calls and
 * address formation for imports become device records with addend 0.
 */
#include <elf.h>
#include <stdint.h>
#include <string.h>

#include "pack.h"

#ifndef R_RISCV_CALL_PLT
#define R_RISCV_CALL_PLT 19
#endif
#ifndef R_RISCV_RELAX
#define R_RISCV_RELAX 51
#endif

/* One auipc seen so far (LO12 relocations point at its label). */
typedef struct {
    uint32_t place;
    int32_t value; /* S + A - P, when in the image */
    uint8_t is_import;
    uint16_t import;
} hi20_t;

typedef struct {
    uint32_t last_import_hi20; /* place of the last HI20 record emitted for an import */
    uint8_t has_last;
} rv_state_t;

static const char *type_name(uint32_t t)
{
    switch (t) {
    case R_RISCV_NONE: return "R_RISCV_NONE";
    case R_RISCV_32: return "R_RISCV_32";
    case R_RISCV_BRANCH: return "R_RISCV_BRANCH";
    case R_RISCV_JAL: return "R_RISCV_JAL";
    case R_RISCV_CALL: return "R_RISCV_CALL";
    case R_RISCV_CALL_PLT: return "R_RISCV_CALL_PLT";
    case R_RISCV_PCREL_HI20: return "R_RISCV_PCREL_HI20";
    case R_RISCV_PCREL_LO12_I: return "R_RISCV_PCREL_LO12_I";
    case R_RISCV_PCREL_LO12_S: return "R_RISCV_PCREL_LO12_S";
    case R_RISCV_HI20: return "R_RISCV_HI20 (absolute; -mcmodel=medany expected)";
    case R_RISCV_LO12_I: return "R_RISCV_LO12_I (absolute)";
    case R_RISCV_LO12_S: return "R_RISCV_LO12_S (absolute)";
    case R_RISCV_ADD32: return "R_RISCV_ADD32";
    case R_RISCV_SUB32: return "R_RISCV_SUB32";
    case R_RISCV_RVC_BRANCH: return "R_RISCV_RVC_BRANCH";
    case R_RISCV_RVC_JUMP: return "R_RISCV_RVC_JUMP";
    case R_RISCV_RELAX: return "R_RISCV_RELAX";
    default: return "R_RISCV_?";
    }
}

static rv_state_t *state(wcapc_pack_t *p)
{
    wcapc_buf_t *b = wcapc_pack_arch_buf(p);
    if (b->len == 0) {
        rv_state_t s = {0, 0};
        if (wcapc_buf_put(b, &s, sizeof s))
            return NULL;
    }
    return (rv_state_t *)b->data;
}

static int patch(wcapc_pack_t *p, uint32_t place, uint32_t keep_mask, uint32_t bits)
{
    uint32_t insn;
    return wcapc_pack_rd32(p, place, &insn) || wcapc_pack_wr32(p, place, (insn & keep_mask) | bits);
}

static uint32_t hi20(int32_t v)
{
    return ((uint32_t)v + 0x800u) & 0xFFFFF000u;
}

static int32_t lo12(int32_t v)
{
    return (int32_t)((uint32_t)v - hi20(v));
}

static uint32_t itype(int32_t lo)
{
    return ((uint32_t)lo & 0xFFF) << 20;
}

static uint32_t stype(int32_t lo)
{
    return (((uint32_t)lo & 0xFE0) << 20) | (((uint32_t)lo & 0x1F) << 7);
}

static int pcrel_value(wcapc_pack_t *p, const wcapc_rel_t *r, int32_t *v)
{
    int64_t x = (int64_t)r->target + r->addend - (int64_t)r->place;
    if (x < INT32_MIN || x > INT32_MAX)
        return wcapc_pack_error(p, "%s at 0x%x out of range", type_name(r->type), r->place);
    *v = (int32_t)x;
    return 0;
}

static int import_addend(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    if (r->addend != 0)
        return wcapc_pack_error(p, "%s to import '%s' with addend %lld (wcap needs 0)", type_name(r->type), r->sym_name,
                                (long long)r->addend);
    return 0;
}

static int call(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    if (r->is_import)
        return import_addend(p, r) || patch(p, r->place, 0xFFF, 0) || patch(p, r->place + 4, 0xFFFFF, 0) ||
               wcapc_pack_emit(p, r->place, WCAP_R_RV_CALL, r->import);
    int32_t v = 0;
    return pcrel_value(p, r, &v) || patch(p, r->place, 0xFFF, hi20(v)) ||
           patch(p, r->place + 4, 0xFFFFF, itype(lo12(v)));
}

static int pcrel_hi20(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    hi20_t h = {r->place, 0, (uint8_t)r->is_import, r->import};
    rv_state_t *s = state(p);
    if (!s)
        return wcapc_pack_error(p, "out of memory");
    if (r->is_import) {
        s->last_import_hi20 = r->place;
        s->has_last = 1;
        if (import_addend(p, r) || patch(p, r->place, 0xFFF, 0) ||
            wcapc_pack_emit(p, r->place, WCAP_R_RV_PCREL_HI20, r->import))
            return -1;
    } else if (pcrel_value(p, r, &h.value) || patch(p, r->place, 0xFFF, hi20(h.value))) {
        return -1;
    }
    return wcapc_buf_put(wcapc_pack_arch_buf(p), &h, sizeof h) ? wcapc_pack_error(p, "out of memory") : 0;
}

static int pcrel_lo12(wcapc_pack_t *p, const wcapc_rel_t *r, int is_s)
{
    wcapc_buf_t *b = wcapc_pack_arch_buf(p);
    const hi20_t *h = NULL;
    for (size_t off = sizeof(rv_state_t); off + sizeof *h <= b->len; off += sizeof *h)
        if (((const hi20_t *)(b->data + off))->place == (uint32_t)r->target)
            h = (const hi20_t *)(b->data + off);
    if (!h)
        return wcapc_pack_error(p, "%s at 0x%x: no PCREL_HI20 at its label 0x%llx", type_name(r->type), r->place,
                                (unsigned long long)r->target);
    uint32_t keep = is_s ? 0x01FFF07Fu : 0x000FFFFFu;
    if (!h->is_import)
        return patch(p, r->place, keep, is_s ? stype(lo12(h->value)) : itype(lo12(h->value)));
    const rv_state_t *s = (const rv_state_t *)b->data;
    if (!s->has_last || s->last_import_hi20 != h->place)
        return wcapc_pack_error(p, "%s at 0x%x does not follow its import HI20 directly", type_name(r->type), r->place);
    return patch(p, r->place, keep, 0) ||
           wcapc_pack_emit(p, r->place, is_s ? WCAP_R_RV_PCREL_LO12_S : WCAP_R_RV_PCREL_LO12_I, h->import);
}

/* B-type (conditional branch) and J-type (jal) immediates. */
static uint32_t btype(int32_t v)
{
    uint32_t u = (uint32_t)v;
    return ((u & 0x1000) << 19) | ((u & 0x7E0) << 20) | ((u & 0x1E) << 7) | ((u & 0x800) >> 4);
}

static uint32_t jtype(int32_t v)
{
    uint32_t u = (uint32_t)v;
    return ((u & 0x100000) << 11) | ((u & 0x7FE) << 20) | ((u & 0x800) << 9) | (u & 0xFF000);
}

static int branch(wcapc_pack_t *p, const wcapc_rel_t *r, int is_jal)
{
    int32_t v = 0;
    if (r->is_import)
        return wcapc_pack_unhandled(p, r);
    if (pcrel_value(p, r, &v))
        return -1;
    if (is_jal ? (v < -(1 << 20) || v >= (1 << 20)) : (v < -(1 << 12) || v >= (1 << 12)))
        return wcapc_pack_error(p, "%s at 0x%x out of range", type_name(r->type), r->place);
    return is_jal ? patch(p, r->place, 0xFFF, jtype(v)) : patch(p, r->place, 0x01FFF07F, btype(v));
}

static int abs32(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    if (r->is_import)
        return wcapc_pack_wr32(p, r->place, (uint32_t)r->addend) ||
               wcapc_pack_emit(p, r->place, WCAP_R_ABS32, r->import);
    return wcapc_pack_wr32(p, r->place, (uint32_t)(r->target + (uint64_t)r->addend)) ||
           wcapc_pack_emit(p, r->place, WCAP_R_ABS32, WCAP_SYM_IMAGE);
}

static int add_sub32(wcapc_pack_t *p, const wcapc_rel_t *r, int sign)
{
    uint32_t v;
    if (r->is_import || wcapc_pack_rd32(p, r->place, &v))
        return r->is_import ? wcapc_pack_unhandled(p, r) : -1;
    uint32_t x = (uint32_t)(r->target + (uint64_t)r->addend);
    return wcapc_pack_wr32(p, r->place, sign > 0 ? v + x : v - x);
}

static int apply(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    switch (r->type) {
    case R_RISCV_NONE:
    case R_RISCV_RELAX: /* a hint for linker relaxation; -mno-relax: nothing to do */ return 0;
    case R_RISCV_32: return abs32(p, r);
    case R_RISCV_CALL:
    case R_RISCV_CALL_PLT: return call(p, r);
    case R_RISCV_PCREL_HI20: return pcrel_hi20(p, r);
    case R_RISCV_PCREL_LO12_I: return pcrel_lo12(p, r, 0);
    case R_RISCV_PCREL_LO12_S: return pcrel_lo12(p, r, 1);
    case R_RISCV_BRANCH: return branch(p, r, 0);
    case R_RISCV_JAL: return branch(p, r, 1);
    case R_RISCV_ADD32: return add_sub32(p, r, 1);
    case R_RISCV_SUB32: return add_sub32(p, r, -1);
    default: return wcapc_pack_unhandled(p, r);
    }
}

const wcapc_packer_t wcapc_pack_riscv = {"riscv32", apply, type_name};
