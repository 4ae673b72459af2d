/*
 * Loader stream tests with hand-built blobs: a good blob fed in chunks of
 * 1..64 bytes loads and runs; every rejection path returns its own code and
 * leaves the heap exactly as before (`used` compared) with the output zeroed.
 * Usage: test_stream CASE   (CASE = chunks | two_capsules | reject_<what>)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader_fixture.h"
#include "test_util.h"

static fx_t fx;
static char logbuf[256];

static void on_out(void *user, wcap_out_kind_t kind, const uint8_t *d, size_t n)
{
    (void)user;
    (void)kind;
    snprintf(logbuf, sizeof logbuf, "%.*s", (int)n, (const char *)d);
}

static int add42(wcap_capsule_t *c, uint32_t x)
{
    wcap_val_t v[2];
    v[0].i32 = x;
    CHECK_EQ(wcap_rt_call_export(&c->rt, "add42", v, 2, NULL), WCAP_OK);
    return (int)v[0].i32;
}

static void test_chunks(void)
{
    tb_spec_t s;
    xi_t x;
    tb_blob_t b;
    size_t chunk, base_used = wcap_heap_used(&fx.heap);
    tb_spec_init(&s);
    xi_build(&x, &s);
    tb_build(&s, &b);
    for (chunk = 1; chunk <= 64; chunk++) {
        wcap_capsule_t c;
        wcap_val_t v[1];
        CHECK_EQ(fx_load(&fx, b.data, b.len, chunk, &c), WCAP_OK);
        CHECK_EQ(wcap_ldr_received(&fx.ld), b.len);
        CHECK_EQ(add42(&c, 5), 47);
        c.rt.out = on_out;
        logbuf[0] = '\0';
        CHECK_EQ(wcap_rt_call_export(&c.rt, "hello", v, 1, NULL), WCAP_OK);
        CHECK(strcmp(logbuf, "hi") == 0);
        CHECK_EQ(c.rt.memory->size, 4096);
        CHECK(wcap_heap_used(&fx.heap) > base_used);
        wcap_capsule_unload(&c, &fx.cfg);
        CHECK_EQ(wcap_heap_used(&fx.heap), base_used);
    }
    free(b.data);
}

/* The relocation table split in two chunks at every byte (inside LEB128s too). */
static void test_rtab_splits(void)
{
    tb_spec_t s;
    xi_t x;
    tb_blob_t b;
    size_t k, start, base_used = wcap_heap_used(&fx.heap);
    tb_spec_init(&s);
    xi_build(&x, &s);
    tb_build(&s, &b);
    for (start = 0, k = 0; k < XI_N_RELOCS; k++) {
        uint8_t tmp[WCAP_RTAB_REC_MAX];
        uint32_t prev = k == 0 ? 0u : x.relocs[k - 1].offset;
        start += wcap_rtab_encode(tmp, &prev, x.relocs[k].offset, x.relocs[k].kind, x.relocs[k].sym);
    }
    CHECK(start < b.len);
    start = b.len - start; /* the table is the last part of the payload */
    for (k = start; k <= b.len; k++) {
        wcap_capsule_t c;
        int rc = wcap_ldr_begin(&fx.ld, &c);
        if (rc == WCAP_OK) {
            rc = wcap_ldr_feed(&fx.ld, b.data, k);
        }
        if (rc == WCAP_OK) {
            rc = wcap_ldr_feed(&fx.ld, b.data + k, b.len - k);
        }
        rc = rc == WCAP_OK ? wcap_ldr_finish(&fx.ld) : rc;
        CHECK_EQ(rc, WCAP_OK);
        if (rc != WCAP_OK) {
            break;
        }
        CHECK_EQ(add42(&c, 5), 47);
        wcap_capsule_unload(&c, &fx.cfg);
        CHECK_EQ(wcap_heap_used(&fx.heap), base_used);
    }
    free(b.data);
}

