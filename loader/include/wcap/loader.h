/*
 * The device loader: takes a .wcap blob as a stream of chunks, verifies it,
 * places it in one RAM block, relocates and links it against the runtime's
 * symbol table, and instantiates it. Portable C99, no malloc, no OS.
 *
 * Life of a load:
 *   wcap_ldr_init(&ld, &cfg);              once per load context
 *   wcap_ldr_begin(&ld, &capsule);         start a blob
 *   wcap_ldr_feed(&ld, chunk, n) ...       any chunk sizes, in order
 *   wcap_ldr_finish(&ld);                  digest check, instantiate
 * Any error is final for that load: everything of the new capsule is freed
 * (nothing already loaded is touched) and later calls return WCAP_E_LDR_STATE
 * until the next wcap_ldr_begin. wcap_ldr_abort drops a load in progress.
 *
 * Nothing of the capsule runs before the signature over header+manifest and
 * the payload digest have both been verified.
 */
#ifndef WCAP_LOADER_H
#define WCAP_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/blob_format.h"
#include "wcap/errors.h"
#include "wcap/rt.h"
#include "wcap/sym.h"

/* One trusted signing key (uncompressed P-256 point) and its key ID. */
typedef struct {
    uint8_t key_id[WCAP_KEY_ID_SIZE];
    uint8_t point[WCAP_PUBKEY_SIZE];
} wcap_trusted_key_t;

/*
 * An execution engine besides native code, for blobs whose manifest names it
 * (engine field; docs/interpreter.md). prepare: validate the verified image
 * and build the capsule descriptor in `instance` (see wcap/interp.h).
 */
typedef struct {
    int (*prepare)(const uint8_t *image, uint32_t image_size, const void *const *imports, uint32_t n_imports,
                   void *instance, uint32_t instance_size, const wcap_capsule_info_t **info);
} wcap_ldr_engine_t;

typedef struct {
    uint32_t target; /* this device's WCAP_TARGET_* */
    const wcap_trusted_key_t *keys;
    size_t n_keys;
    const wcap_symtab_t *symtab;
    uint32_t granted_caps;    /* device policy */
    uint32_t max_mem;         /* largest linear memory one capsule may reserve */
    uint32_t max_stack;       /* largest stack budget */
    uint32_t default_time_ms; /* used when the manifest says 0 */
    uint32_t max_time_ms;     /* caps the manifest's time budget (0: no cap) */
    /* Anti-rollback: WCAP_OK if `version` may be installed under `name`,
     * else WCAP_E_LDR_ROLLBACK. NULL: no check (ephemeral runs). */
    int (*check_version)(void *user, const char *name, uint32_t version);
    /* Capsule RAM: one block per capsule. alloc returns NULL when it does not fit. */
    void *(*alloc)(void *user, size_t size, size_t align);
    void (*free)(void *user, void *block);
    size_t (*largest_free)(void *user); /* for early, precise "no space" errors */
    void *user;
    /* The interpreter (&wcap_interp_engine, interp/), or NULL on a device
     * built without it: interpreted blobs are then refused (WCAP_E_LDR_ENGINE). */
    const wcap_ldr_engine_t *interp;
} wcap_ldr_config_t;

/* The basics of a verified manifest, available once the signature is checked. */
typedef struct {
    char name[WCAP_NAME_MAX + 1];
    uint32_t version;
    uint32_t target;
    uint32_t caps;
    uint32_t payload_len;
    uint32_t image_size, bss_size, n_imports, n_relocs;
    uint32_t mem_min, mem_max, stack_budget, time_budget_ms;
    uint32_t ram_needed; /* size of the RAM block this capsule takes */
    uint8_t on_trap;     /* WCAP_ON_TRAP_*: what the device does after a trapping call */
    uint32_t engine;     /* WCAP_ENGINE_AOT (0) or WCAP_ENGINE_INTERP (1) */
} wcap_ldr_manifest_t;

/* A loaded capsule. Caller-owned; filled by a successful wcap_ldr_finish. */
typedef struct wcap_capsule {
    wcap_rt_capsule_t rt;
    char name[WCAP_NAME_MAX + 1];
    uint32_t version;
    void *block; /* the capsule's one RAM block */
    size_t block_size;
    uint32_t code_size; /* image + bss + stubs */
} wcap_capsule_t;

/* Load context, caller-owned (about 1 KB). Fields are private. */
typedef struct wcap_ldr wcap_ldr_t;

/* Implemented in loader/; the struct is defined in loader_ctx.h so callers can
 * allocate it statically. */
#include "wcap/loader_ctx.h"

void wcap_ldr_init(wcap_ldr_t *ld, const wcap_ldr_config_t *cfg);
int wcap_ldr_begin(wcap_ldr_t *ld, wcap_capsule_t *out);
int wcap_ldr_feed(wcap_ldr_t *ld, const uint8_t *data, size_t len);
int wcap_ldr_finish(wcap_ldr_t *ld);
void wcap_ldr_abort(wcap_ldr_t *ld);
/* NULL until the signature has been verified. */
const wcap_ldr_manifest_t *wcap_ldr_manifest(const wcap_ldr_t *ld);
/* The trap reason behind the last WCAP_E_LDR_INIT_TRAP (WASM_RT_TRAP_NONE otherwise). */
wasm_rt_trap_t wcap_ldr_init_trap(const wcap_ldr_t *ld);
/* After WCAP_E_LDR_NATIVE_*: the host function it is about ("board.kv_get"),
 * else "". For the device's answer: the error alone cannot name it. */
const char *wcap_ldr_detail(const wcap_ldr_t *ld);
/* Bytes consumed so far (for progress and resume). */
uint32_t wcap_ldr_received(const wcap_ldr_t *ld);

/* Calls the capsule's free entry under a trap guard and releases its block. */
void wcap_capsule_unload(wcap_capsule_t *c, const wcap_ldr_config_t *cfg);

/*
 * Re-instantiates a loaded capsule in place, e.g. after a trap left its
 * instance half-updated (a shadow stack pointer deep in a recursion): frees
 * the instance under a trap guard, zeroes the region (instance, tables,
 * linear memory) exactly as the load left it, and runs init_module and
 * instantiate again over the image, which stays as the load relocated it
 * (capsule code cannot write its image or bss: wasm2c keeps globals, memory
 * and tables in the instance; the only bss it writes, the function-type IDs
 * and the stack limit / interrupt words, is rewritten by init_module and by
 * every guarded call). No signature check, no relocation: the block is the
 * one the loader verified. The capsule's budgets, caps and code range stay.
 * Returns WCAP_OK, WCAP_E_RT_BUSY (the capsule is in a call), or
 * WCAP_E_LDR_INIT_TRAP (c->rt.last_trap says why: the capsule must not be
 * called until a later restart succeeds).
 */
int wcap_capsule_restart(wcap_capsule_t *c);

#endif /* WCAP_LOADER_H */
