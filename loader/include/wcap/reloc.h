/*
 * Relocators, one per architecture (loader/src/arch/). Pure byte
 * manipulation on a little-endian image, compiled on every host so unit
 * tests cover all four. Each applies one record whose symbol value is `S`
 * (the image address for WCAP_SYM_IMAGE, else the import's address) and
 * returns WCAP_OK or a WCAP_E_LDR_RELOC_* code; a value that does not fit is
 * an error, never truncated. The caller has checked r->sym < n_imports or
 * r->sym == WCAP_SYM_IMAGE.
 */
#ifndef WCAP_RELOC_H
#define WCAP_RELOC_H

#include <stdint.h>

#include "wcap/blob_format.h"
#include "wcap/loader.h"

typedef int (*wcap_reloc_fn)(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S);

int wcap_reloc_x86_64(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S);
int wcap_reloc_arm(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S);
int wcap_reloc_riscv32(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S);
int wcap_reloc_xtensa(wcap_reloc_ctx_t *rc, const wcap_reloc_t *r, uint64_t S);

/* The relocator and per-import stub bytes for a target; NULL when this build
 * has none for it (a board build defines WCAP_LDR_NATIVE_ARCH_ONLY). */
wcap_reloc_fn wcap_reloc_for_target(uint32_t target, uint32_t *stub_size);

#define WCAP_ARM_STUB_SIZE 8u

#endif /* WCAP_RELOC_H */
