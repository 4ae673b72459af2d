/*
 * loader.interp.*: interpreted blobs through the real loader, and the
 * device-side refusal of malformed bytecode (interp/src/validate.c,
 * format.c): each mutation of a valid image must be refused, before anything
 * runs, with its own WCAP_E_IX_* code. C11.
 *
 *   test_interp BLOB PUB CASE      (BLOB: an interpreted blob without imports)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_loader.h"
#include "ix_priv.h"
#include "wcap/blob_format.h"

static uint8_t *blob;
static size_t blob_len;
static _Alignas(16) uint8_t image[1 << 17];
static uint32_t image_size;
static _Alignas(16) uint8_t instance[1 << 14];

static int fail(const char *what, int got, int want)
{
    fprintf(stderr, "FAIL %s: got %d (%s), want %d (%s)\n", what, got, wcap_strerror(got), want, wcap_strerror(want));
    return 1;
}

static void read_blob(const char *path)
{
    FILE *f = fopen(path, "rb");
    blob = malloc(1 << 20);
    if (!f || !blob) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    blob_len = fread(blob, 1, 1 << 20, f);
    fclose(f);
    /* a blob without imports: the payload is the image */
    uint32_t mlen = wcap_rd16(blob + WCAP_HDR_MANIFEST_LEN), plen = wcap_rd32(blob + WCAP_HDR_PAYLOAD_LEN);
    size_t at = WCAP_HEADER_SIZE + mlen + WCAP_SIG_BLOCK_SIZE;
    if (at + plen != blob_len || plen > sizeof image) {
        fprintf(stderr, "unexpected blob layout\n");
        exit(2);
    }
    memcpy(image, blob + at, plen);
    image_size = plen;
}

static int prepare(uint32_t inst_size)
{
    const wcap_capsule_info_t *info;
    memset(instance, 0, sizeof instance);
    return wcap_interp_prepare(image, image_size, NULL, 0, instance, inst_size, &info);
}

static wcap_ib_header_t *hdr(void)
{
    return (wcap_ib_header_t *)(void *)image;
}
static wcap_ib_func_t *func(uint32_t i)
{
    return (wcap_ib_func_t *)(void *)(image + hdr()->off_funcs) + i;
}

/* The first instruction with opcode `op` in any function; NULL if none. */
static uint8_t *find(uint8_t op)
{
    for (uint32_t f = hdr()->n_imports; f < hdr()->n_funcs; f++) {
        uint8_t *c = image + hdr()->off_code + func(f)->code;
        uint32_t pc = 0, len = func(f)->code_len;
        while (pc < len) {
            if (c[pc] == op)
                return c + pc;
            int32_t n = wcap_ix_imm_size(c[pc], c + pc + 1, len - pc - 1);
            if (n < 0)
                return NULL;
            pc += 1 + (uint32_t)n;
        }
    }
    return NULL;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}
static void wr32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* One mutation: applies it and returns the code it must be refused with. */
static int mutate(const char *c)
{
    uint8_t *p;
    if (!strcmp(c, "magic")) {
        hdr()->magic ^= 1u;
        return WCAP_E_IX_FORMAT;
    }
    if (!strcmp(c, "section")) {
        hdr()->off_code = image_size + 8u;
        return WCAP_E_IX_FORMAT;
    }
    if (!strcmp(c, "opcode")) {
        image[hdr()->off_code + func(hdr()->n_imports)->code] = 0xFF;
        return WCAP_E_IX_OPCODE;
    }
    if (!strcmp(c, "local") && (p = find(WCAP_OP_LOCAL_GET))) {
        wr32(p + 1, 60000u);
        return WCAP_E_IX_INDEX;
    }
    if (!strcmp(c, "call") && (p = find(WCAP_OP_CALL))) {
        wr32(p + 1, hdr()->n_funcs);
        return WCAP_E_IX_INDEX;
    }
    if (!strcmp(c, "indirect_type") && (p = find(WCAP_OP_CALL_INDIRECT))) {
        wr32(p + 1, hdr()->n_types);
        return WCAP_E_IX_INDEX;
    }
    if (!strcmp(c, "branch") && (p = find(WCAP_OP_BR_IF))) {
        wr32(p + 1, rd32(p + 1) + 1u);
        return WCAP_E_IX_BRANCH;
    }
    if (!strcmp(c, "branch_drop") && (p = find(WCAP_OP_BR_IF))) {
        wr32(p + 5, rd32(p + 5) + 1u);
        return WCAP_E_IX_BRANCH;
    }
    if (!strcmp(c, "block_end") && (p = find(WCAP_OP_BLOCK))) {
        wr32(p + 1, rd32(p + 1) - 1u);
        return WCAP_E_IX_BRANCH;
    }
    if (!strcmp(c, "max_height")) {
        for (uint32_t f = hdr()->n_imports; f < hdr()->n_funcs; f++)
            if (func(f)->max_height > 0) {
                func(f)->max_height--;
                return WCAP_E_IX_STACK;
            }
    }
    if (!strcmp(c, "truncated")) {
        func(hdr()->n_funcs - 1)->code_len--;
        return WCAP_E_IX_OPCODE;
    }
    if (!strcmp(c, "export_sig")) {
        wcap_ib_export_t *e = (wcap_ib_export_t *)(void *)(image + hdr()->off_exports);
        e->sig = e->name; /* a name is no signature */
        return WCAP_E_IX_EXPORT;
    }
    fprintf(stderr, "unknown case %s (or the image lacks the instruction)\n", c);
    exit(2);
}

