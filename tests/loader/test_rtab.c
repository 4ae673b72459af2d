/*
 * The compact relocation table codec (wcap/reloc_table.h) on its own:
 * random record sequences (any offsets, in any order, image and import
 * symbols, indexes up to 2^32-1) encoded, then decoded in every chunk size,
 * must give back the same records; malformed numbers are refused.
 * Usage: test_rtab roundtrip | malformed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "wcap/reloc_table.h"

#define MAX_RECS 64

typedef struct {
    uint32_t offset, sym;
    uint8_t kind;
} rec_t;

static uint32_t rng = 0x12345678u;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

/* Offsets: mostly small steps forward (literal pools), some backward
 * (RISC-V HI20 before LO12), some anywhere in 32 bits. */
static uint32_t next_offset(uint32_t prev)
{
    switch (rnd() % 4u) {
    case 0: return prev + rnd() % 20u;
    case 1: return prev - rnd() % 4096u;
    case 2: return rnd();
    default: return prev + rnd() % 100000u;
    }
}

static uint32_t next_sym(void)
{
    switch (rnd() % 4u) {
    case 0: return WCAP_SYM_IMAGE;
    case 1: return rnd() % 256u;
    case 2: return rnd();
    default: return rnd() % 20000u;
    }
}

/* Decodes `len` bytes fed in chunks of `chunk` (the decoder only sees bytes;
 * the chunk loop is how a loader drives it). Returns records or -1. */
static int decode(const uint8_t *t, uint32_t len, uint32_t chunk, rec_t *out)
{
    wcap_rtab_dec_t d;
    uint32_t pos = 0, n = 0;
    wcap_rtab_dec_init(&d);
    while (pos < len) {
        uint32_t end = pos + chunk < len ? pos + chunk : len;
        for (; pos < end; pos++) {
            wcap_rtab_rec_t r;
            int st = wcap_rtab_dec_byte(&d, t[pos], &r);
            if (st < 0) {
                return st;
            }
            if (st == WCAP_RTAB_RECORD) {
                if (n == MAX_RECS) {
                    return -100;
                }
                out[n].offset = r.offset;
                out[n].kind = r.kind;
                out[n].sym = r.image ? WCAP_SYM_IMAGE : r.index;
                n++;
            }
        }
    }
    return wcap_rtab_dec_idle(&d) ? (int)n : -101;
}

static void roundtrip(void)
{
    unsigned iter;
    for (iter = 0; iter < 300u; iter++) {
        rec_t in[MAX_RECS], out[MAX_RECS];
        uint8_t tab[MAX_RECS * WCAP_RTAB_REC_MAX];
        uint32_t n = 1u + rnd() % MAX_RECS, i, len = 0, prev = 0, off = 0, chunk;
        for (i = 0; i < n; i++) {
            uint32_t k;
            off = next_offset(off);
            in[i].offset = off;
            in[i].kind = (uint8_t)(1u + rnd() % (WCAP_R_KIND_COUNT - 1u));
            in[i].sym = next_sym();
            k = wcap_rtab_encode(tab + len, &prev, in[i].offset, in[i].kind, in[i].sym);
            CHECK(k >= WCAP_RTAB_REC_MIN && k <= WCAP_RTAB_REC_MAX);
            CHECK(in[i].sym != WCAP_SYM_IMAGE || k <= 1u + WCAP_RTAB_LEB_MAX);
            CHECK(k > 1u || in[i].sym == WCAP_SYM_IMAGE);
            len += k;
        }
        for (chunk = 1; chunk <= len; chunk++) {
            int got = decode(tab, len, chunk, out);
            CHECK_EQ(got, (int)n);
            if (got != (int)n) {
                return;
            }
            for (i = 0; i < n; i++) {
                CHECK_EQ(out[i].offset, in[i].offset);
                CHECK_EQ(out[i].kind, in[i].kind);
                CHECK_EQ(out[i].sym, in[i].sym);
            }
        }
        /* every proper prefix that ends inside a record is not idle */
        for (i = 1; i < len; i++) {
            int got = decode(tab, i, i, out);
            CHECK(got == -101 || (got >= 0 && got < (int)n));
        }
    }
}

static void expect(const uint8_t *t, uint32_t len, int want)
{
    rec_t out[MAX_RECS];
    CHECK_EQ(decode(t, len, 1, out), want);
}

static void malformed(void)
{
    static const uint8_t ok5[] = {0x11, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F};         /* 5-byte max value */
    static const uint8_t long6[] = {0x11, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}; /* 6 bytes */
    static const uint8_t over[] = {0x11, 0x80, 0x80, 0x80, 0x80, 0x10};        /* bit 32 set */
    static const uint8_t pad[] = {0x11, 0x82, 0x00};                           /* 2 padded to 2 bytes */
    static const uint8_t pad_idx[] = {0x01, 0x02, 0x81, 0x80, 0x00};           /* index padded */
    static const uint8_t steps[] = {0x21, 0x05, 0xF1, 0xE4, 0x03};             /* short steps, image and import */
    static const uint8_t zero_first[] = {0x11, 0x00, 0x01, 0x00, 0x00};        /* 0 is canonical as one byte */
    static const uint8_t cut[] = {0x01, 0x02, 0x80};                           /* ends inside the index */
    expect(ok5, sizeof ok5, 1);
    expect(long6, sizeof long6, WCAP_RTAB_E_LEB);
    expect(over, sizeof over, WCAP_RTAB_E_LEB);
    expect(pad, sizeof pad, WCAP_RTAB_E_LEB);
    expect(pad_idx, sizeof pad_idx, WCAP_RTAB_E_LEB);
    expect(steps, sizeof steps, 3);
    expect(zero_first, sizeof zero_first, 2);
    expect(cut, sizeof cut, -101);
}

int main(int argc, char **argv)
{
    const char *which = argc > 1 ? argv[1] : "";
    if (strcmp(which, "roundtrip") == 0) {
        roundtrip();
    } else if (strcmp(which, "malformed") == 0) {
        malformed();
    } else {
        fprintf(stderr, "usage: test_rtab roundtrip|malformed\n");
        return 2;
    }
    return tu_finish(which);
}
