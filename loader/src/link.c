/*
 * Linking: each import's symbol ID is looked up in the runtime's symbol
 * table (capability: import cap <= manifest caps <= granted, the last part
 * checked by the manifest policy), and each relocation record is checked
 * and handed to the architecture's relocator.
 */
#include "ldr_priv.h"
#include "wcap/symtab.h"

int wcap_ldr_link_import(wcap_ldr_t *ld, uint32_t index, uint16_t id)
{
    const wcap_symtab_t *t = ld->cfg->symtab;
    const wcap_sym_t *s = wcap_symtab_find(t, id);

    if (s == NULL) {
        return wcap_sym_id_known(id) ? WCAP_E_LDR_IMPORT_UNAVAIL : WCAP_E_LDR_IMPORT;
    }
    if ((s->cap & ld->man.caps) != s->cap) {
        return WCAP_E_LDR_CAPS;
    }
    ld->buf.imports[index] = (uint16_t)(s - t->syms);
    return WCAP_OK;
}

int wcap_ldr_link_reloc(wcap_ldr_t *ld, const uint8_t rec[WCAP_RELOC_SIZE])
{
    wcap_reloc_t r;
    wcap_reloc_fn apply;
    uint32_t stub_size;
    uint64_t S;

    wcap_reloc_decode(rec, &r);
    if (r.reserved != 0u || r.kind == WCAP_R_NONE || r.kind >= WCAP_R_KIND_COUNT) {
        return WCAP_E_LDR_RELOC_KIND;
    }
    if (r.offset >= ld->man.image_size) {
        return WCAP_E_LDR_RELOC_OFFSET;
    }
    if (r.sym == WCAP_SYM_IMAGE) {
        S = ld->reloc.addr;
    } else if (r.sym < ld->man.n_imports) {
        S = (uint64_t)(uintptr_t)ld->cfg->symtab->syms[ld->buf.imports[r.sym]].addr;
    } else {
        return WCAP_E_LDR_RELOC_SYM;
    }
    apply = wcap_reloc_for_target(ld->man.target, &stub_size);
    return apply(&ld->reloc, &r, S);
}
