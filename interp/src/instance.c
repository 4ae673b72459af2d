/*
 * An interpreted capsule's life: prepare (at load: format, imports, code
 * validation, state layout in the instance, descriptor), instantiate (under
 * the runtime's trap guard: value stack, memory, tables, globals, element
 * and data segments, start function) and the entry every export shares
 * (the runtime says which export in wcap_rt_capsule_t.export_index).
 */
#include "ix_priv.h"

int wcap_ix_check_format(wcap_ix_t *ix, const uint8_t *img, uint32_t size, uint32_t n_imports);

static size_t up(size_t v, size_t a)
{
    return (v + a - 1u) & ~(a - 1u);
}

static WASM_RT_NO_RETURN void arena_exhausted(wcap_rt_capsule_t *c)
{
    c->rt_error = WCAP_E_RT_ARENA;
    wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
}

/* Wasm value of type vt <-> slot (i32 and f32 zero-extended). */
static wcap_slot_t to_slot(uint8_t vt, const wcap_val_t *v)
{
    return (vt == 0x7F || vt == 0x7D) ? (wcap_slot_t)v->i32 : (wcap_slot_t)v->i64;
}

static void from_slot(uint8_t vt, wcap_slot_t s, wcap_val_t *v)
{
    if (vt == 0x7F || vt == 0x7D) {
        v->i32 = (uint32_t)s;
    } else {
        v->i64 = s;
    }
}

/* Runs function f with its arguments in stack[0..): Wasm code or an import. */
static void run_any(wcap_ix_t *ix, uint32_t f)
{
    if (f < ix->h->n_imports) {
        if (ix->interrupt != 0u) {
            wasm_rt_trap(WASM_RT_TRAP_TIMEOUT);
        }
        wcap_ix_thunks[ix->import_shape[f]](ix->imports[f], ix->rt, ix->stack);
    } else {
        wcap_ix_run(ix, f);
    }
}

static void export_entry(void *instance, wcap_val_t *vals)
{
    wcap_ix_t *ix = (wcap_ix_t *)instance;
    uint32_t k = ix->rt->export_index, i, f;
    const wcap_ib_type_t *t;
    const uint8_t *vt;
    if (k >= ix->h->n_exports) {
        wasm_rt_trap(WASM_RT_TRAP_HOST);
    }
    f = ix->edefs[k].func;
    t = &ix->types[ix->funcs[f].type];
    vt = ix->pool + t->vtypes;
    if ((size_t)(ix->stack_end - (uint8_t *)ix->stack) <
        ((size_t)t->nparams + t->nresults + 1u) * sizeof(wcap_slot_t)) {
        wasm_rt_trap(WASM_RT_TRAP_EXHAUSTION);
    }
    for (i = 0; i < t->nparams; i++) {
        ix->stack[i] = to_slot(vt[i], &vals[i]);
    }
    run_any(ix, f);
    for (i = 0; i < t->nresults; i++) {
        from_slot(vt[t->nparams + i], ix->stack[i], &vals[i]);
    }
}

static uint64_t init_value(const wcap_ix_t *ix, uint32_t kind, uint32_t index, uint64_t value)
{
    if (kind == WCAP_IB_INIT_GLOBAL) {
        return ix->globals[index];
    }
    return kind == WCAP_IB_INIT_FUNC ? (uint64_t)index + 1u : value;
}

static void set_dropped(wcap_ix_t *ix, uint32_t bit)
{
    ix->dropped[bit >> 3] |= (uint8_t)(1u << (bit & 7u));
}

static void init_elems(wcap_ix_t *ix)
{
    uint32_t i, k;
    for (i = 0; i < ix->h->n_elem; i++) {
        const wcap_ib_elem_t *e = &ix->sdefs[i];
        if (e->mode == WCAP_IB_SEG_ACTIVE) {
            wasm_rt_funcref_table_t *t = &ix->tables[e->table];
            uint32_t off = (uint32_t)init_value(ix, e->off_kind, e->off_value, e->off_value);
            if ((uint64_t)off + e->count > t->size) {
                wasm_rt_trap(WASM_RT_TRAP_OOB);
            }
            for (k = 0; k < e->count; k++) {
                t->data[off + k] = wcap_ix_ref_to_entry(ix, wcap_ix_rd32(ix->pool + e->items + 4u * k));
            }
        }
        if (e->mode != WCAP_IB_SEG_PASSIVE) {
            set_dropped(ix, ix->h->n_data + i);
        }
    }
}

static void init_data(wcap_ix_t *ix)
{
    uint32_t i;
    for (i = 0; i < ix->h->n_data; i++) {
        const wcap_ib_data_t *d = &ix->ddefs[i];
        if (d->mode == WCAP_IB_SEG_ACTIVE) {
            uint32_t off = (uint32_t)init_value(ix, d->off_kind, d->off_value, d->off_value);
            if ((uint64_t)off + d->len > ix->mem.size) {
                wasm_rt_trap(WASM_RT_TRAP_OOB);
            }
            if (d->len != 0u) {
                memcpy(ix->mem.data + off, ix->pool + d->bytes, d->len);
            }
            set_dropped(ix, i);
        }
    }
}

static void init_module(void)
{
}

