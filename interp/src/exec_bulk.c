/*
 * The interpreter's table, reference and bulk-memory instructions (the
 * less frequent ones, out of the main loop): bounds-checked exactly as the
 * spec says, trapping through runtime_lib; tables are runtime_lib's funcref
 * tables, grown with wasm_rt_grow_funcref_table.
 */
#include "ix_priv.h"

wcap_slot_t *wcap_ix_bulk(wcap_ix_t *ix, uint8_t op, const uint8_t *imm, wcap_slot_t *sp);

wasm_rt_funcref_t wcap_ix_ref_to_entry(const wcap_ix_t *ix, uint64_t ref)
{
    wasm_rt_funcref_t e = wasm_rt_funcref_null_value;
    if (ref != 0u && ref <= ix->h->n_funcs) {
        const wcap_ib_func_t *f = &ix->funcs[ref - 1u];
        e.func_type = ix->types[f->type].canon + 1u;
        e.func = (wasm_rt_function_ptr_t)wcap_ix_run; /* marks an interpreted function */
        e.module_instance = (void *)(uintptr_t)f;
    }
    return e;
}

uint64_t wcap_ix_entry_to_ref(const wcap_ix_t *ix, const wasm_rt_funcref_t *e)
{
    uintptr_t p = (uintptr_t)e->module_instance, lo = (uintptr_t)ix->funcs;
    if (e->func != (wasm_rt_function_ptr_t)wcap_ix_run || p < lo ||
        p >= lo + (uintptr_t)ix->h->n_funcs * sizeof(wcap_ib_func_t) || (p - lo) % sizeof(wcap_ib_func_t) != 0u) {
        return 0u; /* null, or not one of this capsule's functions */
    }
    return (uint64_t)((p - lo) / sizeof(wcap_ib_func_t)) + 1u;
}

static int dropped(const wcap_ix_t *ix, uint32_t bit)
{
    return (ix->dropped[bit >> 3] >> (bit & 7u)) & 1u;
}

/* [off, off + n) inside [0, size)? */
static int in(uint32_t off, uint32_t n, uint32_t size)
{
    return (uint64_t)off + n <= size;
}

static void table_init(wcap_ix_t *ix, uint32_t seg, uint32_t table, uint32_t d, uint32_t s, uint32_t n)
{
    const wcap_ib_elem_t *e = &ix->sdefs[seg];
    wasm_rt_funcref_table_t *t = &ix->tables[table];
    uint32_t count = dropped(ix, ix->h->n_data + seg) ? 0u : e->count, i;
    if (!in(s, n, count) || !in(d, n, t->size)) {
        wasm_rt_trap(WASM_RT_TRAP_OOB);
    }
    for (i = 0; i < n; i++) {
        t->data[d + i] = wcap_ix_ref_to_entry(ix, wcap_ix_rd32(ix->pool + e->items + 4u * (s + i)));
    }
}

static void table_copy(wcap_ix_t *ix, uint32_t dt, uint32_t st, uint32_t d, uint32_t s, uint32_t n)
{
    wasm_rt_funcref_table_t *a = &ix->tables[dt], *b = &ix->tables[st];
    if (!in(s, n, b->size) || !in(d, n, a->size)) {
        wasm_rt_trap(WASM_RT_TRAP_OOB);
    }
    if (n != 0u) {
        memmove(&a->data[d], &b->data[s], (size_t)n * sizeof(wasm_rt_funcref_t));
    }
}

static void memory_init(wcap_ix_t *ix, uint32_t seg, uint32_t d, uint32_t s, uint32_t n)
{
    const wcap_ib_data_t *g = &ix->ddefs[seg];
    uint32_t len = dropped(ix, seg) ? 0u : g->len;
    if (!in(s, n, len) || !in(d, n, ix->mem.size)) {
        wasm_rt_trap(WASM_RT_TRAP_OOB);
    }
    if (n != 0u) {
        memcpy(ix->mem.data + d, ix->pool + g->bytes + s, n);
    }
}

