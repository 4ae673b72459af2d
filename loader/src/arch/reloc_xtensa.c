/*
 * Xtensa (LX106, call0 ABI) relocations: ABS32 only. Capsules are built with
 * -mlongcalls -mtext-section-literals (host/compiler/targets.def), so every call
 * to an import and every address is a 32-bit literal word that L32R loads;
 * the packer (host/compiler/pack_xtensa.c) resolves the PC-relative fields inside
 * the image and refuses a direct call to an import. Any other kind is refused.
 */
#include "wcap/reloc.h"

int wcap_reloc_xtensa(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S)
{
    uint8_t *p = rc->image + r->offset;
    uint64_t v;

    if ((uint64_t)r->offset + 4u > rc->image_size) {
        return WCAP_E_LDR_RELOC_OFFSET;
    }
    if (r->kind != WCAP_R_ABS32) {
        return WCAP_E_LDR_RELOC_KIND;
    }
    /* Literal words are aligned, but data words need not be: bytewise access. */
    v = S + wcap_rd32(p);
    if (v > 0xFFFFFFFFu) {
        return WCAP_E_LDR_RELOC_RANGE;
    }
    wcap_wr32(p, (uint32_t)v);
    return WCAP_OK;
}
