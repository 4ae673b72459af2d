/* Shared set-up for loader tests: a heap over the posix arena, a config
 * trusting seed 1, and load helpers that feed a blob in chunks. */
#ifndef WCAP_TEST_LOADER_FIXTURE_H
#define WCAP_TEST_LOADER_FIXTURE_H

#include "blob_builder.h"
#include "wcap/heap.h"
#include "wcap/loader.h"
#include "x86_image.h"

typedef struct {
    wcap_heap_t heap;
    wcap_trusted_key_t key;
    wcap_ldr_config_t cfg;
    wcap_ldr_t ld;
    uint32_t floor; /* versions <= floor are refused */
} fx_t;

/* heap_bytes 0: the whole posix arena. */
void fx_init(fx_t *f, size_t heap_bytes);
/* Feeds blob in chunks of `chunk` bytes (0: all at once), then finishes. */
int fx_load(fx_t *f, const uint8_t *data, size_t len, size_t chunk, wcap_capsule_t *out);
/* Builds the standard test capsule with `tweak` applied to its spec, then loads it. */
int fx_load_spec(fx_t *f, const tb_spec_t *spec, wcap_capsule_t *out);

#endif
