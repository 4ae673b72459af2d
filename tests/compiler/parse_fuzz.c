/*
 * compiler.parse_fuzz: the two parsers of hostile input, the wasm reader
 * (wcapc_wasm_parse, then on what it accepts the access list and the
 * bounds-check analysis, wasm_checks.c) and the blob parser
 * (wcapc_blob_parse), on many
 * deterministic mutations (byte changes, truncations, insertions) of valid
 * inputs. They must return a result for every input, never crash or read out
 * of bounds (run under ASan/UBSan by the sanitizer build). Each mutant is
 * parsed from its own exactly-sized heap copy so ASan sees any overrun.
 * usage: parse_fuzz ITERATIONS FILE.wasm... -- FILE.wcap...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blob.h"
#include "util.h"
#include "wasm_access.h"
#include "wasm_check.h"
#include "wasm_checks.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return n ? (uint32_t)(rng_state % n) : 0;
}

/* A mutant of in[0..len) in a fresh buffer of exactly *out_len bytes. */
static uint8_t *mutate(const uint8_t *in, size_t len, size_t *out_len)
{
    size_t n = len;
    uint32_t kind = rnd(4);
    if (kind == 1)
        n = rnd((uint32_t)len + 1); /* truncation */
    else if (kind == 2)
        n = len + 1 + rnd(8); /* insertion */
    uint8_t *p = malloc(n ? n : 1);
    if (!p)
        exit(2);
    if (kind == 2) {
        size_t at = rnd((uint32_t)len + 1), extra = n - len;
        memcpy(p, in, at);
        for (size_t i = 0; i < extra; i++)
            p[at + i] = (uint8_t)rnd(256);
        memcpy(p + at + extra, in + at, len - at);
    } else {
        memcpy(p, in, n);
    }
    for (uint32_t k = (kind == 1 ? 0 : 1 + rnd(4)); k > 0 && n; k--) {
        size_t at = rnd((uint32_t)n);
        p[at] = rnd(2) ? (uint8_t)rnd(256) : (uint8_t)(p[at] ^ (1u << rnd(8)));
    }
    *out_len = n;
    return p;
}

/* The access list and the check decisions of a module the reader accepted. */
static void analyse(const wcapc_module_t *mod, unsigned *analysed)
{
    char err[512];
    wcapc_accesses_t a;
    wcapc_check_t *c;
    wcapc_loops_t loops;
    if (wcapc_accesses_read(mod, &a, err, sizeof err))
        return;
    if (wcapc_checks_decide(mod, &a, 65536, &c, &loops, err, sizeof err) == 0) {
        (*analysed)++;
        free(c);
        wcapc_loops_free(&loops);
    }
    wcapc_accesses_free(&a);
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    unsigned iters = (unsigned)atoi(argv[1]), accepted[2] = {0, 0}, total[2] = {0, 0}, analysed = 0;
    int blobs = 0;
    for (int a = 2; a < argc; a++) {
        if (!strcmp(argv[a], "--")) {
            blobs = 1;
            continue;
        }
        uint8_t *in;
        size_t len;
        if (wcapc_read_file(argv[a], 1u << 24, &in, &len)) {
            fprintf(stderr, "cannot read %s\n", argv[a]);
            return 2;
        }
        for (unsigned i = 0; i < iters; i++) {
            size_t n;
            uint8_t *m = mutate(in, len, &n);
            char err[512];
            if (blobs) {
                wcapc_blob_t b;
                if (wcapc_blob_parse(m, n, &b, err, sizeof err) == 0) {
                    accepted[1]++;
                    wcapc_blob_free(&b);
                }
            } else {
                wcapc_module_t mod;
                if (wcapc_wasm_parse(m, n, &mod, err, sizeof err) == WCAPC_WASM_OK) {
                    accepted[0]++;
                    analyse(&mod, &analysed);
                    wcapc_wasm_free(&mod);
                }
            }
            total[blobs]++;
            free(m);
        }
        free(in);
    }
    printf("wasm reader: %u mutants, %u parsed, %u analysed for bounds checks; blob parser: %u mutants, %u parsed; "
           "no crash\n",
           total[0], accepted[0], analysed, total[1], accepted[1]);
    return 0;
}
