/*
 * A validated Wasm module -> the interpreter image (wcap/interp_format.h):
 * header, then types, functions, globals, exports, tables, data and element
 * segments as fixed-size records, the translated code (interp_code.c) and a
 * pool of bytes. Imported functions resolve to runtime symbol IDs exactly as
 * the packager resolves the C symbols wasm2c would have referenced.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imports.h"
#include "interp_xlate.h"
#include "wcap/interp_format.h"
#include "wcap/symbols.h"
#include "diag.h"

typedef struct {
    const uint8_t *wasm;
    wcapc_rd_t r;
    char err[512];
    wcapc_ix_module_t im;
    wcap_ib_header_t h;
    wcapc_buf_t types, funcs, globals, exports, tables, data, elem, code, pool;
    wcap_ib_func_t *fr; /* one per function */
    size_t code_sec, code_end, n_bodies;
} ix_mod_t;

static const wcapc_symdef_t builtin[] = {
#define WCAP_SYM(id, name, arches, cap) {#name, id, arches, cap},
#include "wcap/symbols.def"
#undef WCAP_SYM
};

static int rec(wcapc_buf_t *b, const void *p, size_t n)
{
    return wcapc_buf_put(b, p, n);
}

static uint32_t pool_add(ix_mod_t *x, const void *p, size_t n)
{
    uint32_t at = (uint32_t)x->pool.len;
    if (wcapc_buf_put(&x->pool, p, n))
        wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "out of memory");
    return at;
}

/* wasm2c's name mangling of an import: Z_<module>Z_<name>. */
static void mangle(char *out, size_t cap, const uint8_t *s, uint32_t n)
{
    size_t o = strlen(out);
    for (uint32_t i = 0; i < n && o + 4 < cap; i++) {
        uint8_t ch = s[i];
        if (ch == 'Z') {
            out[o++] = 'Z';
            out[o++] = 'Z';
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Y') || (ch >= '0' && ch <= '9') || ch == '_') {
            out[o++] = (char)ch;
        } else {
            o += (size_t)snprintf(out + o, cap - o, "Z%02X", ch);
        }
    }
    out[o] = '\0';
}

static int imports(ix_mod_t *x, const wcapc_symdef_t *extra, size_t n_extra, uint32_t caps, wcapc_ix_out_t *out)
{
    const wcapc_module_t *m = x->im.m;
    for (uint32_t i = 0; i < m->n_imports; i++) {
        const wcapc_import_t *im = &m->imports[i];
        char name[600] = "Z_";
        const wcapc_symdef_t *s = NULL;
        if (im->kind != 0)
            return wcapc_fail(WCAPC_EXIT_IMPORT, "import %u is not a function", i);
        mangle(name, sizeof name, im->module, im->module_len);
        strcat(name, "Z_");
        mangle(name, sizeof name, im->name, im->name_len);
        s = wcapc_host_symdef(name); /* built-in API and --api (host_api.c) */
        for (size_t k = 0; k < sizeof builtin / sizeof builtin[0] && !s; k++)
            if (!strcmp(builtin[k].name, name))
                s = &builtin[k];
        for (size_t k = 0; k < n_extra && !s; k++)
            if (!strcmp(extra[k].name, name))
                s = &extra[k];
        if (!s)
            return wcapc_fail(WCAPC_EXIT_IMPORT, "unknown symbol '%s' (format/include/wcap/symbols.def)", name);
        if (s->cap && !(s->cap & caps))
            return wcapc_fail(WCAPC_EXIT_IMPORT, "import '%s' needs a capability that was not declared", name);
        if (out->n_imports >= WCAP_MAX_IMPORTS)
            return wcapc_fail(WCAPC_EXIT_LIMIT, "more than %u imports", WCAP_MAX_IMPORTS);
        out->imports[out->n_imports++] = s->id;
    }
    return WCAPC_EXIT_OK;
}

