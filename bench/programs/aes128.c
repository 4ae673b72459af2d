/*
 * aes128: AES-128 (FIPS-197) block encryption, byte-oriented, written from
 * the specification. The S-box is computed at start-up from its definition
 * (multiplicative inverse in GF(2^8) followed by the affine map).
 * Unit: key expansion, then CBC encryption of a 1 KiB buffer, 4 passes.
 * Check: the FIPS-197 Appendix C.1 vector, and decryption with the inverse
 * cipher (a separate code path) restoring the plaintext.
 */
#include "bench.h"

#define BUF_LEN 1024
#define PASSES 4
#define ROUNDS 10

static uint8_t sbox[256], inv_sbox[256];
static uint8_t round_keys[16 * (ROUNDS + 1)];
static uint8_t plain[BUF_LEN], data[BUF_LEN];

static uint8_t xtime(uint8_t x)
{
    return (uint8_t)(x << 1 ^ ((x >> 7) * 0x1b));
}

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1)
            p ^= a;
        a = xtime(a);
        b >>= 1;
    }
    return p;
}

static uint8_t rotl8(uint8_t x, int n)
{
    return (uint8_t)(x << n | x >> (8 - n));
}

/* Walks GF(2^8)* with generator 3 (p) and its inverse 0xf6 (q) in lock step. */
static void make_sboxes(void)
{
    uint8_t p = 1, q = 1;
    do {
        p = p ^ xtime(p);
        q = gmul(q, 0xf6);
        uint8_t s = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63;
        sbox[p] = s;
    } while (p != 1);
    sbox[0] = 0x63;
    for (int i = 0; i < 256; i++)
        inv_sbox[sbox[i]] = (uint8_t)i;
}

static void expand_key(const uint8_t key[16])
{
    uint8_t rcon = 1;
    memcpy(round_keys, key, 16);
    for (int i = 16; i < 16 * (ROUNDS + 1); i += 4) {
        uint8_t t[4] = {round_keys[i - 4], round_keys[i - 3], round_keys[i - 2], round_keys[i - 1]};
        if (i % 16 == 0) {
            uint8_t t0 = t[0];
            t[0] = sbox[t[1]] ^ rcon;
            t[1] = sbox[t[2]];
            t[2] = sbox[t[3]];
            t[3] = sbox[t0];
            rcon = xtime(rcon);
        }
        for (int j = 0; j < 4; j++)
            round_keys[i + j] = round_keys[i - 16 + j] ^ t[j];
    }
}

static void add_round_key(uint8_t s[16], int round)
{
    for (int i = 0; i < 16; i++)
        s[i] ^= round_keys[16 * round + i];
}

/* State is column-major as in FIPS-197: s[4*c + r]. */
static void sub_shift(uint8_t s[16])
{
    uint8_t t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            t[4 * c + r] = sbox[s[4 * ((c + r) & 3) + r]];
    memcpy(s, t, 16);
}

static void mix_columns(uint8_t s[16])
{
    for (int c = 0; c < 4; c++) {
        uint8_t *col = s + 4 * c;
        uint8_t a0 = col[0], a1 = col[1], a2 = col[2], a3 = col[3];
        uint8_t all = a0 ^ a1 ^ a2 ^ a3;
        col[0] = a0 ^ all ^ xtime(a0 ^ a1);
        col[1] = a1 ^ all ^ xtime(a1 ^ a2);
        col[2] = a2 ^ all ^ xtime(a2 ^ a3);
        col[3] = a3 ^ all ^ xtime(a3 ^ a0);
    }
}

static void encrypt_block(uint8_t s[16])
{
    add_round_key(s, 0);
    for (int round = 1; round < ROUNDS; round++) {
        sub_shift(s);
        mix_columns(s);
        add_round_key(s, round);
    }
    sub_shift(s);
    add_round_key(s, ROUNDS);
}

static void inv_shift_sub(uint8_t s[16])
{
    uint8_t t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            t[4 * ((c + r) & 3) + r] = inv_sbox[s[4 * c + r]];
    memcpy(s, t, 16);
}

static void inv_mix_columns(uint8_t s[16])
{
    for (int c = 0; c < 4; c++) {
        uint8_t *col = s + 4 * c, a[4];
        memcpy(a, col, 4);
        for (int r = 0; r < 4; r++)
            col[r] = gmul(a[r], 14) ^ gmul(a[(r + 1) & 3], 11) ^ gmul(a[(r + 2) & 3], 13) ^ gmul(a[(r + 3) & 3], 9);
    }
}

static void decrypt_block(uint8_t s[16])
{
    add_round_key(s, ROUNDS);
    for (int round = ROUNDS - 1; round > 0; round--) {
        inv_shift_sub(s);
        add_round_key(s, round);
        inv_mix_columns(s);
    }
    inv_shift_sub(s);
    add_round_key(s, 0);
}

static void cbc_encrypt(uint8_t *p, size_t n, uint8_t iv[16])
{
    for (size_t off = 0; off < n; off += 16) {
        for (int i = 0; i < 16; i++)
            p[off + i] ^= iv[i];
        encrypt_block(p + off);
        memcpy(iv, p + off, 16);
    }
}

static void cbc_decrypt(uint8_t *p, size_t n, const uint8_t iv0[16])
{
    for (size_t off = n; off > 0; off -= 16) {
        uint8_t *blk = p + off - 16;
        const uint8_t *prev = off == 16 ? iv0 : blk - 16;
        decrypt_block(blk);
        for (int i = 0; i < 16; i++)
            blk[i] ^= prev[i];
    }
}

static const uint8_t key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
static uint8_t pass_iv[PASSES][16];

static uint32_t unit(void)
{
    uint8_t iv[16] = {0};
    expand_key(key + bench_zero());
    memcpy(data, plain, BUF_LEN);
    for (int pass = 0; pass < PASSES; pass++) {
        memcpy(pass_iv[pass], iv, 16);
        cbc_encrypt(data, BUF_LEN, iv);
    }
    uint32_t r = 0;
    for (int i = 0; i < BUF_LEN; i += 4)
        r = (r << 7 | r >> 25) ^
            (uint32_t)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | (uint32_t)data[i + 3] << 24);
    return r;
}

static int fips197_c1(void)
{
    static const uint8_t k[16] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                  0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
    static const uint8_t pt[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    static const uint8_t ct[16] = {0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
                                   0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a};
    uint8_t s[16];
    memcpy(s, pt, 16);
    expand_key(k);
    encrypt_block(s);
    if (memcmp(s, ct, 16) != 0)
        return 0;
    decrypt_block(s);
    return memcmp(s, pt, 16) == 0;
}

int bench_run(int scale)
{
    bench_same_t same = {0};
    make_sboxes();
    bench_fill(plain, BUF_LEN, 0xAE5u);
    for (int i = 0; i < scale; i++)
        bench_same(&same, unit());

    for (int pass = PASSES - 1; pass >= 0; pass--)
        cbc_decrypt(data, BUF_LEN, pass_iv[pass]);
    if (memcmp(data, plain, BUF_LEN) != 0)
        return 1;
    if (!fips197_c1())
        return 2;
    return same.differs ? 3 : 0;
}
