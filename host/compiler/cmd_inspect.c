/*
 * `wcap inspect BLOB [--json]`: every header and manifest field, imports by
 * name, relocation counts by kind, exports, signer key ID.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "imports.h"
#include "targets.h"
#include "util.h"
#include "wcap/symbols.h"
#include "compiler_cmds.h"
#include "diag.h"

#define MAX_BLOB_SIZE (64u << 20)

static const struct {
    uint16_t id;
    const char *name;
} sym_names[] = {
#define WCAP_SYM(id, name, arches, cap) {id, #name},
#include "wcap/symbols.def"
#undef WCAP_SYM
};

/* An import's C symbol: a runtime symbol's name from symbols.def, or for a
 * host function (native) the wasm2c name of the "module.name" the manifest
 * declares for it (Z_<module>Z_<name>; both are [a-z0-9_]). */
static const char *sym_name(const wcapc_blob_t *b, uint16_t id, char *buf, size_t cap)
{
    for (size_t i = 0; i < sizeof sym_names / sizeof sym_names[0]; i++)
        if (sym_names[i].id == id)
            return sym_names[i].name;
    const wcapc_nat_t *n = wcapc_blob_native(b, id);
    const char *dot = n ? strchr(n->name, '.') : NULL;
    if (!dot)
        return NULL;
    snprintf(buf, cap, "Z_%.*sZ_%s", (int)(dot - n->name), n->name, dot + 1);
    return buf;
}

/* The manifest's uint32 fields, in proto order, for both output formats. */
/* clang-format off */
#define MANIFEST_U32(X) \
    X(version) X(target) X(abi_version) X(text_size) X(rodata_size) X(data_size) X(bss_size) X(image_size) \
    X(image_align) X(n_imports) X(n_relocs) X(entry) X(instance_size) X(table_elems) X(mem_min) X(mem_max) \
    X(stack_budget) X(time_budget_ms) X(caps) X(reloc_bytes) X(on_trap) X(engine)
/* clang-format on */

static void hex(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c < 0x20 || c == 0x7F)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void print_json(const wcapc_blob_t *b)
{
    const wcap_Manifest *m = &b->m;
    const uint32_t *counts = b->reloc_counts;
    printf("{\"name\": ");
    json_string(stdout, m->name);
#define X(f) printf(", \"" #f "\": %u", m->f);
    MANIFEST_U32(X)
#undef X
    printf(", \"payload_sha256\": \"");
    hex(stdout, m->payload_sha256, WCAP_SHA256_SIZE);
    printf("\", \"manifest_len\": %u, \"payload_len\": %u, \"key_id\": \"", b->manifest_len, b->payload_len);
    hex(stdout, b->sig_block, WCAP_KEY_ID_SIZE);
    printf("\", \"imports\": [");
    for (uint32_t i = 0; i < m->n_imports; i++) {
        uint16_t id = wcap_rd16(b->imports + 2 * i);
        char buf[96];
        const char *n = sym_name(b, id, buf, sizeof buf);
        const wcapc_nat_t *nat = wcapc_blob_native(b, id);
        printf("%s{\"id\": %u, \"name\": ", i ? ", " : "", id);
        if (n)
            json_string(stdout, n);
        else
            printf("null");
        if (nat) {
            printf(", \"native\": ");
            json_string(stdout, nat->name);
            printf(", \"sig\": ");
            json_string(stdout, nat->sig);
        }
        printf("}");
    }
    printf("], \"relocs\": {");
    for (unsigned k = 1, first = 1; k < WCAP_R_KIND_COUNT; k++)
        if (counts[k]) {
            printf("%s\"%s\": %u", first ? "" : ", ", wcapc_reloc_kind_name(k), counts[k]);
            first = 0;
        }
    printf("}, \"exports\": [");
    for (size_t i = 0; i < b->n_exports; i++) {
        printf("%s{\"name\": ", i ? ", " : "");
        json_string(stdout, b->exports[i].name);
        printf(", \"sig\": ");
        json_string(stdout, b->exports[i].sig);
        printf("}");
    }
    printf("]}\n");
}