static void types(ix_mod_t *x)
{
    const wcapc_module_t *m = x->im.m;
    for (uint32_t i = 0; i < m->n_types; i++) {
        const wcapc_functype_t *t = &m->types[i];
        wcap_ib_type_t r = {(uint16_t)t->nparams, (uint16_t)t->nresults, 0, i};
        r.vtypes = pool_add(x, t->params, t->nparams);
        pool_add(x, t->results, t->nresults);
        for (uint32_t k = 0; k < i; k++) {
            const wcapc_functype_t *u = &m->types[k];
            if (u->nparams == t->nparams && u->nresults == t->nresults && !memcmp(u->params, t->params, t->nparams) &&
                !memcmp(u->results, t->results, t->nresults)) {
                r.canon = k;
                break;
            }
        }
        rec(&x->types, &r, sizeof r);
    }
}

/* A constant expression: value or global/function reference. */
static int init_expr(ix_mod_t *x, uint32_t *kind, uint32_t *index, uint64_t *value)
{
    uint8_t op, end;
    int32_t v32;
    int64_t v64;
    const uint8_t *p;
    *kind = WCAP_IB_INIT_CONST;
    *index = 0;
    *value = 0;
    if (!wcapc_rd_u8(&x->r, &op))
        return 0;
    switch (op) {
    case 0x41:
        if (!wcapc_rd_s32(&x->r, &v32))
            return 0;
        *value = (uint32_t)v32;
        break;
    case 0x42:
        if (!wcapc_rd_s64(&x->r, &v64))
            return 0;
        *value = (uint64_t)v64;
        break;
    case 0x43:
        if (!wcapc_rd_bytes(&x->r, 4, &p))
            return 0;
        *value = wcap_rd32(p);
        break;
    case 0x44:
        if (!wcapc_rd_bytes(&x->r, 8, &p))
            return 0;
        *value = wcap_rd32(p) | (uint64_t)wcap_rd32(p + 4) << 32;
        break;
    case 0x23:
        *kind = WCAP_IB_INIT_GLOBAL;
        if (!wcapc_rd_u32(&x->r, index))
            return 0;
        break;
    case 0xD0:
        if (!wcapc_rd_bytes(&x->r, 1, &p))
            return 0;
        break;
    case 0xD2:
        *kind = WCAP_IB_INIT_FUNC;
        if (!wcapc_rd_u32(&x->r, index))
            return 0;
        break;
    default: return wcapc_rd_fail(&x->r, WCAPC_WASM_UNSUPPORTED, "constant expression opcode 0x%02x", op);
    }
    if (!wcapc_rd_u8(&x->r, &end) || end != 0x0B)
        return wcapc_rd_fail(&x->r, WCAPC_WASM_UNSUPPORTED, "extended constant expression");
    return 1;
}

static int sec_globals(ix_mod_t *x)
{
    uint32_t n;
    if (!wcapc_rd_count(&x->r, 3, &n))
        return 0;
    x->im.global_mut = calloc(n + 1, sizeof *x->im.global_mut);
    for (uint32_t i = 0; i < n; i++) {
        wcap_ib_global_t g;
        uint32_t kind, idx;
        memset(&g, 0, sizeof g);
        if (!wcapc_rd_u8(&x->r, &g.vtype) || !wcapc_rd_u8(&x->r, &g.mut) || !init_expr(x, &kind, &idx, &g.value))
            return 0;
        g.init_kind = (uint8_t)kind;
        g.init_index = idx;
        rec(&x->globals, &g, sizeof g);
    }
    x->h.n_globals = x->im.n_globals = n;
    return 1;
}

static int limits(ix_mod_t *x, uint32_t *min, uint32_t *max, int *has_max)
{
    uint8_t flag;
    if (!wcapc_rd_u8(&x->r, &flag) || !wcapc_rd_u32(&x->r, min))
        return 0;
    *has_max = flag & 1;
    *max = 0xFFFFFFFFu;
    return !*has_max || wcapc_rd_u32(&x->r, max);
}

