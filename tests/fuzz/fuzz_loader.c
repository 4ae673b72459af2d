/*
 * libFuzzer harness: the device loader (loader/, wcap_ldr_begin/feed/finish)
 * fed one blob in chunks whose sizes come from the input. docs/fuzzing.md.
 *
 * Input: [flags] [n] [n chunk-size bytes] [blob ...]
 *   flags bits 0-1: the device's target (x86_64-posix, cortex-m4, cortex-m33,
 *                   rv32imac): the Arm and RISC-V relocators run on the host
 *                   too; only x86_64 blobs go on to wcap_ldr_finish
 *   flags bit 2:    grant only time+random (capability refusals)
 *   flags bit 3:    anti-rollback: refuse versions below 2
 *   chunk sizes:    byte b feeds b+1 bytes, cycling; n = 0 feeds the blob at once
 * Seeds: real signed blobs of the examples (tests/fuzz/corpus/loader).
 * Checked besides ASan/UBSan: errors are final (later feeds say
 * WCAP_E_LDR_STATE), no manifest after a failure, the byte count, and every
 * byte of capsule RAM given back after abort or unload.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "wcap/symtab.h"

static const uint32_t targets[4] = {WCAP_TARGET_X86_64, WCAP_TARGET_CORTEX_M4, WCAP_TARGET_CORTEX_M33,
                                    WCAP_TARGET_RV32IMAC};

static int floor_two(void *user, const char *name, uint32_t version)
{
    (void)user;
    (void)name;
    return version >= 2u ? WCAP_OK : WCAP_E_LDR_ROLLBACK;
}

static void config(wcap_ldr_config_t *c, uint8_t flags)
{
    *c = (wcap_ldr_config_t){0};
    c->target = targets[flags & 3u];
    c->keys = wcap_fuzz_key();
    c->n_keys = 1;
    c->symtab = wcap_rt_symtab();
    c->granted_caps = (flags & 4u) ? (WCAP_CAP_TIME | WCAP_CAP_RANDOM) : WCAP_CAP_ALL;
    c->max_mem = 512u * 1024u;
    c->max_stack = 256u * 1024u;
    c->default_time_ms = 50;
    c->max_time_ms = 50;
    c->check_version = (flags & 8u) ? floor_two : NULL;
    c->alloc = wcap_heap_cfg_alloc;
    c->free = wcap_heap_cfg_free;
    c->largest_free = wcap_heap_cfg_largest_free;
    c->user = wcap_fuzz_heap();
}

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_loader: %s\n", what);
        abort();
    }
}

/* Feeds the blob; returns the first error, or WCAP_OK when all of it was taken. */
static int feed_all(wcap_ldr_t *ld, const uint8_t *sizes, size_t n, const uint8_t *blob, size_t len)
{
    size_t off = 0, k = 0;
    while (off < len) {
        size_t take = n ? (size_t)sizes[k++ % n] + 1u : len;
        take = take < len - off ? take : len - off;
        int rc = wcap_ldr_feed(ld, blob + off, take);
        if (rc != WCAP_OK) {
            expect(wcap_ldr_manifest(ld) == NULL, "manifest still visible after a failure");
            expect(wcap_ldr_feed(ld, blob, 1) == WCAP_E_LDR_STATE, "feed after a failure not refused");
            return rc;
        }
        off += take;
        expect(wcap_ldr_received(ld) == off, "received count differs from the bytes fed");
    }
    return WCAP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static wcap_ldr_t ld;
    static wcap_ldr_config_t cfg;
    wcap_capsule_t cap;

    if (size < 2 || size < 2u + data[1] % 32u)
        return 0;
    uint8_t flags = data[0];
    size_t n = data[1] % 32u;
    const uint8_t *sizes = data + 2, *blob = data + 2 + n;
    size_t len = size - 2 - n;

    config(&cfg, flags);
    wcap_ldr_init(&ld, &cfg);
    expect(wcap_ldr_begin(&ld, &cap) == WCAP_OK, "begin refused");
    if (feed_all(&ld, sizes, n, blob, len) == WCAP_OK) {
        if (cfg.target == WCAP_TARGET_X86_64) {
            if (wcap_ldr_finish(&ld) == WCAP_OK) {
                expect(cap.block != NULL && cap.name[0] != '\0', "finish succeeded without a capsule");
                wcap_capsule_unload(&cap, &cfg);
            } else {
                expect(cap.block == NULL, "a failed finish left a capsule");
            }
        } else {
            wcap_ldr_abort(&ld); /* foreign code: relocated, never run */
        }
    }
    wcap_ldr_abort(&ld);
    wcap_fuzz_heap_check_empty("loader");
    return 0;
}
