/*
 * Internal interface between the loader's files. Not for callers.
 */
#ifndef WCAP_LDR_PRIV_H
#define WCAP_LDR_PRIV_H

#include <pb.h>

#include "wcap/loader.h"
#include "wcap/reloc.h"

/* Stream states (wcap_ldr_t.state). */
enum {
    WCAP_LDR_IDLE = 0, /* no load in progress */
    WCAP_LDR_HEADER,
    WCAP_LDR_MANIFEST,
    WCAP_LDR_SIGNATURE,
    WCAP_LDR_IMAGE,
    WCAP_LDR_IMPORTS,
    WCAP_LDR_RELOCS,
    WCAP_LDR_DONE,  /* every byte arrived; waiting for finish */
    WCAP_LDR_FAILED /* an error ended the load */
};

/* verify.c: ECDSA P-256 over `hash` with the trusted key named by sig's key_id. */
int wcap_ldr_verify_signature(const wcap_ldr_config_t *cfg, const uint8_t hash[WCAP_SHA256_SIZE],
                              const uint8_t sig[WCAP_SIG_BLOCK_SIZE]);

#ifdef WCAP_LDR_FUZZ_DEFER_SIGNATURE
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#error "WCAP_LDR_FUZZ_DEFER_SIGNATURE is for the libFuzzer harness build (tests/fuzz) only"
#endif
/* fuzz_signature.c, fuzz builds only (tests/fuzz): trust by key ID while
 * streaming, the real check at finish before anything runs. */
int wcap_ldr_fuzz_defer_signature(wcap_ldr_t *ld, const uint8_t hash[WCAP_SHA256_SIZE]);
int wcap_ldr_fuzz_deferred_signature(const wcap_ldr_t *ld);
#endif

/* manifest.c: decodes ld->buf.manifest (`len` bytes), checks every field and
 * the device policy, fills ld->man (ram_needed included) and the layout fields. */
int wcap_ldr_manifest_accept(wcap_ldr_t *ld, uint16_t len, uint32_t payload_len);

/* link_natives.c: the decode callback of the manifest's natives: checks each
 * against the device's natives (wcap/natives.h) and records its ID. */
bool wcap_ldr_native_decl(pb_istream_t *s, const pb_field_t *field, void **arg);
/* link_natives.c: links import `index` to native `id` (declared, capability). */
int wcap_ldr_link_native(wcap_ldr_t *ld, uint32_t index, uint16_t id);
/* link_natives.c: the address import `index` was linked to. */
const void *wcap_ldr_import_addr(const wcap_ldr_t *ld, uint32_t index);

/* link.c: resolves import `index` (symbol ID `id`) into ld->buf.imports. */
int wcap_ldr_link_import(wcap_ldr_t *ld, uint32_t index, uint16_t id);
/* link.c: checks one decoded relocation record (kind, the patched bytes inside
 * the image, symbol index) and applies it. */
int wcap_ldr_link_reloc(wcap_ldr_t *ld, const wcap_rtab_rec_t *t);

/* finish.c: frees the new capsule's block (if any) and ends the load with `code`. */
int wcap_ldr_fail(wcap_ldr_t *ld, int code);
/* finish.c: init_module + instantiate of c->info into c->instance (region set
 * up, instance zeroed), each under the trap guard. WCAP_OK, or
 * WCAP_E_LDR_INIT_TRAP with c->last_trap set. */
int wcap_ldr_instantiate(wcap_rt_capsule_t *c);
/* finish.c: guarded-call entry that runs the capsule's free_instance (arg: c). */
void wcap_ldr_call_free_instance(void *arg, wcap_val_t *vals);

#endif /* WCAP_LDR_PRIV_H */
