/* What the device commands need from a blob: its bytes, and from the
 * manifest the name, version and export signatures (docs/blob-format.md).
 * The blob is read by the compiler's parser (host/compiler/blob.c), with
 * every structural check `wcap verify` makes but the signature's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "client.h"
#include "util.h"
#include "diag.h"

#define WCAPC_BLOB_MAX (16u * 1024u * 1024u)

/* The exports the manifest lists (the compiler's parser decoded them). */
static int add_manifest_exports(wcapc_blob_meta_t *m, const wcapc_blob_t *b)
{
    if (b->n_exports == 0)
        return 0;
    m->exports = calloc(b->n_exports, sizeof *m->exports);
    if (m->exports == NULL)
        return -1;
    for (size_t i = 0; i < b->n_exports; i++) {
        snprintf(m->exports[i].name, sizeof m->exports[i].name, "%s", b->exports[i].name);
        snprintf(m->exports[i].sig, sizeof m->exports[i].sig, "%s", b->exports[i].sig);
    }
    m->n_exports = (uint32_t)b->n_exports;
    return 0;
}

int wcapc_blob_meta_read(const char *path, wcapc_blob_meta_t *m)
{
    wcapc_blob_t b;
    char err[256];

    memset(m, 0, sizeof *m);
    if (wcapc_read_file(path, WCAPC_BLOB_MAX, &m->data, &m->len) != 0)
        return wcapc_fail(WCAPC_EXIT_INPUT, "cannot read %s: %s", path, strerror(errno));
    if (wcapc_blob_parse(m->data, m->len, &b, err, sizeof err) != 0) {
        wcapc_blob_meta_free(m);
        return wcapc_fail(WCAPC_EXIT_INPUT, "%s is not a valid wcap blob: %s", path, err);
    }
    const wcap_Manifest *man = &b.m;
    memcpy(m->name, man->name, sizeof m->name);
    m->name[sizeof m->name - 1] = '\0';
    m->version = man->version;
    m->target = man->target;
    m->abi_version = man->abi_version;
    memcpy(m->key_id, b.sig_block, sizeof m->key_id);
    m->engine = man->engine;
    m->mem_max = man->mem_max;
    /* What every loader allocates (loader/src/manifest.c ram_needed), without
     * the import stubs and alignment, which depend on the device. */
    uint64_t ram = (uint64_t)man->image_size + man->bss_size + man->instance_size + man->mem_max +
                   (uint64_t)man->table_elems * 3u * sizeof(uint32_t); /* a funcref: 3 pointers */
    if (man->engine != 0)
        ram += man->stack_budget;
    m->ram_min = ram > UINT32_MAX ? UINT32_MAX : (uint32_t)ram;
    int rc = add_manifest_exports(m, &b);
    if (rc == 0)
        rc = wcapc_blob_image_exports(m, b.payload, b.payload_len, man->image_size, man->n_imports, man->reloc_bytes,
                                      man->entry);
    wcapc_blob_free(&b);
    if (rc != 0) {
        wcapc_blob_meta_free(m);
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    }
    return WCAPC_EXIT_OK;
}

void wcapc_blob_meta_free(wcapc_blob_meta_t *m)
{
    free(m->data);
    free(m->exports);
    m->data = NULL;
    m->len = 0;
    m->exports = NULL;
    m->n_exports = 0;
}