static int sec_tables(ix_mod_t *x, wcapc_ix_out_t *out)
{
    uint32_t n;
    if (!wcapc_rd_count(&x->r, 3, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        wcap_ib_table_t t;
        uint8_t rt;
        int has_max;
        if (!wcapc_rd_u8(&x->r, &rt) || !limits(x, &t.min, &t.max, &has_max))
            return 0;
        /* as for native capsules: the declared maximum, else the initial size */
        t.reserve = (has_max && t.max <= 65536u) ? t.max : t.min;
        if (t.reserve > 65536u)
            return wcapc_rd_fail(&x->r, WCAPC_WASM_UNSUPPORTED, "table of %u elements (limit 65536)", t.reserve);
        out->table_elems += t.reserve + 1u; /* + 1: the region's alignment of each table */
        rec(&x->tables, &t, sizeof t);
    }
    x->h.n_tables = x->im.n_tables = n;
    return 1;
}

static int sec_exports(ix_mod_t *x)
{
    const wcapc_module_t *m = x->im.m;
    for (uint32_t i = 0; i < m->n_exports; i++) {
        const wcapc_export_t *e = &m->exports[i];
        char sig[600];
        size_t o = 0;
        if (e->kind != 0 || e->index >= m->n_funcs)
            continue;
        const wcapc_functype_t *t = &m->types[m->func_types[e->index]];
        int ok = t->nparams + t->nresults < 500;
        for (uint32_t k = 0; ok && k < t->nparams + t->nresults; k++) {
            if (k == t->nparams)
                sig[o++] = ':';
            char c = wcapc_wasm_sig_char(k < t->nparams ? t->params[k] : t->results[k - t->nparams]);
            ok = c != 0;
            sig[o++] = c;
        }
        if (!ok)
            continue; /* reference types cannot cross the capsule ABI (as for AOT exports) */
        if (t->nresults == 0)
            sig[o++] = ':';
        sig[o] = '\0';
        wcap_ib_export_t r = {e->index, 0, 0};
        r.name = pool_add(x, e->name, e->name_len);
        pool_add(x, "", 1);
        r.sig = pool_add(x, sig, o + 1);
        rec(&x->exports, &r, sizeof r);
        x->h.n_exports++;
    }
    return 1;
}

static int elem_items(ix_mod_t *x, int exprs, wcap_ib_elem_t *e)
{
    uint32_t n, v, kind;
    uint64_t val;
    if (!wcapc_rd_count(&x->r, 1, &n))
        return 0;
    e->count = n;
    e->items = (uint32_t)x->pool.len;
    for (uint32_t i = 0; i < n; i++) {
        if (exprs) {
            if (!init_expr(x, &kind, &v, &val))
                return 0;
            if (kind == WCAP_IB_INIT_GLOBAL)
                return wcapc_rd_fail(&x->r, WCAPC_WASM_UNSUPPORTED, "global.get in an element segment");
            v = kind == WCAP_IB_INIT_FUNC ? v + 1 : 0;
        } else {
            if (!wcapc_rd_u32(&x->r, &v))
                return 0;
            v++;
        }
        uint8_t b[4];
        wcap_wr32(b, v);
        pool_add(x, b, 4);
    }
    return 1;
}

static int sec_elem(ix_mod_t *x)
{
    uint32_t n, flags, kind;
    uint64_t val;
    uint8_t b;
    if (!wcapc_rd_count(&x->r, 1, &n))
        return 0;
    while (x->pool.len % 4)
        pool_add(x, "", 1);
    for (uint32_t i = 0; i < n; i++) {
        wcap_ib_elem_t e;
        memset(&e, 0, sizeof e);
        if (!wcapc_rd_u32(&x->r, &flags) || flags > 7)
            return wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "element segment flags");
        e.mode = (flags & 1) ? ((flags & 2) ? WCAP_IB_SEG_DECLARED : WCAP_IB_SEG_PASSIVE) : WCAP_IB_SEG_ACTIVE;
        if ((flags & 3) == 2 && !wcapc_rd_u32(&x->r, &e.table))
            return 0;
        if (!(flags & 1)) {
            if (!init_expr(x, &e.off_kind, &e.off_value, &val))
                return 0;
            if (e.off_kind == WCAP_IB_INIT_CONST)
                e.off_value = (uint32_t)val;
        }
        if ((flags & 3) != 0 && !wcapc_rd_u8(&x->r, &b)) /* elemkind or reftype */
            return 0;
        if (!elem_items(x, (flags & 4) != 0, &e))
            return 0;
        (void)kind;
        rec(&x->elem, &e, sizeof e);
    }
    x->h.n_elem = x->im.n_elem = n;
    return 1;
}