/* Two capsules at once: traps and time-outs in one leave the other working. */
static void test_two_capsules(void)
{
    tb_spec_t s;
    xi_t x;
    wcap_capsule_t a, b;
    wcap_val_t v[1];
    tb_spec_init(&s);
    xi_build(&x, &s);
    s.m.time_budget_ms = 50;
    CHECK_EQ(fx_load_spec(&fx, &s, &a), WCAP_OK);
    strcpy(s.m.name, "other");
    CHECK_EQ(fx_load_spec(&fx, &s, &b), WCAP_OK);
    CHECK_EQ(wcap_rt_call_export(&a.rt, "spin", v, 1, NULL), WCAP_E_RT_TRAP);
    CHECK_EQ(a.rt.last_trap, WASM_RT_TRAP_TIMEOUT);
    CHECK_EQ(add42(&b, 1), 43);
    CHECK_EQ(wcap_rt_call_export(&b.rt, "trap", v, 1, NULL), WCAP_E_RT_TRAP);
    CHECK_EQ(b.rt.last_trap, WASM_RT_TRAP_DIV_BY_ZERO);
    CHECK_EQ(add42(&a, 2), 44);
    CHECK_EQ(add42(&b, 3), 45);
    CHECK_EQ(wcap_rt_call_export(&a.rt, "nope", v, 1, NULL), WCAP_E_RT_NO_EXPORT);
    CHECK_EQ(wcap_rt_call_export(&a.rt, "add42", v, 0, NULL), WCAP_E_RT_ARGS);
    wcap_capsule_unload(&a, &fx.cfg);
    wcap_capsule_unload(&b, &fx.cfg);
    CHECK_EQ(wcap_heap_used(&fx.heap), 0);
}

/* ---- rejections ---------------------------------------------------------- */

typedef enum { FEED_ALL, FEED_SHORT, FEED_EXTRA } feed_t;

typedef struct {
    const char *name;
    int expect;
    void (*tweak)(tb_spec_t *s, xi_t *x);
    void (*patch)(tb_blob_t *b); /* after signing */
    feed_t feed;
} reject_case_t;

static void t_none(tb_spec_t *s, xi_t *x)
{
    (void)s;
    (void)x;
}
static void t_sig(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->corrupt_sig = 1;
}
static void t_digest(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->corrupt_payload = 1;
}
static void t_key(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->seed = 2;
}
static void t_target(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.target = WCAP_TARGET_CORTEX_M4;
}
static void t_abi(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.abi_version = WCAP_ABI_VERSION + 1;
}
static void t_rollback(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.version = 5;
}
static void t_caps(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.caps = WCAP_CAP_LOG | WCAP_CAP_LED;
}
static void t_import_cap(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.caps = 0;
}
static void t_memory(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.mem_max = (1u << 20) + 1;
    s->m.mem_min = 0;
}
static void t_space(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.mem_max = 1u << 20;
}
static void t_stack(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.stack_budget = 256u * 1024u + 1;
}
static void t_name(tb_spec_t *s, xi_t *x)
{
    (void)x;
    strcpy(s->m.name, "bad name");
}
static void t_layout(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.text_size = XI_IMAGE_SIZE;
}
static void t_entry(tb_spec_t *s, xi_t *x)
{
    (void)x;
    s->m.entry = XI_IMAGE_SIZE - 8;
}
static void t_import(tb_spec_t *s, xi_t *x)
{
    (void)s;
    x->imports[1] = 500;
}
static void t_unavail(tb_spec_t *s, xi_t *x)
{
    (void)s;
    x->imports[1] = 128;
}
static void t_rkind(tb_spec_t *s, xi_t *x)
{
    (void)s;
    x->relocs[0].kind = WCAP_R_ABS32;
}
static void t_roff(tb_spec_t *s, xi_t *x)
{
    (void)s;
    x->relocs[0].offset = XI_IMAGE_SIZE - 4;
}
static void t_rsym(tb_spec_t *s, xi_t *x)
{
    (void)s;
    x->relocs[17].sym = 3;
}
static void t_desc(tb_spec_t *s, xi_t *x)
{
    (void)s;
    wcap_wr32(x->image + XI_ENTRY, 99);
}
static void t_init_trap(tb_spec_t *s, xi_t *x)
{
    (void)s;
    wcap_wr32(x->image + XI_ENTRY + 32, XI_TRAP_FN); /* instantiate -> traps */
}
/* Malformed relocation tables: the first 20 records encoded normally, then
 * `tail` in place of the last one (21 in the manifest). */
static uint8_t raw_tab[XI_N_RELOCS * WCAP_RTAB_REC_MAX + 16];

