/*
 * Module-level reader: sections, types, imports, memories, tables, globals,
 * exports, code and data, with wcap's feature refusals.
 */
#include "wasm_check.h"

#include <stdlib.h>
#include <string.h>

#include "wasm_code.h"
#include "wasm_reader.h"

#define MAX_ITEMS 100000u /* bound on any table we keep (types, imports, functions, exports) */

typedef struct {
    wcapc_rd_t r;
    wcapc_module_t *m;
    uint32_t n_memories;
    uint32_t sp_global;   /* index named __stack_pointer, or UINT32_MAX */
    int32_t *global_init; /* i32.const value of each defined global (0 if not const) */
    uint8_t *global_const;
    uint32_t n_imported_globals;
} parser_t;

char wcapc_wasm_sig_char(uint8_t vt)
{
    switch (vt) {
    case WCAPC_VT_I32: return 'i';
    case WCAPC_VT_I64: return 'I';
    case WCAPC_VT_F32: return 'f';
    case WCAPC_VT_F64: return 'F';
    default: return 0;
    }
}

static void *grow(parser_t *ps, void *arr, uint32_t n, size_t elem)
{
    if (n > MAX_ITEMS) {
        wcapc_rd_fail(&ps->r, WCAPC_WASM_UNSUPPORTED, "more than %u entries in one table", MAX_ITEMS);
        return NULL;
    }
    void *p = realloc(arr, ((size_t)n + 1) * elem);
    if (!p)
        wcapc_rd_fail(&ps->r, WCAPC_WASM_MALFORMED, "out of memory");
    return p;
}

static int limits(parser_t *ps, int is_memory, uint32_t *min, uint32_t *has_max, uint32_t *max)
{
    wcapc_rd_t *r = &ps->r;
    uint8_t flags;
    if (!wcapc_rd_u8(r, &flags))
        return 0;
    if (is_memory && (flags & 0x04))
        return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: memory64 (limits flag 0x04)");
    if (is_memory && (flags & 0x02))
        return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: threads (shared memory)");
    if (flags > 1)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "invalid limits flags 0x%02x", flags);
    *has_max = flags & 1;
    *max = 0;
    return wcapc_rd_u32(r, min) && (!*has_max || wcapc_rd_u32(r, max));
}

static int memory(parser_t *ps)
{
    wcapc_module_t *m = ps->m;
    uint32_t min = 0, has_max = 0, max = 0; /* set by limits() only on success */
    if (!limits(ps, 1, &min, &has_max, &max))
        return 0;
    if (++ps->n_memories > 1)
        return wcapc_rd_fail(&ps->r, WCAPC_WASM_UNSUPPORTED,
                             "unsupported feature: multi-memory (more than one memory)");
    m->has_memory = 1;
    m->mem_min_pages = min;
    m->mem_has_max = has_max;
    m->mem_max_pages = max;
    return 1;
}

static int table(parser_t *ps)
{
    uint8_t t;
    uint32_t min = 0, has_max = 0, max = 0; /* set by limits() only on success */
    if (!wcapc_rd_u8(&ps->r, &t) || !wcapc_check_valtype(&ps->r, t) || !limits(ps, 0, &min, &has_max, &max))
        return 0;
    ps->m->table_elems += (has_max && max <= 65536u) ? max : min;
    return 1;
}