/* The faults example's exports: a result, then each trap of its own kind, the
 * capsule usable after each (run under ASan+UBSan in CI). */
static int run_exports(wcap_capsule_t *cap)
{
    static const struct {
        const char *name;
        int trap;
    } calls[] = {
        {"ok", WASM_RT_TRAP_NONE},
        {"oob", WASM_RT_TRAP_OOB},
        {"div0", WASM_RT_TRAP_DIV_BY_ZERO},
        {"unreachable", WASM_RT_TRAP_UNREACHABLE},
        {"recurse", WASM_RT_TRAP_EXHAUSTION},
        {"bad_indirect", WASM_RT_TRAP_CALL_INDIRECT},
        {"ok", WASM_RT_TRAP_NONE},
    };
    for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
        wcap_val_t v[4] = {{0}};
        int rc = wcap_rt_call_export(&cap->rt, calls[i].name, v, 4, NULL);
        int trap = rc == WCAP_E_RT_TRAP ? (int)cap->rt.last_trap : WASM_RT_TRAP_NONE;
        if ((calls[i].trap == WASM_RT_TRAP_NONE && (rc != WCAP_OK || v[0].i32 != 1234u)) || trap != calls[i].trap)
            return fail(calls[i].name, trap, calls[i].trap);
    }
    return 0;
}

/* The blob through the loader: a device without the interpreter refuses it. */
static int through_loader(const char *pub, int with_engine)
{
    wcap_host_loader_t h;
    wcap_ldr_t ld;
    wcap_capsule_t cap;
    wcap_host_loader_setup(&h, pub, 1000, &ld);
    h.cfg.interp = with_engine ? &wcap_interp_engine : NULL;
    int rc = wcap_ldr_begin(&ld, &cap);
    if (rc == WCAP_OK)
        rc = wcap_ldr_feed(&ld, blob, blob_len);
    if (rc == WCAP_OK)
        rc = wcap_ldr_finish(&ld);
    if (rc == WCAP_OK) {
        if (h.heap.used == 0 || cap.rt.info == NULL)
            return fail("loaded capsule state", 0, 1);
        if (run_exports(&cap) != 0)
            return -1;
        wcap_capsule_unload(&cap, &h.cfg);
    }
    if (h.heap.used != 0)
        return fail("arena used after the load ended", (int)h.heap.used, 0);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: test_interp BLOB PUB CASE\n");
        return 2;
    }
    read_blob(argv[1]);
    const char *c = argv[3];
    int rc;
    if (!strcmp(c, "valid"))
        return (rc = prepare(sizeof instance)) == WCAP_OK ? 0 : fail("valid image", rc, WCAP_OK);
    if (!strcmp(c, "load"))
        return (rc = through_loader(argv[2], 1)) == WCAP_OK ? 0 : fail("load", rc, WCAP_OK);
    if (!strcmp(c, "no_engine"))
        return (rc = through_loader(argv[2], 0)) == WCAP_E_LDR_ENGINE ? 0 : fail("no engine", rc, WCAP_E_LDR_ENGINE);
    if (!strcmp(c, "instance"))
        return (rc = prepare(64)) == WCAP_E_IX_INSTANCE ? 0 : fail("small instance", rc, WCAP_E_IX_INSTANCE);
    int want = mutate(c);
    rc = prepare(sizeof instance);
    return rc == want ? 0 : fail(c, rc, want);
}