static void raw_with_tail(tb_spec_t *s, const xi_t *x, const uint8_t *tail, uint32_t n)
{
    uint32_t i, len = 0, prev = 0;
    for (i = 0; i + 1u < XI_N_RELOCS; i++) {
        const wcap_reloc_t *r = &x->relocs[i];
        len += wcap_rtab_encode(raw_tab + len, &prev, r->offset, r->kind, r->sym);
    }
    memcpy(raw_tab + len, tail, n);
    s->raw_relocs = raw_tab;
    s->raw_relocs_len = len + n;
}

/* The last record encoded after the real 20th, with kind/offset/sym given. */
static void raw_last(tb_spec_t *s, const xi_t *x, uint8_t kind, uint32_t offset, uint32_t sym, int extra)
{
    uint8_t tail[2 * WCAP_RTAB_REC_MAX];
    uint32_t prev = x->relocs[XI_N_RELOCS - 2u].offset, n;
    n = wcap_rtab_encode(tail, &prev, offset, kind, sym);
    if (extra) { /* one more complete record after it */
        n += wcap_rtab_encode(tail + n, &prev, offset, kind, sym);
    }
    raw_with_tail(s, x, tail, n);
}

static void t_tab_trunc(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {WCAP_R_X86_PC32, 0x80}; /* delta LEB128 continues past the end */
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_trunc_index(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {WCAP_R_X86_PC32, 0x2C, 0x82}; /* index LEB128 continues past the end */
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_overlong(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {WCAP_R_X86_PC32, 0xAC, 0x80, 0x80, 0x80, 0x80, 0x00, 0x02};
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_over32(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {WCAP_R_X86_PC32, 0xAC, 0x80, 0x80, 0x80, 0x10, 0x02};
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_padded(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {WCAP_R_X86_PC32, 0xAC, 0x00, 0x02}; /* 0x2C padded with a zero group */
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_kind(tb_spec_t *s, xi_t *x)
{
    static const uint8_t tail[] = {0x0F, 0x2C, 0x02}; /* kind 15 */
    raw_with_tail(s, x, tail, sizeof tail);
}
static void t_tab_past_end(tb_spec_t *s, xi_t *x)
{
    raw_last(s, x, WCAP_R_ABS64, XI_IMAGE_SIZE, WCAP_SYM_IMAGE, 0);
}
static void t_tab_wrap(tb_spec_t *s, xi_t *x)
{
    raw_last(s, x, WCAP_R_X86_PC32, 0xFFFFFFFEu, 2, 0);
}
static void t_tab_index(tb_spec_t *s, xi_t *x)
{
    raw_last(s, x, WCAP_R_X86_PC32, 0xAA, 0xFFFFFFFFu, 0);
}
static void t_tab_index16(tb_spec_t *s, xi_t *x)
{
    raw_last(s, x, WCAP_R_X86_PC32, 0xAA, 0x10002u, 0);
}
static void t_tab_extra(tb_spec_t *s, xi_t *x)
{
    raw_last(s, x, WCAP_R_X86_PC32, 0xAA, 2, 1);
}
static void t_tab_count(tb_spec_t *s, xi_t *x)
{
    s->m.n_relocs = XI_N_RELOCS + 1u; /* the table holds the 21 good records */
    raw_last(s, x, WCAP_R_X86_PC32, 0xAA, 2, 0);
}
static void t_tab_fewer(tb_spec_t *s, xi_t *x)
{
    s->m.n_relocs = XI_N_RELOCS - 1u; /* the table holds 21 */
    raw_last(s, x, WCAP_R_X86_PC32, 0xAA, 2, 0);
}
static void p_none(tb_blob_t *b)
{
    (void)b;
}
static void p_magic(tb_blob_t *b)
{
    b->data[1] ^= 1u;
}
static void p_format(tb_blob_t *b)
{
    b->data[4] = 2;
}
static void p_header(tb_blob_t *b)
{
    b->data[12] = 1;
}
static void p_mansize(tb_blob_t *b)
{
    wcap_wr16(b->data + 6, WCAP_MANIFEST_MAX + 1);
}
static void p_manifest(tb_blob_t *b)
{
    b->data[16] = 0xFF;
} /* signature then fails first */

static const reject_case_t cases[] = {
    {"bad_magic", WCAP_E_LDR_MAGIC, t_none, p_magic, FEED_ALL},
    {"format", WCAP_E_LDR_FORMAT, t_none, p_format, FEED_ALL},
    {"header", WCAP_E_LDR_HEADER, t_none, p_header, FEED_ALL},
    {"manifest_too_big", WCAP_E_LDR_MANIFEST_SIZE, t_none, p_mansize, FEED_ALL},
    {"truncated", WCAP_E_LDR_TRUNCATED, t_none, p_none, FEED_SHORT},
    {"trailing", WCAP_E_LDR_TRAILING, t_none, p_none, FEED_EXTRA},
    {"bad_signature", WCAP_E_LDR_SIGNATURE, t_sig, p_none, FEED_ALL},
    {"tampered_manifest", WCAP_E_LDR_SIGNATURE, t_none, p_manifest, FEED_ALL},
    {"digest", WCAP_E_LDR_DIGEST, t_digest, p_none, FEED_ALL},
    {"untrusted_key", WCAP_E_LDR_UNTRUSTED_KEY, t_key, p_none, FEED_ALL},
    {"wrong_target", WCAP_E_LDR_TARGET, t_target, p_none, FEED_ALL},
    {"wrong_abi", WCAP_E_LDR_ABI, t_abi, p_none, FEED_ALL},
    {"rollback", WCAP_E_LDR_ROLLBACK, t_rollback, p_none, FEED_ALL},
    {"ungranted_cap", WCAP_E_LDR_CAPS, t_caps, p_none, FEED_ALL},
    {"import_cap", WCAP_E_LDR_CAPS, t_import_cap, p_none, FEED_ALL},
    {"memory_too_large", WCAP_E_LDR_MEMORY, t_memory, p_none, FEED_ALL},
    {"no_space", WCAP_E_LDR_NO_SPACE, t_space, p_none, FEED_ALL},
    {"stack", WCAP_E_LDR_STACK, t_stack, p_none, FEED_ALL},
    {"name", WCAP_E_LDR_NAME, t_name, p_none, FEED_ALL},
    {"layout", WCAP_E_LDR_LAYOUT, t_layout, p_none, FEED_ALL},
    {"entry_outside", WCAP_E_LDR_LAYOUT, t_entry, p_none, FEED_ALL},
    {"unknown_import", WCAP_E_LDR_IMPORT, t_import, p_none, FEED_ALL},
    {"import_unavailable", WCAP_E_LDR_IMPORT_UNAVAIL, t_unavail, p_none, FEED_ALL},
    {"reloc_kind", WCAP_E_LDR_RELOC_KIND, t_rkind, p_none, FEED_ALL},
    {"reloc_offset", WCAP_E_LDR_RELOC_OFFSET, t_roff, p_none, FEED_ALL},
    {"reloc_sym", WCAP_E_LDR_RELOC_SYM, t_rsym, p_none, FEED_ALL},
    {"rtab_truncated_leb", WCAP_E_LDR_RELOC_TRUNC, t_tab_trunc, p_none, FEED_ALL},
    {"rtab_truncated_index", WCAP_E_LDR_RELOC_TRUNC, t_tab_trunc_index, p_none, FEED_ALL},
    {"rtab_overlong_leb", WCAP_E_LDR_RELOC_LEB, t_tab_overlong, p_none, FEED_ALL},
    {"rtab_leb_over_32_bits", WCAP_E_LDR_RELOC_LEB, t_tab_over32, p_none, FEED_ALL},
    {"rtab_noncanonical_leb", WCAP_E_LDR_RELOC_LEB, t_tab_padded, p_none, FEED_ALL},
    {"rtab_unknown_kind", WCAP_E_LDR_RELOC_KIND, t_tab_kind, p_none, FEED_ALL},
    {"rtab_offset_past_end", WCAP_E_LDR_RELOC_OFFSET, t_tab_past_end, p_none, FEED_ALL},
    {"rtab_offset_wraps", WCAP_E_LDR_RELOC_OFFSET, t_tab_wrap, p_none, FEED_ALL},
    {"rtab_index_range", WCAP_E_LDR_RELOC_SYM, t_tab_index, p_none, FEED_ALL},
    {"rtab_index_not_narrowed", WCAP_E_LDR_RELOC_SYM, t_tab_index16, p_none, FEED_ALL},
    {"rtab_fewer_records", WCAP_E_LDR_RELOC_COUNT, t_tab_count, p_none, FEED_ALL},
    {"rtab_trailing_bytes", WCAP_E_LDR_RELOC_EXTRA, t_tab_extra, p_none, FEED_ALL},
    {"rtab_more_records", WCAP_E_LDR_RELOC_EXTRA, t_tab_fewer, p_none, FEED_ALL},
    {"descriptor", WCAP_E_LDR_ENTRY, t_desc, p_none, FEED_ALL},
    {"init_trap", WCAP_E_LDR_INIT_TRAP, t_init_trap, p_none, FEED_ALL},
};

static void run_reject(const reject_case_t *rc, size_t heap_bytes)
{
    tb_spec_t s;
    xi_t x;
    tb_blob_t b;
    wcap_capsule_t keep, c;
    size_t used;
    int got;
    uint8_t zero[sizeof c];

    /* An already loaded capsule must survive every failed load untouched. */
    tb_spec_init(&s);
    xi_build(&x, &s);
    s.m.version = 10;
    CHECK_EQ(fx_load_spec(&fx, &s, &keep), WCAP_OK);
    used = wcap_heap_used(&fx.heap);
    fx.floor = 9;
    (void)heap_bytes;

    tb_spec_init(&s);
    xi_build(&x, &s);
    s.m.version = 11;
    rc->tweak(&s, &x);
    tb_build(&s, &b);
    rc->patch(&b);
    memset(&c, 0xA5, sizeof c);
    if (rc->feed == FEED_ALL) {
        got = fx_load(&fx, b.data, b.len, 64, &c);
    } else if (rc->feed == FEED_SHORT) {
        got = fx_load(&fx, b.data, b.len - 1, 64, &c);
    } else {
        uint8_t *more = malloc(b.len + 1);
        memcpy(more, b.data, b.len);
        more[b.len] = 0;
        got = fx_load(&fx, more, b.len + 1, 64, &c);
        free(more);
    }
    free(b.data);
    CHECK_EQ(got, rc->expect);
    if (got != rc->expect) {
        fprintf(stderr, "  got \"%s\"\n", wcap_strerror(got));
    }
    CHECK_EQ(wcap_heap_used(&fx.heap), used);
    memset(zero, 0, sizeof zero);
    CHECK(memcmp(&c, zero, sizeof c) == 0);
    CHECK_EQ(wcap_ldr_feed(&fx.ld, zero, 1), WCAP_E_LDR_STATE);
    CHECK_EQ(wcap_ldr_manifest(&fx.ld) == NULL, 1);
    CHECK_EQ(add42(&keep, 1), 43);
    wcap_capsule_unload(&keep, &fx.cfg);
    CHECK_EQ(wcap_heap_used(&fx.heap), 0);
}

int main(int argc, char **argv)
{
    size_t i;
    const char *which = argc > 1 ? argv[1] : "";
    fx_init(&fx, 0);
    if (strcmp(which, "chunks") == 0) {
        test_chunks();
        return tu_finish("loader.chunks");
    }
    if (strcmp(which, "rtab_splits") == 0) {
        test_rtab_splits();
        return tu_finish("loader.rtab_splits");
    }
    if (strcmp(which, "two_capsules") == 0) {
        test_two_capsules();
        return tu_finish("loader.two_capsules");
    }
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strncmp(which, "reject_", 7) == 0 && strcmp(which + 7, cases[i].name) == 0) {
            if (strcmp(cases[i].name, "no_space") == 0) {
                fx_init(&fx, 512u * 1024u);
            }
            if (strcmp(cases[i].name, "ungranted_cap") == 0) {
                fx.cfg.granted_caps = WCAP_CAP_LOG | WCAP_CAP_TIME;
            }
            run_reject(&cases[i], 0);
            return tu_finish(which);
        }
    }
    if (strcmp(which, "list") == 0) {
        for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
            printf("reject_%s\n", cases[i].name);
        }
        return 0;
    }
    fprintf(stderr, "unknown case %s\n", which);
    return 2;
}