static void instantiate(void *instance, void *rt_ctx)
{
    wcap_ix_t *ix = (wcap_ix_t *)instance;
    wcap_rt_capsule_t *c = (wcap_rt_capsule_t *)rt_ctx;
    size_t bytes = c->stack_budget & ~(size_t)15u;
    uint32_t i;
    /* Also a restart after a trap (wcap_capsule_restart): the descriptors of
     * prepare stay, every run-time part is set again below or here. */
    memset(ix->dropped, 0, ((size_t)ix->h->n_data + ix->h->n_elem + 7u) / 8u);
    ix->interrupt = 0;
    ix->rt = c;
    ix->stack = (wcap_slot_t *)wcap_region_alloc(&c->region, bytes ? bytes : 16u, 16u);
    if (ix->stack == NULL) {
        arena_exhausted(c);
    }
    ix->stack_end = (uint8_t *)ix->stack + bytes;
    if (ix->h->has_memory) {
        wasm_rt_allocate_memory(&ix->mem, ix->h->mem_min_pages, ix->h->mem_max_pages);
    }
    for (i = 0; i < ix->h->n_tables; i++) { /* reserved whole: growth never moves a table */
        wasm_rt_allocate_funcref_table(&ix->tables[i], ix->tdefs[i].reserve, ix->tdefs[i].max);
        ix->tables[i].size = ix->tdefs[i].min;
        ix->table_cap[i] = ix->tdefs[i].reserve;
    }
    for (i = 0; i < ix->h->n_globals; i++) {
        const wcap_ib_global_t *g = &ix->gdefs[i];
        ix->globals[i] = init_value(ix, g->init_kind, g->init_index, g->value);
    }
    init_elems(ix);
    init_data(ix);
    if (ix->h->start != WCAP_IB_NO_START) {
        run_any(ix, ix->h->start);
    }
}

/* Carves the variable parts of the state out of the instance block. */
static int layout(wcap_ix_t *ix, uint8_t *base, uint32_t instance_size)
{
    const wcap_ib_header_t *h = ix->h;
    size_t o = up(sizeof *ix, 8u);
    ix->globals = (uint64_t *)(void *)(base + o);
    o += (size_t)h->n_globals * 8u;
    ix->tables = (wasm_rt_funcref_table_t *)(void *)(base + o);
    o += (size_t)h->n_tables * sizeof(wasm_rt_funcref_table_t);
    ix->table_cap = (uint32_t *)(void *)(base + o);
    o = up(o + (size_t)h->n_tables * sizeof(uint32_t), 8u);
    ix->exports = (wcap_export_t *)(void *)(base + o);
    o = up(o + (size_t)h->n_exports * sizeof(wcap_export_t), 8u);
    ix->imports = (const void **)(void *)(base + o);
    o += (size_t)h->n_imports * sizeof(void *);
    ix->import_shape = base + o;
    o += h->n_imports;
    ix->dropped = base + o;
    o += ((size_t)h->n_data + h->n_elem + 7u) / 8u;
    return o <= instance_size ? WCAP_OK : WCAP_E_IX_INSTANCE;
}

static int link_imports(wcap_ix_t *ix, const void *const *imports)
{
    uint32_t i;
    for (i = 0; i < ix->h->n_imports; i++) {
        int s = wcap_ix_shape(ix, &ix->types[ix->funcs[i].type]);
        if (s < 0) {
            return WCAP_E_IX_IMPORT_SIG;
        }
        ix->imports[i] = imports[i];
        ix->import_shape[i] = (uint8_t)s;
    }
    return WCAP_OK;
}

static void describe(wcap_ix_t *ix, uint32_t instance_size)
{
    uint32_t i;
    for (i = 0; i < ix->h->n_exports; i++) {
        ix->exports[i].name = (const char *)ix->pool + ix->edefs[i].name;
        ix->exports[i].sig = (const char *)ix->pool + ix->edefs[i].sig;
        ix->exports[i].fn = export_entry;
    }
    ix->info.abi_version = WCAP_ABI_VERSION;
    ix->info.instance_size = instance_size;
    ix->info.n_exports = ix->h->n_exports;
    ix->info.exports = ix->exports;
    ix->info.init_module = init_module;
    ix->info.instantiate = instantiate;
    ix->info.free_instance = NULL;
    ix->info.stack_limit = &ix->stack_limit;
    ix->info.interrupt = &ix->interrupt;
}

int wcap_interp_prepare(const uint8_t *image, uint32_t image_size, const void *const *imports, uint32_t n_imports,
                        void *instance, uint32_t instance_size, const wcap_capsule_info_t **info)
{
    wcap_ix_t *ix = (wcap_ix_t *)instance;
    int rc;
    if (instance == NULL || instance_size < sizeof *ix || ((uintptr_t)instance % 8u) != 0u) {
        return WCAP_E_IX_INSTANCE;
    }
    memset(ix, 0, sizeof *ix);
    if ((rc = wcap_ix_check_format(ix, image, image_size, n_imports)) != WCAP_OK ||
        (rc = layout(ix, (uint8_t *)instance, instance_size)) != WCAP_OK ||
        (rc = link_imports(ix, imports)) != WCAP_OK || (rc = wcap_ix_validate_code(ix)) != WCAP_OK) {
        return rc;
    }
    describe(ix, instance_size);
    *info = &ix->info;
    return WCAP_OK;
}

const wcap_ldr_engine_t wcap_interp_engine = {wcap_interp_prepare};