static int sec_data(ix_mod_t *x)
{
    uint32_t n, flags, mem;
    uint64_t val;
    const uint8_t *p;
    if (!wcapc_rd_count(&x->r, 1, &n))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        wcap_ib_data_t d;
        memset(&d, 0, sizeof d);
        if (!wcapc_rd_u32(&x->r, &flags) || flags > 2)
            return wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "data segment flags");
        if (flags == 2 && !wcapc_rd_u32(&x->r, &mem))
            return 0;
        d.mode = flags == 1 ? WCAP_IB_SEG_PASSIVE : WCAP_IB_SEG_ACTIVE;
        if (flags != 1) {
            if (!init_expr(x, &d.off_kind, &d.off_value, &val))
                return 0;
            if (d.off_kind == WCAP_IB_INIT_CONST)
                d.off_value = (uint32_t)val;
        }
        if (!wcapc_rd_count(&x->r, 1, &d.len) || !wcapc_rd_bytes(&x->r, d.len, &p))
            return 0;
        d.bytes = pool_add(x, p, d.len);
        rec(&x->data, &d, sizeof d);
    }
    x->h.n_data = x->im.n_data = n;
    return 1;
}

static int sec_code(ix_mod_t *x)
{
    const wcapc_module_t *m = x->im.m;
    uint32_t n;
    if (!wcapc_rd_count(&x->r, 2, &n))
        return 0;
    if (n != m->n_funcs - m->n_func_imports)
        return wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "function and code section counts differ");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size, f = m->n_func_imports + i;
        wcapc_ix_func_t o;
        if (!wcapc_rd_u32(&x->r, &size) || size > x->r.end - x->r.pos)
            return wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "function body size");
        size_t sec_end = x->r.end;
        x->r.end = x->r.pos + size;
        x->fr[f].code = (uint32_t)x->code.len;
        if (!wcapc_ix_body(&x->r, &x->im, m->func_types[f], &x->code, &o))
            return 0;
        x->fr[f].code_len = (uint32_t)x->code.len - x->fr[f].code;
        x->fr[f].n_locals = (uint16_t)o.n_locals;
        x->fr[f].max_height = (uint16_t)o.max_height;
        x->r.end = sec_end;
    }
    return 1;
}

/* Sections in order; the type, import, function, memory and export sections
 * were read by wcapc_wasm_parse. */
static int sections(ix_mod_t *x, wcapc_ix_out_t *out)
{
    x->r.pos = 8;
    while (x->r.pos < x->r.end && !x->r.status) {
        uint8_t id;
        uint32_t size;
        if (!wcapc_rd_u8(&x->r, &id) || !wcapc_rd_u32(&x->r, &size) || size > x->r.end - x->r.pos)
            return wcapc_rd_fail(&x->r, WCAPC_WASM_MALFORMED, "section size");
        size_t next = x->r.pos + size, end = x->r.end;
        x->r.end = next;
        int ok = 1;
        switch (id) {
        case 4: ok = sec_tables(x, out); break;
        case 6: ok = sec_globals(x); break;
        case 8: ok = wcapc_rd_u32(&x->r, &x->h.start); break;
        case 9: ok = sec_elem(x); break;
        case 10: ok = sec_code(x); break;
        case 11: ok = sec_data(x); break;
        default: break;
        }
        if (!ok)
            return 0;
        x->r.pos = next;
        x->r.end = end;
    }
    return !x->r.status;
}