static void tables_op(wcap_ix_t *ix, uint8_t op, uint32_t a, wcap_slot_t *sp)
{
    wasm_rt_funcref_table_t *t = &ix->tables[a];
    uint32_t i, d, n;
    switch (op) {
    case WCAP_OP_TABLE_GET:
        i = (uint32_t)sp[-1];
        if (i >= t->size) {
            wasm_rt_trap(WASM_RT_TRAP_OOB);
        }
        sp[-1] = wcap_ix_entry_to_ref(ix, &t->data[i]);
        return;
    case WCAP_OP_TABLE_SET:
        i = (uint32_t)sp[-2];
        if (i >= t->size) {
            wasm_rt_trap(WASM_RT_TRAP_OOB);
        }
        t->data[i] = wcap_ix_ref_to_entry(ix, sp[-1]);
        return;
    case WCAP_OP_TABLE_SIZE: sp[0] = t->size; return;
    case WCAP_OP_TABLE_GROW:
        /* in place within what was allocated, else runtime_lib moves the
         * table to free room of the region, as for native capsules */
        n = (uint32_t)sp[-1];
        d = t->size;
        if ((uint64_t)d + n > ix->table_cap[a] || (uint64_t)d + n > t->max_size) {
            sp[-2] = wasm_rt_grow_funcref_table(t, n, wcap_ix_ref_to_entry(ix, sp[-2]));
            if (t->size > ix->table_cap[a]) {
                ix->table_cap[a] = t->size;
            }
            return;
        }
        for (i = 0; i < n; i++) {
            t->data[d + i] = wcap_ix_ref_to_entry(ix, sp[-2]);
        }
        t->size = d + n;
        sp[-2] = d;
        return;
    default: /* TABLE_FILL: d, ref, n */
        d = (uint32_t)sp[-3];
        n = (uint32_t)sp[-1];
        if (!in(d, n, t->size)) {
            wasm_rt_trap(WASM_RT_TRAP_OOB);
        }
        for (i = 0; i < n; i++) {
            t->data[d + i] = wcap_ix_ref_to_entry(ix, sp[-2]);
        }
        return;
    }
}

static const int8_t bulk_effect[256] = {
    [WCAP_OP_TABLE_GET] = 0,   [WCAP_OP_TABLE_SET] = -2,   [WCAP_OP_TABLE_SIZE] = 1,   [WCAP_OP_TABLE_GROW] = -1,
    [WCAP_OP_TABLE_FILL] = -3, [WCAP_OP_MEMORY_INIT] = -3, [WCAP_OP_MEMORY_COPY] = -3, [WCAP_OP_MEMORY_FILL] = -3,
    [WCAP_OP_TABLE_INIT] = -3, [WCAP_OP_TABLE_COPY] = -3,
};

wcap_slot_t *wcap_ix_bulk(wcap_ix_t *ix, uint8_t op, const uint8_t *imm, wcap_slot_t *sp)
{
    uint32_t a = wcap_ix_rd32(imm), d, s, n;
    if (bulk_effect[op] != -3) { /* table get/set/size/grow, data.drop, elem.drop */
        if (op == WCAP_OP_DATA_DROP || op == WCAP_OP_ELEM_DROP) {
            uint32_t bit = (op == WCAP_OP_DATA_DROP) ? a : ix->h->n_data + a;
            ix->dropped[bit >> 3] |= (uint8_t)(1u << (bit & 7u));
        } else {
            tables_op(ix, op, a, sp);
        }
        return sp + bulk_effect[op];
    }
    d = (uint32_t)sp[-3];
    s = (uint32_t)sp[-2];
    n = (uint32_t)sp[-1];
    switch (op) {
    case WCAP_OP_MEMORY_INIT: memory_init(ix, a, d, s, n); break;
    case WCAP_OP_MEMORY_COPY:
        if (!in(s, n, ix->mem.size) || !in(d, n, ix->mem.size)) {
            wasm_rt_trap(WASM_RT_TRAP_OOB);
        }
        if (n != 0u) {
            memmove(ix->mem.data + d, ix->mem.data + s, n);
        }
        break;
    case WCAP_OP_MEMORY_FILL:
        if (!in(d, n, ix->mem.size)) {
            wasm_rt_trap(WASM_RT_TRAP_OOB);
        }
        if (n != 0u) {
            memset(ix->mem.data + d, (int)(uint8_t)s, n);
        }
        break;
    case WCAP_OP_TABLE_INIT: table_init(ix, a, wcap_ix_rd32(imm + 4), d, s, n); break;
    case WCAP_OP_TABLE_COPY: table_copy(ix, a, wcap_ix_rd32(imm + 4), d, s, n); break;
    default: tables_op(ix, op, a, sp); break;
    }
    return sp + bulk_effect[op];
}
