/*
 * load64k: a capsule of about 64 KB of native code that fits a board's
 * capsule RAM (linear memory 8 KB), for the block-wise CoAP upload of
 * board.<target>.coapwrite and the 64 KB load figures (docs/coap.md). Like
 * load16k.c: 200 distinct stages reached through a table, `run` returns a
 * checksum that is the same on every target.
 * 216 stages: about 64.7 KB on Cortex-M (200 made only 59 KB once bounds
 * checks compare with a constant, WCAP_MEM_FIXED_SIZE), and it must stay
 * below the 67 KB flash store of firmware-insecure.elf next to svc.
 * LOAD64K_RVC (the load64k_rvc capsule, for rv32imac): 360 stages instead,
 * because RISC-V's compressed instructions make 216 stages only about 42 KB.
 */
#include "wcap.h"

#ifdef LOAD64K_RVC
#define STAGES 360
#else
#define STAGES 216
#endif

#define BUF_WORDS 32
static uint32_t buf[BUF_WORDS];

#define STAGE(N)                                                       \
    __attribute__((noinline)) static uint32_t stage_##N(uint32_t seed) \
    {                                                                  \
        uint32_t acc = seed * (2u * N##u + 1u);                        \
        for (uint32_t i = 0; i < BUF_WORDS; i++) {                     \
            uint32_t v = buf[i] ^ (acc >> ((N##u % 13u) + 3u));        \
            v = (v << (N##u % 7u + 1u)) | (v >> (31u - N##u % 7u));    \
            if (v & (1u << (N##u % 29u)))                              \
                v ^= 0xA5A5A5A5u - N##u * 0x01010101u;                 \
            else                                                       \
                v += 0x3C6EF372u ^ (N##u << 11);                       \
            buf[i] = v * 0x2C1B3C6Du + acc;                            \
            acc = (acc ^ v) * 0x297A2D39u + N##u;                      \
        }                                                              \
        return acc ^ (acc >> 15);                                      \
    }

/* clang-format off */ /* macro-generated stages and their table */
#define STAGE8(K) STAGE(K##0) STAGE(K##1) STAGE(K##2) STAGE(K##3) \
                  STAGE(K##4) STAGE(K##5) STAGE(K##6) STAGE(K##7)
#define STAGE64(K) STAGE8(K##1) STAGE8(K##2) STAGE8(K##3) STAGE8(K##4) \
                   STAGE8(K##5) STAGE8(K##6) STAGE8(K##7) STAGE8(K##8)
STAGE64(1) STAGE64(2) STAGE64(3) STAGE8(41) STAGE8(42) STAGE8(43)
#ifdef LOAD64K_RVC
STAGE64(5) STAGE8(61) STAGE8(62) STAGE8(63) STAGE8(64) STAGE8(65) STAGE8(66) STAGE8(67) STAGE8(68)
STAGE8(69) STAGE8(70)
#endif

#define REF8(K) stage_##K##0, stage_##K##1, stage_##K##2, stage_##K##3, \
                stage_##K##4, stage_##K##5, stage_##K##6, stage_##K##7,
#define REF64(K) REF8(K##1) REF8(K##2) REF8(K##3) REF8(K##4) \
                 REF8(K##5) REF8(K##6) REF8(K##7) REF8(K##8)
static uint32_t (*const stages[STAGES])(uint32_t) = {
    REF64(1) REF64(2) REF64(3) REF8(41) REF8(42) REF8(43)
#ifdef LOAD64K_RVC
    REF64(5) REF8(61) REF8(62) REF8(63) REF8(64) REF8(65) REF8(66) REF8(67) REF8(68)
    REF8(69) REF8(70)
#endif
};
/* clang-format on */

WCAP_EXPORT(run) int32_t run(void)
{
    uint32_t sum = 0x811C9DC5u;
    for (uint32_t i = 0; i < BUF_WORDS; i++)
        buf[i] = i * 0x9E3779B9u;
    for (uint32_t s = 0; s < STAGES; s++)
        sum = (sum ^ stages[s](sum)) * 0x01000193u;
    return (int32_t)sum;
}