static int place(wcapc_buf_t *img, uint32_t *off, const wcapc_buf_t *part)
{
    static const uint8_t zero[8];
    if (wcapc_buf_put(img, zero, (8 - img->len % 8) % 8))
        return -1;
    *off = (uint32_t)img->len;
    return part->len ? wcapc_buf_put(img, part->data, part->len) : 0;
}

static int assemble(ix_mod_t *x, wcapc_ix_out_t *out)
{
    const wcapc_module_t *m = x->im.m;
    wcap_ib_header_t *h = &x->h;
    for (uint32_t f = 0; f < m->n_funcs; f++) {
        x->fr[f].type = m->func_types[f];
        rec(&x->funcs, &x->fr[f], sizeof x->fr[f]);
    }
    h->magic = WCAP_IB_MAGIC;
    h->n_types = m->n_types;
    h->n_funcs = m->n_funcs;
    h->n_imports = m->n_func_imports;
    h->has_memory = m->has_memory;
    h->mem_min_pages = m->mem_min_pages;
    h->mem_max_pages = m->mem_has_max ? m->mem_max_pages : 65536u;
    h->code_len = (uint32_t)x->code.len;
    h->pool_len = (uint32_t)x->pool.len;
    if (wcapc_buf_put(&out->image, h, sizeof *h) || place(&out->image, &h->off_types, &x->types) ||
        place(&out->image, &h->off_funcs, &x->funcs) || place(&out->image, &h->off_globals, &x->globals) ||
        place(&out->image, &h->off_exports, &x->exports) || place(&out->image, &h->off_tables, &x->tables) ||
        place(&out->image, &h->off_data, &x->data) || place(&out->image, &h->off_elem, &x->elem) ||
        place(&out->image, &h->off_code, &x->code) || place(&out->image, &h->off_pool, &x->pool))
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    memcpy(out->image.data, h, sizeof *h); /* now with the offsets */
    out->code_len = h->code_len;
    out->instance_size =
        WCAP_IB_INSTANCE_SIZE(h->n_exports, h->n_imports, h->n_globals, h->n_tables, h->n_data + h->n_elem);
    return WCAPC_EXIT_OK;
}

int wcapc_ix_translate(const uint8_t *wasm, size_t len, const wcapc_module_t *m, const wcapc_symdef_t *extra,
                       size_t n_extra, uint32_t caps, wcapc_ix_out_t *out)
{
    ix_mod_t *x = calloc(1, sizeof *x);
    int rc;
    if (!x)
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    memset(out, 0, sizeof *out);
    x->wasm = wasm;
    x->r.b = wasm;
    x->r.end = len;
    x->r.err = x->err;
    x->r.errcap = sizeof x->err;
    x->im.m = m;
    x->h.start = WCAP_IB_NO_START;
    x->fr = calloc(m->n_funcs + 1, sizeof *x->fr);
    rc = x->fr ? imports(x, extra, n_extra, caps, out) : wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    if (rc == WCAPC_EXIT_OK) {
        types(x);
        sec_exports(x);
        if (!sections(x, out))
            rc = wcapc_fail(x->r.status == WCAPC_WASM_UNSUPPORTED ? WCAPC_EXIT_UNSUPPORTED : WCAPC_EXIT_INPUT,
                            "interpreter translation: %s", x->err);
    }
    if (rc == WCAPC_EXIT_OK)
        rc = assemble(x, out);
    wcapc_buf_t *bufs[] = {&x->types, &x->funcs, &x->globals, &x->exports, &x->tables,
                           &x->data,  &x->elem,  &x->code,    &x->pool};
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        wcapc_buf_free(bufs[i]);
    free(x->im.global_mut);
    free(x->fr);
    free(x);
    return rc;
}

void wcapc_ix_free(wcapc_ix_out_t *out)
{
    wcapc_buf_free(&out->image);
}
