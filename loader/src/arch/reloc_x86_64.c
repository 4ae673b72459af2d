/* x86_64 relocations: ABS64 (image or import), PC32 (imports only). */
#include "wcap/reloc.h"

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)wcap_rd32(p) | ((uint64_t)wcap_rd32(p + 4) << 32);
}

static void wr64(uint8_t *p, uint64_t v)
{
    wcap_wr32(p, (uint32_t)v);
    wcap_wr32(p + 4, (uint32_t)(v >> 32));
}

int wcap_reloc_x86_64(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    uint64_t P = rc->addr + r->offset;
    int64_t v;

    switch (r->kind) {
    case WCAP_R_ABS64:
        if ((uint64_t)r->offset + 8u > rc->image_size) {
            return WCAP_E_LDR_RELOC_OFFSET;
        }
        wr64(p, S + rd64(p));
        return WCAP_OK;
    case WCAP_R_X86_PC32:
        if ((uint64_t)r->offset + 4u > rc->image_size) {
            return WCAP_E_LDR_RELOC_OFFSET;
        }
        if (r->sym == WCAP_SYM_IMAGE) {
            return WCAP_E_LDR_RELOC_SYM;
        }
        v = (int64_t)(S - P) + (int32_t)wcap_rd32(p);
        if (v < INT32_MIN || v > INT32_MAX) {
            return WCAP_E_LDR_RELOC_RANGE;
        }
        wcap_wr32(p, (uint32_t)(int32_t)v);
        return WCAP_OK;
    default: return WCAP_E_LDR_RELOC_KIND;
    }
}
