/*
 * strsearch: Boyer-Moore-Horspool search counting every (overlapping)
 * occurrence of 8 patterns (5 to 16 bytes) in 8 KiB of text over a 4-letter
 * alphabet (a DNA-like sequence), where partial matches are frequent.
 * Unit: all 8 patterns over the whole text.
 * Check: every count equals the count of a naive search (compare at every
 * position), and the patterns planted by the generator are all found.
 */
#include "bench.h"

#define TEXT_LEN 8192
#define PATTERNS 8
#define PLANTS 6 /* copies of each pattern written into the text */

static uint8_t text[TEXT_LEN];
static uint8_t patterns[PATTERNS][16];
static size_t pattern_len[PATTERNS];
static uint32_t counts[PATTERNS];

static uint32_t horspool(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    size_t shift[256];
    for (int c = 0; c < 256; c++)
        shift[c] = m;
    for (size_t i = 0; i + 1 < m; i++)
        shift[p[i]] = m - 1 - i;
    uint32_t found = 0;
    size_t pos = 0;
    while (pos + m <= n) {
        uint8_t last = t[pos + m - 1];
        if (last == p[m - 1]) {
            size_t k = m - 1;
            while (k > 0 && t[pos + k - 1] == p[k - 1])
                k--;
            found += k == 0;
        }
        pos += shift[last];
    }
    return found;
}

static uint32_t naive(const uint8_t *t, size_t n, const uint8_t *p, size_t m)
{
    uint32_t found = 0;
    for (size_t pos = 0; pos + m <= n; pos++) {
        size_t k = 0;
        while (k < m && t[pos + k] == p[k])
            k++;
        found += k == m;
    }
    return found;
}

static void generate(void)
{
    static const uint8_t acgt[4] = {'A', 'C', 'G', 'T'};
    uint32_t seed = 0xD4Au;
    for (size_t i = 0; i < TEXT_LEN; i++)
        text[i] = acgt[bench_rand(&seed) & 3];
    for (int k = 0; k < PATTERNS; k++) {
        pattern_len[k] = 5 + (size_t)k * 11 / (PATTERNS - 1);
        for (size_t i = 0; i < pattern_len[k]; i++)
            patterns[k][i] = acgt[bench_rand(&seed) & 3];
        for (int c = 0; c < PLANTS; c++) {
            size_t at = bench_rand(&seed) % (TEXT_LEN - 16);
            memcpy(text + at, patterns[k], pattern_len[k]);
        }
    }
}

static uint32_t unit(void)
{
    uint32_t r = 0;
    for (int k = 0; k < PATTERNS; k++) {
        counts[k] = horspool(text + bench_zero(), TEXT_LEN, patterns[k], pattern_len[k]);
        r = r * 131 + counts[k];
    }
    return r;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    generate();
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    for (int k = 0; k < PATTERNS; k++) {
        uint32_t want = naive(text, TEXT_LEN, patterns[k], pattern_len[k]);
        if (counts[k] != want)
            return 1;
        if (want == 0)
            return 2; /* later plants may overwrite earlier ones, but never all */
    }
    return same.differs ? 3 : 0;
}
