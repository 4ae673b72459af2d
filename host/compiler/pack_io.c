/*
 * Packager services for the architecture files: errors, relocation records,
 * bounds-checked access to the image.
 */
#include <stdarg.h>
#include <stdio.h>

#include "pack_internal.h"
#include "wcap/reloc_table.h"


wcapc_buf_t *wcapc_pack_arch_buf(wcapc_pack_t *p)
{
    return &p->arch_buf;
}


int wcapc_pack_error(wcapc_pack_t *p, const char *fmt, ...)
{
    if (!p->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err, p->errcap, fmt, ap);
        va_end(ap);
        p->failed = 1;
    }
    return -1;
}

uint8_t *wcapc_pack_image(wcapc_pack_t *p, uint32_t *size)
{
    *size = (uint32_t)p->out->image.len;
    return p->out->image.data;
}

int wcapc_pack_emit(wcapc_pack_t *p, uint32_t offset, uint8_t kind, uint16_t sym)
{
    uint8_t rec[WCAP_RTAB_REC_MAX];
    uint32_t n = wcap_rtab_encode(rec, &p->out->reloc_last, offset, kind, sym);
    if (wcapc_buf_put(&p->out->relocs, rec, n))
        return wcapc_pack_error(p, "out of memory");
    p->out->n_relocs++;
    p->out->reloc_counts[kind & 15]++;
    return 0;
}

int wcapc_pack_unhandled(wcapc_pack_t *p, const wcapc_rel_t *r)
{
    return wcapc_pack_error(p, "relocation type %s (%u) in section %s against '%s' is not supported for %s",
                            p->o->packer->type_name(r->type), r->type, r->section, r->sym_name, p->o->packer->arch);
}

static int image_span(wcapc_pack_t *p, uint32_t off, uint32_t n)
{
    if (off > p->out->image.len || p->out->image.len - off < n)
        return wcapc_pack_error(p, "relocation place 0x%x outside the image", off);
    return 0;
}

int wcapc_pack_rd32(wcapc_pack_t *p, uint32_t off, uint32_t *v)
{
    if (image_span(p, off, 4))
        return -1;
    *v = wcap_rd32(p->out->image.data + off);
    return 0;
}

int wcapc_pack_wr32(wcapc_pack_t *p, uint32_t off, uint32_t v)
{
    if (image_span(p, off, 4))
        return -1;
    wcap_wr32(p->out->image.data + off, v);
    return 0;
}

int wcapc_pack_rd16(wcapc_pack_t *p, uint32_t off, uint16_t *v)
{
    if (image_span(p, off, 2))
        return -1;
    *v = wcap_rd16(p->out->image.data + off);
    return 0;
}

int wcapc_pack_wr16(wcapc_pack_t *p, uint32_t off, uint16_t v)
{
    if (image_span(p, off, 2))
        return -1;
    wcap_wr16(p->out->image.data + off, v);
    return 0;
}

int wcapc_pack_wr64(wcapc_pack_t *p, uint32_t off, uint64_t v)
{
    if (image_span(p, off, 8))
        return -1;
    wcap_wr32(p->out->image.data + off, (uint32_t)v);
    wcap_wr32(p->out->image.data + off + 4, (uint32_t)(v >> 32));
    return 0;
}
