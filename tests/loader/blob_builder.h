/*
 * Test helper: builds signed .wcap blobs by hand (header, nanopb manifest,
 * ECDSA P-256 signature, payload), so loader tests do not depend on the
 * compiler. Host C11, mbedtls.
 */
#ifndef WCAP_TEST_BLOB_BUILDER_H
#define WCAP_TEST_BLOB_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.pb.h"
#include "wcap/loader.h"
#include "wcap/reloc_table.h"

typedef struct {
    uint8_t *data;
    size_t len;
} tb_blob_t;

typedef struct {
    wcap_Manifest m;            /* filled with defaults by tb_spec_init; tests tweak it */
    const uint8_t *image;       /* image_size bytes (m.image_size) */
    const uint16_t *imports;    /* m.n_imports IDs */
    const wcap_reloc_t *relocs; /* m.n_relocs records, encoded by tb_build (sets m.reloc_bytes) */
    const uint8_t *raw_relocs;  /* if not NULL: this relocation table instead (malformed-table tests) */
    uint32_t raw_relocs_len;
    int seed;               /* signing key (deterministic per seed) */
    int corrupt_sig;        /* flip a bit of r */
    int corrupt_payload;    /* flip a bit of the image after hashing */
    int no_native_decl;     /* do not declare the imported natives in the manifest */
    const char *native_sig; /* if not NULL: declare every native with this signature */
} tb_spec_t;

void tb_spec_init(tb_spec_t *s);
/* Builds the blob; returns 0. The caller frees blob->data. */
int tb_build(const tb_spec_t *s, tb_blob_t *blob);
/* The trusted key for `seed`. */
void tb_key(int seed, wcap_trusted_key_t *key);

#endif
