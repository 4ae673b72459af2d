/*
 * The runtime ABI between a compiled capsule and runtime_lib (WCAP_ABI_VERSION).
 *
 * Every capsule image contains exactly one wcap_capsule_info_t, emitted by the
 * glue that `wcap build` generates next to wasm2c's output; the manifest's
 * `entry` field is its image offset. The loader reads it after relocation.
 * Everything here is engine-neutral except the function pointers, which an
 * interpreter would fill with its own trampolines.
 *
 * Portable C99; compiled into capsules and into the device runtime.
 */
#ifndef WCAP_CAPSULE_ABI_H
#define WCAP_CAPSULE_ABI_H

#include <stdint.h>

#define WCAP_ABI_VERSION 1u

/* One Wasm value as passed to and from exports. */
typedef union {
    uint32_t i32;
    uint64_t i64;
    float f32;
    double f64;
} wcap_val_t;

/*
 * Uniform entry of one export: reads its parameters from vals[0..nparams),
 * writes its results to vals[0..nresults). `instance` is the wasm2c instance.
 */
typedef void (*wcap_export_fn)(void *instance, wcap_val_t *vals);

typedef struct {
    const char *name; /* Wasm export name, NUL-terminated */
    const char *sig;  /* "params:results", i=i32 I=i64 f=f32 F=f64, e.g. "ii:i" */
    wcap_export_fn fn;
} wcap_export_t;

typedef struct {
    uint32_t abi_version;   /* WCAP_ABI_VERSION */
    uint32_t instance_size; /* sizeof the wasm2c instance struct */
    uint32_t n_exports;
    const wcap_export_t *exports;
    /* wasm2c's module entry points. `rt_ctx` is the capsule's runtime context
     * (wcap_rt_capsule_t *), handed to every host import as its first argument. */
    void (*init_module)(void);
    void (*instantiate)(void *instance, void *rt_ctx);
    void (*free_instance)(void *instance);
    /* Per-capsule run-time controls, in the capsule's own bss (no data imports):
     * the runtime writes the lowest allowed stack pointer before each call, and
     * sets *interrupt non-zero to make the capsule trap at its next loop head. */
    uintptr_t *stack_limit;
    volatile uint32_t *interrupt;
} wcap_capsule_info_t;

#endif /* WCAP_CAPSULE_ABI_H */
