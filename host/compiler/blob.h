/*
 * The .wcap blob on the host side: manifest encoding (nanopb), blob assembly,
 * parsing with every structural check, and verification (signature + digest).
 * docs/blob-format.md is the contract. Host C11.
 */
#ifndef WCAPC_BLOB_H
#define WCAPC_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include "manifest.pb.h"
#include "wcap/blob_format.h"

#define WCAPC_MAX_EXPORTS 4096u

typedef struct {
    char name[64]; /* sizes match proto/manifest.options */
    char sig[40];
} wcapc_exp_t;

/* A host function the capsule imports, as the manifest declares it. */
typedef struct {
    uint32_t id;
    char name[48]; /* "module.name"; sizes match proto/manifest.options */
    char sig[16];  /* "params:results" */
} wcapc_nat_t;

/*
 * Encodes m, all n_nats natives (devices check them) and as many of the n
 * exports as fit into WCAP_MANIFEST_MAX bytes (the export list is
 * informational; devices skip it). Writes the number kept to *kept. Returns
 * 0, or -1 when even the fixed fields and the natives do not fit.
 */
int wcapc_manifest_encode(const wcap_Manifest *m, const wcapc_nat_t *nats, size_t n_nats, const wcapc_exp_t *exps,
                          size_t n, uint8_t out[WCAP_MANIFEST_MAX], size_t *len, size_t *kept);

/* A parsed blob: pointers into the caller's bytes. */
typedef struct {
    uint16_t manifest_len;
    uint32_t payload_len;
    const uint8_t *manifest, *sig_block, *payload, *imports, *relocs;
    wcap_Manifest m;
    uint32_t reloc_counts[WCAP_R_KIND_COUNT]; /* records by WCAP_R_* kind */
    wcapc_exp_t *exports;                     /* malloc'd, n_exports entries */
    size_t n_exports;
    wcapc_nat_t natives[24]; /* the manifest's declared natives (WCAPC_MAX_NATIVES) */
    size_t n_natives;
} wcapc_blob_t;

/* The declared native with symbol ID `id`, or NULL. */
const wcapc_nat_t *wcapc_blob_native(const wcapc_blob_t *b, uint32_t id);

/* Structural checks of everything but the signature and the digest. Returns 0,
 * or -1 with a one-line reason in err. Free with wcapc_blob_free. */
int wcapc_blob_parse(const uint8_t *data, size_t len, wcapc_blob_t *b, char *err, size_t errcap);
void wcapc_blob_free(wcapc_blob_t *b);

/*
 * Verifies a blob: structure, key ID, ECDSA signature over header||manifest by
 * `point`, payload digest. Returns 0 only if the blob is intact and signed by
 * that key; else -1 with a one-line reason in err.
 */
int wcapc_blob_verify(const uint8_t *data, size_t len, const uint8_t point[WCAP_PUBKEY_SIZE], char *err, size_t errcap);

/* Name of a relocation kind ("ABS32", ...), "?" when unknown. */
const char *wcapc_reloc_kind_name(unsigned kind);

#endif /* WCAPC_BLOB_H */
