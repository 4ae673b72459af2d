/*
 * The loader's context (wcap_ldr_t), visible so callers can allocate it
 * statically. Fields are private to loader/. About 0.9 KB on a 32-bit core:
 * the 512-byte buffer holds the manifest until it is decoded, then the
 * resolved import table (one u16 per import: a symbol-table index, or
 * 0x8000 | the ID of a native, wcap/natives.h).
 */
#ifndef WCAP_LOADER_CTX_H
#define WCAP_LOADER_CTX_H

#include <stdint.h>

#include "mbedtls/sha256.h"
#include "wcap/blob_format.h"
#include "wcap/reloc_table.h"

/* Relocation state shared by the arch files (loader/include/wcap/reloc.h). */
typedef struct {
    uint8_t *image; /* where the image bytes are (writable) */
    uint64_t addr;  /* the image's address as the capsule code sees it */
    uint32_t image_size;
    uint8_t *stubs; /* arm veneers: 8 bytes per import, after the image */
    uint64_t stubs_addr;
    uint32_t n_imports;
    int64_t rv_hi_delta; /* riscv: S - P of the last PCREL_HI20 */
    uint8_t rv_hi_valid;
} wcap_reloc_ctx_t;

#define WCAP_LDR_NATIVES_MAX 24u /* host functions one capsule may import */
#define WCAP_LDR_DETAIL_MAX 40u  /* "module.name" (WCAP_NATIVE_NAME_MAX) */

struct wcap_ldr {
    const wcap_ldr_config_t *cfg;
    struct wcap_capsule *out;
    uint8_t state;
    uint8_t verified;     /* signature checked, manifest valid */
    uint8_t rec_len;      /* bytes of the current import record */
    uint8_t init_trap;    /* wasm_rt_trap_t of a WCAP_E_LDR_INIT_TRAP */
    int32_t error;        /* the code that ended the load, if any */
    uint32_t received;    /* blob bytes consumed */
    uint32_t part_len;    /* length of the part being received */
    uint32_t part_pos;    /* bytes of it received */
    uint32_t rec_index;   /* import or relocation being gathered */
    uint32_t reloc_bytes; /* length of the relocation table (manifest) */
    uint32_t entry, instance_size, table_elems, image_align;
    uint32_t stub_size, region_off;
    uint32_t engine;                        /* manifest engine (WCAP_ENGINE_*) */
    uint16_t natives[WCAP_LDR_NATIVES_MAX]; /* IDs of the natives the manifest declares */
    uint8_t n_natives;
    char detail[WCAP_LDR_DETAIL_MAX]; /* the import behind a NATIVE_* error, "" else */
    uint8_t hdr[WCAP_HEADER_SIZE];
    uint8_t sig[WCAP_SIG_BLOCK_SIZE];
    uint8_t rec[WCAP_IMPORT_SIZE];
    wcap_rtab_dec_t rtab; /* relocation table decoder (streams, never buffers) */
    uint8_t digest[WCAP_SHA256_SIZE];
    uint8_t *block;
    size_t block_size;
    wcap_reloc_ctx_t reloc;
    wcap_ldr_manifest_t man;
    union {
        uint8_t manifest[WCAP_MANIFEST_MAX];
        uint16_t imports[WCAP_MAX_IMPORTS];
    } buf;
    mbedtls_sha256_context sha;
#ifdef WCAP_LDR_FUZZ_DEFER_SIGNATURE
    uint8_t fuzz_hash[WCAP_SHA256_SIZE]; /* fuzz builds only: loader/src/fuzz_signature.c */
#endif
};

#endif /* WCAP_LOADER_CTX_H */
