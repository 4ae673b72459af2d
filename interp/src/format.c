/*
 * The image's header and records (wcap/interp_format.h), checked before any
 * use: every section inside the image and 8-aligned, every pool reference
 * inside the pool, every index in range, every export's signature string
 * equal to its function's type, names NUL-terminated inside the pool.
 */
#include "ix_priv.h"

int wcap_ix_check_format(wcap_ix_t *ix, const uint8_t *img, uint32_t size, uint32_t n_imports);

/* count records of rsize bytes at off: inside the image and aligned. */
static int section(uint32_t off, uint32_t count, uint32_t rsize, uint32_t size)
{
    return off % 8u == 0u && off <= size && (uint64_t)count * rsize <= size - off;
}

static int in_pool(const wcap_ix_t *ix, uint32_t off, uint64_t len)
{
    return off <= ix->h->pool_len && len <= ix->h->pool_len - off;
}

static int cstr_in_pool(const wcap_ix_t *ix, uint32_t off)
{
    return off < ix->h->pool_len && memchr(ix->pool + off, 0, ix->h->pool_len - off) != NULL;
}

static int sections_ok(const wcap_ib_header_t *h, uint32_t size)
{
    return h->magic == WCAP_IB_MAGIC && section(h->off_types, h->n_types, sizeof(wcap_ib_type_t), size) &&
           section(h->off_funcs, h->n_funcs, sizeof(wcap_ib_func_t), size) &&
           section(h->off_globals, h->n_globals, sizeof(wcap_ib_global_t), size) &&
           section(h->off_exports, h->n_exports, sizeof(wcap_ib_export_t), size) &&
           section(h->off_tables, h->n_tables, sizeof(wcap_ib_table_t), size) &&
           section(h->off_data, h->n_data, sizeof(wcap_ib_data_t), size) &&
           section(h->off_elem, h->n_elem, sizeof(wcap_ib_elem_t), size) &&
           section(h->off_code, h->code_len, 1u, size) && section(h->off_pool, h->pool_len, 1u, size) &&
           h->n_imports <= h->n_funcs && (h->has_memory == 0u || h->has_memory == 1u) && h->mem_min_pages <= 65536u &&
           h->mem_max_pages <= 65536u;
}

static int types_ok(const wcap_ix_t *ix)
{
    uint32_t i;
    for (i = 0; i < ix->h->n_types; i++) {
        const wcap_ib_type_t *t = &ix->types[i];
        if (!in_pool(ix, t->vtypes, (uint64_t)t->nparams + t->nresults) || t->canon > i) {
            return 0;
        }
    }
    return 1;
}

static int funcs_ok(const wcap_ix_t *ix)
{
    uint32_t i;
    for (i = 0; i < ix->h->n_funcs; i++) {
        const wcap_ib_func_t *f = &ix->funcs[i];
        int import = i < ix->h->n_imports;
        if (f->type >= ix->h->n_types || (import && (f->code != 0u || f->code_len != 0u)) ||
            (!import && (f->code_len == 0u || f->code > ix->h->code_len || f->code_len > ix->h->code_len - f->code))) {
            return 0;
        }
    }
    return 1;
}

static int init_ok(const wcap_ix_t *ix, uint32_t kind, uint32_t index, uint32_t globals_before)
{
    return kind == WCAP_IB_INIT_CONST || (kind == WCAP_IB_INIT_GLOBAL && index < globals_before) ||
           (kind == WCAP_IB_INIT_FUNC && index < ix->h->n_funcs);
}

static int export_ok(const wcap_ix_t *ix, const wcap_ib_export_t *e)
{
    uint32_t np, nr;
    const wcap_ib_type_t *t;
    if (e->func >= ix->h->n_funcs || !cstr_in_pool(ix, e->name) || !cstr_in_pool(ix, e->sig) ||
        wcap_rt_sig_parse((const char *)ix->pool + e->sig, &np, &nr) != 0) {
        return 0;
    }
    t = &ix->types[ix->funcs[e->func].type];
    return np == t->nparams && nr == t->nresults;
}

