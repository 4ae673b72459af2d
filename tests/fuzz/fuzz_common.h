/*
 * What the libFuzzer harnesses of tests/fuzz share (docs/fuzzing.md): the
 * trusted key of the committed seeds, a fresh capsule heap per input, and the
 * device under test of the protocol and CoAP harnesses. Host C11, fuzz builds
 * only (-DWCAP_FUZZ=ON).
 */
#ifndef WCAP_FUZZ_COMMON_H
#define WCAP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "wcap/dev/service.h"
#include "wcap/heap.h"
#include "wcap/loader.h"

/* The key that signed the seeds (tests/fuzz/keys/fuzz.pub, WCAP_FUZZ_KEY):
 * loaded once; exits the process when it cannot be read. */
const wcap_trusted_key_t *wcap_fuzz_key(void);

/* The capsule arena as a fresh, empty heap (called at the start of every input). */
wcap_heap_t *wcap_fuzz_heap(void);

/* Aborts (a finding) unless every capsule RAM block has been given back. */
void wcap_fuzz_heap_check_empty(const char *where);

/* The device service under test, as wcapd sets it up but with a RAM store:
 * fresh (empty heap, empty store, nothing loaded) for every input. `tp` may
 * be NULL (CoAP: events go to a sink). The one place to adapt when the
 * service gains options (e.g. authentication: run it in its development mode). */
void wcap_fuzz_dev_setup(wcap_dev_t *dev, const wcap_dev_transport_t *tp);

/* Reloads what the store holds into a fresh service (as after a reset). */
void wcap_fuzz_dev_reboot(wcap_dev_t *dev, const wcap_dev_transport_t *tp);

/* Drops the upload in progress and unloads every capsule, then checks that
 * all capsule RAM came back. */
void wcap_fuzz_dev_teardown(wcap_dev_t *dev);

#endif
