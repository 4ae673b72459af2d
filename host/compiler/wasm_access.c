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

typedef struct {
    wcapc_accesses_t *a;
    uint32_t cap;
    uint32_t depth;   /* open blocks in the current function */
    uint32_t dead_at; /* depth whose instruction list is unreachable; UINT32_MAX: live */
    int oom;
} walk_t;

static void push(walk_t *w, int kind, uint32_t offset)
{
    wcapc_accesses_t *a = w->a;
    if (a->n == w->cap) {
        uint32_t cap = w->cap ? w->cap * 2u : 64u;
        uint8_t *k = realloc(a->kind, cap);
        if (k)
            a->kind = k;
        uint32_t *o = realloc(a->offset, (size_t)cap * sizeof *o);
        if (o)
            a->offset = o;
        if (!k || !o || cap < w->cap) {
            w->oom = 1;
            return;
        }
        w->cap = cap;
    }
    a->kind[a->n] = (uint8_t)kind;
    a->offset[a->n++] = offset;
}

/* wasm2c stops writing a block's instruction list after br, br_table,
 * return and unreachable; `else` starts the if's other list, `end` closes it. */
static void on_insn(void *ctx, const wcapc_insn_t *in)
{
    walk_t *w = ctx;
    int live = w->dead_at == UINT32_MAX;
    switch (in->op) {
    case 0x02:
    case 0x03:
    case 0x04: w->depth++; return;
    case 0x05:
        if (w->dead_at == w->depth)
            w->dead_at = UINT32_MAX;
        return;
    case 0x0B:
        if (w->dead_at == w->depth)
            w->dead_at = UINT32_MAX;
        if (w->depth)
            w->depth--;
        return;
    case 0x00:
    case 0x0C:
    case 0x0E:
    case 0x0F:
        if (live)
            w->dead_at = w->depth;
        return;
    default: break;
    }
    int kind = access_kind(in);
    if (kind >= 0 && live && !w->oom)
        push(w, kind, kind >= (int)KIND_MEMORY_INIT ? 0u : in->offset);
}

static int bodies(wcapc_rd_t *r, walk_t *w, uint32_t n)
{
    for (uint32_t f = 0; f < n; f++) {
        uint32_t size, groups, cnt;
        uint8_t t;
        w->a->first[f] = w->a->n;
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
        if (!wcapc_walk_code(r, on_insn, w) || w->oom)
            return 0;
        r->pos = r->end;
        r->end = outer_end;
    }
    w->a->first[n] = w->a->n;
    return 1;
}

int wcapc_accesses_read(const wcapc_module_t *m, wcapc_accesses_t *a, char *err, size_t errcap)
{
    memset(a, 0, sizeof *a);
    err[0] = 0;
    if (m->code_len == 0)
        return (a->first = calloc(1, sizeof *a->first)) ? 0 : (snprintf(err, errcap, "out of memory"), -1);
    wcapc_rd_t r = {m->bytes, m->code_off, m->code_off + m->code_len, 0, err, errcap};
    walk_t w = {.a = a, .dead_at = UINT32_MAX};
    uint32_t n;
    int ok = wcapc_rd_u32(&r, &n) && n <= m->n_funcs && (a->first = calloc((size_t)n + 1, sizeof *a->first)) &&
             bodies(&r, &w, n);
    if (!ok) {
        if (!err[0])
            snprintf(err, errcap, w.oom || !a->first ? "out of memory" : "code section unreadable");
        wcapc_accesses_free(a);
        return -1;
    }
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