static int records_ok(const wcap_ix_t *ix)
{
    const wcap_ib_header_t *h = ix->h;
    uint32_t i;
    for (i = 0; i < h->n_globals; i++) {
        if (!init_ok(ix, ix->gdefs[i].init_kind, ix->gdefs[i].init_index, i) || ix->gdefs[i].mut > 1u) {
            return WCAP_E_IX_INDEX;
        }
    }
    for (i = 0; i < h->n_exports; i++) {
        if (!export_ok(ix, &ix->edefs[i])) {
            return WCAP_E_IX_EXPORT;
        }
    }
    for (i = 0; i < h->n_tables; i++) {
        if (ix->tdefs[i].min > ix->tdefs[i].reserve || ix->tdefs[i].reserve > 65536u) {
            return WCAP_E_IX_FORMAT;
        }
    }
    for (i = 0; i < h->n_data; i++) {
        const wcap_ib_data_t *d = &ix->ddefs[i];
        if (d->mode > WCAP_IB_SEG_PASSIVE || !in_pool(ix, d->bytes, d->len) ||
            (d->mode == WCAP_IB_SEG_ACTIVE &&
             (!h->has_memory || !init_ok(ix, d->off_kind, d->off_value, h->n_globals) ||
              d->off_kind == WCAP_IB_INIT_FUNC))) {
            return WCAP_E_IX_INDEX;
        }
    }
    for (i = 0; i < h->n_elem; i++) {
        const wcap_ib_elem_t *e = &ix->sdefs[i];
        uint32_t k;
        if (e->mode > WCAP_IB_SEG_DECLARED || e->items % 4u != 0u || !in_pool(ix, e->items, 4ull * e->count) ||
            (e->mode == WCAP_IB_SEG_ACTIVE && (e->table >= h->n_tables || e->off_kind == WCAP_IB_INIT_FUNC ||
                                               !init_ok(ix, e->off_kind, e->off_value, h->n_globals)))) {
            return WCAP_E_IX_INDEX;
        }
        for (k = 0; k < e->count; k++) {
            if (wcap_ix_rd32(ix->pool + e->items + 4u * k) > h->n_funcs) {
                return WCAP_E_IX_INDEX;
            }
        }
    }
    if (h->start != WCAP_IB_NO_START && (h->start >= h->n_funcs || ix->types[ix->funcs[h->start].type].nparams != 0u ||
                                         ix->types[ix->funcs[h->start].type].nresults != 0u)) {
        return WCAP_E_IX_INDEX;
    }
    return WCAP_OK;
}

int wcap_ix_check_format(wcap_ix_t *ix, const uint8_t *img, uint32_t size, uint32_t n_imports)
{
    const wcap_ib_header_t *h = (const wcap_ib_header_t *)(const void *)img;
    if (size < sizeof *h || ((uintptr_t)img % 8u) != 0u || !sections_ok(h, size) || h->n_imports != n_imports) {
        return WCAP_E_IX_FORMAT;
    }
    ix->h = h;
    ix->types = (const wcap_ib_type_t *)(const void *)(img + h->off_types);
    ix->funcs = (const wcap_ib_func_t *)(const void *)(img + h->off_funcs);
    ix->gdefs = (const wcap_ib_global_t *)(const void *)(img + h->off_globals);
    ix->edefs = (const wcap_ib_export_t *)(const void *)(img + h->off_exports);
    ix->tdefs = (const wcap_ib_table_t *)(const void *)(img + h->off_tables);
    ix->ddefs = (const wcap_ib_data_t *)(const void *)(img + h->off_data);
    ix->sdefs = (const wcap_ib_elem_t *)(const void *)(img + h->off_elem);
    ix->code = img + h->off_code;
    ix->pool = img + h->off_pool;
    if (!types_ok(ix) || !funcs_ok(ix)) {
        return WCAP_E_IX_INDEX;
    }
    return records_ok(ix);
}