static int sec_types(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    wcapc_module_t *m = ps->m;
    uint32_t n;
    if (!wcapc_rd_count(r, 3, &n) || !(m->types = grow(ps, m->types, n, sizeof *m->types)))
        return 0;
    for (uint32_t i = 0; i < n; i++, m->n_types++) {
        wcapc_functype_t *ft = &m->types[i];
        uint8_t form;
        if (!wcapc_rd_u8(r, &form))
            return 0;
        if (form != 0x60)
            return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "type form 0x%02x is not a function type", form);
        if (!wcapc_rd_count(r, 1, &ft->nparams) || !wcapc_rd_bytes(r, ft->nparams, &ft->params) ||
            !wcapc_rd_count(r, 1, &ft->nresults) || !wcapc_rd_bytes(r, ft->nresults, &ft->results))
            return 0;
        for (uint32_t k = 0; k < ft->nparams + ft->nresults; k++) {
            size_t save = r->pos;
            r->pos = (size_t)((k < ft->nparams ? ft->params + k : ft->results + k - ft->nparams) - r->b);
            int ok = wcapc_check_valtype(r, r->b[r->pos]);
            r->pos = save;
            if (!ok)
                return 0;
        }
    }
    return 1;
}

static int add_func(parser_t *ps, uint32_t type)
{
    wcapc_module_t *m = ps->m;
    if (type >= m->n_types)
        return wcapc_rd_fail(&ps->r, WCAPC_WASM_MALFORMED, "function type index %u out of range", type);
    if (!(m->func_types = grow(ps, m->func_types, m->n_funcs + 1, sizeof *m->func_types)))
        return 0;
    m->func_types[m->n_funcs++] = type;
    return 1;
}

static int import_desc(parser_t *ps, wcapc_import_t *im)
{
    wcapc_rd_t *r = &ps->r;
    uint8_t b, mut;
    switch (im->kind) {
    case 0: ps->m->n_func_imports++; return wcapc_rd_u32(r, &im->type) && add_func(ps, im->type);
    case 1: return table(ps);
    case 2: return memory(ps);
    case 3: ps->n_imported_globals++; return wcapc_rd_u8(r, &b) && wcapc_check_valtype(r, b) && wcapc_rd_u8(r, &mut);
    case 4: return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: exception handling (tag import)");
    default: return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "invalid import kind 0x%02x", im->kind);
    }
}

static int sec_imports(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    wcapc_module_t *m = ps->m;
    uint32_t n;
    if (!wcapc_rd_count(r, 4, &n) || !(m->imports = grow(ps, m->imports, n, sizeof *m->imports)))
        return 0;
    for (uint32_t i = 0; i < n; i++, m->n_imports++) {
        wcapc_import_t *im = &m->imports[i];
        memset(im, 0, sizeof *im);
        if (!wcapc_rd_name(r, &im->module, &im->module_len) || !wcapc_rd_name(r, &im->name, &im->name_len) ||
            !wcapc_rd_u8(r, &im->kind) || !import_desc(ps, im))
            return 0;
    }
    return 1;
}

