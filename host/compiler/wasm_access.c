/*
 * Memory accesses per function, in wasm2c's emission order (wasm_access.h).
 */
#include "wasm_access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm_code.h"
#include "wasm_reader.h"

/* Opcodes 0x28..0x3E in order, then the three 0xFC bulk operations. */
const wcapc_access_kind_t wcapc_access_kinds[] = {
    {"i32_load", 4, 0},     {"i64_load", 8, 0},     {"f32_load", 4, 0},     {"f64_load", 8, 0},
    {"i32_load8_s", 1, 0},  {"i32_load8_u", 1, 0},  {"i32_load16_s", 2, 0}, {"i32_load16_u", 2, 0},
    {"i64_load8_s", 1, 0},  {"i64_load8_u", 1, 0},  {"i64_load16_s", 2, 0}, {"i64_load16_u", 2, 0},
    {"i64_load32_s", 4, 0}, {"i64_load32_u", 4, 0}, {"i32_store", 4, 1},    {"i64_store", 8, 1},
    {"f32_store", 4, 1},    {"f64_store", 8, 1},    {"i32_store8", 1, 1},   {"i32_store16", 2, 1},
    {"i64_store8", 1, 1},   {"i64_store16", 2, 1},  {"i64_store32", 4, 1},  {"memory_init", 0, 1},
    {"memory_copy", 0, 1},  {"memory_fill", 0, 1},
};
const size_t wcapc_n_access_kinds = sizeof wcapc_access_kinds / sizeof wcapc_access_kinds[0];

#define KIND_MEMORY_INIT 23u

/* The kind of an instruction, or -1 when it does not access memory. */
static int access_kind(const wcapc_insn_t *in)
{
    if (in->op >= 0x28 && in->op <= 0x3E)
        return in->op - 0x28;
    if (in->op == 0xFC && (in->sub == 8 || in->sub == 10 || in->sub == 11))
        return (int)KIND_MEMORY_INIT + (in->sub == 8 ? 0 : (int)in->sub - 9);
    return -1;
}

/* Dead-code tracking: wasm2c stops writing a block's instruction list after
 * br, br_table, return and unreachable; `else` starts the if's other list,
 * `end` closes it. */
typedef struct {
    const wcapc_code_visitor_t *v;
    uint32_t depth;   /* open blocks in the current function */
    uint32_t dead_at; /* depth whose instruction list is unreachable; UINT32_MAX: live */
} walk_t;

static void on_insn(void *ctx, const wcapc_insn_t *in)
{
    walk_t *w = ctx;
    int live = w->dead_at == UINT32_MAX;
    switch (in->op) {
    case 0x02:
    case 0x03:
    case 0x04: w->depth++; break;
    case 0x05:
        if (w->dead_at == w->depth)
            w->dead_at = UINT32_MAX;
        break;
    case 0x0B:
        if (w->dead_at == w->depth)
            w->dead_at = UINT32_MAX;
        if (w->depth)
            w->depth--;
        break;
    case 0x00:
    case 0x0C:
    case 0x0E:
    case 0x0F:
        if (live)
            w->dead_at = w->depth;
        break;
    default: break;
    }
    w->v->insn(w->v->ctx, in, access_kind(in), live || in->op == 0x05 || in->op == 0x0B);
}

static int bodies(wcapc_rd_t *r, walk_t *w, uint32_t n)
{
    for (uint32_t f = 0; f < n; f++) {
        uint32_t size, groups, cnt;
        uint8_t t;
        if (!wcapc_rd_u32(r, &size) || size > r->end - r->pos)
            return 0;
        size_t outer_end = r->end;
        r->end = r->pos + size;
        if (!wcapc_rd_u32(r, &groups))
            return 0;
        for (uint32_t g = 0; g < groups; g++)
            if (!wcapc_rd_u32(r, &cnt) || !wcapc_rd_u8(r, &t))
                return 0;
        w->depth = 0;
        w->dead_at = UINT32_MAX;
        w->v->begin(w->v->ctx, f);
        if (!wcapc_walk_code(r, on_insn, w))
            return 0;
        r->pos = r->end;
        r->end = outer_end;
    }
    return 1;
}

int wcapc_walk_functions(const wcapc_module_t *m, const wcapc_code_visitor_t *v, uint32_t *n_funcs, char *err,
                         size_t errcap)
{
    err[0] = 0;
    *n_funcs = 0;
    if (m->code_len == 0)
        return 0;
    wcapc_rd_t r = {m->bytes, m->code_off, m->code_off + m->code_len, 0, err, errcap};
    walk_t w = {.v = v, .dead_at = UINT32_MAX};
    uint32_t n;
    if (!wcapc_rd_u32(&r, &n) || n > m->n_funcs || !bodies(&r, &w, n)) {
        if (!err[0])
            snprintf(err, errcap, "code section unreadable");
        return -1;
    }
    *n_funcs = n;
    return 0;
}

typedef struct {
    wcapc_accesses_t *a;
    uint32_t cap, funcs_cap;
    int oom;
} list_t;

static void list_begin(void *ctx, uint32_t func)
{
    list_t *l = ctx;
    if (func + 1u >= l->funcs_cap) {
        uint32_t cap = l->funcs_cap ? l->funcs_cap * 2u : 64u;
        uint32_t *f = cap > func + 1u ? realloc(l->a->first, (size_t)cap * sizeof *f) : NULL;
        if (!f) {
            l->oom = 1;
            return;
        }
        l->a->first = f;
        l->funcs_cap = cap;
    }
    l->a->first[func] = l->a->n;
    l->a->first[func + 1] = l->a->n;
}

static void list_insn(void *ctx, const wcapc_insn_t *in, int kind, int live)
{
    list_t *l = ctx;
    wcapc_accesses_t *a = l->a;
    if (kind < 0 || !live || l->oom)
        return;
    if (a->n == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2u : 64u;
        uint8_t *k = cap > l->cap ? realloc(a->kind, cap) : NULL;
        if (k)
            a->kind = k;
        uint32_t *o = k ? realloc(a->offset, (size_t)cap * sizeof *o) : NULL;
        if (!o) {
            l->oom = 1;
            return;
        }
        a->offset = o;
        l->cap = cap;
    }
    a->kind[a->n] = (uint8_t)kind;
    a->offset[a->n++] = kind >= (int)KIND_MEMORY_INIT ? 0u : in->offset;
}

int wcapc_accesses_read(const wcapc_module_t *m, wcapc_accesses_t *a, char *err, size_t errcap)
{
    memset(a, 0, sizeof *a);
    list_t l = {.a = a};
    wcapc_code_visitor_t v = {list_begin, list_insn, &l};
    uint32_t n;
    int rc = wcapc_walk_functions(m, &v, &n, err, errcap);
    if (rc == 0 && !l.oom && !a->first)
        a->first = calloc(1, sizeof *a->first);
    if (rc || l.oom || !a->first) {
        if (rc == 0)
            snprintf(err, errcap, "out of memory");
        wcapc_accesses_free(a);
        return -1;
    }
    a->first[n] = a->n;
    a->n_funcs = n;
    return 0;
}

void wcapc_accesses_free(wcapc_accesses_t *a)
{
    free(a->first);
    free(a->kind);
    free(a->offset);
    memset(a, 0, sizeof *a);
}