static void print_text(const wcapc_blob_t *b, size_t total)
{
    const wcap_Manifest *m = &b->m;
    const wcapc_target_t *t = wcapc_target_by_id(m->target);
    char caps[128];
    const uint32_t *counts = b->reloc_counts;
    wcapc_caps_format(m->caps, caps, sizeof caps);
    printf("header:    magic WCAP, format %u, manifest %u bytes, payload %u bytes, total %zu bytes\n",
           WCAP_FORMAT_VERSION, b->manifest_len, b->payload_len, total);
    printf("signer:    key id ");
    hex(stdout, b->sig_block, WCAP_KEY_ID_SIZE);
    printf("\nmanifest:\n  name           %s\n", m->name);
#define X(f) printf("  %-14s %u\n", #f, m->f);
    MANIFEST_U32(X)
#undef X
    printf("  target name    %s\n  engine name    %s\n  caps names     %s\n  payload_sha256 ",
           m->engine == 1u ? "portable"
           : t             ? t->name
                           : "(unknown)",
           m->engine == 0u   ? "aot"
           : m->engine == 1u ? "interp"
                             : "(unknown)",
           caps);
    hex(stdout, m->payload_sha256, WCAP_SHA256_SIZE);
    printf("\nimports (%u):\n", m->n_imports);
    for (uint32_t i = 0; i < m->n_imports; i++) {
        uint16_t id = wcap_rd16(b->imports + 2 * i);
        char buf[96];
        const char *n = sym_name(b, id, buf, sizeof buf);
        const wcapc_nat_t *nat = wcapc_blob_native(b, id);
        if (nat)
            printf("  [%u] %u %s (host function %s, %s)\n", i, id, n ? n : "?", nat->name, nat->sig);
        else
            printf("  [%u] %u %s\n", i, id, n ? n : "(not in symbols.def nor declared: refused by devices)");
    }
    printf("relocations (%u):", m->n_relocs);
    for (unsigned k = 1; k < WCAP_R_KIND_COUNT; k++)
        if (counts[k])
            printf(" %s %u", wcapc_reloc_kind_name(k), counts[k]);
    printf("\nexports (%zu listed):\n", b->n_exports);
    for (size_t i = 0; i < b->n_exports; i++)
        printf("  %-24s %s\n", b->exports[i].name, b->exports[i].sig);
}

int wcapc_cmd_inspect(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: wcap inspect BLOB [--json]\n\n"
                   "Prints the header, every manifest field, the imports by name, the relocation counts by\n"
                   "kind, the exports with their signatures (\"params:results\", i=i32 I=i64 f=f32 F=f64)\n"
                   "and the signer's key ID. Does not check the signature (use wcap verify).\n"
                   "--json prints one JSON object: the manifest fields under their proto names, plus\n"
                   "\"key_id\", \"imports\", \"relocs\" (counts by kind name) and \"exports\".\n\n");
            wcapc_print_exit_codes(stdout);
            return WCAPC_EXIT_OK;
        } else if (!strcmp(argv[i], "--json")) {
            json = 1;
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            return wcapc_fail(WCAPC_EXIT_USAGE, "inspect: unexpected argument '%s'", argv[i]);
        }
    }
    if (!path)
        return wcapc_fail(WCAPC_EXIT_USAGE, "inspect: BLOB is required");
    uint8_t *data;
    size_t len;
    char err[512];
    wcapc_blob_t b;
    if (wcapc_read_file(path, MAX_BLOB_SIZE, &data, &len))
        return wcapc_fail(WCAPC_EXIT_INPUT, "cannot read %s: %s", path, strerror(errno));
    if (wcapc_blob_parse(data, len, &b, err, sizeof err)) {
        free(data);
        return wcapc_fail(WCAPC_EXIT_INPUT, "%s: %s", path, err);
    }
    if (json)
        print_json(&b);
    else
        print_text(&b, len);
    wcapc_blob_free(&b);
    free(data);
    return WCAPC_EXIT_OK;
}
