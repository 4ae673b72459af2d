/* The x86_64 device loader as the host tests set it up: the posix port's arena
 * as the capsule heap, one trusted key, every capability, 1 MiB of linear
 * memory and 256 KiB of stack at most. C11. */
#ifndef WCAP_HOST_LOADER_H
#define WCAP_HOST_LOADER_H

#include <stdint.h>

#include "wcap/heap.h"
#include "wcap/loader.h"

typedef struct {
    wcap_heap_t heap;
    wcap_trusted_key_t key;
    wcap_ldr_config_t cfg; /* also what wcap_capsule_unload needs */
} wcap_host_loader_t;

/* Fills h (trusting the PEM public key `pub`, `default_time_ms` per call when
 * a manifest names none) and initialises ld with h->cfg. On failure prints why
 * and exits with status 2: a test that cannot set up has not run. */
void wcap_host_loader_setup(wcap_host_loader_t *h, const char *pub, uint32_t default_time_ms, wcap_ldr_t *ld);

#endif
