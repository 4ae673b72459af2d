/*
 * lz: an LZ77 compressor (greedy, 3-byte hash heads with one-step chains,
 * 4 KiB window) and its decompressor, on 4 KiB of generated text made of
 * words from a small vocabulary.
 * Token format: a control byte; high bit clear = literal run of (c + 1)
 * bytes follows; high bit set = match of length (c & 0x7F) + 3 at a 12-bit
 * distance given by the next two bytes (little-endian, distance - 1).
 * Unit: compress, decompress.
 * Check: the round trip restores the input byte for byte, the decompressor
 * consumes exactly the compressed bytes, and the output is under 60% of the
 * input (the text is highly repetitive).
 */
#include "bench.h"

#define TEXT_LEN 4096
#define OUT_MAX (TEXT_LEN + TEXT_LEN / 128 + 16)
#define HASH_BITS 10
#define WINDOW 4096
#define MIN_MATCH 3
#define MAX_MATCH (0x7F + MIN_MATCH)
#define MAX_LITS 128

static uint8_t text[TEXT_LEN], packed[OUT_MAX], unpacked[TEXT_LEN];
static int16_t head[1 << HASH_BITS];
static int16_t prev[TEXT_LEN];
static size_t packed_len;
static int decode_ok;

static uint32_t hash3(const uint8_t *p)
{
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

static size_t match_len(const uint8_t *a, const uint8_t *b, size_t limit)
{
    size_t n = 0;
    while (n < limit && a[n] == b[n])
        n++;
    return n;
}

static size_t flush_literals(uint8_t *out, size_t o, const uint8_t *lits, size_t n)
{
    while (n > 0) {
        size_t k = n > MAX_LITS ? MAX_LITS : n;
        out[o++] = (uint8_t)(k - 1);
        memcpy(out + o, lits, k);
        o += k;
        lits += k;
        n -= k;
    }
    return o;
}

static void insert(const uint8_t *in, size_t pos)
{
    uint32_t h = hash3(in + pos);
    prev[pos] = head[h];
    head[h] = (int16_t)pos;
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t o = 0, lit_start = 0, pos = 0;
    for (size_t i = 0; i < BENCH_ARRAY_LEN(head); i++)
        head[i] = -1;
    while (pos + MIN_MATCH <= n) {
        size_t best = 0, best_dist = 0, limit = n - pos < MAX_MATCH ? n - pos : MAX_MATCH;
        int cand = head[hash3(in + pos)];
        for (int tries = 0; cand >= 0 && tries < 2; tries++, cand = prev[cand]) {
            if (pos - (size_t)cand > WINDOW)
                break;
            size_t len = match_len(in + cand, in + pos, limit);
            if (len > best) {
                best = len;
                best_dist = pos - (size_t)cand;
            }
        }
        if (best >= MIN_MATCH) {
            o = flush_literals(out, o, in + lit_start, pos - lit_start);
            out[o++] = (uint8_t)(0x80 | (best - MIN_MATCH));
            out[o++] = (uint8_t)(best_dist - 1);
            out[o++] = (uint8_t)((best_dist - 1) >> 8);
            for (size_t end = pos + best; pos < end; pos++) {
                if (pos + MIN_MATCH <= n)
                    insert(in, pos);
            }
            lit_start = pos;
        } else {
            insert(in, pos++);
        }
    }
    return flush_literals(out, o, in + lit_start, n - lit_start);
}

/* Returns the decoded length, or 0 when the input is malformed. */
static size_t decompress(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (i < n) {
        uint8_t c = in[i++];
        if (c & 0x80) {
            if (i + 2 > n)
                return 0;
            size_t len = (size_t)(c & 0x7F) + MIN_MATCH;
            size_t dist = ((size_t)in[i] | (size_t)in[i + 1] << 8) + 1;
            i += 2;
            if (dist > o || len > cap - o)
                return 0;
            for (size_t k = 0; k < len; k++, o++)
                out[o] = out[o - dist];
        } else {
            size_t len = (size_t)c + 1;
            if (len > n - i || len > cap - o)
                return 0;
            memcpy(out + o, in + i, len);
            i += len;
            o += len;
        }
    }
    return o;
}

static void make_text(void)
{
    static const char *const words[] = {
        "sensor",  "value", "reading", "the",    "of",  "temperature", "humidity", "device",
        "capsule", "node",  "gateway", "packet", "and", "a",           "to",       "ok",
        "error",   "retry", "battery", "level",  "low", "high",        "is",       "at",
    };
    uint32_t seed = 0x7E47u;
    size_t o = 0;
    while (o < TEXT_LEN) {
        const char *w = words[bench_rand(&seed) % BENCH_ARRAY_LEN(words)];
        for (size_t k = 0; w[k] && o < TEXT_LEN; k++)
            text[o++] = (uint8_t)w[k];
        if (o < TEXT_LEN)
            text[o++] = bench_rand(&seed) % 9 == 0 ? '\n' : ' ';
    }
}

static uint32_t unit(void)
{
    packed_len = compress(text + bench_zero(), TEXT_LEN, packed);
    size_t got = decompress(packed, packed_len, unpacked, TEXT_LEN);
    decode_ok = got == TEXT_LEN;
    uint32_t r = (uint32_t)packed_len;
    for (size_t i = 0; i < TEXT_LEN; i += 32)
        r = r * 31 + unpacked[i];
    return r;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    make_text();
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());
    if (!decode_ok || memcmp(unpacked, text, TEXT_LEN) != 0)
        return 1;
    if (packed_len == 0 || packed_len > TEXT_LEN * 6 / 10)
        return 2;
    return same.differs ? 3 : 0;
}
