/*
 * Blob assembly: header || manifest || signature block || payload.
 */
#include "emit.h"
#include "json.h"
#include "wcap/interp_format.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "imports.h"
#include "keys.h"
#include "sign.h"
#include "wcap/capsule_abi.h"
#include "diag.h"

static int payload(const wcapc_packed_t *p, wcapc_buf_t *out)
{
    if (wcapc_buf_put(out, p->image.data, p->image.len))
        return -1;
    for (uint32_t i = 0; i < p->n_imports; i++) {
        uint8_t id[2];
        wcap_wr16(id, p->imports[i]);
        if (wcapc_buf_put(out, id, 2))
            return -1;
    }
    return wcapc_buf_put(out, p->relocs.data, p->relocs.len);
}

static void fill_manifest(const wcapc_emit_t *e, const wcapc_buf_t *pl, wcap_Manifest *m)
{
    const wcapc_packed_t *p = e->packed;
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", e->o->name);
    m->version = e->o->version;
    m->target = e->o->target->id;
    m->abi_version = WCAP_ABI_VERSION;
    m->text_size = p->text_size;
    m->rodata_size = p->rodata_size;
    m->data_size = p->data_size;
    m->bss_size = p->bss_size;
    m->image_size = (uint32_t)p->image.len;
    m->image_align = p->image_align;
    m->n_imports = p->n_imports;
    m->n_relocs = p->n_relocs;
    m->reloc_bytes = (uint32_t)p->relocs.len;
    m->entry = p->entry;
    m->instance_size = p->instance_size;
    m->table_elems = e->table_elems;
    m->mem_min = e->mem_min;
    m->mem_max = e->mem_max;
    m->stack_budget = e->o->stack;
    m->time_budget_ms = e->o->time_ms;
    m->on_trap = (wcap_OnTrap)e->o->on_trap;
    m->caps = e->caps;
    m->engine = e->engine;
    wcapc_sha256(pl->data, pl->len, m->payload_sha256);
}

static void report(const wcapc_emit_t *e, size_t manifest_len, size_t total)
{
    const wcapc_packed_t *p = e->packed;
    size_t overhead =
        WCAP_HEADER_SIZE + manifest_len + WCAP_SIG_BLOCK_SIZE + (size_t)WCAP_IMPORT_SIZE * p->n_imports + p->relocs.len;
    char caps[128];
    if (e->o->json) {
        printf("{\"output\": ");
        wcapc_json_str(stdout, e->o->out);
        printf(", \"name\": ");
        wcapc_json_str(stdout, e->o->name);
        printf(", \"version\": %u, \"target\": \"%s\", \"engine\": \"%s\", \"size\": %zu, \"image_size\": %zu, "
               "\"text_size\": %u, \"rodata_size\": %u, \"data_size\": %u, \"bss_size\": %u, \"imports\": %u, "
               "\"relocs\": %u, \"reloc_bytes\": %zu, \"overhead\": %zu, \"mem_max\": %u, \"caps\": ",
               (unsigned)e->o->version, e->o->target->name, e->engine == WCAP_ENGINE_INTERP ? "interp" : "aot", total,
               p->image.len, p->text_size, p->rodata_size, p->data_size, p->bss_size, p->n_imports, p->n_relocs,
               p->relocs.len, overhead, (unsigned)e->mem_max);
        wcapc_json_caps(stdout, e->caps, wcapc_caps_format);
        printf("}\n");
        return;
    }
    wcapc_caps_format(e->caps, caps, sizeof caps);
    printf("wrote %s: %zu bytes for %s (image %zu = text %u + rodata %u + data %u, bss %u; %u imports, %u relocs in "
           "%zu bytes; "
           "overhead %zu bytes = %.1f%% of the object's %u text+data bytes; caps %s)\n",
           e->o->out, total, e->o->target->name, p->image.len, p->text_size, p->rodata_size, p->data_size, p->bss_size,
           p->n_imports, p->n_relocs, p->relocs.len, overhead,
           p->elf_text_data ? 100.0 * (double)overhead / p->elf_text_data : 0.0, p->elf_text_data, caps);
}

int wcapc_emit(const wcapc_emit_t *e)
{
    wcapc_buf_t pl = {0}, blob = {0};
    wcap_Manifest m;
    uint8_t man[WCAP_MANIFEST_MAX];
    size_t man_len, kept;
    char err[512];
    int rc = WCAPC_EXIT_INTERNAL;
    if (payload(e->packed, &pl)) {
        wcapc_fail(rc, "out of memory");
        goto out;
    }
    fill_manifest(e, &pl, &m);
    if (wcapc_manifest_encode(&m, e->natives, e->n_natives, e->exports, e->n_exports, man, &man_len, &kept)) {
        rc = wcapc_fail(WCAPC_EXIT_LIMIT, "manifest does not fit in %u bytes (%zu host functions declared)",
                        WCAP_MANIFEST_MAX, e->n_natives);
        goto out;
    }
    if (kept < e->n_exports)
        fprintf(stderr,
                "wcap: warning: %zu of %zu exports listed in the manifest (512-byte limit); all remain callable\n",
                kept, e->n_exports);
    int src = wcapc_sign_assemble(man, man_len, pl.data, pl.len, e->o->key, &blob, err, sizeof err);
    if (src != 0) {
        rc = wcapc_fail(src == WCAPC_SIGN_KEY ? WCAPC_EXIT_KEY : rc, "%s", err);
        goto out;
    }
    if (wcapc_write_atomic(e->o->out, blob.data, blob.len, 0644)) {
        rc = wcapc_fail(WCAPC_EXIT_OUTPUT, "cannot write %s: %s", e->o->out, strerror(errno));
        goto out;
    }
    report(e, man_len, blob.len);
    rc = WCAPC_EXIT_OK;
out:
    wcapc_buf_free(&pl);
    wcapc_buf_free(&blob);
    return rc;
}
