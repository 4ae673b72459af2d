/* What the device commands need from a blob: its bytes, and from the
 * manifest the name, version and export signatures (docs/blob-format.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <pb_decode.h>

#include "client.h"
#include "manifest.pb.h"
#include "util.h"
#include "wcap/blob_header.h"
#include "wcap/errors.h"
#include "diag.h"

#define WCAPC_BLOB_MAX (16u * 1024u * 1024u)

static bool read_export(pb_istream_t *stream, const pb_field_t *field, void **arg)
{
    wcapc_blob_meta_t *m = *arg;
    wcap_Export e = wcap_Export_init_zero;
    (void)field;
    if (!pb_decode(stream, wcap_Export_fields, &e))
        return false;
    wcapc_export_meta_t *x = realloc(m->exports, (m->n_exports + 1) * sizeof *x);
    if (x == NULL)
        return false;
    m->exports = x;
    x += m->n_exports++;
    memcpy(x->name, e.name, sizeof x->name);
    x->name[sizeof x->name - 1] = '\0';
    memcpy(x->sig, e.sig, sizeof x->sig);
    x->sig[sizeof x->sig - 1] = '\0';
    return true;
}

int wcapc_blob_meta_read(const char *path, wcapc_blob_meta_t *m)
{
    wcap_Manifest man = wcap_Manifest_init_zero;

    memset(m, 0, sizeof *m);
    if (wcapc_read_file(path, WCAPC_BLOB_MAX, &m->data, &m->len) != 0)
        return wcapc_fail(WCAPC_EXIT_INPUT, "cannot read %s: %s", path, strerror(errno));
    const uint8_t *d = m->data;
    wcap_blob_header_t h;
    if (m->len < WCAP_HEADER_SIZE || wcap_blob_header_parse(d, &h) != WCAP_OK || wcap_blob_total_size(&h) != m->len)
        goto bad;
    uint32_t mlen = h.manifest_len, plen = h.payload_len;
    man.exports.funcs.decode = read_export;
    man.exports.arg = m;
    pb_istream_t is = pb_istream_from_buffer(d + WCAP_HEADER_SIZE, mlen);
    if (!pb_decode(&is, wcap_Manifest_fields, &man))
        goto bad;
    memcpy(m->name, man.name, sizeof m->name);
    m->name[sizeof m->name - 1] = '\0';
    m->version = man.version;
    m->target = man.target;
    m->abi_version = man.abi_version;
    memcpy(m->key_id, d + WCAP_HEADER_SIZE + mlen, sizeof m->key_id);
    m->engine = man.engine;
    m->mem_max = man.mem_max;
    /* What every loader allocates (loader/src/manifest.c ram_needed), without
     * the import stubs and alignment, which depend on the device. */
    uint64_t ram = (uint64_t)man.image_size + man.bss_size + man.instance_size + man.mem_max +
                   (uint64_t)man.table_elems * 3u * sizeof(uint32_t); /* a funcref: 3 pointers */
    if (man.engine != 0)
        ram += man.stack_budget;
    m->ram_min = ram > UINT32_MAX ? UINT32_MAX : (uint32_t)ram;
    if (wcapc_blob_image_exports(m, d + WCAP_HEADER_SIZE + mlen + WCAP_SIG_BLOCK_SIZE, plen, man.image_size,
                                 man.n_imports, man.reloc_bytes, man.entry) != 0) {
        wcapc_blob_meta_free(m);
        return wcapc_fail(WCAPC_EXIT_INTERNAL, "out of memory");
    }
    return WCAPC_EXIT_OK;
bad:
    wcapc_blob_meta_free(m);
    return wcapc_fail(WCAPC_EXIT_INPUT, "%s is not a valid wcap blob", path);
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
