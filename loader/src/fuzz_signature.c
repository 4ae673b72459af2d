/*
 * FUZZ BUILDS ONLY (tests/fuzz, -DWCAP_FUZZ=ON): the signature check moved
 * from the end of the signed part to the end of the stream.
 *
 * A fuzzer cannot forge an ECDSA signature, so with the real order every
 * mutation of the header or manifest would stop at the signature and the
 * manifest checks, the RAM block, the image copy, the import and relocation
 * decoders would only ever see the seeds' own (genuine) manifests. In a
 * fuzz build the loader therefore accepts the signed part when its key ID
 * names a trusted key (wcap_ldr_fuzz_defer_signature) and goes on exactly
 * as after a good signature; wcap_ldr_finish then checks the payload
 * digest and, before anything of the capsule runs, the real ECDSA signature
 * (wcap_ldr_fuzz_deferred_signature). Only a genuine blob is instantiated.
 *
 * This file refuses to compile anywhere but in a clang libFuzzer build with
 * AddressSanitizer on x86_64 that defines
 * FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, so it cannot end up in wcapd,
 * the host tools or a board's firmware (which do not list it either).
 */
#if !defined(WCAP_LDR_FUZZ_DEFER_SIGNATURE) || !defined(FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION) || \
    !defined(__clang__) || !defined(__x86_64__)
#error "fuzz_signature.c belongs to the libFuzzer harness build (tests/fuzz, -DWCAP_FUZZ=ON) only"
#endif
#if !defined(__has_feature)
#error "fuzz_signature.c needs clang's __has_feature"
#endif
#if !__has_feature(address_sanitizer)
#error "fuzz_signature.c is built with -fsanitize=address only"
#endif

#include <string.h>

#include "ldr_priv.h"

/* Verdicts of earlier real checks: a fuzzer feeds the same signed part many
 * times (other chunkings, other payloads), and one check costs milliseconds.
 * The verdict is a function of (hash, signature block); the keys are fixed
 * for the life of a harness process. */
#define FUZZ_SIG_MEMO 32u
static struct {
    uint8_t hash[WCAP_SHA256_SIZE];
    uint8_t sig[WCAP_SIG_BLOCK_SIZE];
    const wcap_trusted_key_t *keys;
    int verdict;
    int used;
} memo[FUZZ_SIG_MEMO];
static unsigned memo_next;

int wcap_ldr_fuzz_defer_signature(wcap_ldr_t *ld, const uint8_t hash[WCAP_SHA256_SIZE])
{
    const wcap_ldr_config_t *cfg = ld->cfg;
    size_t i;

    for (i = 0; i < cfg->n_keys; i++) {
        if (memcmp(cfg->keys[i].key_id, ld->sig, WCAP_KEY_ID_SIZE) == 0) {
            memcpy(ld->fuzz_hash, hash, WCAP_SHA256_SIZE);
            return WCAP_OK;
        }
    }
    return WCAP_E_LDR_UNTRUSTED_KEY;
}

int wcap_ldr_fuzz_deferred_signature(const wcap_ldr_t *ld)
{
    unsigned i;
    int v;

    for (i = 0; i < FUZZ_SIG_MEMO; i++) {
        if (memo[i].used && memo[i].keys == ld->cfg->keys &&
            memcmp(memo[i].hash, ld->fuzz_hash, WCAP_SHA256_SIZE) == 0 &&
            memcmp(memo[i].sig, ld->sig, WCAP_SIG_BLOCK_SIZE) == 0) {
            return memo[i].verdict;
        }
    }
    v = wcap_ldr_verify_signature(ld->cfg, ld->fuzz_hash, ld->sig);
    i = memo_next++ % FUZZ_SIG_MEMO;
    memcpy(memo[i].hash, ld->fuzz_hash, WCAP_SHA256_SIZE);
    memcpy(memo[i].sig, ld->sig, WCAP_SIG_BLOCK_SIZE);
    memo[i].keys = ld->cfg->keys;
    memo[i].verdict = v;
    memo[i].used = 1;
    return v;
}
