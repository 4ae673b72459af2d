/*
 * Linking: each import's symbol ID is looked up in the runtime's symbol
 * table (capability: import cap <= manifest caps <= granted, the last part
 * checked by the manifest policy), and each decoded relocation record is
 * checked (kind, place inside the image, symbol) and handed to the
 * architecture's relocator.
 */
#include "ldr_priv.h"
#include "wcap/natives.h"
#include "wcap/symtab.h"

int wcap_ldr_link_import(wcap_ldr_t *ld, uint32_t index, uint16_t id)
{
    const wcap_symtab_t *t = ld->cfg->symtab;
    const wcap_sym_t *s = wcap_symtab_find(t, id);

    if (s == NULL) {
        if (wcap_natives_is_native_id(id)) {
            return wcap_ldr_link_native(ld, index, id); /* link_natives.c */
        }
        return wcap_sym_id_known(id) ? WCAP_E_LDR_IMPORT_UNAVAIL : WCAP_E_LDR_IMPORT;
    }
    if ((s->cap & ld->man.caps) != s->cap) {
        return WCAP_E_LDR_CAPS;
    }
    ld->buf.imports[index] = (uint16_t)(s - t->syms);
    return WCAP_OK;
}

int wcap_ldr_link_reloc(wcap_ldr_t *ld, const wcap_rtab_rec_t *t)
{
    wcap_reloc_t r;
    wcap_reloc_fn apply;
    uint32_t stub_size, width = wcap_rtab_width(t->kind);
    uint64_t S;

    if (width == 0u) {
        return WCAP_E_LDR_RELOC_KIND;
    }
    if (t->offset >= ld->man.image_size || ld->man.image_size - t->offset < width) {
        return WCAP_E_LDR_RELOC_OFFSET;
    }
    if (t->image) {
        S = ld->reloc.addr;
        r.sym = WCAP_SYM_IMAGE;
    } else if (t->index < ld->man.n_imports) {
        S = (uint64_t)(uintptr_t)wcap_ldr_import_addr(ld, t->index);
        r.sym = (uint16_t)t->index;
    } else {
        return WCAP_E_LDR_RELOC_SYM;
    }
    r.offset = t->offset;
    r.kind = t->kind;
    r.reserved = 0u;
    apply = wcap_reloc_for_target(ld->man.target, &stub_size);
    return apply(&ld->reloc, &r, S);
}
