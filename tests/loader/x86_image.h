/*
 * A hand-assembled x86_64 capsule image for loader tests: descriptor,
 * exports add42 (i:i), hello (:, logs "hi"), spin (:, polls the interrupt
 * flag and traps with TIMEOUT), trap (:, traps with DIV_BY_ZERO).
 * Imports: wasm_rt_allocate_memory, Z_wcapZ_log, wasm_rt_trap.
 */
#ifndef WCAP_TEST_X86_IMAGE_H
#define WCAP_TEST_X86_IMAGE_H

#include "blob_builder.h"

#define XI_IMAGE_SIZE 0x1A0u
#define XI_ENTRY 0x160u
#define XI_TRAP_FN 0xA0u
#define XI_N_RELOCS 21u

typedef struct {
    uint8_t image[XI_IMAGE_SIZE];
    uint16_t imports[3];
    wcap_reloc_t relocs[XI_N_RELOCS];
} xi_t;

/* Fills x and points spec at it (manifest sizes, caps = log, 4 KB memory). */
void xi_build(xi_t *x, tb_spec_t *spec);

#endif
