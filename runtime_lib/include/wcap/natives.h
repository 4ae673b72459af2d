/*
 * Natives: the C functions a capsule may import by name (module.name), each
 * with a Wasm signature and a capability. The built-in host API (module
 * "wcap", format/include/wcap/api_wcap.def) is the first table; the firmware
 * integrator registers one more table of their own (WAMR's
 * wasm_runtime_register_natives, wasm3's m3_LinkRawFunction), described to the
 * toolchain by the same API description file (docs/porting.md, "Registering
 * your own functions"; `wcap build --api FILE`).
 *
 * Calling convention (wasm2c's, also used by the interpreter's thunks): the
 * capsule context first, then the Wasm parameters as uint32_t (i32),
 * uint64_t (I64), float, double; the result likewise (void when none).
 * An implementation begins with wcap_native_enter() and reaches capsule
 * memory only through wcap_native_mem(): both trap the capsule (never
 * return) when the call is not allowed or a (ptr, len) leaves its memory.
 * Portable C99, no allocation: the tables are the caller's and must outlive
 * every capsule.
 */
#ifndef WCAP_NATIVES_H
#define WCAP_NATIVES_H

#include <stdint.h>

#include "wcap/rt.h"

#define WCAP_NATIVES_MAX 32u     /* functions in the registered table */
#define WCAP_NATIVE_NAME_MAX 40u /* "module.name" */
#define WCAP_NATIVE_SIG_MAX 16u  /* "params:results" */

typedef struct {
    uint16_t id;        /* symbol ID (API file); sorted ascending in a table */
    uint32_t cap;       /* the one capability bit a capsule must hold (WCAP_CAP_*) */
    const char *module; /* import module, [a-z0-9_]+ */
    const char *name;   /* import name, [a-z0-9_]+ */
    const char *sig;    /* "params:results", letters i I f F, e.g. "iiii:i" */
    const void *fn;     /* the implementation (calling convention above) */
} wcap_native_t;

/* Registers the integrator's table (replacing an earlier one; NULL/0 removes
 * it). Call before loading capsules. Checks every entry: IDs ascending in
 * WCAP_NATIVE_ID_USER_FIRST..LAST, one capability bit in WCAP_CAP_USER_MASK,
 * module and name well formed and together < WCAP_NATIVE_NAME_MAX, signature
 * well formed and < WCAP_NATIVE_SIG_MAX, fn not NULL. Returns WCAP_OK or
 * WCAP_E_RT_NATIVES (nothing registered). */
int wcap_natives_register(const wcap_native_t *table, uint16_t count);

/* Whether `id` is in the natives' ranges (1..31 built in, 2048..4095
 * registered), whether or not this device has it. */
int wcap_natives_is_native_id(uint16_t id);

/* The native with symbol ID `id` (built-in or registered), or NULL. */
const wcap_native_t *wcap_natives_find(uint16_t id);

/* The capability bits of the built-in and the registered natives: what a
 * device can grant (wcap_ldr_config_t.granted_caps). */
uint32_t wcap_natives_caps(void);

/* For implementations: the calling capsule, checked. Traps (HOST) unless a
 * capsule is running this call and holds `cap`; traps (TIMEOUT) once its time
 * budget has run out. */
wcap_rt_capsule_t *wcap_native_enter(void *ctx, uint32_t cap);

/* For implementations: `len` bytes at capsule address `ptr`, bounds-checked
 * against the capsule's linear memory (traps OOB when outside). */
uint8_t *wcap_native_mem(wcap_rt_capsule_t *c, uint32_t ptr, uint32_t len);

#endif /* WCAP_NATIVES_H */