static int sec_functions(parser_t *ps)
{
    uint32_t n, t;
    if (!wcapc_rd_count(&ps->r, 1, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!wcapc_rd_u32(&ps->r, &t) || !add_func(ps, t))
            return 0;
    return 1;
}

static int sec_tables(parser_t *ps)
{
    uint32_t n;
    if (!wcapc_rd_count(&ps->r, 3, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!table(ps))
            return 0;
    return 1;
}

static int sec_memories(parser_t *ps)
{
    uint32_t n;
    if (!wcapc_rd_count(&ps->r, 2, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (!memory(ps))
            return 0;
    return 1;
}

static int sec_globals(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    uint32_t n;
    if (!wcapc_rd_count(r, 3, &n))
        return 0;
    free(ps->global_init);
    free(ps->global_const);
    ps->global_init = calloc((size_t)n + 1, sizeof *ps->global_init);
    ps->global_const = calloc((size_t)n + 1, 1);
    if (!ps->global_init || !ps->global_const)
        return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "out of memory");
    for (uint32_t i = 0; i < n; i++) {
        uint8_t t, mut;
        wcapc_const_t c;
        if (!wcapc_rd_u8(r, &t) || !wcapc_check_valtype(r, t) || !wcapc_rd_u8(r, &mut) || !wcapc_walk_expr(r, &c, NULL))
            return 0;
        ps->global_const[i] = (uint8_t)(t == WCAPC_VT_I32 && c.is_i32_const);
        ps->global_init[i] = c.value;
    }
    ps->m->n_globals = n;
    return 1;
}

static int sec_exports(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    wcapc_module_t *m = ps->m;
    uint32_t n;
    if (!wcapc_rd_count(r, 3, &n) || !(m->exports = grow(ps, m->exports, n, sizeof *m->exports)))
        return 0;
    for (uint32_t i = 0; i < n; i++, m->n_exports++) {
        wcapc_export_t *e = &m->exports[i];
        if (!wcapc_rd_name(r, &e->name, &e->name_len) || !wcapc_rd_u8(r, &e->kind) || !wcapc_rd_u32(r, &e->index))
            return 0;
        if (e->kind == 4)
            return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: exception handling (tag export)");
        if (e->kind > 4)
            return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "invalid export kind 0x%02x", e->kind);
    }
    return 1;
}

static int sec_code(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    uint32_t n;
    ps->m->code_off = r->pos;
    ps->m->code_len = r->end - r->pos;
    if (!wcapc_rd_count(r, 2, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size, groups;
        if (!wcapc_rd_u32(r, &size))
            return 0;
        if (size > r->end - r->pos)
            return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "function body %u runs past its section (truncated?)", i);
        size_t outer_end = r->end;
        r->end = r->pos + size;
        if (!wcapc_rd_count(r, 2, &groups))
            return 0;
        for (uint32_t g = 0; g < groups; g++) {
            uint32_t cnt;
            uint8_t t;
            if (!wcapc_rd_u32(r, &cnt) || !wcapc_rd_u8(r, &t) || !wcapc_check_valtype(r, t))
                return 0;
        }
        if (!wcapc_walk_expr(r, NULL, &ps->m->has_memory_grow))
            return 0;
        if (r->pos != r->end)
            return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "function body %u: bytes after its final end", i);
        r->end = outer_end;
    }
    return 1;
}

static int sec_data(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    uint32_t n;
    if (!wcapc_rd_count(r, 1, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t flags, memidx = 0, len;
        wcapc_const_t c = {0, 0};
        const uint8_t *p;
        if (!wcapc_rd_u32(r, &flags))
            return 0;
        if (flags > 2)
            return wcapc_rd_fail(r, WCAPC_WASM_MALFORMED, "invalid data segment flags %u", flags);
        if (flags == 2 && !wcapc_rd_u32(r, &memidx))
            return 0;
        if (memidx != 0)
            return wcapc_rd_fail(r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: multi-memory (data segment)");
        if (flags != 1 && !wcapc_walk_expr(r, &c, NULL))
            return 0;
        if (!wcapc_rd_name(r, &p, &len))
            return 0;
        uint64_t end = (uint64_t)(uint32_t)c.value + len;
        if (flags != 1 && c.is_i32_const && end > ps->m->data_end)
            ps->m->data_end = end;
    }
    return 1;
}

/* The "name" custom section, subsection 7 (global names): finds __stack_pointer. */
static int sec_custom(parser_t *ps)
{
    wcapc_rd_t *r = &ps->r;
    const uint8_t *name;
    uint32_t len;
    if (!wcapc_rd_name(r, &name, &len))
        return 0;
    if (len != 4 || memcmp(name, "name", 4))
        return 1;
    while (r->pos < r->end) {
        uint8_t id;
        uint32_t size, n;
        if (!wcapc_rd_u8(r, &id) || !wcapc_rd_u32(r, &size) || size > r->end - r->pos) {
            ps->m->local_names = 1;
            return 1; /* a broken name section is only debug info: ignore it */
        }
        size_t next = r->pos + size;
        if (id == 2)
            ps->m->local_names = 1;
        if (id == 7 && wcapc_rd_count(r, 2, &n))
            for (uint32_t i = 0; i < n && !r->status; i++) {
                uint32_t idx;
                if (wcapc_rd_u32(r, &idx) && wcapc_rd_name(r, &name, &len) && len == 15 &&
                    !memcmp(name, "__stack_pointer", 15))
                    ps->sp_global = idx;
            }
        if (r->status) {
            ps->m->local_names = 1;
            r->status = 0; /* ignore malformed names */
            r->err[0] = 0;
            return 1;
        }
        r->pos = next;
    }
    return 1;
}

static int section(parser_t *ps, uint8_t id)
{
    switch (id) {
    case 0: return sec_custom(ps);
    case 1: return sec_types(ps);
    case 2: return sec_imports(ps);
    case 3: return sec_functions(ps);
    case 4: return sec_tables(ps);
    case 5: return sec_memories(ps);
    case 6: return sec_globals(ps);
    case 7: return sec_exports(ps);
    case 10: return sec_code(ps);
    case 11: return sec_data(ps);
    case 8:
    case 9:
    case 12: ps->r.pos = ps->r.end; return 1; /* start, elements, data count: wasm2c checks */
    case 13:
        return wcapc_rd_fail(&ps->r, WCAPC_WASM_UNSUPPORTED, "unsupported feature: exception handling (tag section)");
    default: return wcapc_rd_fail(&ps->r, WCAPC_WASM_MALFORMED, "unknown section id %u", id);
    }
}

static void stack_pointer(parser_t *ps)
{
    uint32_t g = ps->sp_global;
    if (g == UINT32_MAX || g < ps->n_imported_globals || g - ps->n_imported_globals >= ps->m->n_globals)
        return;
    g -= ps->n_imported_globals;
    if (ps->global_const[g]) {
        ps->m->has_stack_pointer = 1;
        ps->m->stack_pointer_init = (uint32_t)ps->global_init[g];
    }
}

int wcapc_wasm_parse(const uint8_t *bytes, size_t len, wcapc_module_t *m, char *err, size_t errcap)
{
    static const uint8_t magic[8] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    parser_t ps = {.r = {bytes, 0, len, 0, err, errcap}, .m = m, .sp_global = UINT32_MAX};
    memset(m, 0, sizeof *m);
    m->bytes = bytes;
    m->len = len;
    err[0] = 0;
    if (len < 8 || memcmp(bytes, magic, 4))
        wcapc_rd_fail(&ps.r, WCAPC_WASM_MALFORMED, "not a wasm module (bad magic or too short)");
    else if (memcmp(bytes + 4, magic + 4, 4))
        wcapc_rd_fail(&ps.r, WCAPC_WASM_MALFORMED, "unsupported wasm binary version");
    ps.r.pos = 8;
    while (!ps.r.status && ps.r.pos < len) {
        uint8_t id;
        uint32_t size;
        ps.r.end = len;
        if (!wcapc_rd_u8(&ps.r, &id) || !wcapc_rd_u32(&ps.r, &size))
            break;
        if (size > len - ps.r.pos) {
            wcapc_rd_fail(&ps.r, WCAPC_WASM_MALFORMED, "section %u of %u bytes runs past the end (truncated?)", id,
                          size);
            break;
        }
        ps.r.end = ps.r.pos + size;
        if (section(&ps, id) && ps.r.pos != ps.r.end && id != 0)
            wcapc_rd_fail(&ps.r, WCAPC_WASM_MALFORMED, "section %u: size does not match its contents", id);
        ps.r.pos = ps.r.end;
    }
    if (!ps.r.status)
        stack_pointer(&ps);
    free(ps.global_init);
    free(ps.global_const);
    if (ps.r.status)
        wcapc_wasm_free(m);
    return ps.r.status;
}

void wcapc_wasm_free(wcapc_module_t *m)
{
    free(m->types);
    free(m->imports);
    free(m->func_types);
    free(m->exports);
    m->types = NULL;
    m->imports = NULL;
    m->func_types = NULL;
    m->exports = NULL;
}
