/*
 * The device interpreter (docs/interpreter.md): runs an interpreted capsule
 * image (wcap/interp_format.h) in place, from the verified blob's image bytes
 * in the capsule's RAM block, through the same runtime_lib as native capsules
 * (linear memory, tables, traps, budgets, host API). Portable C99, no malloc.
 *
 * The loader calls wcap_interp_prepare once the payload digest is verified
 * (through wcap_ldr_config_t.interp = &wcap_interp_engine); everything later
 * goes through the descriptor it builds, exactly like a native capsule's.
 */
#ifndef WCAP_INTERP_H
#define WCAP_INTERP_H

#include <stdint.h>

#include "wcap/loader.h"

/*
 * Validates `image` (image_size bytes, 8-aligned, not modified afterwards)
 * completely: header, section bounds, every index, every function's
 * instructions, branch targets, block structure and operand stack heights,
 * export signatures, import signatures (one of the shapes the interpreter can
 * call). Then lays out its state in `instance` (instance_size bytes, zeroed,
 * 16-aligned) and returns the capsule descriptor in *info.
 * `imports[i]` is the address of import i (n_imports of them).
 * Returns WCAP_OK or a WCAP_E_IX_* code; nothing runs before it succeeds.
 */
int wcap_interp_prepare(const uint8_t *image, uint32_t image_size, const void *const *imports, uint32_t n_imports,
                        void *instance, uint32_t instance_size, const wcap_capsule_info_t **info);

/* The engine as the loader sees it. */
extern const wcap_ldr_engine_t wcap_interp_engine;

#endif /* WCAP_INTERP_H */
