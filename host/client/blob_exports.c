/*
 * Export signatures from a blob's image, for the exports its manifest does
 * not list (the manifest is bounded to 512 bytes, docs/blob-format.md, so a
 * capsule with many exports lists only some; the device resolves every export
 * through the descriptor in the image). The image holds the capsule's
 * wcap_capsule_info_t at the manifest's `entry` and its wcap_export_t table
 * (wcap/capsule_abi.h), laid out for the target's pointer size; each pointer
 * is stored REL style, as the image offset it points to, with an image
 * relocation (ABS32/ABS64) at its place. Only pointers that carry such a
 * relocation are followed, strings must end inside the image, and signatures
 * must parse: a blob that does not fit yields no extra exports.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "wcap/reloc_table.h"

typedef struct {
    const uint8_t *image;
    uint32_t size;
    unsigned psize;     /* target pointer size: 4 or 8 */
    uint8_t *relocated; /* bitmap: an image-symbol absolute relocation starts here */
} image_t;

/* Marks every image-symbol ABS32/ABS64 relocation; -1 on a malformed table. */
static int mark_relocs(image_t *im, const uint8_t *t, uint32_t len)
{
    wcap_rtab_dec_t d;
    wcap_rtab_rec_t r;
    wcap_rtab_dec_init(&d);
    for (uint32_t i = 0; i < len; i++) {
        int rc = wcap_rtab_dec_byte(&d, t[i], &r);
        if (rc < 0)
            return -1;
        if (rc == WCAP_RTAB_RECORD && r.image && r.offset < im->size &&
            (r.kind == WCAP_R_ABS32 || r.kind == WCAP_R_ABS64))
            im->relocated[r.offset / 8] |= (uint8_t)(1u << (r.offset % 8));
    }
    return 0;
}

/* The image offset a relocated pointer at `at` holds; 0 with *ok = 0 if none. */
static uint32_t pointer(const image_t *im, uint64_t at, int *ok)
{
    uint64_t v = 0;
    if (at + im->psize > im->size || !(im->relocated[at / 8] & (1u << (at % 8)))) {
        *ok = 0;
        return 0;
    }
    for (unsigned k = 0; k < im->psize; k++)
        v |= (uint64_t)im->image[at + k] << (8 * k);
    if (v >= im->size)
        *ok = 0;
    return (uint32_t)v;
}

/* A NUL-terminated string at image offset `off` that fits `cap` bytes, copied to dst. */
static int string_at(const image_t *im, uint32_t off, char *dst, size_t cap)
{
    const uint8_t *s = im->image + off, *nul = memchr(s, 0, im->size - off);
    if (nul == NULL || (size_t)(nul - s) >= cap)
        return -1;
    memcpy(dst, s, (size_t)(nul - s) + 1);
    return 0;
}

static int sig_ok(const char *s)
{
    int colons = 0;
    for (; *s; s++) {
        if (*s == ':')
            colons++;
        else if (!strchr("iIfF", *s))
            return 0;
    }
    return colons == 1;
}

static int add_export(wcapc_blob_meta_t *m, const char *name, const char *sig)
{
    if (wcapc_blob_meta_export(m, name) != NULL)
        return 0; /* listed in the manifest */
    wcapc_export_meta_t *p = realloc(m->exports, (m->n_exports + 1) * sizeof *p);
    if (p == NULL)
        return -1;
    m->exports = p;
    memcpy(p[m->n_exports].name, name, sizeof p->name);
    memcpy(p[m->n_exports].sig, sig, sizeof p->sig);
    m->n_exports++;
    return 0;
}

/* Walks the descriptor's export table; every well-formed entry not yet known is added. */
static int walk(wcapc_blob_meta_t *m, const image_t *im, uint32_t entry)
{
    uint64_t n_at = (uint64_t)entry + 8u, tab_at = (uint64_t)entry + (im->psize == 8u ? 16u : 12u);
    int ok = 1;
    if (tab_at + im->psize > im->size)
        return 0;
    uint32_t n = (uint32_t)im->image[n_at] | (uint32_t)im->image[n_at + 1] << 8 | (uint32_t)im->image[n_at + 2] << 16 |
                 (uint32_t)im->image[n_at + 3] << 24;
    if (n == 0)
        return 0;
    uint32_t tab = pointer(im, tab_at, &ok);
    if (!ok || n > im->size / (3u * im->psize))
        return 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t e = (uint64_t)tab + (uint64_t)i * 3u * im->psize;
        wcapc_export_meta_t x;
        ok = 1;
        uint32_t name = pointer(im, e, &ok), sig = pointer(im, e + im->psize, &ok);
        if (!ok || string_at(im, name, x.name, sizeof x.name) || string_at(im, sig, x.sig, sizeof x.sig) ||
            !sig_ok(x.sig))
            continue; /* not one a tool can type: the device still has it */
        if (add_export(m, x.name, x.sig))
            return -1;
    }
    return 0;
}

int wcapc_blob_image_exports(wcapc_blob_meta_t *m, const uint8_t *payload, uint32_t payload_len, uint32_t image_size,
                             uint32_t n_imports, uint32_t reloc_bytes, uint32_t entry)
{
    image_t im = {payload, image_size, m->target == WCAP_TARGET_X86_64 ? 8u : 4u, NULL};
    uint64_t rel_at = (uint64_t)image_size + (uint64_t)WCAP_IMPORT_SIZE * n_imports;
    int rc = 0;
    if (image_size == 0 || rel_at + reloc_bytes > payload_len || (uint64_t)entry + 12u > image_size)
        return 0;
    if ((im.relocated = calloc((size_t)image_size / 8u + 1u, 1)) == NULL)
        return -1;
    if (mark_relocs(&im, payload + rel_at, reloc_bytes) == 0)
        rc = walk(m, &im, entry);
    free(im.relocated);
    return rc;
}

const wcapc_export_meta_t *wcapc_blob_meta_export(const wcapc_blob_meta_t *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_exports; i++)
        if (strcmp(m->exports[i].name, name) == 0)
            return &m->exports[i];
    return NULL;
}
